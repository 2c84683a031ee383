/**
 * Encryption key rotation, step 3 of docs/operations.md › Encryption key rotation:
 * re-encrypts every stored secret that is not yet under ENCRYPTION_KEY (it must still
 * decrypt with ENCRYPTION_KEY_PREVIOUS). Safe to run twice and while the app serves
 * traffic: each row is rewritten only if nobody changed it in between.
 */
import prisma from "~/db.server";
import { logger } from "~/logger.server";
import { AUDIT_ACTIONS, recordAudit } from "~/audit/audit.server";
import {
  DecryptionError,
  isUnderCurrentKey,
  keyringFromEnv,
  reencryptSecret,
  type EncryptionKeyring,
} from "./encryption.server";
import { secretContext } from "./secret-columns.server";

export interface RotationReport {
  /** Rows already under the current key. */
  current: number;
  /** Rows re-encrypted (or, with dryRun, that would be). */
  reencrypted: number;
  /** Rows no configured key can decrypt: those secrets must be entered again. */
  failed: Array<{ table: string; shopId: string }>;
}

interface SecretRow {
  id: string;
  shopId: string;
  ciphertext: string;
}

interface Column {
  table: string;
  context: (shopId: string) => string;
  rows: () => Promise<SecretRow[]>;
  /** Writes the new ciphertext only if the row still holds `previous`; returns rows changed. */
  write: (row: SecretRow, next: string) => Promise<number>;
}

const COLUMNS: Column[] = [
  {
    table: "ProviderConnection",
    context: secretContext.providerToken,
    rows: async () =>
      (await prisma.providerConnection.findMany({ select: { id: true, shopId: true, tokenCiphertext: true } })).map((r) => ({
        id: r.id,
        shopId: r.shopId,
        ciphertext: r.tokenCiphertext,
      })),
    write: async (row, next) =>
      (
        await prisma.providerConnection.updateMany({
          where: { id: row.id, tokenCiphertext: row.ciphertext },
          data: { tokenCiphertext: next },
        })
      ).count,
  },
  {
    table: "PostscriptConnection",
    context: secretContext.postscriptApiKey,
    rows: async () =>
      (await prisma.postscriptConnection.findMany({ select: { id: true, shopId: true, apiKeyCiphertext: true } })).map((r) => ({
        id: r.id,
        shopId: r.shopId,
        ciphertext: r.apiKeyCiphertext,
      })),
    write: async (row, next) =>
      (
        await prisma.postscriptConnection.updateMany({
          where: { id: row.id, apiKeyCiphertext: row.ciphertext },
          data: { apiKeyCiphertext: next },
        })
      ).count,
  },
];

export async function reencryptStoredSecrets({
  dryRun = false,
  actor = "system",
  keyring = keyringFromEnv(),
}: { dryRun?: boolean; actor?: string; keyring?: EncryptionKeyring } = {}): Promise<RotationReport> {
  const report: RotationReport = { current: 0, reencrypted: 0, failed: [] };
  for (const column of COLUMNS) {
    for (const row of await column.rows()) {
      if (isUnderCurrentKey(row.ciphertext, keyring)) {
        report.current += 1;
        continue;
      }
      try {
        const next = reencryptSecret(row.ciphertext, { context: column.context(row.shopId), keyring });
        if (!dryRun) await column.write(row, next);
        report.reencrypted += 1;
      } catch (error) {
        if (!(error instanceof DecryptionError)) throw error;
        report.failed.push({ table: column.table, shopId: row.shopId });
      }
    }
  }
  if (!dryRun && (report.reencrypted > 0 || report.failed.length > 0)) {
    await recordAudit({
      actor,
      action: AUDIT_ACTIONS.secretsReencrypted,
      newValue: `re-encrypted ${report.reencrypted}, already current ${report.current}, unreadable ${report.failed.length}`,
    });
  }
  logger.info("stored secrets re-encrypted", { dryRun, reencrypted: report.reencrypted, failed: report.failed.length });
  return report;
}
