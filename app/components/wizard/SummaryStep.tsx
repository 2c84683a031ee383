import { Banner, BlockStack, Box, Checkbox, InlineGrid, Text } from "@shopify/polaris";
import { previewOffer } from "~/domain/funnel-editor-preview";
import { formatMoney, money } from "~/domain/money";
import { type WizardContext, type WizardState } from "~/domain/wizard-validation";
import { wizardOfferItem, wizardToUpgrade } from "~/domain/wizard-draft";
import { describeUpgrade } from "~/components/funnels/labels";
import { OfferPreview } from "~/components/funnels/OfferPreview";
import { PROVIDER_NAMES } from "./types";

interface Props {
  state: WizardState;
  ctx: WizardContext;
  funnelName: string | null;
  alreadyTargeted: boolean;
  recommendedTriggers: boolean;
  onRecommendedTriggers(value: boolean): void;
}

function Row({ label, value }: { label: string; value: string }) {
  return (
    <InlineGrid columns={["oneThird", "twoThirds"]} gap="200">
      <Text as="span" tone="subdued">
        {label}
      </Text>
      <Text as="span">{value}</Text>
    </InlineGrid>
  );
}

/** Everything the merchant chose, and the offer as shoppers will see it, before Save. */
export function SummaryStep({ state, ctx, funnelName, alreadyTargeted, recommendedTriggers, onRecommendedTriggers }: Props) {
  if (!state.trigger || !state.offerProduct) return <Banner tone="warning">Go back and finish the earlier steps.</Banner>;
  const upgrade = wizardToUpgrade(state, ctx);
  const item = wizardOfferItem(state, ctx);
  const offer = previewOffer({ id: "summary", kind: "subscription_upgrade", items: [item] }, ctx.currency);
  const discount =
    upgrade.discount.type === "percentage"
      ? `${upgrade.discount.value / 100} % off every renewal`
      : upgrade.discount.type === "fixed_amount"
        ? `${formatMoney(money(upgrade.discount.value, ctx.currency), "en-US")} off every renewal`
        : "None";
  return (
    <BlockStack gap="400">
      <Text as="h2" variant="headingMd">
        Summary
      </Text>
      <InlineGrid columns={{ xs: 1, md: 2 }} gap="400">
        <BlockStack gap="200">
          <Row label="Funnel" value={funnelName ?? "A new funnel (draft)"} />
          <Row label="Trigger product" value={`${state.trigger.title} (subscription)`} />
          <Row label="Offer product" value={`${state.offerProduct.title} · ${formatMoney(money(state.offerProduct.priceMinor, state.offerProduct.currency), "en-US")} one-time`} />
          <Row label="Upgrade" value={describeUpgrade({ ...upgrade, replacementTitle: state.config.replacement?.title ?? null })} />
          <Row label="Discount" value={upgrade.discountCode ? `${discount} (${PROVIDER_NAMES[ctx.provider]} code ${upgrade.discountCode})` : discount} />
          <Row label="Provider" value={PROVIDER_NAMES[ctx.provider]} />
          <Box paddingBlockStart="200">
            {alreadyTargeted ? (
              <Text as="p" tone="success">
                The funnel already targets {state.trigger.title} subscribers (product trigger + Include subscription).
              </Text>
            ) : (
              <Checkbox
                label={`Show this funnel only on orders with a ${state.trigger.title} subscription (recommended)`}
                helpText="Sets the product trigger to the trigger product and the subscription trigger to Include. Without it, the upgrade can reach shoppers who have no such subscription: the offer product is added, but no subscription changes."
                checked={recommendedTriggers}
                onChange={onRecommendedTriggers}
              />
            )}
          </Box>
        </BlockStack>
        <OfferPreview offer={offer} currency={ctx.currency} />
      </InlineGrid>
    </BlockStack>
  );
}
