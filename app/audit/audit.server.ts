/**
 * The audit log (BETA-2): who changed what, when, on which shop, from what to what, and
 * why. Rows are append-only; values are short, secret-free strings (a token appears only
 * as its masked tail).
 */
import type { AuditLog, Prisma } from "@prisma/client";
import prisma from "~/db.server";

/** Who acted: `staff:<email>`, `cli:<user>@<host>`, `merchant:<shop domain>`, `system`. */
export type AuditActor = string;

export const AUDIT_ACTIONS = {
  betaEnabled: "beta.subscription_upgrades.enabled",
  betaDisabled: "beta.subscription_upgrades.disabled",
  providerConnected: "provider_connection.saved",
  providerRetested: "provider_connection.retested",
  providerDisconnected: "provider_connection.disconnected",
  staffLogin: "support.login",
  staffLoginFailed: "support.login_failed",
  secretsReencrypted: "security.secrets_reencrypted",
} as const;

export interface AuditEntryInput {
  shopId?: string | null;
  shopDomain?: string | null;
  actor: AuditActor;
  action: string;
  oldValue?: string | null;
  newValue?: string | null;
  reason?: string | null;
}

type Client = Prisma.TransactionClient | typeof prisma;

/** Records one entry; pass the transaction client so the entry commits with the change. */
export async function recordAudit(entry: AuditEntryInput, client: Client = prisma): Promise<AuditLog> {
  return client.auditLog.create({
    data: {
      shopId: entry.shopId ?? null,
      shopDomain: entry.shopDomain ?? null,
      actor: entry.actor,
      action: entry.action,
      oldValue: entry.oldValue ?? null,
      newValue: entry.newValue ?? null,
      reason: entry.reason ?? null,
    },
  });
}

export interface AuditQuery {
  shopId?: string;
  /** Matches the shop domain, actor, action or reason (case-insensitive on both databases). */
  search?: string;
  page?: number;
  pageSize?: number;
}

export interface AuditPage {
  entries: AuditLog[];
  page: number;
  pageSize: number;
  hasNext: boolean;
}

/** Newest first. */
export async function listAudit({ shopId, search, page = 1, pageSize = 50 }: AuditQuery = {}): Promise<AuditPage> {
  const term = search?.trim();
  const where: Prisma.AuditLogWhereInput = {
    ...(shopId ? { shopId } : {}),
    ...(term
      ? {
          OR: [
            { shopDomain: { contains: term.toLowerCase() } },
            { actor: { contains: term.toLowerCase() } },
            { action: { contains: term.toLowerCase() } },
            { reason: { contains: term } },
          ],
        }
      : {}),
  };
  const rows = await prisma.auditLog.findMany({
    where,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    skip: (page - 1) * pageSize,
    take: pageSize + 1,
  });
  return { entries: rows.slice(0, pageSize), page, pageSize, hasNext: rows.length > pageSize };
}

/** A shop's entries of one action and reason, oldest first (e.g. an upgrade's Retry now presses). */
export async function auditTrail(input: { shopId: string; action: string; reason: string }): Promise<AuditLog[]> {
  return prisma.auditLog.findMany({ where: { shopId: input.shopId, action: input.action, reason: input.reason }, orderBy: { createdAt: "asc" } });
}
