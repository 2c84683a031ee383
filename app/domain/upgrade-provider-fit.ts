/**
 * Can the shop's connected provider carry out this upgrade as configured? (issue 13 §6)
 * Checkout drops an upgrade offer with a problem at once (selection-rules.ts), and the
 * funnel editor flags it with the reason and the fix (funnel-warnings.ts). Pure.
 */
import type { Provider, Upgrade } from "./funnel-schemas";

export type UpgradeProviderProblemCode = "provider_changed" | "loop_prepaid" | "skio_discount_without_code";

export interface UpgradeProviderProblem {
  code: UpgradeProviderProblemCode;
  /** Why checkout no longer shows the offer. */
  reason: string;
  /** What the merchant does about it. */
  fix: string;
}

const LABELS: Record<Provider, string> = { recharge: "Recharge", skio: "Skio", loop: "Loop" };

/** The upgrade settings the rule reads (a saved row carries the same). */
export type UpgradeFitInput = Pick<Upgrade, "provider" | "type" | "deliveryIntervalCount" | "billingIntervalCount" | "discountCode"> & {
  discount: Pick<Upgrade["discount"], "type">;
};

/** Problems of `upgrade` under the shop's current provider (none when no provider: upgrades are off then). */
export function upgradeProviderProblems(upgrade: UpgradeFitInput, provider: Provider | null): UpgradeProviderProblem[] {
  if (!provider) return [];
  const problems: UpgradeProviderProblem[] = [];
  const label = LABELS[provider];
  if (upgrade.provider && upgrade.provider !== provider) {
    problems.push({
      code: "provider_changed",
      reason: `This upgrade was set up for ${LABELS[upgrade.provider]}, but the shop now uses ${label}: its selling plan and settings belong to the old provider.`,
      fix: `Open the upgrade, check its settings against ${label} and save it again (or reconnect ${LABELS[upgrade.provider]}).`,
    });
  }
  const changesFrequency = upgrade.type !== "replacement";
  const prepaid = Boolean(upgrade.billingIntervalCount && upgrade.deliveryIntervalCount && upgrade.billingIntervalCount > upgrade.deliveryIntervalCount);
  if (provider === "loop" && changesFrequency && prepaid) {
    problems.push({
      code: "loop_prepaid",
      reason: "Loop supports pay-per-delivery subscriptions only, and this upgrade moves the shopper to a prepaid frequency.",
      fix: "Change the billing frequency to match the delivery frequency, or remove the upgrade.",
    });
  }
  if (provider === "skio" && upgrade.discount.type !== "none" && !upgrade.discountCode) {
    problems.push({
      code: "skio_discount_without_code",
      reason: "Skio applies a discount only as an existing discount code, and this upgrade has a discount without one.",
      fix: "Create the discount code in Shopify and enter it on the upgrade, or remove the discount.",
    });
  }
  return problems;
}
