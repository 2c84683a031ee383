import { describe, expect, it } from "vitest";
import { gid } from "../../tests/simulators/catalog";
import { catalogItem, catalogOrder, CLUB_BOX, DECAF, DOUBLE_BAG, makeOffer, makeOrder, MORNING_ROAST, MUG, upgradeOffer } from "../../tests/support/catalog-offers";
import { buildChanges, buildChangeset, ChangesetChoiceError, type ChoiceErrorCode, type OfferChoice } from "./changeset";
import { recordAccepted, startFlow } from "./flow-state";
import type { Discount, FlowState, OfferDefinition, OfferDefinitionInput, OrderContext } from "./funnel-schemas";
import { money } from "./money";
import { first } from "../../tests/support/entries";

const decaf = (overrides: Partial<OfferDefinitionInput> = {}) =>
  makeOffer({ id: "decaf", kind: "subscription_upsell", purchaseOption: "both", items: [catalogItem(DECAF.variant)], ...overrides });
const FREE_SHIPPING = { initialShippingPrice: 0, recurringShippingPrice: 0, shippingOption: { title: "Subscription shipping", presentmentTitle: "Free shipping" } };

describe("changeset: change types and numeric ids (shopify.md §1.5)", () => {
  it("RUN-2: an accepted upgrade adds the offer product as a one-time add_variant line, the order's record of the upgrade", () => {
    expect(buildChanges(upgradeOffer("up"), { option: "one_time" }, catalogOrder(5001))).toEqual([{ type: "add_variant", variantId: DOUBLE_BAG.variant, quantity: 1 }]);
  });

  it("UPS-1: a one-time upsell is an add_variant with the item's quantity", () => {
    const offer = makeOffer({ id: "mug", items: [catalogItem(MUG.variant, { quantity: 2 })] });
    expect(buildChanges(offer, { option: "one_time" }, catalogOrder(5002))).toEqual([{ type: "add_variant", variantId: MUG.variant, quantity: 2 }]);
  });

  it("UPS-1: a subscription upsell is an add_subscription with the chosen plan and free shipping", () => {
    expect(buildChanges(decaf(), { option: "subscription", sellingPlanId: gid("SellingPlan", DECAF.every2Months) }, catalogOrder(5002))).toEqual([
      { type: "add_subscription", variantId: DECAF.variant, sellingPlanId: DECAF.every2Months, quantity: 1, ...FREE_SHIPPING },
    ]);
  });

  it.each<[string, OfferChoice["sellingPlanId"], number]>([
    ["no plan given uses the product's first plan (UPS-2)", undefined, DECAF.monthly],
    ["a numeric plan id is accepted", DECAF.every2Months, DECAF.every2Months],
    ["a numeric-string plan id is accepted", String(DECAF.every2Months), DECAF.every2Months],
  ])("UPS-2: %s", (_label, sellingPlanId, expected) => {
    const change = first(buildChanges(decaf(), { option: "subscription", sellingPlanId }, catalogOrder(5002)));
    expect(change).toMatchObject({ type: "add_subscription", sellingPlanId: expected });
  });

  it.each<[string, OfferChoice["sellingPlanId"]]>([
    ["an empty plan id", ""],
    ["a null plan id", null],
  ])("UPS-2: %s means the default plan", (_label, sellingPlanId) => {
    const [change] = buildChanges(decaf(), { option: "subscription", sellingPlanId }, catalogOrder(5002));
    expect(change).toMatchObject({ type: "add_subscription", sellingPlanId: DECAF.monthly });
  });

  it.each<[string, OfferChoice["sellingPlanId"]]>([
    ["an empty plan id", ""],
    ["a null plan id", null],
  ])("UPS-1: a one-time purchase with %s is still one-time", (_label, sellingPlanId) => {
    expect(buildChanges(decaf(), { option: "one_time", sellingPlanId }, catalogOrder(5002))).toEqual([{ type: "add_variant", variantId: DECAF.variant, quantity: 1 }]);
  });

  it("UPS-2: the locked plan itself may be named", () => {
    const [change] = buildChanges(decaf({ lockedSellingPlanId: DECAF.every2Months }), { option: "subscription", sellingPlanId: DECAF.every2Months }, catalogOrder(5002));
    expect(change).toMatchObject({ sellingPlanId: DECAF.every2Months });
  });

  it("UPS-2: a locked plan is used when the choice names none", () => {
    const change = first(buildChanges(decaf({ lockedSellingPlanId: DECAF.every2Months }), { option: "subscription" }, catalogOrder(5002)));
    expect(change).toMatchObject({ sellingPlanId: DECAF.every2Months });
  });

  it("FUN-7: a multi-product offer adds one line per product", () => {
    const offer = makeOffer({ id: "pair", items: [catalogItem(MUG.variant), catalogItem(2006)] });
    expect(buildChanges(offer, { option: "one_time" }, catalogOrder(5002)).map((c) => c.variantId)).toEqual([MUG.variant, 2006]);
  });
});

