import type { OperationDescriptor } from "../../src/operation-table.js";

/** An operation descriptor for a test: a secured POST at `/<operationId>` with nothing else, changed by `extra`. */
export const op = (operationId: string, extra: Partial<OperationDescriptor> = {}): OperationDescriptor => ({
  operationId,
  method: "POST",
  path: `/${operationId}`,
  summary: "",
  tags: [],
  secured: true,
  movesMoney: false,
  sensitiveFields: [],
  parameters: { path: [], query: [], header: [] },
  requestBody: null,
  responses: {},
  ...extra,
});
