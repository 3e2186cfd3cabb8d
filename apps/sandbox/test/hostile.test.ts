import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { connect, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_PROOF_BYTES as MAX_PROOF, PROOF_TOO_LARGE, TOPUP_FORM_LIMITS } from "../src/topup/routes.js";
import { type SandboxProcess, startSandboxProcess } from "./processes.js";

// Hostile and careless clients against a sandbox in its own process: each case checks the answer (status and the
// API's own error body), that other clients are served meanwhile, and that the server's memory stays bounded.

const run = promisify(execFile);
/** How much the server may grow over its warmed-up size, whatever a case sends. */
const MEMORY_BUDGET_MIB = 100; // a server that buffers bodies grows by about 350 MiB in two of these cases

let sandbox: SandboxProcess;
let baseline: number;
const dir = mkdtempSync(join(tmpdir(), "sandbox-hostile-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeAll(async () => {
  sandbox = await startSandboxProcess(["--step-ms", "50"]);
  // Warm up (JIT, validators, first database pages) before taking the baseline.
  for (let i = 0; i < 20; i++) await servedMeanwhile();
  await upload(pdfBytes(MAX_PROOF));
  baseline = sandbox.rssMiB();
});
afterAll(() => sandbox?.stop());

const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

/** Other clients of both APIs, answered in time (the old sandbox froze for 17 s; a loaded CI machine is slow, not that). */
async function servedMeanwhile(deadlineMs = 5_000): Promise<void> {
  const signal = AbortSignal.timeout(deadlineMs);
  const responses = await Promise.all([
    ...Array.from({ length: 5 }, () =>
      fetch(`${sandbox.upmobile.url}/accounts`, { headers: auth(sandbox.upmobile.token), signal }),
    ),
    fetch(`${sandbox.topup.url}/topup/inquire/`, { headers: auth(sandbox.topup.token), signal }),
  ]);
  for (const response of responses) {
    expect(response.status).toBe(200);
    await response.arrayBuffer();
  }
}

function expectMemoryBounded(): void {
  expect(sandbox.rssMiB() - baseline).toBeLessThan(MEMORY_BUDGET_MIB);
}

/** Bytes that start like a PDF. */
function pdfBytes(size: number): Buffer {
  const bytes = Buffer.alloc(size, 0x20);
  bytes.write("%PDF-1.4\n");
  return bytes;
}

const bankFields = {
  amount: "1000",
  type: "from_bank_transfer",
  currency: "egyptian_pound",
  from_bank: "Commercial International Bank",
  from_account_number: "0001234567",
  from_account_name: "John Doe",
  from_date: "2024-01-15",
};

