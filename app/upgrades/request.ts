/**
 * UpgradeJob.request — the one format of a stored upgrade, written when the shopper
 * accepts (planUpgradeRequest) and read by the worker and the upgrades page
 * (parseUpgradeRequest). Pure: no I/O, so the worker, the page and the tests all read
 * rows through the same schema (docs/decisions/0009-json-in-text-columns.md).
 *
 * Version 1: { version: 1, offerItemId, offerProductTitle, target, change }
 *   target — the subscription line of the initial purchase the upgrade changes
 *            (legacy ids), or null when the order had none (the job is then failed);
 *   change — the provider change (providers/types UpgradeChange), or null when the
 *            offer's settings could not make one (the job is then failed).
 * A row with another version, or missing fields, is refused with a permanent error:
 * guessing what an unknown shape meant could change a paying shopper's subscription
 * the wrong way.
 */
import { z } from "zod";
import type { Discount, OfferItem, OrderLine, Upgrade } from "~/domain/funnel-schemas";
import { toNumericId } from "~/domain/ids";
import { defineJsonColumn } from "~/lib/json-column";
import { zodIssues } from "~/lib/zod-issues";
import { describeDiscount, describeInterval } from "~/providers/change";
import { LegacyIdSchema, UpgradeChangeSchema, type FindSubscriptionInput, type ProviderName, type UpgradeChange } from "~/providers/types";
import { InvalidUpgradeRequestError, OrderNotLinkedError } from "./errors";

export const UpgradeTargetSchema = z.object({
  productId: LegacyIdSchema,
  variantId: LegacyIdSchema,
  sellingPlanId: LegacyIdSchema.nullable(),
  quantity: z.number().int().min(1),
});
export type UpgradeTarget = z.infer<typeof UpgradeTargetSchema>;

export const UpgradeRequestSchema = z.object({
  version: z.literal(1),
  offerItemId: z.string().min(1).nullable(),
  offerProductTitle: z.string().nullable(),
  target: UpgradeTargetSchema.nullable(),
  change: UpgradeChangeSchema.nullable(),
});
export type UpgradeRequest = z.infer<typeof UpgradeRequestSchema>;

/** The column, written and read only through this schema. */
export const upgradeRequestColumn = defineJsonColumn("UpgradeJob.request", UpgradeRequestSchema);

export interface PlannedUpgrade {
  provider: ProviderName | "none";
  status: "queued" | "scheduled" | "failed";
  request: UpgradeRequest;
  error: { class: string; message: string } | null;
}

/** What planning needs from the accepted offer: its items as signed and the purchase's lines. */
export interface UpgradeAcceptance {
  offer: { items: OfferItem[] };
  initialLines: OrderLine[];
}

const legacy = (type: "Product" | "ProductVariant" | "SellingPlan", id: string) => String(toNumericId(type, id));

/** The recurring discount, with the merchant's provider code when there is one (Skio applies discounts only by code). */
function discountFor(discount: Discount, currency: string, code: string | null | undefined) {
  const withCode = code ? { code } : {};
  if (discount.type === "percentage" && discount.value > 0) return { type: "percentage" as const, basisPoints: discount.value, ...withCode };
  if (discount.type === "fixed_amount" && discount.value > 0) return { type: "fixed_amount" as const, amountMinor: discount.value, currency, ...withCode };
  return undefined;
}

function intervalFor(upgrade: Upgrade) {
  if (!upgrade.intervalUnit || !upgrade.deliveryIntervalCount || !upgrade.billingIntervalCount) return undefined;
  // Providers count in days, weeks and months; a yearly plan is 12 months.
  const factor = upgrade.intervalUnit === "year" ? 12 : 1;
  const unit = upgrade.intervalUnit === "year" ? "month" : upgrade.intervalUnit;
  return { unit, deliveryCount: upgrade.deliveryIntervalCount * factor, billingCount: upgrade.billingIntervalCount * factor };
}

function changeInputFor(item: OfferItem, upgrade: Upgrade) {
  return {
    type: upgrade.type,
    interval: upgrade.type === "replacement" ? undefined : intervalFor(upgrade),
    sellingPlanId: upgrade.providerSellingPlanId ?? undefined,
    replacement:
      upgrade.type !== "frequency" && upgrade.replacementProductId && upgrade.replacementVariantId && upgrade.replacementQuantity
        ? { productId: legacy("Product", upgrade.replacementProductId), variantId: legacy("ProductVariant", upgrade.replacementVariantId), quantity: upgrade.replacementQuantity }
        : undefined,
    discount: discountFor(upgrade.discount, item.currency, upgrade.discountCode),
    applyAtEndOfCycle: upgrade.applyAtEndOfCycle,
    // Skio moves every line's cadence: only when the merchant opted in for this offer (issue 13 §7).
    ...(upgrade.frequencyAppliesToAllLines ? { frequencyAppliesToAllLines: true } : {}),
  };
}

