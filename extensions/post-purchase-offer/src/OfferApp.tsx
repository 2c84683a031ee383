/** The Render target: one offer at a time, driven by the shared post-purchase flow. */
import { useEffect, useState } from "react";
import { Banner, BlockStack, Button, Layout, Spinner, TextContainer, TextBlock, View } from "@shopify/post-purchase-ui-extensions-react";
import type { PostPurchaseRenderApi } from "@shopify/post-purchase-ui-extensions-react";
import type { ApplyChangesetResult } from "../../../app/domain/changeset-result";
import { runPostPurchaseFlow, type PostPurchaseFlow } from "../../../app/domain/post-purchase-driver";
import type { PostPurchaseState } from "../../../app/domain/post-purchase-flow";
import type { RuntimeOffer } from "../../../app/post-purchase/contract/api";
import { createFlowIO, reportImpressions, type PostPurchaseClient } from "../../../app/post-purchase/contract/client";
import { noticeText, translator } from "../../../app/post-purchase/contract/i18n/translate";
import { OfferCard } from "./OfferCard";

function storedOffer(initialData: unknown): RuntimeOffer | null {
  const data = initialData as { offer?: RuntimeOffer } | null;
  return data?.offer ?? null;
}

function useFlow(api: PostPurchaseRenderApi, client: PostPurchaseClient): [PostPurchaseFlow<RuntimeOffer>, PostPurchaseState<RuntimeOffer>] {
  const [flow] = useState(() =>
    runPostPurchaseFlow(
      createFlowIO({
        client,
        // Shopify's error codes are a closed union; the flow reads them as strings.
        applyChangeset: (token, options) => api.applyChangeset(token, options) as Promise<ApplyChangesetResult>,
        done: () => api.done(),
      }),
      { firstOffer: storedOffer(api.storage.initialData) },
    ),
  );
  const [state, setState] = useState(flow.getState());
  useEffect(() => flow.subscribe(setState), [flow]);
  // ANA-1 / RUN-14: the impression is counted when Render shows the offer, not at ShouldRender.
  useEffect(() => reportImpressions(flow, client), [flow, client]);
  return [flow, state];
}

export function OfferApp({ api, client }: { api: PostPurchaseRenderApi; client: PostPurchaseClient }) {
  const [flow, state] = useFlow(api, client);
  // LOC-1: Shopify passes the buyer's locale; merchant-written text stays as written.
  const t = translator(api.inputData.locale);

  if (state.status === "loading" || state.status === "done") {
    return (
      <BlockStack alignment="center">
        <Spinner size="large" />
      </BlockStack>
    );
  }
  if (state.status === "error") {
    return (
      <Layout maxInlineSize={0.5}>
        <BlockStack>
          <Banner status="critical">
            <TextBlock>{noticeText(t, state.notice)}</TextBlock>
          </Banner>
          <Button onPress={() => flow.continue()}>{t("continue")}</Button>
        </BlockStack>
      </Layout>
    );
  }
  const busy = state.status !== "showing";
  return (
    <View>
      <TextContainer alignment="center">
        <OfferCard
          key={state.offer.offerId}
          offer={state.offer}
          notice={state.status === "showing" ? state.notice : null}
          busy={busy}
          locale={api.inputData.locale}
          calculate={(changes) => api.calculateChangeset({ changes })}
          onAccept={(choice, consent, consentRequired) => flow.accept(choice, consent, consentRequired)}
          onDecline={() => flow.decline()}
        />
      </TextContainer>
    </View>
  );
}
