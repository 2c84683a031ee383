/**
 * Finds the Admin GraphQL operations in our TypeScript: every template literal whose text
 * starts with `#graphql`, read with the TypeScript compiler so strings, comments and
 * escapes are handled the way the compiler sees them. Each literal is validated against
 * the published schema, with fragment definitions from any other literal supplied.
 */
import fs from "node:fs";
import path from "node:path";
import { Kind, parse, visit, type DefinitionNode, type DocumentNode, type FragmentDefinitionNode } from "graphql";
import ts from "typescript";
import { validateAdminDocument } from "./admin-schema";

export interface GraphqlLiteral {
  file: string;
  /** 1-based line of the opening backtick. */
  line: number;
  /** The literal's text; `${…}` substitutions are replaced by nothing (fragments come from the pool). */
  text: string;
  substitutions: number;
}

/** Marker count by plain text search: a backtick, optional whitespace, `#graphql`. */
export const GRAPHQL_MARKER = /`\s*#graphql/g;
export const countMarkers = (source: string): number => source.match(GRAPHQL_MARKER)?.length ?? 0;

const isSource = (name: string) => /\.(ts|tsx)$/.test(name) && !name.endsWith(".d.ts") && !/\.test\.tsx?$/.test(name);

/** .ts and .tsx under `dir`, minus declaration files and tests (which may hold deliberately bad operations). */
export function listSources(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" ? [] : listSources(full);
    return entry.isFile() && isSource(entry.name) ? [full] : [];
  });
}

export function extractFromSource(source: string, file: string): GraphqlLiteral[] {
  const kind = file.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const sourceFile = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, kind);
  const found: GraphqlLiteral[] = [];
  const walk = (node: ts.Node) => {
    let text: string | undefined;
    let substitutions = 0;
    if (ts.isNoSubstitutionTemplateLiteral(node)) text = node.text;
    else if (ts.isTemplateExpression(node)) {
      text = node.head.text + node.templateSpans.map((span) => span.literal.text).join("");
      substitutions = node.templateSpans.length;
    }
    if (text !== undefined && text.trimStart().startsWith("#graphql")) {
      const line = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile)).line + 1;
      found.push({ file, line, text, substitutions });
    }
    ts.forEachChild(node, walk);
  };
  walk(sourceFile);
  return found;
}

export const extractFromFile = (file: string): GraphqlLiteral[] => extractFromSource(fs.readFileSync(file, "utf8"), file);

export interface OperationReport {
  literal: GraphqlLiteral;
  /** Operation names, or "(fragments only)", or "(unparsed)". */
  names: string[];
  errors: string[];
}

function fragmentSpreads(definitions: readonly DefinitionNode[]): Set<string> {
  const names = new Set<string>();
  for (const definition of definitions) {
    visit(definition, { FragmentSpread: (node) => void names.add(node.name.value) });
  }
  return names;
}

/** Validates every literal; fragments defined in one literal may be used by another. */
export function validateLiterals(literals: GraphqlLiteral[]): OperationReport[] {
  const parsed = literals.map((literal) => {
    try {
      return { literal, document: parse(literal.text) as DocumentNode | null, error: null as string | null };
    } catch (error) {
      return { literal, document: null, error: (error as Error).message };
    }
  });
  const pool = new Map<string, FragmentDefinitionNode>();
  const duplicates = new Set<string>();
  for (const { document } of parsed) {
    for (const def of document?.definitions ?? []) {
      if (def.kind !== Kind.FRAGMENT_DEFINITION) continue;
      if (pool.has(def.name.value)) duplicates.add(def.name.value);
      pool.set(def.name.value, def);
    }
  }
  return parsed.map(({ literal, document, error }) => {
    if (!document) return { literal, names: ["(unparsed)"], errors: [error ?? "unparsed"] };
    const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
    const errors: string[] = [];
    const local = new Set(document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [d.name.value] : [])));
    for (const name of local) if (duplicates.has(name)) errors.push(`fragment ${name} is defined more than once in app/`);
    // Pull in fragments defined elsewhere, following spreads inside them too.
    const definitions: DefinitionNode[] = [...document.definitions];
    for (let added = true; added;) {
      added = false;
      for (const name of fragmentSpreads(definitions)) {
        const fragment = pool.get(name);
        if (!local.has(name) && fragment) {
          definitions.push(fragment);
          local.add(name);
          added = true;
        }
      }
    }
    const full: DocumentNode = { kind: Kind.DOCUMENT, definitions };
    errors.push(...validateAdminDocument(full, { allowUnusedFragments: operations.length === 0 }).map((e) => e.message));
    // Style habit 13: operations are named, so logs and errors can say which one failed.
    for (const op of operations) if (op.kind === Kind.OPERATION_DEFINITION && !op.name) errors.push("operation has no name");
    const names = operations.length
      ? operations.map((op) => (op.kind === Kind.OPERATION_DEFINITION ? op.name?.value ?? "(anonymous)" : ""))
      : ["(fragments only)"];
    return { literal, names, errors };
  });
}
