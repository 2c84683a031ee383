/**
 * What an offer looks like to the shopper, as plain data: the checkout extension
 * renders it with post-purchase components and the admin live preview with Polaris,
 * so both show the same words and the same prices. Texts are English; money follows
 * the order's locale and currency.
 */
import type { ChosenOption, OfferDefinition, OfferItem, OrderContext, PurchaseOption, SellingPlan, Upgrade } from "./funnel-schemas";
import { formatMoney, money, numberFormat, type Money } from "./money";
import { cadenceText, everyText, priceOffer, type OfferPrice, type PricedLine } from "./pricing";
import { resolvePlans } from "./purchase-options";

export interface MoneyView {
  money: Money;
  text: string;
}

export interface PlanView {
  /** "static": the plan's name as text, no selector (a lock, or a single plan); "select": a selector. */
  display: "static" | "select";
  locked: boolean;
  /** The merchant locked a plan that no longer exists, so every plan is offered (UPS-2). */
  lockFallback: boolean;
  selectedPlanId: string;
  selectedPlanName: string;
  options: Array<{ id: string; name: string; cadence: string; selected: boolean }>;
}

export interface UpgradeView {
  itemId: string;
  type: Upgrade["type"];
  from: string;
  to: string;
  /**
   * What changes, first and in the shopper's terms: "Deliver every month, billed every
   * 3 months: $54.00 per charge". The card leads with it; `description` explains.
   */
  headline: string;
  /** The future charge when it can be worked out from the order (frequency upgrades). */
  perCharge: MoneyView | null;
  /** One plain sentence: what changes in the subscription. */
  description: string;
  /** The thank-you state's confirmation, in words: "Your Morning Roast Coffee subscription now delivers every 2 months." */
  confirmation: string;
  timing: string;
  /** The upgrade's recurring discount, e.g. "10% off every renewal". */
  discountText: string | null;
  /** RUN-13: the subscription after the change: product, cadence and, when known, the new recurring price. */
  newPlan: { product: string; cadence: string; recurringPrice: MoneyView | null };
  /** RUN-13: the terms the shopper agrees to by ticking the consent box. */
  terms: string;
}

export interface OfferViewModel {
  offerId: string;
  kind: OfferDefinition["kind"];
  title: string;
  body: string;
  image: { url: string; alt: string } | null;
  items: Array<{ id: string; productTitle: string; variantTitle: string; quantity: number; imageUrl: string | null; unitPrice: MoneyView }>;
  purchaseOptions: Array<{ value: ChosenOption; label: string; selected: boolean }>;
  /** True when the shopper can switch between one-time and subscription (UPS-1). */
  showOptionSelector: boolean;
  selectedOption: ChosenOption;
  plan: PlanView | null;
  price: {
    /** Regular price of the chosen option, before the first-cycle discount. */
    original: MoneyView;
    /** First-cycle price: the accept button and the line subtotal (UPS-3). */
    firstCycle: MoneyView;
    savings: MoneyView | null;
    discountLabel: string | null;
  };
  lineSubtotal: MoneyView;
  /** "Recurring subtotal": regular price and cadence, subscriptions only (UPS-3). */
  recurring: { label: string; subtotal: MoneyView; cadence: string; text: string } | null;
  orderTotalAfterAccept: MoneyView;
  termsText: string | null;
  /** Subscriptions need the BuyerConsent checkbox (shopify.md §1.8). */
  requiresBuyerConsent: boolean;
  /**
   * RUN-13: an upgrade changes recurring billing through the provider, so the shopper
   * ticks an explicit consent box before Accept (Shopify's BuyerConsent covers only
   * subscriptions added by the changeset itself).
   */
  requiresUpgradeConsent: boolean;
  upgradeConsentLabel: string | null;
  acceptLabel: string;
  declineLabel: string;
  upgrades: UpgradeView[];
  /** What the accept button sends to be signed. */
  choice: { option: ChosenOption; sellingPlanId: string | null };
}

/**
 * LOC-1: the view's own words, injected so the server can pass the shopper's language
 * (app/post-purchase/contract/i18n); English by default, as the admin preview shows it.
 */
export interface OfferLabels {
  oneTime: string;
  subscribe: string;
  recurringSubtotal: string;
  decline: string;
  payNowAmount(amount: string): string;
  amountOff(amount: string): string;
  amountOffFirstDelivery(amount: string): string;
  upgradeConsent: string;
}

