/**
 * Relay connections as Shopify serves them: opaque cursors, `first`/`after` and
 * `last`/`before`, at most 250 per page, and `edges`, `nodes` and `pageInfo` together.
 */
import { GraphQLError } from "graphql";

export interface ConnectionArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
  reverse?: boolean | null;
}

const MAX_PAGE = 250;

const encodeCursor = (key: number): string => Buffer.from(JSON.stringify({ last_id: key, last_value: String(key) })).toString("base64url");

function decodeCursor(cursor: string): number {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as { last_id?: unknown };
    if (typeof parsed.last_id === "number") return parsed.last_id;
  } catch {
    // fall through to the error Shopify gives for a cursor it did not issue
  }
  throw new GraphQLError("Invalid cursor for current pagination sort.", { extensions: { code: "BAD_REQUEST" } });
}

/** Pages `all` by `keyOf`, then maps each node of the page through `view`. */
export function connection<T, V = T>(
  all: readonly T[],
  args: ConnectionArgs,
  keyOf: (item: T) => number,
  view: (item: T) => V = (item) => item as unknown as V,
) {
  const { first, last, after, before } = args;
  if (first == null && last == null) {
    throw new GraphQLError("you must provide one of first or last", { extensions: { code: "BAD_REQUEST" } });
  }
  for (const [name, value] of [["first", first], ["last", last]] as const) {
    if (value != null && (value < 0 || value > MAX_PAGE)) {
      throw new GraphQLError(`The argument \`${name}\` must be between 0 and ${MAX_PAGE}.`, { extensions: { code: "BAD_REQUEST" } });
    }
  }
  const items = args.reverse ? [...all].reverse() : [...all];
  let start = 0;
  let end = items.length;
  if (after) {
    const key = decodeCursor(after);
    const index = items.findIndex((item) => keyOf(item) === key);
    start = index < 0 ? items.length : index + 1;
  }
  if (before) {
    const key = decodeCursor(before);
    const index = items.findIndex((item) => keyOf(item) === key);
    end = index < 0 ? end : Math.min(end, index);
  }
  if (first != null) end = Math.min(end, start + first);
  if (last != null) start = Math.max(start, end - last);
  const page = items.slice(start, Math.max(start, end));
  const edges = page.map((item) => ({ cursor: encodeCursor(keyOf(item)), node: view(item) }));
  return {
    edges,
    nodes: edges.map((edge) => edge.node),
    pageInfo: {
      hasPreviousPage: start > 0,
      hasNextPage: end < items.length,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}

/** `{ count, precision }` for the *Count fields. */
export const count = (n: number) => ({ count: n, precision: "EXACT" });
