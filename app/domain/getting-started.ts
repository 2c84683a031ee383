/**
 * The dashboard's "Getting started" checklist: each step is ticked off from what the shop
 * has really done, so a merchant with three active funnels is not told to create one.
 */
export interface GettingStartedFacts {
  totalFunnels: number;
  activeFunnels: number;
  impressions: number;
  upgradesBeta: boolean;
  providerConnected: boolean;
}

export interface GettingStartedStep {
  id: "create_funnel" | "activate_funnel" | "connect_provider" | "first_offer_shown";
  title: string;
  detail: string;
  done: boolean;
  url: string;
}

export function gettingStartedSteps(facts: GettingStartedFacts): GettingStartedStep[] {
  const steps: GettingStartedStep[] = [
    {
      id: "create_funnel",
      title: "Create a funnel",
      detail: "Pick the orders it shows on and the offers shoppers see after checkout.",
      done: facts.totalFunnels > 0,
      url: "/app/funnels/new",
    },
    {
      id: "activate_funnel",
      title: "Activate it",
      detail: "Only active funnels show offers; Uplift shows the first one on the next eligible order.",
      done: facts.activeFunnels > 0,
      url: "/app/funnels",
    },
  ];
  if (facts.upgradesBeta) {
    steps.push({
      id: "connect_provider",
      title: "Connect your subscription provider",
      detail: "Recharge, Skio or Loop, so shoppers can upgrade the subscription they just bought.",
      done: facts.providerConnected,
      url: "/app/settings/upgrades",
    });
  }
  steps.push({
    id: "first_offer_shown",
    title: "See your first offer shown",
    detail: "It appears here once a shopper reaches the post-purchase page with an eligible order.",
    done: facts.impressions > 0,
    url: "/app/funnels",
  });
  return steps;
}
