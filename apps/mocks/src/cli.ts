import { startMocks } from "./index.js";

// `pnpm mock`: a Prism mock for every API of the registry, on its port, until Ctrl-C.
const dynamic = process.argv.includes("--dynamic");
try {
  const { mocks, stop } = await startMocks({ dynamic });
  console.log(`Prism mocks running (${dynamic ? "dynamic responses" : "responses from the spec's examples"}):`);
  for (const m of mocks) console.log(`  ${m.alias.padEnd(9)} ${m.url}   token: ${m.token}`);
  console.log("Send `Prefer: code=404` (or example=…, dynamic=true) to pick a response. Ctrl-C stops them.");
  const shutdown = async () => {
    await stop();
    process.exit(0);
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
