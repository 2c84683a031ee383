/**
 * A Stryker ignorer (issue 20): leaves out the prose of offer-selection skip reasons.
 *
 * Skip reasons ({ funnelId, code, message, rule }) explain to staff in the support console
 * why a funnel or offer was not shown. Their `code` and `rule` are the contract and are
 * mutated and tested; pinning every English sentence in a test would be noise that breaks
 * on each rewording, so string mutants of the `message` are ignored — only here:
 *   - the `message` of an object literal that also has a `funnelId` (offer-selection.ts),
 *   - the second argument of the `at(code, message, rule)` helper (selection-rules.ts).
 * Shopper- and merchant-facing messages (changeset, wizard, warnings) stay mutated.
 */

const REASON = "Skip-reason prose for the support console: the code and rule are tested, the wording is not (scripts/stryker-skip-reason-messages.mjs)";

const keyName = (key) => (key.type === "Identifier" ? key.name : key.type === "StringLiteral" ? key.value : null);

function isSkipReasonMessage(path) {
  if (!path.isStringLiteral() && !path.isTemplateLiteral()) return false;
  const parent = path.parentPath;
  if (parent?.isObjectProperty() && parent.node.value === path.node && keyName(parent.node.key) === "message") {
    const object = parent.parentPath;
    return Boolean(object?.isObjectExpression() && object.node.properties.some((p) => p.type === "ObjectProperty" && keyName(p.key) === "funnelId"));
  }
  if (parent?.isCallExpression()) {
    const { callee, arguments: args } = parent.node;
    return callee.type === "Identifier" && callee.name === "at" && args[1] === path.node;
  }
  return false;
}

// What @stryker-mutator/api's declareValuePlugin(PluginKind.Ignore, …) returns, written out
// so this file needs no import of a package that is only a dependency of Stryker's core.
export const strykerPlugins = [
  {
    kind: "Ignore",
    name: "skip-reason-messages",
    value: { shouldIgnore: (path) => (isSkipReasonMessage(path) ? REASON : undefined) },
  },
];