export const ENGLISH_OFFER_LABELS: OfferLabels = {
  oneTime: "One-time purchase",
  subscribe: "Subscribe",
  recurringSubtotal: "Recurring subtotal",
  decline: "Decline this offer",
  payNowAmount: (amount) => `Pay now · ${amount}`,
  amountOff: (amount) => `${amount} off`,
  amountOffFirstDelivery: (amount) => `${amount} off your first delivery`,
  upgradeConsent: "I agree to these changes to my subscription and to be charged the new recurring price until I cancel.",
};

export interface ViewSelection {
  option?: ChosenOption | null;
  sellingPlanId?: string | null;
}

/**
 * Builds the view for `offer` on `order`. `effectivePurchaseOption` comes from offer
 * selection (RUN-6 may have downgraded the offer); `selection` is the shopper's
 * current pick, ignored where it is not allowed (a locked plan cannot be switched).
 */
export function buildOfferViewModel(
  offer: OfferDefinition,
  order: OrderContext,
  effectivePurchaseOption: PurchaseOption,
  locale: string,
  selection: ViewSelection = {},
  labels: OfferLabels = ENGLISH_OFFER_LABELS,
): OfferViewModel {
  const fmt = (m: Money): MoneyView => ({ money: m, text: formatMoney(m, locale) });
  const allowed: [ChosenOption, ...ChosenOption[]] = effectivePurchaseOption === "both" ? ["one_time", "subscription"] : [effectivePurchaseOption];
  const selectedOption = pickOption(allowed, selection.option, offer.defaultOption);

  const plans = resolvePlans(offer);
  const plan = selectedOption === "subscription" ? pickPlan(plans, selection.sellingPlanId) : null;
  const price = priceOffer({ items: offer.items, discount: offer.discount, option: selectedOption, plan, orderTotal: money(order.totalMinor, order.currency) });

  const firstCycle = fmt(price.acceptPrice);
  const recurring = price.recurring
    ? { label: labels.recurringSubtotal, subtotal: fmt(price.recurring.subtotal), cadence: price.recurring.cadence, text: `${formatMoney(price.recurring.subtotal, locale)} ${price.recurring.cadence}` }
    : null;
  const first = offer.items[0];

  return {
    offerId: offer.id,
    kind: offer.kind,
    title: offer.headline || offer.items.map((item) => item.productTitle).join(" + "),
    body: offer.body,
    image: first?.imageUrl ? { url: first.imageUrl, alt: first.productTitle } : null,
    items: offer.items.map((item, index) => ({
      id: item.id,
      productTitle: item.productTitle,
      variantTitle: item.variantTitle,
      quantity: item.quantity,
      imageUrl: item.imageUrl ?? null,
      unitPrice: fmt(lineOf(price, index).unitPrice),
    })),
    purchaseOptions: allowed.map((value) => ({ value, label: value === "one_time" ? labels.oneTime : labels.subscribe, selected: value === selectedOption })),
    showOptionSelector: allowed.length > 1,
    selectedOption,
    plan: plan ? planView(plans, plan) : null,
    price: {
      original: fmt(price.regularSubtotal),
      firstCycle,
      savings: price.savings.amountMinor > 0 ? fmt(price.savings) : null,
      discountLabel: discountLabel(offer, selectedOption, locale, labels),
    },
    lineSubtotal: firstCycle,
    recurring,
    orderTotalAfterAccept: fmt(price.orderTotalAfterAccept ?? price.acceptPrice),
    termsText: recurring
      ? `${firstCycle.text} today, then ${recurring.text} until you cancel. Your subscription renews automatically; you can pause or cancel it anytime from your account.`
      : null,
    requiresBuyerConsent: selectedOption === "subscription",
    requiresUpgradeConsent: offer.kind === "subscription_upgrade",
    upgradeConsentLabel: offer.kind === "subscription_upgrade" ? labels.upgradeConsent : null,
    acceptLabel: labels.payNowAmount(firstCycle.text),
    declineLabel: labels.decline,
    upgrades: offer.kind === "subscription_upgrade" ? offer.items.flatMap((item) => (item.upgrade ? [upgradeView(item, item.upgrade, order, locale)] : [])) : [],
    choice: { option: selectedOption, sellingPlanId: plan?.id ?? null },
  };
}

/** priceOffer prices the items in order, so line `index` belongs to item `index`. */
function lineOf(price: OfferPrice, index: number): PricedLine {
  const line = price.lines[index];
  if (!line) throw new Error(`The offer price has no line for item ${index}; priceOffer must price every item`);
  return line;
}

function pickOption(allowed: [ChosenOption, ...ChosenOption[]], wanted: ChosenOption | null | undefined, merchantDefault: ChosenOption): ChosenOption {
  if (wanted && allowed.includes(wanted)) return wanted;
  return allowed.includes(merchantDefault) ? merchantDefault : allowed[0];
}

