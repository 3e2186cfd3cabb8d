// Type-checks sample files with the TypeScript compiler and this app's tsconfig.json, against the real packages:
// what `tsc --noEmit` does for samples/, callable on any set of files (the tests check deliberately broken copies).
import { join, relative } from "node:path";
import ts from "typescript";
import { appDir } from "../../src/paths.js";

/** Type-checks the given files; `errors` has one `file:line:column message` line per compiler error. */
export function checkSamples(files: string[]): { ok: boolean; errors: string[] } {
  const configPath = join(appDir, "tsconfig.json");
  const { config, error } = ts.readConfigFile(configPath, ts.sys.readFile);
  if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, "\n"));
  const { options } = ts.parseJsonConfigFileContent(config, ts.sys, appDir, undefined, configPath);
  const program = ts.createProgram(files, { ...options, noEmit: true });
  const errors = ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, " ");
    if (!diagnostic.file || diagnostic.start === undefined) return message;
    const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
    return `${relative(appDir, diagnostic.file.fileName)}:${line + 1}:${character + 1} ${message}`;
  });
  return { ok: errors.length === 0, errors };
}
