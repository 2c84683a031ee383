import { memo, useState } from "react";
import { Banner, BlockStack, Button, Card, Checkbox, InlineStack, Select, Tag, Text } from "@shopify/polaris";
import type { EditorDraft, FieldErrors } from "~/domain/funnel-editor-schemas";
import { ProductPickerModal } from "~/components/product-picker/ProductPickerModal";
import { SUBSCRIPTION_TRIGGER_LABELS } from "./labels";

type Triggers = EditorDraft["triggers"];

interface Props {
  triggers: Triggers;
  errors: FieldErrors;
  onChange(patch: Partial<Triggers>): void;
}

/** FUN-2: product trigger, subscription trigger, and "show to all customers" (which overrides both). */
export const TriggersCard = memo(function TriggersCard({ triggers, errors, onChange }: Props) {
  const [picking, setPicking] = useState(false);
  const showToAll = triggers.showToAll ?? false;
  const noTrigger = !showToAll && triggers.products.length === 0 && (triggers.subscription ?? "off") === "off";
  return (
    <Card>
      <BlockStack gap="400">
        <BlockStack gap="100">
          <Text as="h2" variant="headingMd">
            Triggers
          </Text>
          <Text as="p" tone="subdued">
            The funnel shows when the order meets every trigger you turn on.
          </Text>
        </BlockStack>

        <BlockStack gap="200">
          <InlineStack align="space-between" blockAlign="center">
            <Text as="h3" variant="headingSm">
              Product trigger
            </Text>
            <Button onClick={() => setPicking(true)} disabled={showToAll}>
              {triggers.products.length > 0 ? "Add products" : "Choose products"}
            </Button>
          </InlineStack>
          {triggers.products.length > 0 ? (
            <InlineStack gap="200">
              {triggers.products.map((product) => (
                <Tag key={product.id} onRemove={() => onChange({ products: triggers.products.filter((p) => p.id !== product.id) })}>
                  {product.title || product.id}
                </Tag>
              ))}
            </InlineStack>
          ) : (
            <Text as="p" tone="subdued">
              Off. Choose products to show this funnel only when the order contains one of them.
            </Text>
          )}
          {errors["triggers.products"] ? <Text as="p" tone="critical">{errors["triggers.products"]}</Text> : null}
        </BlockStack>

        <Select
          label="Subscription trigger"
          options={(["off", "include", "exclude"] as const).map((value) => ({ value, label: SUBSCRIPTION_TRIGGER_LABELS[value] }))}
          value={triggers.subscription ?? "off"}
          onChange={(value) => onChange({ subscription: value as Triggers["subscription"] })}
          disabled={showToAll}
          helpText="Exclude keeps subscription offers away from orders that already hold a subscription (Shopify allows one per order)."
        />

        <Checkbox
          label="Show to all customers"
          helpText="Fires on every checkout, whatever the other triggers say."
          checked={showToAll}
          onChange={(checked) => onChange({ showToAll: checked })}
        />
        {showToAll ? (
          <Banner tone="warning" title="Show to all customers overrides every other trigger">
            <p>
              This funnel fires for every order: the product and subscription triggers above are ignored. It is not
              recommended for subscription upgrade funnels.
            </p>
          </Banner>
        ) : null}
        {noTrigger ? (
          <Banner tone="info">
            <p>No trigger is on, so this funnel shows on no order. Choose products, set the subscription trigger, or turn on Show to all customers.</p>
          </Banner>
        ) : null}
      </BlockStack>
      <ProductPickerModal
        open={picking}
        mode="trigger"
        multiple
        title="Product trigger"
        primaryLabel="Add"
        selectedIds={triggers.products.map((p) => p.id)}
        onClose={() => setPicking(false)}
        onSelect={(picked) => {
          setPicking(false);
          const added = picked.map(({ product }) => ({ id: product.id, title: product.title, imageUrl: product.imageUrl }));
          onChange({ products: [...triggers.products, ...added.filter((a) => !triggers.products.some((p) => p.id === a.id))] });
        }}
      />
    </Card>
  );
});
