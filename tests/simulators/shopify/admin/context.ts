import type { ShopState } from "../store";

/** Per-request context handed to every resolver. */
export interface AdminContext {
  shop: ShopState;
  /** The simulator's own origin, e.g. http://127.0.0.1:4100. */
  baseUrl: string;
  /** Fields the simulator has no data for; reported back in `extensions.simulator`. */
  unimplemented: Set<string>;
}

/** Seeded and staged media live on the simulator; resolve their paths against its origin. */
export const absoluteUrl = (ctx: AdminContext, url: string): string => (url.startsWith("/") ? `${ctx.baseUrl}${url}` : url);

export const iso = (date: Date | null): string | null => (date ? date.toISOString() : null);
