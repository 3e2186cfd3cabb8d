import { randomUUID } from "node:crypto";
import { createWriteStream, rmSync, type WriteStream } from "node:fs";
import { join } from "node:path";
import { finished } from "node:stream/promises";
import busboy from "busboy";
import { pump } from "./body.js";

/** What one form may hold. Each is checked while the body streams in, so a form over a limit costs no more than it. */
export interface MultipartLimits {
  /** The whole body, framing included. */
  maxBodyBytes: number;
  /** Non-file fields. */
  maxFields: number;
  maxFieldBytes: number;
  maxFieldNameBytes: number;
  /** The fields that take a file, each with its largest size; a file in any other field is counted but not kept. */
  fileFields: Readonly<Record<string, { maxBytes: number | null }>>;
}

/** A file part, streamed to disk as it arrived (or only counted, for a field that takes no file). */
export interface SpooledFile {
  field: string;
  filename: string;
  mimeType: string;
  /** Bytes received, up to the field's limit + 1 (so "one byte too many" is still seen). */
  size: number;
  /** The first bytes, to check that the content is what the declared type says. */
  head: Uint8Array;
  /** Where the bytes are; null when the part was not kept. */
  path: string | null;
}

export type FormValue = string | SpooledFile;

export type MultipartResult =
  | { ok: true; fields: Map<string, FormValue[]>; files: SpooledFile[] }
  | { ok: false; status: 400 | 413; field: string | null; message: string; files: SpooledFile[] };

const HEAD_BYTES = 16;

/** Parses a multipart body with busboy (linear in the input) within the limits; the caller removes spooled files. */
export async function parseMultipart(
  body: ReadableStream<Uint8Array> | null,
  contentType: string,
  limits: MultipartLimits,
  spoolDir: string,
): Promise<MultipartResult> {
  const fields = new Map<string, FormValue[]>();
  const files: SpooledFile[] = [];
  const writes: Promise<unknown>[] = [];
  const sinks: WriteStream[] = [];
  const fileLimit = Math.max(0, ...Object.values(limits.fileFields).map((f) => (f.maxBytes ?? 2 ** 40) + 1));
  let failure: Extract<MultipartResult, { ok: false }> | undefined;
  const fail = (status: 400 | 413, field: string | null, message: string) => {
    failure ??= { ok: false, status, field, message, files };
    return failure;
  };
  const unreadable = (error: unknown) => fail(400, null, `The multipart body cannot be read: ${reason(error)}`);

  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: { "content-type": contentType },
      defParamCharset: "utf8",
      limits: {
        fields: limits.maxFields,
        fieldSize: limits.maxFieldBytes,
        fieldNameSize: limits.maxFieldNameBytes,
        files: Object.keys(limits.fileFields).length,
        fileSize: fileLimit,
        parts: limits.maxFields + Object.keys(limits.fileFields).length,
        headerPairs: 16,
      },
    });
  } catch (error) {
    return unreadable(error);
  }

  const add = (name: string, value: FormValue) => {
    const values = fields.get(name);
    if (values) values.push(value);
    else fields.set(name, [value]);
  };
  // busboy limits the size of a multipart part's headers, not of the name inside them; that is checked here.
  const nameTooLong = (name: string) => {
    if (Buffer.byteLength(name) <= limits.maxFieldNameBytes) return false;
    fail(400, null, `A field name is longer than ${limits.maxFieldNameBytes} bytes.`);
    return true;
  };
  parser.on("field", (name, value, info) => {
    if (nameTooLong(name)) return;
    if (info.valueTruncated) fail(400, name, `Ensure this field has no more than ${limits.maxFieldBytes} bytes.`);
    else add(name, value);
  });
  parser.on("file", (name, stream, info) => {
    if (nameTooLong(name)) {
      stream.resume();
      return;
    }
    const spooled: SpooledFile = {
      field: name,
      filename: info.filename ?? "",
      mimeType: info.mimeType,
      size: 0,
      head: new Uint8Array(0),
      path: null,
    };
    files.push(spooled);
    add(name, spooled);
    let sink: WriteStream | undefined;
    if (Object.hasOwn(limits.fileFields, name) && failure === undefined) {
      spooled.path = join(spoolDir, `${randomUUID()}.part`);
      sink = createWriteStream(spooled.path);
      sinks.push(sink);
      writes.push(finished(sink).catch((error) => fail(400, name, `The file could not be stored: ${reason(error)}`)));
    }
    stream.on("data", (chunk: Buffer) => {
      if (spooled.head.length < HEAD_BYTES) {
        spooled.head = Buffer.concat([spooled.head, chunk.subarray(0, HEAD_BYTES - spooled.head.length)]);
      }
      spooled.size += chunk.length;
      // a slow disk pauses the part (and so the parser and the body) instead of buffering it in memory.
      if (sink && !sink.write(chunk)) {
        stream.pause();
        sink.once("drain", () => stream.resume());
      }
    });
    stream.once("end", () => sink?.end());
    stream.once("error", () => sink?.destroy());
  });
  parser.on("fieldsLimit", () => fail(400, null, `The form has more than ${limits.maxFields} fields.`));
  parser.on("filesLimit", () =>
    fail(400, null, `The form has more than ${Object.keys(limits.fileFields).length} file(s).`),
  );
  parser.on("partsLimit", () => fail(400, null, "The form has too many parts."));
  const parsed = new Promise<void>((resolve) => {
    parser.once("close", resolve);
    parser.once("error", (error) => {
      unreadable(error);
      resolve();
    });
  });

  const end = await pump(
    body,
    limits.maxBodyBytes,
    async (chunk) => {
      if (!parser.write(chunk)) await new Promise((resolve) => parser.once("drain", resolve));
    },
    () => failure !== undefined,
  );
  if (end === "too_large") fail(413, null, `The request body is larger than ${limits.maxBodyBytes} bytes.`);
  // the client went away mid-upload; nobody will read the answer, but the spooled parts must go.
  if (end === "aborted") fail(400, null, "The upload was interrupted.");
  if (failure) {
    parser.destroy();
    for (const sink of sinks) sink.destroy();
  } else {
    parser.end();
    await parsed;
  }
  await Promise.all(writes);
  if (!failure) return { ok: true, fields, files };
  removeSpooled(files);
  return failure;
}

/** Removes the spooled bytes of every part (kept proofs were linked elsewhere first). */
export function removeSpooled(files: readonly SpooledFile[]): void {
  for (const file of files) if (file.path) rmSync(file.path, { force: true });
}

const reason = (error: unknown) => (error instanceof Error ? error.message : String(error));
