/** One offer: image, title, prices from calculateChangeset, option and plan, consent, accept/decline. */
import { useEffect, useState } from "react";
import {
  Banner,
  BlockStack,
  Button,
  BuyerConsent,
  CalloutBanner,
  Checkbox,
  Heading,
  Image,
  Layout,
  Select,
  Separator,
  Text,
  TextBlock,
  Tiles,
} from "@shopify/post-purchase-ui-extensions-react";
import type { OfferChoice, PostPurchaseChange } from "../../../app/domain/changeset";
import type { FlowNotice } from "../../../app/domain/post-purchase-flow";
import type { OfferSelectionView, RuntimeOffer } from "../../../app/post-purchase/contract/api";
import { choiceOf, defaultSelection, selectionByKey, selectOption, selectPlan } from "../../../app/post-purchase/contract/client";
import { noticeText, translator } from "../../../app/post-purchase/contract/i18n/translate";
import { acceptButtonFrom, priceLinesFrom, type CalculatedPurchase, type PriceLine, type ShopifyCalculation } from "../../../app/post-purchase/contract/price-lines";

type Calculate = (changes: PostPurchaseChange[]) => Promise<{ status: string; calculatedPurchase?: CalculatedPurchase }>;

export interface OfferCardProps {
  offer: RuntimeOffer;
  notice: FlowNotice | null;
  busy: boolean;
  locale: string;
  calculate: Calculate;
  onAccept(choice: OfferChoice, buyerConsent: boolean, consentRequired: boolean): void;
  onDecline(): void;
}

/** Shopify's own pricing of the current selection (price lines and the amount on the button). */
function useCalculation(selection: OfferSelectionView, calculate: Calculate): ShopifyCalculation {
  const [result, setResult] = useState<{ key: string; calculation: ShopifyCalculation } | null>(null);
  useEffect(() => {
    let current = true;
    const settle = (calculation: ShopifyCalculation) => {
      if (current) setResult({ key: selection.key, calculation });
    };
    calculate(selection.changes)
      .then((answer) => settle(answer.status === "processed" && answer.calculatedPurchase ? { status: "processed", calculatedPurchase: answer.calculatedPurchase } : { status: "failed" }))
      .catch(() => settle({ status: "failed" }));
    return () => {
      current = false;
    };
  }, [selection, calculate]);
  return result?.key === selection.key ? result.calculation : { status: "pending" };
}

