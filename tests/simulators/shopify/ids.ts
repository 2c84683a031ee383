import { GraphQLError } from "graphql";
import { gid } from "../catalog";

export { gid };

/**
 * The numeric id inside a GID of the expected type, or null when the GID names another
 * type (Shopify then resolves the field to null). A value that is not a GID at all is a
 * top-level error, as Shopify answers "Invalid global id".
 */
export function parseGid(value: string, type: string): number | null {
  const match = /^gid:\/\/shopify\/([A-Za-z]+)\/(\d+)(\?.*)?$/.exec(value);
  if (!match) throw new GraphQLError(`Invalid global id '${value}'`, { extensions: { code: "RESOURCE_NOT_FOUND" } });
  return match[1] === type ? Number(match[2]) : null;
}

/** Any GID's type and numeric id, or null. */
export function splitGid(value: string): { type: string; id: number } | null {
  const [, type, digits] = /^gid:\/\/shopify\/([A-Za-z]+)\/(\d+)(\?.*)?$/.exec(value) ?? [];
  return type && digits ? { type, id: Number(digits) } : null;
}