describe("changeset: first-cycle discount (UPS-3)", () => {
  it.each<[string, Discount, "one_time" | "subscription", object | undefined]>([
    ["no discount adds no discount key", { type: "none", value: 0 }, "one_time", undefined],
    ["20 % as the number 20", { type: "percentage", value: 2000 }, "one_time", { value: 20, valueType: "percentage", title: "20% off" }],
    ["12.5 % as 12.5", { type: "percentage", value: 1250 }, "subscription", { value: 12.5, valueType: "percentage", title: "12.5% off first delivery" }],
    ["$5 as the decimal number 5", { type: "fixed_amount", value: 500 }, "one_time", { value: 5, valueType: "fixed_amount", title: "$5.00 off" }],
    ["$2.50 as 2.5", { type: "fixed_amount", value: 250 }, "subscription", { value: 2.5, valueType: "fixed_amount", title: "$2.50 off first delivery" }],
    ["a fixed amount above the line total is capped at it ($22 Decaf)", { type: "fixed_amount", value: 9999 }, "one_time", { value: 22, valueType: "fixed_amount", title: "$22.00 off" }],
    ["a subscription's fixed amount is capped at the plan price ($22 less the plan's 10 % = $19.80)", { type: "fixed_amount", value: 9999 }, "subscription", { value: 19.8, valueType: "fixed_amount", title: "$19.80 off first delivery" }],
    ["a fixed amount of exactly the line total", { type: "fixed_amount", value: 2200 }, "one_time", { value: 22, valueType: "fixed_amount", title: "$22.00 off" }],
    ["one cent off", { type: "fixed_amount", value: 1 }, "one_time", { value: 0.01, valueType: "fixed_amount", title: "$0.01 off" }],
    ["0 % adds no discount key", { type: "percentage", value: 0 }, "one_time", undefined],
    ["$0 adds no discount key", { type: "fixed_amount", value: 0 }, "subscription", undefined],
    ["0.01 % as 0.01", { type: "percentage", value: 1 }, "one_time", { value: 0.01, valueType: "percentage", title: "0.01% off" }],
    ["100 % as 100", { type: "percentage", value: 10000 }, "subscription", { value: 100, valueType: "percentage", title: "100% off first delivery" }],
  ])("UPS-3: %s", (_label, discount, option, expected) => {
    const change = first(buildChanges(decaf({ discount }), { option }, catalogOrder(5002)));
    expect(change.discount).toEqual(expected);
    expect(Object.prototype.hasOwnProperty.call(change, "discount")).toBe(expected !== undefined);
  });

  it.each([
    ["JPY", 3000, 500, 500, "¥500 off"],
    ["KWD", 5000, 1250, 1.25, "KWD\u00a01.250 off"],
  ])("UPS-3: a fixed discount in %s is a decimal amount in that currency", (currency, price, discountMinor, expected, title) => {
    const offer = makeOffer({ id: "o", discount: { type: "fixed_amount", value: discountMinor }, items: [{ ...catalogItem(MUG.variant), priceMinor: price, currency }] });
    const order: OrderContext = { ...catalogOrder(5002), currency };
    expect(first(buildChanges(offer, { option: "one_time" }, order)).discount).toEqual({ value: expected, valueType: "fixed_amount", title });
  });

  it("UPS-3: a fixed discount is capped at each line's total, quantity included ($9.99 off 2 × $18 mugs stays $9.99; $50 off stops at $36)", () => {
    const offer = (value: number) => makeOffer({ id: "o", discount: { type: "fixed_amount", value }, items: [catalogItem(MUG.variant, { quantity: 2 })] });
    expect(first(buildChanges(offer(999), { option: "one_time" }, catalogOrder(5002))).discount).toMatchObject({ value: 9.99 });
    expect(first(buildChanges(offer(5000), { option: "one_time" }, catalogOrder(5002))).discount).toMatchObject({ value: 36 });
  });

  it("UPS-3: a percentage above 100 % that slipped past the schema is still capped at 100", () => {
    const offer: OfferDefinition = { ...decaf(), discount: { type: "percentage", value: 15000 } };
    expect(first(buildChanges(offer, { option: "one_time" }, catalogOrder(5002))).discount).toEqual({ value: 100, valueType: "percentage", title: "100% off" });
  });

  it("UPS-3: a free line gets no fixed discount (nothing to take off)", () => {
    const offer = makeOffer({ id: "o", discount: { type: "fixed_amount", value: 500 }, items: [catalogItem(MUG.variant, { priceMinor: 0 })] });
    const [change] = buildChanges(offer, { option: "one_time" }, catalogOrder(5002));
    expect(change).toEqual({ type: "add_variant", variantId: MUG.variant, quantity: 1 });
  });

  it("FUN-7: every line of a multi-product offer carries the discount", () => {
    const offer = makeOffer({ id: "pair", discount: { type: "percentage", value: 1000 }, items: [catalogItem(MUG.variant), catalogItem(2006)] });
    expect(buildChanges(offer, { option: "one_time" }, catalogOrder(5002)).map((c) => c.discount?.title)).toEqual(["10% off", "10% off"]);
  });

  it("UPS-4: a one-time purchase is signed with no plan and the discounted line total", () => {
    const built = buildChangeset(decaf({ discount: { type: "fixed_amount", value: 200 } }), { option: "one_time" }, catalogOrder(5002));
    expect(built).toMatchObject({ option: "one_time", plan: null, amount: money(2000, "USD") });
  });

  it("UPS-4: the signed amount is the first-cycle price ($25 plan at 20 % off → $20.00)", () => {
    const offer = makeOffer({
      id: "o",
      kind: "subscription_upsell",
      purchaseOption: "subscription",
      discount: { type: "percentage", value: 2000 },
      items: [{ id: "i", productId: 9001, variantId: 9101, productTitle: "Moisturizer", priceMinor: 2500, currency: "USD", sellingPlans: [{ id: 9201, name: "Monthly", intervalUnit: "month", deliveryIntervalCount: 1, billingIntervalCount: 1 }] }],
    });
    const built = buildChangeset(offer, { option: "subscription" }, catalogOrder(5002));
    expect(built.amount).toEqual(money(2000, "USD"));
    expect(built.plan?.id).toBe("gid://shopify/SellingPlan/9201");
  });
});

