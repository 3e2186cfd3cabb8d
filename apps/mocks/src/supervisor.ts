import { freePort } from "./ports.js";
import { type PrismProcess, startPrism } from "./prism.js";

/** The first pause before a restart; it doubles while Prism keeps failing, up to {@link RESTART_MAX_MS}. */
const RESTART_BASE_MS = 250;
const RESTART_MAX_MS = 10_000;
/** A Prism that ran this long before it exited counts as healthy again: the next restart is quick. */
const STABLE_MS = 60_000;

export interface SupervisedPrism {
  /** Prism's URL while it runs; undefined while it is down and being restarted. */
  url(): string | undefined;
  /** Stops Prism for good (no restart). */
  stop(): Promise<void>;
}

export interface SuperviseOptions {
  /** Names the mock in messages: `topup`. */
  name: string;
  specFile: string;
  dynamic?: boolean;
  /** Where the supervisor reports an exit and a restart (one message per call). */
  log: (message: string) => void;
}

/**
 * Runs Prism and restarts it whenever it exits on its own (Prism 5.14 does not restart itself), reporting why with
 * the end of its output. The first start must succeed; later restarts back off while they keep failing.
 */
export async function supervisePrism(options: SuperviseOptions): Promise<SupervisedPrism> {
  const { name, specFile, dynamic, log } = options;
  let current: PrismProcess | undefined;
  let stopping = false;
  let failures = 0;
  let restarts = 0;
  let timer: NodeJS.Timeout | undefined;
  let restarting: Promise<void> | undefined;

  const watch = (prism: PrismProcess) => {
    const startedAt = Date.now();
    prism.child.once("exit", (code, signal) => {
      if (stopping) return;
      current = undefined;
      if (Date.now() - startedAt >= STABLE_MS) failures = 0;
      const how = signal ? `killed by ${signal}` : `exit code ${code}`;
      log(
        `${name} mock: Prism exited (${how}); the mock answers 503 until it is back, restarting in ${schedule()} ms. ` +
          `Its last output:\n${indent(prism.output())}`,
      );
    });
  };

  /** Schedules a restart after a pause that doubles with each failure in a row; returns the pause. */
  const schedule = () => {
    const delay = Math.min(RESTART_BASE_MS * 2 ** failures, RESTART_MAX_MS);
    failures += 1;
    timer = setTimeout(() => {
      restarting = restart().finally(() => {
        restarting = undefined;
      });
    }, delay);
    return delay;
  };

  const restart = async () => {
    try {
      const prism = await startPrism(specFile, await freePort(), { dynamic });
      if (stopping) return prism.stop();
      restarts += 1;
      current = prism;
      watch(prism);
      log(`${name} mock: Prism restarted on ${prism.url} (restart ${restarts}); the mock answers again.`);
    } catch (error) {
      if (stopping) return;
      log(`${name} mock: Prism failed to restart, trying again in ${schedule()} ms: ${(error as Error).message}`);
    }
  };

  current = await startPrism(specFile, await freePort(), { dynamic });
  watch(current);
  return {
    url: () => current?.url,
    stop: async () => {
      stopping = true;
      clearTimeout(timer);
      await restarting;
      await current?.stop();
    },
  };
}

function indent(text: string): string {
  const lines = text.trimEnd().split("\n");
  return lines.length === 1 && lines[0] === "" ? "  (nothing)" : lines.map((line) => `  ${line}`).join("\n");
}
