/** The extension a nameless Blob gets, so the server sees a file name that matches its content type. */
const EXTENSIONS: Record<string, string> = {
  "application/pdf": "pdf",
  "image/jpeg": "jpg",
  "image/png": "png",
};

/**
 * Serializes a multipart body: every Blob or File becomes a file part with its file name and content type, every
 * scalar a string field, arrays repeat their field; `undefined` and `null` fields are left out.
 */
export function toFormData(body: unknown): FormData {
  if (body instanceof FormData) return body;
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new TypeError("A multipart/form-data body must be a plain object of fields.");
  }
  const form = new FormData();
  for (const [field, value] of fieldPairs(body)) appendField(form, field, value);
  return form;
}

/** An object's fields as `[name, value]` pairs, an array giving one pair per item. */
export function fieldPairs(body: object): Array<[string, unknown]> {
  return Object.entries(body).flatMap(([name, value]) =>
    (Array.isArray(value) ? value : [value]).map((item): [string, unknown] => [name, item]),
  );
}

function appendField(form: FormData, field: string, value: unknown): void {
  if (value === undefined || value === null) return;
  if (value instanceof Blob) {
    form.append(field, value, partFileName(field, value));
  } else if (value instanceof Date) {
    form.append(field, value.toISOString());
  } else if (typeof value === "object") {
    throw new TypeError(`Field "${field}" is an object; a multipart field must be a string, number, boolean or file.`);
  } else {
    form.append(field, String(value));
  }
}

/** The file name a part is sent with: the File's own, else the field's name with the extension of its type. */
export function partFileName(field: string, blob: Blob): string {
  if (typeof File !== "undefined" && blob instanceof File && blob.name) return blob.name;
  const extension = EXTENSIONS[blob.type.split(";")[0]?.trim() ?? ""];
  return extension ? `${field}.${extension}` : field;
}
