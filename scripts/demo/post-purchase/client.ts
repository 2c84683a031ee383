/**
 * The local post-purchase page in the browser. It runs exactly what the checkout
 * extension runs — ShouldRender's budgeted fetch, the shared flow state machine and
 * driver, the same client for the app's /api/post-purchase/* endpoints with a
 * Shopify-signed token — with the store simulator standing in for Shopify's
 * calculateChangeset/applyChangeset, and plain DOM instead of Shopify's components.
 */
import type { ApplyChangesetResult } from "../../../app/domain/changeset-result";
import { runPostPurchaseFlow, type PostPurchaseFlow } from "../../../app/domain/post-purchase-driver";
import type { PostPurchaseState } from "../../../app/domain/post-purchase-flow";
import type { OfferSelectionView, RuntimeOffer } from "../../../app/post-purchase/contract/api";
import { choiceOf, createFlowIO, createPostPurchaseClient, defaultSelection, reportImpressions, selectionByKey, selectOption, selectPlan, shouldRender } from "../../../app/post-purchase/contract/client";
import { noticeText, translator } from "../../../app/post-purchase/contract/i18n/translate";
import { acceptButtonFrom, priceLinesFrom, type CalculatedPurchase, type ShopifyCalculation } from "../../../app/post-purchase/contract/price-lines";

type Child = Node | string | null | false;
function el(tag: string, attrs: Record<string, string | boolean | ((event: Event) => void)> = {}, ...children: Child[]): HTMLElement {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (typeof value === "function") node.addEventListener(name.slice(2).toLowerCase(), value);
    else if (value === true) node.setAttribute(name, "");
    else if (value !== false) node.setAttribute(name, value);
  }
  for (const child of children) if (child) node.append(child);
  return node;
}

const root = document.getElementById("app") as HTMLElement;
const orderId = root.dataset.orderId as string;
/** LOC-1: the buyer's locale, as Shopify would pass it in inputData.locale (?locale=fr-FR on this page). */
const LOCALE = new URLSearchParams(window.location.search).get("locale") ?? "en-US";
const t = translator(LOCALE);
const byTestId = (id: string) => document.querySelector(`[data-testid="${id}"]`) as HTMLElement;

