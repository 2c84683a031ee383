/**
 * Loop admin REST simulator (providers.md §3): /admin/2023-10, X-Loop-Token with
 * per-area scopes and a store, the {success, message, code, data} envelope, 5 req/s
 * reads with optional Retry-After, postpaid-only frequency changes onto existing selling
 * plans, the two-step split, and delayed visibility of changes.
 */
import {
  addLoopSubscription,
  commit,
  defaultLoopTokens,
  emptyLoopState,
  insertSubscription,
  newLine,
  seedLoopPlans,
  serializeSubscription,
  visible,
  type LoopSeed,
  type LoopSimState,
  type LpPolicy,
  type LpRecord,
} from "./loop-state";
import { DEMO_SHOP, demoSpecs, normalizeSpec, variantInfo, type SimSubscriptionSpec, type SimToken } from "./seed";
import { LeakyBucket, rateLimitSetting, startSimServer, tokenControl, type Faults, type RecordedRequest, type SimRequest, type SimResponse, type SimStats } from "./sim-server";

export { LOOP_ALL_SCOPES, LOOP_SIM_TOKENS, type LoopSimState } from "./loop-state";

export const LOOP_API_PREFIX = "/admin/2023-10";

export interface LoopSimOptions {
  port?: number;
  seed?: LoopSeed;
  /** Per-token buckets for reads and for writes (default 5, draining 5/s). */
  rateLimit?: { capacity: number; drainPerSecond: number };
  /** Send Retry-After on 429s (default true; Loop's header is optional). */
  retryAfterOn429?: boolean;
}

export interface LoopSimulator {
  url: string;
  state: LoopSimState;
  faults: Faults;
  requests: RecordedRequest[];
  stats: SimStats;
  addSubscription(spec: SimSubscriptionSpec): { subscriptionId: number; lineIds: number[]; shopifyId: number };
  addToken(token: SimToken): void;
  reset(): void;
  close(): Promise<void>;
}

const envelope = (data: unknown, extra: Record<string, unknown> = {}): SimResponse => ({ status: 200, body: { success: true, message: "Success", code: "SUCCESS", data, ...extra } });
const fail = (status: number, message: string, code: string): SimResponse => ({ status, body: { success: false, message, code, data: null } });

function requiredScope(method: string, path: string): string | null {
  if (path === "/store") return null;
  if (path.startsWith("/sellingPlanGroup")) return method === "GET" ? "read_selling_plans" : "write_selling_plans";
  if (path.startsWith("/subscription")) return method === "GET" ? "read_subscription_contracts" : "write_subscription_contracts";
  return null;
}

const samePolicy = (a: LpPolicy, b: LpPolicy) => a.interval.toUpperCase() === b.interval.toUpperCase() && a.intervalCount === b.intervalCount;
const isPolicy = (p: unknown): p is LpPolicy =>
  !!p && typeof p === "object" && typeof (p as LpPolicy).interval === "string" && Number.isInteger((p as LpPolicy).intervalCount) && (p as LpPolicy).intervalCount >= 1;

