// @vitest-environment happy-dom
import { createTopupClient } from "@contracts/topup";
import { operationTable } from "@contracts/topup/spec";
import { cleanup, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { TopupForm } from "../src/topup/TopupForm";

const context = { api: "Topup", baseUrl: "http://127.0.0.1:9" } as const;

/** A client whose fetch answers from a script and records every request (no module mocks, no network). */
function scripted(answer: (request: Request) => Response | Promise<Response>) {
  const requests: Request[] = [];
  const client = createTopupClient({
    baseUrl: context.baseUrl,
    token: "component-test-token",
    fetch: async (request) => {
      requests.push(request);
      return answer(request);
    },
  });
  return { client, requests };
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

const created = {
  id: 77,
  client_id: 1,
  amount: "1000.00",
  transfer_type: "from_bank_transfer",
  username: null,
  from_bank: "CIB",
  to_bank: null,
  from_account_number: "1234567890",
  to_account_number: null,
  from_account_name: "John Doe",
  to_account_name: null,
  from_date: "2024-01-15",
  to_attach_proof: "/media/proof.pdf",
  automatic: false,
  accept_balance_transfer_id: null,
  status: "pending",
  reason: null,
};

async function fillBankForm(user: ReturnType<typeof userEvent.setup>, file?: File) {
  await user.type(screen.getByLabelText("Amount"), "1000");
  await user.type(screen.getByLabelText("From bank"), "CIB");
  await user.type(screen.getByLabelText("From account number"), "1234567890");
  await user.type(screen.getByLabelText("From account name"), "John Doe");
  await user.type(screen.getByLabelText("Transfer date"), "2024-01-15");
  await user.upload(
    screen.getByLabelText("Proof of transfer"),
    file ?? new File(["%PDF-1.4"], "proof.pdf", { type: "application/pdf" }),
  );
}

afterEach(cleanup);

describe("<TopupForm>", () => {
  it("shows each generated validator error next to its field and sends nothing", async () => {
    const user = userEvent.setup();
    const { client, requests } = scripted(() => json(201, created));
    render(<TopupForm client={client} context={context} />);

    await user.type(screen.getByLabelText("Amount"), "1000");
    await user.click(screen.getByRole("button", { name: "Send top-up request" }));

    const bank = screen.getByLabelText("From bank");
    expect(bank.getAttribute("aria-invalid")).toBe("true");
    const describedBy = bank.getAttribute("aria-describedby") ?? "";
    expect(document.getElementById(describedBy)?.textContent).toBe("from_bank must not be empty.");
    expect(screen.getByText("to_attach_proof is required when type is from_bank_transfer.")).toBeTruthy();
    expect(screen.getByLabelText("Amount").getAttribute("aria-invalid")).toBeNull();
    expect(requests).toHaveLength(0);
  });

  it("shows the fields of the chosen type", async () => {
    const user = userEvent.setup();
    const { client } = scripted(() => json(201, created));
    render(<TopupForm client={client} context={context} />);
    expect(screen.getByLabelText("Proof of transfer")).toBeTruthy();
    expect(screen.queryByLabelText("Accept username")).toBeNull();

    await user.selectOptions(screen.getByLabelText("Type"), "from_accept_balance");
    expect(screen.getByLabelText("Accept username")).toBeTruthy();
    expect(screen.queryByLabelText("From bank")).toBeNull();
    expect(screen.queryByLabelText("Proof of transfer")).toBeNull();
  });

  it("refuses an oversize proof as soon as it is picked, and on submit sends nothing", async () => {
    const user = userEvent.setup();
    const { client, requests } = scripted(() => json(201, created));
    render(<TopupForm client={client} context={context} />);
    const limit = operationTable.CreateTopupRequest.requestBody.files.to_attach_proof.maxBytes;
    const big = new File([new Uint8Array(limit + 1)], "big.pdf", { type: "application/pdf" });
    await fillBankForm(user, big);

    expect(
      screen.getByText(`to_attach_proof must be at most ${limit.toLocaleString("en-US")} bytes`, { exact: false }),
    ).toBeTruthy();
    await user.click(screen.getByRole("button", { name: "Send top-up request" }));
    expect(
      screen.getByText(`to_attach_proof must be at most ${limit.toLocaleString("en-US")} bytes`, { exact: false }),
    ).toBeTruthy();
    expect(requests).toHaveLength(0);
  });

  it("maps the server's 400 field messages to the same fields", async () => {
    const user = userEvent.setup();
    const { client, requests } = scripted(() =>
      json(400, {
        disbursement_status: "failed",
        status_code: "400",
        status_description: { from_account_number: ["Account number is not valid for this bank."] },
      }),
    );
    render(<TopupForm client={client} context={context} />);
    await fillBankForm(user);
    await user.click(screen.getByRole("button", { name: "Send top-up request" }));

    const field = screen.getByLabelText("From account number");
    await waitFor(() => expect(field.getAttribute("aria-invalid")).toBe("true"));
    expect(document.getElementById(field.getAttribute("aria-describedby") ?? "")?.textContent).toBe(
      "Account number is not valid for this bank.",
    );
    expect(screen.getByRole("alert").textContent).toMatch(/HTTP 400/);
    expect(requests).toHaveLength(1);
  });

  it("shows a string status_description as a form-level error", async () => {
    const user = userEvent.setup();
    const { client } = scripted(() =>
      json(400, { disbursement_status: "failed", status_code: "400", status_description: "Amount is too low." }),
    );
    render(<TopupForm client={client} context={context} />);
    await fillBankForm(user);
    await user.click(screen.getByRole("button", { name: "Send top-up request" }));
    await waitFor(() => expect(screen.getByRole("alert").textContent).toBe("Amount is too low."));
  });

  it("sends one upload for a double click, then shows the request's status", async () => {
    const user = userEvent.setup();
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const { client, requests } = scripted(async () => {
      await gate;
      return json(201, created);
    });
    render(<TopupForm client={client} context={context} />);
    await fillBankForm(user);
    const button = screen.getByRole("button", { name: "Send top-up request" });
    await user.dblClick(button);
    await waitFor(() => expect(requests).toHaveLength(1));
    expect((button as HTMLButtonElement).disabled).toBe(true);
    release();

    await waitFor(() => expect(screen.getByTestId("topup-status").textContent).toBe("pending"));
    expect(requests).toHaveLength(1);
    expect(requests[0]?.headers.get("Content-Type")).toMatch(/^multipart\/form-data/);
  });

  it("says so when the server refuses the token", async () => {
    const user = userEvent.setup();
    const { client } = scripted(() =>
      json(401, { disbursement_status: "failed", status_code: "401", detail: "Invalid token." }),
    );
    render(<TopupForm client={client} context={context} />);
    await fillBankForm(user);
    await user.click(screen.getByRole("button", { name: "Send top-up request" }));
    await waitFor(() =>
      expect(screen.getByRole("alert").textContent).toBe(
        "Topup refused the token (HTTP 401). Check the Topup token in Settings (Invalid token.).",
      ),
    );
  });

  it("says so when the server cannot be reached", async () => {
    const user = userEvent.setup();
    const { client } = scripted(() => Promise.reject(new TypeError("Failed to fetch")));
    render(<TopupForm client={client} context={context} />);
    await fillBankForm(user);
    await user.click(screen.getByRole("button", { name: "Send top-up request" }));
    await waitFor(() => expect(screen.getByRole("alert").textContent).toMatch(/^Could not reach Topup at/));
  });
});
