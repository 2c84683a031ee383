import { useState } from "react";
import { BlockStack, Button, Checkbox, ChoiceList, Divider, FormLayout, InlineError, InlineStack, Text, TextField } from "@shopify/polaris";
import type { FieldErrors } from "~/domain/funnel-editor-schemas";
import {
  MAX_DISCOUNT_CODE_LENGTH,
  providerHasPlanPicker,
  providerNeedsDiscountCode,
  typeChangesFrequency,
  typeReplacesProduct,
  type WizardProvider,
  type WizardState,
} from "~/domain/wizard-validation";
import { DiscountFields } from "~/components/funnels/DiscountFields";
import { ProductPickerModal } from "~/components/product-picker/ProductPickerModal";
import { pickedToChoice } from "~/components/product-picker/picked";
import { FrequencyFields } from "./FrequencyFields";
import { ProductChoiceCard } from "./ProductChoiceCard";
import { ProviderPlanPicker } from "./ProviderPlanPicker";
import type { PlansState } from "./types";

type Config = WizardState["config"];

interface Props {
  provider: WizardProvider;
  currency: string;
  state: WizardState;
  plans: PlansState;
  errors: FieldErrors;
  onReloadPlans(): void;
  onChange(patch: Partial<Config>): void;
}

const TYPES = [
  { value: "frequency", label: "Frequency", helpText: "Move the customer to a different delivery or billing interval, e.g. monthly to prepaid." },
  { value: "replacement", label: "Replacement", helpText: "Replace the subscribed item with another product for all future orders; the frequency stays." },
  { value: "both", label: "Both", helpText: "Change the frequency and the product in one offer." },
];

/** WIZ-4..7, provider-aware. */
export function ConfigureStep({ provider, currency, state, plans, errors, onReloadPlans, onChange }: Props) {
  const [picking, setPicking] = useState(false);
  const { config } = state;
  const frequency = typeChangesFrequency(config.type);
  const replaces = typeReplacesProduct(config.type);

  return (
    <BlockStack gap="500">
      <BlockStack gap="100">
        <Text as="h2" variant="headingMd">
          Step 3: Configure upgrade
        </Text>
        <Text as="p" tone="subdued">
          Choose what changes in the customer&apos;s subscription when they accept.
        </Text>
      </BlockStack>
      <ChoiceList title="Upgrade type" choices={TYPES} selected={[config.type]} onChange={([type]) => onChange({ type: type as Config["type"] })} />

      {frequency ? (
        <BlockStack gap="300">
          <Divider />
          <Text as="h3" variant="headingSm">
            Frequency
          </Text>
          {providerHasPlanPicker(provider) && state.trigger ? (
            <ProviderPlanPicker
              provider={provider}
              productTitle={state.trigger.title}
              plans={plans}
              value={config.providerSellingPlanId}
              error={errors["config.providerSellingPlanId"]}
              onRetry={onReloadPlans}
              onChange={(plan) =>
                onChange(
                  plan
                    ? { providerSellingPlanId: plan.id, intervalUnit: plan.interval.unit, deliveryIntervalCount: String(plan.interval.deliveryCount), billingIntervalCount: String(plan.interval.billingCount) }
                    : { providerSellingPlanId: null },
                )
              }
            />
          ) : null}
          <FrequencyFields provider={provider} config={config} plans={plans} errors={errors} onChange={onChange} />
          {providerHasPlanPicker(provider) ? (
            <Checkbox
              label="Apply at end of current cycle"
              helpText="Waits for the customer's next charge date instead of changing the subscription right away."
              checked={config.applyAtEndOfCycle}
              onChange={(applyAtEndOfCycle) => onChange({ applyAtEndOfCycle })}
            />
          ) : null}
        </BlockStack>
      ) : null}

      {replaces ? (
        <BlockStack gap="300">
          <Divider />
          <Text as="h3" variant="headingSm">
            Replacement
          </Text>
          <Text as="p" tone="subdued">
            Applies to all future recurring orders, not just the next one.
            {config.type === "replacement" ? " The subscription keeps its frequency." : ""}
          </Text>
          {config.replacement ? <ProductChoiceCard product={config.replacement} /> : null}
          <InlineStack>
            <Button onClick={() => setPicking(true)}>{config.replacement ? "Change replacement product" : "Choose replacement product"}</Button>
          </InlineStack>
          {errors["config.replacement"] ? <InlineError message={errors["config.replacement"]} fieldID="wizard-replacement" /> : null}
          <FormLayout>
            <TextField
              label="Fixed quantity"
              type="number"
              min={1}
              value={config.replacementQuantity}
              onChange={(replacementQuantity) => onChange({ replacementQuantity })}
              error={errors["config.replacementQuantity"]}
              helpText="Shopify bundles are not supported: for 1 → 3 items, pick a standard product with a fixed quantity of 3."
              autoComplete="off"
            />
          </FormLayout>
        </BlockStack>
      ) : null}

      <BlockStack gap="300">
        <Divider />
        <Text as="h3" variant="headingSm">
          Subscription upgrade discount
        </Text>
        <DiscountFields
          label="Discount type"
          helpText="Applied through your subscription app as a recurring discount when the upgrade runs. Percentages go up to 100 %."
          discount={config.discount}
          currency={currency}
          error={errors["config.discount.value"]}
          onChange={(discount) => onChange({ discount })}
        />
        {providerNeedsDiscountCode(provider, config.discount) ? (
          <FormLayout>
            <TextField
              label="Skio discount code"
              value={config.discountCode}
              onChange={(discountCode) => onChange({ discountCode })}
              error={errors["config.discountCode"]}
              helpText="Skio applies discounts only by code. Create this discount code in Skio first (matching the discount above), then enter it here: Uplift applies it to the subscription when the upgrade runs."
              maxLength={MAX_DISCOUNT_CODE_LENGTH}
              autoComplete="off"
              requiredIndicator
            />
          </FormLayout>
        ) : null}
      </BlockStack>
      <ProductPickerModal
        open={picking}
        mode="replacement"
        title="Choose the replacement product"
        onClose={() => setPicking(false)}
        onSelect={([picked]) => {
          setPicking(false);
          if (picked) onChange({ replacement: pickedToChoice(picked) });
        }}
      />
    </BlockStack>
  );
}