function pickPlan(plans: ReturnType<typeof resolvePlans>, wantedId: string | null | undefined): SellingPlan | null {
  if (plans.lockedPlan) return plans.lockedPlan;
  return plans.plans.find((plan) => plan.id === wantedId) ?? plans.defaultPlan;
}

function planView(plans: ReturnType<typeof resolvePlans>, selected: SellingPlan): PlanView {
  const shown = plans.lockedPlan ? [plans.lockedPlan] : plans.plans;
  return {
    display: shown.length > 1 ? "select" : "static",
    locked: plans.lockedPlan !== null,
    lockFallback: plans.lockFallback,
    selectedPlanId: selected.id,
    selectedPlanName: selected.name,
    options: shown.map((plan) => ({ id: plan.id, name: plan.name, cadence: cadenceText(plan), selected: plan.id === selected.id })),
  };
}

function discountLabel(offer: OfferDefinition, option: ChosenOption, locale: string, labels: OfferLabels): string | null {
  const { type, value } = offer.discount;
  const [firstItem] = offer.items;
  if (type === "none" || value <= 0 || !firstItem) return null;
  const amount = type === "percentage" ? formatPercent(value, locale) : formatMoney(money(value, firstItem.currency), locale);
  return option === "subscription" ? labels.amountOffFirstDelivery(amount) : labels.amountOff(amount);
}

function formatPercent(basisPoints: number, locale: string): string {
  return numberFormat(locale, { style: "percent", maximumFractionDigits: 2 }).format(Math.min(basisPoints, 10_000) / 10_000);
}

/** "Deliver every month, billed every 3 months", or "Deliver and bill every 2 months". */
function scheduleText(upgrade: Upgrade): string | null {
  if (!upgrade.intervalUnit || !upgrade.deliveryIntervalCount || !upgrade.billingIntervalCount) return null;
  const delivery = everyText(upgrade.deliveryIntervalCount, upgrade.intervalUnit);
  if (upgrade.deliveryIntervalCount === upgrade.billingIntervalCount) return `Deliver and bill ${delivery}`;
  return `Deliver ${delivery}, billed ${everyText(upgrade.billingIntervalCount, upgrade.intervalUnit)}`;
}

/**
 * What each charge costs after a frequency upgrade: the order line pays for the current
 * plan's deliveries per charge, so one delivery costs total × delivery ÷ billing; the new
 * plan charges for billing ÷ delivery of them, less the upgrade's renewal discount.
 * Null when the units differ (weeks to months has no exact ratio).
 */
function futureChargeMinor(lineTotalMinor: number, current: SellingPlan, upgrade: Upgrade): number | null {
  if (!upgrade.intervalUnit || !upgrade.deliveryIntervalCount || !upgrade.billingIntervalCount) return null;
  if (current.intervalUnit !== upgrade.intervalUnit || current.billingIntervalCount === 0) return null;
  const perDelivery = (lineTotalMinor * current.deliveryIntervalCount) / current.billingIntervalCount;
  const regular = (perDelivery * upgrade.billingIntervalCount) / upgrade.deliveryIntervalCount;
  const { type, value } = upgrade.discount;
  const discounted = type === "percentage" ? regular * (1 - value / 10_000) : type === "fixed_amount" ? regular - value : regular;
  return Math.max(0, Math.round(discounted));
}

