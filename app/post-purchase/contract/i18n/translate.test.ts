import { describe, expect, it } from "vitest";
import { catalogItem, catalogOrder, DECAF, makeOffer } from "../../../../tests/support/catalog-offers";
import { buildOfferViewModel, ENGLISH_OFFER_LABELS } from "../../../domain/offer-view-model";
import { postPurchaseReducer } from "../../../domain/post-purchase-flow";
import { acceptButtonFrom, priceLinesFrom, type CalculatedPurchase } from "../price-lines";
import { CATALOG, LANGUAGES } from "./catalog";
import { languageOf, noticeText, offerLabels, translator } from "./translate";

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("LOC-1: the translation catalogue", () => {
  it.each(LANGUAGES.filter((l) => l !== "en"))("LOC-1: %s has every English message, with the same placeholders", (language) => {
    const messages = CATALOG[language];
    for (const [key, english] of Object.entries(CATALOG.en) as Array<[keyof typeof CATALOG.en, string]>) {
      expect(messages[key], `${language}.${key}`).toBeTruthy();
      expect(placeholders(messages[key]), `${language}.${key}`).toEqual(placeholders(english));
    }
  });

  it.each([
    ["fr-CA", "fr"],
    ["de", "de"],
    ["es_MX", "es"],
    ["NL-be", "nl"],
    ["pt-BR", "en"],
    ["", "en"],
    [undefined, "en"],
  ])("LOC-1: inputData.locale %j picks %s (English when unsupported)", (locale, language) => {
    expect(languageOf(locale)).toBe(language);
  });

  it("LOC-1: fills placeholders and keeps the English wording as the source", () => {
    expect(translator("de-DE")("deliveryStatic", { plan: "Monatlich" })).toBe("Lieferung: Monatlich");
    expect(translator("en-US")("payNowAmount", { amount: "$5.00" })).toBe("Pay now · $5.00");
    expect(offerLabels("en").decline).toBe(ENGLISH_OFFER_LABELS.decline);
  });
});

describe("LOC-1: what the shopper reads", () => {
  const bag = (amount: string) => ({ presentmentMoney: { amount, currencyCode: "EUR" } });
  const calculated: CalculatedPurchase = {
    totalOutstandingSet: bag("1234.50"),
    addedTaxLines: [{ priceSet: bag("0.00") }],
    addedShippingLines: [],
    updatedLineItems: [{ totalPriceSet: bag("1234.50"), priceSet: bag("1234.50") }],
  };

  it("LOC-1: price lines and the button are in French, money formatted for fr-FR in the order's currency", () => {
    const lines = priceLinesFrom(calculated, "fr-FR");
    expect(lines.map((l) => l.label)).toEqual(["Sous-total", "Expédition", "Taxes", "Total"]);
    expect(lines[1]?.text).toBe("Gratuite");
    // fr-FR groups thousands with a narrow space and puts the euro sign after a decimal comma.
    expect(lines[3]?.text).toMatch(/^1\s234,50\s€$/);
    expect(acceptButtonFrom({ status: "processed", calculatedPurchase: calculated }, "fr-FR").label).toMatch(/^Payer maintenant · 1\s234,50\s€$/);
  });

  it("LOC-1: the offer's own labels follow the locale; the merchant's headline and product names stay as written", () => {
    const offer = makeOffer({ id: "d", kind: "subscription_upsell", purchaseOption: "both", headline: "Try our Decaf", items: [catalogItem(DECAF.variant)] });
    const view = buildOfferViewModel(offer, catalogOrder(5002), "both", "de-DE", {}, offerLabels("de-DE"));
    expect(view.purchaseOptions.map((o) => o.label)).toEqual(["Einmalkauf", "Abonnieren"]);
    expect(view.declineLabel).toBe("Angebot ablehnen");
    expect(view.title).toBe("Try our Decaf");
    expect(view.items[0]?.productTitle).toBe("Decaf Roast");
  });

  it("LOC-1: Shopify's refusals reach the shopper in their language", () => {
    const applying = { status: "applying" as const, offer: { offerId: "a" }, choice: { option: "one_time" as const }, buyerConsent: false, token: "t", history: { shownOfferIds: ["a"], acceptedOfferIds: [], declinedOfferIds: [], failedOfferIds: [], subscriptionAccepted: false, applicationsRemaining: null } };
    const failed = postPurchaseReducer(applying, { type: "APPLY_RESULT", result: { status: "unprocessed", errors: [{ code: "insufficient_inventory" }] } });
    expect(failed.status).toBe("recording");
    const notice = failed.status === "recording" ? failed.after.notice : null;
    expect(noticeText(translator("es-ES"), notice!)).toBe("Lo sentimos, este artículo se acaba de agotar. No se añadió nada a tu pedido.");
    expect(noticeText(translator("es-ES"), { tone: "critical", text: "Merchant words" })).toBe("Merchant words");
  });
});
