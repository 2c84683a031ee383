import type { z } from "zod";

/** The one way a zod failure becomes text: "path.to.field: message; other: message". */
export function zodIssues(error: z.ZodError, root = "(root)"): string {
  return error.issues.map((issue) => `${issue.path.join(".") || root}: ${issue.message}`).join("; ");
}
