import { useState } from "react";
import { BlockStack, Box, Button, InlineStack, Text, TextField, Thumbnail } from "@shopify/polaris";
import { ImageIcon } from "@shopify/polaris-icons";
import { FieldError } from "./FieldError";
import { MAX_ITEMS_PER_OFFER, type EditorItem, type FieldErrors } from "~/domain/funnel-editor-schemas";
import { formatMoney, money } from "~/domain/money";
import { ProductBadges } from "~/components/product-picker/ProductBadges";
import { ProductPickerModal } from "~/components/product-picker/ProductPickerModal";
import { pickedToItem } from "~/components/product-picker/picked";

interface Props {
  kind: "product_upsell" | "subscription_upsell";
  items: EditorItem[];
  errors: FieldErrors;
  field(name: string): string;
  onChange(items: EditorItem[]): void;
}

/** The products an upsell offers (several make a multi-product offer), each with its quantity. */
export function OfferProducts({ kind, items, errors, field, onChange }: Props) {
  const [picking, setPicking] = useState(false);
  return (
    <BlockStack gap="300">
      <Text as="h3" variant="headingSm">
        Products
      </Text>
      {items.map((item, index) => (
        <Box key={item.productId} padding="300" borderWidth="025" borderColor="border" borderRadius="200">
          <BlockStack gap="200">
            <InlineStack gap="300" blockAlign="center" align="space-between" wrap={false}>
              <InlineStack gap="300" blockAlign="center" wrap={false}>
                <Thumbnail source={item.imageUrl ?? ImageIcon} alt="" size="small" />
                <BlockStack gap="100">
                  <Text as="span" fontWeight="semibold">
                    {item.productTitle}
                    {item.variantTitle ? ` · ${item.variantTitle}` : ""}
                  </Text>
                  <InlineStack gap="200" blockAlign="center">
                    <Text as="span" tone="subdued" numeric>
                      {formatMoney(money(item.priceMinor, item.currency), "en-US")}
                    </Text>
                    <ProductBadges product={{ subscriptionOnly: item.subscriptionOnly ?? false, isBundle: item.isBundle ?? false, sellingPlans: (item.sellingPlans ?? []) as never[], status: "ACTIVE" }} />
                  </InlineStack>
                </BlockStack>
              </InlineStack>
              <InlineStack gap="200" blockAlign="start" wrap={false}>
                <div style={{ width: 96 }}>
                  <TextField
                    label="Quantity"
                    type="number"
                    min={1}
                    max={100}
                    value={String(item.quantity)}
                    onChange={(quantity) => onChange(items.map((it, i) => (i === index ? { ...it, quantity } : it)))}
                    error={errors[field(`items.${index}.quantity`)]}
                    autoComplete="off"
                  />
                </div>
                <Button variant="tertiary" tone="critical" onClick={() => onChange(items.filter((_, i) => i !== index))} accessibilityLabel={`Remove ${item.productTitle}`}>
                  Remove
                </Button>
              </InlineStack>
            </InlineStack>
            <FieldError message={errors[field(`items.${index}.productId`)]} fieldID={`item-${index}`} />
          </BlockStack>
        </Box>
      ))}
      <FieldError message={errors[field("items")]} fieldID="items" />
      {items.length < MAX_ITEMS_PER_OFFER ? (
        <InlineStack>
          <Button onClick={() => setPicking(true)}>{items.length === 0 ? "Choose product" : "Add another product"}</Button>
        </InlineStack>
      ) : null}
      <ProductPickerModal
        open={picking}
        mode={kind}
        title={items.length === 0 ? "Choose the product to offer" : "Add a product to this offer"}
        excludeIds={items.map((i) => i.productId)}
        onClose={() => setPicking(false)}
        onSelect={(picked) => {
          setPicking(false);
          onChange([...items, ...picked.map(pickedToItem)]);
        }}
      />
    </BlockStack>
  );
}
