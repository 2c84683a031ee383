import { describe, expect, it } from "vitest";
import { createLogger, MAX_CAUSE_DEPTH } from "./logger.server";

/** Logs one error line and returns it parsed. */
function logged(fields: Record<string, unknown>): Record<string, unknown> {
  const lines: string[] = [];
  createLogger({}, (line) => lines.push(line)).error("it failed", fields);
  expect(lines).toHaveLength(1);
  return JSON.parse(lines[0] ?? "null") as Record<string, unknown>;
}

describe("logger: errors", () => {
  it("keeps an error's stack and its cause chain, each cause with its own stack", () => {
    const root = new Error("ECONNRESET");
    const middle = new Error("Recharge did not answer", { cause: root });
    const top = new Error("upgrade attempt failed", { cause: middle });

    const { error } = logged({ error: top });

    expect(error).toEqual({
      name: "Error",
      message: "upgrade attempt failed",
      stack: top.stack,
      cause: {
        name: "Error",
        message: "Recharge did not answer",
        stack: middle.stack,
        cause: { name: "Error", message: "ECONNRESET", stack: root.stack },
      },
    });
  });

  it("keeps a cause that is not an Error (a string, a plain object) as it is", () => {
    const { error } = logged({ error: new Error("wrapped", { cause: { status: 503, body: "busy" } }) });
    expect(error).toMatchObject({ cause: { status: 503, body: "busy" } });
    expect(logged({ error: new Error("wrapped", { cause: "timeout" }) }).error).toMatchObject({ cause: "timeout" });
  });

  it(`cuts the cause chain after ${MAX_CAUSE_DEPTH} causes, so a cyclic chain still logs one finite line`, () => {
    const cyclic = new Error("loops");
    cyclic.cause = cyclic;

    let level = logged({ error: cyclic }).error as Record<string, unknown>;
    for (let i = 0; i < MAX_CAUSE_DEPTH; i++) {
      expect(level.message).toBe("loops");
      level = level.cause as Record<string, unknown>;
    }
    expect(level.cause).toBe("[cause chain truncated]");
  });

  it("still redacts secrets: in the fields, in an error's own fields and inside its causes", () => {
    const inner = Object.assign(new Error("401 from provider"), { status: 401, headers: { authorization: "Bearer sk_live_123" } });
    const outer = Object.assign(new Error("token test failed", { cause: inner }), { accessToken: "shpat_abc", provider: "recharge" });

    const line = logged({ error: outer, apiKey: "key_456", customer: { email: "ana@example.com" } });

    expect(line).toMatchObject({
      apiKey: "[redacted]",
      customer: { email: "[redacted]" },
      error: { accessToken: "[redacted]", provider: "recharge", cause: { status: 401, headers: { authorization: "[redacted]" } } },
    });
    expect(JSON.stringify(line)).not.toMatch(/sk_live_123|shpat_abc|key_456|ana@example\.com/);
  });
});
