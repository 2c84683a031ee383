/**
 * The checks Postscript applies to `POST /api/v2/events` (providers.md §4): documented
 * fields only (unknown top-level → 400), type alphabet, occurred_at format, and flat
 * properties (≤ 100 keys, no "_" prefix, no PII-like keys, keys lower-cased).
 */
export const EVENT_FIELDS = ["type", "subscriber_id", "phone", "email", "occurred_at", "properties", "external_id"] as const;

export type PropertyValue = string | number | boolean | Array<string | number | boolean>;

export interface ValidEvent {
  type: string;
  subscriber_id?: string;
  phone?: string;
  email?: string;
  occurred_at?: string;
  properties: Record<string, PropertyValue>;
  external_id?: string;
}

const TYPE = /^[A-Za-z0-9_]{1,255}$/;
const OCCURRED_AT = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?$/;
/** Keys that name a person's contact or identity (the exact list is undocumented). */
const PII_KEY = /email|phone|address|birth|^(first_|last_|full_)?name$/;
const MAX_PROPERTIES = 100;

const isPrimitive = (v: unknown): v is string | number | boolean =>
  typeof v === "string" || (typeof v === "number" && Number.isFinite(v)) || typeof v === "boolean";

export function validateEvent(body: unknown): { ok: true; event: ValidEvent } | { ok: false; errors: string[] } {
  if (!body || typeof body !== "object" || Array.isArray(body)) return { ok: false, errors: ["The body must be a JSON object"] };
  const input = body as Record<string, unknown>;
  const errors: string[] = [];
  const unknown = Object.keys(input).filter((k) => !(EVENT_FIELDS as readonly string[]).includes(k));
  if (unknown.length) errors.push(`Unrecognized field(s): ${unknown.join(", ")}`);
  if (typeof input.type !== "string" || !TYPE.test(input.type)) errors.push("type is required: 1-255 letters, numbers or underscores");
  for (const key of ["subscriber_id", "phone", "email", "external_id"] as const) {
    if (input[key] !== undefined && input[key] !== null && typeof input[key] !== "string") errors.push(`${key} must be a string`);
  }
  if (input.occurred_at !== undefined && (typeof input.occurred_at !== "string" || !OCCURRED_AT.test(input.occurred_at))) {
    errors.push('occurred_at must be UTC "%Y-%m-%d %H:%M:%S.%f"');
  }
  const properties: Record<string, PropertyValue> = {};
  if (input.properties !== undefined && input.properties !== null) {
    if (typeof input.properties !== "object" || Array.isArray(input.properties)) {
      errors.push("properties must be an object");
    } else {
      const entries = Object.entries(input.properties as Record<string, unknown>);
      if (entries.length > MAX_PROPERTIES) errors.push(`properties may have at most ${MAX_PROPERTIES} keys`);
      for (const [rawKey, value] of entries) {
        const key = rawKey.toLowerCase();
        if (key.startsWith("_")) errors.push(`property ${rawKey}: keys may not start with "_"`);
        else if (PII_KEY.test(key)) errors.push(`property ${rawKey}: personal data is not allowed in properties`);
        else if (isPrimitive(value) || (Array.isArray(value) && value.every(isPrimitive))) properties[key] = value as PropertyValue;
        else errors.push(`property ${rawKey}: values must be strings, numbers, booleans or arrays of them (no nested objects)`);
      }
    }
  }
  if (errors.length) return { ok: false, errors };
  const event: ValidEvent = { type: input.type as string, properties };
  for (const key of ["subscriber_id", "phone", "email", "occurred_at", "external_id"] as const) {
    if (typeof input[key] === "string") event[key] = input[key] as string;
  }
  return { ok: true, event };
}
