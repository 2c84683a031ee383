/**
 * firstIssue (app/domain/zod-issues.ts): the issue the editor shows next to the field,
 * and the fallback message for the (never seen) failure without an issue.
 */
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { firstIssue } from "./zod-issues";

const failureOf = (schema: z.ZodType, input: unknown) => {
  const result = schema.safeParse(input);
  if (result.success) throw new Error("Expected the parse to fail");
  return result.error;
};

describe("OPS-3: the first zod issue names the field and says why", () => {
  it("OPS-3: returns the first issue's path and message, not a later one's", () => {
    const schema = z.object({ name: z.string().min(1, "Give the funnel a name"), priority: z.number({ error: "Priority is a number" }) });
    const error = failureOf(schema, { name: "", priority: "high" });
    expect(error.issues).toHaveLength(2);
    expect(firstIssue(error)).toMatchObject({ path: ["name"], message: "Give the funnel a name" });
  });

  it("OPS-3: a nested field keeps its whole path", () => {
    const schema = z.object({ offers: z.array(z.object({ headline: z.string().max(3, "Headline too long") })) });
    expect(firstIssue(failureOf(schema, { offers: [{ headline: "ok" }, { headline: "much too long" }] }))).toMatchObject({ path: ["offers", 1, "headline"], message: "Headline too long" });
  });

  it("OPS-3: an error without issues falls back to an empty path and a message telling the user to check every field", () => {
    expect(firstIssue(new z.ZodError([]))).toEqual({ path: [], message: "The input is invalid: check every field and send it again" });
  });
});
