import { describe, expect, it } from "vitest";
import { TOPUP_APP, TOPUP_USERS } from "../src/seed.js";
import { type Backend, postgresBackend, sqliteBackend } from "./books.js";
import { startSandboxProcess } from "./processes.js";
import { ANNA_RUB, ANNA_TOKEN, operationStatus, rub, settled, withdraw } from "./withdrawals.js";

// Two sandbox processes on one state: PostgreSQL (replicas, as a team would run them) and one SQLite file (WAL, one
// writer at a time). They serve one set of books: never overdrawn, nothing lost, nothing applied twice.

const START = 5_000_000n; // Anna's RUB account: 50,000.00 RUB in kopecks
const PER_WITHDRAWAL = 30_600n; // 300.00 + the 2 % mobile commission

describe.each([
  ["PostgreSQL", postgresBackend],
  ["one SQLite file", async () => sqliteBackend()],
])("two sandbox processes on %s", (_name, makeBackend) => {
  it("take 200 concurrent withdrawals against one account between them: never overdrawn, none lost or doubled", async () => {
    const backend: Backend = await makeBackend();
    const replicas = await Promise.all([0, 1].map(() => startSandboxProcess([...backend.args, "--step-ms", "100"])));
    try {
      const apis = replicas.map((r) => ({ url: r.upmobile.url, token: ANNA_TOKEN }));
      const results = await Promise.all(
        Array.from({ length: 200 }, (_, i) => withdraw(apis[i % 2] as (typeof apis)[0], ANNA_RUB, "300.00")),
      );
      const accepted = results.flatMap((r) => (r?.status === 200 && r.body.data ? [r.body.data.id] : []));
      const refused = results.filter((r) => r?.status === 422 && r.body.code === "insufficient_funds");
      // Completed withdrawals give nothing back, so exactly as many fit as the balance covers, whatever the order.
      expect(accepted).toHaveLength(Number(START / PER_WITHDRAWAL));
      expect(refused).toHaveLength(200 - accepted.length);
      expect(new Set(accepted).size).toBe(accepted.length);

      // Each replica sees every operation, whichever one started it.
      for (const id of accepted.slice(0, 20)) {
        for (const api of apis) expect((await operationStatus(api, id)).http).toBe(200);
      }
      const end = await Promise.all(apis.map((api) => settled(api, ANNA_RUB)));
      // Once the clock has run out, both answer the same status (read at once, a step boundary could fall between).
      for (const id of accepted.slice(0, 20)) {
        const answers = await Promise.all(apis.map((api) => operationStatus(api, id)));
        expect(answers).toEqual([
          { http: 200, status: "completed" },
          { http: 200, status: "completed" },
        ]);
      }
      const expected = { balance: rub(START - BigInt(accepted.length) * PER_WITHDRAWAL), held_balance: "0.00" };
      expect(end[0]).toMatchObject(expected);
      expect(end[1]).toMatchObject(expected);
      const stored = await backend.operations(ANNA_RUB);
      expect(stored.ids).toEqual(new Set(accepted));
      expect(stored).toMatchObject({ spent: BigInt(accepted.length) * PER_WITHDRAWAL, unsettled: 0 });
    } finally {
      await Promise.all(replicas.map((r) => r.stop()));
    }
  });

  it("share top-up ids and spend a refresh token once, whichever replica is asked", async () => {
    const backend = await makeBackend();
    const replicas = await Promise.all([0, 1].map(() => startSandboxProcess(backend.args)));
    try {
      const created = await Promise.all(
        Array.from({ length: 20 }, async (_, i) => {
          const form = new FormData();
          for (const [k, v] of Object.entries({
            amount: "500",
            type: "from_accept_balance",
            currency: "egyptian_pound",
            username: `u${i}`,
          })) {
            form.append(k, v);
          }
          const replica = replicas[i % 2];
          const response = await fetch(`${replica?.topup.url}/topup/request/`, {
            method: "POST",
            headers: { Authorization: `Bearer ${replica?.topup.token}` },
            body: form,
          });
          expect(response.status).toBe(201);
          return ((await response.json()) as { id: number }).id;
        }),
      );
      expect([...created].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => 104 + i));

      const user = TOPUP_USERS[0];
      const token = async (replica: number, form: Record<string, string>) => {
        const response = await fetch(`${replicas[replica]?.topup.url}/o/token/`, {
          method: "POST",
          body: new URLSearchParams({ ...TOPUP_APP, ...form }),
        });
        return { status: response.status, body: (await response.json()) as Record<string, string> };
      };
      const first = await token(0, { grant_type: "password", username: user.username, password: user.password });
      const refresh = { grant_type: "refresh_token", refresh_token: first.body.refresh_token ?? "" };
      const both = await Promise.all([token(0, refresh), token(1, refresh)]);
      expect(both.map((r) => r.status).sort()).toEqual([200, 400]);
      // The access token issued on one replica works on the other.
      const winner = both.find((r) => r.status === 200);
      const inquiry = await fetch(`${replicas[1]?.topup.url}/topup/inquire/`, {
        headers: { Authorization: `Bearer ${winner?.body.access_token}` },
      });
      expect(inquiry.status).toBe(200);
    } finally {
      await Promise.all(replicas.map((r) => r.stop()));
    }
  });
});
