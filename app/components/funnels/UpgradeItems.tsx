import { BlockStack, Box, Button, InlineStack, Text, Thumbnail } from "@shopify/polaris";
import { ImageIcon } from "@shopify/polaris-icons";
import { FieldError } from "./FieldError";
import { MAX_ITEMS_PER_OFFER, type EditorItem, type FieldErrors } from "~/domain/funnel-editor-schemas";
import { UpgradeSchema } from "~/domain/funnel-schemas";
import { formatMoney, money } from "~/domain/money";
import { describeUpgrade } from "./labels";

interface Props {
  items: EditorItem[];
  errors: FieldErrors;
  field(name: string): string;
  /** Opening the wizard saves the funnel first. */
  savesFirst: boolean;
  /** Opens the wizard on product `item` (the next index adds a product). */
  onEdit(item: number): void;
  onChange(items: EditorItem[]): void;
}

/**
 * FUN-7: each product of an upgrade offer has its own upgrade settings, edited in the
 * wizard (WIZ-8: a saved wizard reopens with everything filled in).
 */
export function UpgradeItems({ items, errors, field, savesFirst, onEdit, onChange }: Props) {
  return (
    <BlockStack gap="300">
      <Text as="h3" variant="headingSm">
        Offer products and their upgrades
      </Text>
      {items.map((item, index) => {
        const upgrade = UpgradeSchema.safeParse(item.upgrade);
        return (
          <Box key={`${item.productId}-${index}`} padding="300" borderWidth="025" borderColor="border" borderRadius="200">
            <BlockStack gap="200">
              <InlineStack gap="300" align="space-between" blockAlign="center" wrap={false}>
                <InlineStack gap="300" blockAlign="center" wrap={false}>
                  <Thumbnail source={item.imageUrl ?? ImageIcon} alt="" size="small" />
                  <BlockStack gap="100">
                    <Text as="span" fontWeight="semibold">
                      {item.productTitle} · {formatMoney(money(item.priceMinor, item.currency), "en-US")} one-time
                    </Text>
                    <Text as="span" tone="subdued">
                      {upgrade.success
                        ? `Upgrades ${upgrade.data.triggerProductTitle || "the trigger product"}: ${describeUpgrade(upgrade.data)}`
                        : "Upgrade not set up yet"}
                    </Text>
                  </BlockStack>
                </InlineStack>
                <InlineStack gap="200" wrap={false}>
                  <Button onClick={() => onEdit(index)}>
                    Edit upgrade
                  </Button>
                  {items.length > 1 ? (
                    <Button variant="tertiary" tone="critical" onClick={() => onChange(items.filter((_, i) => i !== index))}>
                      Remove
                    </Button>
                  ) : null}
                </InlineStack>
              </InlineStack>
              <FieldError message={errors[field(`items.${index}.upgrade`)]} fieldID={`upgrade-${index}`} />
              <FieldError message={errors[field(`items.${index}.productId`)]} fieldID={`upgrade-product-${index}`} />
            </BlockStack>
          </Box>
        );
      })}
      <FieldError message={errors[field("items")]} fieldID="upgrade-items" />
      <InlineStack gap="200" blockAlign="center">
        {items.length < MAX_ITEMS_PER_OFFER ? (
          <Button onClick={() => onEdit(items.length)}>
            Add a product to this upgrade
          </Button>
        ) : null}
        {savesFirst ? (
          <Text as="span" tone="subdued">
            Opening the upgrade wizard saves your changes first.
          </Text>
        ) : null}
      </InlineStack>
    </BlockStack>
  );
}
