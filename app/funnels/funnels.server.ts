/**
 * Funnels as the merchant manages them (FUN-1): list, create, save the whole offer tree,
 * duplicate, delete, activate/deactivate, reorder. Every query carries the shop's id
 * (OPS-2): an id of another shop's funnel behaves exactly like an id that does not
 * exist. Saving is one transaction and always bumps Funnel.updatedAt, which is what the
 * runtime's funnel cache watches.
 */
import type { Prisma } from "@prisma/client";
import prisma from "~/db.server";
import { AppError } from "~/lib/errors";
import { logger } from "~/logger.server";
import type { FunnelDefinition, FunnelStatus, OfferDefinition } from "~/domain/funnel-schemas";
import { MAX_NAME_LENGTH, type ValidFunnelDraft } from "~/domain/funnel-editor-schemas";
import { funnelReach, shadowedFunnels, type FunnelReach } from "~/domain/funnel-shadowing";
import { FUNNEL_INCLUDE, funnelRowToDefinition, itemCreateData, offerColumns, triggerProductIds } from "./rows.server";
import { upgradeProviderIssues, verifiedProvider } from "./upgrade-provider-issues.server";

export { funnelRowToDefinition, triggerProductIds } from "./rows.server";

/** 404: no funnel (or offer) with that id in this shop. */
export class FunnelNotFoundError extends AppError {
  readonly code = "not_found";
  readonly kind = "not_found" as const;
  constructor(message = "This funnel does not exist in your shop. It may have been deleted.") {
    super(message);
  }
}

/** The change would leave a funnel that cannot run. */
export class FunnelStateError extends AppError {
  readonly code = "invalid_state";
  readonly kind = "invalid" as const;
}

export interface FunnelListRow {
  id: string;
  name: string;
  status: FunnelStatus;
  priority: number;
  triggerProductCount: number;
  subscriptionTrigger: "off" | "include" | "exclude";
  showToAll: boolean;
  offerCount: number;
  offerKinds: OfferDefinition["kind"][];
  /** Offer pages shown to shoppers (all offers of the funnel). */
  impressions: number;
  accepts: number;
  updatedAt: string;
  /** Upgrades of this funnel the connected provider cannot carry out: checkout skips them (issue 13 §6). */
  providerIssues: Array<{ offerId: string; reason: string; fix: string }>;
  /** FUN-3: the funnel that always wins over this one, so this one never fires. */
  neverFiresBecause: { id: string; name: string } | null;
}

/** Priority order, as the runtime picks (FUN-3): higher first, then older, then id. */
const PRIORITY_ORDER = [{ priority: "desc" }, { createdAt: "asc" }, { id: "asc" }] satisfies Prisma.FunnelOrderByWithRelationInput[];

export async function listFunnels(shopId: string): Promise<FunnelListRow[]> {
  const funnels = await prisma.funnel.findMany({
    where: { shopId },
    orderBy: PRIORITY_ORDER,
    include: FUNNEL_INCLUDE,
  });
  const shadowed = shadowedFunnels(funnels.map((f) => funnelReach(funnelRowToDefinition(f))));
  const offerFunnel = new Map(funnels.flatMap((f) => f.offers.map((o) => [o.id, f.id] as const)));
  const [shown, accepted] = await Promise.all([
    offerFunnel.size
      ? prisma.offerEvent.groupBy({ by: ["offerId"], where: { shopId, type: "shown", offerId: { in: [...offerFunnel.keys()] } }, _count: { _all: true } })
      : [],
    prisma.acceptance.groupBy({ by: ["funnelId"], where: { shopId, funnelId: { in: funnels.map((f) => f.id) } }, _count: { _all: true } }),
  ]);
  const impressions = new Map<string, number>();
  for (const row of shown) {
    const funnelId = row.offerId ? offerFunnel.get(row.offerId) : undefined;
    if (funnelId) impressions.set(funnelId, (impressions.get(funnelId) ?? 0) + row._count._all);
  }
  const accepts = new Map(accepted.map((row) => [row.funnelId, row._count._all]));
  const issues = await upgradeProviderIssues(shopId, await verifiedProvider(shopId));
  return funnels.map((f) => ({
    id: f.id,
    name: f.name,
    status: f.status as FunnelStatus,
    priority: f.priority,
    triggerProductCount: triggerProductIds(f).length,
    subscriptionTrigger: f.subscriptionTrigger as FunnelListRow["subscriptionTrigger"],
    showToAll: f.showToAll,
    offerCount: f.offers.length,
    offerKinds: Array.from(new Set(f.offers.map((o) => o.kind as OfferDefinition["kind"]))),
    impressions: impressions.get(f.id) ?? 0,
    accepts: accepts.get(f.id) ?? 0,
    providerIssues: issues.filter((issue) => issue.funnelId === f.id).map(({ offerId, reason, fix }) => ({ offerId, reason, fix })),
    updatedAt: f.updatedAt.toISOString(),
    neverFiresBecause: pickIdName(shadowed.get(f.id)),
  }));
}

