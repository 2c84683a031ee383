/**
 * Pure builders for Postscript custom events (PS-2): the flat `properties`, the
 * deterministic `external_id` and the request body of `POST /api/v2/events`.
 *
 * Postscript's rules (providers.md §4): properties are flat (strings, numbers, booleans,
 * arrays), at most 100 keys, lower-case, no leading "_", no PII-like keys; unknown
 * top-level fields are refused with a 400. So contact details go only in the top-level
 * `phone` / `email`, never in properties, and the body carries nothing else.
 */
import { z } from "zod";
import { toDecimalString } from "~/domain/money";
import { basisPointsToPercent, describeDiscount, describeInterval } from "~/providers/change";
import { DiscountSchema, IntervalSchema, UpgradeTypeSchema } from "~/providers/types";
import { EVENT_TYPE_PATTERN, type PostscriptEventType } from "./event-types";

export type PropertyValue = string | number | boolean | Array<string | number | boolean>;
export type EventProperties = Record<string, PropertyValue>;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const MAX_TEXT = 255;

/** What the app knows about the moment an event describes; every field optional. */
export const EventFactsSchema = z
  .object({
    /** Shopify order, as a GID or a numeric id. */
    orderId: z.string().min(1).nullish(),
    /** "#1001" */
    orderNumber: z.string().min(1).nullish(),
    /** Offer product(s) the shopper got. */
    productTitles: z.array(z.string().min(1)).max(20).nullish(),
    /** The subscription product that triggered an upgrade offer. */
    triggerProductTitle: z.string().min(1).nullish(),
    upgradeType: UpgradeTypeSchema.nullish(),
    oldInterval: IntervalSchema.nullish(),
    newInterval: IntervalSchema.nullish(),
    discount: DiscountSchema.nullish(),
    /** YYYY-MM-DD */
    nextChargeDate: z.string().regex(DATE).nullish(),
    /** What the shopper paid for the offer at checkout. */
    amount: z.object({ amountMinor: z.number().int(), currency: z.string().regex(/^[A-Z]{3}$/) }).nullish(),
    sellingPlanName: z.string().min(1).nullish(),
    provider: z.string().min(1).nullish(),
    failureReason: z.string().min(1).nullish(),
    attempts: z.number().int().min(0).nullish(),
    isTest: z.boolean().nullish(),
  })
  .strict();
export type EventFacts = z.infer<typeof EventFactsSchema>;

const clip = (text: string) => (text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text);

/** "gid://shopify/Order/5001" or "5001" → "5001"; anything else as given. */
function numericId(id: string): string {
  const match = /(\d+)$/.exec(id.trim());
  return match?.[1] ?? id.trim();
}

/**
 * The flat properties of an event, keys in snake case. Absent facts produce no key (not
 * an empty string), so a Flow filter "exists" means what it says.
 */
export function buildEventProperties(facts: EventFacts): EventProperties {
  const f = EventFactsSchema.parse(facts);
  const out: EventProperties = {};
  const set = (key: string, value: PropertyValue | null | undefined) => {
    if (value === null || value === undefined) return;
    out[key] = typeof value === "string" ? clip(value) : value;
  };
  set("order_id", f.orderId ? numericId(f.orderId) : null);
  set("order_number", f.orderNumber);
  if (f.productTitles?.length) {
    set("product_title", f.productTitles.join(", "));
    set("product_titles", f.productTitles.map(clip));
  }
  set("trigger_product_title", f.triggerProductTitle);
  set("upgrade_type", f.upgradeType);
  if (f.oldInterval) set("old_frequency", describeInterval(f.oldInterval));
  if (f.newInterval) {
    set("new_frequency", describeInterval(f.newInterval));
    set("new_interval_unit", f.newInterval.unit);
    set("new_delivery_interval_count", f.newInterval.deliveryCount);
    set("new_billing_interval_count", f.newInterval.billingCount);
  }
  if (f.discount) {
    set("discount", describeDiscount(f.discount));
    set("discount_type", f.discount.type);
    set(
      "discount_value",
      f.discount.type === "percentage"
        ? Number(basisPointsToPercent(f.discount.basisPoints))
        : Number(toDecimalString({ amountMinor: f.discount.amountMinor, currency: f.discount.currency })),
    );
  }
  set("next_charge_date", f.nextChargeDate);
  if (f.amount) {
    set("amount", toDecimalString(f.amount));
    set("currency", f.amount.currency);
  }
  set("selling_plan", f.sellingPlanName);
  set("provider", f.provider);
  set("failure_reason", f.failureReason);
  set("attempts", f.attempts);
  if (f.isTest) set("is_test", true);
  return out;
}

const KEY_PART = /^[A-Za-z0-9_-]{1,200}$/;

/**
 * The event's `external_id`: the type plus the id of the fact it describes (an
 * acceptance, an offer impression), so a resend of the same fact is the same event at
 * Postscript and the same row here. "-" not ":" — it doubles as part of a BullMQ job id.
 */
export function externalIdFor(type: PostscriptEventType, key: string): string {
  if (!KEY_PART.test(key)) throw new Error(`An event key must be 1-200 letters, digits, "_" or "-"; got ${JSON.stringify(key)}`);
  return `${type}-${key}`;
}

/** UTC "%Y-%m-%d %H:%M:%S.%f" as Postscript documents it (microseconds). */
export function formatOccurredAt(date: Date): string {
  const iso = date.toISOString(); // 2025-06-20T00:00:00.000Z
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)}000`;
}

export interface EventContact {
  email?: string | null;
  phone?: string | null;
}

/** Exactly the documented top-level fields; anything else would be a 400. */
export interface PostscriptEventBody {
  type: string;
  external_id: string;
  occurred_at: string;
  properties: EventProperties;
  phone?: string;
  email?: string;
}

export function buildEventBody(input: {
  type: string;
  externalId: string;
  occurredAt: Date;
  properties: EventProperties;
  contact?: EventContact;
}): PostscriptEventBody {
  if (!EVENT_TYPE_PATTERN.test(input.type)) throw new Error(`Invalid Postscript event type ${JSON.stringify(input.type)}`);
  const body: PostscriptEventBody = {
    type: input.type,
    external_id: input.externalId,
    occurred_at: formatOccurredAt(input.occurredAt),
    properties: input.properties,
  };
  const phone = input.contact?.phone?.trim();
  const email = input.contact?.email?.trim();
  if (phone) body.phone = phone;
  if (email) body.email = email;
  return body;
}
