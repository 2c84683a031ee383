/**
 * The money summary under an offer, from Shopify's calculateChangeset (shopify.md §1.4):
 * Shopify prices the changes itself, with taxes and shipping, so what the shopper reads
 * is what they will be charged. Shared by the extension and the local page; exact
 * decimal strings are parsed into minor units, never floats (UPS-3).
 */
import { formatMoney, parseMoney, type Money } from "../../domain/money";
import { translator } from "./i18n/translate";

interface ShopifyMoney {
  amount: string;
  currencyCode: string;
}
interface MoneyBag {
  presentmentMoney: ShopifyMoney;
}

/** The fields of calculateChangeset's `calculatedPurchase` we show. */
export interface CalculatedPurchase {
  totalOutstandingSet: MoneyBag;
  addedTaxLines: Array<{ priceSet: MoneyBag }>;
  addedShippingLines: Array<{ priceSet: MoneyBag }>;
  updatedLineItems: Array<{ totalPriceSet: MoneyBag; priceSet: MoneyBag }>;
}

export interface PriceLine {
  label: string;
  text: string;
  emphasis: boolean;
}

const toMoney = (bag: MoneyBag): Money => parseMoney(bag.presentmentMoney.amount, bag.presentmentMoney.currencyCode);

function total(bags: MoneyBag[], currency: string): Money {
  return { amountMinor: bags.reduce((sum, bag) => sum + toMoney(bag).amountMinor, 0), currency };
}

export function priceLinesFrom(calculated: CalculatedPurchase, locale: string): PriceLine[] {
  const outstanding = toMoney(calculated.totalOutstandingSet);
  const { currency } = outstanding;
  const subtotal = total(calculated.updatedLineItems.map((l) => l.totalPriceSet), currency);
  const shipping = total(calculated.addedShippingLines.map((l) => l.priceSet), currency);
  const taxes = total(calculated.addedTaxLines.map((l) => l.priceSet), currency);
  const fmt = (m: Money) => formatMoney(m, locale);
  const t = translator(locale);
  return [
    { label: t("subtotal"), text: fmt(subtotal), emphasis: false },
    { label: t("shipping"), text: shipping.amountMinor === 0 ? t("free") : fmt(shipping), emphasis: false },
    { label: t("taxes"), text: fmt(taxes), emphasis: false },
    { label: t("total"), text: fmt(outstanding), emphasis: true },
  ];
}

/** Where Shopify's calculateChangeset stands for the selection on screen. */
export type ShopifyCalculation =
  | { status: "pending" }
  | { status: "processed"; calculatedPurchase: CalculatedPurchase }
  | { status: "failed" };

export interface AcceptButtonView {
  label: string;
  /** False until Shopify has priced the selection: the shopper must see what they pay first. */
  enabled: boolean;
  /** Shown instead of the total when Shopify could not price the selection. */
  problem: string | null;
}

/**
 * Audit S-4: the accept button names what Shopify will charge (`totalOutstandingSet`:
 * tax and shipping included), as Shopify's own tutorial does, and cannot be pressed
 * before that amount is known ("be transparent about all the costs").
 */
export function acceptButtonFrom(calculation: ShopifyCalculation, locale: string): AcceptButtonView {
  const t = translator(locale);
  if (calculation.status === "processed") {
    return { label: t("payNowAmount", { amount: formatMoney(toMoney(calculation.calculatedPurchase.totalOutstandingSet), locale) }), enabled: true, problem: null };
  }
  if (calculation.status === "failed") return { label: t("payNow"), enabled: false, problem: t("cannotPrice") };
  return { label: t("payNow"), enabled: false, problem: null };
}
