/**
 * The merchant's upgrade log (JOB-5): the list with filters and counts, one upgrade's
 * attempt timeline (Retry now is retry.server.ts). Every query is scoped by shopId (OPS-2).
 */
import type { Prisma } from "@prisma/client";
import { z } from "zod";
import prisma from "~/db.server";
import { explainUpgradeError, type UpgradeErrorText } from "./error-text";
import { describeUpgradeRequest, upgradeRequestColumn } from "./request";
import { MAX_UPGRADE_ATTEMPTS } from "./retry-policy";
import { UPGRADE_STATUSES, type UpgradeStatus } from "./state.server";
import { PROVIDER_LABELS, PROVIDER_NAMES } from "~/providers/index.server";

import { auditTrail } from "~/audit/audit.server";
import { KEY_FIXED_ACTOR, RETRYABLE_STATUSES, UPGRADE_RETRIED, retryReason } from "./retry.server";

const PAGE_SIZE = 50;

const DateOnly = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Use a date like 2026-01-31").refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), "Not a date");
const emptyToUndefined = (value: unknown) => (value === "" || value === "all" ? undefined : value);

/** The list's filters, from the URL (?status=failed&provider=recharge&from=…&to=…&page=2). */
export const UpgradeFiltersSchema = z
  .object({
    status: z.preprocess(emptyToUndefined, z.enum(UPGRADE_STATUSES as [UpgradeStatus, ...UpgradeStatus[]]).optional()),
    provider: z.preprocess(emptyToUndefined, z.enum(PROVIDER_NAMES).optional()),
    from: z.preprocess(emptyToUndefined, DateOnly.optional()),
    to: z.preprocess(emptyToUndefined, DateOnly.optional()),
    page: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(10_000).default(1)),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { path: ["to"], message: "The end date is before the start date" });
export type UpgradeFilters = z.infer<typeof UpgradeFiltersSchema>;

export interface UpgradeListRow {
  id: string;
  createdAt: string;
  orderId: string | null;
  /** "#1005", once Shopify's order webhook named it. */
  orderName: string | null;
  customerName: string | null;
  provider: string;
  providerLabel: string;
  status: string;
  requested: string;
  attemptsUsed: number;
  maxAttempts: number;
  nextAttemptAt: string | null;
  scheduledFor: string | null;
  lastError: UpgradeErrorText | null;
  /** The provider's own words for the last failure (support and the detail page). */
  lastErrorMessage: string | null;
  /** Retry now applies (JOB-5): any upgrade that is not running or done. */
  canRetry: boolean;
}

export interface UpgradeList {
  rows: UpgradeListRow[];
  /** Per status, for the same provider and dates (the status filter aside). */
  counts: Record<UpgradeStatus, number>;
  page: number;
  hasNext: boolean;
}

function providerLabel(provider: string): string {
  return (PROVIDER_LABELS as Record<string, string>)[provider] ?? "No provider";
}

/** The offer's product titles, read with the row, so the request reads in the merchant's words. */
const TITLES_INCLUDE = {
  acceptance: { select: { offer: { select: { items: { select: { productTitle: true, upgrade: { select: { triggerProductTitle: true, replacementVariantId: true, replacementTitle: true } } } } } } } },
} satisfies Prisma.UpgradeJobInclude;
type RowWithTitles = Prisma.UpgradeJobGetPayload<{ include: typeof TITLES_INCLUDE }>;

function requested(row: RowWithTitles): string {
  const read = upgradeRequestColumn.safeParse(row.request);
  if (!read.ok) return "A change Uplift cannot read";
  const { change } = read.value;
  if (!change) return "An upgrade whose settings were incomplete when accepted";
  const configs = (row.acceptance.offer?.items ?? []).flatMap((item) => (item.upgrade ? [item.upgrade] : []));
  const variantId = change.replacement?.variantId;
  const replacement = configs.find((c) => variantId && c.replacementVariantId?.endsWith(`/${variantId}`))?.replacementTitle;
  const product = configs[0]?.triggerProductTitle;
  const text = describeUpgradeRequest(change, { replacement });
  return product ? `${product}: ${text}` : text;
}

function baseWhere(shopId: string, filters: UpgradeFilters): Prisma.UpgradeJobWhereInput {
  const createdAt: Prisma.DateTimeFilter = {};
  if (filters.from) createdAt.gte = new Date(`${filters.from}T00:00:00.000Z`);
  if (filters.to) createdAt.lte = new Date(`${filters.to}T23:59:59.999Z`);
  return {
    shopId,
    ...(filters.provider ? { provider: filters.provider } : {}),
    ...(filters.from || filters.to ? { createdAt } : {}),
  };
}

