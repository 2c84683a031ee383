/**
 * JOB-6 support: isChangeApplied is pure, so the worker can skip a change the provider
 * already shows, and never skips a multi-step change that is only half done.
 */
import { describe, expect, it } from "vitest";
import { isChangeApplied } from "~/providers/change";
import type { ProviderSubscription, UpgradeChange, UpgradeProgress } from "~/providers/types";
import { everyTwoMonths, monthly } from "./support";

const line: ProviderSubscription = {
  id: "1",
  lineId: "1",
  productId: "1001",
  variantId: "2001",
  quantity: 1,
  interval: monthly,
  prepaid: false,
  nextChargeDate: "2026-12-21",
  status: "active",
  lineCount: 1,
};
const frequency: UpgradeChange = { type: "frequency", interval: everyTwoMonths, applyAtEndOfCycle: false };
const replacement: UpgradeChange = { type: "replacement", replacement: { productId: "1001", variantId: "2002", quantity: 2 }, applyAtEndOfCycle: false };
const both: UpgradeChange = { ...frequency, type: "both", replacement: replacement.replacement };
const progress = (...completedSteps: string[]): UpgradeProgress => ({ completedSteps });

describe("isChangeApplied", () => {
  it.each([
    { name: "frequency not yet applied", sub: line, change: frequency, p: undefined, applied: false },
    { name: "frequency already applied", sub: { ...line, interval: everyTwoMonths }, change: frequency, p: undefined, applied: true },
    { name: "replacement not yet applied", sub: line, change: replacement, p: undefined, applied: false },
    { name: "replacement with the wrong quantity", sub: { ...line, variantId: "2002" }, change: replacement, p: undefined, applied: false },
    { name: "replacement already applied", sub: { ...line, variantId: "2002", quantity: 2 }, change: replacement, p: undefined, applied: true },
    { name: "both, only the frequency shows", sub: { ...line, interval: everyTwoMonths }, change: both, p: undefined, applied: false },
    { name: "both already applied", sub: { ...line, interval: everyTwoMonths, variantId: "2002", quantity: 2 }, change: both, p: undefined, applied: true },
    { name: "a discount is never visible on the line", sub: { ...line, interval: everyTwoMonths }, change: { ...frequency, discount: { type: "percentage" as const, basisPoints: 500 } }, p: undefined, applied: false },
    { name: "a half-done Loop split (split recorded, remove not)", sub: { ...line, interval: everyTwoMonths }, change: frequency, p: progress("split"), applied: false },
    { name: "every step recorded", sub: line, change: { ...frequency, discount: { type: "percentage" as const, basisPoints: 500 } }, p: progress("split", "remove_line", "discount", "done"), applied: true },
  ])("JOB-6: $name → $applied", ({ sub, change, p, applied }) => {
    expect(isChangeApplied(sub, change, p)).toBe(applied);
  });
});
