/** What the Subscription Upgrades settings action answers (shared by the route and its UI). */
import type { ConnectionView } from "~/upgrades/connection/provider-connection.server";
import type { TokenTestOutcome } from "~/upgrades/connection/token-test.server";

export type { ConnectionView, TokenTestOutcome };

export type UpgradesActionData =
  | { intent: "test"; outcome: TokenTestOutcome }
  | { intent: "save"; ok: true; connection: ConnectionView | null }
  | { intent: "save"; ok: false; error: string; fieldErrors?: Record<string, string> }
  | { intent: "retest"; outcome: TokenTestOutcome; connection: ConnectionView }
  | { intent: "disconnect"; ok: true }
  | { intent: "invalid"; error: string; fieldErrors: Record<string, string> };
