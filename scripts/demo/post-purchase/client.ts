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
import { choiceOf, createFlowIO, createPostPurchaseClient, defaultSelection, selectionByKey, selectOption, selectPlan, shouldRender } from "../../../app/post-purchase/contract/client";
import { priceLinesFrom, type CalculatedPurchase } from "../../../app/post-purchase/contract/price-lines";

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
  root.replaceChildren(el("h2", {}, "Thank you!"), el("p", { "data-testid": "flow-status" }, text));
  void refreshOrder();
}

/** Per offer, what the shopper picked and ticked. */
const picks = new Map<string, { key: string; consent: boolean }>();

function priceSection(selection: OfferSelectionView, referenceId: string): HTMLElement {
  const box = el("div", { "data-testid": "price-lines" }, el("div", { class: "row total" }, el("span", {}, "Subtotal"), el("span", {}, selection.view.lineSubtotal.text)));
  // Shopify prices the changes itself; the simulator does the same here.
  void call<{ status: string; calculatedPurchase?: CalculatedPurchase }>("/demo/post-purchase/api/calculate", { referenceId, changes: selection.changes }).then((result) => {
    if (result.status !== "processed" || !result.calculatedPurchase) return;
    box.replaceChildren(...priceLinesFrom(result.calculatedPurchase, "en-US").map((line) => el("div", { class: line.emphasis ? "row total" : "row" }, el("span", {}, line.label), el("span", {}, line.text))));
  });
  return box;
}

function offerCard(flow: PostPurchaseFlow<RuntimeOffer>, offer: RuntimeOffer, state: PostPurchaseState<RuntimeOffer>, referenceId: string): HTMLElement {
  const pick = picks.get(offer.offerId) ?? { key: defaultSelection(offer).key, consent: false };
  picks.set(offer.offerId, pick);
  const selection = selectionByKey(offer, pick.key);
  const { view } = selection;
  const busy = state.status !== "showing";
  const rerender = () => render(flow, flow.getState(), referenceId);
  const notice = state.status === "showing" ? state.notice : null;

  return el(
    "div",
    {},
    el("div", { class: "callout" }, el("strong", {}, "Exclusive offer for your order"), view.body ? el("div", {}, view.body) : null),
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
        ...view.upgrades.map((u) => el("p", { "data-testid": "upgrade-description" }, `${u.description} ${u.timing}`, u.discountText ? ` ${u.discountText}.` : "")),
        view.showOptionSelector
          ? el("label", {}, "Purchase option", el("select", { "data-testid": "option-select", onChange: (e) => { pick.key = selectOption(offer, (e.target as HTMLSelectElement).value === "subscription" ? "subscription" : "one_time").key; rerender(); } },
              ...view.purchaseOptions.map((o) => el("option", { value: o.value, selected: o.selected }, o.label))))
          : null,
        view.plan?.display === "select"
          ? el("label", {}, "Delivery", el("select", { "data-testid": "plan-select", onChange: (e) => { pick.key = selectPlan(offer, (e.target as HTMLSelectElement).value).key; rerender(); } },
              ...view.plan.options.map((p) => el("option", { value: p.id, selected: p.selected }, `${p.name} (${p.cadence})`))))
          : null,
        view.plan?.display === "static" ? el("p", { "data-testid": "plan-static" }, `Delivery: ${view.plan.selectedPlanName}`) : null,
        priceSection(selection, referenceId),
        view.recurring ? el("div", { class: "row", "data-testid": "recurring" }, el("span", {}, view.recurring.label), el("span", {}, view.recurring.text)) : null,
        view.termsText ? el("p", { class: "muted" }, view.termsText) : null,
        view.requiresBuyerConsent
          ? el("label", { class: "consent" }, el("input", { type: "checkbox", "data-testid": "consent", checked: pick.consent, onChange: (e) => { pick.consent = (e.target as HTMLInputElement).checked; } }),
              el("span", {}, "I understand that I'm subscribing and will be charged automatically until I cancel."))
          : null,
        notice ? el("div", { class: `notice ${notice.tone}`, "data-testid": "notice" }, notice.text) : null,
        el("button", { class: "primary", "data-testid": "accept", disabled: busy, onClick: () => flow.accept(choiceOf(selection), pick.consent) }, busy ? "Processing…" : view.acceptLabel),
        el("button", { class: "secondary", "data-testid": "decline", disabled: busy, onClick: () => flow.decline() }, view.declineLabel),
      ),
    ),
  );
}

function render(flow: PostPurchaseFlow<RuntimeOffer>, state: PostPurchaseState<RuntimeOffer>, referenceId: string): void {
  root.dataset.flowState = state.status;
  if (state.status === "loading") return root.replaceChildren(el("p", { class: "muted" }, "Loading the next offer…"));
  if (state.status === "done") return showThanks(state.history.acceptedOfferIds.length > 0 ? "Your order was updated with what you added." : "Your order is complete.");
  if (state.status === "error") {
    return root.replaceChildren(el("div", { class: "notice critical", "data-testid": "notice" }, state.notice.text), el("button", { class: "primary", onClick: () => flow.continue() }, "Continue"));
  }
  root.replaceChildren(offerCard(flow, state.offer, state, referenceId));
}

async function main(): Promise<void> {
  await refreshOrder();
  const input = await call<{ token: string; referenceId: string }>(`/demo/post-purchase/api/orders/${orderId}/input-token`, {});
  const client = createPostPurchaseClient({ appUrl: window.location.origin, token: input.token, referenceId: input.referenceId, locale: "en-US" });
  let firstOffer: RuntimeOffer | null = null;
  const budgetMs = Number(root.dataset.offerBudgetMs) || undefined;
  const decision = await shouldRender(client, { update: ({ offer }) => void (firstOffer = offer) }, budgetMs);
  if (!decision.render) return showThanks("There is no offer for this order.");

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
}

main().catch((error: unknown) => {
  root.replaceChildren(el("div", { class: "notice critical", "data-testid": "notice" }, `The page could not load: ${(error as Error).message}`));
});
