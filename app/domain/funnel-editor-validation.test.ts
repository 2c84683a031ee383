/**
 * The funnel editor's draft validation (app/domain/funnel-editor-schemas.ts): the same
 * function runs in the browser (inline errors) and in the save action (400 with field
 * errors), so each rule is proven once here.
 */
import { describe, expect, it } from "vitest";
import { basisPointsToPercent, parseDiscount, percentToBasisPoints, withPurchaseOption, type EditorDraft, type EditorItem, type EditorOffer } from "~/domain/funnel-editor-schemas";
import { draftToDefinition, previewDefinition } from "~/domain/funnel-editor-preview";
import { validateFunnelDraft } from "~/domain/funnel-editor-validation";
import { BARISTA_BUNDLE, catalogItem, CLUB_BOX, DECAF, DOUBLE_BAG, MORNING_ROAST, MUG, upgradeOffer } from "../../tests/support/catalog-offers";
import { gid } from "../../tests/simulators/catalog";
import { first } from "../../tests/support/entries";

const USD = { currency: "USD" };

function item(variantId: number, extra: Partial<EditorItem> = {}): EditorItem {
  const base = catalogItem(variantId);
  return {
    productId: base.productId as string,
    variantId: base.variantId as string,
    productTitle: base.productTitle,
    variantTitle: base.variantTitle ?? "",
    imageUrl: base.imageUrl ?? null,
    priceMinor: base.priceMinor,
    currency: base.currency,
    quantity: "1",
    subscriptionOnly: base.subscriptionOnly ?? false,
    isBundle: base.isBundle ?? false,
    sellingPlans: base.sellingPlans ?? [],
    upgrade: null,
    ...extra,
  };
}

function offer(id: string, extra: Partial<EditorOffer> = {}): EditorOffer {
  return { id, parentId: null, branch: null, kind: "product_upsell", headline: "", body: "", discount: { type: "none", value: "" }, items: [item(MUG.variant)], ...extra };
}

function draft(offers: EditorOffer[], extra: Partial<EditorDraft> = {}): EditorDraft {
  return { name: "Coffee upsells", status: "draft", priority: "0", triggers: { products: [], subscription: "off", showToAll: true }, offers, ...extra };
}

const errorsOf = (input: EditorDraft) => {
  const result = validateFunnelDraft(input, USD);
  return result.ok ? {} : result.fieldErrors;
};

describe("funnel settings (FUN-1)", () => {
  it("FUN-1: a named funnel with one offer is valid and comes back in the runtime's shape", () => {
    const result = validateFunnelDraft(draft([offer("a")]), USD);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const definition = draftToDefinition(result.value, { id: "f1", createdAt: "2026-01-01T00:00:00.000Z" });
    expect(definition).toMatchObject({ id: "f1", name: "Coffee upsells", rootOfferId: "a", triggers: { showToAll: true, productIds: [] } });
    expect(first(definition.offers).items[0]).toMatchObject({ productId: gid("Product", MUG.productId), quantity: 1, priceMinor: 1800 });
  });

  it.each<[string, Partial<EditorDraft>, string, RegExp]>([
    ["a blank name", { name: "  " }, "name", /name/],
    ["a name that is too long", { name: "x".repeat(101) }, "name", /under 100/],
    ["a priority that is not a whole number", { priority: "1.5" }, "priority", /whole number/],
    ["a priority that is not a number", { priority: "high" }, "priority", /whole number/],
  ])("FUN-1: %s is explained next to its field", (_label, extra, field, message) => {
    expect(errorsOf(draft([offer("a")], extra))[field]).toMatch(message);
  });

  it("FUN-1: an active funnel needs at least one offer", () => {
    expect(errorsOf(draft([], { status: "active" })).status).toMatch(/at least one offer/);
    expect(errorsOf(draft([], { status: "draft" }))).toEqual({});
  });

  it("reports structural problems (a wrong type) against the offer's id, not its array index", () => {
    const bad = draft([offer("first"), offer("second", { parentId: "first", branch: "accept", kind: "nonsense" as never })]);
    expect(Object.keys(errorsOf(bad))).toContain("offers.second.kind");
  });
});

describe("accept/decline branches (FUN-1)", () => {
  it("FUN-1: upsell 1 → on accept upsell 2, on decline a downsell", () => {
    const result = validateFunnelDraft(
      draft([offer("down", { parentId: "up1", branch: "decline" }), offer("up2", { parentId: "up1", branch: "accept" }), offer("up1")]),
      USD,
    );
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.value.offers.map((o) => [o.id, o.parentOfferId, o.branch])).toEqual([["up1", null, null], ["up2", "up1", "accept"], ["down", "up1", "decline"]]);
  });

  it.each<[string, EditorOffer[], string, RegExp]>([
    ["two first offers", [offer("a"), offer("b")], "offers", /exactly one first offer/],
    ["two offers on the same accept", [offer("a"), offer("b", { parentId: "a", branch: "accept" }), offer("c", { parentId: "a", branch: "accept" })], "offers.c.branch", /already follows this accept/],
    ["a parent that does not exist", [offer("a"), offer("b", { parentId: "ghost", branch: "accept" })], "offers.b.parentId", /no longer exists/],
    ["a child without a branch", [offer("a"), offer("b", { parentId: "a", branch: null })], "offers.b.branch", /accept or a decline/],
    ["a circle", [offer("root"), offer("a", { parentId: "b", branch: "accept" }), offer("b", { parentId: "a", branch: "accept" })], "offers.a.parentId", /circle/],
  ])("FUN-1: refuses %s", (_label, offers, field, message) => {
    expect(errorsOf(draft(offers))[field]).toMatch(message);
  });
});

