/**
 * Database rows → the domain's FunnelDefinition for the runtime. The mapping itself is
 * the funnel model's (app/funnels/rows.server.ts), read strictly: JSON columns must
 * parse and every funnel goes through the zod schema, so the runtime only ever sees
 * validated definitions; a funnel that fails is skipped and logged instead of taking
 * every other funnel of the shop down with it.
 */
import type { FunnelDefinition } from "~/domain/funnel-schemas";
import { logger } from "~/logger.server";
import { FUNNEL_INCLUDE, funnelRowToDefinition, type FunnelRow } from "~/funnels/rows.server";

export type { FunnelRow } from "~/funnels/rows.server";

/** What loadActiveFunnelRows reads: a funnel with its offer tree, items and upgrade settings. */
export const FUNNEL_TREE_INCLUDE = FUNNEL_INCLUDE;

/** The definition of one funnel row; throws (zod or JSON) when the stored data is invalid. */
export function toFunnelDefinition(row: FunnelRow): FunnelDefinition {
  return funnelRowToDefinition(row, { strict: true });
}

/** Every row that parses; the others are logged with the shop and skipped. */
export function toFunnelDefinitions(rows: FunnelRow[], shop: string): FunnelDefinition[] {
  const funnels: FunnelDefinition[] = [];
  for (const row of rows) {
    try {
      funnels.push(toFunnelDefinition(row));
    } catch (error) {
      logger.warn("funnel skipped: stored definition is invalid", { shop, funnelId: row.id, error });
    }
  }
  return funnels;
}
