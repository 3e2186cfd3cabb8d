import { createHash, createHmac, randomBytes } from "node:crypto";
import { type ScriptedResponse, type ScriptedServer, startScriptedServer } from "@contracts/test-server";
import { harProblems } from "@contracts/test-server/har";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createApiClient } from "../src/client.js";
import { NetworkError } from "../src/errors.js";
import type { OperationTable } from "../src/operation-table.js";
import type { HarEntry } from "../src/recording/har.js";
import { createHarRecorder, type HarRecorderOptions } from "../src/recording/recorder.js";
import { hashedMarker, REDACTED } from "../src/recording/redaction-markers.js";
import { op } from "./support/operation.js";

const json = (files = {}) => ({ required: true, contentType: "application/json", files });
const table: OperationTable = {
  CreateThing: op("CreateThing", { path: "/things", sensitiveFields: ["owner_name"], requestBody: json() }),
  GetThing: op("GetThing", {
    method: "GET",
    path: "/things/{id}",
    sensitiveFields: ["email"],
    parameters: { path: [{ name: "id", required: true, type: "string" }], query: [], header: [] },
  }),
  Confirm: op("Confirm", {
    method: "GET",
    path: "/confirm/{confirmation_token}",
    parameters: { path: [{ name: "confirmation_token", required: true, type: "string" }], query: [], header: [] },
  }),
  Token: op("Token", {
    path: "/token",
    secured: false,
    sensitiveFields: ["username"],
    requestBody: { required: true, contentType: "application/x-www-form-urlencoded", files: {} },
  }),
  Upload: op("Upload", {
    path: "/uploads",
    sensitiveFields: ["holder"],
    requestBody: {
      required: true,
      contentType: "multipart/form-data",
      files: { proof: { maxBytes: null, contentTypes: [] } },
    },
  }),
};

// biome-ignore lint/suspicious/noExplicitAny: the paths type of a hand-built table; calls are checked by the table.
type AnyPaths = any;

const SECRETS = {
  token: "tok-7f3c1e9a-bearer",
  cookie: "sid=cookie-value-4d2a",
  trace: "trace-secret-91b0",
  password: "pw-hunter2-correct-horse",
  apiKey: "ak-5be1-nested",
  refreshToken: "rt-0c9d-answer",
  accessToken: "at-77aa-answer",
  clientSecret: "cs-e41f-client",
  queryToken: "qs-token-3e8b",
  setCookie: "answer-cookie-6f1d",
};
const PERSONAL = { owner: "Alice Personal", email: "bob@example.com", username: "carol_user", holder: "Dave Holder" };

let server: ScriptedServer | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await server?.close();
  server = undefined;
});

async function serve(script: (body: unknown, index: number) => ScriptedResponse) {
  server = await startScriptedServer((request, index) => script(request.json(), index));
  return server;
}

function recorded(options: Partial<HarRecorderOptions> = {}) {
  const entries: HarEntry[] = [];
  const recorder = createHarRecorder({ sink: (entry) => void entries.push(entry), ...options });
  return { entries, recorder };
}

function clientFor(recorder: ReturnType<typeof createHarRecorder>, extra: Record<string, unknown> = {}) {
  return createApiClient<AnyPaths>(table, {
    baseUrl: server?.url as string,
    token: SECRETS.token,
    retry: false,
    recorder,
    ...extra,
  });
}

const only = (entries: HarEntry[]): HarEntry => {
  expect(entries).toHaveLength(1);
  return entries[0] as HarEntry;
};
const header = (headers: { name: string; value: string }[], name: string) =>
  headers.find((h) => h.name.toLowerCase() === name)?.value;

