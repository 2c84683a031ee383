/**
 * What SignedChangeset stores (app/domain/changeset-snapshot.ts): every reader of the
 * `changes` and `snapshot` columns parses them with these schemas, so a stored row that
 * does not have the signed shape is refused here instead of being read half-way.
 */
import { describe, expect, it } from "vitest";
import { gid } from "../../tests/simulators/catalog";
import { catalogItem, makeOffer, MORNING_ROAST, MUG } from "../../tests/support/catalog-offers";
import { ChangesetSnapshotSchema, SignedChangesSchema } from "./changeset-snapshot";

const offer = makeOffer({ id: "mug-offer", headline: "Add a mug", items: [catalogItem(MUG.variant)] });

const initialLine = {
  productId: gid("Product", MORNING_ROAST.productId),
  variantId: gid("ProductVariant", MORNING_ROAST.variant12oz),
  quantity: 1,
  sellingPlanId: null,
  totalPriceMinor: 2400,
};

const snapshot = {
  version: 1,
  funnelId: "funnel-1",
  kind: "product_upsell",
  choice: { option: "one_time", sellingPlanId: null },
  offer,
  customerId: "gid://shopify/Customer/7",
  initialLines: [initialLine],
  consent: null,
} as const;

const addVariant = { type: "add_variant", variantId: MUG.variant, quantity: 2, discount: { value: 20, valueType: "percentage", title: "20 % off" } } as const;
const addSubscription = {
  type: "add_subscription",
  variantId: MORNING_ROAST.variant12oz,
  sellingPlanId: MORNING_ROAST.monthly,
  quantity: 1,
  initialShippingPrice: 0,
  recurringShippingPrice: 4.99,
  shippingOption: { title: "Standard", presentmentTitle: "Standard shipping" },
  discount: { value: 5, valueType: "fixed_amount", title: "5.00 off" },
} as const;

const without = <T extends object>(value: T, key: keyof T) => Object.fromEntries(Object.entries(value).filter(([k]) => k !== key));

describe("RUN-10: the stored snapshot of a signed changeset", () => {
  it("RUN-10: a snapshot as signed parses back unchanged, offer and initial lines included", () => {
    expect(ChangesetSnapshotSchema.parse(snapshot)).toEqual(snapshot);
  });

  it("RUN-13: the shopper's consent to an upgrade is kept with its terms, and a row from before consent (no field) still parses", () => {
    const consent = { at: "2026-03-01T10:00:00.000Z", terms: "Your subscription changes to every 6 months" };
    expect(ChangesetSnapshotSchema.parse({ ...snapshot, kind: "subscription_upgrade", consent }).consent).toEqual(consent);
    const legacy = ChangesetSnapshotSchema.parse(without(snapshot, "consent"));
    expect(legacy.consent).toBeUndefined();
    expect(legacy.funnelId).toBe("funnel-1");
  });

  it("RUN-10: a subscription choice keeps its selling plan, and a guest order keeps a null customer", () => {
    const parsed = ChangesetSnapshotSchema.parse({ ...snapshot, kind: "subscription_upsell", choice: { option: "subscription", sellingPlanId: "3001" }, customerId: null });
    expect(parsed.choice).toEqual({ option: "subscription", sellingPlanId: "3001" });
    expect(parsed.customerId).toBeNull();
  });

  it.each<[string, unknown, string]>([
    ["another version", { ...snapshot, version: 2 }, "version"],
    ["no version", without(snapshot, "version"), "version"],
    ["an empty funnel id", { ...snapshot, funnelId: "" }, "funnelId"],
    ["no funnel id", without(snapshot, "funnelId"), "funnelId"],
    ["an unknown offer kind", { ...snapshot, kind: "cross_sell" }, "kind"],
    ["no choice", without(snapshot, "choice"), "choice"],
    ["a choice without its option", { ...snapshot, choice: { sellingPlanId: null } }, "choice"],
    ["a choice with an unknown option", { ...snapshot, choice: { option: "prepaid", sellingPlanId: null } }, "choice"],
    ["a choice without its selling plan", { ...snapshot, choice: { option: "one_time" } }, "choice"],
    ["no offer", without(snapshot, "offer"), "offer"],
    ["an offer that is not an offer definition", { ...snapshot, offer: { id: "" } }, "offer"],
    ["no customer (null is the guest)", without(snapshot, "customerId"), "customerId"],
    ["no initial lines", without(snapshot, "initialLines"), "initialLines"],
    ["an initial line without its variant", { ...snapshot, initialLines: [without(initialLine, "variantId")] }, "initialLines"],
    ["consent without its terms", { ...snapshot, consent: { at: "2026-03-01T10:00:00.000Z" } }, "consent"],
    ["consent without its time", { ...snapshot, consent: { terms: "Every 6 months" } }, "consent"],
  ])("RUN-10: a snapshot with %s is refused at that field", (_case, input, field) => {
    const result = ChangesetSnapshotSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path[0])).toContain(field);
  });
});

describe("RUN-10: the stored changes array, exactly as signed (shopify.md §1.5)", () => {
  it("RUN-10: an added variant and an added subscription parse back unchanged, discounts of both kinds included", () => {
    expect(SignedChangesSchema.parse([addVariant, addSubscription])).toEqual([addVariant, addSubscription]);
  });

  it("RUN-10: the discount is optional on both kinds of change, and the shipping option's titles are optional", () => {
    const plainVariant = without(addVariant, "discount");
    const plainSubscription = { ...without(addSubscription, "discount"), shippingOption: {} };
    expect(SignedChangesSchema.parse([plainVariant, plainSubscription])).toEqual([plainVariant, plainSubscription]);
  });

  it("RUN-10: an empty changes array is a valid (if useless) record", () => {
    expect(SignedChangesSchema.parse([])).toEqual([]);
  });

  it.each<[string, unknown]>([
    ["an unknown change type", [{ ...addVariant, type: "remove_variant" }]],
    ["no change type", [without(addVariant, "type")]],
    ["an added variant without its variant id", [without(addVariant, "variantId")]],
    ["an added variant without its quantity", [without(addVariant, "quantity")]],
    ["a fractional variant id", [{ ...addVariant, variantId: 2005.5 }]],
    ["a discount of an unknown value type", [{ ...addVariant, discount: { value: 20, valueType: "basis_points", title: "20 % off" } }]],
    ["a discount without its title", [{ ...addVariant, discount: { value: 20, valueType: "percentage" } }]],
    ["a discount without its value", [{ ...addVariant, discount: { valueType: "percentage", title: "20 % off" } }]],
    ["a subscription without its variant id", [without(addSubscription, "variantId")]],
    ["a subscription without its selling plan", [without(addSubscription, "sellingPlanId")]],
    ["a subscription without its quantity", [without(addSubscription, "quantity")]],
    ["a subscription without its initial shipping price", [without(addSubscription, "initialShippingPrice")]],
    ["a subscription without its recurring shipping price", [without(addSubscription, "recurringShippingPrice")]],
    ["a subscription without its shipping option", [without(addSubscription, "shippingOption")]],
    ["a shipping option with a numeric title", [{ ...addSubscription, shippingOption: { title: 5 } }]],
    ["a variant id as text", [{ ...addVariant, variantId: "2005" }]],
    ["a single change instead of an array", addVariant],
  ])("RUN-10: changes with %s are refused", (_case, input) => {
    expect(SignedChangesSchema.safeParse(input).success).toBe(false);
  });
});
