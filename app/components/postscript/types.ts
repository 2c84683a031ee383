/** What the Postscript settings action answers (shared by the route and its UI). */
import type { PostscriptSettingsView } from "~/integrations/postscript/connection.server";
import type { DeliveryView } from "~/integrations/postscript/deliveries.server";
import type { SendTestResult } from "~/integrations/postscript/send-test.server";

export type { DeliveryView, PostscriptSettingsView, SendTestResult };

export type PostscriptActionData =
  | { intent: "save"; ok: true; settings: PostscriptSettingsView }
  | { intent: "save"; ok: false; error: string; checkState?: "invalid" | "unverifiable"; fieldErrors?: Record<string, string> }
  | { intent: "disconnect"; ok: true }
  | { intent: "sendTest"; result: SendTestResult }
  | { intent: "resend"; ok: true }
  | { intent: "invalid"; error: string; fieldErrors: Record<string, string> };
