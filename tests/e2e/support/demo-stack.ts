/**
 * Starts `npm run demo`'s launcher (scripts/demo/server.ts) as a child process on free
 * ports with this test file's own database copy and queue prefix, and stops it after.
 */
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import path from "node:path";

export interface DemoStack {
  url: string;
  logs: () => string;
  /** The URL the launcher printed after `label:` ("Store simulator", "Recharge simulator"). */
  printedUrl: (label: string) => string;
  stop: () => Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export async function startDemoStack(extraEnv: Record<string, string> = {}): Promise<DemoStack> {
  const port = await freePort();
  let output = "";
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", path.resolve("scripts/demo/server.ts")], {
    env: {
      ...process.env,
      NODE_ENV: "development",
      PORT: String(port),
      LOG_LEVEL: "warn",
      UPGRADE_FIRST_ATTEMPT_DELAY_MS: "200",
      // The post-purchase page gives up on an offer after ShouldRender's 900 ms budget
      // (RUN-11, tested in runtime-offer.test.ts). Under full-suite load the first, cold
      // offer request can take longer: the page said "no offer" and the test waited 30 s
      // for one. Browser tests are about the flow, so they get a budget load cannot break.
      DEMO_OFFER_BUDGET_MS: "20000",
      ...extraEnv,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`demo did not start within 60 s:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const ready = /UPLIFT_DEMO_READY (\S+)/.exec(output)?.[1];
      if (ready) {
        clearTimeout(timer);
        resolve(ready);
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`demo exited with code ${code}:\n${output}`));
    });
  });
  return {
    url,
    logs: () => output,
    printedUrl: (label) => {
      const found = new RegExp(`${label}:\\s+(\\S+)`).exec(output)?.[1];
      if (!found) throw new Error(`The demo printed no "${label}:" URL; its output was:\n${output}`);
      return found;
    },
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null) child.kill("SIGKILL");
    },
  };
}
