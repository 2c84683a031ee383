import type { z } from "zod";
import { zodIssues } from "./zod-issues";

/** Parses a verified webhook payload; a payload we cannot read is a 400 (OPS-3). */
export function parseWebhookPayload<T extends z.ZodType>(schema: T, payload: unknown, topic: string): z.infer<T> {
  const result = schema.safeParse(payload);
  if (!result.success) {
    throw new Response(`Invalid ${topic} payload: ${zodIssues(result.error)}`, { status: 400 });
  }
  return result.data;
}
