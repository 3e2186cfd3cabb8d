// @vitest-environment happy-dom
import { type Account, createUpmobileClient, type Operation } from "@contracts/upmobile";
import { cleanup, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { WithdrawalForm } from "../src/upmobile/WithdrawalForm";

const context = { api: "Upmobile", baseUrl: "http://127.0.0.1:9" } as const;

const account: Account = {
  id: "123e4567-e89b-42d3-a456-426614174000",
  name: "Main RUB",
  type: "personal",
  status: "active",
  currency_code: "RUB",
  balance: "1000.00",
  held_balance: "0.00",
  created_at: "2024-01-15T10:30:00Z",
};

const operation = (status: Operation["status"]): Operation => ({
  id: "223e4567-e89b-42d3-a456-426614174001",
  type: "withdrawal",
  status,
  amount: "100.50",
  currency_code: "RUB",
  category_code: "mobile",
  operator_code: "beeline",
  destination: "+79001234567",
  from_account_id: account.id,
  from_account: account,
  to_account_id: "323e4567-e89b-42d3-a456-426614174002",
  to_account: { ...account, id: "323e4567-e89b-42d3-a456-426614174002", name: "Provider" },
  sender_label: "",
  receiver_label: "",
  created_at: "2024-01-15T10:30:00Z",
});

const ok = (data: unknown) =>
  new Response(JSON.stringify({ status: "success", status_code: 200, data }), {
    headers: { "Content-Type": "application/json" },
  });

function sandboxLike() {
  const calls: string[] = [];
  let polls = 0;
  const client = createUpmobileClient({
    baseUrl: context.baseUrl,
    token: "component-test-token",
    fetch: async (request) => {
      const { pathname } = new URL(request.url);
      calls.push(`${request.method} ${pathname}`);
      if (pathname === "/withdrawals/preview") {
        return ok({
          amount: "100.50",
          commission: "1.5",
          currency: { code: "RUB", decimals: 2, symbol: "₽", names: { en: "Russian rouble", ru: "Рубль" } },
          operator: { code: "beeline", category_code: "mobile", names: { en: "Beeline", ru: "Билайн" } },
        });
      }
      if (pathname === "/withdrawals") return ok(operation("pending"));
      polls++;
      return ok(operation(polls < 2 ? "processing" : "completed"));
    },
  });
  return { client, calls };
}

afterEach(cleanup);

describe("<WithdrawalForm>", () => {
  it("previews once typing pauses, then sends one withdrawal for a double click and follows it to completed", async () => {
    const user = userEvent.setup();
    const { client, calls } = sandboxLike();
    let settled = 0;
    render(<WithdrawalForm client={client} context={context} accounts={[account]} onSettled={() => settled++} />);

    await user.type(screen.getByLabelText("Operator"), "beeline");
    await user.type(screen.getByLabelText("Destination"), "+79001234567");
    await user.type(screen.getByLabelText("Amount"), "100.50");
    await waitFor(() => expect(screen.getByTestId("preview-total").textContent).toBe("102.00 RUB"));
    expect(screen.getByTestId("preview-commission").textContent).toBe("1.50 RUB");
    expect(calls.filter((c) => c === "POST /withdrawals/preview")).toHaveLength(1);

    await user.dblClick(screen.getByRole("button", { name: "Withdraw" }));
    await waitFor(() => expect(settled).toBe(1), { timeout: 5_000 });
    expect(calls.filter((c) => c === "POST /withdrawals")).toHaveLength(1);
    const progress = screen.getByTestId("withdrawal-progress");
    expect(progress.dataset.phase).toBe("done");
    expect([...progress.querySelectorAll(".steps .badge")].map((b) => b.textContent)).toEqual([
      "pending",
      "processing",
      "completed",
    ]);
  });

  it("marks invalid input at its field while typing, without asking the server", async () => {
    const user = userEvent.setup();
    const { client, calls } = sandboxLike();
    render(<WithdrawalForm client={client} context={context} accounts={[account]} onSettled={() => {}} />);
    await user.type(screen.getByLabelText("Operator"), "beeline");
    await user.type(screen.getByLabelText("Amount"), "-5");
    const amount = screen.getByLabelText("Amount");
    await waitFor(() => expect(amount.getAttribute("aria-invalid")).toBe("true"));
    expect(document.getElementById(amount.getAttribute("aria-describedby") ?? "")?.textContent).toMatch(
      /^amount must be a positive decimal string/,
    );
    expect(calls).toEqual([]);
  });
});
