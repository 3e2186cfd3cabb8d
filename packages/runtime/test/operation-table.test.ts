import { describe, expect, it } from "vitest";
import { findOperation, type OperationTable } from "../src/operation-table.js";

const table: OperationTable = {
  GetThing: {
    operationId: "GetThing",
    method: "GET",
    path: "/things/{id}",
    summary: "",
    tags: [],
    secured: true,
    movesMoney: false,
    parameters: { path: ["id"], query: [], header: [] },
    requestBody: null,
    responses: { "200": { contentType: "application/json" } },
  },
};

describe("findOperation", () => {
  it("matches method case-insensitively and the path template exactly", () => {
    expect(findOperation(table, "get", "/things/{id}")?.operationId).toBe("GetThing");
    expect(findOperation(table, "POST", "/things/{id}")).toBeUndefined();
    expect(findOperation(table, "GET", "/things/1")).toBeUndefined();
  });
});