export async function startLoopSimulator(options: LoopSimOptions = {}): Promise<LoopSimulator> {
  const state = emptyLoopState();
  const rate = options.rateLimit ?? { capacity: 5, drainPerSecond: 5 };
  const reads = new LeakyBucket(rate.capacity, rate.drainPerSecond);
  const writes = new LeakyBucket(rate.capacity, rate.drainPerSecond);
  /** Filled in once the server (and its fault controller) exists. */
  const shell: { faults?: Faults } = {};
  const delay = () => shell.faults?.visibilityDelayMs ?? 0;

  function load(): void {
    Object.assign(state, emptyLoopState());
    for (const token of options.seed?.tokens ?? defaultLoopTokens()) state.tokens.set(token.token, token);
    seedLoopPlans(state, DEMO_SHOP);
    for (const spec of options.seed?.subscriptions ?? demoSpecs()) addLoopSubscription(state, spec);
    reads.reset();
    writes.reset();
  }
  load();

  /** Loop id, loop-{id} or shopify-{contractId}. */
  function findRecord(ref: string, shop: string): LpRecord | undefined {
    const records = [...state.subscriptions.values()].filter((r) => r.current.shop === shop);
    if (ref.startsWith("shopify-")) return records.find((r) => String(r.current.shopifyId) === ref.slice(8));
    const id = ref.startsWith("loop-") ? ref.slice(5) : ref;
    return records.find((r) => String(r.current.id) === id);
  }

  /** A postpaid plan for the product on exactly this policy. */
  function planFor(productId: number, policy: LpPolicy, shop: string) {
    return state.sellingPlanGroups
      .filter((g) => g.shop === shop && g.productShopifyIds.includes(productId))
      .flatMap((g) => g.sellingPlans)
      .find((p) => samePolicy(p.billingPolicy, policy) && samePolicy(p.deliveryPolicy, policy));
  }

  function checkTarget(body: Record<string, unknown>, productIds: number[], shop: string): SimResponse | LpPolicy {
    if (!isPolicy(body.billingPolicy)) return fail(422, "billingPolicy | Required", "VALIDATION_ERROR");
    const billing = body.billingPolicy;
    const delivery = isPolicy(body.deliveryPolicy) ? body.deliveryPolicy : billing;
    if (!samePolicy(billing, delivery)) return fail(422, "Loop supports pay-per-delivery only: billingPolicy must equal deliveryPolicy", "VALIDATION_ERROR");
    for (const productId of productIds) {
      const plan = planFor(productId, billing, shop);
      if (!plan) return fail(422, `No selling plan exists for product ${productId} at this frequency`, "SELLING_PLAN_NOT_FOUND");
      if (body.sellingPlanShopifyId !== undefined && Number(body.sellingPlanShopifyId) !== plan.shopifyId) {
        return fail(422, "sellingPlanShopifyId does not match the requested frequency", "VALIDATION_ERROR");
      }
    }
    return { interval: billing.interval.toUpperCase(), intervalCount: billing.intervalCount };
  }

  function route(req: SimRequest, token: SimToken, path: string): SimResponse {
    const shop = token.shop;
    const parts = path.split("/").filter(Boolean);
    const body = (req.json ?? {}) as Record<string, unknown>;

    if (req.method === "GET" && path === "/store") {
      return envelope({ myshopifyDomain: shop, name: shop, apiTokenScopes: token.scopes });
    }
    if (req.method === "GET" && path === "/sellingPlanGroup") {
      const product = Number(req.query.get("productShopifyId"));
      return envelope(state.sellingPlanGroups.filter((g) => g.shop === shop && (!product || g.productShopifyIds.includes(product))).map(({ shop: _s, ...g }) => g));
    }
    if (req.method === "GET" && path === "/subscription") {
      const pageSize = Number(req.query.get("pageSize") ?? 50);
      const pageNo = Number(req.query.get("pageNo") ?? 1);
      if (pageSize > 100 || pageSize < 1 || pageNo < 1) return fail(400, "pageSize must be between 1 and 100", "VALIDATION_ERROR");
      const order = req.query.get("originOrderShopifyId");
      const customer = req.query.get("customerShopifyId");
      const all = [...state.subscriptions.values()]
        .filter((r) => r.current.shop === shop)
        .map((r) => visible(r, delay()))
        .filter((s): s is NonNullable<typeof s> => !!s)
        .filter((s) => (!order || String(s.originOrderShopifyId) === order) && (!customer || String(s.customerShopifyId) === customer));
      const page = all.slice((pageNo - 1) * pageSize, pageNo * pageSize);
      return envelope(page.map(serializeSubscription), { pageInfo: { hasNextPage: pageNo * pageSize < all.length, hasPreviousPage: pageNo > 1 } });
    }
    if (parts[0] !== "subscription" || !parts[1]) return fail(404, "Not found", "NOT_FOUND");
    const record = findRecord(parts[1], shop);
    if (req.method === "GET" && parts.length === 2) {
      const seen = record && visible(record, delay());
      return seen ? envelope(serializeSubscription(seen)) : fail(404, "Subscription not found", "NOT_FOUND");
    }
    if (!record) return fail(404, "Subscription not found", "NOT_FOUND");
    const sub = record.current;

    if (req.method === "PUT" && parts[2] === "frequency" && parts.length === 3) {
      if (typeof body.nextBillingDateEpoch !== "number") return fail(422, "nextBillingDateEpoch | Required", "VALIDATION_ERROR");
      const target = checkTarget(body, sub.lines.map((l) => l.productShopifyId), shop);
      if ("status" in target) return target;
      sub.billingPolicy = { ...target };
      sub.deliveryPolicy = { ...target };
      sub.isPrepaid = false;
      sub.nextBillingDateEpoch = body.nextBillingDateEpoch;
      for (const line of sub.lines) line.sellingPlanShopifyId = planFor(line.productShopifyId, target, shop)!.shopifyId;
      commit(record);
      return envelope(serializeSubscription(sub));
    }
    if (parts[2] === "discount" && req.method === "POST" && parts.length === 3) {
      const manual = body.manualDiscount as Record<string, unknown> | undefined;
      if (!manual || typeof manual !== "object") return fail(422, "manualDiscount | Required", "VALIDATION_ERROR");
      if (typeof manual.title !== "string" || !manual.title) return fail(422, "manualDiscount,title | Required", "VALIDATION_ERROR");
      const type = String(manual.type);
      const value = Number(manual.value);
      if (!["PERCENTAGE", "FIXED_AMOUNT"].includes(type)) return fail(422, "manualDiscount,type | Invalid", "VALIDATION_ERROR");
      if (!(value > 0) || (type === "PERCENTAGE" && value > 100)) return fail(422, "manualDiscount,value | Invalid", "VALIDATION_ERROR");
      sub.discounts.push({ id: state.nextId++, title: manual.title, type, value, orderLimit: manual.orderLimit == null ? null : Number(manual.orderLimit) });
      commit(record);
      return envelope(serializeSubscription(sub));
    }
    if (parts[2] !== "line" || !parts[3]) return fail(404, "Not found", "NOT_FOUND");
    const line = sub.lines.find((l) => String(l.id) === parts[3]);
    if (!line) return fail(404, "Line not found", "NOT_FOUND");

    if (req.method === "PUT" && parts[4] === "swap") {
      const variantId = Number(body.variantShopifyId);
      const info = variantInfo(variantId);
      if (!info) return fail(422, "variantShopifyId | Variant not found", "VALIDATION_ERROR");
      if (!Number.isInteger(body.quantity) || (body.quantity as number) < 1) return fail(422, "quantity | Required", "VALIDATION_ERROR");
      if (!["OLD", "NEW", "CUSTOM"].includes(String(body.pricingType))) return fail(422, "pricingType | Invalid", "VALIDATION_ERROR");
      Object.assign(line, { variantShopifyId: variantId, productShopifyId: info.productId, quantity: body.quantity, title: info.productTitle });
      if (body.pricingType === "NEW") line.price = info.price;
      commit(record);
      return envelope(serializeSubscription(sub));
    }
    if (req.method === "POST" && parts[4] === "split") {
      const target = checkTarget(body, [line.productShopifyId], shop);
      if ("status" in target) return target;
      const copy = insertSubscription(state, {
        ...structuredClone(sub),
        id: state.nextId++,
        shopifyId: state.nextContractId++,
        originOrderShopifyId: null,
        billingPolicy: { ...target },
        deliveryPolicy: { ...target },
        isPrepaid: false,
        lines: [{ ...newLine(state, line.variantShopifyId, line.quantity, line.price, planFor(line.productShopifyId, target, shop)!.shopifyId) }],
        customAttributes: Array.isArray(body.customAttributes) ? (body.customAttributes as Array<{ key: string; value: string }>) : [],
        discounts: [],
        createdAt: new Date().toISOString(),
      });
      return envelope(serializeSubscription(copy.current));
    }
    if (req.method === "DELETE" && parts.length === 4) {
      if (sub.lines.length === 1) return fail(422, "A subscription needs at least one line; cancel it instead", "VALIDATION_ERROR");
      sub.lines = sub.lines.filter((l) => l !== line);
      commit(record);
      return envelope(serializeSubscription(sub));
    }
    return fail(404, "Not found", "NOT_FOUND");
  }

  const core = await startSimServer({
    port: options.port,
    hooks: {
      errorBody: (status) =>
        ({ success: false, data: null, ...(status === 401 ? { message: "invalid token", code: "UNAUTHORIZED" } : status === 404 ? { message: "Not found", code: "NOT_FOUND" } : status === 429 ? { message: "Too many requests", code: "TOO_MANY_REQUESTS" } : status >= 500 ? { message: "Something went wrong", code: "INTERNAL_SERVER_ERROR" } : { message: "Request refused", code: "VALIDATION_ERROR" }) }),
      reset: load,
      snapshot: () => ({ subscriptions: [...state.subscriptions.values()].map((r) => r.current) }),
      controls: {
        subscriptions: (body) => addLoopSubscription(state, normalizeSpec(body as SimSubscriptionSpec)),
        tokens: tokenControl<SimToken>((token) => state.tokens.set(token.token, token)),
      },
      configure: rateLimitSetting(reads, writes),
      // Loop publishes none of these (providers.md §3, LP-1/3/4/5/6/7): the guesses of loop/unconfirmed.server.ts.
      isGuessed: (req) => {
        const path = req.path.slice(LOOP_API_PREFIX.length);
        return (
          (req.method === "GET" && (path === "/store" || path === "/sellingPlanGroup")) ||
          (req.method === "PUT" && /^\/subscription\/[^/]+\/frequency$/.test(path)) ||
          (req.method === "POST" && /^\/subscription\/[^/]+\/(line\/[^/]+\/split|discount)$/.test(path)) ||
          (req.method === "DELETE" && /^\/subscription\/[^/]+\/line\/[^/]+$/.test(path))
        );
      },
      handle: (req, { stats }) => {
        if (!req.path.startsWith(LOOP_API_PREFIX)) return fail(404, "Not found", "NOT_FOUND");
        const token = state.tokens.get(String(req.headers["x-loop-token"] ?? ""));
        if (!token) return fail(401, "invalid token", "UNAUTHORIZED");
        const bucket = req.method === "GET" ? reads : writes;
        const hit = bucket.hit(token.token);
        if (!hit.ok) {
          stats.rateLimitViolations += 1;
          const headers: Record<string, string> = { "x-ratelimit-remaining": "0" };
          if (options.retryAfterOn429 !== false) headers["retry-after"] = String(Math.max(1, Math.ceil(hit.retryAfterMs / 1000)));
          return { ...fail(429, "Too many requests", "TOO_MANY_REQUESTS"), headers };
        }
        const path = req.path.slice(LOOP_API_PREFIX.length) || "/";
        const scope = requiredScope(req.method, path);
        if (scope && !token.scopes.includes(scope)) return fail(403, `This token does not have access to ${scope}`, "FORBIDDEN");
        const response = route(req, token, path);
        return { ...response, headers: { "x-ratelimit-remaining": String(Math.max(0, Math.floor(bucket.capacity - hit.level))), ...response.headers } };
      },
    },
  });
  shell.faults = core.faults;

  return {
    url: core.origin,
    state,
    faults: core.faults,
    requests: core.requests,
    stats: core.stats,
    addSubscription: (spec) => addLoopSubscription(state, normalizeSpec(spec)),
    addToken: (token) => void state.tokens.set(token.token, token),
    reset: core.reset,
    close: core.close,
  };
}

