/**
 * Uplift's checkout extension (RUN-1, RUN-11). ShouldRender asks the app for an offer
 * within the time budget and stores it; Render shows it and runs the shared flow
 * (app/domain/post-purchase-flow + driver) over the app's endpoints and Shopify's
 * calculateChangeset/applyChangeset/done.
 */
import { extend, render } from "@shopify/post-purchase-ui-extensions-react";
import { createPostPurchaseClient, shouldRender } from "../../../app/post-purchase/contract/client";
import { APP_URL } from "./config";
import { OfferApp } from "./OfferApp";

type InputData = { token: string; locale: string; initialPurchase: { referenceId: string } };

export function clientFor(inputData: InputData) {
  return createPostPurchaseClient({ appUrl: APP_URL, token: inputData.token, referenceId: inputData.initialPurchase.referenceId, locale: inputData.locale });
}

extend("Checkout::PostPurchase::ShouldRender", ({ inputData, storage }) => shouldRender(clientFor(inputData), storage));

render("Checkout::PostPurchase::Render", (api) => <OfferApp api={api} client={clientFor(api.inputData)} />);
