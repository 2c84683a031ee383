/**
 * `npm run support -- <command>`: support staff tasks from a terminal (BETA-2), against
 * the same database as the app (DATABASE_URL, ENCRYPTION_KEY… as for the web service).
 * The commands live in app/staff/cli.server.ts; this file only wires the terminal.
 */
import readline from "node:readline";
import { Writable } from "node:stream";
import { runSupportCli, type CliIo } from "../app/staff/cli.server";

// Piped input (e.g. in a script) is read line by line; a terminal is prompted without echo.
let pipedLines: AsyncIterableIterator<string> | undefined;

async function readPassword(prompt: string): Promise<string> {
  if (!process.stdin.isTTY) {
    pipedLines ??= readline.createInterface({ input: process.stdin, terminal: false })[Symbol.asyncIterator]();
    const next = await pipedLines.next();
    return next.done ? "" : next.value;
  }
  process.stderr.write(prompt);
  const muted = new Writable({ write: (_chunk, _encoding, done) => done() });
  const rl = readline.createInterface({ input: process.stdin, output: muted, terminal: true });
  try {
    return await new Promise<string>((resolve) => rl.question("", resolve));
  } finally {
    rl.close();
    process.stderr.write("\n");
  }
}

const io: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  readPassword,
};

runSupportCli(process.argv.slice(2), io)
  .then((code) => process.exit(code))
  .catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
