/**
 * PRV-3: a frequency change on one line of a multi-line Loop subscription. Step one
 * copies the line into a new subscription on the new plan; step two removes it from the
 * original. Each finished step is recorded (onProgress) before the next starts, so a
 * retry resumes where the last attempt stopped and never leaves the line twice.
 */
import type { ProgressTracker } from "../change";
import type { ProviderHttp, ProviderRequest } from "../http.server";
import { LOOP_SPLIT_ATTRIBUTE, loopRemoveLineRequest, loopSplitRequest, searchLoopSubscriptions } from "./unconfirmed.server";
import { LoopSubscriptionEnvelope, type LoopSubscription } from "./wire";
import type { Interval, ProviderSellingPlan, ProviderSubscription } from "../types";

export interface SplitArgs {
  http: ProviderHttp;
  write: Pick<ProviderRequest, "limiterKey" | "rule">;
  sub: ProviderSubscription;
  interval: Interval;
  plan: ProviderSellingPlan | null;
  progress: ProgressTracker;
  getSubscription: (id: string, action: string) => Promise<LoopSubscription | null>;
}

/** The marker the copy carries: which subscription line it was split from. */
export const splitMarker = (sub: Pick<ProviderSubscription, "id" | "lineId">) => `${sub.id}:${sub.lineId}`;

/**
 * A previous attempt may have created the copy and died before recording it. Find it by
 * its marker among the customer's subscriptions (Loop's delayed visibility can still hide
 * a very recent copy: see ADR 0005).
 */
async function findEarlierCopy(args: SplitArgs): Promise<{ id: string; lineId: string } | null> {
  const original = await args.getSubscription(args.sub.id, `read subscription ${args.sub.id}`);
  const customerId = original?.customer?.shopifyId;
  if (!customerId) return null;
  const marker = splitMarker(args.sub);
  const subs = await searchLoopSubscriptions(args.http, { customerShopifyId: customerId }, "look for an earlier split of this line");
  const copy = subs.find((s) => s.id !== args.sub.id && s.customAttributes?.some((a) => a.key === LOOP_SPLIT_ATTRIBUTE && a.value === marker));
  return copy && copy.lines[0] ? { id: copy.id, lineId: copy.lines[0].id } : null;
}

export async function splitLoopLine(args: SplitArgs): Promise<{ id: string; lineId: string }> {
  const { http, write, sub, interval, plan, progress } = args;

  if (!progress.current.splitSubscriptionId) {
    const from = { splitFromSubscriptionId: sub.id, splitFromLineId: sub.lineId };
    const earlier = await findEarlierCopy(args);
    if (earlier) {
      await progress.complete("split", { ...from, splitSubscriptionId: earlier.id, splitLineId: earlier.lineId });
    } else {
      const request = loopSplitRequest(sub.id, sub.lineId, interval, plan!.id, splitMarker(sub));
      const response = await http.request({ ...request, ...write });
      const copy = http.parse(LoopSubscriptionEnvelope, response, request.action).data;
      await progress.complete("split", { ...from, splitSubscriptionId: copy.id, splitLineId: copy.lines[0]?.id ?? sub.lineId });
    }
  }

  if (!progress.has("remove_line")) {
    // Remove from the recorded original: a retry may have been handed the copy instead.
    const originalId = progress.current.splitFromSubscriptionId ?? sub.id;
    const originalLineId = progress.current.splitFromLineId ?? sub.lineId;
    // A 404 means an earlier attempt already removed it (its answer was lost): done.
    await http.request({ ...loopRemoveLineRequest(originalId, originalLineId), ...write });
    await progress.complete("remove_line");
  }
  return { id: progress.current.splitSubscriptionId!, lineId: progress.current.splitLineId! };
}
