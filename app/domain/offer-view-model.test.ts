import { describe, expect, it } from "vitest";
import { gid } from "../../tests/simulators/catalog";
import { catalogItem, catalogOrder, DECAF, makeOffer, makeOrder, MORNING_ROAST, MUG, upgradeOffer } from "../../tests/support/catalog-offers";
import type { OfferDefinitionInput } from "./funnel-schemas";
import { buildOfferViewModel } from "./offer-view-model";
import { first } from "../../tests/support/entries";

const PLAN = (id: number) => gid("SellingPlan", id);

// UPS-4 scenario 1: a $30 one-time order, then a $25/month subscription at 20 % off.
const moisturizer = (overrides: Partial<OfferDefinitionInput> = {}) =>
  makeOffer({
    id: "moist",
    kind: "subscription_upsell",
    purchaseOption: "both",
    defaultOption: "subscription",
    discount: { type: "percentage", value: 2000 },
    items: [
      {
        id: "i",
        productId: 9001,
        variantId: 9101,
        productTitle: "Moisturizer",
        imageUrl: "/demo-images/moisturizer.svg",
        priceMinor: 2500,
        currency: "USD",
        sellingPlans: [{ id: 9201, name: "Monthly", intervalUnit: "month", deliveryIntervalCount: 1, billingIntervalCount: 1 }],
      },
    ],
    ...overrides,
  });
const thirtyDollarOrder = makeOrder([{ variantId: 2006 }]); // Milk Frother, $30 one-time

describe("offer view model: prices (UPS-3, UPS-4)", () => {
  it("UPS-4: accept button $20.00, recurring $25.00 every month, order total $50.00", () => {
    const view = buildOfferViewModel(moisturizer(), thirtyDollarOrder, "both", "en-US");
    expect(view.selectedOption).toBe("subscription");
    expect(view.acceptLabel).toBe("Pay now · $20.00");
    expect(view.lineSubtotal.text).toBe("$20.00");
    expect(view.price).toMatchObject({ original: { text: "$25.00" }, firstCycle: { text: "$20.00" }, savings: { text: "$5.00" }, discountLabel: "20% off your first delivery" });
    expect(view.recurring).toMatchObject({ label: "Recurring subtotal", subtotal: { text: "$25.00" }, cadence: "every month", text: "$25.00 every month" });
    expect(view.orderTotalAfterAccept.text).toBe("$50.00");
    expect(view.termsText).toContain("$20.00 today, then $25.00 every month until you cancel");
    expect(view.requiresBuyerConsent).toBe(true);
  });

  it("UPS-4: 100 % off a $40 plan shows $0.00 now and $40.00 recurring", () => {
    const offer = moisturizer({ purchaseOption: "subscription", discount: { type: "percentage", value: 10000 } });
    const forty = { ...offer, items: [{ ...first(offer.items), priceMinor: 4000 }] };
    const view = buildOfferViewModel(forty, thirtyDollarOrder, "subscription", "en-US");
    expect(view.acceptLabel).toBe("Pay now · $0.00");
    expect(view.recurring?.subtotal.text).toBe("$40.00");
    expect(view.price.savings?.text).toBe("$40.00");
  });

  it("UPS-3: formats in the order's locale and currency", () => {
    const yen = moisturizer({ discount: { type: "fixed_amount", value: 500 } });
    const yenOffer = { ...yen, items: [{ ...first(yen.items), priceMinor: 3000, currency: "JPY" }] };
    const view = buildOfferViewModel(yenOffer, { ...thirtyDollarOrder, currency: "JPY", totalMinor: 4000 }, "both", "ja-JP");
    expect(view.acceptLabel).toBe("Pay now · ￥2,500");
    expect(view.price.discountLabel).toBe("￥500 off your first delivery");
    expect(view.orderTotalAfterAccept.text).toBe("￥6,500");
  });
});

