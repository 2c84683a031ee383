/**
 * The UpgradeJob an accepted subscription upgrade asks for (RUN-2 step 2): the provider
 * change built from the offer's UpgradeConfig as it was when signed (app/providers
 * UpgradeChange), plus the subscription line it targets in the initial purchase.
 *
 * A change that cannot be built (settings made invalid after signing, no verified
 * provider any more) still yields a job — marked failed with the reason — because the
 * shopper's order already changed (step 1) and the merchant must see the upgrade.
 */
import type { Discount, OfferItem, OrderLine, Upgrade } from "~/domain/funnel-schemas";
import { toNumericId } from "~/domain/ids";
import { UpgradeChangeSchema, type ProviderName } from "~/providers/types";
import type { ChangesetSnapshot } from "../post-purchase/server/sign-changeset.server";

/** UpgradeJob.request as the worker reads it. */
export interface UpgradeJobRequest {
  version: 1;
  offerItemId: string | null;
  offerProductTitle: string | null;
  /** The subscription line of the initial purchase the upgrade changes (legacy ids as strings). */
  target: { productId: string; variantId: string; sellingPlanId: string | null; quantity: number } | null;
  /** An UpgradeChange (app/providers/types.ts) when valid; as far as it could be built otherwise. */
  change: unknown;
}

export interface PlannedUpgradeJob {
  provider: string;
  status: "queued" | "scheduled" | "failed";
  request: UpgradeJobRequest;
  error: { class: string; message: string } | null;
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

function changeFor(item: OfferItem, upgrade: Upgrade) {
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
    ...(upgrade.frequencyAppliesToAllLines ? { frequencyAppliesToAllLines: true } : {}),
  };
}

function targetLine(lines: OrderLine[], upgrade: Upgrade) {
  const line = lines.find((l) => l.productId === upgrade.triggerProductId && Boolean(l.sellingPlanId));
  if (!line) return null;
  return {
    productId: legacy("Product", line.productId),
    variantId: legacy("ProductVariant", line.variantId),
    sellingPlanId: line.sellingPlanId ? legacy("SellingPlan", line.sellingPlanId) : null,
    quantity: line.quantity,
  };
}

export function planUpgradeJob(snapshot: ChangesetSnapshot, provider: ProviderName | null): PlannedUpgradeJob {
  // One job per acceptance: a multi-product upgrade offer upgrades with its first configured item.
  const item = snapshot.offer.items.find((i) => i.upgrade);
  const upgrade = item?.upgrade ?? null;
  const request: UpgradeJobRequest = {
    version: 1,
    offerItemId: item?.id ?? null,
    offerProductTitle: item?.productTitle ?? null,
    target: upgrade ? targetLine(snapshot.initialLines, upgrade) : null,
    change: item && upgrade ? changeFor(item, upgrade) : null,
  };
  const failed = (cls: string, message: string): PlannedUpgradeJob => ({ provider: provider ?? "none", status: "failed", request, error: { class: cls, message } });

  if (!provider) return failed("ProviderNotConnected", "No verified subscription provider was connected when the upgrade was accepted");
  if (!upgrade) return failed("InvalidUpgradeSettings", "The offer has no upgrade settings");
  if (!request.target) return failed("InvalidUpgradeSettings", "The order has no subscription line of the trigger product");
  const parsed = UpgradeChangeSchema.safeParse(request.change);
  if (!parsed.success) {
    return failed("InvalidUpgradeSettings", parsed.error.issues.map((i) => `${i.path.join(".") || "change"}: ${i.message}`).join("; "));
  }
  return { provider, status: upgrade.applyAtEndOfCycle ? "scheduled" : "queued", request: { ...request, change: parsed.data }, error: null };
}
