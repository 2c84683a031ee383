/**
 * Pure helpers shared by the adapters: interval maths, the "already applied?" check
 * (JOB-6), step bookkeeping for resumable changes, and money formatting.
 */
import type { Discount, Interval, ProviderSubscription, UpgradeChange, UpgradeProgress } from "./types";

/** Marks a change whose every step finished. */
export const DONE_STEP = "done";

export function sameInterval(a: Interval, b: Interval): boolean {
  return a.unit === b.unit && a.deliveryCount === b.deliveryCount && a.billingCount === b.billingCount;
}

export function isPrepaidInterval(interval: Interval): boolean {
  return interval.billingCount > interval.deliveryCount;
}

const every = (count: number, unit: string) => (count === 1 ? `every ${unit}` : `every ${count} ${unit}s`);

/** "every 2 months" or "delivered every month, billed every 6 months". */
export function describeInterval(interval: Interval): string {
  if (!isPrepaidInterval(interval)) return every(interval.deliveryCount, interval.unit);
  return `delivered ${every(interval.deliveryCount, interval.unit)}, billed ${every(interval.billingCount, interval.unit)}`;
}

export const wantsFrequency = (change: UpgradeChange) => change.type !== "replacement";
export const wantsReplacement = (change: UpgradeChange) => change.type !== "frequency";

/**
 * JOB-6: true when the line already shows everything the change asks for. A change that
 * started (some steps recorded) is applied only once it recorded DONE_STEP, so a
 * half-finished Loop split is never skipped. A discount is invisible on the line, so it
 * counts as applied only when the progress says so.
 */
export function isChangeApplied(
  subscription: ProviderSubscription,
  change: UpgradeChange,
  progress?: UpgradeProgress,
): boolean {
  const steps = progress?.completedSteps ?? [];
  if (steps.includes(DONE_STEP)) return true;
  if (steps.length > 0) return false;
  if (wantsFrequency(change) && change.interval && !sameInterval(subscription.interval, change.interval)) return false;
  if (wantsReplacement(change) && change.replacement) {
    const { variantId, quantity } = change.replacement;
    if (subscription.variantId !== variantId || subscription.quantity !== quantity) return false;
  }
  return !change.discount;
}

export interface LineKey {
  variantId: string | null;
  productId: string | null;
}

/**
 * The line an upgrade targets among candidates: the order's variant first; then (a retry
 * after the swap went through) the replacement variant; then any line of the product.
 */
export function pickLine<L>(
  candidates: L[],
  key: (candidate: L) => LineKey,
  want: { productId: string; variantId?: string; replacementVariantId?: string },
): L | undefined {
  const find = (test: (k: LineKey) => boolean) => candidates.find((c) => test(key(c)));
  return (
    (want.variantId ? find((k) => k.variantId === want.variantId) : undefined) ??
    (want.replacementVariantId ? find((k) => k.variantId === want.replacementVariantId) : undefined) ??
    find((k) => k.productId === want.productId)
  );
}

/** Step bookkeeping: every completed step is reported before the next one starts. */
export function createProgressTracker(
  initial: UpgradeProgress | undefined,
  onProgress?: (progress: UpgradeProgress) => void | Promise<void>,
) {
  let progress: UpgradeProgress = { ...initial, completedSteps: [...(initial?.completedSteps ?? [])] };
  return {
    get current(): UpgradeProgress {
      return progress;
    },
    has(step: string): boolean {
      return progress.completedSteps.includes(step);
    },
    /** Records facts (ids, dates) without completing a step. */
    async note(patch: Partial<UpgradeProgress>): Promise<void> {
      progress = { ...progress, ...patch, completedSteps: progress.completedSteps };
      await onProgress?.(progress);
    },
    async complete(step: string, patch: Partial<UpgradeProgress> = {}): Promise<void> {
      const steps = progress.completedSteps.includes(step) ? progress.completedSteps : [...progress.completedSteps, step];
      progress = { ...progress, ...patch, completedSteps: steps };
      await onProgress?.(progress);
    },
  };
}
export type ProgressTracker = ReturnType<typeof createProgressTracker>;

function fractionDigits(currency: string): number {
  try {
    return new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** 1250 USD → "12.50"; 500 JPY → "500". */
export function minorToDecimal(amountMinor: number, currency: string): string {
  const digits = fractionDigits(currency);
  return (amountMinor / 10 ** digits).toFixed(digits);
}

/** 1500 basis points → "15"; 1250 → "12.5". */
export function basisPointsToPercent(basisPoints: number): string {
  return String(basisPoints / 100);
}

export function describeDiscount(discount: Discount): string {
  return discount.type === "percentage"
    ? `${basisPointsToPercent(discount.basisPoints)}% off`
    : `${minorToDecimal(discount.amountMinor, discount.currency)} ${discount.currency} off`;
}

/** "YYYY-MM-DD" from an ISO timestamp or date; null stays null. */
export function toDateOnly(value: string | null | undefined): string | null {
  if (!value) return null;
  const match = /^(\d{4}-\d{2}-\d{2})/.exec(value);
  return match?.[1] ?? null;
}

/** Numeric id from a Shopify GID ("gid://shopify/ProductVariant/2001" → "2001"). */
export function legacyIdFromGid(gid: string | null | undefined): string | null {
  if (!gid) return null;
  const match = /(\d+)$/.exec(gid);
  return match?.[1] ?? null;
}