describe("offer view model: purchase options (UPS-1)", () => {
  it("UPS-1: with both options the merchant's default is preselected and the shopper can switch", () => {
    const view = buildOfferViewModel(moisturizer(), thirtyDollarOrder, "both", "en-US");
    expect(view.showOptionSelector).toBe(true);
    expect(view.purchaseOptions).toEqual([
      { value: "one_time", label: "One-time purchase", selected: false },
      { value: "subscription", label: "Subscribe", selected: true },
    ]);
    const switched = buildOfferViewModel(moisturizer(), thirtyDollarOrder, "both", "en-US", { option: "one_time" });
    expect(switched.selectedOption).toBe("one_time");
    expect(switched.acceptLabel).toBe("Pay now · $20.00");
    expect(switched.recurring).toBeNull();
    expect(switched.plan).toBeNull();
    expect(switched.requiresBuyerConsent).toBe(false);
    expect(switched.choice).toEqual({ option: "one_time", sellingPlanId: null });
  });

  it("RUN-6: a downgraded offer shows one-time only, whatever the shopper asks for", () => {
    const view = buildOfferViewModel(moisturizer(), catalogOrder(5001), "one_time", "en-US", { option: "subscription" });
    expect(view.purchaseOptions).toEqual([{ value: "one_time", label: "One-time purchase", selected: true }]);
    expect(view.showOptionSelector).toBe(false);
    expect(view.termsText).toBeNull();
  });
});

describe("offer view model: selling plans (UPS-2)", () => {
  const roast = (overrides: Partial<OfferDefinitionInput> = {}) =>
    makeOffer({ id: "roast", kind: "subscription_upsell", purchaseOption: "subscription", items: [catalogItem(MORNING_ROAST.variant12oz)], ...overrides });

  it("UPS-2: without a lock the product's first plan is the default and every plan can be chosen", () => {
    const view = buildOfferViewModel(roast(), catalogOrder(5002), "subscription", "en-US");
    expect(view.plan).toMatchObject({ display: "select", locked: false, lockFallback: false, selectedPlanId: PLAN(3001), selectedPlanName: "Delivered monthly" });
    expect(view.plan?.options.map((o) => o.id)).toEqual([PLAN(3001), PLAN(3002), PLAN(3003)]);
    const picked = buildOfferViewModel(roast(), catalogOrder(5002), "subscription", "en-US", { sellingPlanId: PLAN(3002) });
    expect(picked.choice).toEqual({ option: "subscription", sellingPlanId: PLAN(3002) });
    expect(picked.recurring?.cadence).toBe("every 2 months");
  });

  it("UPS-2: a locked plan is shown as static text with no selector, and cannot be switched", () => {
    const view = buildOfferViewModel(roast({ lockedSellingPlanId: 3003 }), catalogOrder(5002), "subscription", "en-US", { sellingPlanId: PLAN(3001) });
    expect(view.plan).toMatchObject({ display: "static", locked: true, selectedPlanName: "Prepaid 6 months, delivered monthly" });
    expect(view.plan?.options).toHaveLength(1);
    expect(view.recurring).toMatchObject({ text: "$102.00 every 6 months, delivered monthly" });
    expect(view.choice.sellingPlanId).toBe(PLAN(3003));
  });

  it("UPS-2: a lock on a plan that no longer exists falls back to showing all plans", () => {
    const view = buildOfferViewModel(roast({ lockedSellingPlanId: 3999 }), catalogOrder(5002), "subscription", "en-US");
    expect(view.plan).toMatchObject({ display: "select", locked: false, lockFallback: true, selectedPlanId: PLAN(3001) });
    expect(view.plan?.options).toHaveLength(3);
  });

  it("UPS-2: a one-time-only offer ignores (clears) the lock", () => {
    const view = buildOfferViewModel(roast({ purchaseOption: "one_time", lockedSellingPlanId: 3003 }), catalogOrder(5002), "one_time", "en-US");
    expect(view.plan).toBeNull();
    expect(view.acceptLabel).toBe("Pay now · $20.00");
  });

  it("UPS-2: a product with a single plan shows it as text", () => {
    const view = buildOfferViewModel(makeOffer({ id: "club", kind: "subscription_upsell", purchaseOption: "subscription", items: [catalogItem(2003)] }), catalogOrder(5002), "subscription", "en-US");
    expect(view.plan).toMatchObject({ display: "static", locked: false, selectedPlanName: "Monthly box" });
  });
});

