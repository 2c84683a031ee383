/**
 * A shop's funnels indexed by trigger product, so choosing the funnel for an order looks
 * only at the funnels that can match it (FUN-2) instead of testing every one: with 200
 * funnels that scan was the offer endpoint's largest cost of its own (BENCH_PROFILE of
 * `npm run bench:offer`). selectNextOffer over the candidates picks the same offer as over
 * all funnels; only the "why" reasons of funnels that cannot match are left out.
 */
import type { FunnelDefinition, OrderContext } from "./funnel-schemas";

export interface FunnelIndex {
  all: readonly FunnelDefinition[];
  /** Funnels whose only way to match is a trigger product, by product id. */
  byProduct: ReadonlyMap<string, readonly FunnelDefinition[]>;
  /** Every other funnel (show to all, subscription triggers only, no trigger, inactive): always a candidate. */
  unindexed: readonly FunnelDefinition[];
}

export function indexFunnels(funnels: readonly FunnelDefinition[]): FunnelIndex {
  const byProduct = new Map<string, FunnelDefinition[]>();
  const unindexed: FunnelDefinition[] = [];
  for (const funnel of funnels) {
    const { showToAll, productIds } = funnel.triggers;
    // A product trigger must hold whatever the subscription trigger says: the order needs one of the products.
    if (funnel.status !== "active" || showToAll || productIds.length === 0) {
      unindexed.push(funnel);
      continue;
    }
    for (const productId of new Set(productIds)) {
      const list = byProduct.get(productId);
      if (list) list.push(funnel);
      else byProduct.set(productId, [funnel]);
    }
  }
  return { all: funnels, byProduct, unindexed };
}

/** The funnels that may fire for `order`, in the shop's order; the funnel the flow is bound to (FUN-3) always stays. */
export function candidateFunnels(index: FunnelIndex, order: Pick<OrderContext, "lineItems">, boundFunnelId: string | null): FunnelDefinition[] {
  const picked = new Set(index.unindexed);
  for (const line of order.lineItems) for (const funnel of index.byProduct.get(line.productId) ?? []) picked.add(funnel);
  if (boundFunnelId !== null) {
    const bound = index.all.find((funnel) => funnel.id === boundFunnelId);
    if (bound) picked.add(bound);
  }
  return picked.size === index.all.length ? [...index.all] : index.all.filter((funnel) => picked.has(funnel));
}