function targetLine(lines: OrderLine[], upgrade: Upgrade): UpgradeTarget | null {
  const line = lines.find((l) => l.productId === upgrade.triggerProductId && Boolean(l.sellingPlanId));
  if (!line) return null;
  return {
    productId: legacy("Product", line.productId),
    variantId: legacy("ProductVariant", line.variantId),
    sellingPlanId: line.sellingPlanId ? legacy("SellingPlan", line.sellingPlanId) : null,
    quantity: line.quantity,
  };
}

/**
 * RUN-2 step 2: the request an accepted upgrade offer stores. A change that cannot be
 * built (settings made invalid after signing, no verified provider any more) still
 * yields a request — planned as failed with the reason — because the shopper's order
 * already changed and the merchant must see the upgrade.
 */
export function planUpgradeRequest(accepted: UpgradeAcceptance, provider: ProviderName | null): PlannedUpgrade {
  // One job per acceptance: a multi-product upgrade offer upgrades with its first configured item.
  const item = accepted.offer.items.find((i) => i.upgrade);
  const upgrade = item?.upgrade ?? null;
  const parsedChange = item && upgrade ? UpgradeChangeSchema.safeParse(changeInputFor(item, upgrade)) : null;
  const request: UpgradeRequest = {
    version: 1,
    offerItemId: item?.id ?? null,
    offerProductTitle: item?.productTitle ?? null,
    target: upgrade ? targetLine(accepted.initialLines, upgrade) : null,
    change: parsedChange?.success ? parsedChange.data : null,
  };
  const failed = (cls: string, message: string): PlannedUpgrade => ({ provider: provider ?? "none", status: "failed", request, error: { class: cls, message } });

  if (!provider) return failed("ProviderNotConnected", "No verified subscription provider was connected when the upgrade was accepted");
  if (!upgrade || !parsedChange) return failed("InvalidUpgradeSettings", "The offer has no upgrade settings");
  if (!request.target) return failed("InvalidUpgradeSettings", "The order has no subscription line of the trigger product");
  if (!parsedChange.success) return failed("InvalidUpgradeSettings", zodIssues(parsedChange.error, "change"));
  return { provider, status: upgrade.applyAtEndOfCycle ? "scheduled" : "queued", request, error: null };
}

/** Reads UpgradeJob.request; an unreadable or unknown row is an InvalidUpgradeRequestError (permanent). */
export function parseUpgradeRequest(json: string): UpgradeRequest {
  const read = upgradeRequestColumn.safeParse(json);
  if (!read.ok) throw new InvalidUpgradeRequestError(`The stored upgrade request cannot be read (${read.problem}).`);
  return read.value;
}

/** What the worker applies: the change and the line, both present, or a permanent error saying which is missing. */
export function applicableRequest(request: UpgradeRequest): { change: UpgradeChange; target: UpgradeTarget } {
  if (!request.change) throw new InvalidUpgradeRequestError("The upgrade cannot be applied as configured (the offer's upgrade settings were incomplete when it was accepted).");
  if (!request.target) throw new InvalidUpgradeRequestError("The order had no subscription line of the offer's trigger product, so there is nothing to upgrade.");
  return { change: request.change, target: request.target };
}

/**
 * The provider lookup for an order. The replacement's variant goes with it: a retry
 * after the swap went through finds the line under its new variant (JOB-6).
 */
export function findInput(input: { orderId: string | null; customerId: string | null; change: UpgradeChange; target: UpgradeTarget }): FindSubscriptionInput {
  const orderId = input.orderId ? legacyOrNull(input.orderId) : null;
  // The order id can arrive after the acceptance (from the order webhook): wait for it.
  if (!orderId) throw new OrderNotLinkedError("Shopify has not told Uplift the order number yet, so the subscription cannot be looked up.");
  const customerId = input.customerId ? legacyOrNull(input.customerId) : null;
  const replacementVariantId = input.change.type !== "frequency" ? input.change.replacement?.variantId : undefined;
  return {
    orderId,
    ...(customerId ? { customerId } : {}),
    productId: input.target.productId,
    variantId: input.target.variantId,
    ...(replacementVariantId ? { replacementVariantId } : {}),
  };
}

/** "gid://shopify/Order/5001" or "5001" → "5001"; anything else → null. */
function legacyOrNull(id: string): string | null {
  return /^(?:gid:\/\/shopify\/[A-Za-z]+\/)?(\d+)$/.exec(id.trim())?.[1] ?? null;
}

/** One line for the merchant: "Every 2 months · Variant 2007 × 2 · 10% off · at end of cycle". */
/** `titles.replacement`: the replacement's product/variant title, so the merchant never reads a variant id. */
export function describeUpgradeRequest(change: UpgradeChange, titles: { replacement?: string | null } = {}): string {
  const parts: string[] = [];
  if (change.type !== "replacement" && change.interval) {
    const cadence = describeInterval(change.interval);
    parts.push(cadence.charAt(0).toUpperCase() + cadence.slice(1));
  }
  if (change.type !== "frequency" && change.replacement) {
    parts.push(`Replace with ${titles.replacement || "the replacement product"} × ${change.replacement.quantity}`);
  }
  if (change.discount) parts.push(`${describeDiscount(change.discount)} every renewal`);
  parts.push(change.applyAtEndOfCycle ? "at the end of the current cycle" : "right away");
  return parts.join(" · ");
}
