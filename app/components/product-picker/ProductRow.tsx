import { memo, useState } from "react";
import { BlockStack, Box, Checkbox, InlineStack, RadioButton, Select, Text, Thumbnail } from "@shopify/polaris";
import { ImageIcon } from "@shopify/polaris-icons";
import { formatMoney, money } from "~/domain/money";
import { ProductBadges } from "./ProductBadges";
import type { PickedProduct, PickerProductRow } from "./types";

interface Props {
  product: PickerProductRow;
  multiple: boolean;
  checked: boolean;
  alreadyPicked: boolean;
  onToggle(choice: PickedProduct, on: boolean): void;
}

/** One product in the picker: what it is, how it sells, and why it is disabled here if it is. */
export const ProductRow = memo(function ProductRow({ product, multiple, checked, alreadyPicked, onToggle }: Props) {
  const variants = product.variants.filter((v) => !v.isBundle);
  const [variantId, setVariantId] = useState(variants[0]?.id ?? product.variants[0]?.id ?? "");
  const variant = product.variants.find((v) => v.id === variantId);
  const disabled = !product.eligibility.allowed || alreadyPicked || !variant;
  const label = (
    <InlineStack gap="300" blockAlign="center" wrap={false}>
      <Thumbnail source={product.imageUrl ?? ImageIcon} alt="" size="small" />
      <BlockStack gap="100">
        <Text as="span" fontWeight="semibold" tone={product.eligibility.allowed ? undefined : "subdued"}>
          {product.title}
        </Text>
        <ProductBadges product={product} />
      </BlockStack>
    </InlineStack>
  );
  const toggle = (on: boolean) => onToggle({ product, variantId }, on);

  return (
    <Box paddingBlock="300" paddingInline="400" borderBlockEndWidth="025" borderColor="border-secondary">
      <BlockStack gap="200">
        <InlineStack align="space-between" blockAlign="center" gap="300" wrap={false}>
          {multiple ? (
            <Checkbox label={label} checked={checked} disabled={disabled} onChange={toggle} />
          ) : (
            <RadioButton label={label} name="picker-product" checked={checked} disabled={disabled} onChange={() => toggle(true)} />
          )}
          {variant ? (
            <Text as="span" tone="subdued" numeric>
              {formatMoney(money(variant.priceMinor, product.currency), "en-US")}
            </Text>
          ) : null}
        </InlineStack>
        {variants.length > 1 && product.eligibility.allowed ? (
          <Box paddingInlineStart="800">
            <Select
              label="Variant"
              labelInline
              options={variants.map((v) => ({ label: v.title, value: v.id }))}
              value={variantId}
              onChange={(value) => {
                setVariantId(value);
                if (checked && !alreadyPicked) onToggle({ product, variantId: value }, true);
              }}
            />
          </Box>
        ) : null}
        {!product.eligibility.allowed ? (
          <Box paddingInlineStart="800">
            <Text as="p" tone="caution" variant="bodySm">
              {product.eligibility.reason}
            </Text>
          </Box>
        ) : null}
      </BlockStack>
    </Box>
  );
});
