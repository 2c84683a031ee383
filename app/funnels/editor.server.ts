/**
 * What the funnel editor opens with: the stored funnel as an editor draft, with the
 * titles and images Shopify holds for the product ids the database keeps (trigger and
 * replacement products). Shopify being unreachable never blocks the editor: the ids
 * are shown instead.
 */
import type { EditorDraft } from "~/domain/funnel-editor-schemas";
import type { FunnelDefinition } from "~/domain/funnel-schemas";
import type { AdminGraphqlClient } from "~/integrations/shopify-admin/client.server";
import { getProductSummaries } from "~/integrations/shopify-admin/products.server";
import type { PickerProduct } from "~/domain/wizard-validation";
import { logger } from "~/logger.server";
import { definitionToDraft } from "./rows.server";
import { FunnelNotFoundError, loadFunnelRecord } from "./funnels.server";

export interface EditorFunnel {
  funnel: { id: string; name: string; status: FunnelDefinition["status"]; createdAt: string; updatedAt: string } | null;
  draft: EditorDraft;
}

export function blankDraft(): EditorDraft {
  return { name: "", status: "draft", priority: "0", triggers: { products: [], subscription: "off", showToAll: false }, offers: [] };
}

/** Product ids the stored funnel only knows by id: triggers, and each upgrade's trigger and replacement. */
function referencedProducts(definition: FunnelDefinition): string[] {
  const ids = [...definition.triggers.productIds];
  for (const offer of definition.offers) {
    for (const item of offer.items) {
      if (item.upgrade) ids.push(item.upgrade.triggerProductId);
      if (item.upgrade?.replacementProductId) ids.push(item.upgrade.replacementProductId);
    }
  }
  return ids;
}

export async function productTitles(admin: AdminGraphqlClient, ids: string[], shopId: string): Promise<Map<string, PickerProduct>> {
  try {
    return await getProductSummaries(admin, ids);
  } catch (error) {
    logger.warn("product titles unavailable for the editor", { shopId, error: error instanceof Error ? error.message : String(error) });
    return new Map();
  }
}

/** The editor's starting point, or null when the shop has no such funnel (OPS-2: 404). */
export async function loadEditorFunnel(input: { admin: AdminGraphqlClient; shopId: string; funnelId: string; currency: string }): Promise<EditorFunnel | null> {
  if (input.funnelId === "new") return { funnel: null, draft: blankDraft() };
  let record: Awaited<ReturnType<typeof loadFunnelRecord>>;
  try {
    record = await loadFunnelRecord(input.shopId, input.funnelId);
  } catch (error) {
    if (error instanceof FunnelNotFoundError) return null;
    throw error;
  }
  const { definition, updatedAt } = record;
  const titles = await productTitles(input.admin, referencedProducts(definition), input.shopId);
  return {
    funnel: { id: definition.id, name: definition.name, status: definition.status, createdAt: definition.createdAt, updatedAt },
    draft: definitionToDraft(definition, input.currency, titles),
  };
}
