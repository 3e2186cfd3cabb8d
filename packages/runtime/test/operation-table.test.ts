import { describe, expect, it } from "vitest";
import { type OperationTable, operationIndex } from "../src/operation-table.js";

const table: OperationTable = {
  GetThing: {
    operationId: "GetThing",
    method: "GET",
    path: "/things/{id}",
    summary: "",
    tags: [],
    secured: true,
    movesMoney: false,
    sensitiveFields: [],
    parameters: { path: [{ name: "id", required: true, type: "string" }], query: [], header: [] },
    requestBody: null,
    responses: { "200": { contentType: "application/json" } },
  },
};

describe("operationIndex", () => {
  it("matches method case-insensitively and the path template exactly", () => {
    const find = operationIndex(table);
    expect(find("get", "/things/{id}")?.operationId).toBe("GetThing");
    expect(find("POST", "/things/{id}")).toBeUndefined();
    expect(find("GET", "/things/1")).toBeUndefined();
  });
});
