/** Shapes shared by the wizard route and its components (browser-safe). */
import type { EditorDraft, FieldErrors } from "~/domain/funnel-editor-schemas";
import type { ProviderPlanOption, WizardErrors, WizardProductChoice, WizardProvider, WizardState } from "~/domain/wizard-validation";
import type { UpgradePlacement } from "~/domain/wizard-draft";

export type WizardActionResult =
  | { intent: "createProduct"; ok: true; product: WizardProductChoice }
  | { intent: "createProduct"; ok: false; message: string; fieldErrors?: FieldErrors }
  | { intent: "plans"; ok: true; productId: string; plans: ProviderPlanOption[] }
  | { intent: "plans"; ok: false; productId: string; message: string }
  | { intent: "save"; ok: false; message: string; errors?: WizardErrors; firstInvalidStep?: string | null }
  | { intent: "invalid"; ok: false; message: string };

/** What the wizard route's loader hands the wizard. */
export interface WizardProps {
  state: WizardState;
  placement: UpgradePlacement;
  funnelId: string;
  funnelName: string | null;
  triggers: EditorDraft["triggers"];
  provider: WizardProvider;
  currency: string;
}

export interface PlansState {
  productId: string | null;
  plans: ProviderPlanOption[] | null;
  error: string | null;
  loading: boolean;
}

export const PROVIDER_NAMES: Record<WizardProvider, string> = { recharge: "Recharge", skio: "Skio", loop: "Loop" };
