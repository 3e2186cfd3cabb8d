import { describe, expect, it } from "vitest";
import { type OperationTable, operationIndex } from "../src/operation-table.js";
import { op } from "./support/operation.js";

const table: OperationTable = {
  GetThing: op("GetThing", {
    method: "GET",
    path: "/things/{id}",
    parameters: { path: [{ name: "id", required: true, type: "string" }], query: [], header: [] },
    responses: { "200": { contentType: "application/json" } },
  }),
};

describe("operationIndex", () => {
  it("matches method case-insensitively and the path template exactly", () => {
    const find = operationIndex(table);
    expect(find("get", "/things/{id}")?.operationId).toBe("GetThing");
    expect(find("POST", "/things/{id}")).toBeUndefined();
    expect(find("GET", "/things/1")).toBeUndefined();
  });
});
