import { pathToFileURL } from "node:url";

/** Runs a command's `main` when its module is the entry point and sets the exit code (1 on an unexpected error). */
export function runWhenEntry(moduleUrl: string, main: () => Promise<number>): void {
  const entry = process.argv[1];
  if (!entry || moduleUrl !== pathToFileURL(entry).href) return;
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
      process.exitCode = 1;
    },
  );
}
