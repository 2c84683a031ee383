/**
 * Recharge REST simulator (providers.md §1): X-Recharge-Access-Token per-token scopes and
 * store, X-Recharge-Version (2021-01 shapes when missing), a 40/2-per-second leaky
 * bucket with X-Recharge-Limit, linked interval fields, one discount per address.
 */
import {
  addRechargeSubscription,
  defaultRechargeTokens,
  emptyRechargeState,
  recalculatedNextCharge,
  seedRechargePlans,
  serializeOrder,
  serializePlan,
  serializeSubscription,
  type RcSubscription,
  type RechargeSeed,
  type RechargeSimState,
} from "./recharge-state";
import { DEMO_SHOP, demoSpecs, isDate, normalizeSpec, todayUtc, variantInfo, type SimSubscriptionSpec, type SimToken } from "./seed";
import { LeakyBucket, rateLimitSetting, startSimServer, tokenControl, type Faults, type RecordedRequest, type SimRequest, type SimResponse, type SimStats } from "./sim-server";

export { RECHARGE_ALL_SCOPES, RECHARGE_SIM_TOKENS, type RechargeSimState } from "./recharge-state";

export interface RechargeSimOptions {
  port?: number;
  seed?: RechargeSeed;
  /** Leaky bucket per token (default 40, draining 2/s). */
  rateLimit?: { capacity: number; drainPerSecond: number };
}

export interface RechargeSimulator {
  url: string;
  state: RechargeSimState;
  faults: Faults;
  requests: RecordedRequest[];
  stats: SimStats;
  addSubscription(spec: SimSubscriptionSpec): { orderId: number; subscriptionIds: number[] };
  addToken(token: SimToken): void;
  reset(): void;
  close(): Promise<void>;
}

type Version = "2021-11" | "2021-01";
const ok = (body: unknown, status = 200): SimResponse => ({ status, body });
const fail = (status: number, errors: unknown): SimResponse => ({ status, body: { errors } });

/**
 * Scope each route needs (providers.md §1.1). Addresses (and so applying a discount to
 * one) sit under the customers scope, as recharge-api-python's v2 addresses resource
 * declares (R3).
 */
function requiredScope(method: string, path: string): string | null {
  if (path === "/token_information") return null;
  if (path === "/store") return "store_info";
  const [, resource = ""] = path.split("/");
  const area = { subscriptions: "subscriptions", orders: "orders", plans: "products", discounts: "discounts", addresses: "customers", customers: "customers" }[resource];
  if (!area) return null;
  return `${method === "GET" ? "read" : "write"}_${area}`;
}

