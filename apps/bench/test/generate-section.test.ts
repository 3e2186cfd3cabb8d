import { describe, expect, it } from "vitest";
import { cacheCounts } from "../src/generate-section.js";
import { BenchAbort } from "../src/sections.js";

// The part of a run summary turbo 2.11 writes with `--summarize` (`.turbo/runs/<run id>.json`) that the bench reads.
const summary = {
  id: "3NAFL2s3VPawp23t8Mw96kI4KTU",
  turboVersion: "2.11.11",
  execution: { command: "turbo run generate", success: 1, failed: 0, cached: 5, attempted: 6, exitCode: 0 },
  tasks: [],
};

describe("cacheCounts", () => {
  it("reads the cache hits and the tasks run from the summary's execution counts", () => {
    expect(cacheCounts(summary)).toEqual({ cached: 5, total: 6 });
  });

  it("aborts the section when the summary has no counts, instead of reporting zeros", () => {
    expect(() => cacheCounts({ ...summary, execution: undefined })).toThrow(BenchAbort);
    expect(() => cacheCounts(null)).toThrow("execution.cached");
  });
});
