/**
 * Pure updates of one order's post-purchase flow (app/domain/flow-state.ts): idempotent
 * (RUN-8), and the subscription flags that make RUN-7 skip a second subscription offer.
 */
import { describe, expect, it } from "vitest";
import { recordAccepted, recordDeclined, recordShown, startFlow, withFunnel } from "./flow-state";
import type { ChosenOption, OfferDefinition } from "./funnel-schemas";

describe("flow state", () => {
  it("starts empty, unbound, with nothing accepted", () => {
    expect(startFlow()).toEqual({
      funnelId: null,
      shownOfferIds: [],
      acceptedOfferIds: [],
      declinedOfferIds: [],
      subscriptionAdded: false,
      subscriptionUpgraded: false,
      acceptedCount: 0,
    });
  });

  it("FUN-3: binds the flow to the first funnel chosen and keeps it", () => {
    const bound = withFunnel(startFlow(), "f1");
    expect(bound.funnelId).toBe("f1");
    expect(withFunnel(bound, "f2").funnelId).toBe("f1");
  });

  it("RUN-8: records a shown offer once", () => {
    const once = recordShown(startFlow(), "a");
    expect(once.shownOfferIds).toEqual(["a"]);
    expect(recordShown(once, "a")).toBe(once);
    expect(recordShown(once, "b").shownOfferIds).toEqual(["a", "b"]);
  });

  it.each<[string, OfferDefinition["kind"], ChosenOption, boolean, boolean]>([
    ["a one-time product upsell", "product_upsell", "one_time", false, false],
    ["a subscription upsell bought one-time", "subscription_upsell", "one_time", false, false],
    ["a subscription upsell bought as a subscription", "subscription_upsell", "subscription", true, false],
    ["an upgrade (its line is one-time)", "subscription_upgrade", "one_time", false, true],
    ["an upgrade however it is labelled", "subscription_upgrade", "subscription", false, true],
  ])("RUN-7: accepting %s → subscription added %s, upgraded %s", (_label, kind, option, added, upgraded) => {
    const flow = recordAccepted(startFlow(), { id: "a", kind }, option);
    expect(flow).toMatchObject({ shownOfferIds: ["a"], acceptedOfferIds: ["a"], acceptedCount: 1, subscriptionAdded: added, subscriptionUpgraded: upgraded });
  });

  it("RUN-7: the subscription flags stay set after later one-time accepts", () => {
    const afterSubscription = recordAccepted(startFlow(), { id: "a", kind: "subscription_upsell" }, "subscription");
    const afterUpgrade = recordAccepted(afterSubscription, { id: "b", kind: "subscription_upgrade" }, "one_time");
    const later = recordAccepted(afterUpgrade, { id: "c", kind: "product_upsell" }, "one_time");
    expect(later).toMatchObject({ acceptedOfferIds: ["a", "b", "c"], acceptedCount: 3, subscriptionAdded: true, subscriptionUpgraded: true });
  });

  it("RUN-8: accepting the same offer twice counts once", () => {
    const once = recordAccepted(startFlow(), { id: "a", kind: "product_upsell" }, "one_time");
    expect(recordAccepted(once, { id: "a", kind: "subscription_upsell" }, "subscription")).toBe(once);
  });

  it("RUN-8: declining records the offer as shown and declined, once; an accepted offer cannot be declined afterwards", () => {
    const declined = recordDeclined(startFlow(), "a");
    expect(declined).toMatchObject({ shownOfferIds: ["a"], declinedOfferIds: ["a"], acceptedOfferIds: [] });
    expect(recordDeclined(declined, "a")).toBe(declined);
    const accepted = recordAccepted(startFlow(), { id: "b", kind: "product_upsell" }, "one_time");
    expect(recordDeclined(accepted, "b")).toBe(accepted);
    expect(recordDeclined(accepted, "c").declinedOfferIds).toEqual(["c"]);
  });
});