describe("changeset: subscription shipping (audit S-11)", () => {
  it("audit S-11: a subscription carries the offer's shipping prices as decimals in the order's currency", () => {
    const shipped = decaf({ subscriptionShipping: { initialMinor: 499, recurringMinor: 350 } });
    expect(buildChanges(shipped, { option: "subscription" }, catalogOrder(5002))[0]).toMatchObject({
      type: "add_subscription",
      initialShippingPrice: 4.99,
      recurringShippingPrice: 3.5,
      shippingOption: { title: "Subscription shipping", presentmentTitle: "Shipping" },
    });
  });

  it("audit S-11: a one-time purchase of the same offer adds no shipping of its own", () => {
    const shipped = decaf({ subscriptionShipping: { initialMinor: 499, recurringMinor: 350 } });
    expect(buildChanges(shipped, { option: "one_time" }, catalogOrder(5002))[0]).toEqual({ type: "add_variant", variantId: DECAF.variant, quantity: 1 });
  });
});

describe("changeset: one subscription per changeset (audit S-6)", () => {
  it("audit S-6: a two-product offer sold 'both' is signed as one-time lines only, never two add_subscription", () => {
    const pair = decaf({ defaultOption: "subscription", items: [catalogItem(DECAF.variant), catalogItem(MORNING_ROAST.variant12oz)] });
    const changes = buildChanges(pair, { option: "one_time" }, catalogOrder(5002));
    expect(changes.map((c) => c.type)).toEqual(["add_variant", "add_variant"]);
  });
});