describe("offer view model: content", () => {
  it("uses the headline, else the product titles, and the first product's image", () => {
    const plain = makeOffer({ id: "o", items: [catalogItem(MUG.variant), catalogItem(DECAF.variant)] });
    const view = buildOfferViewModel(plain, catalogOrder(5002), "one_time", "en-US");
    expect(view.title).toBe("Ceramic Mug + Decaf Roast");
    expect(view.image).toEqual({ url: "/demo-images/mug.svg", alt: "Ceramic Mug" });
    expect(view.items.map((i) => i.unitPrice.text)).toEqual(["$18.00", "$22.00"]);
    expect(view.acceptLabel).toBe("Pay now · $40.00");
    expect(buildOfferViewModel({ ...plain, headline: "Complete your ritual" }, catalogOrder(5002), "one_time", "en-US").title).toBe("Complete your ritual");
  });
});

describe("offer view model: subscription upgrades (from → to)", () => {
  it.each([
    [
      "frequency",
      {},
      "Morning Roast Coffee, every month",
      "Morning Roast Coffee, every 6 months, delivered monthly",
      "Your Morning Roast Coffee subscription changes from every month to every 6 months, delivered monthly.",
    ],
    [
      "replacement",
      { type: "replacement", intervalUnit: null, deliveryIntervalCount: null, billingIntervalCount: null, replacementVariantId: 2009, replacementTitle: "Decaf Roast", replacementQuantity: 2 },
      "Morning Roast Coffee, every month",
      "2 × Decaf Roast, every month",
      "Your subscription switches from Morning Roast Coffee to 2 × Decaf Roast on every future delivery, keeping the same schedule (every month).",
    ],
    [
      "both",
      { type: "both", deliveryIntervalCount: 2, billingIntervalCount: 2, replacementVariantId: 2009, replacementTitle: "Decaf Roast", replacementQuantity: 1 },
      "Morning Roast Coffee, every month",
      "Decaf Roast, every 2 months",
      "Your subscription switches from Morning Roast Coffee every month to Decaf Roast every 2 months.",
    ],
  ])("describes a %s upgrade in plain words", (_type, upgrade, from, to, description) => {
    const view = buildOfferViewModel(upgradeOffer("up", {}, upgrade), catalogOrder(5001), "one_time", "en-US");
    expect(view.upgrades).toHaveLength(1);
    expect(view.upgrades[0]).toMatchObject({ from, to, description });
    expect(view.acceptLabel).toBe("Pay now · $15.00");
    expect(view.recurring).toBeNull();
  });

  it.each([
    ["a prepaid frequency upgrade leads with the schedule and each future charge", {}, "Deliver every month, billed every 6 months: $108.00 per charge", "Your Morning Roast Coffee subscription is changing to: deliver every month, billed every 6 months, $108.00 per charge."],
    ["the renewal discount is in the per-charge price", { deliveryIntervalCount: 2, billingIntervalCount: 2, discount: { type: "percentage", value: 1000 } }, "Deliver and bill every 2 months: $16.20 per charge", "Your Morning Roast Coffee subscription is changing to: deliver and bill every 2 months, $16.20 per charge."],
    ["a replacement says what the shopper gets instead", { type: "replacement", intervalUnit: null, deliveryIntervalCount: null, billingIntervalCount: null, replacementVariantId: 2009, replacementTitle: "Decaf Roast", replacementQuantity: 1 }, "Get Decaf Roast instead of Morning Roast Coffee, same schedule", "Your subscription is switching from Morning Roast Coffee to Decaf Roast on every future delivery."],
  ])("shopper copy: %s", (_name, upgrade, headline, confirmation) => {
    const view = buildOfferViewModel(upgradeOffer("up", {}, upgrade), catalogOrder(5001), "one_time", "en-US");
    expect(view.upgrades[0]).toMatchObject({ headline, confirmation });
  });

  it("names the recurring discount and the timing, and copes with an unknown current plan", () => {
    const view = buildOfferViewModel(
      upgradeOffer("up", {}, { applyAtEndOfCycle: true, discount: { type: "percentage", value: 1000 }, triggerSellingPlans: [] }),
      catalogOrder(5001),
      "one_time",
      "en-US",
    );
    expect(view.upgrades[0]).toMatchObject({
      from: "Morning Roast Coffee, on its current schedule",
      discountText: "10% off every renewal",
      timing: "The change starts after your current billing cycle.",
    });
    expect(first(view.upgrades).description).toContain("changes from its current schedule to every 6 months");
  });
});

