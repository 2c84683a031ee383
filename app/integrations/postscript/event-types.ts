/**
 * The Postscript events Uplift sends (PS-2). Pure: safe to import from the browser.
 *
 * Type names use only letters, digits and underscores (providers.md §4: the documented
 * character set; a 3P client also allows ":", which we avoid). Postscript shows each in
 * Flows as "[Shop name] - <type>", so the `uplift_` prefix tells the merchant where it
 * comes from.
 */
import { z } from "zod";

export const POSTSCRIPT_EVENT_TYPES = [
  "uplift_upgrade_offered",
  "uplift_upgrade_accepted",
  "uplift_subscription_upgraded",
  "uplift_upgrade_failed",
  "uplift_upsell_subscription_accepted",
] as const;

export const PostscriptEventTypeSchema = z.enum(POSTSCRIPT_EVENT_TYPES);
export type PostscriptEventType = z.infer<typeof PostscriptEventTypeSchema>;

/** The documented type alphabet, 1-255 characters. */
export const EVENT_TYPE_PATTERN = /^[A-Za-z0-9_]{1,255}$/;

export interface PostscriptEventInfo {
  type: PostscriptEventType;
  label: string;
  /** When it fires, in the merchant's words. */
  description: string;
}

export const POSTSCRIPT_EVENTS: readonly PostscriptEventInfo[] = [
  {
    type: "uplift_upgrade_offered",
    label: "Upgrade offered",
    description: "A shopper was shown a subscription upgrade offer after checkout.",
  },
  {
    type: "uplift_upgrade_accepted",
    label: "Upgrade accepted",
    description: "A shopper accepted a subscription upgrade offer; the subscription change is queued.",
  },
  {
    type: "uplift_subscription_upgraded",
    label: "Subscription upgraded",
    description: "The subscription app confirmed the change (new frequency, product or discount).",
  },
  {
    type: "uplift_upgrade_failed",
    label: "Upgrade failed",
    description: "The subscription change failed after its last attempt.",
  },
  {
    type: "uplift_upsell_subscription_accepted",
    label: "Upsell subscription accepted",
    description: "A shopper added a new subscription to their order from a subscription upsell offer.",
  },
];

export function eventInfo(type: PostscriptEventType): PostscriptEventInfo {
  const info = POSTSCRIPT_EVENTS.find((e) => e.type === type);
  if (!info) throw new Error(`Unknown Postscript event type ${type}`);
  return info;
}

/** Reads the stored JSON list of enabled types; anything unknown or malformed is dropped. */
export function parseEnabledEvents(json: string | null | undefined): PostscriptEventType[] {
  let value: unknown;
  try {
    value = JSON.parse(json ?? "[]");
  } catch {
    return [];
  }
  if (!Array.isArray(value)) return [];
  return POSTSCRIPT_EVENT_TYPES.filter((type) => value.includes(type));
}
