import ts from "typescript";

/** One assignability question for TypeScript: can a value of `from` be used where `to` is expected? */
export interface TypeQuestion {
  /** A type expression over `Old` and `New` (each version's generated `operations`). */
  from: string;
  to: string;
}

const OPTIONS: ts.CompilerOptions = {
  strict: true,
  noEmit: true,
  skipLibCheck: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  // the generated types name Blob and File for file parts.
  lib: ["lib.es2022.d.ts", "lib.dom.d.ts"],
  types: [],
};

let previous: ts.Program | undefined;

const DIR = "/spec-diff";
const CHECKS = `${DIR}/checks.ts`;
/** The lines before the first question in the checks file. */
const HEADER = 3;

const lineOf = (d: ts.Diagnostic) =>
  d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line : -1;

/**
 * Asks TypeScript's own checker each question about two versions' generated types, in one program: the answer is
 * null when `from` is assignable to `to`, else the checker's reason (its last, most specific line).
 */
export function checkAssignable(
  oldTypes: string,
  newTypes: string,
  questions: readonly TypeQuestion[],
): Array<string | null> {
  const lines = [
    'import type { operations as Old } from "./old";',
    'import type { operations as New } from "./new";',
    "declare function value<T>(): T;",
    ...questions.map((q, i) => `export const check${i}: ${q.to} = value<${q.from}>();`),
  ];
  const files = new Map([
    [`${DIR}/old.ts`, oldTypes],
    [`${DIR}/new.ts`, newTypes],
    [CHECKS, `${lines.join("\n")}\n`],
  ]);
  const host = ts.createCompilerHost(OPTIONS);
  const readFile = host.readFile.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.fileExists = (name) => files.has(name) || ts.sys.fileExists(name);
  // the checks live in a folder that exists only here; module resolution asks for it first.
  host.directoryExists = (name) => name === DIR || ts.sys.directoryExists(name);
  host.realpath = (name) => (name.startsWith(`${DIR}/`) ? name : (ts.sys.realpath?.(name) ?? name));
  host.readFile = (name) => files.get(name) ?? readFile(name);
  host.getSourceFile = (name, language, onError) => {
    const text = files.get(name);
    return text === undefined
      ? getSourceFile(name, language, onError)
      : ts.createSourceFile(name, text, language, true);
  };
  // the previous program lends its parsed lib files, so a corpus of diffs does not parse lib.dom.d.ts each time.
  const program = ts.createProgram([...files.keys()], OPTIONS, host, previous);
  previous = program;
  const answers: Array<string | null> = questions.map(() => null);
  const checks = program.getSourceFile(CHECKS);
  const all = ts.getPreEmitDiagnostics(program);
  // anything but an answer (the imports, the generated types themselves) would make every answer a lie.
  const setup = all.filter((d) => d.file?.fileName !== CHECKS || lineOf(d) < HEADER);
  if (setup.length > 0) {
    const first = setup[0] as ts.Diagnostic;
    throw new Error(`The generated types do not compile: ${ts.flattenDiagnosticMessageText(first.messageText, " ")}`);
  }
  for (const diagnostic of all) {
    if (diagnostic.file !== checks) continue;
    const index = lineOf(diagnostic) - HEADER;
    if (index < 0 || index >= questions.length) continue;
    answers[index] = reason(ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"));
  }
  return answers;
}

/** The checker's chain of messages as one line: the property path it went down, then its most specific message. */
function reason(chain: string): string {
  const lines = chain.split("\n").map((l) => l.trim());
  const path = lines.flatMap(
    (l) =>
      /^Types of property '([^']+)' are incompatible\.$/.exec(l)?.[1] ??
      /^The types of '([^']+)' are incompatible between these types\.$/.exec(l)?.[1] ??
      [],
  );
  const last = (lines.at(-1) ?? "not assignable").replace(/\s+/g, " ");
  const short = last.length > 240 ? `${last.slice(0, 237)}…` : last;
  return path.length > 0 ? `${path.join(".")}: ${short}` : short;
}