/** A bank-transfer upload through fetch's own multipart encoder. */
async function upload(bytes: Buffer, type = "application/pdf", name = "proof.pdf") {
  const form = new FormData();
  for (const [key, value] of Object.entries(bankFields)) form.append(key, value);
  form.append("to_attach_proof", new Blob([new Uint8Array(bytes)], { type }), name);
  const response = await fetch(`${sandbox.topup.url}/topup/request/`, {
    method: "POST",
    headers: auth(sandbox.topup.token),
    body: form,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** A raw HTTP/1.1 exchange: writes `head` (and `body`, if any) and collects what the server sends back. */
function rawRequest(head: string, body?: Buffer): { socket: Socket; response: Promise<string>; closed: Promise<void> } {
  const socket = connect(Number(new URL(sandbox.url).port), "127.0.0.1");
  let received = "";
  let resolveResponse: (text: string) => void = () => {};
  const response = new Promise<string>((resolve) => {
    resolveResponse = resolve;
  });
  socket.on("data", (chunk) => {
    received += chunk.toString("latin1");
    const end = received.indexOf("\r\n\r\n");
    if (end >= 0) {
      const length = /content-length: (\d+)/i.exec(received.slice(0, end));
      if (length && received.length >= end + 4 + Number(length[1])) resolveResponse(received);
    }
  });
  socket.on("error", () => {});
  const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
  void closed.then(() => resolveResponse(received));
  socket.write(head);
  if (body) socket.write(body);
  return { socket, response, closed };
}

const statusOf = (response: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(response)?.[1]);
const jsonOf = (response: string) => JSON.parse(response.slice(response.indexOf("\r\n\r\n") + 4));

const multipartHead = (extra: string, contentLength: number, path = "/topup/topup/request/") =>
  `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; boundary=XyZ\r\n` +
  `Content-Length: ${contentLength}\r\n${extra}\r\n`;

describe("multipart forms", () => {
  it("answers a 55,000-field form (3 MB) at once, naming the field limit, and keeps serving everyone", async () => {
    const body = `${'--XyZ\r\nContent-Disposition: form-data; name="a"\r\n\r\nx\r\n'.repeat(55_000)}--XyZ--\r\n`;
    expect(body.length).toBeGreaterThan(2_800_000); // under the body limit: the field count is what is refused
    const hostile = fetch(`${sandbox.topup.url}/topup/request/`, {
      method: "POST",
      headers: { ...auth(sandbox.topup.token), "Content-Type": "multipart/form-data; boundary=XyZ" },
      body,
    });
    await servedMeanwhile();
    const response = await hostile;
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      disbursement_status: "failed",
      status_description: { non_field_errors: ["The form has more than 32 fields."] },
      status_code: "400",
    });
    await servedMeanwhile();
    expectMemoryBounded();
  });

  it("names the field whose value is too long, a name that is too long, a second file and a broken form", async () => {
    const post = async (body: string, contentType = "multipart/form-data; boundary=XyZ") => {
      const response = await fetch(`${sandbox.topup.url}/topup/request/`, {
        method: "POST",
        headers: { ...auth(sandbox.topup.token), "Content-Type": contentType },
        body,
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    const field = (name: string, value: string) =>
      `--XyZ\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
    const file = (name: string) =>
      `--XyZ\r\nContent-Disposition: form-data; name="${name}"; filename="p.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\r\n`;
    const failed = (description: unknown) => ({
      status: 400,
      body: { disbursement_status: "failed", status_description: description, status_code: "400" },
    });

    expect(await post(`${field("from_bank", "x".repeat(5000))}--XyZ--\r\n`)).toEqual(
      failed({ from_bank: ["Ensure this field has no more than 4096 bytes."] }),
    );
    expect(await post(`${field("n".repeat(200), "x")}--XyZ--\r\n`)).toEqual(
      failed({ non_field_errors: ["A field name is longer than 100 bytes."] }),
    );
    expect(await post(`${file("to_attach_proof")}${file("to_attach_proof")}--XyZ--\r\n`)).toEqual(
      failed({ non_field_errors: ["The form has more than 1 file(s)."] }),
    );
    const cut = await post(`${field("amount", "1000")}--XyZ\r\nContent-Disposition: form-da`);
    expect(cut).toMatchObject(
      failed({ non_field_errors: [expect.stringMatching(/^The multipart body cannot be read/)] }),
    );
    const noBoundary = await post(field("amount", "1000"), "multipart/form-data");
    expect(noBoundary).toMatchObject(
      failed({ non_field_errors: [expect.stringMatching(/^The multipart body cannot be read/)] }),
    );
    await servedMeanwhile();
  });

  it("refuses a proof whose first bytes are not what its declared type says, and takes real PNG and JPEG", async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46]);
    const refused = (what: string, signature: string) => ({
      status: 400,
      body: {
        disbursement_status: "failed",
        status_description: {
          to_attach_proof: [
            `The file is declared as ${what} but its content is not (a ${what} file starts with ${signature}).`,
          ],
        },
        status_code: "400",
      },
    });
    expect(await upload(png, "application/pdf", "proof.pdf")).toEqual(refused("PDF", "%PDF-"));
    expect(await upload(Buffer.from("just some text"), "image/png", "proof.png")).toEqual(
      refused("PNG", "89 50 4E 47 0D 0A 1A 0A"),
    );
    expect(await upload(pdfBytes(100), "image/jpeg", "proof.jpg")).toEqual(refused("JPEG", "FF D8 FF"));
    expect((await upload(png, "image/png", "proof.png")).status).toBe(201);
    expect((await upload(jpeg, "image/jpeg", "proof.jpg")).status).toBe(201);
  });
});

describe("bodies and tokens", () => {
  it("answers 100 stalled uploads without a token with a 401 before reading them, and holds no memory for them", async () => {
    const stalled = Array.from({ length: 100 }, () =>
      rawRequest(multipartHead("", 3_000_000), Buffer.alloc(64 * 1024, 0x61)),
    );
    const responses = await Promise.all(stalled.map((s) => s.response));
    for (const response of responses) {
      expect(statusOf(response)).toBe(401);
      expect(jsonOf(response)).toEqual({
        detail: "Authentication credentials were not provided.",
        disbursement_status: "failed",
        status_code: "401",
      });
    }
    await servedMeanwhile();
    expectMemoryBounded();
    // The server hangs up on each: their bodies will never be read.
    await Promise.all(stalled.map((s) => s.closed));
  });

  it("lets a client still sending its upload read the early 401 or 400, and reuse the connection", async () => {
    const form = () => {
      const data = new FormData();
      for (const [key, value] of Object.entries(bankFields)) data.append(key, value);
      data.append("to_attach_proof", new Blob([new Uint8Array(pdfBytes(1_000_000))], { type: "application/pdf" }));
      return data;
    };
    const tooMany = `${'--XyZ\r\nContent-Disposition: form-data; name="a"\r\n\r\nx\r\n'.repeat(20_000)}--XyZ--\r\n`;
    for (let i = 0; i < 10; i++) {
      const unauthorised = await fetch(`${sandbox.topup.url}/topup/request/`, { method: "POST", body: form() });
      expect(unauthorised.status).toBe(401);
      await unauthorised.arrayBuffer();
      const refused = await fetch(`${sandbox.topup.url}/topup/request/`, {
        method: "POST",
        headers: { ...auth(sandbox.topup.token), "Content-Type": "multipart/form-data; boundary=XyZ" },
        body: tooMany,
      });
      expect(refused.status).toBe(400);
      await refused.arrayBuffer();
    }
    await servedMeanwhile();
  });

  it("answers Expect: 100-continue without a token with a 401, before the client sends any of its body", async () => {
    const { response, socket } = rawRequest(multipartHead("Expect: 100-continue\r\n", 2_000_000));
    const text = await response;
    expect(text).not.toContain("100 Continue");
    expect(statusOf(text)).toBe(401);
    socket.destroy();
  });

  it("refuses a body over the limit with 413 in the API's shape, from its declared length, before reading it", async () => {
    const topup = rawRequest(multipartHead(`Authorization: Bearer ${sandbox.topup.token}\r\n`, 300_000_000));
    const topupText = await topup.response;
    expect(statusOf(topupText)).toBe(413);
    expect(jsonOf(topupText)).toEqual({
      disbursement_status: "failed",
      status_description: {
        to_attach_proof: [PROOF_TOO_LARGE],
        non_field_errors: [
          `The request body is larger than ${TOPUP_FORM_LIMITS.maxBodyBytes} bytes: the proof may have at most ${MAX_PROOF} bytes.`,
        ],
      },
      status_code: "413",
    });
    topup.socket.destroy();

    const upmobile = await fetch(`${sandbox.upmobile.url}/withdrawals`, {
      method: "POST",
      headers: { ...auth(sandbox.upmobile.token), "Content-Type": "application/json" },
      body: JSON.stringify({ padding: "x".repeat(100_000) }),
    });
    expect(upmobile.status).toBe(413);
    const message = "The request body is larger than 65536 bytes.";
    expect(await upmobile.json()).toEqual({
      status: "error",
      status_code: 413,
      code: "bad_request",
      message,
      details: [{ field: "body", message }],
    });
    await servedMeanwhile();
  });

  it("counts a chunked body (no declared length) as it arrives and stops reading at the limit", async () => {
    const chunk = Buffer.alloc(16 * 1024, 0x20);
    const chunks = Array.from({ length: 8 }, () => `${chunk.length.toString(16)}\r\n${chunk.toString()}\r\n`).join("");
    const head =
      `POST /upmobile/withdrawals HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${sandbox.upmobile.token}\r\n` +
      "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
    const { response, socket } = rawRequest(head, Buffer.from(`${chunks}0\r\n\r\n`));
    const text = await response;
    expect(statusOf(text)).toBe(413);
    expect(jsonOf(text)).toMatchObject({ status_code: 413, code: "bad_request" });
    socket.destroy();

    const token = await fetch(`${sandbox.topup.url}/o/token/`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: `grant_type=password&username=${"u".repeat(20_000)}`,
    });
    expect(token.status).toBe(413);
    expect(await token.json()).toEqual({
      error: "invalid_request",
      error_description: "The request body is larger than 16384 bytes.",
    });
  });

  it("streams 30 stalled authenticated uploads to disk, not to memory", async () => {
    const proofHead =
      '--XyZ\r\nContent-Disposition: form-data; name="to_attach_proof"; filename="p.pdf"\r\n' +
      "Content-Type: application/pdf\r\n\r\n";
    const stalled = Array.from({ length: 30 }, () =>
      rawRequest(
        multipartHead(`Authorization: Bearer ${sandbox.topup.token}\r\n`, 3_000_000),
        Buffer.concat([Buffer.from(proofHead), pdfBytes(2_500_000)]),
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await servedMeanwhile();
    expectMemoryBounded();
    for (const s of stalled) s.socket.destroy();
    await servedMeanwhile();
  });
});

describe("uploads", () => {
  it("keeps no proof in memory: 120 uploads of 2.8 MB leave the server's size where it was", async () => {
    const bytes = pdfBytes(MAX_PROOF);
    for (let round = 0; round < 30; round++) {
      const results = await Promise.all(Array.from({ length: 4 }, () => upload(bytes)));
      for (const result of results) expect(result.status).toBe(201);
    }
    await servedMeanwhile();
    expectMemoryBounded();
  });

  it("takes real curl -F uploads of 1.5 MB and 2.8 MB PDFs (curl sends Expect: 100-continue), and refuses one byte more", async () => {
    const curl = async (size: number) => {
      const file = join(dir, `proof-${size}.pdf`);
      writeFileSync(file, pdfBytes(size));
      const args = ["-sS", "-v", "-H", `Authorization: Bearer ${sandbox.topup.token}`];
      for (const [key, value] of Object.entries(bankFields)) args.push("-F", `${key}=${value}`);
      args.push("-F", `to_attach_proof=@${file};type=application/pdf`, `${sandbox.topup.url}/topup/request/`);
      const { stdout, stderr } = await run("/usr/bin/curl", args, { maxBuffer: 1 << 20 });
      return { body: JSON.parse(stdout) as Record<string, unknown>, trace: stderr };
    };
    for (const size of [1_500_000, MAX_PROOF]) {
      const { body, trace } = await curl(size);
      expect(trace).toMatch(/> Expect: 100-continue/);
      expect(trace).toMatch(/< HTTP\/1\.1 100 Continue/);
      expect(trace).toMatch(/< HTTP\/1\.1 201 Created/);
      expect(body).toMatchObject({ status: "pending", to_attach_proof: expect.stringMatching(/_proof-\d+\.pdf$/) });
    }
    const { body } = await curl(MAX_PROOF + 1);
    expect(body).toEqual({
      disbursement_status: "failed",
      status_description: { to_attach_proof: [PROOF_TOO_LARGE] },
      status_code: "400",
    });
    await servedMeanwhile();
    expectMemoryBounded();
  });
});
