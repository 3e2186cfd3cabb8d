import { describe, expect, it } from "vitest";
import { threadCpuUs } from "../src/client-section.js";

describe("threadCpuUs", () => {
  it("counts this thread's CPU time, and not time spent waiting", async () => {
    const before = threadCpuUs();
    expect(before).not.toBeNull();
    const busyUntil = performance.now() + 150;
    while (performance.now() < busyUntil) {
      // burns this thread's CPU for 150 ms
    }
    const busy = (threadCpuUs() ?? 0) - (before ?? 0);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const idle = (threadCpuUs() ?? 0) - (before ?? 0) - busy;
    // at least part of the busy loop (the thread may be descheduled on a loaded machine), and far less when waiting
    expect(busy).toBeGreaterThanOrEqual(20_000);
    expect(idle).toBeLessThan(busy);
  });
});
