/**
 * Root resolvers for the Skio simulator: table queries scoped to the token's store and
 * the four mutations Uplift uses, with Skio's observed quirks (providers.md §2, §5.2):
 * unknown ids → "Lambda policy revoked…", malformed ids → "internal error", a missing
 * billingIntervalCount silently changes only the unit, discount failures in extensions.detail.
 */
import { GraphQLError } from "graphql";
import { matchesWhere } from "./skio-schema";
import { policy, type SkioSimState, type SkSubscription } from "./skio-state";
import { addInterval, isDate, todayUtc, variantInfo, type SimToken } from "./seed";

const legacyId = (gid: string) => /(\d+)$/.exec(gid)?.[1] ?? "";

type Row = Record<string, unknown>;
type ListArgs = { where?: unknown; order_by?: unknown; limit?: number; offset?: number };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LAMBDA = "Lambda policy revoked, tried to access unauthorized user or subscription";
const fail = (message: string, extensions: Record<string, unknown> = { code: "unexpected", path: "$" }) => new GraphQLError(message, { extensions });

function list(rows: Row[], args: ListArgs, typeName: string): Row[] {
  let out = rows.filter((r) => matchesWhere(r, args.where, typeName));
  const order = args.order_by as Record<string, string> | undefined;
  if (order && typeof order === "object") {
    const [key, dir] = Object.entries(order)[0] ?? [];
    if (key) out = [...out].sort((a, b) => String(a[key]).localeCompare(String(b[key])) * (dir?.startsWith("desc") ? -1 : 1));
  }
  const offset = args.offset ?? 0;
  return out.slice(offset, args.limit === undefined ? undefined : offset + args.limit);
}

