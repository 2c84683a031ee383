/**
 * Shopify's published Admin GraphQL schema (2026-10), loaded once per process from the
 * introspection dump in ../shared/shopify. Both the simulator and the operation test
 * validate against it, so an operation the real API would reject fails here too.
 */
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { fileURLToPath } from "node:url";
import {
  buildClientSchema,
  NoDeprecatedCustomRule,
  NoUnusedFragmentsRule,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type GraphQLError,
  type GraphQLSchema,
  type IntrospectionQuery,
} from "graphql";

export const ADMIN_API_VERSION = "2026-10";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const SCHEMA_FILE = `shopify/admin-graphql-schema-${ADMIN_API_VERSION}.json.gz`;
// ../shared beside the main checkout; a worktree under /work/wt/<name> finds it one level further up.
export const ADMIN_SCHEMA_PATH =
  [path.resolve(repoRoot, "../shared", SCHEMA_FILE), path.resolve(repoRoot, "../../shared", SCHEMA_FILE)].find((candidate) => fs.existsSync(candidate)) ??
  path.resolve(repoRoot, "../shared", SCHEMA_FILE);

let cached: GraphQLSchema | undefined;

/** The Admin schema, built on first use and cached for the life of the process. */
export function loadAdminSchema(): GraphQLSchema {
  if (cached) return cached;
  const json = JSON.parse(zlib.gunzipSync(fs.readFileSync(ADMIN_SCHEMA_PATH)).toString("utf8")) as
    | { data: IntrospectionQuery }
    | IntrospectionQuery;
  // The published dump is `{ data: { __schema }, offline_scopes }`; accept a bare `{ __schema }` too.
  const introspection = "data" in json ? json.data : json;
  cached = buildClientSchema(introspection);
  return cached;
}

/** Spec rules plus NoDeprecatedCustomRule: Uplift never uses deprecated fields, args or enum values. */
export const ADMIN_VALIDATION_RULES = [...specifiedRules, NoDeprecatedCustomRule];

export interface ValidateDocumentOptions {
  /** A document holding only fragments is legal on its own when other documents use them. */
  allowUnusedFragments?: boolean;
  /** The simulator can be told to accept deprecated fields; the operation test never is. */
  allowDeprecated?: boolean;
}

export function validateAdminDocument(document: DocumentNode, options: ValidateDocumentOptions = {}): readonly GraphQLError[] {
  let rules = options.allowDeprecated ? [...specifiedRules] : ADMIN_VALIDATION_RULES;
  if (options.allowUnusedFragments) rules = rules.filter((rule) => rule !== NoUnusedFragmentsRule);
  return validate(loadAdminSchema(), document, rules);
}

/** Parses and validates one GraphQL source; a syntax error is returned, not thrown. */
export function validateAdminOperation(source: string): readonly GraphQLError[] {
  let document: DocumentNode;
  try {
    document = parse(source);
  } catch (error) {
    return [error as GraphQLError];
  }
  return validateAdminDocument(document);
}
