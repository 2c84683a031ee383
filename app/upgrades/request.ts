/**
 * The stored request of an upgrade (UpgradeJob.request): the provider change plus where
 * to find the shopper's subscription. Pure: the worker parses it, the page describes it.
 *
 * Accepted shapes (the runtime writes the change; the target may sit beside it):
 *   { ...UpgradeChange, target?: { productId, variantId?, contractId? } }
 *   { change: UpgradeChange, target?: {...} }
 * Ids may be numeric strings, numbers or Shopify GIDs. Without a target, the trigger
 * product comes from the accepted offer's upgrade settings.
 */
import { z } from "zod";
import { describeDiscount, describeInterval } from "~/providers/change";
import { UpgradeChangeSchema, type FindSubscriptionInput, type UpgradeChange } from "~/providers/types";
import { InvalidUpgradeRequestError, OrderNotLinkedError } from "./errors";

/** "gid://shopify/Product/1001", "1001" or 1001 → "1001". */
const LegacyId = z
  .union([z.string(), z.number()])
  .transform((value) => /(\d+)$/.exec(String(value).trim())?.[1] ?? "")
  .pipe(z.string().regex(/^\d+$/, "Expected a Shopify id"));

export const UpgradeTargetSchema = z.object({
  productId: LegacyId,
  variantId: LegacyId.optional(),
  contractId: LegacyId.optional(),
});
export type UpgradeTarget = z.infer<typeof UpgradeTargetSchema>;

export interface StoredUpgradeRequest {
  change: UpgradeChange;
  target: UpgradeTarget | null;
}

function issuesOf(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join(".") || "request"}: ${i.message}`).join("; ");
}

/** Parses UpgradeJob.request; throws InvalidUpgradeRequestError (permanent) when unusable. */
export function parseStoredUpgradeRequest(json: string): StoredUpgradeRequest {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new InvalidUpgradeRequestError("The stored upgrade request is not valid JSON.");
  }
  const record = (raw && typeof raw === "object" ? raw : {}) as Record<string, unknown>;
  const changeInput = record.change && typeof record.change === "object" ? record.change : record;
  const change = UpgradeChangeSchema.safeParse(changeInput);
  if (!change.success) throw new InvalidUpgradeRequestError(`The upgrade cannot be applied as configured (${issuesOf(change.error)}).`);
  const targetInput = record.target ?? record.trigger;
  if (targetInput === undefined || targetInput === null) return { change: change.data, target: null };
  const target = UpgradeTargetSchema.safeParse(targetInput);
  if (!target.success) throw new InvalidUpgradeRequestError(`The upgrade's subscription line is not usable (${issuesOf(target.error)}).`);
  return { change: change.data, target: target.data };
}

/** An offer item's upgrade settings, as the fallback source of the trigger product. */
export interface OfferUpgradeTrigger {
  triggerProductId: string;
  replacementVariantId?: string | null;
}

/** The trigger product of the offer item that matches the change (the first one otherwise). */
export function targetFromOffer(change: UpgradeChange, items: OfferUpgradeTrigger[]): UpgradeTarget | null {
  const wantedVariant = change.replacement?.variantId;
  const item =
    (wantedVariant ? items.find((i) => i.replacementVariantId && LegacyId.safeParse(i.replacementVariantId).data === wantedVariant) : undefined) ??
    items[0];
  if (!item) return null;
  const parsed = UpgradeTargetSchema.safeParse({ productId: item.triggerProductId });
  return parsed.success ? parsed.data : null;
}

/** The provider lookup for an order, or an InvalidUpgradeRequestError when nothing says what to look for. */
export function findInput(input: { orderId: string | null; customerId: string | null; target: UpgradeTarget | null }): FindSubscriptionInput {
  const orderId = input.orderId ? LegacyId.safeParse(input.orderId).data : undefined;
  // The order id can arrive after the acceptance (from the order webhook): wait for it.
  if (!orderId) throw new OrderNotLinkedError("Shopify has not told Uplift the order number yet, so the subscription cannot be looked up.");
  if (!input.target) throw new InvalidUpgradeRequestError("The upgrade does not say which subscription product to change (the offer was deleted?).");
  const customerId = input.customerId ? LegacyId.safeParse(input.customerId).data : undefined;
  return { orderId, ...(customerId ? { customerId } : {}), ...input.target };
}

/** One line for the merchant: "Every 2 months · Variant 2007 × 2 · 10% off · at end of cycle". */
export function describeUpgradeRequest(change: UpgradeChange): string {
  const parts: string[] = [];
  if (change.type !== "replacement" && change.interval) {
    const cadence = describeInterval(change.interval);
    parts.push(cadence.charAt(0).toUpperCase() + cadence.slice(1));
  }
  if (change.type !== "frequency" && change.replacement) {
    parts.push(`Replace with variant ${change.replacement.variantId} × ${change.replacement.quantity}`);
  }
  if (change.discount) parts.push(`${describeDiscount(change.discount)} every renewal`);
  parts.push(change.applyAtEndOfCycle ? "at the end of the current cycle" : "right away");
  return parts.join(" · ");
}