describe("what the recorder writes", () => {
  it("redacts credentials, secret-named fields at any depth and personal fields of a JSON exchange", async () => {
    await serve(() => ({
      status: 201,
      headers: { "set-cookie": `s=${SECRETS.setCookie}; HttpOnly` },
      body: {
        owner_name: PERSONAL.owner,
        nested: { refresh_token: SECRETS.refreshToken, list: [{ owner_name: PERSONAL.owner, accessToken: "x1y2" }] },
        token_type: "Bearer",
      },
    }));
    const { entries, recorder } = recorded({ redact: { headers: ["X-Trace"] } });
    const client = clientFor(recorder, {
      headers: { Cookie: SECRETS.cookie, "X-Trace": SECRETS.trace, "X-Api-Key": SECRETS.apiKey, "X-Request-Id": "r-1" },
    });
    const body = { owner_name: PERSONAL.owner, password: SECRETS.password, data: [{ api_key: SECRETS.apiKey }] };
    const { data } = await client.POST("/things", { body });

    expect(data.nested.refresh_token).toBe(SECRETS.refreshToken);
    expect(server?.requests[0]?.json()).toEqual(body);
    await recorder.flush();
    const entry = only(entries);
    expect(entry._operationId).toBe("CreateThing");
    expect(entry.request).toMatchObject({ method: "POST", url: `${server?.url}/things` });
    expect(header(entry.request.headers, "authorization")).toBe(REDACTED);
    expect(header(entry.request.headers, "cookie")).toBe(REDACTED);
    expect(header(entry.request.headers, "x-trace")).toBe(REDACTED);
    expect(header(entry.request.headers, "x-api-key")).toBe(REDACTED);
    expect(header(entry.request.headers, "x-request-id")).toBe("r-1");
    expect(header(entry.request.headers, "content-type")).toBe("application/json");
    const owner = JSON.parse(entry.request.postData?.text ?? "").owner_name;
    expect(owner).toMatch(/^\[HMAC-SHA256:[0-9a-f]{16}\]$/);
    expect(JSON.parse(entry.request.postData?.text ?? "")).toEqual({
      owner_name: owner,
      password: REDACTED,
      data: [{ api_key: REDACTED }],
    });
    expect(entry.response.status).toBe(201);
    expect(header(entry.response.headers, "set-cookie")).toBe(REDACTED);
    expect(JSON.parse(entry.response.content.text ?? "")).toEqual({
      owner_name: owner,
      nested: { refresh_token: REDACTED, list: [{ owner_name: owner, accessToken: REDACTED }] },
      token_type: "Bearer",
    });
    const written = JSON.stringify(entries);
    for (const value of [...Object.values(SECRETS), ...Object.values(PERSONAL)]) expect(written).not.toContain(value);
    expect(harProblems({ log: { version: "1.2", creator: { name: "t", version: "1" }, entries } })).toEqual([]);
  });

  it("redacts query strings and path parameters, the caller's fields hashed beside the spec's", async () => {
    await serve(() => ({ status: 200, body: { id: "thing-8812" } }));
    const { entries, recorder } = recorded({ redact: { fields: ["id"] } });
    await clientFor(recorder).GET("/things/{id}", {
      params: {
        path: { id: "thing-8812" },
        query: { email: PERSONAL.email, access_token: SECRETS.queryToken, page: 2 },
      },
    });
    await recorder.flush();
    const entry = only(entries);
    expect(server?.requests[0]?.url).toBe(
      `/things/thing-8812?email=${encodeURIComponent(PERSONAL.email)}&access_token=${SECRETS.queryToken}&page=2`,
    );
    const email = entry.request.queryString.find((q) => q.name === "email")?.value;
    const id = JSON.parse(entry.response.content.text ?? "").id;
    expect(entry.request.queryString).toEqual([
      { name: "email", value: expect.stringMatching(/^\[HMAC-SHA256:[0-9a-f]{16}\]$/) },
      { name: "access_token", value: REDACTED },
      { name: "page", value: "2" },
    ]);
    expect(id).toMatch(/^\[HMAC-SHA256:[0-9a-f]{16}\]$/);
    const url = new URL(entry.request.url);
    expect(decodeURIComponent(url.pathname)).toBe(`/things/${id}`);
    expect(url.searchParams.get("email")).toBe(email);
    expect(url.searchParams.get("access_token")).toBe(REDACTED);
    for (const value of ["thing-8812", PERSONAL.email, "bob%40example.com", SECRETS.queryToken]) {
      expect(JSON.stringify(entry)).not.toContain(value);
    }
  });

  it("redacts a path parameter with a secret's name", async () => {
    await serve(() => ({ status: 204 }));
    const { entries, recorder } = recorded();
    await clientFor(recorder).GET("/confirm/{confirmation_token}", {
      params: { path: { confirmation_token: SECRETS.queryToken } },
    });
    expect(server?.requests[0]?.url).toBe(`/confirm/${SECRETS.queryToken}`);
    await recorder.flush();
    expect(only(entries).request.url).toBe(`${server?.url}/confirm/${encodeURIComponent(REDACTED)}`);
  });

  it("keeps a field no spec marks and no caller names (so the widening test above can fail)", async () => {
    await serve(() => ({ status: 200, body: { id: "thing-8812", nickname: "Zed" } }));
    const { entries, recorder } = recorded();
    await clientFor(recorder).GET("/things/{id}", { params: { path: { id: "thing-8812" } } });
    await recorder.flush();
    expect(only(entries).request.url).toBe(`${server?.url}/things/thing-8812`);
    expect(JSON.parse(only(entries).response.content.text ?? "")).toEqual({ id: "thing-8812", nickname: "Zed" });
  });

  it("writes a token form with grant_type kept, password and client secret gone, and the answer's tokens gone", async () => {
    await serve(() => ({
      status: 200,
      body: {
        access_token: SECRETS.accessToken,
        refresh_token: SECRETS.refreshToken,
        token_type: "Bearer",
        expires_in: 3600,
      },
    }));
    const { entries, recorder } = recorded();
    const form = {
      grant_type: "password",
      username: PERSONAL.username,
      password: SECRETS.password,
      client_id: "client-public-id",
      client_secret: SECRETS.clientSecret,
    };
    await clientFor(recorder, { token: undefined }).POST("/token", { body: form });
    expect((await server?.requests[0]?.formData())?.get("password")).toBe(SECRETS.password);
    await recorder.flush();
    const entry = only(entries);
    const username = entry.request.postData?.params?.find((p) => p.name === "username")?.value;
    expect(username).toMatch(/^\[HMAC-SHA256:[0-9a-f]{16}\]$/);
    expect(entry.request.postData?.params).toEqual([
      { name: "grant_type", value: "password" },
      { name: "username", value: username },
      { name: "password", value: REDACTED },
      { name: "client_id", value: "client-public-id" },
      { name: "client_secret", value: REDACTED },
    ]);
    expect(Object.fromEntries(new URLSearchParams(entry.request.postData?.text))).toEqual({
      grant_type: "password",
      username,
      password: REDACTED,
      client_id: "client-public-id",
      client_secret: REDACTED,
    });
    expect(header(entry.request.headers, "authorization")).toBeUndefined();
    expect(JSON.parse(entry.response.content.text ?? "")).toEqual({
      access_token: REDACTED,
      refresh_token: REDACTED,
      token_type: "Bearer",
      expires_in: 3600,
    });
  });

  it("writes the answer as it came, though the caller changes the data it got right after the call", async () => {
    await serve(() => ({ status: 200, body: { items: [1, 2, 3], owner_name: PERSONAL.owner } }));
    const { entries, recorder } = recorded();
    const { data, response } = await clientFor(recorder).POST("/things", { body: {} });
    data.items.reverse();
    data.owner_name = "changed by the app";
    expect(response.url).toBe(`${server?.url}/things`);
    await recorder.flush();
    const written = JSON.parse(only(entries).response.content.text ?? "");
    expect(written).toEqual({ items: [1, 2, 3], owner_name: expect.stringMatching(/^\[HMAC-SHA256:/) });
  });

  it.each([
    ["JSON sent as text/html", "text/html", JSON.stringify({ access_token: SECRETS.accessToken, scope: "read" })],
    ["a form", "application/x-www-form-urlencoded", `access_token=${SECRETS.accessToken}&scope=read`],
  ])("redacts an answer that is %s by its fields", async (_what, type, body) => {
    await serve(() => ({ status: 200, headers: { "content-type": type }, body }));
    const { entries, recorder } = recorded();
    await clientFor(recorder).POST("/token", { body: { grant_type: "client_credentials" }, parseAs: "text" });
    await recorder.flush();
    const text = only(entries).response.content.text ?? "";
    expect(text).not.toContain(SECRETS.accessToken);
    expect(text).toContain("read");
    expect(text.includes(REDACTED) || text.includes(encodeURIComponent(REDACTED))).toBe(true);
  });

  it("writes a file part as its name, file name, type, size and SHA-256, never its bytes", async () => {
    await serve(() => ({ status: 201, body: { ok: true } }));
    const { entries, recorder } = recorded();
    const bytes = randomBytes(300_000);
    const proof = new File([bytes], "proof.pdf", { type: "application/pdf" });
    await clientFor(recorder).POST("/uploads", { body: { holder: PERSONAL.holder, amount: 100, proof } });
    await recorder.flush();
    const entry = only(entries);
    expect(entry.request.postData?.mimeType).toMatch(/^multipart\/form-data; boundary=/);
    expect(entry.request.postData?.params).toEqual([
      { name: "holder", value: expect.stringMatching(/^\[HMAC-SHA256:[0-9a-f]{16}\]$/) },
      { name: "amount", value: "100" },
      {
        name: "proof",
        fileName: "proof.pdf",
        contentType: "application/pdf",
        _size: 300_000,
        _sha256: createHash("sha256").update(bytes).digest("hex"),
      },
    ]);
    expect(entry.request.postData?.text).toBeUndefined();
    expect(JSON.stringify(entry)).not.toContain(PERSONAL.holder);
  });

  it("keeps a non-JSON answer as text, cut at the bound with a comment, scrubbed of what the request sent", async () => {
    const page = `<html><body>Bad gateway for ${PERSONAL.owner} (${SECRETS.password}) ${"x".repeat(500)}</body></html>`;
    await serve(() => ({ status: 502, headers: { "content-type": "text/html" }, body: page }));
    const { entries, recorder } = recorded({ maxBodyLength: 200 });
    // The client refuses the page (it is not the API's JSON); the recording still holds what came.
    const refused = await clientFor(recorder)
      .POST("/things", { body: { owner_name: PERSONAL.owner, password: SECRETS.password } })
      .catch((e: unknown) => e);
    expect(refused).toMatchObject({ kind: "http", status: 502, problem: "undocumented-status" });
    await recorder.flush();
    const { content } = only(entries).response;
    expect(content.mimeType).toBe("text/html");
    expect(content.text).toHaveLength(200);
    expect(content.text).toMatch(/^<html><body>Bad gateway for \[HMAC-SHA256:[0-9a-f]{16}\] \(\[REDACTED\]\) x+$/);
    expect(content.comment).toMatch(/^cut: the first 200 of \d+ characters$/);
  });

  it("writes a call that got no answer with status 0 and _error", async () => {
    await serve(() => ({ status: 200, hangUp: true }));
    const { entries, recorder } = recorded();
    await expect(clientFor(recorder).GET("/things/{id}", { params: { path: { id: "1" } } })).rejects.toBeInstanceOf(
      NetworkError,
    );
    await recorder.flush();
    const entry = only(entries);
    expect(entry._operationId).toBe("GetThing");
    expect(entry.response).toMatchObject({
      status: 0,
      _error: expect.stringMatching(/^NetworkError: GetThing failed/),
    });
    expect(entry.timings.receive).toBe(0);
  });

  it("writes nothing for a request refused before it was sent", async () => {
    await serve(() => ({ status: 200 }));
    const { entries, recorder } = recorded();
    const client = clientFor(recorder);
    await expect(client.POST("/uploads", { body: { holder: { a: 1 } } })).rejects.toThrow(TypeError);
    expect(entries).toEqual([]);
    expect(server?.requests).toEqual([]);
  });
});

describe("personal values' markers", () => {
  it("are equal for equal values across entries, and HMAC-SHA256 of the value under the recorder's key", async () => {
    await serve(() => ({ status: 200, body: { owner_name: PERSONAL.owner } }));
    const key = "a-key-the-team-keeps";
    const { entries, recorder } = recorded({ hashKey: key });
    const client = clientFor(recorder);
    await client.POST("/things", { body: { owner_name: PERSONAL.owner } });
    await client.POST("/things", { body: { owner_name: "Someone Else" } });
    await recorder.flush();
    const [first, second] = entries.map((e) => JSON.parse(e.request.postData?.text ?? "").owner_name);
    const expected = hashedMarker(createHmac("sha256", key).update(PERSONAL.owner).digest("hex"));
    expect(first).toBe(expected);
    expect(JSON.parse(entries[0]?.response.content.text ?? "").owner_name).toBe(expected);
    expect(JSON.parse(entries[1]?.response.content.text ?? "").owner_name).toBe(expected);
    expect(second).not.toBe(expected);
  });

  it("differ between recorders with random keys, so a recording cannot be matched against a guessed value", async () => {
    await serve(() => ({ status: 200, body: {} }));
    const markers = [];
    for (let i = 0; i < 2; i++) {
      const { entries, recorder } = recorded();
      await clientFor(recorder).POST("/things", { body: { owner_name: PERSONAL.owner } });
      await recorder.flush();
      markers.push(JSON.parse(only(entries).request.postData?.text ?? "").owner_name);
    }
    expect(markers[0]).not.toBe(markers[1]);
  });
});

describe("options", () => {
  it("refuse anything that would narrow the redaction, loudly", () => {
    const sink = () => undefined;
    expect(() => createHarRecorder({ sink, redact: { keep: ["authorization"] } as never })).toThrow(
      /redact\.keep is not an option: .*cannot be narrowed/,
    );
    expect(() => createHarRecorder({ sink, redact: { headers: [""] } })).toThrow(/non-empty names/);
    expect(() => createHarRecorder({ sink: {} as never })).toThrow(/sink must be/);
    expect(() => createHarRecorder({ sink, maxPendingEntries: 0 })).toThrow(/positive integer/);
  });

  it("refuse a recorder not made by createHarRecorder", () => {
    const fake = {
      stats: () => ({ recorded: 0, dropped: 0, sinkFailures: 0 }),
      flush: async () => {},
      close: async () => {},
    };
    expect(() => createApiClient(table, { baseUrl: "http://127.0.0.1:1", recorder: fake })).toThrow(
      /createHarRecorder/,
    );
  });
});

describe("a failing sink never breaks the app", () => {
  it("a sink that throws is counted and reported; every call still gets its answer", async () => {
    await serve(() => ({ status: 200, body: { ok: true } }));
    const errors: unknown[] = [];
    const recorder = createHarRecorder({
      sink: () => {
        throw new Error("disk full");
      },
      onError: (error) => errors.push(error),
    });
    const client = clientFor(recorder);
    for (let i = 0; i < 3; i++) expect((await client.POST("/things", { body: {} })).data).toEqual({ ok: true });
    await recorder.flush();
    expect(recorder.stats()).toEqual({ recorded: 0, dropped: 0, sinkFailures: 3 });
    expect(errors.map((e) => (e as Error).message)).toEqual(["disk full", "disk full", "disk full"]);
  });

  it("a sink that rejects is counted; by default one console.warn, which names no secret", async () => {
    await serve(() => ({ status: 200, body: { ok: true } }));
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const recorder = createHarRecorder({ sink: async () => Promise.reject(new Error("network sink down")) });
    const client = clientFor(recorder);
    for (let i = 0; i < 3; i++) {
      const { data } = await client.POST("/things", {
        body: { password: SECRETS.password, owner_name: PERSONAL.owner },
      });
      expect(data).toEqual({ ok: true });
    }
    await recorder.flush();
    expect(recorder.stats()).toEqual({ recorded: 0, dropped: 0, sinkFailures: 3 });
    expect(warn).toHaveBeenCalledTimes(1);
    const message = String(warn.mock.calls[0]?.[0]);
    expect(message).toContain("network sink down");
    for (const value of [SECRETS.password, SECRETS.token, PERSONAL.owner]) expect(message).not.toContain(value);
  });

  it("an onError that throws does not break the call either", async () => {
    await serve(() => ({ status: 200, body: { ok: true } }));
    const recorder = createHarRecorder({
      sink: () => {
        throw new Error("sink");
      },
      onError: () => {
        throw new Error("handler");
      },
    });
    expect((await clientFor(recorder).POST("/things", { body: {} })).data).toEqual({ ok: true });
    await recorder.flush();
    expect(recorder.stats().sinkFailures).toBe(1);
  });

  it("holds at most maxPendingEntries entries for a slow sink, dropping and counting the rest", async () => {
    await serve(() => ({ status: 200, body: { ok: true } }));
    const release: Array<() => void> = [];
    const recorder = createHarRecorder({
      sink: () => new Promise<void>((resolve) => release.push(resolve)),
      maxPendingEntries: 3,
    });
    const client = clientFor(recorder);
    for (let i = 0; i < 10; i++) expect((await client.POST("/things", { body: {} })).data).toEqual({ ok: true });
    await new Promise((resolve) => setImmediate(resolve));
    expect(release).toHaveLength(3);
    expect(recorder.stats()).toEqual({ recorded: 0, dropped: 7, sinkFailures: 0 });
    for (const done of release) done();
    await recorder.flush();
    expect(recorder.stats()).toEqual({ recorded: 3, dropped: 7, sinkFailures: 0 });
  });

  it("drops and counts the entries of calls made after close()", async () => {
    await serve(() => ({ status: 200, body: { ok: true } }));
    const { entries, recorder } = recorded();
    const client = clientFor(recorder);
    await client.POST("/things", { body: {} });
    await recorder.close();
    expect((await client.POST("/things", { body: {} })).data).toEqual({ ok: true });
    expect(entries).toHaveLength(1);
    expect(recorder.stats()).toEqual({ recorded: 1, dropped: 1, sinkFailures: 0 });
  });
});
