import { Banner, BlockStack, Select, Spinner, InlineStack, Text } from "@shopify/polaris";
import type { ProviderPlanOption, WizardProvider } from "~/domain/wizard-validation";
import { everyText } from "~/domain/pricing";
import { PROVIDER_NAMES, type PlansState } from "./types";

interface Props {
  provider: WizardProvider;
  productTitle: string;
  plans: PlansState;
  value: string | null;
  error?: string;
  onRetry(): void;
  onChange(plan: ProviderPlanOption | null): void;
}

export function planLabel(plan: ProviderPlanOption): string {
  const { unit, deliveryCount, billingCount } = plan.interval;
  const cadence = billingCount === deliveryCount ? everyText(deliveryCount, unit) : `billed ${everyText(billingCount, unit)}, delivered ${everyText(deliveryCount, unit)}`;
  return `${plan.name} (${cadence})`;
}

/** WIZ-5: the provider's own selling plans (Recharge, Skio), with an empty state that says how to fix it. */
export function ProviderPlanPicker({ provider, productTitle, plans, value, error, onRetry, onChange }: Props) {
  const name = PROVIDER_NAMES[provider];
  if (plans.loading) {
    return (
      <InlineStack gap="200" blockAlign="center">
        <Spinner size="small" accessibilityLabel="Loading selling plans" />
        <Text as="span" tone="subdued">
          Loading selling plans from {name}…
        </Text>
      </InlineStack>
    );
  }
  if (plans.error) {
    return (
      <Banner tone="warning" title={`Could not load ${name}'s selling plans`} action={{ content: "Try again", onAction: onRetry }}>
        <p>{plans.error}</p>
      </Banner>
    );
  }
  if (!plans.plans || plans.plans.length === 0) {
    return (
      <Banner tone="info" title={`${name} has no selling plans for ${productTitle}`} action={{ content: "Reload plans", onAction: onRetry }}>
        <BlockStack gap="100">
          <p>Confirm that selling plans are configured for this product in your {name} dashboard.</p>
          <p>
            Make sure your API token can read them ({provider === "recharge" ? "read access to Plans" : "the read scopes Skio grants with subscription access"}); if
            you changed the token, save it again in Settings › Subscription Upgrades, then reload the plans.
          </p>
          <p>You can still save the upgrade with the frequency below.</p>
        </BlockStack>
      </Banner>
    );
  }
  return (
    <Select
      label={`${name} selling plan`}
      options={[{ label: "No specific plan: use the frequency below", value: "" }, ...plans.plans.map((plan) => ({ label: planLabel(plan), value: plan.id }))]}
      value={value ?? ""}
      onChange={(id) => onChange(plans.plans?.find((p) => p.id === id) ?? null)}
      error={error}
      helpText="Picking a plan fills in the frequency."
    />
  );
}