const pickIdName = (reach: FunnelReach | undefined) => (reach ? { id: reach.id, name: reach.name } : null);

/** The shop's other active funnels as the editor's FUN-3 check compares them. */
export async function competingFunnels(shopId: string, exceptId: string | null): Promise<FunnelReach[]> {
  const rows = await prisma.funnel.findMany({ where: { shopId, status: "active", ...(exceptId ? { id: { not: exceptId } } : {}) }, include: FUNNEL_INCLUDE });
  return rows.map((row) => funnelReach(funnelRowToDefinition(row)));
}

/** The stored funnel in the runtime's shape and its version (updatedAt), or FunnelNotFoundError. */
export async function loadFunnelRecord(shopId: string, funnelId: string): Promise<{ definition: FunnelDefinition; updatedAt: string }> {
  const row = await prisma.funnel.findFirst({ where: { id: funnelId, shopId }, include: FUNNEL_INCLUDE });
  if (!row) throw new FunnelNotFoundError();
  return { definition: funnelRowToDefinition(row), updatedAt: row.updatedAt.toISOString() };
}

export async function loadFunnel(shopId: string, funnelId: string): Promise<FunnelDefinition> {
  return (await loadFunnelRecord(shopId, funnelId)).definition;
}

/** Ids of the funnel's offers that are already subscription upgrades (CONN-5 lets those stay). */
export async function upgradeOfferIds(shopId: string, funnelId: string): Promise<Set<string>> {
  const offers = await prisma.offer.findMany({ where: { shopId, funnelId, kind: "subscription_upgrade" }, select: { id: true } });
  return new Set(offers.map((o) => o.id));
}

type Tx = Prisma.TransactionClient;

function funnelColumns(draft: ValidFunnelDraft) {
  return {
    name: draft.name,
    status: draft.status,
    priority: draft.priority,
    triggerProductIds: JSON.stringify(draft.triggers.products.map((p) => p.id)),
    subscriptionTrigger: draft.triggers.subscription,
    showToAll: draft.triggers.showToAll,
  };
}

/**
 * Writes the offer tree: offers the funnel already has keep their ids (their stats and
 * acceptances stay attached), new ones are created, missing ones deleted. Parents are
 * detached first and re-linked last, so moving an offer between branches never trips
 * the one-offer-per-branch constraint midway. An id that is not one of this funnel's
 * offers (another funnel's, another shop's) is treated as new, never updated.
 */
async function writeOffers(tx: Tx, shopId: string, funnelId: string, offers: OfferDefinition[]): Promise<Map<string, string>> {
  const existing = new Set((await tx.offer.findMany({ where: { shopId, funnelId }, select: { id: true } })).map((o) => o.id));
  const kept = offers.filter((o) => existing.has(o.id)).map((o) => o.id);
  await tx.offer.updateMany({ where: { shopId, funnelId }, data: { parentOfferId: null, branch: null } });
  await tx.offer.deleteMany({ where: { shopId, funnelId, id: { notIn: kept } } });

  const ids = new Map<string, string>();
  for (const [position, offer] of offers.entries()) {
    const items = { create: offer.items.map((item, index) => itemCreateData(item, index)) };
    if (existing.has(offer.id)) {
      await tx.offerItem.deleteMany({ where: { offerId: offer.id } });
      await tx.offer.update({ where: { id: offer.id }, data: { ...offerColumns(offer), position, items } });
      ids.set(offer.id, offer.id);
    } else {
      const created = await tx.offer.create({ data: { shopId, funnelId, ...offerColumns(offer), position, items }, select: { id: true } });
      ids.set(offer.id, created.id);
    }
  }
  for (const offer of offers) {
    if (!offer.parentOfferId) continue;
    await tx.offer.update({
      where: { id: ids.get(offer.id) as string },
      data: { parentOfferId: ids.get(offer.parentOfferId) ?? null, branch: offer.branch },
    });
  }
  return ids;
}

export interface SavedFunnel {
  id: string;
  /** Draft offer id → stored offer id (new offers get database ids). */
  offerIds: Record<string, string>;
}

export async function createFunnel(shopId: string, draft: ValidFunnelDraft): Promise<SavedFunnel> {
  const saved = await prisma.$transaction(async (tx) => {
    const funnel = await tx.funnel.create({ data: { shopId, ...funnelColumns(draft) }, select: { id: true } });
    const ids = await writeOffers(tx, shopId, funnel.id, draft.offers);
    return { id: funnel.id, offerIds: Object.fromEntries(ids) };
  });
  logger.info("funnel created", { shopId, funnelId: saved.id, offers: draft.offers.length });
  return saved;
}

