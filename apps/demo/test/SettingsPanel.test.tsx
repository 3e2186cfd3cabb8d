// @vitest-environment happy-dom
import { cleanup, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { SettingsPanel } from "../src/SettingsPanel";
import { defaultSettings, type Settings } from "../src/settings";

afterEach(cleanup);

describe("<SettingsPanel>", () => {
  it("hides tokens, and applies a preset and typed values together", async () => {
    const user = userEvent.setup();
    const applied: Settings[] = [];
    render(<SettingsPanel settings={defaultSettings({})} onApply={(s) => applied.push(s)} />);

    const token = document.getElementById("upmobile-token") as HTMLInputElement;
    expect(token.type).toBe("password");
    expect(screen.getAllByLabelText("Token")).toHaveLength(2);
    const apply = screen.getByRole("button", { name: "Apply settings" }) as HTMLButtonElement;
    expect(apply.disabled).toBe(true);

    await user.click(screen.getByRole("button", { name: /Prism mocks/ }));
    await user.clear(token);
    await user.type(token, "typed-token");
    await user.click(apply);
    expect(applied).toEqual([
      {
        upmobile: { baseUrl: "http://127.0.0.1:4010", token: "typed-token" },
        topup: { baseUrl: "http://127.0.0.1:4011", token: "mock-topup-token" },
      },
    ]);
  });
});
