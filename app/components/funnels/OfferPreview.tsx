import { memo, useState } from "react";
import { Banner, BlockStack, Box, Button, ChoiceList, Divider, InlineStack, Select, Text, Thumbnail } from "@shopify/polaris";
import { ImageIcon } from "@shopify/polaris-icons";
import type { ChosenOption, OfferDefinition, OrderContext } from "~/domain/funnel-schemas";
import { buildOfferViewModel } from "~/domain/offer-view-model";
import { optionContext, resolvePurchaseOptions } from "~/domain/purchase-options";
import { formatMoney, money } from "~/domain/money";

const SAMPLE_TOTAL_MINOR = 3000;

/**
 * The order the preview prices against: a $30 one-time order for upsells (UPS-4's worked
 * example), and for upgrades an order holding the trigger product as a subscription.
 */
export function sampleOrder(offer: OfferDefinition, currency: string): OrderContext {
  const upgrade = offer.items.find((item) => item.upgrade)?.upgrade;
  return {
    referenceId: "preview",
    shopDomain: "preview.myshopify.com",
    currency,
    customerId: null,
    totalMinor: SAMPLE_TOTAL_MINOR,
    lineItems: [
      {
        productId: upgrade?.triggerProductId ?? "gid://shopify/Product/1",
        variantId: "gid://shopify/ProductVariant/1",
        quantity: 1,
        sellingPlanId: upgrade ? (upgrade.triggerSellingPlans[0]?.id ?? "gid://shopify/SellingPlan/1") : null,
        totalPriceMinor: SAMPLE_TOTAL_MINOR,
      },
    ],
  };
}

interface Props {
  offer: OfferDefinition;
  currency: string;
}

/**
 * UPS-3 live preview: built by the runtime's own offer view-model, so the accept price,
 * the line subtotal and the recurring subtotal are exactly what a shopper will see.
 */
export const OfferPreview = memo(function OfferPreview({ offer, currency }: Props) {
  const [option, setOption] = useState<ChosenOption | null>(null);
  const [planId, setPlanId] = useState<string | null>(null);
  if (offer.items.length === 0) {
    return (
      <Text as="p" tone="subdued">
        Choose a product to see the offer as shoppers will.
      </Text>
    );
  }
  const order = sampleOrder(offer, currency);
  const options = resolvePurchaseOptions(offer, optionContext(order));
  if (!options.effective) {
    return <Banner tone="warning">This offer would be skipped: {options.removed.map((r) => r.message).join("; ")}.</Banner>;
  }
  let view: ReturnType<typeof buildOfferViewModel>;
  try {
    view = buildOfferViewModel(offer, order, options.effective, "en-US", { option, sellingPlanId: planId });
  } catch {
    return <Banner tone="warning">Finish the offer's settings to see its preview.</Banner>;
  }
  const fmt = (amountMinor: number) => formatMoney(money(amountMinor, currency), "en-US");

  return (
    <BlockStack gap="300">
      <Text as="p" tone="subdued" variant="bodySm">
        {offer.kind === "subscription_upgrade"
          ? `On a sample ${fmt(SAMPLE_TOTAL_MINOR)} order with the trigger product as a subscription`
          : `On a sample ${fmt(SAMPLE_TOTAL_MINOR)} one-time order`}
      </Text>
      <Box padding="400" borderWidth="025" borderColor="border" borderRadius="300" background="bg-surface-secondary">
        <BlockStack gap="300">
          <InlineStack gap="300" blockAlign="center" wrap={false}>
            <Thumbnail source={view.image?.url ?? ImageIcon} alt={view.image?.alt ?? ""} size="large" />
            <BlockStack gap="100">
              <Text as="h3" variant="headingMd">
                {view.title}
              </Text>
              {view.price.savings ? (
                <InlineStack gap="200" blockAlign="baseline">
                  <Text as="span" tone="subdued" textDecorationLine="line-through">
                    {view.price.original.text}
                  </Text>
                  <Text as="span" variant="headingMd">
                    {view.price.firstCycle.text}
                  </Text>
                </InlineStack>
              ) : (
                <Text as="span" variant="headingMd">
                  {view.price.firstCycle.text}
                </Text>
              )}
              {view.price.discountLabel ? <Text as="span" tone="success">{view.price.discountLabel}</Text> : null}
            </BlockStack>
          </InlineStack>
          {view.body ? <Text as="p">{view.body}</Text> : null}
          {view.upgrades.map((upgrade) => (
            <BlockStack key={upgrade.itemId} gap="100">
              <Text as="p">{upgrade.description}</Text>
              <Text as="p" tone="subdued" variant="bodySm">
                {upgrade.timing}
                {upgrade.discountText ? ` ${upgrade.discountText}.` : ""}
              </Text>
            </BlockStack>
          ))}
          {view.showOptionSelector ? (
            <ChoiceList
              title="Purchase option"
              titleHidden
              choices={view.purchaseOptions.map((o) => ({ value: o.value, label: o.label }))}
              selected={[view.selectedOption]}
              onChange={([value]) => setOption(value as ChosenOption)}
            />
          ) : null}
          {view.plan ? (
            view.plan.display === "static" ? (
              <Text as="p" fontWeight="medium">
                {view.plan.selectedPlanName}
              </Text>
            ) : (
              <Select label="Delivery" options={view.plan.options.map((p) => ({ label: `${p.name} (${p.cadence})`, value: p.id }))} value={view.plan.selectedPlanId} onChange={setPlanId} />
            )
          ) : null}
          <Divider />
          <InlineStack align="space-between">
            <Text as="span">Subtotal</Text>
            <Text as="span" numeric>
              {view.lineSubtotal.text}
            </Text>
          </InlineStack>
          {view.recurring ? (
            <InlineStack align="space-between">
              <Text as="span">{view.recurring.label}</Text>
              <Text as="span" numeric>
                {view.recurring.text}
              </Text>
            </InlineStack>
          ) : null}
          <Button variant="primary" fullWidth>
            {view.acceptLabel}
          </Button>
          <Button variant="plain" fullWidth>
            {view.declineLabel}
          </Button>
          {view.termsText ? (
            <Text as="p" tone="subdued" variant="bodySm">
              {view.termsText}
            </Text>
          ) : null}
        </BlockStack>
      </Box>
    </BlockStack>
  );
});
