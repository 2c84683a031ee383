import { describe, expect, it } from "vitest";
import { gettingStartedSteps, type GettingStartedFacts, type GettingStartedStep } from "./getting-started";

const facts = (patch: Partial<GettingStartedFacts>): GettingStartedFacts => ({ totalFunnels: 0, activeFunnels: 0, impressions: 0, upgradesBeta: false, providerConnected: false, ...patch });
const ticks = (f: GettingStartedFacts) => gettingStartedSteps(f).map((s) => `${s.id}:${s.done ? "done" : "todo"}`);

describe("dashboard: Getting started ticks off what is done", () => {
  it.each([
    ["a new shop has everything to do", facts({}), ["create_funnel:todo", "activate_funnel:todo", "first_offer_shown:todo"]],
    ["a draft funnel ticks off creating one", facts({ totalFunnels: 1 }), ["create_funnel:done", "activate_funnel:todo", "first_offer_shown:todo"]],
    ["three active funnels tick off creating and activating", facts({ totalFunnels: 3, activeFunnels: 3 }), ["create_funnel:done", "activate_funnel:done", "first_offer_shown:todo"]],
    ["with the beta, connecting the provider is a step", facts({ upgradesBeta: true }), ["create_funnel:todo", "activate_funnel:todo", "connect_provider:todo", "first_offer_shown:todo"]],
    ["all done", facts({ totalFunnels: 1, activeFunnels: 1, impressions: 4, upgradesBeta: true, providerConnected: true }), ["create_funnel:done", "activate_funnel:done", "connect_provider:done", "first_offer_shown:done"]],
  ])("%s", (_name, input, expected) => {
    expect(ticks(input)).toEqual(expected);
  });
});

describe("dashboard: each step's boundary is the first funnel, activation or impression", () => {
  const done = (f: GettingStartedFacts, id: GettingStartedStep["id"]) => gettingStartedSteps(f).find((s) => s.id === id)?.done;

  it.each([
    ["no funnel: creating is to do", facts({ totalFunnels: 0 }), "create_funnel", false],
    ["one funnel: creating is done", facts({ totalFunnels: 1 }), "create_funnel", true],
    ["no active funnel: activating is to do, even with drafts", facts({ totalFunnels: 2, activeFunnels: 0 }), "activate_funnel", false],
    ["one active funnel: activating is done", facts({ totalFunnels: 1, activeFunnels: 1 }), "activate_funnel", true],
    ["an active funnel does not tick off creating by itself (the facts say none exists)", facts({ activeFunnels: 1 }), "create_funnel", false],
    ["a funnel does not tick off activating by itself", facts({ totalFunnels: 1 }), "activate_funnel", false],
    ["no impression: the first offer is to do", facts({ totalFunnels: 1, activeFunnels: 1, impressions: 0 }), "first_offer_shown", false],
    ["one impression: the first offer is done", facts({ impressions: 1 }), "first_offer_shown", true],
    ["with the beta and no provider: connecting is to do", facts({ upgradesBeta: true, providerConnected: false }), "connect_provider", false],
    ["with the beta and a provider: connecting is done", facts({ upgradesBeta: true, providerConnected: true }), "connect_provider", true],
    ["without the beta a connected provider is no step", facts({ upgradesBeta: false, providerConnected: true }), "connect_provider", undefined],
  ] as const)("%s", (_name, input, id, expected) => {
    expect(done(input, id)).toBe(expected);
  });
});

describe("dashboard: each step says what to do and links to where it is done", () => {
  const steps = () => gettingStartedSteps(facts({ upgradesBeta: true }));

  it.each([
    ["create_funnel", "Create a funnel", "Pick the orders it shows on and the offers shoppers see after checkout.", "/app/funnels/new"],
    ["activate_funnel", "Activate it", "Only active funnels show offers; Uplift shows the first one on the next eligible order.", "/app/funnels"],
    ["connect_provider", "Connect your subscription provider", "Recharge, Skio or Loop, so shoppers can upgrade the subscription they just bought.", "/app/settings/upgrades"],
    ["first_offer_shown", "See your first offer shown", "It appears here once a shopper reaches the post-purchase page with an eligible order.", "/app/funnels"],
  ] as const)("%s: %s", (id, title, detail, url) => {
    expect(steps().find((s) => s.id === id)).toEqual({ id, title, detail, done: false, url });
  });

  it("the provider step comes after activating and before the first offer, and only once", () => {
    expect(steps().map((s) => s.id)).toEqual(["create_funnel", "activate_funnel", "connect_provider", "first_offer_shown"]);
  });
});
