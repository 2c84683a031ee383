/** Starts the Recharge, Skio, Loop and Postscript simulators for the demo and says where the app finds them. */
import { startRechargeSimulator } from "../../tests/simulators/providers/recharge";
import { startSkioSimulator } from "../../tests/simulators/providers/skio";
import { startLoopSimulator } from "../../tests/simulators/providers/loop";
import { startPostscriptSimulator } from "../../tests/simulators/postscript/server";

export async function startProviderSimulators() {
  const port = (name: string) => Number(process.env[name] ?? 0);
  const [recharge, skio, loop, postscript] = await Promise.all([
    startRechargeSimulator({ port: port("RECHARGE_SIM_PORT") }),
    startSkioSimulator({ port: port("SKIO_SIM_PORT") }),
    startLoopSimulator({ port: port("LOOP_SIM_PORT") }),
    startPostscriptSimulator({ port: port("POSTSCRIPT_SIM_PORT") }),
  ]);
  return {
    urls: { Recharge: recharge.url, Skio: skio.url, Loop: loop.url, Postscript: postscript.url },
    /** The subscription providers only: where the demo's fault buttons point. */
    subscriptionUrls: { Recharge: recharge.url, Skio: skio.url, Loop: loop.url },
    env: { RECHARGE_API_URL: recharge.url, SKIO_API_URL: skio.url, LOOP_API_URL: loop.url, POSTSCRIPT_API_URL: postscript.url },
    close: () => Promise.all([recharge.close(), skio.close(), loop.close(), postscript.close()]).then(() => undefined),
  };
}
