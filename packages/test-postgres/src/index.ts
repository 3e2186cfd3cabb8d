import { execFile, execFileSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** Where Debian's `postgresql` package puts the server's programs: the newest version installed (15 here). */
function debianPostgresBin(): string {
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root) ? readdirSync(root).filter((v) => /^\d+$/.test(v)) : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0] ?? "15";
  return join(root, newest, "bin");
}

export interface PostgresOptions {
  /** The folder holding initdb, pg_ctl and createdb (default `POSTGRES_BIN`, else Debian's newest installed). */
  binDir?: string;
}

/** A running throwaway cluster: trust authentication, user `postgres`, listening on 127.0.0.1 only. */
export interface PostgresCluster {
  /** `postgres://postgres@127.0.0.1:<port>/postgres` */
  url: string;
  port: number;
  /** The cluster's data folder (removed by `stop`). */
  dataDir: string;
  /** Creates an empty database (a fresh name unless given) and returns its URL. */
  createDatabase(name?: string): Promise<string>;
  /** Stops the server and removes its folder; stopping twice is harmless. */
  stop(): Promise<void>;
}

/**
 * Starts a PostgreSQL cluster in a new temporary folder on a free port of 127.0.0.1. As root, the programs run as the
 * `postgres` user (the server refuses to run as root) and the folder is handed to that user.
 */
export async function startPostgres(options: PostgresOptions = {}): Promise<PostgresCluster> {
  const binDir = options.binDir ?? process.env.POSTGRES_BIN ?? debianPostgresBin();
  if (!existsSync(join(binDir, "initdb"))) {
    throw new Error(
      `PostgreSQL is not installed: ${join(binDir, "initdb")} is missing. Install Debian's server ` +
        "(apt-get install -y postgresql) or point POSTGRES_BIN at a folder with initdb and pg_ctl.",
    );
  }
  const asRoot = process.getuid?.() === 0;
  const asServerUser = (program: string, args: string[]): [string, string[]] =>
    asRoot ? ["runuser", ["-u", "postgres", "--", join(binDir, program), ...args]] : [join(binDir, program), args];
  const exec = async (program: string, args: string[]) => {
    const [file, argv] = asServerUser(program, args);
    try {
      await run(file, argv, { timeout: 60_000 });
    } catch (error) {
      const { stderr, stdout } = error as { stderr?: string; stdout?: string };
      throw new Error(`${program} failed: ${stderr || stdout || (error as Error).message}`, { cause: error });
    }
  };

  stopAbandoned(asServerUser);
  const dataDir = mkdtempSync(join(tmpdir(), `${PREFIX}${process.pid}-`));
  if (asRoot) chownSync(dataDir, userId("-u"), userId("-g"));
  let stopped: Promise<void> | undefined;
  // synchronous, so it also runs from an `exit` handler when a test process ends without calling stop().
  const stopNow = () => removeCluster(dataDir, asServerUser);
  process.once("exit", stopNow);
  try {
    await exec("initdb", ["-D", dataDir, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-instructions"]);
    const port = await startOnFreePort(exec, dataDir);
    const url = (database: string) => `postgres://postgres@127.0.0.1:${port}/${database}`;
    let databases = 0;
    return {
      url: url("postgres"),
      port,
      dataDir,
      async createDatabase(name = `test_${process.pid}_${++databases}`) {
        await exec("createdb", ["-h", "127.0.0.1", "-p", String(port), "-U", "postgres", name]);
        return url(name);
      },
      stop() {
        stopped ??= Promise.resolve().then(() => {
          process.off("exit", stopNow);
          stopNow();
        });
        return stopped;
      },
    };
  } catch (error) {
    process.off("exit", stopNow);
    stopNow();
    throw error;
  }
}

const PREFIX = "test-postgres-";

/**
 * Stops and removes the clusters of test processes that died without stopping theirs (killed, or a runner that
 * exits without running `exit` handlers): their folder names carry the pid of the process that started them.
 */
function stopAbandoned(asServerUser: AsServerUser): void {
  for (const name of readdirSync(tmpdir())) {
    const owner = name.startsWith(PREFIX) ? Number(name.slice(PREFIX.length).split("-")[0]) : Number.NaN;
    if (!Number.isInteger(owner) || owner <= 0 || isRunning(owner)) continue;
    removeCluster(join(tmpdir(), name), asServerUser);
  }
}

type AsServerUser = (program: string, args: string[]) => [string, string[]];

/** Stops a cluster at once if it runs, and removes its folder. */
function removeCluster(dir: string, asServerUser: AsServerUser): void {
  if (existsSync(join(dir, "postmaster.pid"))) {
    const [file, argv] = asServerUser("pg_ctl", ["-D", dir, "-m", "immediate", "-w", "stop"]);
    try {
      execFileSync(file, argv, { stdio: "ignore", timeout: 30_000 });
    } catch {
      // already gone
    }
  }
  rmSync(dir, { recursive: true, force: true });
}

/** True while a process lives (an exited one that nobody has reaped yet, a zombie, does not count). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, "utf8"));
  } catch {
    return true; // no /proc here: trust the signal
  }
}

/** Starts the server on a port the OS just called free; another process may take it first, so try a few. */
async function startOnFreePort(exec: (program: string, args: string[]) => Promise<void>, dataDir: string) {
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    // `-l` sends the server's output to a file; otherwise the server inherits pg_ctl's pipes and the call
    // would wait for them to close, i.e. for the server to stop.
    const settings = `-p ${port} -k ${dataDir} -c listen_addresses=127.0.0.1`;
    try {
      await exec("pg_ctl", ["-D", dataDir, "-o", settings, "-l", join(dataDir, "server.log"), "-w", "start"]);
      return port;
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("?"))));
    });
  });
}

function userId(flag: "-u" | "-g"): number {
  return Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8" }).trim());
}
