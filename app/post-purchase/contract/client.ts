/**
 * The page side of the post-purchase endpoints, shared by the checkout extension and
 * the demo's local post-purchase page so they cannot drift: calls with the Shopify
 * token, ShouldRender's hard time budget (RUN-11), the I/O the flow driver needs, and
 * the shopper's option/plan switching. Browser-safe (fetch and timers only), because it
 * runs in Shopify's extension sandbox.
 */
import type { OfferChoice } from "../../domain/changeset";
import type { ApplyChangesetResult } from "../../domain/changeset-result";
import type { ChosenOption } from "../../domain/funnel-schemas";
import type { PostPurchaseFlow, PostPurchaseIO } from "../../domain/post-purchase-driver";
import type { FlowHistory } from "../../domain/post-purchase-flow";
import {
  OFFER_TIME_BUDGET_MS,
  POST_PURCHASE_PATHS,
  type DecisionRequestBody,
  type DecisionResponseBody,
  type ImpressionRequestBody,
  type ImpressionResponseBody,
  type OfferRequestBody,
  type OfferResponseBody,
  type OfferSelectionView,
  type RuntimeOffer,
  type SignResponseBody,
} from "./api";

/** Offers after the first may take a little longer: the page is already showing. */
const NEXT_OFFER_TIMEOUT_MS = 5000;
const CALL_TIMEOUT_MS = 10_000;
/** An impression is worth little once the shopper has moved on; never let one linger. */
const IMPRESSION_TIMEOUT_MS = 5000;

export class PostPurchaseCallError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "PostPurchaseCallError";
  }
}

/** Resolves with `work`'s result, or rejects once `ms` have passed (aborting the fetch where the sandbox can). */
export function withTimeout<T>(work: (signal: AbortSignal | undefined) => Promise<T>, ms: number): Promise<T> {
  const controller = typeof AbortController === "function" ? new AbortController() : undefined;
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      controller?.abort();
      reject(new PostPurchaseCallError(0, "timeout", `No answer within ${ms} ms`));
    }, ms);
    work(controller?.signal).then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

export interface PostPurchaseClientOptions {
  /** Where the app is served, e.g. https://uplift.example.com (no trailing slash needed). */
  appUrl: string;
  /** Shopify's post-purchase token (inputData.token). */
  token: string;
  referenceId: string;
  locale?: string;
  fetch?: typeof fetch;
}

export type PostPurchaseClient = ReturnType<typeof createPostPurchaseClient>;

export function createPostPurchaseClient(options: PostPurchaseClientOptions) {
  const base = options.appUrl.replace(/\/+$/, "");
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));

  async function post<T>(path: string, body: unknown, timeoutMs: number): Promise<T> {
    return withTimeout(async (signal) => {
      const response = await doFetch(`${base}${path}`, {
        method: "POST",
        headers: { Authorization: `Bearer ${options.token}`, "Content-Type": "application/json" },
        body: JSON.stringify(body),
        signal,
      });
      const data = (await response.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
      if (!response.ok) {
        throw new PostPurchaseCallError(response.status, data?.error?.code ?? "http_error", data?.error?.message ?? `HTTP ${response.status}`);
      }
      return data as T;
    }, timeoutMs);
  }

  return {
    referenceId: options.referenceId,
    /** Audit S-3: an extension built without the app URL would call Shopify's CDN instead. */
    configured: /^https?:\/\/[^/]/.test(base),
    async fetchOffer(history?: Partial<FlowHistory>, timeoutMs = NEXT_OFFER_TIMEOUT_MS): Promise<RuntimeOffer | null> {
      const body: OfferRequestBody = {
        locale: options.locale,
        history: history ? { declinedOfferIds: history.declinedOfferIds ?? [], failedOfferIds: history.failedOfferIds ?? [] } : undefined,
      };
      return (await post<OfferResponseBody>(POST_PURCHASE_PATHS.offer, body, timeoutMs)).offer;
    },
    /** ShouldRender's ask: the order does not exist yet, so the server reads no flow (RUN-14). */
    async fetchFirstOffer(timeoutMs: number): Promise<RuntimeOffer | null> {
      const body: OfferRequestBody = { locale: options.locale, phase: "should_render" };
      return (await post<OfferResponseBody>(POST_PURCHASE_PATHS.offer, body, timeoutMs)).offer;
    },
    /**
     * ANA-1: tells the app the offer page shows `offerId`. Fire-and-forget: it returns at
     * once and never throws, so an impression can neither delay nor break the page.
     */
    recordImpression(offerId: string): void {
      const body: ImpressionRequestBody = { referenceId: options.referenceId, offerId };
      try {
        post<ImpressionResponseBody>(POST_PURCHASE_PATHS.impression, body, IMPRESSION_TIMEOUT_MS).catch(() => undefined);
      } catch {
        // A sandbox without fetch: the impression is lost, the page is not.
      }
    },
    async sign(offerId: string, choice: OfferChoice, consent = false): Promise<string> {
      const body = { referenceId: options.referenceId, offerId, choice, consent, locale: options.locale };
      return (await post<SignResponseBody>(POST_PURCHASE_PATHS.signChangeset, body, CALL_TIMEOUT_MS)).token;
    },
    async recordDecision(body: DecisionRequestBody): Promise<DecisionResponseBody> {
      return post<DecisionResponseBody>(POST_PURCHASE_PATHS.decision, body, CALL_TIMEOUT_MS);
    },
  };
}

