import { operationTable as topup } from "@contracts/topup/spec";
import { operationTable as upmobile } from "@contracts/upmobile/spec";
import { describe, expect, it } from "vitest";
import { createRouter, displayPath, encodePath, parseTarget, type RequestTarget } from "../src/target.js";

function target(raw: string): RequestTarget {
  const parsed = parseTarget(raw);
  if (!parsed.ok) throw new Error(`refused ${raw}: ${parsed.problem.message}`);
  return parsed.target;
}

describe("parseTarget", () => {
  it.each([
    ["/accounts", "/accounts"],
    ["/%61ccounts", "/accounts"],
    ["/x/../accounts", "/accounts"],
    ["/x/%2e%2e/accounts", "/accounts"],
    ["/./accounts", "/accounts"],
    ["/../../accounts", "/accounts"],
    ["//accounts", "/accounts"],
    ["/topup//inquire/", "/topup/inquire/"],
    ["/topup/inquire/.", "/topup/inquire/"],
    ["/topup/request/x/..", "/topup/request/"],
    ["/", "/"],
    ["/operations/a%20b", "/operations/a b"],
  ])("reads %s as %s", (raw, path) => {
    expect(displayPath(target(raw))).toBe(path);
  });

  it("keeps the query as sent, once it is known to decode", () => {
    expect(target("/accounts?page=1&page_size=%32%30&x=a+b").query).toBe("page=1&page_size=%32%30&x=a+b");
    expect(target("/accounts").query).toBe("");
  });

  it.each([
    ["/%zzccounts", 'The path segment "%zzccounts" is not valid percent-encoding'],
    ["/accounts%", 'The path segment "accounts%" is not valid percent-encoding'],
    ["/%ff", 'The path segment "%ff" is not valid percent-encoding'],
    ["/operations%2f1", "contains an escaped slash (%2F)"],
    ["/topup\\request/", "backslash"],
    ["/accounts#x", "fragment"],
    ["*", "must be a path"],
    ["http://127.0.0.1/accounts", "must be a path"],
    ["/acc\u00e9", "outside printable ASCII"],
    ["/accounts?page=%zz", "The value of the query parameter page is not valid percent-encoding"],
    ["/accounts?pa%zzge=1", 'The query parameter name "pa%zzge" is not valid percent-encoding'],
  ])("refuses %s", (raw, message) => {
    const parsed = parseTarget(raw);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problem.message).toContain(message);
  });

  it("names the query parameter at fault", () => {
    const parsed = parseTarget("/accounts?page=%zz");
    expect(parsed.ok ? undefined : parsed.problem.details?.map((d) => d.field)).toEqual(["page"]);
  });

  it("re-encodes every segment for Prism, so it cannot split or decode one differently", () => {
    expect(encodePath(target("/%61ccounts"))).toBe("/accounts");
    expect(encodePath(target("/operations/a%3Fb%23c%25"))).toBe("/operations/a%3Fb%23c%25");
    expect(encodePath(target("/topup//inquire/"))).toBe("/topup/inquire/");
  });
});

describe("createRouter", () => {
  const routeUpmobile = createRouter(upmobile);
  const routeTopup = createRouter(topup);

  it("finds the operation on the decoded, normalised path", () => {
    expect(routeUpmobile("GET", target("/%61ccounts")).op?.operationId).toBe("GetAccounts");
    expect(routeUpmobile("GET", target("/operations/123")).op?.operationId).toBe("GetOperation");
    expect(routeTopup("POST", target("/topup//request/")).op?.operationId).toBe("CreateTopupRequest");
  });

  it("tells a documented path with another method from an unknown path", () => {
    expect(routeUpmobile("OPTIONS", target("/accounts"))).toEqual({ op: undefined, known: true });
    expect(routeUpmobile("GET", target("/nope"))).toEqual({ op: undefined, known: false });
  });

  it("treats a trailing slash as significant, as both providers do", () => {
    expect(routeUpmobile("GET", target("/accounts/")).known).toBe(false);
    expect(routeTopup("GET", target("/topup/inquire")).known).toBe(false);
  });
});
