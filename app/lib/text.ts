/**
 * Text that may reach the database or a provider (OPS-3). A JSON body, a webhook or a
 * signed token can carry "\ud800": valid JSON, but a lone UTF-16 surrogate has no UTF-8
 * form, so Prisma's drivers fail on it with a 500. Form posts cannot carry one (the
 * platform decodes bytes to U+FFFD), JSON can. Every boundary checks its text here, and
 * caps its length, so bad input gets a 400 saying what is wrong instead.
 * Browser-safe: the admin and the extension run the same checks.
 */
import { z } from "zod";

/** The longest single string any boundary accepts, whatever the field. */
export const MAX_TEXT_LENGTH = 65_536;

export const MALFORMED_TEXT_MESSAGE = "must be well-formed Unicode text (it contains a lone UTF-16 surrogate such as \\ud800); send the text as valid UTF-8";

/** False when a high surrogate lacks its low half or a low one stands alone (String#isWellFormed, everywhere). */
export function isWellFormedText(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0xd800 || code > 0xdfff) continue;
    if (code >= 0xdc00) return false;
    const next = value.charCodeAt(i + 1);
    if (!(next >= 0xdc00 && next <= 0xdfff)) return false;
    i++;
  }
  return true;
}

/** A string field: well-formed Unicode, at most `max` characters (and at least `min`). */
export function text(max: number, min = 0) {
  return z
    .string()
    .min(min, min === 1 ? "must not be empty" : `must be at least ${min} characters`)
    .max(max, `must be at most ${max} characters`)
    .refine(isWellFormedText, MALFORMED_TEXT_MESSAGE);
}

export interface TextIssue {
  path: Array<string | number>;
  message: string;
}

/** The first string anywhere in a parsed JSON value that is malformed or too long, or null. */
export function findTextIssue(value: unknown, maxLength = MAX_TEXT_LENGTH): TextIssue | null {
  const stack: Array<{ value: unknown; path: Array<string | number> }> = [{ value, path: [] }];
  while (stack.length > 0) {
    const { value: current, path } = stack.pop()!;
    if (typeof current === "string") {
      if (!isWellFormedText(current)) return { path, message: MALFORMED_TEXT_MESSAGE };
      if (current.length > maxLength) return { path, message: `must be at most ${maxLength} characters` };
    } else if (Array.isArray(current)) {
      current.forEach((item, index) => stack.push({ value: item, path: [...path, index] }));
    } else if (current !== null && typeof current === "object") {
      for (const [key, item] of Object.entries(current)) {
        // A key is text too: it can end up in a JSON column.
        if (!isWellFormedText(key) || key.length > maxLength) return { path: [...path, key], message: `has a key that ${MALFORMED_TEXT_MESSAGE}` };
        stack.push({ value: item, path: [...path, key] });
      }
    }
  }
  return null;
}

/** Any JSON value whose text is all well-formed; `.pipe()` it into the boundary's schema. */
export const wellFormedJson = z.unknown().superRefine((value, ctx) => {
  const issue = findTextIssue(value);
  if (issue) ctx.addIssue({ code: z.ZodIssueCode.custom, path: issue.path, message: issue.message });
});
