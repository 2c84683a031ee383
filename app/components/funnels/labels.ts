/** Words the funnel screens share, so the list, the editor and the wizard name things alike. */
import type { BadgeProps } from "@shopify/polaris";
import type { FunnelStatus, OfferKind, PurchaseOption } from "~/domain/funnel-schemas";
import { cadenceText } from "~/domain/pricing";

export function statusBadge(status: FunnelStatus): { label: string; tone: BadgeProps["tone"] } {
  if (status === "active") return { label: "Active", tone: "success" };
  if (status === "inactive") return { label: "Inactive", tone: undefined };
  return { label: "Draft", tone: "info" };
}

export const OFFER_KIND_LABELS: Record<OfferKind, string> = {
  product_upsell: "Product upsell",
  subscription_upsell: "Subscription upsell",
  subscription_upgrade: "Subscription upgrade",
};

export const offerKindLabel = (kind: OfferKind) => OFFER_KIND_LABELS[kind];

export const PURCHASE_OPTION_LABELS: Record<PurchaseOption, string> = {
  one_time: "One-time purchase only",
  subscription: "Subscription only",
  both: "One-time purchase and subscription",
};

export const SUBSCRIPTION_TRIGGER_LABELS = {
  off: "Off",
  include: "Include: the order has at least one subscription",
  exclude: "Exclude: the order has no subscription",
} as const;

/** FUN-2 in one line: what the funnel's triggers ask of an order. */
export function triggerSummary(funnel: { showToAll: boolean; triggerProductCount: number; subscriptionTrigger: "off" | "include" | "exclude" }): string {
  if (funnel.showToAll) return "Show to all customers";
  const parts: string[] = [];
  if (funnel.triggerProductCount > 0) parts.push(funnel.triggerProductCount === 1 ? "1 product" : `${funnel.triggerProductCount} products`);
  if (funnel.subscriptionTrigger === "include") parts.push("with a subscription");
  if (funnel.subscriptionTrigger === "exclude") parts.push("without a subscription");
  // The runtime matches no order without a trigger (firing on every order is "show to all").
  return parts.length > 0 ? parts.join(" · ") : "No trigger: shows on no order";
}

/** "Offer 1", "Offer 2"… in tree order (root, then accept before decline, level by level). */
export function offerNumbers(offers: Array<{ id: string; parentId?: string | null; branch?: "accept" | "decline" | null }>): Map<string, string> {
  const names = new Map<string, string>();
  const queue = offers.filter((o) => !o.parentId);
  while (queue.length > 0) {
    const offer = queue.shift()!;
    if (names.has(offer.id)) continue;
    names.set(offer.id, `Offer ${names.size + 1}`);
    const children = offers.filter((o) => o.parentId === offer.id).sort((a) => (a.branch === "accept" ? -1 : 1));
    queue.push(...children);
  }
  for (const offer of offers) if (!names.has(offer.id)) names.set(offer.id, `Offer ${names.size + 1}`);
  return names;
}

/** One line about what an upgrade changes, for the editor's offer cards and the wizard's summary. */
export function describeUpgrade(upgrade: {
  type: "frequency" | "replacement" | "both";
  intervalUnit?: "day" | "week" | "month" | "year" | null;
  deliveryIntervalCount?: number | null;
  billingIntervalCount?: number | null;
  applyAtEndOfCycle?: boolean;
  replacementTitle?: string | null;
  replacementQuantity?: number | null;
  triggerProductTitle?: string;
}): string {
  const parts: string[] = [];
  if (upgrade.type !== "replacement" && upgrade.intervalUnit && upgrade.deliveryIntervalCount && upgrade.billingIntervalCount) {
    parts.push(`Frequency → ${cadenceText({ intervalUnit: upgrade.intervalUnit, deliveryIntervalCount: upgrade.deliveryIntervalCount, billingIntervalCount: upgrade.billingIntervalCount })}`);
  }
  if (upgrade.type !== "frequency") {
    const quantity = upgrade.replacementQuantity && upgrade.replacementQuantity > 1 ? `${upgrade.replacementQuantity} × ` : "";
    parts.push(`Replace with ${quantity}${upgrade.replacementTitle || "the replacement product"}${upgrade.type === "replacement" ? " (same frequency)" : ""}`);
  }
  if (upgrade.applyAtEndOfCycle) parts.push("from the end of the current cycle");
  return parts.join(" · ");
}
