import { describe, expect, it } from "vitest";
import { acceptButtonFrom, priceLinesFrom, type CalculatedPurchase } from "./price-lines";

const bag = (amount: string) => ({ presentmentMoney: { amount, currencyCode: "USD" } });
/** $20.00 offer, $1.65 tax, $4.99 shipping: Shopify charges $26.64, not the offer's $20.00. */
const calculated: CalculatedPurchase = {
  totalOutstandingSet: bag("26.64"),
  addedTaxLines: [{ priceSet: bag("1.65") }],
  addedShippingLines: [{ priceSet: bag("4.99") }],
  updatedLineItems: [{ totalPriceSet: bag("20.00"), priceSet: bag("25.00") }],
};

describe("the accept button (audit S-4)", () => {
  it("audit S-4: the button shows Shopify's total, tax and shipping included", () => {
    expect(acceptButtonFrom({ status: "processed", calculatedPurchase: calculated }, "en-US")).toEqual({ label: "Pay now · $26.64", enabled: true, problem: null });
    expect(priceLinesFrom(calculated, "en-US").find((line) => line.emphasis)).toMatchObject({ label: "Total", text: "$26.64" });
  });

  it("audit S-4: Accept waits for Shopify's calculation and shows no amount meanwhile", () => {
    expect(acceptButtonFrom({ status: "pending" }, "en-US")).toEqual({ label: "Pay now", enabled: false, problem: null });
  });

  it("audit S-4: a selection Shopify cannot price cannot be accepted, and the shopper is told", () => {
    const view = acceptButtonFrom({ status: "failed" }, "en-US");
    expect(view.enabled).toBe(false);
    expect(view.problem).toMatch(/can't be added/);
  });
});
