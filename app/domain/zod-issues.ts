import type { z } from "zod";

/** What a caller needs of a zod issue to tell the user which field is wrong and why. */
export interface IssueSummary {
  path: PropertyKey[];
  message: string;
}

/**
 * The first issue of a failed parse. zod never reports a failure without an issue; the
 * fallback keeps that guarantee out of the callers instead of asserting it at each one.
 */
export function firstIssue(error: z.ZodError): IssueSummary {
  return error.issues[0] ?? { path: [], message: "The input is invalid: check every field and send it again" };
}