describe("offer view model: RUN-13 upgrade terms and consent", () => {
  it("RUN-13: a frequency upgrade shows the new product, cadence and recurring price, and its terms", () => {
    const view = buildOfferViewModel(upgradeOffer("up", {}, { discount: { type: "percentage", value: 1000 } }), catalogOrder(5001), "one_time", "en-US");
    // $18.00 a delivery (the order's plan), 6 deliveries a charge, less the 10 % upgrade discount.
    expect(view.upgrades[0]?.newPlan).toEqual({
      product: "Morning Roast Coffee",
      cadence: "every 6 months, delivered monthly",
      recurringPrice: { money: { amountMinor: 9720, currency: "USD" }, text: "$97.20" },
    });
    expect(view.upgrades[0]?.terms).toBe(
      "Your subscription becomes Morning Roast Coffee, every 6 months, delivered monthly, at $97.20 every 6 months, delivered monthly (10% off every renewal). " +
        "The change starts with your next order. It renews automatically until you cancel; you can pause or cancel it anytime from your account.",
    );
  });

  it("RUN-13: a replacement's price is the provider's, so the terms say so instead of guessing", () => {
    const replacement = { type: "replacement", intervalUnit: null, deliveryIntervalCount: null, billingIntervalCount: null, replacementVariantId: 2009, replacementTitle: "Decaf Roast", replacementQuantity: 1 };
    const view = buildOfferViewModel(upgradeOffer("up", {}, replacement), catalogOrder(5001), "one_time", "en-US");
    expect(view.upgrades[0]?.newPlan.recurringPrice).toBeNull();
    expect(view.upgrades[0]?.terms).toContain("at the price your subscription app charges for Decaf Roast, every month");
  });

  it("RUN-13: an upgrade asks for explicit consent; an upsell bought one-time does not", () => {
    expect(buildOfferViewModel(upgradeOffer("up"), catalogOrder(5001), "one_time", "en-US")).toMatchObject({ requiresUpgradeConsent: true, upgradeConsentLabel: expect.stringContaining("I agree") });
    expect(buildOfferViewModel(makeOffer({ id: "mug", items: [catalogItem(MUG.variant)] }), catalogOrder(5002), "one_time", "en-US")).toMatchObject({ requiresUpgradeConsent: false, upgradeConsentLabel: null });
  });
});