async function call<T>(path: string, body?: unknown): Promise<T> {
  const response = await fetch(path, body === undefined ? {} : { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return (await response.json()) as T;
}

interface SimOrder {
  name: string;
  lines: Array<{ id: number; title: string; quantity: number; totalPrice: string; sellingPlanName: string | null }>;
  totals: { total: string };
}

async function refreshOrder(): Promise<void> {
  const order = await call<SimOrder>(`/demo/post-purchase/api/orders/${orderId}`);
  byTestId("order-name").textContent = order.name;
  byTestId("order-total").textContent = `$${order.totals.total}`;
  byTestId("order-lines").replaceChildren(
    ...order.lines.map((line) =>
      el("tr", { "data-testid": "order-line" }, el("td", {}, `${line.quantity} × ${line.title}`, line.sellingPlanName ? el("div", { class: "muted" }, line.sellingPlanName) : null), el("td", { class: "num" }, `$${line.totalPrice}`)),
    ),
  );
}

function showThanks(text: string): void {
  root.replaceChildren(el("h2", {}, t("thankYou")), el("p", { "data-testid": "flow-status" }, text));
  refreshOrder().catch((error: unknown) => console.error("demo: could not refresh the order", error));
}

/** Per offer, what the shopper picked and ticked, and which pick the last notice was about. */
const picks = new Map<string, { key: string; consent: boolean; noticeKey: string | null }>();
/** Per upgrade offer, the thank-you sentence confirming the plan change. */
const confirmations = new Map<string, string>();

/**
 * Shopify prices the changes itself (the simulator here): the price lines and the accept
 * button follow its answer, and the button stays disabled until it comes (audit S-4).
 */
function priceSection(selection: OfferSelectionView, referenceId: string, accept: HTMLButtonElement, busy: boolean): HTMLElement {
  const box = el("div", { "data-testid": "price-lines" }, el("div", { class: "row total" }, el("span", {}, t("subtotal")), el("span", {}, selection.view.lineSubtotal.text)));
  const problem = el("div", { class: "notice warning", "data-testid": "price-problem", hidden: true });
  const show = (calculation: ShopifyCalculation) => {
    const button = acceptButtonFrom(calculation, LOCALE);
    if (!busy) accept.textContent = button.label;
    accept.disabled = busy || !button.enabled;
    problem.hidden = !button.problem;
    problem.textContent = button.problem ?? "";
    if (calculation.status === "processed") {
      box.replaceChildren(...priceLinesFrom(calculation.calculatedPurchase, LOCALE).map((line) => el("div", { class: line.emphasis ? "row total" : "row" }, el("span", {}, line.label), el("span", {}, line.text))));
    }
  };
  show({ status: "pending" });
  call<{ status: string; calculatedPurchase?: CalculatedPurchase }>("/demo/post-purchase/api/calculate", { referenceId, changes: selection.changes })
    .then((result) => show(result.status === "processed" && result.calculatedPurchase ? { status: "processed", calculatedPurchase: result.calculatedPurchase } : { status: "failed" }))
    .catch(() => show({ status: "failed" }));
  return el("div", {}, box, problem);
}

function offerCard(flow: PostPurchaseFlow<RuntimeOffer>, offer: RuntimeOffer, state: PostPurchaseState<RuntimeOffer>, referenceId: string): HTMLElement {
  const pick = picks.get(offer.offerId) ?? { key: defaultSelection(offer).key, consent: false, noticeKey: null };
  picks.set(offer.offerId, pick);
  const selection = selectionByKey(offer, pick.key);
  const { view } = selection;
  const busy = state.status !== "showing";
  const rerender = () => render(flow, flow.getState(), referenceId);
  // A notice answers the pick it was accepted with; after switching options it is stale.
  const notice = state.status === "showing" && pick.noticeKey === pick.key ? state.notice : null;
  const isUpgrade = view.upgrades.length > 0;
  if (isUpgrade) confirmations.set(offer.offerId, view.upgrades.map((u) => u.confirmation).join(" "));
  const accept = el(
    "button",
    {
      class: "primary",
      "data-testid": "accept",
      onClick: () => {
        pick.noticeKey = pick.key;
        flow.accept(choiceOf(selection), pick.consent, view.requiresUpgradeConsent);
      },
    },
    busy ? t("processing") : t("payNow"),
  ) as HTMLButtonElement;

  return el(
    "div",
    {},
    // An upgrade leads with what changes; the merchant's note about the placeholder line comes after.
    el("div", { class: "callout" }, el("strong", {}, t("exclusiveOffer")), view.body && !isUpgrade ? el("div", {}, view.body) : null),
    el(
      "div",
      { class: "offer" },
      view.image ? el("img", { src: view.image.url, alt: view.image.alt }) : el("div", {}),
      el(
        "div",
        {},
        el("h2", { "data-testid": "offer-title" }, view.title),
        el("div", { "data-testid": "offer-price" }, view.price.savings ? el("span", { class: "was" }, view.price.original.text) : null, el("span", { class: "price" }, view.price.firstCycle.text)),
        view.price.discountLabel ? el("div", { class: "save" }, view.price.discountLabel) : null,
        ...view.upgrades.flatMap((u) => [
          el("p", { class: "price", "data-testid": "upgrade-headline" }, u.headline),
          el("p", { "data-testid": "upgrade-description" }, `${u.description} ${u.timing}`, u.discountText ? ` ${u.discountText}.` : ""),
          // RUN-13: the subscription after the change, and its terms.
          el("div", { class: "row", "data-testid": "upgrade-new-plan" }, el("span", {}, u.newPlan.product), el("span", {}, u.newPlan.recurringPrice ? `${u.newPlan.recurringPrice.text} ${u.newPlan.cadence}` : u.newPlan.cadence)),
          el("p", { class: "muted", "data-testid": "upgrade-terms" }, u.terms),
        ]),
        isUpgrade && view.body ? el("p", { class: "muted", "data-testid": "upgrade-note" }, view.body) : null,
        view.showOptionSelector
          ? el("label", {}, t("purchaseOption"), el("select", { "data-testid": "option-select", onChange: (e) => { pick.key = selectOption(offer, (e.target as HTMLSelectElement).value === "subscription" ? "subscription" : "one_time").key; rerender(); } },
              ...view.purchaseOptions.map((o) => el("option", { value: o.value, selected: o.selected }, o.label))))
          : null,
        view.plan?.display === "select"
          ? el("label", {}, t("delivery"), el("select", { "data-testid": "plan-select", onChange: (e) => { pick.key = selectPlan(offer, (e.target as HTMLSelectElement).value).key; rerender(); } },
              ...view.plan.options.map((p) => el("option", { value: p.id, selected: p.selected }, `${p.name} (${p.cadence})`))))
          : null,
        view.plan?.display === "static" ? el("p", { "data-testid": "plan-static" }, t("deliveryStatic", { plan: view.plan.selectedPlanName })) : null,
        priceSection(selection, referenceId, accept, busy),
        view.recurring ? el("div", { class: "row", "data-testid": "recurring" }, el("span", {}, view.recurring.label), el("span", {}, view.recurring.text)) : null,
        view.termsText ? el("p", { class: "muted" }, view.termsText) : null,
        view.requiresBuyerConsent || view.requiresUpgradeConsent
          ? el("label", { class: "consent" }, el("input", { type: "checkbox", "data-testid": "consent", checked: pick.consent, onChange: (e) => { pick.consent = (e.target as HTMLInputElement).checked; } }),
              el("span", {}, view.upgradeConsentLabel ?? t("subscriptionConsent")))
          : null,
        notice ? el("div", { class: `notice ${notice.tone}`, "data-testid": "notice" }, noticeText(t, notice)) : null,
        accept,
        el("button", { class: "secondary", "data-testid": "decline", disabled: busy, onClick: () => flow.decline() }, view.declineLabel),
      ),
    ),
  );
}

/** The done state confirms an accepted plan change in words, not just "your order was updated". */
function thanksText(acceptedOfferIds: readonly string[]): string {
  if (acceptedOfferIds.length === 0) return "Your order is complete.";
  const changes = acceptedOfferIds.flatMap((id) => (confirmations.has(id) ? [confirmations.get(id) as string] : []));
  const others = acceptedOfferIds.length - changes.length;
  return [...changes, ...(others > 0 ? ["Your order was updated with what you added."] : [])].join(" ");
}

function render(flow: PostPurchaseFlow<RuntimeOffer>, state: PostPurchaseState<RuntimeOffer>, referenceId: string): void {
  root.dataset.flowState = state.status;
  if (state.status === "loading") return root.replaceChildren(el("p", { class: "muted" }, t("loadingNext")));
  if (state.status === "done") return showThanks(state.history.acceptedOfferIds.length > 0 ? thanksText(state.history.acceptedOfferIds) : t("orderComplete"));
  if (state.status === "error") {
    return root.replaceChildren(el("div", { class: "notice critical", "data-testid": "notice" }, noticeText(t, state.notice)), el("button", { class: "primary", onClick: () => flow.continue() }, t("continue")));
  }
  root.replaceChildren(offerCard(flow, state.offer, state, referenceId));
}

async function main(): Promise<void> {
  await refreshOrder();
  const input = await call<{ token: string; referenceId: string }>(`/demo/post-purchase/api/orders/${orderId}/input-token`, {});
  const client = createPostPurchaseClient({ appUrl: window.location.origin, token: input.token, referenceId: input.referenceId, locale: LOCALE });
  let firstOffer: RuntimeOffer | null = null;
  const budgetMs = Number(root.dataset.offerBudgetMs) || undefined;
  const decision = await shouldRender(client, { update: ({ offer }) => void (firstOffer = offer) }, budgetMs);
  if (!decision.render) return showThanks(t("noOffer"));

  const flow = runPostPurchaseFlow(
    createFlowIO({
      client,
      applyChangeset: async (token, options) => {
        const result = await call<ApplyChangesetResult>("/demo/post-purchase/api/apply", { referenceId: input.referenceId, token, ...options });
        await refreshOrder();
        return result;
      },
      done: () => undefined,
    }),
    { firstOffer },
  );
  flow.subscribe((state) => render(flow, state, input.referenceId));
  render(flow, flow.getState(), input.referenceId);
  // Like the extension's Render: impressions once the offer is on screen (ANA-1, RUN-14).
  reportImpressions(flow, client);
}

main().catch((error: unknown) => {
  root.replaceChildren(el("div", { class: "notice critical", "data-testid": "notice" }, `The page could not load: ${(error as Error).message}`));
});
