/**
 * JSON documents in TEXT columns (docs/decisions/0009-json-in-text-columns.md): each
 * column has exactly one zod schema, and every write and read goes through it, so a
 * row can never hold a shape that only one side understands. Object documents carry a
 * `version` the schema checks; a reader meeting another version refuses the row rather
 * than guessing.
 */
import type { z } from "zod";
import { zodIssues } from "./zod-issues";
import { AppError } from "./errors";

/** A stored document that does not match its column's schema: a bug or a foreign write. */
export class StoredJsonError extends AppError {
  readonly code = "stored_json_invalid";
  readonly kind = "internal" as const;
  constructor(
    readonly column: string,
    readonly problem: string,
  ) {
    super(`${column} holds an unreadable document (${problem})`);
  }
}

export type JsonRead<T> = { ok: true; value: T } | { ok: false; problem: string };

export interface JsonColumn<S extends z.ZodType> {
  readonly column: string;
  readonly schema: S;
  /** Validates, then serialises; throws StoredJsonError instead of writing a bad document. */
  serialize(value: z.input<S>): string;
  /** Parses a stored document; throws StoredJsonError when it does not match. */
  parse(text: string): z.output<S>;
  safeParse(text: string | null | undefined): JsonRead<z.output<S>>;
}

export function defineJsonColumn<S extends z.ZodType>(column: string, schema: S): JsonColumn<S> {
  function safeParse(text: string | null | undefined): JsonRead<z.output<S>> {
    if (text === null || text === undefined || text === "") return { ok: false, problem: "empty" };
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      return { ok: false, problem: "not JSON" };
    }
    const parsed = schema.safeParse(raw);
    return parsed.success ? { ok: true, value: parsed.data } : { ok: false, problem: zodIssues(parsed.error) };
  }
  return {
    column,
    schema,
    serialize(value) {
      const parsed = schema.safeParse(value);
      if (!parsed.success) throw new StoredJsonError(column, zodIssues(parsed.error));
      return JSON.stringify(parsed.data);
    },
    parse(text) {
      const read = safeParse(text);
      if (!read.ok) throw new StoredJsonError(column, read.problem);
      return read.value;
    },
    safeParse,
  };
}
