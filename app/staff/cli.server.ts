/**
 * `npm run support -- …`: the support console's commands for a terminal (BETA-2). Same
 * service functions as the web console, so the CLI is audited the same way.
 */
import os from "node:os";
import { parseArgs } from "node:util";
import { z } from "zod";
import { listAudit } from "~/audit/audit.server";
import { setUpgradesBeta } from "~/shops/beta.server";
import { reencryptStoredSecrets } from "~/security/rotate-keys.server";
import { hashPassword } from "./passwords.server";
import { findShopByRef, listShopsForSupport } from "./shops.server";
import { normaliseEmail } from "./staff.server";

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  /** Reads a password without echoing it (the real CLI prompts; tests pass a value). */
  readPassword: (prompt: string) => Promise<string>;
}

export const USAGE = `Usage: npm run support -- <command>

  beta enable <shop> --reason "…" [--actor <name>]   turn subscription upgrades on for a shop
  beta disable <shop> --reason "…" [--actor <name>]  turn them off
  beta list [--all] [--search <text>]                shops with the beta on (--all: every shop)
  audit [--shop <shop>] [--limit <n>]                the audit log, newest first
  hash-password [--email <email>]                    prompt for a password, print a SUPPORT_STAFF entry
  reencrypt [--dry-run]                              re-encrypt stored secrets under ENCRYPTION_KEY

<shop> is a shop domain (acme.myshopify.com), its handle (acme) or its id.
--actor names who you are in the audit log (default: your OS user and host).`;

class UsageError extends Error {}

function defaultActor(): string {
  return `${os.userInfo().username}@${os.hostname()}`;
}

/** parseArgs, with its complaints (unknown option, missing value) turned into usage errors. */
function parsing<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

async function beta(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === "list") {
    const { values } = parsing(() => parseArgs({ args: rest, options: { all: { type: "boolean" }, search: { type: "string" } }, allowPositionals: true }));
    let page = 1;
    let total = 0;
    for (;;) {
      const result = await listShopsForSupport({ search: values.search, betaOnly: !values.all, page, pageSize: 200 });
      for (const s of result.shops) {
        io.out(
          [s.domain.padEnd(40), s.upgradesBeta ? "beta on " : "beta off", s.provider ? `${s.provider} (${s.connectionState})` : "no provider", s.installed ? "" : "uninstalled"]
            .join("  ")
            .trimEnd(),
        );
      }
      total += result.shops.length;
      if (!result.hasNext) break;
      page += 1;
    }
    io.out(`${total} shop(s)${values.all ? "" : " with the subscription upgrades beta on"}`);
    return 0;
  }
  if (sub !== "enable" && sub !== "disable") throw new UsageError(`Unknown beta command: ${sub ?? "(none)"}`);
  const { values, positionals } = parsing(() => parseArgs({ args: rest, options: { reason: { type: "string" }, actor: { type: "string" } }, allowPositionals: true }));
  const [ref] = positionals;
  if (ref === undefined || positionals.length !== 1) throw new UsageError(`beta ${sub} needs exactly one shop`);
  if (!values.reason?.trim()) throw new UsageError(`beta ${sub} needs --reason "…" (it goes into the audit log)`);
  const shop = await findShopByRef(ref);
  if (!shop) {
    io.err(`No shop ${ref}. Try: npm run support -- beta list --all --search ${ref}`);
    return 1;
  }
  const result = await setUpgradesBeta({
    shopId: shop.id,
    enabled: sub === "enable",
    reason: values.reason,
    actor: `cli:${values.actor?.trim() || defaultActor()}`,
  });
  io.out(
    result.changed
      ? `${shop.domain}: subscription upgrades beta ${result.previous ? "on" : "off"} → ${result.shop.subscriptionUpgradesBeta ? "on" : "off"} (audited)`
      : `${shop.domain}: subscription upgrades beta was already ${result.shop.subscriptionUpgradesBeta ? "on" : "off"}; nothing changed`,
  );
  return 0;
}

async function audit(args: string[], io: CliIo): Promise<number> {
  const { values } = parsing(() => parseArgs({ args: args, options: { shop: { type: "string" }, limit: { type: "string" } }, allowPositionals: true }));
  const limit = Number(values.limit ?? 50);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new UsageError("--limit must be a whole number from 1 to 1000");
  let shopId: string | undefined;
  if (values.shop) {
    const shop = await findShopByRef(values.shop);
    if (!shop) {
      io.err(`No shop ${values.shop}`);
      return 1;
    }
    shopId = shop.id;
  }
  const { entries } = await listAudit({ shopId, pageSize: limit });
  for (const e of entries) {
    const change = e.oldValue !== null || e.newValue !== null ? ` ${e.oldValue ?? "∅"} → ${e.newValue ?? "∅"}` : "";
    io.out(`${e.createdAt.toISOString()}  ${e.actor}  ${e.shopDomain ?? "-"}  ${e.action}${change}${e.reason ? `  reason: ${e.reason}` : ""}`);
  }
  if (entries.length === 0) io.out("No audit entries.");
  return 0;
}

async function hashPasswordCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parsing(() => parseArgs({ args: args, options: { email: { type: "string" } }, allowPositionals: true }));
  const password = await io.readPassword("Password (12+ characters): ");
  if (password.length < 12) {
    io.err("Use a password of at least 12 characters.");
    return 1;
  }
  const confirm = await io.readPassword("Same password again: ");
  if (confirm !== password) {
    io.err("The two passwords differ.");
    return 1;
  }
  const hash = await hashPassword(password);
  io.out(values.email ? `${normaliseEmail(values.email)}:${hash}` : hash);
  return 0;
}

async function reencrypt(args: string[], io: CliIo): Promise<number> {
  const { values } = parsing(() => parseArgs({ args: args, options: { "dry-run": { type: "boolean" }, actor: { type: "string" } }, allowPositionals: true }));
  const report = await reencryptStoredSecrets({
    dryRun: values["dry-run"],
    actor: `cli:${values.actor?.trim() || defaultActor()}`,
  });
  const verb = values["dry-run"] ? "would re-encrypt" : "re-encrypted";
  io.out(`${verb} ${report.reencrypted} secret(s); ${report.current} already under ENCRYPTION_KEY.`);
  for (const f of report.failed) io.err(`cannot decrypt ${f.table} of shop ${f.shopId} with either key: the merchant must enter it again`);
  return report.failed.length ? 2 : 0;
}

/** Runs one command; returns the process exit code (0 ok, 1 failed, 64 usage error). */
export async function runSupportCli(argv: string[], io: CliIo): Promise<number> {
  const [command, ...args] = argv;
  try {
    switch (command) {
      case "beta":
        return await beta(args, io);
      case "audit":
        return await audit(args, io);
      case "hash-password":
        return await hashPasswordCommand(args, io);
      case "reencrypt":
        return await reencrypt(args, io);
      case undefined:
      case "help":
      case "--help":
      case "-h":
        io.out(USAGE);
        return command === undefined ? 64 : 0;
      default:
        throw new UsageError(`Unknown command: ${command}`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`${error.message}\n\n${USAGE}`);
      return 64;
    }
    if (error instanceof z.ZodError) {
      io.err(z.prettifyError(error));
      return 1;
    }
    throw error;
  }
}
