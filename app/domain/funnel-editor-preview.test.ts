/**
 * Editor drafts in the runtime's shape (app/domain/funnel-editor-preview.ts): the live
 * warnings and preview (FUN-4/5/6) run the checkout's own functions on them, so a
 * half-typed draft must still map to the right offers, options and discounts.
 */
import { describe, expect, it } from "vitest";
import type { EditorDraft, EditorItem, EditorOffer, ValidFunnelDraft } from "./funnel-editor-schemas";
import { draftToDefinition, previewDefinition, previewOffer } from "./funnel-editor-preview";
import type { OfferDefinition } from "./funnel-schemas";

const PLAN = { id: "gid://shopify/SellingPlan/3001", name: "Monthly", intervalUnit: "month", deliveryIntervalCount: 1, billingIntervalCount: 1 };
const item = (extra: Partial<EditorItem> = {}): EditorItem => ({
  productId: "gid://shopify/Product/1004",
  variantId: "gid://shopify/ProductVariant/2005",
  productTitle: "Ceramic Mug",
  priceMinor: 1800,
  currency: "USD",
  quantity: "1",
  ...extra,
});
const offer = (extra: Partial<EditorOffer> = {}): EditorOffer => ({ id: "o1", kind: "product_upsell", items: [item()], ...extra });

describe("funnel editor preview: one offer", () => {
  it("maps a minimal draft offer to neutral runtime values", () => {
    expect(previewOffer(offer(), "USD")).toEqual({
      id: "o1",
      parentOfferId: null,
      branch: null,
      kind: "product_upsell",
      headline: "",
      body: "",
      purchaseOption: "one_time",
      defaultOption: "one_time",
      lockedSellingPlanId: null,
      discount: { type: "none", value: 0 },
      subscriptionShipping: { initialMinor: 0, recurringMinor: 0 },
      items: [
        {
          id: "o1-item-0",
          productId: "gid://shopify/Product/1004",
          variantId: "gid://shopify/ProductVariant/2005",
          productTitle: "Ceramic Mug",
          variantTitle: "",
          priceMinor: 1800,
          currency: "USD",
          quantity: 1,
          subscriptionOnly: false,
          isBundle: false,
          sellingPlans: [],
          upgrade: null,
        },
      ],
    } satisfies OfferDefinition);
  });

  it.each<[string, string | number, number]>([
    ["a typed quantity", "3", 3],
    ["the largest quantity", "100", 100],
    ["a quantity above the maximum is capped", "250", 100],
    ["zero falls back to 1", "0", 1],
    ["a negative quantity falls back to 1", "-2", 1],
    ["a fraction falls back to 1", "1.5", 1],
    ["text falls back to 1", "two", 1],
  ])("UPS-1: %s (%j → %i)", (_label, quantity, expected) => {
    expect(previewOffer(offer({ items: [item({ quantity })] }), "USD").items[0]?.quantity).toBe(expected);
  });

  it("keeps a subscription upsell's options, default and plan lock", () => {
    const preview = previewOffer(offer({ kind: "subscription_upsell", purchaseOption: "both", defaultOption: "subscription", lockedSellingPlanId: PLAN.id }), "USD");
    expect(preview).toMatchObject({ purchaseOption: "both", defaultOption: "subscription", lockedSellingPlanId: PLAN.id });
  });

  it.each<[string, Partial<EditorOffer>, object]>([
    ["a subscription upsell sold as a subscription only defaults to it", { kind: "subscription_upsell", purchaseOption: "subscription", defaultOption: "one_time" }, { purchaseOption: "subscription", defaultOption: "subscription" }],
    ["a subscription upsell without options is one-time", { kind: "subscription_upsell", lockedSellingPlanId: PLAN.id }, { purchaseOption: "one_time", defaultOption: "one_time", lockedSellingPlanId: null }],
    ["both without a default starts one-time", { kind: "subscription_upsell", purchaseOption: "both" }, { purchaseOption: "both", defaultOption: "one_time", lockedSellingPlanId: null }],
    ["a product upsell is always one-time", { kind: "product_upsell", purchaseOption: "both", lockedSellingPlanId: PLAN.id }, { purchaseOption: "one_time", lockedSellingPlanId: null }],
    ["an upgrade is always one-time", { kind: "subscription_upgrade", purchaseOption: "subscription" }, { purchaseOption: "one_time", defaultOption: "one_time" }],
  ])("UPS-1: %s", (_label, extra, expected) => {
    expect(previewOffer(offer(extra), "USD")).toMatchObject(expected);
  });

  it.each<[string, Partial<EditorOffer>, object]>([
    ["a typed percentage", { discount: { type: "percentage", value: "12.5" } }, { type: "percentage", value: 1250 }],
    ["a fixed amount in the shop's currency", { discount: { type: "fixed_amount", value: "500" } }, { type: "fixed_amount", value: 500 }],
    ["a half-typed percentage counts as none", { discount: { type: "percentage", value: "12." } }, { type: "none", value: 0 }],
    ["an unreadable amount counts as none", { discount: { type: "fixed_amount", value: "abc" } }, { type: "none", value: 0 }],
    ["an upgrade's first-cycle discount is none", { kind: "subscription_upgrade", discount: { type: "percentage", value: "10" } }, { type: "none", value: 0 }],
  ])("UPS-3: %s", (_label, extra, expected) => {
    expect(previewOffer(offer(extra), "JPY").discount).toEqual(expected);
  });

  it("keeps valid plans and upgrades, drops unreadable ones and items that do not parse", () => {
    const upgrade = { triggerProductId: "gid://shopify/Product/1001", type: "frequency", intervalUnit: "month", deliveryIntervalCount: 1, billingIntervalCount: 6 };
    const preview = previewOffer(
      offer({
        items: [
          item({ sellingPlans: [PLAN], upgrade }),
          item({ sellingPlans: [{ id: "nope" }], upgrade: { type: "sideways" } }),
          item({ productId: "not a product" }),
        ],
      }),
      "USD",
    );
    expect(preview.items.map((i) => i.id)).toEqual(["o1-item-0", "o1-item-1"]);
    expect(preview.items[0]?.sellingPlans).toEqual([PLAN]);
    expect(preview.items[0]?.upgrade).toMatchObject({ triggerProductId: "gid://shopify/Product/1001", billingIntervalCount: 6 });
    expect(preview.items[1]).toMatchObject({ sellingPlans: [], upgrade: null });
  });

  it("FUN-7: a follow-up keeps its parent and branch; a root never has a branch", () => {
    expect(previewOffer(offer({ parentId: "root", branch: "decline", headline: "H", body: "B" }), "USD")).toMatchObject({ parentOfferId: "root", branch: "decline", headline: "H", body: "B" });
    expect(previewOffer(offer({ parentId: "root" }), "USD")).toMatchObject({ parentOfferId: "root", branch: null });
    expect(previewOffer(offer({ parentId: null, branch: "accept" }), "USD")).toMatchObject({ parentOfferId: null, branch: null });
  });
});

