import type { z } from "zod";
import { zodIssues } from "./zod-issues";
import { wellFormedJson } from "./text";

/**
 * Parses a verified webhook payload; a payload we cannot read is a 400 (OPS-3), and so
 * is one whose text is not well-formed Unicode or absurdly long, whatever the topic.
 */
export function parseWebhookPayload<T extends z.ZodType>(schema: T, payload: unknown, topic: string): z.infer<T> {
  const result = wellFormedJson.pipe(schema).safeParse(payload);
  if (!result.success) {
    throw new Response(`Invalid ${topic} payload: ${zodIssues(result.error)}`, { status: 400 });
  }
  return result.data;
}
