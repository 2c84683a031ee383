/** Shapes shared by the funnel routes and their components (browser-safe). */
import type { SubscriptionUpgradeAvailability } from "~/shops/beta.server";
import type { EditorDraft, FieldErrors } from "~/domain/funnel-editor-schemas";
import type { FunnelReach } from "~/domain/funnel-shadowing";

export type { FunnelListRow } from "~/funnels/funnels.server";

export type ListActionResult =
  | { ok: true; intent: "delete" | "activate" | "deactivate" | "duplicate" | "move"; count: number; id?: string }
  | { ok?: false; error: string; message: string };

export type EditorActionResult =
  | { ok: true; id: string; offerIds: Record<string, string> }
  | { ok: false; error: "invalid" | "upgrades_unavailable" | "not_found"; message: string; fieldErrors?: FieldErrors };

/** What the editor route's loader hands the editor. */
export interface EditorProps {
  funnel: { id: string; name: string; status: "draft" | "active" | "inactive"; createdAt: string; updatedAt: string } | null;
  draft: EditorDraft;
  currency: string;
  upgrades: SubscriptionUpgradeAvailability;
  /** The shop's other active funnels, for the FUN-3 "never fires" warning. */
  competitors: FunnelReach[];
}
