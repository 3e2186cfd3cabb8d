import { describe, expect, it } from "vitest";
import { checkBody, checkMultipart, checkUrlencoded, isValidBoundary } from "../src/forms.js";
import { MAX_FORM_FIELDS } from "../src/limits.js";
import { formatMediaType, isReadableAccept, parseMediaType } from "../src/media-type.js";

const B = "XyZ123";
/** A multipart body from raw parts (each `headers\r\n\r\ndata`), closed unless told otherwise. */
function multipart(parts: string[], close = true): Buffer {
  return Buffer.from(`${parts.map((p) => `--${B}\r\n${p}\r\n`).join("")}${close ? `--${B}--\r\n` : ""}`, "latin1");
}
const field = (name: string, value = "1") => `Content-Disposition: form-data; name="${name}"\r\n\r\n${value}`;

describe("parseMediaType", () => {
  it.each([
    ["application/json", "application/json"],
    ["Application/JSON; Charset=UTF-8", "application/json; charset=UTF-8"],
    ['multipart/form-data; boundary="a b"', 'multipart/form-data; boundary="a b"'],
    ["multipart/form-data;boundary=abc", "multipart/form-data; boundary=abc"],
  ])("reads %s and writes it back as %s", (header, canonical) => {
    const media = parseMediaType(header);
    expect(media && formatMediaType(media)).toBe(canonical);
  });

  it.each(["garbage", "", "text/", "/plain", "text/plain;", "text/plain; charset", "a/b/c", "text/plain; a=1; a=2"])(
    "refuses %j (Prism's parsers throw on it)",
    (header) => {
      expect(parseMediaType(header)).toBeUndefined();
    },
  );

  it("reads Accept the way Prism splits it: on every comma", () => {
    expect(isReadableAccept("application/json, text/html;q=0.9, */*;q=0.8")).toBe(true);
    expect(isReadableAccept("")).toBe(true);
    expect(isReadableAccept("text/html,")).toBe(false);
    expect(isReadableAccept("garbage")).toBe(false);
  });
});

describe("checkUrlencoded", () => {
  it("accepts a well-formed form", () => {
    expect(checkUrlencoded(Buffer.from("grant_type=password&username=a+b&password=p%40ss"))).toBeUndefined();
  });

  it.each([
    ["%%%", "%%%"],
    ["grant_type=pa%zzss", "grant_type"],
    ["user%zz=1", "user%zz"],
    ["a=%e9", "a"],
  ])("refuses %s, naming %s", (body, field) => {
    expect(checkUrlencoded(Buffer.from(body))?.details?.[0]?.field).toBe(field);
  });

  it(`refuses more than ${MAX_FORM_FIELDS} fields`, () => {
    const body = Array.from({ length: MAX_FORM_FIELDS + 1 }, (_, i) => `f${i}=`).join("&");
    expect(checkUrlencoded(Buffer.from(body))?.message).toContain(`more than ${MAX_FORM_FIELDS} fields`);
  });
});