export function OfferCard({ offer, notice, busy, locale, calculate, onAccept, onDecline }: OfferCardProps) {
  const [key, setKey] = useState(defaultSelection(offer).key);
  const [consent, setConsent] = useState(false);
  // A notice answers the selection it was accepted with; after switching it is stale.
  const [noticeKey, setNoticeKey] = useState<string | null>(null);
  const selection = selectionByKey(offer, key);
  const { view } = selection;
  const calculation = useCalculation(selection, calculate);
  const t = translator(locale);
  // The app's own subtotal until Shopify's lines arrive; the button waits for Shopify (audit S-4).
  const lines: PriceLine[] =
    calculation.status === "processed" ? priceLinesFrom(calculation.calculatedPurchase, locale) : [{ label: t("subtotal"), text: view.lineSubtotal.text, emphasis: true }];
  const accept = acceptButtonFrom(calculation, locale);

  return (
    <BlockStack spacing="loose">
      {/* An upgrade leads with what changes; the placeholder line's explanation comes after. */}
      <CalloutBanner title={view.title}>{view.body && view.upgrades.length === 0 ? <TextBlock>{view.body}</TextBlock> : null}</CalloutBanner>
      <Layout media={[{ viewportSize: "small", sizes: [1, 0, 1], maxInlineSize: 0.9 }, { viewportSize: "medium", sizes: [532, 0.5, 1], maxInlineSize: 420 }, { viewportSize: "large", sizes: [560, 38, 340] }]}>
        {view.image ? <Image source={view.image.url} description={view.image.alt} /> : <BlockStack />}
        <BlockStack />
        <BlockStack>
          <Heading>{view.title}</Heading>
          <BlockStack spacing="xtight">
            {view.price.savings ? <Text role="deletion" subdued>{view.price.original.text}</Text> : null}
            <Text size="large" emphasized>{view.price.firstCycle.text}</Text>
            {view.price.discountLabel ? <Text appearance="success">{view.price.discountLabel}</Text> : null}
          </BlockStack>
          {view.upgrades.map((upgrade) => (
            <BlockStack key={upgrade.itemId} spacing="xtight">
              <Text emphasized>{upgrade.headline}</Text>
              <TextBlock>
                {upgrade.description} {upgrade.timing} {upgrade.discountText ?? ""}
              </TextBlock>
              {/* RUN-13: what the subscription becomes, and its terms. */}
              <Tiles>
                <Text>{upgrade.newPlan.product}</Text>
                <Text>{upgrade.newPlan.recurringPrice ? `${upgrade.newPlan.recurringPrice.text} ${upgrade.newPlan.cadence}` : upgrade.newPlan.cadence}</Text>
              </Tiles>
              <TextBlock subdued size="small">{upgrade.terms}</TextBlock>
            </BlockStack>
          ))}
          {view.body && view.upgrades.length > 0 ? <TextBlock subdued size="small">{view.body}</TextBlock> : null}
          {view.showOptionSelector ? (
            <Select
              label={t("purchaseOption")}
              value={view.selectedOption}
              options={view.purchaseOptions.map((o) => ({ value: o.value, label: o.label }))}
              onChange={(value) => setKey(selectOption(offer, value === "subscription" ? "subscription" : "one_time").key)}
            />
          ) : null}
          {view.plan && view.plan.display === "select" ? (
            <Select label={t("delivery")} value={view.plan.selectedPlanId} options={view.plan.options.map((p) => ({ value: p.id, label: `${p.name} (${p.cadence})` }))} onChange={(id) => setKey(selectPlan(offer, id).key)} />
          ) : null}
          {view.plan && view.plan.display === "static" ? <TextBlock>{t("deliveryStatic", { plan: view.plan.selectedPlanName })}</TextBlock> : null}
          <Separator />
          {lines.map((line) => (
            <Tiles key={line.label}>
              <Text emphasized={line.emphasis}>{line.label}</Text>
              <Text emphasized={line.emphasis}>{line.text}</Text>
            </Tiles>
          ))}
          {view.recurring ? (
            <Tiles>
              <Text>{view.recurring.label}</Text>
              <Text>{view.recurring.text}</Text>
            </Tiles>
          ) : null}
          {view.termsText ? <TextBlock subdued size="small">{view.termsText}</TextBlock> : null}
          {view.requiresBuyerConsent ? <BuyerConsent policy="subscriptions" checked={consent} onChange={setConsent} /> : null}
          {view.requiresUpgradeConsent ? (
            <Checkbox checked={consent} onChange={setConsent}>
              {view.upgradeConsentLabel}
            </Checkbox>
          ) : null}
          {notice && noticeKey === key ? (
            <Banner status={notice.tone === "info" ? "info" : notice.tone}>
              <TextBlock>{noticeText(t, notice)}</TextBlock>
            </Banner>
          ) : null}
          {accept.problem ? (
            <Banner status="warning">
              <TextBlock>{accept.problem}</TextBlock>
            </Banner>
          ) : null}
          <Button
            submit
            loading={busy || calculation.status === "pending"}
            disabled={!accept.enabled}
            onPress={() => {
              setNoticeKey(key);
              onAccept(choiceOf(selection), consent, view.requiresUpgradeConsent);
            }}
          >
            {accept.label}
          </Button>
          <Button subdued disabled={busy} onPress={onDecline}>
            {view.declineLabel}
          </Button>
        </BlockStack>
      </Layout>
    </BlockStack>
  );
}
