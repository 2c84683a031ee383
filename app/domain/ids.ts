/**
 * Shopify ids in the two spellings Uplift meets: GIDs ("gid://shopify/Product/1001")
 * from the Admin API and our database, and numeric legacy ids (1001) from the
 * post-purchase extension's inputData and changesets (shopify.md §1.3, §1.5).
 * Everything inside the domain compares GIDs; numbers only appear at the edges.
 */

/** Resource types whose ids cross the post-purchase boundary. */
export type GidType = "Product" | "ProductVariant" | "SellingPlan" | "Customer" | "Order";

const GID_PATTERN = /^gid:\/\/shopify\/([A-Za-z]+)\/(\d+)$/;
const NUMERIC_PATTERN = /^\d+$/;

/** Thrown when a value is neither a GID of the expected type nor a numeric id. */
export class InvalidIdError extends Error {
  readonly type: GidType;
  readonly value: unknown;
  constructor(type: GidType, value: unknown) {
    super(`Expected a ${type} id (a GID or a numeric id), got ${JSON.stringify(value)}`);
    this.name = "InvalidIdError";
    this.type = type;
    this.value = value;
  }
}

/** The GID for `id`, or null when `id` is not a valid id of `type`. */
export function tryToGid(type: GidType, id: string | number): string | null {
  if (typeof id === "number") {
    return Number.isSafeInteger(id) && id > 0 ? `gid://shopify/${type}/${id}` : null;
  }
  const trimmed = id.trim();
  const match = GID_PATTERN.exec(trimmed);
  // Leading zeros are dropped so that one resource has exactly one spelling.
  if (match) {
    const [, matchedType, digits = ""] = match;
    return matchedType === type && isPositiveSafe(digits) ? `gid://shopify/${type}/${Number(digits)}` : null;
  }
  return NUMERIC_PATTERN.test(trimmed) && isPositiveSafe(trimmed) ? `gid://shopify/${type}/${Number(trimmed)}` : null;
}

/** The GID for `id` (a GID of `type` or a numeric id); throws InvalidIdError otherwise. */
export function toGid(type: GidType, id: string | number): string {
  const gid = tryToGid(type, id);
  if (gid === null) throw new InvalidIdError(type, id);
  return gid;
}

/** The numeric legacy id the post-purchase API wants, from a GID or numeric id of `type`. */
export function toNumericId(type: GidType, id: string | number): number {
  const gid = toGid(type, id);
  return Number(gid.slice(gid.lastIndexOf("/") + 1));
}

/** True when both values name the same resource, whatever their spelling. */
export function sameId(type: GidType, a: string | number | null | undefined, b: string | number | null | undefined): boolean {
  if (a === null || a === undefined || b === null || b === undefined) return false;
  const left = tryToGid(type, a);
  return left !== null && left === tryToGid(type, b);
}

function isPositiveSafe(digits: string): boolean {
  const value = Number(digits);
  return Number.isSafeInteger(value) && value > 0;
}