describe("checkMultipart", () => {
  const file = (name: string, disposition: string, type = "Content-Type: application/pdf\r\n") =>
    `Content-Disposition: form-data; name="${name}"; ${disposition}\r\n${type}\r\n%PDF-1.4 \r\n--X\r bytes`;

  it("accepts what curl, browsers and undici send", () => {
    expect(
      checkMultipart(multipart([field("amount", "1000"), file("proof", 'filename="proof.pdf"')]), B),
    ).toBeUndefined();
    expect(checkMultipart(multipart([field("empty", "")]), B)).toBeUndefined();
    expect(checkMultipart(Buffer.from(`preamble\r\n${multipart([field("a")]).toString()}epilogue`), B)).toBeUndefined();
  });

  it.each([
    ["a field name with a bad escape", multipart([field("am%zzount")]), "am%zzount", "not valid percent-encoding"],
    ["a field name with ;", multipart([field("a;b")]), "a;b", "contains a character"],
    ["a file name with =", multipart([file("f", 'filename="a=b.pdf"')]), "f", "contains a character"],
    ["a file part without Content-Type", multipart([file("f", 'filename="p.pdf"', "")]), "f", "no Content-Type"],
  ])("refuses %s, naming the field", (_, body, name, message) => {
    const problem = checkMultipart(body, B);
    expect(problem?.details?.[0]?.field).toBe(name);
    expect(problem?.message).toContain(message);
  });

  it.each([
    ["no boundary at all", Buffer.from("just text"), "no boundary line"],
    ["no closing boundary", multipart([field("a")], false), "without its closing boundary"],
    ["a part without Content-Disposition", multipart(["X-Foo: bar\r\n\r\n1"]), "no Content-Disposition"],
    ["a part without headers", multipart(["\r\n1"]), "no Content-Disposition"],
    ["headers without the empty line", multipart(['Content-Disposition: form-data; name="a"']), "not followed by"],
    ["an unquoted file name", multipart([file("f", "filename=proof.pdf")]), "must read form-data"],
    [
      "parameters in another order",
      multipart(['Content-Disposition: form-data; filename="a"; name="b"\r\n\r\n1']),
      "must read form-data",
    ],
    [
      "two dispositions",
      multipart([`Content-Disposition: form-data; name="a"\r\n${field("b")}`]),
      "two Content-Disposition",
    ],
    ["a folded header", multipart([`Content-Disposition: form-data;\r\n name="a"\r\n\r\n1`]), "malformed header line"],
    ["an empty name", multipart([field("")]), "empty field name"],
    ["the boundary inside a value", multipart([field("a", `x--${B}y`)]), "boundary appears inside a part"],
    ["the boundary split by a CR", multipart([field("a", `x--XyZ\r123`)]), "split by a CR or LF"],
    [
      "the boundary after the end",
      Buffer.concat([multipart([field("a")]), Buffer.from(`--${B}\r\n`)]),
      "after the closing",
    ],
    ["padding after a boundary", Buffer.from(`--${B}  \r\n${field("a")}\r\n--${B}--`), "must end right after"],
  ])("refuses %s", (_, body, message) => {
    expect(checkMultipart(body, B)?.message).toContain(message);
  });

  it(`refuses more than ${MAX_FORM_FIELDS} parts`, () => {
    const parts = Array.from({ length: MAX_FORM_FIELDS + 1 }, (_, i) => field(`f${i}`));
    expect(checkMultipart(multipart(parts), B)?.message).toContain(`more than ${MAX_FORM_FIELDS} fields`);
  });

  it("reads RFC 2046 boundaries", () => {
    expect(isValidBoundary("----WebKitFormBoundary7MA4YWxkTrZu0gW")).toBe(true);
    expect(isValidBoundary("a b")).toBe(true);
    expect(isValidBoundary("")).toBe(false);
    expect(isValidBoundary("ends with space ")).toBe(false);
    expect(isValidBoundary("x".repeat(71))).toBe(false);
    expect(isValidBoundary('quo"te')).toBe(false);
  });
});

describe("checkBody", () => {
  it("checks a body as the media type it claims", () => {
    const json = parseMediaType("application/json");
    const problem = checkBody(json, Buffer.from("{not json"));
    expect(problem?.details).toEqual([{ field: "body", message: "The body is not valid JSON." }]);
    expect(checkBody(parseMediaType("application/problem+json"), Buffer.from("{"))).toBeDefined();
    expect(checkBody(parseMediaType("application/x-www-form-urlencoded"), Buffer.from("%%%"))).toBeDefined();
    expect(checkBody(parseMediaType(`multipart/form-data; boundary=${B}`), Buffer.from("x"))).toBeDefined();
    expect(checkBody(parseMediaType("text/plain"), Buffer.from("%%%"))).toBeUndefined();
    expect(checkBody(undefined, Buffer.from("%%%"))).toBeUndefined();
  });
});
