import { describe, expect, it } from "vitest";
import { gettingStartedSteps, type GettingStartedFacts } from "./getting-started";

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
