/**
 * Where in a funnel the upgrade wizard opens (browser-safe: the editor builds the link,
 * and the save action redirects to it after saving a draft first, so adding an upgrade
 * to a new or changed funnel is one flow, not "save your changes first").
 */
import { z } from "zod";

export const WizardTargetSchema = z.union([
  z.object({ offerId: z.string().min(1).max(64), item: z.number().int().min(0).max(20).optional() }),
  z.object({ parentId: z.string().min(1).max(64).nullable(), branch: z.enum(["accept", "decline"]).nullable() }),
]);
export type WizardTarget = z.infer<typeof WizardTargetSchema>;

/** The wizard's path for `target` in the saved funnel `funnelId`; `offerIds` maps draft ids to saved ones. */
export function wizardPath(funnelId: string, target: WizardTarget, offerIds: Record<string, string> = {}): string {
  const id = (draftId: string) => offerIds[draftId] ?? draftId;
  const base = `/app/funnels/${funnelId}/upgrade`;
  if ("offerId" in target) return `${base}?offer=${id(target.offerId)}${target.item === undefined ? "" : `&item=${target.item}`}`;
  return target.parentId ? `${base}?parent=${id(target.parentId)}&branch=${target.branch}` : `${base}?root=1`;
}
