/**
 * Another process writing to the same SQLite file, as the worker does beside the web
 * process: a child that takes the write lock (BEGIN IMMEDIATE) for `holdMs` at a time,
 * again and again, until stopped. A separate process because libsql waits for a lock
 * synchronously: a holder in the test's own process could never let go meanwhile.
 */
import { spawn } from "node:child_process";

const SCRIPT = `
const Database = require("libsql");
const db = new Database(process.argv[1]);
db.pragma("busy_timeout = 10000");
const [holdMs, gapMs] = [Number(process.argv[2]), Number(process.argv[3])];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
(async () => {
  for (let round = 0; ; round++) {
    db.exec("BEGIN IMMEDIATE");
    if (round === 0) process.stdout.write("locked\\n");
    await sleep(holdMs);
    db.exec("COMMIT");
    await sleep(gapMs);
  }
})();
process.on("SIGTERM", () => process.exit(0));
`;

export interface LockHolder {
  stop(): Promise<void>;
}

/** Resolves once the child holds the lock for the first time. */
export function holdSqliteWriteLock(databaseUrl: string, holdMs = 150, gapMs = 30): Promise<LockHolder> {
  const file = databaseUrl.replace(/^file:/, "");
  const child = spawn(process.execPath, ["-e", SCRIPT, file, String(holdMs), String(gapMs)], { stdio: ["ignore", "pipe", "inherit"] });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`the SQLite lock holder exited (${code}) before taking the lock`)));
    child.stdout.once("data", () =>
      resolve({
        stop: async () => {
          child.kill("SIGTERM");
          await exited;
        },
      }),
    );
  });
}
