// A page using both clients and their validators, one recording its calls, bundled by Vite the way an app ships
// them to a browser.
import { createTopupClient, type TopupInquiryPage } from "@contracts/topup";
import { validateRequestBody as validateTopup } from "@contracts/topup/validators";
import {
  createHarRecorder,
  createUpmobileClient,
  isContractError,
  type Operation,
  paginateAccounts,
} from "@contracts/upmobile";
import { isWithdrawalRequest } from "@contracts/upmobile/validators";

const recorder = createHarRecorder({ sink: (entry) => console.debug(entry._operationId, entry.response.status) });
const upmobile = createUpmobileClient({ baseUrl: "https://upmobile.example", token: "t", recorder });
const topup = createTopupClient({ baseUrl: "https://topup.example/api/secure", token: "t" });

export async function show(out: HTMLElement): Promise<void> {
  try {
    const accounts: string[] = [];
    for await (const account of paginateAccounts(upmobile)) accounts.push(account.name);
    const { data } = await topup.GET("/topup/inquire/", { params: { query: { status: "pending" } } });
    const page: TopupInquiryPage | undefined = data;
    const operation: Partial<Operation> = { status: "pending" };
    out.textContent = JSON.stringify({
      accounts,
      pending: page?.count ?? 0,
      operation,
      valid: isWithdrawalRequest({}),
      form: validateTopup("CreateTopupRequest", { type: "from_accept_balance" }).valid,
    });
  } catch (error) {
    out.textContent = isContractError(error) ? `${error.kind}: ${error.message}` : String(error);
  }
}

const out = document.getElementById("out");
if (out) void show(out);
