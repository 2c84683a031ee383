/**
 * FUN-4, FUN-5, FUN-6 in the editor: the banners come from the runtime's own pure
 * function (app/domain/funnel-warnings.ts), fed either the live draft (while typing) or
 * the saved definition, and both give the same warnings.
 */
import { describe, expect, it } from "vitest";
import { type EditorDraft, type EditorItem, type EditorOffer } from "~/domain/funnel-editor-schemas";
import { draftToDefinition, previewDefinition } from "~/domain/funnel-editor-preview";
import { validateFunnelDraft } from "~/domain/funnel-editor-validation";
import { funnelWarnings } from "~/domain/funnel-warnings";
import { catalogItem, CLUB_BOX, DECAF, DOUBLE_BAG, MORNING_ROAST, MUG, upgradeOffer } from "../../tests/support/catalog-offers";
import { buildProductQuery } from "~/integrations/shopify-admin/products.server";
import { gid } from "../../tests/simulators/catalog";
import { first } from "../../tests/support/entries";

const item = (variantId: number, extra: Partial<EditorItem> = {}): EditorItem => ({ ...(catalogItem(variantId) as EditorItem), quantity: "1", upgrade: null, ...extra });
const offer = (id: string, extra: Partial<EditorOffer> = {}): EditorOffer => ({ id, parentId: null, branch: null, kind: "product_upsell", items: [item(MUG.variant)], ...extra });
const ROAST = { id: gid("Product", MORNING_ROAST.productId), title: "Morning Roast Coffee", imageUrl: null };
const draft = (offers: EditorOffer[], triggers: Partial<EditorDraft["triggers"]> = {}): EditorDraft => ({
  name: "F",
  status: "draft",
  priority: "0",
  triggers: { products: [], subscription: "off", showToAll: false, ...triggers },
  offers,
});
const upgrade = () => offer("up", { kind: "subscription_upgrade", items: [item(DOUBLE_BAG.variant, { upgrade: first(upgradeOffer("x").items).upgrade })] });
const subscription = (id: string, extra: Partial<EditorOffer> = {}) => offer(id, { kind: "subscription_upsell", purchaseOption: "subscription", items: [item(DECAF.variant)], ...extra });

/** The warnings the editor shows while typing, and those of the saved funnel: they must agree. */
function both(input: EditorDraft) {
  const live = funnelWarnings(previewDefinition(input, "USD"));
  const result = validateFunnelDraft(input, { currency: "USD" });
  if (!result.ok) throw new Error(JSON.stringify(result.fieldErrors));
  const saved = funnelWarnings(draftToDefinition(result.value, { id: "f", createdAt: "2026-01-01T00:00:00.000Z" }));
  expect(live.map((w) => [w.rule, w.message])).toEqual(saved.map((w) => [w.rule, w.message]));
  return live;
}

describe("FUN-4: upgrade funnels without product + include-subscription triggers", () => {
  it.each<[string, Partial<EditorDraft["triggers"]>, boolean]>([
    ["no triggers", {}, true],
    ["a product trigger only", { products: [ROAST] }, true],
    ["include only", { subscription: "include" }, true],
    ["both, but show to all", { products: [ROAST], subscription: "include", showToAll: true }, true],
    ["product trigger and include", { products: [ROAST], subscription: "include" }, false],
  ])("FUN-4: %s → warning: %s", (_label, triggers, warns) => {
    const warning = both(draft([upgrade()], triggers)).find((w) => w.rule === "FUN-4");
    expect(Boolean(warning)).toBe(warns);
    if (warning) expect(warning.message).toMatch(/silent failure/);
  });
});

describe("FUN-5: more than one subscription offer", () => {
  it("FUN-5: lists every subscription offer in the funnel", () => {
    const warning = both(draft([subscription("a"), subscription("b", { parentId: "a", branch: "accept" }), offer("c", { parentId: "a", branch: "decline" })])).find((w) => w.rule === "FUN-5");
    expect(warning?.offerIds).toEqual(["a", "b"]);
    expect(warning?.conflictingPairs).toEqual([["a", "b"]]);
  });

  it("FUN-5: one subscription offer and a one-time offer give no warning", () => {
    expect(both(draft([subscription("a"), offer("b", { parentId: "a", branch: "accept" })])).map((w) => w.rule)).not.toContain("FUN-5");
  });
});

describe("FUN-6: subscription-only products", () => {
  it("FUN-6: names the subscription-only products and tips to exclude subscriptions", () => {
    const warning = both(draft([subscription("a", { items: [item(CLUB_BOX.variant)] })])).find((w) => w.rule === "FUN-6");
    expect(warning).toMatchObject({ title: "Subscription limitations", products: [expect.objectContaining({ title: "Coffee Club Box", offerIds: ["a"] })] });
    expect(warning?.message).toMatch(/set the subscription trigger to "Exclude"/);
  });
});

describe("product search terms", () => {
  it.each<[Parameters<typeof buildProductQuery>[0], string]>([
    [{ text: "morning roast" }, "title:morning* title:roast*"],
    [{ text: '  "decaf" OR title:mug -x ' }, "title:decaf* title:title* title:mug* title:x*"],
    [{ text: "", activeOnly: true, excludeIds: [gid("Product", 1001)] }, "status:active -id:1001"],
    [{ text: "*" }, ""],
  ])("%j → %s", (search, query) => {
    expect(buildProductQuery(search)).toBe(query);
  });
});
