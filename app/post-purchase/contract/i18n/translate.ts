/**
 * LOC-1: picks the shopper's language from `inputData.locale` ("fr-CA", "de", "pt-BR"…),
 * falling back to English, and fills `{name}` placeholders. Browser-safe: the checkout
 * extension and the local page import it, the server uses it for the offer's labels.
 */
import type { OfferLabels } from "../../../domain/offer-view-model";
import type { FlowNotice } from "../../../domain/post-purchase-flow";
import { CATALOG, LANGUAGES, type Language, type MessageKey } from "./catalog";

export type { Language, MessageKey } from "./catalog";

/** "fr-CA" → "fr"; an unsupported or missing locale → "en". */
export function languageOf(locale: string | null | undefined): Language {
  const base = (locale ?? "").trim().toLowerCase().split(/[-_]/)[0] ?? "";
  return (LANGUAGES as readonly string[]).includes(base) ? (base as Language) : "en";
}

export type Translate = (key: MessageKey, values?: Record<string, string>) => string;

export function translator(locale: string | null | undefined): Translate {
  const messages = CATALOG[languageOf(locale)];
  return (key, values = {}) => messages[key].replace(/\{(\w+)\}/g, (match, name: string) => values[name] ?? match);
}

/** A flow notice in the shopper's language; a notice without a known key keeps its text. */
export function noticeText(t: Translate, notice: FlowNotice): string {
  const key = `notice.${notice.key ?? ""}` as MessageKey;
  return notice.key && key in CATALOG.en ? t(key) : notice.text;
}

/** The view model's own labels in the shopper's language (offer-view-model.ts). */
export function offerLabels(locale: string | null | undefined): OfferLabels {
  const t = translator(locale);
  return {
    oneTime: t("oneTime"),
    subscribe: t("subscribe"),
    recurringSubtotal: t("recurringSubtotal"),
    decline: t("decline"),
    payNowAmount: (amount) => t("payNowAmount", { amount }),
    amountOff: (amount) => t("amountOff", { amount }),
    amountOffFirstDelivery: (amount) => t("amountOffFirstDelivery", { amount }),
    upgradeConsent: t("upgradeConsent"),
  };
}
