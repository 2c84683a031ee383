/** What the Subscription Upgrades settings action answers (shared by the route and its UI). */
import type { ConnectionView } from "~/upgrades/connection/provider-connection.server";
import type { TokenTestOutcome } from "~/upgrades/connection/token-test.server";

export type { ConnectionView, TokenTestOutcome };

export type UpgradesActionData =
  | { intent: "test"; outcome: TokenTestOutcome }
  /** `resumed`: failed upgrades the saved key restarted (CONN-6). */
  | { intent: "save"; ok: true; connection: ConnectionView | null; resumed?: number }
  | { intent: "save"; ok: false; error: string; fieldErrors?: Record<string, string> }
  | { intent: "retest"; outcome: TokenTestOutcome; connection: ConnectionView; resumed: number }
  | { intent: "disconnect"; ok: true }
  | { intent: "invalid"; error: string; fieldErrors: Record<string, string> };
