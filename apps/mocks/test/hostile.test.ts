import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { operationTable as topupOperations } from "@contracts/topup/spec";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BODY_BUDGET_BYTES, bodyLimit, MAX_FORM_FIELDS } from "../src/limits.js";
import { PRISM_MAX_OLD_SPACE_MB } from "../src/prism.js";
import {
  curl,
  generated,
  type MockProcess,
  pdfOf,
  prismPids,
  rssOf,
  send,
  sendRaw,
  startMockProcess,
  waitFor,
} from "./harness.js";

const UPMOBILE_TOKEN = "mock-upmobile-token";
const TOPUP_TOKEN = "mock-topup-token";
const PROOF_BYTES = topupOperations.CreateTopupRequest.requestBody.files.to_attach_proof.maxBytes;
/** The statuses the spec documents for a recorded top-up request; Prism answers one of them. */
const RECORDED = Object.keys(topupOperations.CreateTopupRequest.responses).filter((status) => status.startsWith("2"));
const MiB = 1024 * 1024;
// the front may hold its whole body budget at once; anything well past it would be a leak. Prism's heap is
// capped, and it parses one body at a time.
const FRONT_RSS_BOUND = BODY_BUDGET_BYTES + 32 * MiB;
const PRISM_RSS_BOUND = PRISM_MAX_OLD_SPACE_MB * MiB;

let mock: MockProcess;
let dir: string;
let proof15: string;
let proof28: string;
let baseline: { front: number; prism: Record<string, number> };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "mocks-hostile-"));
  proof15 = join(dir, "proof-1.5MB.pdf");
  proof28 = join(dir, "proof-2.8MB.pdf");
  await writeFile(proof15, pdfOf(1_500_000));
  await writeFile(proof28, pdfOf(PROOF_BYTES));
  mock = await startMockProcess();
  // Warm up: one upload and one of each read, so the baseline includes what a served client costs.
  expect(RECORDED).toContain(String((await bankTransfer(proof15)).status));
  await stillServed();
  baseline = { front: rssOf(mock.pid), prism: rssByAlias() };
});

