/**
 * Skio GraphQL simulator (providers.md §2): POST /v1/graphql with `authorization: API
 * <token>`, JSON {query, variables} or a raw application/graphql body, real validation
 * against skio-schema.ts, Skio's depth limit of 4, per-token throttling.
 */
import { GraphQLError, execute, parse, validate, Kind, type DocumentNode, type SelectionSetNode } from "graphql";
import { createSkioRoot } from "./skio-resolvers";
import { skioSchema } from "./skio-schema";
import { addSkioSubscription, defaultSkioTokens, emptySkioState, seedSkioCatalog, type SkioSeed, type SkioSimState } from "./skio-state";
import { DEMO_SHOP, OTHER_SHOP, demoSpecs, normalizeSpec, type SimSubscriptionSpec, type SimToken } from "./seed";
import { LeakyBucket, rateLimitSetting, startSimServer, tokenControl, type Faults, type RecordedRequest, type SimResponse, type SimStats } from "./sim-server";

export { SKIO_ALL_SCOPES, SKIO_DISCOUNT_CODES, SKIO_SIM_TOKENS, type SkioSimState } from "./skio-state";

export const SKIO_GRAPHQL_PATH = "/v1/graphql";
/** Levels of object fields, the root field counting as 1 (providers.md §2: depth 4). */
const MAX_DEPTH = 4;

export interface SkioSimOptions {
  port?: number;
  seed?: SkioSeed;
  /** Per-token bucket (default 2000 requests, draining 2000 per minute). */
  rateLimit?: { capacity: number; drainPerSecond: number };
}

export interface SkioSimulator {
  /** The GraphQL endpoint itself (what SKIO_API_URL points at). */
  url: string;
  state: SkioSimState;
  faults: Faults;
  requests: RecordedRequest[];
  stats: SimStats;
  addSubscription(spec: SimSubscriptionSpec): { subscriptionId: string; lineIds: string[] };
  addToken(token: SimToken): void;
  reset(): void;
  close(): Promise<void>;
}

const errorBody = (message: string, code: string) => ({ errors: [{ message, extensions: { code, path: "$" } }] });

function depthOf(selectionSet: SelectionSetNode | undefined, document: DocumentNode): number {
  if (!selectionSet) return 0;
  let max = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) max = Math.max(max, selection.selectionSet ? 1 + depthOf(selection.selectionSet, document) : 0);
    else if (selection.kind === Kind.INLINE_FRAGMENT) max = Math.max(max, depthOf(selection.selectionSet, document));
    else {
      const fragment = document.definitions.find((d) => d.kind === Kind.FRAGMENT_DEFINITION && d.name.value === selection.name.value);
      if (fragment && fragment.kind === Kind.FRAGMENT_DEFINITION) max = Math.max(max, depthOf(fragment.selectionSet, document));
    }
  }
  return max;
}

export async function startSkioSimulator(options: SkioSimOptions = {}): Promise<SkioSimulator> {
  const state = emptySkioState();
  const bucket = new LeakyBucket(options.rateLimit?.capacity ?? 2000, options.rateLimit?.drainPerSecond ?? 2000 / 60);

  function load(): void {
    Object.assign(state, emptySkioState());
    for (const token of options.seed?.tokens ?? defaultSkioTokens()) state.tokens.set(token.token, token);
    seedSkioCatalog(state, DEMO_SHOP);
    seedSkioCatalog(state, OTHER_SHOP, { discountCodes: false });
    for (const spec of options.seed?.subscriptions ?? demoSpecs()) addSkioSubscription(state, spec);
    bucket.reset();
  }
  load();

  async function run(source: string, variables: Record<string, unknown> | undefined, operationName: string | undefined, token: SimToken): Promise<SimResponse> {
    let document: DocumentNode;
    try {
      document = parse(source);
    } catch (error) {
      return { status: 200, body: errorBody(error instanceof GraphQLError ? error.message : "parse error", "parse-failed") };
    }
    const [invalid] = validate(skioSchema(), document);
    if (invalid) return { status: 200, body: errorBody(invalid.message, "validation-failed") };
    for (const definition of document.definitions) {
      if (definition.kind === Kind.OPERATION_DEFINITION) {
        for (const root of definition.selectionSet.selections) {
          if (root.kind === Kind.FIELD && 1 + depthOf(root.selectionSet, document) > MAX_DEPTH) {
            return { status: 200, body: errorBody(`query depth exceeds the maximum of ${MAX_DEPTH}`, "validation-failed") };
          }
        }
      }
    }
    const result = await execute({ schema: skioSchema(), document, rootValue: createSkioRoot(state, token), variableValues: variables, operationName });
    const errors = result.errors?.map((e) => ({ message: e.message, extensions: { code: "unexpected", path: "$", ...e.extensions } }));
    return { status: 200, body: errors?.length ? { data: result.data ?? null, errors } : { data: result.data } };
  }

  const core = await startSimServer({
    port: options.port,
    hooks: {
      errorBody: (status) =>
        status === 401 ? errorBody("Invalid API token", "access-denied") : status === 429 ? errorBody("Too many requests", "throttled") : errorBody(`HTTP ${status}`, "unexpected"),
      reset: load,
      snapshot: () => ({ subscriptions: [...state.subscriptions.values()], lines: [...state.lines.values()], orders: [...state.orders.values()] }),
      controls: {
        subscriptions: (body) => addSkioSubscription(state, normalizeSpec(body as SimSubscriptionSpec)),
        tokens: tokenControl<SimToken>((token) => state.tokens.set(token.token, token)),
      },
      configure: rateLimitSetting(bucket),
      // The one guessed operation: swapSubscriptionProductVariants' pricingOption value (S2 only, SK-11).
      isGuessed: (req) => req.rawBody.includes("swapSubscriptionProductVariants"),
      handle: async (req, { stats }) => {
        if (req.path !== SKIO_GRAPHQL_PATH) return { status: 404, body: errorBody("not found", "not-found") };
        if (req.method !== "POST") return { status: 405, body: errorBody("use POST", "unexpected") };
        // "API <token>": the literal prefix, not Bearer.
        const header = String(req.headers.authorization ?? "");
        const token = header.startsWith("API ") ? state.tokens.get(header.slice(4)) : undefined;
        if (!token) return { status: 401, body: errorBody("Invalid API token", "access-denied") };
        if (!bucket.hit(token.token).ok) {
          stats.rateLimitViolations += 1;
          return { status: 429, body: errorBody("Too many requests", "throttled") };
        }
        const contentType = String(req.headers["content-type"] ?? "");
        if (contentType.includes("application/graphql")) return run(req.rawBody, undefined, undefined, token);
        const body = (req.json ?? {}) as { query?: string; variables?: Record<string, unknown>; operationName?: string };
        if (typeof body.query !== "string") return { status: 200, body: errorBody("missing query", "parse-failed") };
        return run(body.query, body.variables, body.operationName, token);
      },
    },
  });

  return {
    url: `${core.origin}${SKIO_GRAPHQL_PATH}`,
    state,
    faults: core.faults,
    requests: core.requests,
    stats: core.stats,
    addSubscription: (spec) => addSkioSubscription(state, normalizeSpec(spec)),
    addToken: (token) => void state.tokens.set(token.token, token),
    reset: core.reset,
    close: core.close,
  };
}
