import { mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { link, open, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Transaction } from "kysely";
import type { Database } from "../db/schema.js";

/**
 * Uploads stream to `spoolDir`; `keep` makes one permanent inside the transaction that records its request, so no
 * request is recorded without its proof. Never in process memory, which must not grow with the proofs.
 */
export interface ProofStore {
  readonly spoolDir: string;
  keep(trx: Transaction<Database>, spooledPath: string, name: string): Promise<void>;
  close(): void;
}

/** Proofs as files in `root`, fsynced with their folder entry before the request commits. */
export function directoryProofs(root: string, temporary = false): ProofStore {
  // one spool folder per process, so that sandboxes sharing a data directory never remove each other's uploads.
  mkdirSync(join(root, ".incoming"), { recursive: true });
  const spoolDir = mkdtempSync(join(root, ".incoming", `${process.pid}-`));
  return {
    spoolDir,
    async keep(_trx, spooledPath, name) {
      const target = join(root, name);
      await syncFile(spooledPath);
      // a link, not a rename, so a rerun transaction links again; a file at the target never committed.
      await rm(target, { force: true });
      await link(spooledPath, target);
      await syncFile(root);
    },
    close() {
      if (temporary) rmSync(root, { recursive: true, force: true });
      else rmSync(spoolDir, { recursive: true, force: true });
    },
  };
}

/** A fresh temporary folder of proofs, removed on close. */
export const temporaryProofs = (): ProofStore => directoryProofs(temporaryFolder("sandbox-proofs-"), true);

/** A new temporary folder named after this process, after removing those of processes killed before they could. */
function temporaryFolder(prefix: string): string {
  for (const name of readdirSync(tmpdir())) {
    const pid = name.startsWith(prefix) ? Number(name.slice(prefix.length).split("-")[0]) : Number.NaN;
    if (Number.isInteger(pid) && pid > 0 && !isRunning(pid))
      rmSync(join(tmpdir(), name), { recursive: true, force: true });
  }
  return mkdtempSync(join(tmpdir(), `${prefix}${process.pid}-`));
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Proofs in the database's `proofs` table (PostgreSQL without a data directory: every replica sees them). */
export function databaseProofs(): ProofStore {
  const spoolDir = temporaryFolder("sandbox-spool-");
  return {
    spoolDir,
    async keep(trx, spooledPath, name) {
      // one proof (at most 2.8 MiB) is read at a time per request, only to hand it to the database.
      const bytes = await readFile(spooledPath);
      await trx
        .insertInto("proofs")
        .values({ name, bytes })
        .onConflict((oc) => oc.column("name").doUpdateSet({ bytes }))
        .execute();
    },
    close() {
      rmSync(spoolDir, { recursive: true, force: true });
    },
  };
}

/** fsync on libuv's thread pool, as the store's WAL sync: the event loop keeps serving while the disk syncs. */
async function syncFile(path: string): Promise<void> {
  const handle = await open(path, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