export function createSkioRoot(state: SkioSimState, token: SimToken) {
  const shop = token.shop;

  const product = (id: string): Row | null => {
    const p = state.products.get(id);
    return p ? { id: p.id, platformId: p.platformId, title: p.title } : null;
  };
  const variant = (id: string): Row | null => {
    const v = state.variants.get(id);
    if (!v) return null;
    return { id: v.id, platformId: v.platformId, title: v.title, sku: v.sku, productId: v.productId, get Product() { return product(v.productId); } };
  };
  const user = (id: string | null): Row | null => {
    const u = id ? state.users.get(id) : undefined;
    return u ? { id: u.id, platformId: u.platformId, email: u.email, firstName: null, lastName: null, phoneNumber: null } : null;
  };
  const line = (id: string): Row | null => {
    const l = state.lines.get(id);
    if (!l) return null;
    return {
      ...l,
      ordersRemaining: null, prepaidSubscriptionId: null, titleOverride: null, taxable: true, reChargeId: null,
      get ProductVariant() { return variant(l.productVariantId); },
      get Subscription() { return subscription(state.subscriptions.get(l.subscriptionId)!); },
    };
  };
  const order = (id: string | null): Row | null => {
    const o = id ? state.orders.get(id) : undefined;
    if (!o) return null;
    return {
      id: o.id, platformId: o.platformId, platformNumber: o.platformNumber, totalPrice: null, processedAt: null,
      get OrderLineItems() {
        return [...state.orderLineItems.values()].filter((i) => i.orderId === o.id).map((i) => ({ id: i.id, get SubscriptionLine() { return i.subscriptionLineId ? line(i.subscriptionLineId) : null; } }));
      },
      get StorefrontUser() { return user(o.storefrontUserId); },
    };
  };
  function subscription(s: SkSubscription): Row {
    return {
      id: s.id, platformId: s.platformId, status: s.status, nextBillingDate: s.nextBillingDate, createdAt: s.createdAt, updatedAt: s.updatedAt,
      cancelledAt: null, cyclesCompleted: 1, currencyCode: "USD", deliveryPrice: 0, note: null,
      billingPolicyId: s.billingPolicy.id, deliveryPolicyId: s.deliveryPolicy.id, prepaidDeliveryPolicyId: s.prepaidDeliveryPolicy?.id ?? null,
      BillingPolicy: s.billingPolicy, DeliveryPolicy: s.deliveryPolicy, PrepaidDeliveryPolicy: s.prepaidDeliveryPolicy,
      originOrderId: s.originOrderId, storefrontUserId: s.storefrontUserId,
      get originOrder() { return order(s.originOrderId); },
      get StorefrontUser() { return user(s.storefrontUserId); },
      SubscriptionLines: (args: ListArgs = {}) =>
        list([...state.lines.values()].filter((l) => l.subscriptionId === s.id).map((l) => line(l.id)!), args, "SubscriptionLines"),
      Discounts: s.discounts.map((d) => ({ ...d, title: d.redeemCode, type: "code", percentage: null, fixedValue: null, subscriptionId: s.id })),
    };
  }
  const group = (id: string): Row | null => {
    const g = state.sellingPlanGroups.get(id);
    if (!g) return null;
    return {
      id: g.id, platformId: g.platformId, name: g.name,
      get SellingPlanGroupResources() {
        return [...state.groupResources.values()].filter((r) => r.groupId === g.id).map((r) => ({ id: r.id, get SellingPlanGroup() { return group(r.groupId); }, get ProductVariant() { return variant(r.productVariantId); } }));
      },
    };
  };

  /** Unknown or other-store ids look the same to the caller: Skio's misleading message. */
  function ownSubscription(id: string): SkSubscription {
    if (!UUID.test(id)) throw fail("internal error");
    const s = state.subscriptions.get(id);
    if (!s || s.shop !== shop) throw fail(LAMBDA);
    return s;
  }
  function requireEdit(): void {
    if (!token.scopes.includes("edit_subscription")) throw fail("This API token is not allowed to edit subscriptions", { code: "access-denied", path: "$" });
  }

  const mine = <T extends { shop: string }>(rows: Iterable<T>) => [...rows].filter((r) => r.shop === shop);

  return {
    Subscriptions: (args: ListArgs) => list(mine(state.subscriptions.values()).map(subscription), args, "Subscriptions"),
    SubscriptionByPk: ({ id }: { id: string }) => {
      const s = state.subscriptions.get(id);
      return s && s.shop === shop ? subscription(s) : null;
    },
    SubscriptionLines: (args: ListArgs) =>
      list([...state.lines.values()].filter((l) => state.subscriptions.get(l.subscriptionId)?.shop === shop).map((l) => line(l.id)!), args, "SubscriptionLines"),
    Orders: (args: ListArgs) => list(mine(state.orders.values()).map((o) => order(o.id)!), args, "Orders"),
    ProductVariants: (args: ListArgs) => list(mine(state.variants.values()).map((v) => variant(v.id)!), args, "ProductVariants"),
    SellingPlans: (args: ListArgs) =>
      list(
        mine(state.sellingPlans.values()).map((p) => ({
          id: p.id, platformId: p.platformId, name: p.name, option: p.name, position: p.position,
          billingPolicyId: p.billingPolicy.id, deliveryPolicyId: p.deliveryPolicy.id, prepaidDeliveryPolicyId: p.prepaidDeliveryPolicy?.id ?? null, sellingPlanGroupId: p.groupId,
          BillingPolicy: p.billingPolicy, DeliveryPolicy: p.deliveryPolicy, PrepaidDeliveryPolicy: p.prepaidDeliveryPolicy,
          get SellingPlanGroup() { return group(p.groupId); },
        })),
        args,
        "SellingPlans",
      ),
    StorefrontUsers: (args: ListArgs) => list(mine(state.users.values()).map((u) => user(u.id)!), args, "StorefrontUsers"),

    subscriptionEditInterval: ({ input }: { input: Record<string, unknown> }) => {
      requireEdit();
      const s = ownSubscription(String(input.subscriptionId));
      const unit = String(input.billingInterval).toUpperCase();
      if (!["DAY", "WEEK", "MONTH", "YEAR"].includes(unit)) throw fail(`invalid billingInterval ${unit}`);
      const lines = [...state.lines.values()].filter((l) => l.subscriptionId === s.id);
      if (input.billingIntervalCount == null) {
        // Observed quirk: without a count only the unit changes, silently.
        s.billingPolicy.interval = unit;
        s.deliveryPolicy.interval = unit;
        if (s.prepaidDeliveryPolicy) s.prepaidDeliveryPolicy.interval = unit;
      } else {
        const count = Number(input.billingIntervalCount);
        if (!Number.isInteger(count) || count < 1) throw fail("billingIntervalCount must be at least 1");
        s.billingPolicy = policy(unit, count);
        s.deliveryPolicy = policy(unit, count);
        if (input.prepaidDeliveryInterval != null) {
          const deliveryCount = Number(input.prepaidDeliveryIntervalCount ?? 1);
          if (String(input.prepaidDeliveryInterval).toUpperCase() !== unit || count % deliveryCount !== 0) throw fail("prepaid delivery interval must divide the billing interval");
          s.prepaidDeliveryPolicy = policy(unit, deliveryCount);
        } else {
          s.prepaidDeliveryPolicy = null;
        }
        for (const l of lines) l.isPrepaid = s.prepaidDeliveryPolicy !== null;
      }
      if (input.nextBillingDate != null) {
        if (!isDate(String(input.nextBillingDate).slice(0, 10))) throw fail("internal error");
        s.nextBillingDate = `${String(input.nextBillingDate).slice(0, 10)}T00:00:00.000Z`;
      } else {
        const u = s.billingPolicy.interval === "YEAR" ? "month" : (s.billingPolicy.interval.toLowerCase() as "day" | "week" | "month");
        const n = s.billingPolicy.interval === "YEAR" ? s.billingPolicy.intervalCount * 12 : s.billingPolicy.intervalCount;
        s.nextBillingDate = `${addInterval(todayUtc(), u, n)}T00:00:00.000Z`;
      }
      s.updatedAt = new Date().toISOString();
      return { subscriptionId: s.id };
    },

    updateSubscriptionLine: ({ input }: { input: Record<string, unknown> }) => {
      requireEdit();
      const lineId = String(input.subscriptionLineId ?? input.prepaidSubscriptionLineId ?? "");
      if (!UUID.test(lineId)) throw fail("internal error");
      const l = state.lines.get(lineId);
      if (!l || l.removedAt || state.subscriptions.get(l.subscriptionId)?.shop !== shop) throw fail(LAMBDA);
      if (input.productVariantId != null) {
        const v = state.variants.get(String(input.productVariantId));
        if (!UUID.test(String(input.productVariantId))) throw fail("internal error");
        if (!v || v.shop !== shop) return { ok: false };
        l.productVariantId = v.id;
      }
      if (input.quantity != null) {
        if (!Number.isInteger(input.quantity) || (input.quantity as number) < 1) return { ok: false };
        l.quantity = input.quantity as number;
      }
      if (input.currentPrice != null) l.priceWithoutDiscount = Number(input.currentPrice);
      return { ok: true };
    },

    swapSubscriptionProductVariants: ({ input }: { input: Record<string, unknown> }) => {
      requireEdit();
      const s = ownSubscription(String(input.subscriptionId));
      const resolve = (id: string) => [...state.variants.values()].find((v) => v.shop === shop && (v.id === id || v.platformId === id));
      const from = resolve(String(input.oldProductVariantId));
      const to = resolve(String(input.newProductVariantId));
      if (!from || !to) return { ok: false };
      const only = input.subscriptionLinesToSwapFrom as string[] | undefined;
      // S2: NEW_VARIANT_PRICE re-prices the line; without it the old price stays.
      const newPrice = input.pricingOption === "NEW_VARIANT_PRICE" ? variantInfo(Number(legacyId(to.platformId)))?.price : undefined;
      if (input.pricingOption != null && input.pricingOption !== "NEW_VARIANT_PRICE" && input.pricingOption !== "OLD_VARIANT_PRICE") throw fail(`invalid pricingOption ${String(input.pricingOption)}`);
      for (const l of state.lines.values()) {
        if (l.subscriptionId === s.id && !l.removedAt && l.productVariantId === from.id && (!only || only.includes(l.id))) {
          l.productVariantId = to.id;
          if (newPrice !== undefined) l.priceWithoutDiscount = Number(newPrice);
        }
      }
      return { ok: true };
    },

    applyDiscountCode: ({ input }: { input: Record<string, unknown> }) => {
      requireEdit();
      const s = ownSubscription(String(input.subscriptionId));
      const code = state.discountCodes.get(String(input.code).toUpperCase());
      if (!code || code.shop !== shop) throw fail("Apply discount code failed", { code: "unexpected", path: "$", detail: "NOT_FOUND" });
      if (!code.active) throw fail("Apply discount code failed", { code: "unexpected", path: "$", detail: "CURRENTLY_INACTIVE" });
      s.discounts.push({ id: crypto.randomUUID(), redeemCode: code.code });
      return { ok: true, message: "Discount code applied" };
    },
  };
}
