import { BlockStack, Box, InlineStack, Text, Thumbnail } from "@shopify/polaris";
import { ImageIcon } from "@shopify/polaris-icons";
import type { WizardProductChoice } from "~/domain/wizard-validation";
import { formatMoney, money } from "~/domain/money";
import { cadenceText } from "~/domain/pricing";
import { ProductBadges } from "~/components/product-picker/ProductBadges";

/** A chosen product: picture, title, price, flags and its selling plans. */
export function ProductChoiceCard({ product, showPlans = false, showVariant = true, note }: { product: WizardProductChoice; showPlans?: boolean; showVariant?: boolean; note?: string }) {
  return (
    <Box padding="300" borderWidth="025" borderColor="border" borderRadius="200">
      <InlineStack gap="300" blockAlign="start" wrap={false}>
        <Thumbnail source={product.imageUrl ?? ImageIcon} alt="" size="medium" />
        <BlockStack gap="100">
          <Text as="span" fontWeight="semibold">
            {product.title}
            {showVariant && product.variantTitle && product.variantTitle !== "Default Title" ? ` · ${product.variantTitle}` : ""}
          </Text>
          <Text as="span" tone="subdued" numeric>
            {formatMoney(money(product.priceMinor, product.currency), "en-US")}
          </Text>
          <ProductBadges product={{ ...product, status: "ACTIVE" }} />
          {showPlans && product.sellingPlans.length > 0 ? (
            <Text as="p" variant="bodySm" tone="subdued">
              Plans: {product.sellingPlans.map((p) => `${p.name} (${cadenceText(p)})`).join(", ")}
            </Text>
          ) : null}
          {note ? (
            <Text as="p" variant="bodySm" tone="subdued">
              {note}
            </Text>
          ) : null}
        </BlockStack>
      </InlineStack>
    </Box>
  );
}
