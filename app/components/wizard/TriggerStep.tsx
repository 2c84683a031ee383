import { useState } from "react";
import { BlockStack, Button, InlineError, InlineStack, Text } from "@shopify/polaris";
import type { FieldErrors } from "~/domain/funnel-editor-schemas";
import type { WizardProductChoice } from "~/domain/wizard-validation";
import { ProductPickerModal } from "~/components/product-picker/ProductPickerModal";
import { pickedToChoice } from "~/components/product-picker/picked";
import { ProductChoiceCard } from "./ProductChoiceCard";
import { ShopperJourney } from "./ShopperJourney";

interface Props {
  trigger: WizardProductChoice | null;
  errors: FieldErrors;
  onChange(trigger: WizardProductChoice): void;
}

/** WIZ-1: the subscription product the shopper must have bought (only products with selling plans). */
export function TriggerStep({ trigger, errors, onChange }: Props) {
  const [picking, setPicking] = useState(false);
  return (
    <BlockStack gap="400">
      <BlockStack gap="100">
        <Text as="h2" variant="headingMd">
          Step 1: Trigger product
        </Text>
        <Text as="p" tone="subdued">
          Select the subscription product the customer must have purchased for the upgrade offer to appear. This is what
          they are upgrading from.
        </Text>
      </BlockStack>
      {trigger ? <ProductChoiceCard product={trigger} showPlans showVariant={false} /> : null}
      <InlineStack>
        <Button variant={trigger ? "secondary" : "primary"} onClick={() => setPicking(true)}>
          {trigger ? "Change subscription product" : "Choose subscription product"}
        </Button>
      </InlineStack>
      {errors.trigger ? <InlineError message={errors.trigger} fieldID="wizard-trigger" /> : null}
      <ShopperJourney />
      <ProductPickerModal
        open={picking}
        mode="upgrade_trigger"
        title="Choose subscription product"
        onClose={() => setPicking(false)}
        onSelect={([picked]) => {
          setPicking(false);
          if (picked) onChange(pickedToChoice(picked));
        }}
      />
    </BlockStack>
  );
}
