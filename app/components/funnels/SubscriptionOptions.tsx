import { BlockStack, ChoiceList, InlineStack, Select, Text, TextField } from "@shopify/polaris";
import { withPurchaseOption, type EditorOffer, type FieldErrors } from "~/domain/funnel-editor-schemas";
import type { SellingPlan } from "~/domain/funnel-schemas";
import { cadenceText } from "~/domain/pricing";
import { PURCHASE_OPTION_LABELS } from "./labels";

interface Props {
  offer: EditorOffer;
  plans: SellingPlan[];
  errors: FieldErrors;
  field(name: string): string;
  onChange(offer: EditorOffer): void;
}

/** UPS-1 (purchase option and default) and UPS-2 (plan lock; cleared by one-time only). */
export function SubscriptionOptions({ offer, plans, errors, field, onChange }: Props) {
  const purchaseOption = offer.purchaseOption ?? "one_time";
  return (
    <BlockStack gap="300">
      <ChoiceList
        title="Purchase option"
        choices={(["one_time", "subscription", "both"] as const).map((value) => ({ value, label: PURCHASE_OPTION_LABELS[value] }))}
        selected={[purchaseOption]}
        onChange={([value]) => onChange(withPurchaseOption(offer, value as NonNullable<EditorOffer["purchaseOption"]>))}
        error={errors[field("purchaseOption")]}
      />
      {purchaseOption === "both" ? (
        <ChoiceList
          title="Preselected option"
          choices={[
            { value: "subscription", label: "Subscription", helpText: "Leaning on the default lifts subscription acceptance." },
            { value: "one_time", label: "One-time purchase" },
          ]}
          selected={[offer.defaultOption ?? "one_time"]}
          onChange={([value]) => onChange({ ...offer, defaultOption: value as "one_time" | "subscription" })}
        />
      ) : null}
      <Select
        label="Lock subscription plan"
        options={[
          { label: plans[0] ? `Don't lock: "${plans[0].name}" is preselected` : "Don't lock", value: "" },
          ...plans.map((plan) => ({ label: `${plan.name} (${cadenceText(plan)})`, value: plan.id })),
        ]}
        value={offer.lockedSellingPlanId ?? ""}
        onChange={(value) => onChange({ ...offer, lockedSellingPlanId: value || null })}
        disabled={purchaseOption === "one_time" || plans.length === 0}
        error={errors[field("lockedSellingPlanId")]}
        helpText={
          purchaseOption === "one_time"
            ? "One-time only: there is no plan to lock."
            : "A locked plan shows as text with no plan selector. If it is removed from the product, shoppers see every plan."
        }
      />
      {purchaseOption !== "one_time" ? (
        <InlineStack gap="300" wrap={false}>
          <TextField
            label="Subscription shipping, first delivery"
            autoComplete="off"
            inputMode="decimal"
            placeholder="Free"
            value={offer.subscriptionShipping?.initial ?? ""}
            onChange={(initial) => onChange({ ...offer, subscriptionShipping: { initial, recurring: offer.subscriptionShipping?.recurring ?? "" } })}
            error={errors[field("subscriptionShipping.initial")]}
          />
          <TextField
            label="Subscription shipping, every renewal"
            autoComplete="off"
            inputMode="decimal"
            placeholder="Free"
            value={offer.subscriptionShipping?.recurring ?? ""}
            onChange={(recurring) => onChange({ ...offer, subscriptionShipping: { initial: offer.subscriptionShipping?.initial ?? "", recurring } })}
            error={errors[field("subscriptionShipping.recurring")]}
            helpText="Before tax. Leave empty for free shipping."
          />
        </InlineStack>
      ) : null}
      {plans.length === 0 && purchaseOption !== "one_time" ? (
        <Text as="p" tone="subdued">
          Pick a product with selling plans to offer it as a subscription.
        </Text>
      ) : null}
    </BlockStack>
  );
}
