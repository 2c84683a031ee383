/** One offer: image, title, prices from calculateChangeset, option and plan, consent, accept/decline. */
import { useEffect, useState } from "react";
import {
  Banner,
  BlockStack,
  Button,
  BuyerConsent,
  CalloutBanner,
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
import { priceLinesFrom, type CalculatedPurchase, type PriceLine } from "../../../app/post-purchase/contract/price-lines";

type Calculate = (changes: PostPurchaseChange[]) => Promise<{ status: string; calculatedPurchase?: CalculatedPurchase }>;

export interface OfferCardProps {
  offer: RuntimeOffer;
  notice: FlowNotice | null;
  busy: boolean;
  locale: string;
  calculate: Calculate;
  onAccept(choice: OfferChoice, buyerConsent: boolean): void;
  onDecline(): void;
}

/** Shopify's own price lines for the current selection; the app's view until they arrive. */
function usePriceLines(selection: OfferSelectionView, calculate: Calculate, locale: string): PriceLine[] {
  const fallback: PriceLine[] = [{ label: "Subtotal", text: selection.view.lineSubtotal.text, emphasis: true }];
  const [lines, setLines] = useState<{ key: string; lines: PriceLine[] } | null>(null);
  useEffect(() => {
    let current = true;
    calculate(selection.changes)
      .then((result) => {
        if (current && result.status === "processed" && result.calculatedPurchase) setLines({ key: selection.key, lines: priceLinesFrom(result.calculatedPurchase, locale) });
      })
      .catch(() => undefined);
    return () => {
      current = false;
    };
  }, [selection, calculate, locale]);
  return lines?.key === selection.key ? lines.lines : fallback;
}

export function OfferCard({ offer, notice, busy, locale, calculate, onAccept, onDecline }: OfferCardProps) {
  const [key, setKey] = useState(defaultSelection(offer).key);
  const [consent, setConsent] = useState(false);
  // A notice answers the selection it was accepted with; after switching it is stale.
  const [noticeKey, setNoticeKey] = useState<string | null>(null);
  const selection = selectionByKey(offer, key);
  const { view } = selection;
  const lines = usePriceLines(selection, calculate, locale);

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
            </BlockStack>
          ))}
          {view.body && view.upgrades.length > 0 ? <TextBlock subdued size="small">{view.body}</TextBlock> : null}
          {view.showOptionSelector ? (
            <Select
              label="Purchase option"
              value={view.selectedOption}
              options={view.purchaseOptions.map((o) => ({ value: o.value, label: o.label }))}
              onChange={(value) => setKey(selectOption(offer, value === "subscription" ? "subscription" : "one_time").key)}
            />
          ) : null}
          {view.plan && view.plan.display === "select" ? (
            <Select label="Delivery" value={view.plan.selectedPlanId} options={view.plan.options.map((p) => ({ value: p.id, label: `${p.name} (${p.cadence})` }))} onChange={(id) => setKey(selectPlan(offer, id).key)} />
          ) : null}
          {view.plan && view.plan.display === "static" ? <TextBlock>Delivery: {view.plan.selectedPlanName}</TextBlock> : null}
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
          {notice && noticeKey === key ? (
            <Banner status={notice.tone === "info" ? "info" : notice.tone}>
              <TextBlock>{notice.text}</TextBlock>
            </Banner>
          ) : null}
          <Button
            submit
            loading={busy}
            onPress={() => {
              setNoticeKey(key);
              onAccept(choiceOf(selection), consent);
            }}
          >
            {view.acceptLabel}
          </Button>
          <Button subdued disabled={busy} onPress={onDecline}>
            {view.declineLabel}
          </Button>
        </BlockStack>
      </Layout>
    </BlockStack>
  );
}
