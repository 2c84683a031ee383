/**
 * Support staff accounts (BETA-2) come from configuration, not the database: a shop's
 * data or a Shopify session can never create or elevate one.
 *
 *   SUPPORT_STAFF="ana@uplift.test:scrypt.32768.8.3.<salt>.<key>,ben@uplift.test:scrypt.…"
 *
 * Entries are separated by commas or new lines; `npm run support -- hash-password`
 * prints one.
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import { env } from "~/env.server";
import { decoyHash, isPasswordHash, verifyPassword } from "./passwords.server";

export interface StaffAccount {
  email: string;
  passwordHash: string;
}

export class StaffConfigError extends Error {
  constructor(problems: string[]) {
    super(`SUPPORT_STAFF is invalid:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "StaffConfigError";
  }
}

const EmailSchema = z.email();

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Parses SUPPORT_STAFF; names every bad entry (by position and email, never the hash). */
export function parseStaffAccounts(raw: string | undefined): Map<string, StaffAccount> {
  const accounts = new Map<string, StaffAccount>();
  const problems: string[] = [];
  const entries = (raw ?? "").split(/[,\n]/).map((e) => e.trim()).filter(Boolean);
  entries.forEach((entry, index) => {
    const colon = entry.indexOf(":");
    const email = normaliseEmail(colon > 0 ? entry.slice(0, colon) : entry);
    const passwordHash = colon > 0 ? entry.slice(colon + 1).trim() : "";
    const where = `entry ${index + 1} (${EmailSchema.safeParse(email).success ? email : "no valid email"})`;
    if (!EmailSchema.safeParse(email).success) problems.push(`${where}: expected email:hash`);
    else if (!isPasswordHash(passwordHash)) problems.push(`${where}: the hash is not one printed by \`npm run support -- hash-password\``);
    else if (accounts.has(email)) problems.push(`${where}: listed twice`);
    else accounts.set(email, { email, passwordHash });
  });
  if (problems.length) throw new StaffConfigError(problems);
  return accounts;
}

let cache: { raw: string | undefined; accounts: Map<string, StaffAccount> } | undefined;

/** The configured accounts (parsed once per distinct SUPPORT_STAFF value). */
export function staffAccounts(): Map<string, StaffAccount> {
  const raw = env().SUPPORT_STAFF;
  if (!cache || cache.raw !== raw) cache = { raw, accounts: parseStaffAccounts(raw) };
  return cache.accounts;
}

export function findStaff(email: string): StaffAccount | undefined {
  return staffAccounts().get(normaliseEmail(email));
}

/** The account for a correct email and password, else null; unknown emails cost the same time. */
export async function authenticateStaff(email: string, password: string): Promise<StaffAccount | null> {
  const account = findStaff(email);
  const ok = await verifyPassword(password, account?.passwordHash ?? (await decoyHash()));
  return account && ok ? account : null;
}

/**
 * Changes whenever the account's hash changes: kept in the session so a password reset
 * (or removing the account) signs that staff member out everywhere.
 */
export function credentialVersion(account: StaffAccount): string {
  return createHash("sha256").update(account.passwordHash).digest("base64url").slice(0, 16);
}
