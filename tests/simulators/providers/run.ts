/**
 * Starts the Recharge, Skio and Loop simulators for the demo or a browser e2e run:
 *   node --import tsx tests/simulators/providers/run.ts
 * Ports from RECHARGE_SIM_PORT / SKIO_SIM_PORT / LOOP_SIM_PORT (defaults 4101/4102/4103).
 * Prints the env vars that point the app at them; stops on SIGTERM / SIGINT.
 */
import { startLoopSimulator } from "./loop";
import { startRechargeSimulator } from "./recharge";
import { startSkioSimulator } from "./skio";

const port = (name: string, fallback: number) => {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value >= 0 ? value : fallback;
};

const [recharge, skio, loop] = await Promise.all([
  startRechargeSimulator({ port: port("RECHARGE_SIM_PORT", 4101) }),
  startSkioSimulator({ port: port("SKIO_SIM_PORT", 4102) }),
  startLoopSimulator({ port: port("LOOP_SIM_PORT", 4103) }),
]);

console.log(`RECHARGE_API_URL=${recharge.url}`);
console.log(`SKIO_API_URL=${skio.url}`);
console.log(`LOOP_API_URL=${loop.url}`);
console.log("provider simulators ready (control on each origin: POST /__sim/faults, POST /__sim/reset, GET /__sim/state)");

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`provider simulators: ${signal}, stopping`);
  await Promise.allSettled([recharge.close(), skio.close(), loop.close()]);
  process.exit(0);
}
process.on("SIGTERM", () => void stop("SIGTERM"));
process.on("SIGINT", () => void stop("SIGINT"));
