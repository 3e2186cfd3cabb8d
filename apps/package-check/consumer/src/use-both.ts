// A consumer outside the monorepo, written as a team would: both clients, the named types, the validators and the
// error types, compiled strictly (node16 and bundler resolution, TypeScript 5.4 and current), then run against a
// provider named by the environment.
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type AuthErrorResponse,
  type BankTransferTopupForm,
  createHarRecorder,
  createTopupClient,
  createTopupTokenProvider,
  type TopupRequest,
} from "@contracts/topup";
import { createHarFileSink, readHarFile } from "@contracts/topup/har-file";
import { TopupStatusTerminalValues } from "@contracts/topup/spec";
import { isTopupRequest } from "@contracts/topup/validators";
import {
  type Account,
  createUpmobileClient,
  HttpError,
  isContractError,
  type Operation,
  type OperationStatus,
  RequestValidationError,
  unwrap,
  type WithdrawalRequest,
  waitForOperation,
} from "@contracts/upmobile";
import { OperationStatusTerminalValues } from "@contracts/upmobile/spec";
import { isWithdrawalRequest, validateRequestBody } from "@contracts/upmobile/validators";

// What must stay a type error for a consumer (the build fails if one of these starts to compile).
// @ts-expect-error EUR is not a currency a withdrawal accepts
export const badCurrency: WithdrawalRequest["currency_code"] = "EUR";
// @ts-expect-error a number is not Paymob's 401 body
export const notABody: AuthErrorResponse = 42;
// @ts-expect-error the proof is a file, not its name
export const notAFile: BankTransferTopupForm["to_attach_proof"] = "proof.pdf";
// @ts-expect-error amounts are decimal strings, never numbers
export const numericAmount: Account["balance"] = 100;
// An open enum takes a status the spec does not list yet, and still completes the known ones.
export const laterStatus: OperationStatus = "cancelled";
export const knownStatus: OperationStatus = "completed";

export interface Env {
  UPMOBILE_BASE_URL: string;
  UPMOBILE_TOKEN: string;
  TOPUP_BASE_URL: string;
  TOPUP_CLIENT_ID: string;
  TOPUP_CLIENT_SECRET: string;
  TOPUP_USERNAME: string;
  TOPUP_PASSWORD: string;
  PROOF_PDF: string;
}

/** What the recording of the Topup calls holds: its entries, and which of the secrets sent appear in it. */
export interface Recording {
  entries: number;
  leaked: string[];
}

/**
 * A withdrawal followed to its terminal status, and a multipart top-up request with a real PDF, whose calls are
 * recorded to a HAR file.
 */
export async function run(
  env: Env,
): Promise<{ withdrawal: Operation; topup: TopupRequest; refused: string[]; recording: Recording }> {
  const upmobile = createUpmobileClient({ baseUrl: env.UPMOBILE_BASE_URL, token: env.UPMOBILE_TOKEN });
  const listed = unwrap("GetAccounts", await upmobile.GET("/accounts", { params: { query: { page_size: 100 } } }));
  const account = listed.data.accounts.find((a) => a.currency_code === "RUB" && a.status === "active");
  if (!account) throw new Error("No active RUB account to withdraw from.");
  const body: WithdrawalRequest = {
    account_id: account.id,
    amount: "10.00",
    currency_code: "RUB",
    category_code: "mobile",
    operator_code: "beeline",
    region_code: "RU",
    destination: "+79999999999",
  };
  if (!isWithdrawalRequest(body) || !validateRequestBody("InitWithdrawal", body).valid) {
    throw new Error("The withdrawal should be valid.");
  }
  const started = await upmobile.POST("/withdrawals", { body });
  if (started.error) throw new HttpError("InitWithdrawal", started.response.status, started.error);
  const withdrawal = await waitForOperation(upmobile, started.data.data.id, { intervalMs: 20, maxIntervalMs: 100 });
  if (!(OperationStatusTerminalValues as readonly string[]).includes(withdrawal.status)) {
    throw new Error(`waitForOperation returned a non-terminal ${withdrawal.status}.`);
  }

  const refused: string[] = [];
  try {
    await upmobile.POST("/withdrawals", { body: { ...body, amount: "-1" } });
  } catch (error) {
    if (!(error instanceof RequestValidationError) || !isContractError(error)) throw error;
    refused.push(...error.errors.map((issue) => `${issue.path} ${issue.keyword}`));
  }

  const sink = createHarFileSink({ path: join(await mkdtemp(join(tmpdir(), "consumer-har-")), "topup.har") });
  const recorder = createHarRecorder({ sink });
  const token = createTopupTokenProvider({
    baseUrl: env.TOPUP_BASE_URL,
    clientId: env.TOPUP_CLIENT_ID,
    clientSecret: env.TOPUP_CLIENT_SECRET,
    username: env.TOPUP_USERNAME,
    password: env.TOPUP_PASSWORD,
    recorder,
  });
  const topupClient = createTopupClient({ baseUrl: env.TOPUP_BASE_URL, token, recorder });
  const proof = new File([await readFile(env.PROOF_PDF)], "proof.pdf", { type: "application/pdf" });
  const created = await topupClient.POST("/topup/request/", {
    body: {
      amount: 1000,
      type: "from_bank_transfer",
      currency: "egyptian_pound",
      from_bank: "Commercial International Bank",
      from_account_number: "1234567890",
      from_account_name: "John Doe",
      from_date: "2024-01-15",
      to_attach_proof: proof,
    },
  });
  if (created.error) throw new HttpError("CreateTopupRequest", created.response.status, created.error);
  if (!isTopupRequest(created.data)) throw new Error("The recorded request does not match the spec.");
  const final = (TopupStatusTerminalValues as readonly string[]).includes(created.data.status);
  if (created.data.status !== "pending" && !final) throw new Error(`Unexpected status ${created.data.status}.`);
  await recorder.close();
  const [file] = sink.files();
  if (!file) throw new Error("The recorder wrote no HAR file.");
  const har = await readHarFile(file);
  const written = JSON.stringify(har);
  const secrets = { password: env.TOPUP_PASSWORD, clientSecret: env.TOPUP_CLIENT_SECRET, holder: "John Doe" };
  const leaked = Object.entries(secrets).flatMap(([name, value]) => (written.includes(value) ? [name] : []));
  return { withdrawal, topup: created.data, refused, recording: { entries: har.log.entries.length, leaked } };
}

if (process.argv[1]?.endsWith("use-both.js")) {
  const result = await run(process.env as unknown as Env);
  console.log(
    JSON.stringify({
      withdrawal: result.withdrawal.status,
      topup: result.topup.status,
      proof: result.topup.to_attach_proof,
      refused: result.refused,
      recording: result.recording,
    }),
  );
}
