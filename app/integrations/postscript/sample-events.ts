/**
 * Sample facts for "Send test" (PS-3): realistic values, so the merchant sees every
 * property (and its merge tag) in Postscript's flow builder straight away.
 */
import type { EventFacts } from "./event-builders";
import type { PostscriptEventType } from "./event-types";

const upgrade: EventFacts = {
  triggerProductTitle: "Morning Roast",
  productTitles: ["Morning Roast (every 2 months)"],
  upgradeType: "frequency",
  oldInterval: { unit: "month", deliveryCount: 1, billingCount: 1 },
  newInterval: { unit: "month", deliveryCount: 2, billingCount: 2 },
  discount: { type: "percentage", basisPoints: 1000 },
};
const order: EventFacts = { orderId: "1001", orderNumber: "#1001", amount: { amountMinor: 1800, currency: "USD" } };

export const SAMPLE_FACTS: Record<PostscriptEventType, EventFacts> = {
  uplift_upgrade_offered: { ...upgrade },
  uplift_upgrade_accepted: { ...upgrade, ...order },
  uplift_subscription_upgraded: { ...upgrade, ...order, provider: "recharge", nextChargeDate: "2030-01-15" },
  uplift_upgrade_failed: {
    ...upgrade,
    ...order,
    provider: "recharge",
    failureReason: "No subscription for this order was found at the subscription app.",
    attempts: 3,
  },
  uplift_upsell_subscription_accepted: {
    orderId: "1001",
    orderNumber: "#1001",
    productTitles: ["Decaf Blend"],
    sellingPlanName: "Delivered monthly",
    discount: { type: "percentage", basisPoints: 2000 },
    amount: { amountMinor: 1600, currency: "USD" },
  },
};