describe("changeset: tampered or impossible choices are refused (RUN-9)", () => {
  const subscriptionOnly = decaf({ purchaseOption: "subscription" });
  const oneTimeOnly = decaf({ purchaseOption: "one_time" });
  const afterSubscription: FlowState = recordAccepted(startFlow(), { id: "earlier", kind: "subscription_upsell" }, "subscription");

  it.each<[string, OfferDefinition, OfferChoice, OrderContext, FlowState | null, ChoiceErrorCode]>([
    ["a subscription on a one-time-only offer", oneTimeOnly, { option: "subscription" }, catalogOrder(5002), null, "option_not_offered"],
    ["one-time on a subscription-only offer", subscriptionOnly, { option: "one_time" }, catalogOrder(5002), null, "option_not_offered"],
    ["a subscription upgrade bought as a subscription", upgradeOffer("up"), { option: "subscription" }, catalogOrder(5001), null, "option_not_offered"],
    ["a plan from another product", decaf(), { option: "subscription", sellingPlanId: MORNING_ROAST.monthly }, catalogOrder(5002), null, "plan_not_on_product"],
    ["a malformed plan id", decaf(), { option: "subscription", sellingPlanId: "gid://shopify/Product/3005" }, catalogOrder(5002), null, "plan_not_on_product"],
    ["a plan other than the locked one", decaf({ lockedSellingPlanId: DECAF.monthly }), { option: "subscription", sellingPlanId: DECAF.every2Months }, catalogOrder(5002), null, "plan_locked"],
    ["a selling plan on a one-time purchase", decaf(), { option: "one_time", sellingPlanId: DECAF.monthly }, catalogOrder(5002), null, "plan_not_allowed_for_one_time"],
    ["a subscription on an order that already has one (RUN-6)", decaf(), { option: "subscription" }, catalogOrder(5001), null, "subscription_not_allowed_on_order"],
    ["a second subscription in the same flow (RUN-7)", decaf(), { option: "subscription" }, catalogOrder(5002), afterSubscription, "subscription_not_allowed_on_order"],
    ["one-time of a subscription-only product (RUN-4)", makeOffer({ id: "club", kind: "subscription_upsell", purchaseOption: "both", items: [catalogItem(CLUB_BOX.variant)] }), { option: "one_time" }, catalogOrder(5002), null, "one_time_not_allowed"],
    ["an offer priced in another currency", decaf(), { option: "one_time" }, makeOrder([{ variantId: MUG.variant }], { currency: "EUR" }), null, "currency_mismatch"],
    ["an offer with no product", makeOffer({ id: "empty", items: [] }), { option: "one_time" }, catalogOrder(5002), null, "offer_has_no_items"],
    ["(audit S-6) a subscription of a two-product offer", decaf({ items: [catalogItem(DECAF.variant), catalogItem(MORNING_ROAST.variant12oz)] }), { option: "subscription" }, catalogOrder(5002), null, "subscription_needs_single_product"],
  ])("RUN-9: refuses %s", (_label, offer, choice, order, flow, code) => {
    let caught: unknown;
    try {
      buildChanges(offer, choice, order, flow);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ChangesetChoiceError);
    expect((caught as ChangesetChoiceError).code).toBe(code);
    expect((caught as Error).message.length).toBeGreaterThan(10);
  });

  // The extension shows these to the shopper: each says what is wrong with the choice.
  it.each<[string, OfferDefinition, OfferChoice, OrderContext, string]>([
    ["a subscription of a one-time offer", oneTimeOnly, { option: "subscription" }, catalogOrder(5002), "This offer is not sold as a subscription"],
    ["one-time of a subscription offer", subscriptionOnly, { option: "one_time" }, catalogOrder(5002), "This offer is not sold as a one-time purchase"],
    ["a foreign plan", decaf(), { option: "subscription", sellingPlanId: MORNING_ROAST.monthly }, catalogOrder(5002), `Selling plan ${MORNING_ROAST.monthly} is not offered with this product`],
    ["a plan on a one-time purchase", decaf(), { option: "one_time", sellingPlanId: DECAF.monthly }, catalogOrder(5002), "A one-time purchase cannot carry a selling plan"],
    ["another currency", decaf(), { option: "one_time" }, makeOrder([{ variantId: MUG.variant }], { currency: "EUR" }), "The order is in EUR but the offer is priced in USD"],
    ["an empty offer", makeOffer({ id: "empty", items: [] }), { option: "one_time" }, catalogOrder(5002), "This offer has no product to add"],
  ])("RUN-9: refusing %s says why", (_label, offer, choice, order, message) => {
    expect(() => buildChanges(offer, choice, order)).toThrow(message);
  });

  it("RUN-9: a refused choice is a ChangesetChoiceError by name", () => {
    expect(() => buildChanges(oneTimeOnly, { option: "subscription" }, catalogOrder(5002))).toThrow(expect.objectContaining({ name: "ChangesetChoiceError" }));
  });

  it("RUN-9: refusing another plan than the locked one names the locked plan", () => {
    expect(() => buildChanges(decaf({ lockedSellingPlanId: DECAF.monthly }), { option: "subscription", sellingPlanId: DECAF.every2Months }, catalogOrder(5002))).toThrow(
      'This offer is locked to the plan "Delivered monthly"',
    );
  });

  it("RUN-6: refusing a subscription on an order that has one gives the reason", () => {
    expect(() => buildChanges(decaf(), { option: "subscription" }, catalogOrder(5001))).toThrow(
      "A subscription cannot be added to this order: The order already contains a subscription, and Shopify cannot add a second one after checkout",
    );
  });

  it("RUN-4: refusing one-time of a subscription-only product names it", () => {
    const club = makeOffer({ id: "club", kind: "subscription_upsell", purchaseOption: "both", items: [catalogItem(CLUB_BOX.variant)] });
    expect(() => buildChanges(club, { option: "one_time" }, catalogOrder(5002))).toThrow(
      "Coffee Club Box can only be sold as a subscription, so it cannot be added as a one-time purchase",
    );
  });
});
