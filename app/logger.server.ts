/**
 * Structured JSON logs, one line each. Callers pass fields; values under keys that can
 * hold secrets or personal data are masked here, so a slip elsewhere cannot leak them.
 */
type Level = "debug" | "info" | "warn" | "error";
type Fields = Record<string, unknown>;

const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const SECRET_KEY = /token|secret|password|authorization|api[-_]?key|cookie|email|phone/i;

function threshold(): number {
  const wanted = (process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "warn" : "info")) as Level;
  return ORDER[wanted] ?? ORDER.info;
}

/** Nested objects deeper than this are cut, so a cyclic value cannot hang or crash a log call. */
const MAX_DEPTH = 8;
/** How many causes of an error are kept; longer (or cyclic) chains end in a marker. */
export const MAX_CAUSE_DEPTH = 5;

export function redact(fields: Fields, depth = 0): Fields {
  const out: Fields = {};
  for (const [key, value] of Object.entries(fields)) {
    out[key] = SECRET_KEY.test(key) ? "[redacted]" : redactValue(value, depth + 1, 0);
  }
  return out;
}

function redactValue(value: unknown, depth: number, causeDepth: number): unknown {
  if (value instanceof Error) return serializeError(value, depth, causeDepth);
  if (!value || typeof value !== "object" || Array.isArray(value)) return value;
  return depth > MAX_DEPTH ? "[too deep]" : redact(value as Fields, depth);
}

/**
 * An error as a plain object: name, message, stack, its own fields (a provider error's
 * status, a Prisma error's code; masked like any other field) and its cause chain, which
 * is where a wrapped error keeps what actually went wrong.
 */
function serializeError(error: Error, depth: number, causeDepth: number): Fields {
  const { cause, ...own } = error as Error & { cause?: unknown };
  const out: Fields = { name: error.name, message: error.message, ...redact(own, depth) };
  if (error.stack) out.stack = error.stack;
  if (cause !== undefined) {
    out.cause = causeDepth >= MAX_CAUSE_DEPTH ? "[cause chain truncated]" : redactValue(cause, depth + 1, causeDepth + 1);
  }
  return out;
}

export interface Logger {
  debug(msg: string, fields?: Fields): void;
  info(msg: string, fields?: Fields): void;
  warn(msg: string, fields?: Fields): void;
  error(msg: string, fields?: Fields): void;
  child(fields: Fields): Logger;
}

export function createLogger(base: Fields = {}, write: (line: string) => void = (l) => process.stdout.write(l + "\n")): Logger {
  const log = (level: Level) => (msg: string, fields: Fields = {}) => {
    if (ORDER[level] < threshold()) return;
    write(JSON.stringify({ time: new Date().toISOString(), level, msg, ...redact({ ...base, ...fields }) }));
  };
  return {
    debug: log("debug"),
    info: log("info"),
    warn: log("warn"),
    error: log("error"),
    child: (fields) => createLogger({ ...base, ...fields }, write),
  };
}

export const logger = createLogger();