function upgradeView(item: OfferItem, upgrade: Upgrade, order: OrderContext, locale: string): UpgradeView {
  const line = order.lineItems.find((l) => l.productId === upgrade.triggerProductId && Boolean(l.sellingPlanId));
  const currentPlan = line ? upgrade.triggerSellingPlans.find((plan) => plan.id === line.sellingPlanId) : undefined;
  const product = upgrade.triggerProductTitle || "your subscription";
  const fromCadence = currentPlan ? cadenceText(currentPlan) : null;
  const fromSchedule = fromCadence ?? "on its current schedule";
  const target =
    upgrade.intervalUnit && upgrade.deliveryIntervalCount && upgrade.billingIntervalCount
      ? cadenceText({ intervalUnit: upgrade.intervalUnit, deliveryIntervalCount: upgrade.deliveryIntervalCount, billingIntervalCount: upgrade.billingIntervalCount })
      : "on a new schedule";
  const replacement = `${upgrade.replacementQuantity && upgrade.replacementQuantity > 1 ? `${upgrade.replacementQuantity} × ` : ""}${upgrade.replacementTitle || "a new product"}`;
  const from = `${line && line.quantity > 1 ? `${line.quantity} × ` : ""}${product}, ${fromSchedule}`;

  let to: string;
  let description: string;
  if (upgrade.type === "frequency") {
    to = `${product}, ${target}`;
    description = `Your ${product} subscription changes from ${fromCadence ?? "its current schedule"} to ${target}.`;
  } else if (upgrade.type === "replacement") {
    to = `${replacement}, ${fromSchedule}`;
    description = `Your subscription switches from ${product} to ${replacement} on every future delivery, keeping the same schedule${fromCadence ? ` (${fromCadence})` : ""}.`;
  } else {
    to = `${replacement}, ${target}`;
    description = `Your subscription switches from ${product}${fromCadence ? ` ${fromCadence}` : ""} to ${replacement} ${target}.`;
  }

  const { type, value } = upgrade.discount;
  const discountText =
    type === "none" || value <= 0
      ? null
      : `${type === "percentage" ? formatPercent(value, locale) : formatMoney(money(value, item.currency), locale)} off every renewal`;

  const timing = upgrade.applyAtEndOfCycle ? "The change starts after your current billing cycle." : "The change starts with your next order.";
  const newProduct = upgrade.type === "frequency" ? product : replacement;
  const newCadence = upgrade.type === "replacement" ? (fromCadence ?? "on its current schedule") : target;
  const recurringMinor = newRecurringPriceMinor(upgrade, line, currentPlan);
  const recurringPrice = recurringMinor === null ? null : { money: money(recurringMinor, order.currency), text: formatMoney(money(recurringMinor, order.currency), locale) };
  const priceText = recurringPrice ? `${recurringPrice.text} ${newCadence}` : `the price your subscription app charges for ${newProduct}, ${newCadence}`;
  const schedule = upgrade.type === "replacement" ? null : scheduleText(upgrade);
  const perChargeMinor = upgrade.type === "frequency" && line && currentPlan ? futureChargeMinor(line.totalPriceMinor, currentPlan, upgrade) : null;
  const perChargeMoney = perChargeMinor === null ? null : money(perChargeMinor, order.currency);
  const perCharge: MoneyView | null = perChargeMoney ? { money: perChargeMoney, text: formatMoney(perChargeMoney, locale) } : null;
  const what = upgrade.type === "frequency" ? schedule : upgrade.type === "replacement" ? `Get ${replacement} instead of ${product}, same schedule` : `Get ${replacement} instead of ${product}: ${schedule?.toLowerCase()}`;
  const headline = perCharge ? `${what}: ${perCharge.text} per charge` : (what ?? description);
  const confirmation =
    upgrade.type === "frequency"
      ? `Your ${product} subscription is changing to: ${schedule?.toLowerCase()}${perCharge ? `, ${perCharge.text} per charge` : ""}.`
      : upgrade.type === "replacement"
        ? `Your subscription is switching from ${product} to ${replacement} on every future delivery.`
        : `Your subscription is switching from ${product} to ${replacement}: ${schedule?.toLowerCase()}.`;

  return {
    itemId: item.id,
    type: upgrade.type,
    from,
    to,
    headline,
    perCharge,
    description,
    timing,
    confirmation,
    discountText,
    newPlan: { product: newProduct, cadence: newCadence, recurringPrice },
    terms:
      `Your subscription becomes ${newProduct}, ${newCadence}, at ${priceText}${discountText ? ` (${discountText})` : ""}. ${timing} ` +
      "It renews automatically until you cancel; you can pause or cancel it anytime from your account.",
  };
}

/**
 * RUN-13: the new recurring charge when it follows from what the order shows: a
 * frequency change of the same product keeps its per-delivery price and charges it for
 * the new plan's deliveries, less the upgrade's recurring discount. A replacement's price
 * is the provider's, so it is not guessed (null).
 */
function newRecurringPriceMinor(upgrade: Upgrade, line: OrderContext["lineItems"][number] | undefined, currentPlan: SellingPlan | undefined): number | null {
  if (upgrade.type !== "frequency" || !line || line.quantity < 1 || !upgrade.deliveryIntervalCount || !upgrade.billingIntervalCount) return null;
  const currentDeliveries = currentPlan ? Math.max(1, Math.floor(currentPlan.billingIntervalCount / currentPlan.deliveryIntervalCount)) : 1;
  const perDelivery = line.totalPriceMinor / (line.quantity * currentDeliveries);
  if (!Number.isInteger(perDelivery)) return null;
  const deliveries = Math.max(1, Math.floor(upgrade.billingIntervalCount / upgrade.deliveryIntervalCount));
  const charge = perDelivery * line.quantity * deliveries;
  const { type, value } = upgrade.discount;
  if (type === "percentage") return charge - Math.round((charge * Math.min(value, 10_000)) / 10_000);
  if (type === "fixed_amount") return Math.max(0, charge - value);
  return charge;
}
