import { describe, expect, it } from "vitest";
import { findTextIssue, isWellFormedText, MAX_TEXT_LENGTH, text } from "./text";

describe("well-formed text (OPS-3)", () => {
  it.each([
    ["plain ASCII", "hello", true],
    ["an emoji (a surrogate pair)", "coffee \u2615 \ud83d\ude00", true],
    ["a lone high surrogate", "a\ud800b", false],
    ["a lone high surrogate at the end", "ab\ud800", false],
    ["a lone low surrogate", "a\udc00b", false],
    ["a reversed pair", "\ude00\ud83d", false],
    ["the empty string", "", true],
  ])("OPS-3: %s is well-formed: %s", (_label, value, expected) => {
    expect(isWellFormedText(value)).toBe(expected);
  });

  it("OPS-3: names the path of the first malformed or over-long string, keys included", () => {
    expect(findTextIssue({ a: [1, { b: "ok" }, { c: "x\ud800" }] })?.path).toEqual(["a", 2, "c"]);
    expect(findTextIssue({ ["k\udc00"]: 1 })?.path).toEqual(["k\udc00"]);
    expect(findTextIssue({ long: "x".repeat(MAX_TEXT_LENGTH + 1) })).toMatchObject({ path: ["long"], message: expect.stringContaining(String(MAX_TEXT_LENGTH)) });
    expect(findTextIssue({ fine: ["a", 1, null, true, { b: "\ud83d\ude00" }] })).toBeNull();
  });

  it("OPS-3: text() says what is wrong with a field", () => {
    expect(text(5, 1).safeParse("").error?.issues[0]?.message).toBe("must not be empty");
    expect(text(5).safeParse("toolong").error?.issues[0]?.message).toBe("must be at most 5 characters");
    expect(text(5).safeParse("\ud800").error?.issues[0]?.message).toContain("well-formed Unicode");
    expect(text(5).parse("ok")).toBe("ok");
  });
});
