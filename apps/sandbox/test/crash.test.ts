import { describe, expect, it } from "vitest";
import { type Backend, postgresBackend, sqliteBackend } from "./books.js";
import { type SandboxProcess, startSandboxProcess } from "./processes.js";
import { MAIN_RUB, operationStatus, rub, settled, withdraw } from "./withdrawals.js";

// kill -9 in the middle of a stream of withdrawals, three times, then a restart on the same state: every withdrawal
// the clients heard back about is there, and the books balance (each completed hold paid once, nothing else).

const START = 100_000_000n; // Main RUB account: 1,000,000.00 RUB in kopecks
const CLIENTS = 16;
const ACKS_PER_ROUND = 120;

describe.each([
  ["SQLite", async () => sqliteBackend()],
  ["PostgreSQL", postgresBackend],
])("crash safety on %s", (_name, makeBackend) => {
  it("keeps every acknowledged withdrawal and balanced books across three kill -9 in mid-stream", async () => {
    const backend: Backend = await makeBackend();
    const start = () => startSandboxProcess([...backend.args, "--step-ms", "20"]);
    const acknowledged = new Set<string>();
    const unexpected: string[] = [];
    let sandbox: SandboxProcess = await start();
    for (let round = 1; round <= 3; round++) {
      let inRound = 0;
      let crashed = false;
      const clients = Array.from({ length: CLIENTS }, async (_, client) => {
        for (let i = 0; !crashed; i++) {
          // One in ten fails on purpose and releases its hold.
          const destination = (client + i) % 10 === 0 ? "+70000000001" : "+79990000000";
          const result = await withdraw(sandbox.upmobile, MAIN_RUB, "100.00", destination);
          if (result === undefined) continue; // in flight when the process died: outcome unknown
          if (result.status === 200 && result.body.data) {
            acknowledged.add(result.body.data.id);
            inRound++;
          } else unexpected.push(`${result.status} ${JSON.stringify(result.body)}`);
        }
      });
      while (inRound < ACKS_PER_ROUND) await new Promise((resolve) => setTimeout(resolve, 5));
      await sandbox.crash();
      crashed = true;
      await Promise.all(clients);

      sandbox = await start();
      const after = await settled(sandbox.upmobile, MAIN_RUB);
      const stored = await backend.operations(MAIN_RUB);
      const missing = [...acknowledged].filter((id) => !stored.ids.has(id));
      expect(missing, `round ${round}: acknowledged withdrawals lost`).toEqual([]);
      expect(stored.unsettled).toBe(0);
      // Each stored withdrawal moved money once: completed ones paid their hold, failed ones got it back.
      expect(after).toMatchObject({ balance: rub(START - stored.spent), held_balance: "0.00" });
      for (const id of [...acknowledged].slice(-20)) {
        expect(await operationStatus(sandbox.upmobile, id)).toMatchObject({ http: 200 });
      }
    }
    await sandbox.stop();
    expect(unexpected).toEqual([]);
    expect(acknowledged.size).toBeGreaterThanOrEqual(3 * ACKS_PER_ROUND);
  });
});