describe("funnel editor preview: the whole funnel", () => {
  it("FUN-4: previews triggers, the root offer and neutral metadata", () => {
    const draft: EditorDraft = {
      name: "Coffee",
      status: "active",
      priority: "5",
      triggers: { products: [{ id: "gid://shopify/Product/1001", title: "Morning Roast" }], subscription: "include", showToAll: false },
      offers: [offer({ id: "child", parentId: "root", branch: "accept" }), offer({ id: "root" })],
    };
    const preview = previewDefinition(draft, "USD");
    expect(preview).toMatchObject({
      id: "draft",
      name: "Coffee",
      status: "active",
      // The draft's own priority (one meaning everywhere, issue 16); one still being typed counts as 0.
      priority: 5,
      createdAt: "1970-01-01T00:00:00.000Z",
      triggers: { productIds: ["gid://shopify/Product/1001"], subscription: "include", showToAll: false },
      rootOfferId: "root",
    });
    expect(preview.offers.map((o) => o.id)).toEqual(["child", "root"]);
  });

  it("a draft with nothing filled in previews as an inactive, untargeted funnel", () => {
    expect(previewDefinition({ priority: "", triggers: { products: [] }, offers: [] }, "USD")).toEqual({
      id: "draft",
      name: "",
      status: "draft",
      priority: 0,
      createdAt: "1970-01-01T00:00:00.000Z",
      triggers: { productIds: [], subscription: "off", showToAll: false },
      rootOfferId: null,
      offers: [],
    });
  });

  it("a valid draft becomes the saved funnel's shape, keeping its id, date and priority", () => {
    const offers = [previewOffer(offer({ id: "b", parentId: "a", branch: "accept" }), "USD"), previewOffer(offer({ id: "a" }), "USD")];
    const draft: ValidFunnelDraft = { name: "N", status: "inactive", priority: 7, triggers: { products: [{ id: "p1", title: "P", imageUrl: null }], subscription: "exclude", showToAll: true }, offers };
    expect(draftToDefinition(draft, { id: "f1", createdAt: "2026-01-01T00:00:00.000Z" })).toEqual({
      id: "f1",
      name: "N",
      status: "inactive",
      priority: 7,
      createdAt: "2026-01-01T00:00:00.000Z",
      triggers: { productIds: ["p1"], subscription: "exclude", showToAll: true },
      rootOfferId: "a",
      offers,
    });
    expect(draftToDefinition({ ...draft, offers: [] }, { id: "f1", createdAt: "x" }).rootOfferId).toBeNull();
  });
});
