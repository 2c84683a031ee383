/** Starts the Recharge, Skio and Loop simulators for the demo and says where the app finds them. */
import { startRechargeSimulator } from "../../tests/simulators/providers/recharge";
import { startSkioSimulator } from "../../tests/simulators/providers/skio";
import { startLoopSimulator } from "../../tests/simulators/providers/loop";

export async function startProviderSimulators() {
  const port = (name: string) => Number(process.env[name] ?? 0);
  const [recharge, skio, loop] = await Promise.all([
    startRechargeSimulator({ port: port("RECHARGE_SIM_PORT") }),
    startSkioSimulator({ port: port("SKIO_SIM_PORT") }),
    startLoopSimulator({ port: port("LOOP_SIM_PORT") }),
  ]);
  return {
    urls: { Recharge: recharge.url, Skio: skio.url, Loop: loop.url },
    env: { RECHARGE_API_URL: recharge.url, SKIO_API_URL: skio.url, LOOP_API_URL: loop.url },
    close: () => Promise.all([recharge.close(), skio.close(), loop.close()]).then(() => undefined),
  };
}