describe("offer products and quantities", () => {
  it("an offer needs a product", () => {
    expect(errorsOf(draft([offer("a", { items: [] })]))["offers.a.items"]).toMatch(/Pick the product/);
  });

  it.each(["0", "101", "two", "1.5"])("quantity %s is refused next to the item", (quantity) => {
    expect(errorsOf(draft([offer("a", { items: [item(MUG.variant, { quantity })] })]))["offers.a.items.0.quantity"]).toMatch(/1 to 100/);
  });

  it("WIZ-3: a Shopify bundle is refused in any offer, with the fixed-quantity tip", () => {
    const message = errorsOf(draft([offer("a", { items: [item(BARISTA_BUNDLE.variant)] })]))["offers.a.items.0.productId"];
    expect(message).toMatch(/bundle/);
    expect(message).toMatch(/fixed quantity/);
  });

  it("a subscription-only product cannot be a one-time product upsell", () => {
    expect(errorsOf(draft([offer("a", { items: [item(CLUB_BOX.variant)] })]))["offers.a.items"]).toMatch(/subscription upsell/);
  });
});

describe("subscription upsell purchase options (UPS-1, UPS-2)", () => {
  const sub = (extra: Partial<EditorOffer>) => offer("s", { kind: "subscription_upsell", items: [item(DECAF.variant)], ...extra });

  it("UPS-1: one-time only, subscription only and both are all valid on a product with selling plans", () => {
    for (const purchaseOption of ["one_time", "subscription", "both"] as const) {
      expect(validateFunnelDraft(draft([sub({ purchaseOption })]), USD).ok).toBe(true);
    }
  });

  it("UPS-1: with both, the merchant's default option is kept; with one option, the default follows it", () => {
    const both = validateFunnelDraft(draft([sub({ purchaseOption: "both", defaultOption: "subscription" })]), USD);
    const only = validateFunnelDraft(draft([sub({ purchaseOption: "subscription", defaultOption: "one_time" })]), USD);
    expect(both.ok && first(both.value.offers).defaultOption).toBe("subscription");
    expect(only.ok && first(only.value.offers).defaultOption).toBe("subscription");
  });

  it("UPS-1: a subscription option needs selling plans on the product", () => {
    expect(errorsOf(draft([sub({ purchaseOption: "subscription", items: [item(MUG.variant)] })]))["offers.s.purchaseOption"]).toMatch(/no selling plans/);
  });

  it.each(["subscription", "both"] as const)("audit S-6: a %s offer of two products is refused (Shopify adds one subscription per changeset)", (purchaseOption) => {
    const pair = sub({ purchaseOption, items: [item(DECAF.variant), item(MORNING_ROAST.variant12oz)] });
    expect(errorsOf(draft([pair]))["offers.s.purchaseOption"]).toMatch(/only one subscription per post-purchase offer.*One-time only/);
    expect(validateFunnelDraft(draft([{ ...pair, purchaseOption: "one_time" }]), USD).ok).toBe(true);
  });

  it("audit S-11: subscription shipping prices are parsed in the shop currency; empty is free; a word is refused next to its field", () => {
    const saved = validateFunnelDraft(draft([sub({ purchaseOption: "both", subscriptionShipping: { initial: "4.99", recurring: "" } })]), USD);
    expect(saved.ok && saved.value.offers[0]?.subscriptionShipping).toEqual({ initialMinor: 499, recurringMinor: 0 });
    expect(errorsOf(draft([sub({ purchaseOption: "subscription", subscriptionShipping: { initial: "", recurring: "cheap" } })]))["offers.s.subscriptionShipping.recurring"]).toMatch(/Enter a shipping price in USD/);
    const oneTime = validateFunnelDraft(draft([sub({ purchaseOption: "one_time", subscriptionShipping: { initial: "4.99", recurring: "4.99" } })]), USD);
    expect(oneTime.ok && oneTime.value.offers[0]?.subscriptionShipping).toEqual({ initialMinor: 0, recurringMinor: 0 });
  });

  it("UPS-2: a lock must be one of the product's plans", () => {
    const foreign = gid("SellingPlan", MORNING_ROAST.monthly);
    expect(errorsOf(draft([sub({ purchaseOption: "subscription", lockedSellingPlanId: foreign })]))["offers.s.lockedSellingPlanId"]).toMatch(/not one of this product's selling plans/);
    const own = validateFunnelDraft(draft([sub({ purchaseOption: "subscription", lockedSellingPlanId: gid("SellingPlan", DECAF.every2Months) })]), USD);
    expect(own.ok && first(own.value.offers).lockedSellingPlanId).toBe(gid("SellingPlan", DECAF.every2Months));
  });

  it("UPS-2: switching to one-time only clears the lock (in the editor and again on save)", () => {
    const locked = sub({ purchaseOption: "subscription", lockedSellingPlanId: gid("SellingPlan", DECAF.monthly) });
    expect(withPurchaseOption(locked, "one_time")).toMatchObject({ purchaseOption: "one_time", lockedSellingPlanId: null, defaultOption: "one_time" });
    const saved = validateFunnelDraft(draft([{ ...locked, purchaseOption: "one_time" }]), USD);
    expect(saved.ok && first(saved.value.offers).lockedSellingPlanId).toBeNull();
  });

  it("FUN-6: a subscription-only product must be offered as subscription only", () => {
    expect(errorsOf(draft([sub({ purchaseOption: "both", items: [item(CLUB_BOX.variant)] })]))["offers.s.purchaseOption"]).toMatch(/Subscription only/);
    expect(validateFunnelDraft(draft([sub({ purchaseOption: "subscription", items: [item(CLUB_BOX.variant)] })]), USD).ok).toBe(true);
  });
});

describe("first-cycle discounts (UPS-3)", () => {
  it.each<[string, string, number]>([
    ["20", "percentage", 2000],
    ["12.5", "percentage", 1250],
    ["100", "percentage", 10_000],
    ["5.00", "fixed_amount", 500],
    ["0.01", "fixed_amount", 1],
  ])("UPS-3: %s (%s) parses exactly", (value, type, expected) => {
    expect(parseDiscount({ type: type as "percentage", value }, "USD")).toEqual({ ok: true, value: { type, value: expected } });
  });

  it.each<[string, string, RegExp]>([
    ["0", "percentage", /more than 0/],
    ["100.01", "percentage", /at most 100/],
    ["12.345", "percentage", /such as 15/],
    ["abc", "percentage", /such as 15/],
    ["0", "fixed_amount", /more than 0/],
    ["1.005", "fixed_amount", /amount in USD/],
  ])("UPS-3: %s (%s) is refused", (value, type, message) => {
    const result = parseDiscount({ type: type as "percentage", value }, "USD");
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(message);
    expect(errorsOf(draft([offer("a", { discount: { type: type as "percentage", value } })]))["offers.a.discount.value"]).toMatch(message);
  });

  it("basis points and the typed percentage convert both ways", () => {
    for (const text of ["20", "12.5", "0.05", "100"]) expect(basisPointsToPercent(percentToBasisPoints(text) as number)).toBe(text);
  });
});

describe("subscription upgrade offers in the editor (FUN-7)", () => {
  const stored = upgradeOffer("up");
  const upgradeItem = (extra: Partial<EditorItem> = {}) => item(DOUBLE_BAG.variant, { upgrade: first(stored.items).upgrade, ...extra });

  it("FUN-7: every product of an upgrade offer carries its own upgrade settings", () => {
    const offers = [offer("up", { kind: "subscription_upgrade", items: [upgradeItem(), item(MUG.variant)] })];
    expect(errorsOf(draft(offers))["offers.up.items.1.upgrade"]).toMatch(/Set up the upgrade for Ceramic Mug/);
    const both = [offer("up", { kind: "subscription_upgrade", items: [upgradeItem(), item(MUG.variant, { upgrade: { ...first(stored.items).upgrade, type: "replacement", replacementProductId: gid("Product", DECAF.productId), replacementVariantId: gid("ProductVariant", DECAF.variant), replacementQuantity: 2 } })] })];
    const result = validateFunnelDraft(draft(both), USD);
    expect(result.ok).toBe(true);
    if (result.ok) expect(first(result.value.offers).items.map((i) => i.upgrade?.type)).toEqual(["frequency", "replacement"]);
  });

  it("FUN-7: incomplete upgrade settings are explained on their product", () => {
    const broken = [offer("up", { kind: "subscription_upgrade", items: [upgradeItem({ upgrade: { ...first(stored.items).upgrade, billingIntervalCount: 4, deliveryIntervalCount: 3 } })] })];
    expect(errorsOf(draft(broken))["offers.up.items.0.upgrade"]).toMatch(/whole multiple/);
  });

  it("WIZ-3: an upgrade's offer product cannot be subscription-only", () => {
    const offers = [offer("up", { kind: "subscription_upgrade", items: [item(CLUB_BOX.variant, { upgrade: first(stored.items).upgrade })] })];
    expect(errorsOf(draft(offers))["offers.up.items"]).toMatch(/one-time/);
  });
});

describe("live preview definition", () => {
  it("keeps warnings visible while a field is still being typed", () => {
    const typing = draft([offer("a", { kind: "subscription_upsell", purchaseOption: "subscription", items: [item(CLUB_BOX.variant, { quantity: "" })], discount: { type: "percentage", value: "1" } })]);
    const definition = previewDefinition(typing, "USD");
    expect(first(definition.offers).items[0]).toMatchObject({ quantity: 1, subscriptionOnly: true });
    expect(first(definition.offers).discount).toEqual({ type: "percentage", value: 100 });
  });
});
