#!/usr/bin/env node
// `pnpm start`: generates the clients from the specs, builds everything, then runs the stateful sandbox, both Prism
// mocks, the docs server and the demo until Ctrl-C, which stops them all.
import { execFileSync, spawn } from "node:child_process";

const run = (cmd, args, env = {}) => execFileSync(cmd, args, { stdio: "inherit", env: { ...process.env, ...env } });

console.log("Generating the clients and building every package and app…");
run("pnpm", ["exec", "turbo", "run", "build", "--output-logs=errors-only"]);

const sandboxPort = process.env.SANDBOX_PORT ?? "4020";
const services = [
  { name: "sandbox", cmd: "node", args: ["apps/sandbox/dist/cli.js"] },
  { name: "mocks", cmd: "node", args: ["apps/mocks/dist/cli.js"] },
  { name: "docs", cmd: "node", args: ["apps/docs/dist/cli.js", "serve"] },
  // Note: the dev server reads VITE_* at start, so the demo opens already pointed at the sandbox's seeded tokens.
  { name: "demo", cmd: "pnpm", args: ["--filter", "@contracts/demo", "dev"] },
];
const demoEnv = {
  VITE_UPMOBILE_BASE_URL: `http://127.0.0.1:${sandboxPort}/upmobile`,
  VITE_UPMOBILE_TOKEN: "sandbox-upmobile-token",
  VITE_TOPUP_BASE_URL: `http://127.0.0.1:${sandboxPort}/topup`,
  VITE_TOPUP_TOKEN: "sandbox-topup-token",
};

const children = services.map(({ name, cmd, args }) => {
  const child = spawn(cmd, args, {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, SANDBOX_PORT: sandboxPort, ...demoEnv },
  });
  const prefix = (chunk) =>
    String(chunk)
      .split("\n")
      .filter((line) => line.trim())
      .map((line) => `[${name}] ${line}`)
      .join("\n");
  child.stdout.on("data", (chunk) => console.log(prefix(chunk)));
  child.stderr.on("data", (chunk) => console.error(prefix(chunk)));
  child.on("exit", (code, signal) => {
    if (!stopping) {
      console.error(`[${name}] stopped (${signal ?? `exit ${code}`}); stopping everything.`);
      stop(1);
    }
  });
  return child;
});

let stopping = false;
function stop(code = 0) {
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
  setTimeout(() => process.exit(code), 500).unref();
}
process.once("SIGINT", () => stop(0));
process.once("SIGTERM", () => stop(0));

console.log(`
Starting (Ctrl-C stops everything):
  demo      http://127.0.0.1:4040
  docs      http://127.0.0.1:4030
  sandbox   http://127.0.0.1:${sandboxPort}/upmobile  and  /topup   (tokens are printed below)
  mocks     http://127.0.0.1:4010 (Upmobile)  http://127.0.0.1:4011 (Topup)
`);