/** What the list and the detail page both show of an upgrade. */
function summarize(row: RowWithTitles) {
  return {
    id: row.id,
    createdAt: row.createdAt.toISOString(),
    orderId: row.orderId,
    orderName: row.orderName,
    customerName: row.customerName,
    provider: row.provider,
    providerLabel: providerLabel(row.provider),
    status: row.status,
    requested: requested(row),
    attemptsUsed: row.attemptsUsed,
    maxAttempts: MAX_UPGRADE_ATTEMPTS,
    nextAttemptAt: row.nextAttemptAt?.toISOString() ?? null,
    scheduledFor: row.scheduledFor?.toISOString().slice(0, 10) ?? null,
    lastError: row.lastErrorClass ? explainUpgradeError(row.lastErrorClass) : null,
    lastErrorMessage: row.lastErrorMessage,
    canRetry: (RETRYABLE_STATUSES as readonly string[]).includes(row.status),
  };
}

/** Newest first, with counts by status. Dates are UTC days. */
export async function listUpgrades(shopId: string, filters: UpgradeFilters): Promise<UpgradeList> {
  const where = baseWhere(shopId, filters);
  const [rows, grouped] = await Promise.all([
    prisma.upgradeJob.findMany({
      where: { ...where, ...(filters.status ? { status: filters.status } : {}) },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (filters.page - 1) * PAGE_SIZE,
      take: PAGE_SIZE + 1,
      include: TITLES_INCLUDE,
    }),
    prisma.upgradeJob.groupBy({ by: ["status"], where, _count: { _all: true } }),
  ]);
  const counts = Object.fromEntries(UPGRADE_STATUSES.map((s) => [s, 0])) as Record<UpgradeStatus, number>;
  for (const group of grouped) if (group.status in counts) counts[group.status as UpgradeStatus] = group._count._all;
  return {
    rows: rows.slice(0, PAGE_SIZE).map(summarize),
    counts,
    page: filters.page,
    hasNext: rows.length > PAGE_SIZE,
  };
}

export interface TimelineEntry {
  kind: "attempt" | "retried";
  at: string;
  /** Attempts: 1–3 within the budget the attempt ran in. */
  number?: number;
  outcome?: string;
  endedAt?: string | null;
  durationMs?: number | null;
  error?: (UpgradeErrorText & { errorClass: string; message: string | null }) | null;
  providerSummary?: string | null;
  /** "Retry now": who pressed it, in words ("you", "another staff member", "Uplift support"). */
  actor?: string;
}

/**
 * Who retried, as a person reads it. Actors are stored as `merchant:<shop> (user <id>)`,
 * `staff:<email>` or `system:…`; Shopify gives the app a staff member's id, not their name,
 * so the viewer is "you" and anyone else of the store "another staff member".
 */
export function retriedByLabel(actor: string, viewer: string | null): string {
  if (viewer && actor === viewer) return "you";
  if (actor === KEY_FIXED_ACTOR) return "Uplift, when your API key passed its test again";
  if (actor.startsWith("merchant:")) return "another staff member";
  if (actor.startsWith("staff:")) return "Uplift support";
  return "Uplift";
}

export interface UpgradeDetail extends UpgradeListRow {
  providerSubscriptionId: string | null;
  completedAt: string | null;
  timeline: TimelineEntry[];
}

/** `viewer`: the actor string of whoever is looking, so their own retries read "you". */
export async function loadUpgradeDetail(shopId: string, id: string, viewer: string | null = null): Promise<UpgradeDetail | null> {
  const row = await prisma.upgradeJob.findFirst({ where: { id, shopId }, include: { ...TITLES_INCLUDE, attempts: { orderBy: { startedAt: "asc" } } } });
  if (!row) return null;
  const retries = await auditTrail({ shopId, action: UPGRADE_RETRIED, reason: retryReason(row.id) });
  const timeline: TimelineEntry[] = [
    ...row.attempts.map(
      (a): TimelineEntry => ({
        kind: "attempt",
        at: a.startedAt.toISOString(),
        number: a.number,
        outcome: a.outcome,
        endedAt: a.endedAt?.toISOString() ?? null,
        durationMs: a.endedAt ? a.endedAt.getTime() - a.startedAt.getTime() : null,
        error: a.errorClass ? { ...explainUpgradeError(a.errorClass), errorClass: a.errorClass, message: a.errorMessage } : null,
        providerSummary: a.providerSummary,
      }),
    ),
    ...retries.map((r): TimelineEntry => ({ kind: "retried", at: r.createdAt.toISOString(), actor: retriedByLabel(r.actor, viewer) })),
  ].sort((a, b) => a.at.localeCompare(b.at));
  return {
    ...summarize(row),
    providerSubscriptionId: row.providerSubscriptionId,
    completedAt: row.completedAt?.toISOString() ?? null,
    timeline,
  };
}