afterAll(async () => {
  await mock?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const upmobile = () => mock.urls.upmobile as string;
const topup = () => mock.urls.topup as string;
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

function rssByAlias(): Record<string, number> {
  return Object.fromEntries(Object.entries(prismPids(mock.pid)).map(([alias, pid]) => [alias, rssOf(pid)]));
}

/** Both APIs still answer an ordinary request. */
async function stillServed(): Promise<void> {
  const [accounts, inquiry] = await Promise.all([
    send(upmobile(), { path: "/accounts", headers: bearer(UPMOBILE_TOKEN) }),
    send(topup(), { path: "/topup/inquire/", headers: bearer(TOPUP_TOKEN) }),
  ]);
  expect(accounts.status).toBe(200);
  expect(inquiry.status).toBe(200);
}

/**
 * Runs a hostile request while other clients are served, then checks that they still are, that neither Prism
 * exited (same processes), and that the front's memory (and Prism's) stayed bounded.
 */
async function survive<T>(hostile: () => Promise<T>): Promise<T> {
  const before = prismPids(mock.pid);
  const [result] = await Promise.all([hostile(), stillServed()]);
  await stillServed();
  expect(prismPids(mock.pid)).toEqual(before);
  expect(rssOf(mock.pid)).toBeLessThan(baseline.front + FRONT_RSS_BOUND);
  for (const [alias, rss] of Object.entries(rssByAlias())) {
    expect(rss, `Prism for ${alias}`).toBeLessThan((baseline.prism[alias] ?? 0) + PRISM_RSS_BOUND);
  }
  return result;
}

function bankTransfer(file: string, extra: string[] = []) {
  const fields = {
    amount: "1000",
    type: "from_bank_transfer",
    currency: "egyptian_pound",
    from_bank: "Commercial International Bank",
    from_account_number: "1234567890",
    from_account_name: "John Doe",
    from_date: "2024-01-15",
  };
  const form = Object.entries(fields).flatMap(([name, value]) => ["-F", `${name}=${value}`]);
  return curl([
    ...extra,
    "-H",
    `Authorization: Bearer ${TOPUP_TOKEN}`,
    ...form,
    "-F",
    `to_attach_proof=@${file};type=application/pdf`,
    `${topup()}/topup/request/`,
  ]);
}

const multipartBody = (boundary: string, parts: string[]) =>
  `${parts.map((p) => `--${boundary}\r\n${p}\r\n`).join("")}--${boundary}--\r\n`;

describe("the mock front against hostile clients (pnpm mock in its own process)", () => {
  it("answers a %%% token form with the OAuth 400 instead of letting Prism exit", async () => {
    const answer = await survive(() => curl(["-d", "%%%", `${topup()}/o/token/`]));
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.text)).toEqual({
      error: "invalid_request",
      error_description: expect.stringContaining('The form field name "%%%" is not valid percent-encoding'),
    });
  });

  it("answers a bad escape in a token form value, or too many fields, with the OAuth 400", async () => {
    const value = await survive(() => curl(["-d", "grant_type=pass%zzword", `${topup()}/o/token/`]));
    expect(value.status).toBe(400);
    expect(JSON.parse(value.text).error_description).toContain("The value of the form field grant_type");
    const flood = Array.from({ length: MAX_FORM_FIELDS + 1 }, (_, i) => `f${i}=x`).join("&");
    const many = await survive(() => curl(["-d", flood, `${topup()}/o/token/`]));
    expect(many.status).toBe(400);
    expect(JSON.parse(many.text).error_description).toContain(`more than ${MAX_FORM_FIELDS} fields`);
  });

  it("answers a multipart field name with % (curl -F) with Paymob's 400 naming the field", async () => {
    const answer = await survive(() =>
      curl(["-H", `Authorization: Bearer ${TOPUP_TOKEN}`, "-F", "am%zzount=1000", `${topup()}/topup/request/`]),
    );
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.text)).toEqual({
      disbursement_status: "failed",
      status_description: { "am%zzount": [expect.stringContaining("is not valid percent-encoding")] },
      status_code: "400",
    });
  });

  it.each([
    [
      "an unquoted file name",
      'Content-Disposition: form-data; name="to_attach_proof"; filename=proof.pdf\r\nContent-Type: application/pdf\r\n\r\n%PDF',
      "must read form-data",
    ],
    [
      "a file part without Content-Type",
      'Content-Disposition: form-data; name="to_attach_proof"; filename="proof.pdf"\r\n\r\n%PDF',
      "has no Content-Type",
    ],
    ["a part without Content-Disposition", "X-Note: hi\r\n\r\n1000", "no Content-Disposition"],
    ["a name with a semicolon", 'Content-Disposition: form-data; name="a;b"\r\n\r\n1', "contains a character"],
  ])("answers a multipart body with %s with Paymob's 400 (Prism would exit)", async (_, part, message) => {
    const boundary = "hostile-boundary-1";
    const answer = await survive(() =>
      send(topup(), {
        method: "POST",
        path: "/topup/request/",
        headers: { ...bearer(TOPUP_TOKEN), "content-type": `multipart/form-data; boundary=${boundary}` },
        body: multipartBody(boundary, [part]),
      }),
    );
    expect(answer.status).toBe(400);
    expect(answer.json()).toMatchObject({ disbursement_status: "failed", status_code: "400" });
    expect(answer.text).toContain(message);
  });

  it("answers a broken multipart body (no closing boundary, no boundary parameter) with Paymob's 400", async () => {
    const headers = { ...bearer(TOPUP_TOKEN), "content-type": "multipart/form-data; boundary=b0" };
    const body = '--b0\r\nContent-Disposition: form-data; name="amount"\r\n\r\n1000\r\n';
    const unclosed = await survive(() => send(topup(), { method: "POST", path: "/topup/request/", headers, body }));
    expect(unclosed.status).toBe(400);
    expect(unclosed.json()).toEqual({
      disbursement_status: "failed",
      status_description: "The multipart body is malformed: it ends without its closing boundary (--b0--).",
      status_code: "400",
    });
    const noBoundary = await survive(() =>
      send(topup(), {
        method: "POST",
        path: "/topup/request/",
        headers: { ...bearer(TOPUP_TOKEN), "content-type": "multipart/form-data" },
        body,
      }),
    );
    expect(noBoundary.status).toBe(400);
    expect(noBoundary.text).toContain("needs a boundary parameter");
  });

  it("checks the token on the decoded path: /%61ccounts is /accounts", async () => {
    const wrong = await survive(() =>
      curl(["--path-as-is", "-H", "Authorization: Bearer nope", `${upmobile()}/%61ccounts`]),
    );
    expect(wrong.status).toBe(401);
    expect(JSON.parse(wrong.text)).toEqual({
      status: "error",
      status_code: 401,
      code: "unauthorized",
      message: "Missing or invalid access token.",
    });
    for (const path of ["/x/../accounts", "//accounts", "/%2e/accounts"]) {
      const answer = await curl(["--path-as-is", "-H", "Authorization: Bearer nope", `${upmobile()}${path}`]);
      expect(answer.status, path).toBe(401);
    }
    const right = await curl([
      "--path-as-is",
      "-H",
      `Authorization: Bearer ${UPMOBILE_TOKEN}`,
      `${upmobile()}/%61ccounts`,
    ]);
    expect(right.status).toBe(200);
    expect(JSON.parse(right.text)).toMatchObject({ status: "success", data: { pages: 1 } });
  });

  it("answers bad escapes in the path or query, and unknown paths, with Upmobile's own errors", async () => {
    const path = await survive(() =>
      curl(["--path-as-is", "-H", `Authorization: Bearer ${UPMOBILE_TOKEN}`, `${upmobile()}/%zzccounts`]),
    );
    expect(path.status).toBe(400);
    expect(JSON.parse(path.text)).toMatchObject({ status: "error", status_code: 400, code: "bad_request" });
    const query = await survive(() =>
      send(upmobile(), { path: "/accounts?page=%zz", headers: bearer(UPMOBILE_TOKEN) }),
    );
    expect(query.status).toBe(400);
    expect(query.json()).toMatchObject({ code: "bad_request", details: [{ field: "page" }] });
    const unknown = await survive(() => send(upmobile(), { path: "/admin", headers: bearer(UPMOBILE_TOKEN) }));
    expect(unknown.status).toBe(404);
    expect(unknown.json()).toEqual({
      status: "error",
      status_code: 404,
      code: "not_found",
      message: "This API has no operation at /admin.",
    });
  });

  it("answers a Content-Type or Accept that Prism cannot parse with a 400 (Prism would exit)", async () => {
    const inquire = (headers: Record<string, string>) =>
      survive(() => send(topup(), { path: "/topup/inquire/", headers: { ...bearer(TOPUP_TOKEN), ...headers } }));
    const type = await inquire({ "content-type": "garbage" });
    expect(type.status).toBe(400);
    expect(type.json()).toEqual({
      disbursement_status: "failed",
      status_description: 'The Content-Type header is not a media type: "garbage".',
      status_code: "400",
    });
    const accept = await inquire({ accept: "application/json," });
    expect(accept.status).toBe(400);
    expect(accept.text).toContain("The Accept header is not a list of media types");
  });

  it("takes curl -F uploads of a 1.5 MB and a 2.8 MB proof (curl sends Expect: 100-continue)", async () => {
    for (const file of [proof15, proof28]) {
      const answer = await survive(() => bankTransfer(file));
      expect(answer.trace).toContain("> Expect: 100-continue");
      expect(answer.trace).toContain("< HTTP/1.1 100 Continue");
      expect(RECORDED).toContain(String(answer.status));
      expect(JSON.parse(answer.text)).toMatchObject({ transfer_type: "from_bank_transfer", status: "pending" });
    }
  });

  it("takes a chunked upload", async () => {
    const answer = await survive(() => bankTransfer(proof15, ["-H", "Transfer-Encoding: chunked"]));
    expect(answer.trace).toContain("> Transfer-Encoding: chunked");
    expect(RECORDED).toContain(String(answer.status));
    expect(JSON.parse(answer.text)).toMatchObject({ transfer_type: "from_bank_transfer", status: "pending" });
  });

  it("takes eight 2.8 MB uploads at once, memory bounded", async () => {
    const answers = await survive(() => Promise.all(Array.from({ length: 8 }, () => bankTransfer(proof28))));
    expect(answers.filter((a) => !RECORDED.includes(String(a.status)))).toEqual([]);
  });

  it("refuses an Expect: 100-continue upload with a wrong token or too large a body before inviting it", async () => {
    const upload = (token: string, bytes: number) =>
      survive(() =>
        send(topup(), {
          method: "POST",
          path: "/topup/request/",
          headers: { ...bearer(token), "content-type": "multipart/form-data; boundary=b1", "content-length": bytes },
          body: () => generated(bytes),
          expectContinue: true,
        }),
      );
    const unauthenticated = await upload("nope", 2_000_000);
    expect(unauthenticated.status).toBe(401);
    expect(unauthenticated.continued).toBe(false);
    expect(unauthenticated.json()).toEqual({
      detail: "Authentication credentials were not provided.",
      disbursement_status: "failed",
      status_code: "401",
    });
    const oversize = await upload(TOPUP_TOKEN, 4_000_000);
    expect(oversize.status).toBe(413);
    expect(oversize.continued).toBe(false);
    expect(oversize.json()).toMatchObject({ disbursement_status: "failed", status_code: "413" });
    const fits = await upload(TOPUP_TOKEN, 1_000);
    expect(fits.continued).toBe(true);
    expect(fits.status).toBe(400);
  });

  it.each([
    ["with a Content-Length", { "content-length": String(300 * 1024 * 1024) }],
    ["chunked", {}],
  ])("answers a 300 MB POST %s with 413 naming the limit, memory bounded", async (_, headers) => {
    const limit = bodyLimit(topupOperations.CreateTopupRequest);
    const answer = await survive(() =>
      send(topup(), {
        method: "POST",
        path: "/topup/request/",
        headers: { ...bearer(TOPUP_TOKEN), "content-type": "multipart/form-data; boundary=b2", ...headers },
        body: () => generated(300 * 1024 * 1024),
      }),
    );
    expect(answer.status).toBe(413);
    expect(answer.json()).toEqual({
      disbursement_status: "failed",
      status_description: `The request body is larger than ${limit.toLocaleString("en-US")} bytes, the most the mock accepts for CreateTopupRequest.`,
      status_code: "413",
    });
  });

  it("keeps serving others while a client stalls in the middle of its body", async () => {
    await survive(async () => {
      const { hostname, port } = new URL(topup());
      const socket = connect(Number(port), hostname).on("error", () => {});
      socket.write(
        `POST /topup/request/ HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${TOPUP_TOKEN}\r\n` +
          "Content-Type: multipart/form-data; boundary=b3\r\nContent-Length: 100000\r\n\r\n--b3\r\n",
      );
      await stillServed();
      socket.destroy();
    });
  });

  it("answers malformed HTTP with a 400 in the API's body", async () => {
    const raw = await sendRaw(upmobile(), "GET /accounts HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n");
    expect(raw).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(JSON.parse(raw.slice(raw.indexOf("\r\n\r\n") + 4))).toMatchObject({ status_code: 400, code: "bad_request" });
    await stillServed();
  });

  it("answers 503 with the API's body while a killed Prism restarts, then serves again and says so", async () => {
    const killed = prismPids(mock.pid).topup as number;
    process.kill(killed, "SIGKILL");
    const down = await waitFor(async () => {
      const answer = await send(topup(), { path: "/topup/inquire/", headers: bearer(TOPUP_TOKEN) });
      return answer.status === 503 ? answer : undefined;
    }, 10_000);
    expect(down.headers["retry-after"]).toBe("2");
    expect(down.json()).toEqual({
      disbursement_status: "failed",
      status_description: "The mock engine (Prism) stopped and is being restarted; try again in a few seconds.",
      status_code: "503",
    });
    // The other API has its own Prism and never noticed.
    expect((await send(upmobile(), { path: "/accounts", headers: bearer(UPMOBILE_TOKEN) })).status).toBe(200);
    await waitFor(async () => {
      const answer = await send(topup(), { path: "/topup/inquire/", headers: bearer(TOPUP_TOKEN) });
      return answer.status === 200 ? answer : undefined;
    }, 60_000);
    expect(prismPids(mock.pid).topup).not.toBe(killed);
    expect(mock.output()).toContain("topup mock: Prism exited (killed by SIGKILL)");
    expect(mock.output()).toMatch(/topup mock: Prism restarted on http:\/\/127\.0\.0\.1:\d+ \(restart 1\)/);
    await stillServed();
  });
});
