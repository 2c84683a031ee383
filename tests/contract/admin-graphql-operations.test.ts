/**
 * Every Admin GraphQL operation in app/ (each `#graphql` template literal) must be valid
 * against Shopify's published 2026-10 Admin schema and use no deprecated field, argument
 * or enum value, so a typo or a removed field fails here instead of in a merchant's admin.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { validateAdminOperation } from "../simulators/shopify/admin-schema";
import {
  countMarkers,
  extractFromFile,
  extractFromSource,
  listSources,
  validateLiterals,
  type OperationReport,
} from "../simulators/shopify/extract-operations";
import { at, first } from "../support/entries";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const APP_DIR = path.join(repoRoot, "app");

const describeFailure = (report: OperationReport) =>
  `${path.relative(repoRoot, report.literal.file)}:${report.literal.line} ${report.names.join(", ")}\n    ${report.errors.join("\n    ")}`;

describe("Admin GraphQL operations in app/", () => {
  const files = listSources(APP_DIR);
  const literals = files.flatMap(extractFromFile);

  it("finds exactly as many #graphql template literals as there are markers in the source", () => {
    const perFile = files.map((file) => ({ file: path.relative(repoRoot, file), markers: countMarkers(fs.readFileSync(file, "utf8")), found: literals.filter((l) => l.file === file).length }));
    const mismatched = perFile.filter(({ markers, found }) => markers !== found);
    expect(mismatched, `the extractor missed #graphql literals in: ${JSON.stringify(mismatched)}`).toEqual([]);
    // app/ does hold operations (the Postscript contact lookup, the product picker, …): a
    // marker count of zero would mean the scan looked in the wrong place and checked nothing.
    const markers = perFile.reduce((sum, f) => sum + f.markers, 0);
    expect(markers, "no #graphql marker found under app/").toBeGreaterThan(0);
    expect(literals).toHaveLength(markers);
  });

  it("validates every operation against the published 2026-10 Admin schema, deprecated fields refused", () => {
    const failures = validateLiterals(literals).filter((report) => report.errors.length > 0);
    expect(failures.map(describeFailure).join("\n"), "invalid Admin GraphQL operations").toBe("");
  });
});

describe("the operation check itself", () => {
  it("accepts a known-good operation and rejects an unknown field and a deprecated field", () => {
    expect(validateAdminOperation(`#graphql
      query Offers($first: Int!) { products(first: $first) { nodes { id title onlineStoreUrl featuredMedia { preview { image { url } } } } } }`)).toEqual([]);
    expect(validateAdminOperation("query Bad { products(first: 1) { nodes { titel } } }").map((e) => e.message))
      .toEqual([expect.stringContaining('Cannot query field "titel" on type "Product"')]);
    expect(validateAdminOperation("query Old { products(first: 1) { nodes { featuredImage { url } } } }").map((e) => e.message))
      .toEqual([expect.stringContaining("Product.featuredImage is deprecated")]);
    expect(validateAdminOperation("query Broken { products(first: 1) {").length).toBe(1);
  });

  it("extracts plain, tagged and interpolated #graphql literals, ignores other strings, and resolves shared fragments", () => {
    const source = [
      "// a comment that mentions #graphql is not an operation",
      'const note = "#graphql in a plain string is not a template literal";',
      "const FIELDS = `#graphql",
      "  fragment OfferFields on Product { id title }`;",
      "export const LIST = `#graphql",
      "  query OfferList { products(first: 5) { nodes { ...OfferFields } } }",
      "  ${FIELDS}`;",
      "export const BAD = gql`#graphql",
      "  query BadOne { shop { nmae } }`;",
      "const html = `<p>#graphql not at the start</p>`;",
    ].join("\n");
    const found = extractFromSource(source, "fixture.ts");
    expect(found.map((l) => l.line)).toEqual([3, 5, 8]);
    expect(countMarkers(source)).toBe(found.length);
    const reports = validateLiterals(found);
    expect(reports.map((r) => [r.names, r.errors.length > 0])).toEqual([
      [["(fragments only)"], false],
      [["OfferList"], false],
      [["BadOne"], true],
    ]);
    expect(at(reports, 2).errors[0]).toContain('Cannot query field "nmae" on type "Shop"');
  });

  it("refuses anonymous operations, which logs and errors could not name", () => {
    const report = first(validateLiterals(extractFromSource("const q = `#graphql\n query { shop { name } }`;", "anon.ts")));
    expect(report.errors).toEqual(["operation has no name"]);
  });
});