/** The part of Shopify's ShouldRender storage we use. */
export interface OfferStorage {
  update(data: { offer: RuntimeOffer }): Promise<void> | void;
}

/**
 * RUN-11: the checkout never waits on us. The offer is fetched within `budgetMs`; a
 * timeout, an error or no offer all mean "don't render".
 */
export async function shouldRender(client: PostPurchaseClient, storage: OfferStorage, budgetMs = OFFER_TIME_BUDGET_MS): Promise<{ render: boolean }> {
  if (!client.configured) {
    console.error("Uplift: the extension was built without the app URL; rebuild it with `npm run deploy`.");
    return { render: false };
  }
  try {
    const offer = await client.fetchFirstOffer(budgetMs);
    if (!offer) return { render: false };
    await storage.update({ offer });
    return { render: true };
  } catch {
    return { render: false };
  }
}

export interface FlowIOOptions {
  client: PostPurchaseClient;
  applyChangeset(token: string, options: { buyerConsentToSubscriptions: boolean }): Promise<ApplyChangesetResult>;
  done(): void | Promise<void>;
}

/** The driver's I/O over the app's endpoints; Shopify's (or the simulator's) apply and done come in. */
export function createFlowIO({ client, applyChangeset, done }: FlowIOOptions): PostPurchaseIO<RuntimeOffer> {
  const tokens = new Map<string, string>();
  return {
    fetchOffer: (history) => client.fetchOffer(history),
    async signChangeset({ offer, choice, buyerConsent }) {
      const token = await client.sign(offer.offerId, choice, buyerConsent);
      tokens.set(offer.offerId, token);
      return token;
    },
    applyChangeset,
    async recordDecision({ offer, decision, outcome }) {
      const base = { referenceId: client.referenceId, offerId: offer.offerId, outcome };
      const body: DecisionRequestBody = decision === "accepted" ? { ...base, decision, token: tokens.get(offer.offerId) ?? "" } : { ...base, decision };
      try {
        await client.recordDecision(body);
      } catch (error) {
        // One retry for a lost request; the order webhook covers the rest (RUN-10).
        if (error instanceof PostPurchaseCallError && error.status >= 400 && error.status < 500) throw error;
        await client.recordDecision(body);
      }
    },
    done,
  };
}

/**
 * ANA-1: records one impression per offer the Render page shows — the first one at
 * mount, each later one (a downsell) when it appears. Returns the unsubscribe function.
 */
export function reportImpressions(flow: PostPurchaseFlow<RuntimeOffer>, client: Pick<PostPurchaseClient, "recordImpression">): () => void {
  const reported = new Set<string>();
  const report = (state: ReturnType<PostPurchaseFlow<RuntimeOffer>["getState"]>) => {
    if (state.status !== "showing" || reported.has(state.offer.offerId)) return;
    reported.add(state.offer.offerId);
    client.recordImpression(state.offer.offerId);
  };
  report(flow.getState());
  return flow.subscribe(report);
}

/** The selection shown first: the merchant's default option and plan. */
export function defaultSelection(offer: RuntimeOffer): OfferSelectionView {
  const selection = offer.selections.find((s) => s.key === offer.defaultKey) ?? offer.selections[0];
  if (!selection) throw new Error(`Offer ${offer.offerId} came without a selection; the offer endpoint must send at least one`);
  return selection;
}

export function selectionByKey(offer: RuntimeOffer, key: string | null | undefined): OfferSelectionView {
  return offer.selections.find((s) => s.key === key) ?? defaultSelection(offer);
}

/** UPS-1: switching option keeps nothing but the option; a subscription starts on the default plan. */
export function selectOption(offer: RuntimeOffer, option: ChosenOption): OfferSelectionView {
  const preferred = defaultSelection(offer);
  if (preferred.choice.option === option) return preferred;
  return offer.selections.find((s) => s.choice.option === option) ?? preferred;
}

export function selectPlan(offer: RuntimeOffer, sellingPlanId: string): OfferSelectionView {
  return offer.selections.find((s) => s.choice.option === "subscription" && s.choice.sellingPlanId === sellingPlanId) ?? defaultSelection(offer);
}

/** What the accept button sends to be signed. */
export function choiceOf(selection: OfferSelectionView): OfferChoice {
  return { option: selection.choice.option, sellingPlanId: selection.choice.sellingPlanId };
}