/** Replaces the funnel's settings and offer tree in one transaction (FunnelNotFoundError for another shop's id). */
export async function saveFunnel(shopId: string, funnelId: string, draft: ValidFunnelDraft): Promise<SavedFunnel> {
  const saved = await prisma.$transaction(async (tx) => {
    const { count } = await tx.funnel.updateMany({ where: { id: funnelId, shopId }, data: { ...funnelColumns(draft), updatedAt: new Date() } });
    if (count !== 1) throw new FunnelNotFoundError();
    const ids = await writeOffers(tx, shopId, funnelId, draft.offers);
    return { id: funnelId, offerIds: Object.fromEntries(ids) };
  });
  logger.info("funnel saved", { shopId, funnelId, offers: draft.offers.length });
  return saved;
}

/** A draft copy ("Copy of …") with its whole offer tree; the copy starts inactive (draft). */
export async function duplicateFunnel(shopId: string, funnelId: string): Promise<SavedFunnel> {
  const source = await loadFunnel(shopId, funnelId);
  const fresh = new Map(source.offers.map((o, index) => [o.id, `copy-${index}`]));
  const draft: ValidFunnelDraft = {
    name: `Copy of ${source.name}`.slice(0, MAX_NAME_LENGTH),
    status: "draft",
    priority: source.priority,
    triggers: { products: source.triggers.productIds.map((id) => ({ id, title: "", imageUrl: null })), subscription: source.triggers.subscription, showToAll: source.triggers.showToAll },
    offers: source.offers.map((offer) => ({
      ...offer,
      id: fresh.get(offer.id) as string,
      parentOfferId: offer.parentOfferId ? (fresh.get(offer.parentOfferId) ?? null) : null,
    })),
  };
  return createFunnel(shopId, draft);
}

/** All or nothing: if any id is not this shop's funnel, nothing is deleted. */
export async function deleteFunnels(shopId: string, funnelIds: string[]): Promise<number> {
  const count = await prisma.$transaction(async (tx) => {
    await requireOwnFunnels(tx, shopId, funnelIds);
    return (await tx.funnel.deleteMany({ where: { shopId, id: { in: funnelIds } } })).count;
  });
  logger.info("funnels deleted", { shopId, count });
  return count;
}

/** Activate or deactivate; a funnel without offers cannot be activated (it would show nothing). */
export async function setFunnelsStatus(shopId: string, funnelIds: string[], status: FunnelStatus): Promise<number> {
  const count = await prisma.$transaction(async (tx) => {
    const funnels = await requireOwnFunnels(tx, shopId, funnelIds);
    if (status === "active") {
      const empty = funnels.filter((f) => f._count.offers === 0);
      if (empty.length > 0) throw new FunnelStateError(`Add an offer before activating ${empty.map((f) => `"${f.name}"`).join(", ")}.`);
    }
    return (await tx.funnel.updateMany({ where: { shopId, id: { in: funnelIds } }, data: { status, updatedAt: new Date() } })).count;
  });
  logger.info("funnel status changed", { shopId, count, status });
  return count;
}

/** Moves a funnel one place up or down the priority order (FUN-1, FUN-3), renumbering every funnel. */
export async function moveFunnel(shopId: string, funnelId: string, direction: "up" | "down"): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const funnels = await tx.funnel.findMany({ where: { shopId }, orderBy: PRIORITY_ORDER, select: { id: true, priority: true } });
    const index = funnels.findIndex((f) => f.id === funnelId);
    if (index < 0) throw new FunnelNotFoundError();
    const target = direction === "up" ? index - 1 : index + 1;
    const moving = funnels[index];
    const neighbour = funnels[target];
    // Already first (or last): nothing to swap with.
    if (!moving || !neighbour) return;
    funnels[index] = neighbour;
    funnels[target] = moving;
    const now = new Date();
    for (const [position, funnel] of funnels.entries()) {
      const priority = funnels.length - position;
      if (funnel.priority !== priority) await tx.funnel.update({ where: { id: funnel.id }, data: { priority, updatedAt: now } });
    }
  });
}

async function requireOwnFunnels(tx: Tx, shopId: string, funnelIds: string[]) {
  const unique = Array.from(new Set(funnelIds));
  const funnels = await tx.funnel.findMany({ where: { shopId, id: { in: unique } }, select: { id: true, name: true, _count: { select: { offers: true } } } });
  if (unique.length === 0 || funnels.length !== unique.length) throw new FunnelNotFoundError(unique.length > 1 ? "One of these funnels does not exist in your shop." : undefined);
  return funnels;
}
