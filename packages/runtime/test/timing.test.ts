import { describe, expect, it } from "vitest";
import { HttpError } from "../src/errors.js";
import { paginate } from "../src/paginate.js";
import { unwrap } from "../src/result.js";
import { backoffDelay, parseRetryAfter, sleep } from "../src/timing.js";

describe("parseRetryAfter", () => {
  const now = Date.parse("2026-01-01T00:00:00Z");
  it.each([
    ["120", 120_000],
    [" 3 ", 3_000],
    ["Thu, 01 Jan 2026 00:00:05 GMT", 5_000],
    ["Wed, 31 Dec 2025 23:59:00 GMT", 0],
  ])("reads %j as %i ms", (value, ms) => {
    expect(parseRetryAfter(value, now)).toBe(ms);
  });
  it.each([null, "", "soon", "-1"])("ignores %j", (value) => {
    expect(parseRetryAfter(value, now)).toBeUndefined();
  });
});

describe("backoffDelay", () => {
  it("grows exponentially up to the cap, scaled by the jitter", () => {
    expect([1, 2, 3, 4, 5].map((a) => backoffDelay(a, 100, 500, () => 1))).toEqual([100, 200, 400, 500, 500]);
    expect(backoffDelay(3, 100, 500, () => 0.5)).toBe(200);
    expect(backoffDelay(3, 100, 500, () => 0)).toBe(0);
  });
});

describe("sleep", () => {
  it("rejects with the abort reason as soon as the signal aborts", async () => {
    const controller = new AbortController();
    const pending = sleep(10_000, controller.signal);
    controller.abort(new Error("stop"));
    await expect(pending).rejects.toThrow("stop");
    await expect(sleep(1, AbortSignal.abort(new Error("already")))).rejects.toThrow("already");
  });
});

describe("unwrap", () => {
  it("returns data on success and throws an HttpError with the status and body otherwise", () => {
    expect(unwrap("Op", { data: 1, response: new Response(null, { status: 200 }) })).toBe(1);
    const error = (() => {
      try {
        unwrap("Op", {
          error: { code: "not_found", message: "No such thing." },
          response: new Response(null, { status: 404 }),
        });
      } catch (e) {
        return e as HttpError;
      }
    })();
    expect(error).toBeInstanceOf(HttpError);
    expect(error?.status).toBe(404);
    expect(error?.message).toBe("Op failed with HTTP 404: not_found — No such thing.");
  });
});

describe("paginate", () => {
  const pagesOf = (sizes: number[]) =>
    paginate(async (page) => ({
      items: Array.from({ length: sizes[page - 1] ?? 0 }, (_, i) => `${page}.${i}`),
      hasNext: page < sizes.length,
    }));

  it.each([
    [[0], []],
    [[2], ["1.0", "1.1"]],
    [
      [2, 2, 1],
      ["1.0", "1.1", "2.0", "2.1", "3.0"],
    ],
  ])("walks %j pages", async (sizes, expected) => {
    expect(await pagesOf(sizes).toArray()).toEqual(expected);
    const seen: string[] = [];
    for await (const item of pagesOf(sizes)) seen.push(item);
    expect(seen).toEqual(expected);
  });

  it("fetches lazily, one page per step", async () => {
    const fetched: number[] = [];
    const paginator = paginate(async (page) => {
      fetched.push(page);
      return { items: [page], hasNext: true };
    });
    for await (const page of paginator.pages()) if (page.items[0] === 2) break;
    expect(fetched).toEqual([1, 2]);
  });
});
