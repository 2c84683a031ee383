import { describe, expect, it } from "vitest";
import { toSellingPlan, type PricingPolicyNode, type SellingPlanNode } from "./product-snapshot";

const node = (pricingPolicies: PricingPolicyNode[]): SellingPlanNode => ({
  id: "gid://shopify/SellingPlan/1",
  name: "Monthly",
  billingPolicy: { interval: "MONTH", intervalCount: 1 },
  deliveryPolicy: { interval: "MONTH", intervalCount: 1 },
  pricingPolicies,
});
const fixed = (adjustmentType: string, adjustmentValue: PricingPolicyNode["adjustmentValue"]): PricingPolicyNode => ({ __typename: "SellingPlanFixedPricingPolicy", adjustmentType, adjustmentValue });

describe("selling plans read from the Admin API (audit S-12)", () => {
  it.each<[string, PricingPolicyNode[], unknown]>([
    ["a percentage", [fixed("PERCENTAGE", { percentage: 15 })], { initial: { type: "percentage", percent: 15 }, later: null }],
    ["a fixed amount in JPY (no minor unit)", [fixed("FIXED_AMOUNT", { amount: "300.0", currencyCode: "JPY" })], { initial: { type: "fixed_amount", amountMinor: 300 }, later: null }],
    ["a fixed price", [fixed("PRICE", { amount: "12.5", currencyCode: "USD" })], { initial: { type: "price", amountMinor: 1250 }, later: null }],
    [
      "a recurring policy after 2 cycles",
      [fixed("PERCENTAGE", { percentage: 20 }), { __typename: "SellingPlanRecurringPricingPolicy", afterCycle: 2, adjustmentType: "PERCENTAGE", adjustmentValue: { percentage: 5 } }],
      { initial: { type: "percentage", percent: 20 }, later: { afterCycle: 2, adjustment: { type: "percentage", percent: 5 } } },
    ],
    ["no policy", [], { initial: null, later: null }],
  ])("audit S-12: reads %s", (_label, policies, pricing) => {
    expect(toSellingPlan(node(policies))?.pricing).toEqual(pricing);
  });

  it("audit S-12: keeps percentOff for percentage plans only (older readers)", () => {
    expect(toSellingPlan(node([fixed("PERCENTAGE", { percentage: 10 })]))?.percentOff).toBe(10);
    expect(toSellingPlan(node([fixed("PRICE", { amount: "9.00", currencyCode: "USD" })]))?.percentOff).toBeUndefined();
  });
});
