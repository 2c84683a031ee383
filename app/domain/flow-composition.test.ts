/**
 * The domain modules wired together the way the app and the simulated post-purchase
 * page wire them: the driver fetches offers chosen by selectNextOffer, signs the
 * changes from buildChanges, and records decisions into FlowState.
 */
import { describe, expect, it } from "vitest";
import { catalogItem, catalogOrder, DECAF, makeFunnel, makeOffer, MUG, UPGRADES_ON } from "../../tests/support/catalog-offers";
import { buildChanges, type OfferChoice, type PostPurchaseChange } from "./changeset";
import { recordAccepted, recordDeclined, recordShown, startFlow, withFunnel } from "./flow-state";
import type { FunnelDefinition, OrderContext } from "./funnel-schemas";
import { buildOfferViewModel, type OfferViewModel } from "./offer-view-model";
import { selectNextOffer } from "./offer-selection";
import { runPostPurchaseFlow } from "./post-purchase-driver";

function simulatedApp(order: OrderContext, funnels: FunnelDefinition[]) {
  let flow = startFlow();
  const signed: PostPurchaseChange[][] = [];
  const offerById = (id: string) => funnels.flatMap((f) => f.offers).find((o) => o.id === id)!;
  return {
    signed,
    flow: () => flow,
    io: {
      fetchOffer: async () => {
        const selection = selectNextOffer({ order, funnels, shop: UPGRADES_ON, flow });
        if (selection.status === "none") return null;
        flow = recordShown(withFunnel(flow, selection.funnelId), selection.offer.id);
        return buildOfferViewModel(selection.offer, order, selection.effectivePurchaseOption, "en-US");
      },
      signChangeset: async ({ offer, choice }: { offer: OfferViewModel; choice: OfferChoice }) => {
        const changes = buildChanges(offerById(offer.offerId), choice, order, flow);
        signed.push(changes);
        return `token-${signed.length}`;
      },
      applyChangeset: async () => ({ status: "processed" as const, errors: [], changesetApplicationsRemaining: 2 }),
      recordDecision: async ({ offer, decision, choice }: { offer: OfferViewModel; decision: string; choice: { option: "one_time" | "subscription" } | null }) => {
        flow = decision === "accepted" ? recordAccepted(flow, offerById(offer.offerId), choice?.option ?? "one_time") : recordDeclined(flow, offer.offerId);
      },
      done: () => undefined,
    },
  };
}

describe("the flow end to end over the domain modules", () => {
  // root: Decaf subscription (UPS-1 both, default subscription) --accept--> second Decaf subscription --accept--> mug
  const root = makeOffer({ id: "root", kind: "subscription_upsell", purchaseOption: "both", defaultOption: "subscription", discount: { type: "percentage", value: 2000 }, items: [catalogItem(DECAF.variant)] });
  const second = makeOffer({ id: "second", kind: "subscription_upsell", purchaseOption: "subscription", parentOfferId: "root", branch: "accept", items: [catalogItem(DECAF.variant)] });
  const mug = makeOffer({ id: "mug", parentOfferId: "second", branch: "accept", items: [catalogItem(MUG.variant)] });
  const funnel = makeFunnel({ id: "f", offers: [root, second, mug] });

  // Decaf $22.00, plan 10 % off → $19.80 a month; 20 % off the first delivery → $15.84.
  it("RUN-7: accepting the subscription skips the later subscription offer; the signed changes match what was shown", async () => {
    const app = simulatedApp(catalogOrder(5002), [funnel]);
    const flow = runPostPurchaseFlow(app.io);
    const first = await flow.idle();
    expect(first).toMatchObject({ status: "showing", offer: { offerId: "root", acceptLabel: "Pay now · $15.84" } });
    if (first.status !== "showing") throw new Error("expected an offer");
    flow.accept(first.offer.choice, true);
    const next = await flow.idle();
    expect(next).toMatchObject({ status: "showing", offer: { offerId: "mug" } });
    expect(app.signed[0]).toEqual([
      expect.objectContaining({ type: "add_subscription", variantId: DECAF.variant, sellingPlanId: DECAF.monthly, discount: { value: 20, valueType: "percentage", title: "20% off first delivery" } }),
    ]);
    expect(app.flow()).toMatchObject({ funnelId: "f", acceptedOfferIds: ["root"], subscriptionAdded: true });
  });
});