export async function startRechargeSimulator(options: RechargeSimOptions = {}): Promise<RechargeSimulator> {
  const state = emptyRechargeState();
  const bucket = new LeakyBucket(options.rateLimit?.capacity ?? 40, options.rateLimit?.drainPerSecond ?? 2);

  function load(): void {
    Object.assign(state, emptyRechargeState());
    for (const token of options.seed?.tokens ?? defaultRechargeTokens()) state.tokens.set(token.token, token);
    seedRechargePlans(state, DEMO_SHOP);
    for (const spec of options.seed?.subscriptions ?? demoSpecs()) addRechargeSubscription(state, spec);
    bucket.reset();
  }
  load();

  function route(req: SimRequest, token: SimToken, version: Version): SimResponse {
    const shop = token.shop;
    const parts = req.path.split("/").filter(Boolean);
    const body = (req.json ?? {}) as Record<string, unknown>;
    const today = todayUtc();

    if (req.method === "GET" && req.path === "/token_information") {
      return ok({ token_information: { name: "Uplift", contact_email: "dev@example.com", client: { name: "Uplift", contact_email: "dev@example.com" }, scopes: token.scopes } });
    }
    if (req.method === "GET" && req.path === "/store") {
      const store = state.stores.get(shop);
      // The 2021-11 store object (R3 `model/v2/store.py`): no shop domain to compare with.
      return ok({ store: { id: store?.id ?? 1, name: store?.name ?? shop, identifier: `store-${store?.id ?? 1}`, email: "owner@example.com", currency: "USD", iana_timezone: "UTC" } });
    }
    if (req.method === "GET" && req.path === "/orders") {
      // 2021-01 knows shopify_order_id only: external_order_id is ignored (every order comes back).
      const wanted = version === "2021-11" ? req.query.get("external_order_id") : req.query.get("shopify_order_id");
      const orders = [...state.orders.values()].filter((o) => o.shop === shop && (!wanted || o.external_order_id === wanted));
      return ok({ orders: orders.sort((a, b) => b.id - a.id).map((o) => serializeOrder(o, version)) });
    }
    if (req.method === "GET" && req.path === "/plans") {
      const product = req.query.get("external_product_id");
      const type = req.query.get("type");
      const plans = [...state.plans.values()].filter((p) => p.shop === shop && (!product || p.product_id === product) && (!type || p.type === type));
      return ok({ plans: plans.map(serializePlan) });
    }
    if (req.method === "GET" && req.path === "/subscriptions") {
      const customer = req.query.get("customer_id");
      const limit = Number(req.query.get("limit") ?? 50);
      const subs = [...state.subscriptions.values()].filter((s) => s.shop === shop && (!customer || String(s.customer_id) === customer));
      return ok({ subscriptions: subs.sort((a, b) => b.id - a.id).slice(0, limit).map((s) => serializeSubscription(s, version)) });
    }
    if (req.method === "GET" && parts[0] === "customers" && parts[1] && parts.length === 2) {
      const customer = state.customers.get(Number(parts[1]));
      if (!customer || customer.shop !== shop) return fail(404, "Not Found");
      return ok({ customer: { id: customer.id, email: `customer-${customer.id}@example.com`, external_customer_id: { ecommerce: customer.external_customer_id } } });
    }
    if (req.method === "GET" && parts[0] === "addresses" && parts[1] && parts.length === 2) {
      const address = state.addresses.get(Number(parts[1]));
      if (!address || address.shop !== shop) return fail(404, "Not Found");
      const held = address.discount_id === null ? undefined : state.discounts.get(address.discount_id);
      return ok({ address: { id: address.id, customer_id: address.customer_id, discounts: held ? [{ id: held.id, code: held.code, value: Number(held.value), value_type: held.value_type }] : [] } });
    }
    if (parts[0] === "subscriptions" && parts[1]) {
      const sub = state.subscriptions.get(Number(parts[1]));
      if (!sub || sub.shop !== shop) return fail(404, "Not Found");
      if (req.method === "GET" && parts.length === 2) return ok({ subscription: serializeSubscription(sub, version) });
      if (req.method === "PUT" && parts.length === 2) return updateSubscription(sub, body, req.query, version, today);
      if (req.method === "POST" && parts[2] === "set_next_charge_date") {
        if (!isDate(body.date)) return fail(422, { date: ["is not a valid date (YYYY-MM-DD)"] });
        if (body.date <= today) return fail(422, { date: ["must be in the future"] });
        sub.next_charge_scheduled_at = body.date;
        sub.updated_at = new Date().toISOString();
        return ok({ subscription: serializeSubscription(sub, version) });
      }
    }
    if (req.method === "POST" && req.path === "/discounts") return createDiscount(shop, body);
    if (req.method === "POST" && parts[0] === "addresses" && parts[2] === "apply_discount") {
      const address = state.addresses.get(Number(parts[1]));
      if (!address || address.shop !== shop) return fail(404, "Not Found");
      const discount =
        body.discount_id !== undefined
          ? state.discounts.get(Number(body.discount_id))
          : [...state.discounts.values()].find((d) => d.shop === shop && d.code === body.discount_code);
      if (!discount || discount.shop !== shop) return fail(422, { discount: ["Discount not found"] });
      if (address.discount_id !== null) return fail(422, { discount: ["An address can only have one discount applied"] });
      if (!discount.status.startsWith("enabled")) return fail(422, { discount: ["Discount is not enabled"] });
      address.discount_id = discount.id;
      return ok({ address: { id: address.id, customer_id: address.customer_id, discounts: [{ id: discount.id }] } });
    }
    return fail(404, "Not Found");
  }

  function updateSubscription(sub: RcSubscription, body: Record<string, unknown>, query: URLSearchParams, version: Version, today: string): SimResponse {
    const flag = (name: string) => query.get(name) === "true" || body[name] === true;
    if (sub.status === "cancelled" && !flag("force_update")) return fail(422, { status: ["Cancelled subscriptions cannot be updated without force_update"] });
    const intervalKeys = ["order_interval_unit", "order_interval_frequency", "charge_interval_frequency"] as const;
    const sent = intervalKeys.filter((k) => body[k] !== undefined);
    if (sent.length > 0 && sent.length < 3) {
      return fail(422, { [intervalKeys.find((k) => body[k] === undefined)!]: ["order_interval_unit, order_interval_frequency and charge_interval_frequency must be sent together"] });
    }
    const next = { ...sub };
    if (sent.length === 3) {
      const unit = String(body.order_interval_unit).toLowerCase().replace(/s$/, "");
      const order = Number(body.order_interval_frequency);
      const charge = Number(body.charge_interval_frequency);
      if (!["day", "week", "month"].includes(unit)) return fail(422, { order_interval_unit: ["must be day, week or month"] });
      if (![order, charge].every((n) => Number.isInteger(n) && n >= 1 && n <= 1000)) return fail(422, { order_interval_frequency: ["must be a whole number from 1 to 1000"] });
      if (charge % order !== 0) return fail(422, { charge_interval_frequency: ["must be a multiple of order_interval_frequency"] });
      const touchesPrepaid = charge > order || sub.charge_interval_frequency > sub.order_interval_frequency;
      if (touchesPrepaid && !flag("override")) return fail(422, { charge_interval_frequency: ["Changing to or from a prepaid interval requires override=true"] });
      Object.assign(next, { order_interval_unit: unit, order_interval_frequency: order, charge_interval_frequency: charge });
    }
    if (body.plan_id !== undefined) {
      const plan = state.plans.get(Number(body.plan_id));
      if (!plan || plan.shop !== sub.shop) return fail(422, { plan_id: ["Plan not found"] });
      next.plan_id = plan.id;
    }
    if (body.external_variant_id !== undefined) {
      const raw = (body.external_variant_id as { ecommerce?: unknown } | null)?.ecommerce;
      const info = variantInfo(Number(raw));
      if (!info) return fail(422, { external_variant_id: ["Variant not found in the store"] });
      next.variant_id = String(raw);
      next.product_id = String(info.productId);
      // R4: only with use_external_variant_defaults do price, SKU and titles follow the new variant.
      if (body.use_external_variant_defaults === true) Object.assign(next, { product_title: info.productTitle, variant_title: info.variantTitle, sku: info.sku, price: info.price });
    }
    if (body.quantity !== undefined) {
      const quantity = Number(body.quantity);
      if (!Number.isInteger(quantity) || quantity < 1) return fail(422, { quantity: ["must be a whole number of at least 1"] });
      next.quantity = quantity;
    }
    // Every update regenerates queued charges; an interval change reschedules the next one.
    if (sent.length === 3) next.next_charge_scheduled_at = recalculatedNextCharge(today, next);
    next.updated_at = new Date().toISOString();
    Object.assign(sub, next);
    return ok({ subscription: serializeSubscription(sub, version) });
  }

  function createDiscount(shop: string, body: Record<string, unknown>): SimResponse {
    if (typeof body.code !== "string" || !body.code) return fail(422, { code: ["can't be blank"] });
    if ([...state.discounts.values()].some((d) => d.shop === shop && d.code.toLowerCase() === String(body.code).toLowerCase())) {
      return fail(422, { code: ["has already been taken"] });
    }
    const appliesTo = (body.applies_to ?? null) as { purchase_item_type?: unknown; resource?: unknown; ids?: unknown } | null;
    if (appliesTo?.resource !== undefined && appliesTo.resource !== null && !["shopify_product", "shopify_collection_id"].includes(String(appliesTo.resource))) {
      return fail(422, { "applies_to.resource": ["must be shopify_product or shopify_collection_id"] });
    }
    if (appliesTo?.resource && (!Array.isArray(appliesTo.ids) || appliesTo.ids.length === 0)) return fail(422, { "applies_to.ids": ["can't be blank when a resource is given"] });
    const valueType = String(body.value_type ?? "");
    if (!["percentage", "fixed_amount", "shipping"].includes(valueType)) return fail(422, { value_type: ["must be percentage, fixed_amount or shipping"] });
    const value = Number(body.value);
    if (!Number.isFinite(value) || value <= 0 || (valueType === "percentage" && value > 100)) return fail(422, { value: ["is invalid"] });
    const id = state.nextId++;
    const discount = { id, shop, code: body.code, value: String(body.value), value_type: valueType, status: String(body.status ?? "enabled"), applies_to: body.applies_to ?? null };
    state.discounts.set(id, discount);
    return ok({ discount: { ...discount, shop: undefined, created_at: new Date().toISOString() } }, 201);
  }

  const core = await startSimServer({
    port: options.port,
    hooks: {
      errorBody: (status) => ({ errors: status === 404 ? "Not Found" : status === 429 ? "Too many requests" : status >= 500 ? "Internal Server Error" : status === 401 ? "Invalid API token" : "Request refused" }),
      reset: load,
      snapshot: () => ({
        subscriptions: [...state.subscriptions.values()],
        orders: [...state.orders.values()],
        plans: [...state.plans.values()],
        discounts: [...state.discounts.values()],
        addresses: [...state.addresses.values()],
      }),
      controls: {
        subscriptions: (body) => addRechargeSubscription(state, normalizeSpec(body as SimSubscriptionSpec)),
        tokens: tokenControl<SimToken>((token) => state.tokens.set(token.token, token)),
      },
      configure: rateLimitSetting(bucket),
      // Not in Recharge's public reference; only recharge-api-python calls it (R3, RC-1).
      isGuessed: (req) => req.path === "/token_information",
      handle: (req, { stats }) => {
        const token = state.tokens.get(String(req.headers["x-recharge-access-token"] ?? ""));
        if (!token) return fail(401, "Invalid API token or the token has been revoked");
        const limit = bucket.hit(token.token);
        const limitHeader = { "x-recharge-limit": `${Math.ceil(limit.level)}/${bucket.capacity}` };
        if (!limit.ok) {
          stats.rateLimitViolations += 1;
          return { ...fail(429, "Too many requests"), headers: limitHeader };
        }
        const versionHeader = String(req.headers["x-recharge-version"] ?? "2021-01");
        if (versionHeader !== "2021-01" && versionHeader !== "2021-11") return { ...fail(400, "Invalid API version"), headers: limitHeader };
        const scope = requiredScope(req.method, req.path);
        if (scope && !token.scopes.includes(scope)) return { ...fail(403, `This token does not have the ${scope} scope`), headers: limitHeader };
        return { ...route(req, token, versionHeader), headers: limitHeader };
      },
    },
  });

  return {
    url: core.origin,
    state,
    faults: core.faults,
    requests: core.requests,
    stats: core.stats,
    addSubscription: (spec) => addRechargeSubscription(state, normalizeSpec(spec)),
    addToken: (token) => void state.tokens.set(token.token, token),
    reset: core.reset,
    close: core.close,
  };
}
