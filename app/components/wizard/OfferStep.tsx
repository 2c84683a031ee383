import { useState } from "react";
import { Banner, BlockStack, Box, Button, InlineError, InlineStack, Tabs, Text } from "@shopify/polaris";
import type { FieldErrors } from "~/domain/funnel-editor-schemas";
import type { WizardProductChoice, WizardState } from "~/domain/wizard-validation";
import { ProductPickerModal } from "~/components/product-picker/ProductPickerModal";
import { pickedToChoice } from "~/components/product-picker/picked";
import { CreateProductForm } from "./CreateProductForm";
import { ProductChoiceCard } from "./ProductChoiceCard";

interface Props {
  state: WizardState;
  currency: string;
  file: File | null;
  errors: FieldErrors;
  onFile(file: File | null): void;
  onChange(patch: Partial<Pick<WizardState, "offerTab" | "create" | "offerProduct">>): void;
}

const TABS = [
  { id: "create", content: "Create new", panelID: "offer-create" },
  { id: "existing", content: "Pick existing", panelID: "offer-existing" },
];

/** WIZ-2 / WIZ-3: the placeholder product added to the order when the shopper accepts. */
export function OfferStep({ state, currency, file, errors, onFile, onChange }: Props) {
  const [picking, setPicking] = useState(false);
  const created = state.offerTab === "create" && state.offerProduct;
  const pick = (product: WizardProductChoice) => onChange({ offerProduct: product });

  return (
    <BlockStack gap="400">
      <BlockStack gap="100">
        <Text as="h2" variant="headingMd">
          Step 2: Offer product
        </Text>
        <Text as="p" tone="subdued">
          Choose what the customer sees in the offer. It is added to their order as a one-time item, the order&apos;s
          record of the upgrade; the subscription itself changes in your subscription app.
        </Text>
      </BlockStack>
      <Banner tone="info">
        <p>
          This product appears on the customer&apos;s Shopify order. Name and price it so it explains itself, e.g.
          “Subscription upgrade” at 0.00 when the upgrade is free.
        </p>
      </Banner>
      <Tabs tabs={TABS} selected={state.offerTab === "create" ? 0 : 1} onSelect={(index) => onChange({ offerTab: index === 0 ? "create" : "existing", offerProduct: null })}>
        <Box paddingBlockStart="400">
          {state.offerTab === "create" ? (
            created ? (
              <BlockStack gap="300">
                <ProductChoiceCard product={created} note="Created in Shopify as an active product, not published to your Online Store." />
                <InlineStack>
                  <Button onClick={() => onChange({ offerProduct: null })}>Create a different product</Button>
                </InlineStack>
              </BlockStack>
            ) : (
              <CreateProductForm create={state.create} currency={currency} file={file} errors={errors} onChange={(create) => onChange({ create })} onFile={onFile} />
            )
          ) : (
            <BlockStack gap="300">
              <Text as="p" tone="subdued">
                The product must be purchasable one-time. The trigger product is hidden; subscription-only and bundle
                products are shown but cannot be picked, with the reason.
              </Text>
              {state.offerProduct ? <ProductChoiceCard product={state.offerProduct} /> : null}
              <InlineStack>
                <Button onClick={() => setPicking(true)}>{state.offerProduct ? "Pick another product" : "Pick existing product"}</Button>
              </InlineStack>
            </BlockStack>
          )}
        </Box>
      </Tabs>
      {errors.offerProduct ? <InlineError message={errors.offerProduct} fieldID="wizard-offer-product" /> : null}
      <ProductPickerModal
        open={picking}
        mode="upgrade_offer"
        title="Pick the offer product"
        excludeIds={state.trigger ? [state.trigger.id] : []}
        onClose={() => setPicking(false)}
        onSelect={([picked]) => {
          setPicking(false);
          if (picked) pick(pickedToChoice(picked));
        }}
      />
    </BlockStack>
  );
}
