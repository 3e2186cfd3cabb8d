import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { startSandbox } from "./index.js";

const usage = `Usage: pnpm sandbox [--data DIR] [--database URL] [--port N] [--step-ms MS]

  --data DIR       keep state in DIR/sandbox.db (SQLite) and proofs in DIR/proofs; in memory otherwise
  --database URL   keep state in PostgreSQL (postgres://user@host:port/db, default: DATABASE_URL); several
                   sandboxes on one database serve one shared state (proofs go there too, unless --data)
  --port N         listen on N (default: SANDBOX_PORT or 4020; 0 picks a free port)
  --step-ms MS     sandbox clock: delay between two steps of an operation's lifecycle (default 1500)`;

try {
  // `pnpm sandbox -- --data DIR` hands the script a literal "--" first; parseArgs would stop reading there.
  const args = process.argv.slice(2).filter((arg, i) => !(i === 0 && arg === "--"));
  const { values } = parseArgs({
    args,
    options: {
      data: { type: "string" },
      database: { type: "string" },
      port: { type: "string" },
      "step-ms": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  const number = (text: string | undefined, name: string) => {
    if (text === undefined) return undefined;
    if (!/^\d+$/.test(text)) throw new Error(`${name} must be a whole number, got "${text}".\n\n${usage}`);
    if (name === "--step-ms" && Number(text) < 1)
      throw new Error(`--step-ms must be at least 1, got ${text}.\n\n${usage}`);
    return Number(text);
  };
  // pnpm runs the script inside apps/sandbox; a relative DIR means relative to where the user typed it.
  const dataDir = values.data === undefined ? undefined : resolve(process.env.INIT_CWD ?? process.cwd(), values.data);
  const database = values.database ?? (process.env.DATABASE_URL || undefined);
  const sandbox = await startSandbox({
    port: number(values.port, "--port"),
    database,
    dataDir,
    operationStepMs: number(values["step-ms"], "--step-ms"),
  });
  // a parent that forked this process (tests, the bench) learns the address without parsing the banner.
  process.send?.({ listening: sandbox.url, storage: sandbox.storage });
  const { tokens, topupCredentials: normal, topupTrustedCredentials: trusted } = sandbox;
  console.log(`Sandbox running at ${sandbox.url} (state: ${sandbox.storage})

Upmobile  ${sandbox.upmobile.url}
  token ${tokens.upmobile}   Ivan Petrov (default)
  token ${tokens.upmobileOwnerView}   Ivan Petrov, may see owner_id
  token ${tokens.upmobileOtherCustomer}   Anna Smirnova (another customer)

Topup     ${sandbox.topup.url}
  token ${tokens.topup}   ${normal.username} (normal client)
  token ${tokens.topupTrusted}   ${trusted.username} (trust user)
  OAuth POST ${sandbox.topup.url}/o/token/  client_id=${normal.client_id}  client_secret=${normal.client_secret}
    password grant users: ${normal.username} / ${normal.password}, ${trusted.username} / ${trusted.password}

Ctrl-C stops.`);
  const shutdown = async () => {
    await sandbox.stop();
    console.log("Sandbox stopped.");
    process.exit(0);
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
