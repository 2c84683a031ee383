/**
 * A useful subset of Shopify's search syntax for `products(query:)`: `field:value`
 * terms (title, handle, sku, vendor, product_type, tag, status, id, published_status),
 * `*` wildcards, quoted values, `-`/NOT negation, OR between groups and plain text.
 * Unknown fields are ignored, as Shopify ignores them (it only adds a search warning).
 */
import type { SimProduct } from "../store";

interface Term { negate: boolean; field: string | null; value: string }

const TOKEN = /(-)?(?:([a-z_]+):)?(?:"([^"]*)"|'([^']*)'|(\S+))/gi;

function tokenize(query: string): Term[][] {
  const groups: Term[][] = [[]];
  let negateNext = false;
  for (const m of query.matchAll(TOKEN)) {
    const raw = m[3] ?? m[4] ?? m[5] ?? "";
    if (!m[2] && !m[1] && m[3] === undefined && m[4] === undefined) {
      if (raw === "OR") { groups.push([]); continue; }
      if (raw === "AND") continue;
      if (raw === "NOT") { negateNext = true; continue; }
    }
    groups.at(-1)!.push({ negate: Boolean(m[1]) || negateNext, field: m[2]?.toLowerCase() ?? null, value: raw });
    negateNext = false;
  }
  return groups.filter((g) => g.length > 0);
}

const escape = (s: string) => s.replace(/[.+?^${}()|[\]\\]/g, "\\$&");

/** `*foo*` and `foo*` glob over the whole text; a bare word matches a whole word or the whole text. */
function textMatches(text: string, pattern: string): boolean {
  const haystack = text.toLowerCase();
  const needle = pattern.toLowerCase();
  if (needle.includes("*")) {
    const regex = new RegExp(`^${needle.split("*").map(escape).join(".*")}$`, "s");
    return regex.test(haystack) || haystack.split(/\s+/).some((word) => regex.test(word));
  }
  return haystack === needle || haystack.split(/[^a-z0-9]+/).includes(needle);
}

/** Whether the product satisfies the term, or null for a field Shopify would ignore. */
function termMatches(p: SimProduct, term: Term): boolean | null {
  const v = term.value;
  switch (term.field) {
    case null:
      return [p.title, p.handle, p.vendor, p.productType, ...p.tags, ...p.variants.map((x) => x.sku ?? "")]
        .some((text) => text.toLowerCase().includes(v.toLowerCase().replaceAll("*", "")));
    case "title": return textMatches(p.title, v);
    case "handle": return textMatches(p.handle, v);
    case "vendor": return textMatches(p.vendor, v);
    case "product_type": return textMatches(p.productType, v);
    case "tag": return p.tags.some((t) => textMatches(t, v));
    case "sku": return p.variants.some((x) => x.sku !== null && textMatches(x.sku, v));
    case "status": return v.split(",").map((s) => s.trim().toUpperCase()).includes(p.status);
    case "id": return String(p.id) === v;
    case "published_status":
      if (v === "published") return p.published;
      if (v === "unpublished") return !p.published;
      return true;
    default: return null;
  }
}

export function productMatches(p: SimProduct, query: string | null | undefined): boolean {
  if (!query || !query.trim()) return true;
  const groups = tokenize(query);
  return groups.length === 0 || groups.some((group) => group.every((term) => {
    const matched = termMatches(p, term);
    return matched === null || matched !== term.negate;
  }));
}
