/**
 * PRV-3: a frequency change on one line of a multi-line Loop subscription. Step one
 * copies the line into a new subscription on the new plan; step two removes it from the
 * original. Each finished step is recorded (onProgress) before the next starts, so a
 * retry resumes where the last attempt stopped and never leaves the line twice. "Split
 * requested" is recorded before the POST, so a lost answer makes the retry wait for the
 * copy instead of creating a second one.
 */
import type { ProgressTracker } from "../change";
import { isProviderError, ProviderPartialChangeError, ProviderUnavailableError } from "../errors";
import type { ProviderHttp, ProviderRequest } from "../http.server";
import { LOOP_SPLIT_ATTRIBUTE, loopRemoveLineRequest, loopSplitRequest, searchLoopSubscriptions } from "./unconfirmed.server";
import { LoopSubscriptionEnvelope, type LoopSubscription } from "./wire";
import type { Interval, ProviderSellingPlan, ProviderSubscription, UpgradeProgress } from "../types";

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

/** Runs a write whose answer may be lost: `sent` is recorded first and cleared again on a definite refusal. */
export async function sendRecorded(
  deps: { http: ProviderHttp; progress: ProgressTracker },
  request: ProviderRequest,
  sent: Partial<UpgradeProgress>,
  unsent: Partial<UpgradeProgress>,
) {
  await deps.progress.note(sent);
  try {
    return await deps.http.request(request);
  } catch (error) {
    // An answer came back (4xx/5xx): the write did not happen. A timeout or lost connection keeps the record.
    if (isProviderError(error) && error.status !== undefined) await deps.progress.note(unsent);
    throw error;
  }
}

export async function splitLoopLine(args: SplitArgs): Promise<{ id: string; lineId: string }> {
  const { http, sub, interval, plan, progress } = args;

  if (!progress.current.splitSubscriptionId) {
    const from = { splitFromSubscriptionId: progress.current.splitFromSubscriptionId ?? sub.id, splitFromLineId: progress.current.splitFromLineId ?? sub.lineId };
    const earlier = await findEarlierCopy(args);
    if (earlier) {
      await progress.complete("split", { ...from, splitSubscriptionId: earlier.id, splitLineId: earlier.lineId });
    } else if (progress.current.splitRequestedAt) {
      // The split was sent and its answer lost; Loop can take up to 24 h to show the copy. Wait, never split twice.
      throw new ProviderUnavailableError({
        provider: "loop",
        code: "not_visible_yet",
        message: `Uplift asked Loop at ${progress.current.splitRequestedAt} to move line ${from.splitFromLineId} of subscription ${from.splitFromSubscriptionId} to a new subscription, and Loop does not show the new subscription yet (Loop can take up to 24 hours). Uplift will look again instead of asking twice.`,
      });
    } else {
      const request = loopSplitRequest(sub.id, sub.lineId, interval, plan!.id, splitMarker(sub));
      const response = await sendRecorded(args, { ...request, ...args.write }, { ...from, splitRequestedAt: new Date().toISOString() }, { splitRequestedAt: undefined });
      const copy = http.parse(LoopSubscriptionEnvelope, response, request.action).data;
      await progress.complete("split", { ...from, splitSubscriptionId: copy.id, splitLineId: copy.lines[0]?.id ?? sub.lineId });
    }
  }

  if (!progress.has("remove_line")) {
    // Remove from the recorded original: a retry may have been handed the copy instead.
    const originalId = progress.current.splitFromSubscriptionId ?? sub.id;
    const originalLineId = progress.current.splitFromLineId ?? sub.lineId;
    const response = await http.request({ ...loopRemoveLineRequest(originalId, originalLineId), ...args.write });
    if (response.status === 404) {
      // Already removed (a lost answer) or a wrong path: only a re-read tells (audit High 2).
      const original = await args.getSubscription(originalId, `read subscription ${originalId}`);
      if (original?.lines.some((l) => l.id === originalLineId)) {
        const copyId = progress.current.splitSubscriptionId!;
        throw new ProviderPartialChangeError({
          provider: "loop",
          landed: [`new subscription ${copyId} with the product on the new frequency`],
          missing: [`removing line ${originalLineId} from subscription ${originalId}`],
          message: `Loop created subscription ${copyId} with the product on the new frequency, but refused to remove line ${originalLineId} from subscription ${originalId} (HTTP 404). The product is now on both subscriptions and would ship and bill twice: in Loop, remove it from subscription ${originalId} now. Retrying in Uplift will not fix this.`,
        });
      }
    }
    await progress.complete("remove_line");
  }
  return { id: progress.current.splitSubscriptionId!, lineId: progress.current.splitLineId! };
}
