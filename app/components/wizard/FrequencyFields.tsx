import { BlockStack, FormLayout, Select, Text, TextField } from "@shopify/polaris";
import type { FieldErrors } from "~/domain/funnel-editor-schemas";
import { findMatchingPlan, parseCount, providerLocksBilling, type WizardProvider, type WizardState } from "~/domain/wizard-validation";
import type { PlansState } from "./types";

type Config = WizardState["config"];

interface Props {
  provider: WizardProvider;
  config: Config;
  plans: PlansState;
  errors: FieldErrors;
  onChange(patch: Partial<Config>): void;
}

const UNITS = [
  { label: "Days", value: "day" },
  { label: "Weeks", value: "week" },
  { label: "Months", value: "month" },
];

/** WIZ-4 frequency: delivery and billing (billing ≥ delivery, a whole multiple); Loop locks billing (WIZ-6). */
export function FrequencyFields({ provider, config, plans, errors, onChange }: Props) {
  const locked = providerLocksBilling(provider);
  const unitWord = UNITS.find((u) => u.value === config.intervalUnit)?.label.toLowerCase() ?? "months";
  const delivery = parseCount(config.deliveryIntervalCount, 365);
  const loopMatch = locked && delivery && plans.plans ? findMatchingPlan(plans.plans, { unit: config.intervalUnit, deliveryCount: delivery, billingCount: delivery }) : null;
  // Typing a frequency by hand forgets a picked plan that no longer matches it.
  const edit = (patch: Partial<Config>) => onChange({ ...patch, providerSellingPlanId: locked ? config.providerSellingPlanId : null });

  return (
    <BlockStack gap="200">
      <FormLayout>
        <FormLayout.Group condensed>
          <Select label="Interval" options={UNITS} value={config.intervalUnit} onChange={(value) => edit({ intervalUnit: value as Config["intervalUnit"] })} error={errors["config.intervalUnit"]} />
          <TextField
            label="Delivery frequency"
            type="number"
            min={1}
            prefix="Every"
            suffix={unitWord}
            value={config.deliveryIntervalCount}
            onChange={(value) => edit({ deliveryIntervalCount: value, ...(locked ? { billingIntervalCount: value } : {}) })}
            error={errors["config.deliveryIntervalCount"]}
            helpText="How often the product ships."
            autoComplete="off"
          />
          <TextField
            label="Billing frequency"
            type="number"
            min={1}
            prefix="Every"
            suffix={unitWord}
            value={locked ? config.deliveryIntervalCount : config.billingIntervalCount}
            onChange={(value) => edit({ billingIntervalCount: value })}
            disabled={locked}
            error={errors["config.billingIntervalCount"]}
            helpText={
              locked
                ? "Loop does not support prepaid: billing follows the delivery frequency."
                : "How often the customer is charged: equal to or a multiple of delivery (prepaid: every 6 months, delivered monthly)."
            }
            autoComplete="off"
          />
        </FormLayout.Group>
      </FormLayout>
      {locked && plans.plans && delivery ? (
        <Text as="p" tone={loopMatch ? "success" : "caution"}>
          {loopMatch
            ? `Loop selling plan found: ${loopMatch.name}.`
            : "Loop has no selling plan for this frequency yet. Create it in your Loop dashboard first: Uplift cannot create Loop selling plans."}
        </Text>
      ) : null}
    </BlockStack>
  );
}