describe("offer view model: labels and edge values (mutation survivors)", () => {
  it.each<[string, OfferDefinitionInput["discount"], "one_time" | "subscription", string | null, string | null]>([
    ["no discount: no label, no savings", { type: "none", value: 0 }, "subscription", null, null],
    ["a fixed amount bought one-time", { type: "fixed_amount", value: 500 }, "one_time", "$5.00 off", "$5.00"],
    ["a fixed amount on the first delivery", { type: "fixed_amount", value: 500 }, "subscription", "$5.00 off your first delivery", "$5.00"],
    ["0 %: no label, no savings", { type: "percentage", value: 0 }, "one_time", null, null],
    ["12.5 % one-time", { type: "percentage", value: 1250 }, "one_time", "12.5% off", "$3.13"],
  ])("UPS-3: %s", (_label, discount, option, label, savings) => {
    const view = buildOfferViewModel(moisturizer({ discount }), thirtyDollarOrder, "both", "en-US", { option });
    expect(view.price.discountLabel).toBe(label);
    expect(view.price.savings?.text ?? null).toBe(savings);
  });

  it("UPS-1: the decline button, and no image when the first product has none", () => {
    const view = buildOfferViewModel(moisturizer({ items: [{ ...catalogItem(MUG.variant), imageUrl: null }] }), thirtyDollarOrder, "one_time", "en-US");
    expect(view.declineLabel).toBe("Decline this offer");
    expect(view.image).toBeNull();
    expect(view.items[0]?.imageUrl).toBeNull();
  });

  it("UPS-2: only the chosen plan is marked selected", () => {
    const view = buildOfferViewModel(makeOffer({ id: "d", kind: "subscription_upsell", purchaseOption: "subscription", items: [catalogItem(DECAF.variant)] }), thirtyDollarOrder, "subscription", "en-US", {
      sellingPlanId: PLAN(DECAF.every2Months),
    });
    expect(view.plan?.options.map((o) => [o.id, o.selected])).toEqual([
      [PLAN(DECAF.monthly), false],
      [PLAN(DECAF.every2Months), true],
    ]);
  });

  it("RUN-2: only an upgrade offer describes upgrades, even when an upsell item carries upgrade settings", () => {
    const upgradeItem = first(upgradeOffer("up").items);
    const upsell = makeOffer({ id: "u", items: [{ ...upgradeItem, productId: 1006, variantId: 2007 }] });
    expect(upsell.items[0]?.upgrade).not.toBeNull();
    expect(buildOfferViewModel(upsell, catalogOrder(5001), "one_time", "en-US").upgrades).toEqual([]);
  });

  it.each<[string, Record<string, unknown>, object]>([
    [
      "an untitled trigger product, the next order, a fixed discount",
      { triggerProductTitle: "", discount: { type: "fixed_amount", value: 250 } },
      {
        from: "your subscription, every month",
        to: "your subscription, every 6 months, delivered monthly",
        timing: "The change starts with your next order.",
        discountText: "$2.50 off every renewal",
      },
    ],
    [
      "an untitled replacement of one",
      { type: "replacement", replacementVariantId: 2009, replacementTitle: null, replacementQuantity: 1 },
      { to: "a new product, every month", discountText: null },
    ],
    [
      "an unknown current plan with a both-upgrade",
      { type: "both", replacementVariantId: 2009, replacementTitle: "Decaf Roast", replacementQuantity: 3, triggerSellingPlans: [] },
      { from: "Morning Roast Coffee, on its current schedule", description: "Your subscription switches from Morning Roast Coffee to 3 × Decaf Roast every 6 months, delivered monthly." },
    ],
    [
      "an unknown current plan with a replacement",
      { type: "replacement", intervalUnit: null, replacementVariantId: 2009, replacementTitle: "Decaf Roast", replacementQuantity: 1, triggerSellingPlans: [] },
      { to: "Decaf Roast, on its current schedule", description: "Your subscription switches from Morning Roast Coffee to Decaf Roast on every future delivery, keeping the same schedule." },
    ],
  ])("RUN-2: describes %s", (_label, upgrade, expected) => {
    const view = buildOfferViewModel(upgradeOffer("up", {}, upgrade), catalogOrder(5001), "one_time", "en-US");
    expect(view.upgrades[0]).toMatchObject(expected);
  });

  it("RUN-2: the current line is the subscription line of the trigger product, with its quantity", () => {
    const two = makeOrder([{ variantId: MORNING_ROAST.variant12oz, quantity: 2, sellingPlanId: MORNING_ROAST.monthly }]);
    expect(buildOfferViewModel(upgradeOffer("up"), two, "one_time", "en-US").upgrades[0]?.from).toBe("2 × Morning Roast Coffee, every month");
    // A one-time line of the same product is not the subscription being upgraded.
    const oneTime = makeOrder([{ variantId: MORNING_ROAST.variant12oz, quantity: 2 }]);
    expect(buildOfferViewModel(upgradeOffer("up"), oneTime, "one_time", "en-US").upgrades[0]?.from).toBe("Morning Roast Coffee, on its current schedule");
    // A subscription line of another product neither.
    const decafSubscription = makeOrder([{ variantId: DECAF.variant, sellingPlanId: DECAF.monthly }]);
    expect(buildOfferViewModel(upgradeOffer("up"), decafSubscription, "one_time", "en-US").upgrades[0]?.from).toBe("Morning Roast Coffee, on its current schedule");
  });
});
