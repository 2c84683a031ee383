/**
 * What one run of an upgrade job carries between the orchestrator (processor.server.ts),
 * the attempt (attempt.server.ts) and the failure handling (failure.server.ts).
 */
import type { Job } from "bullmq";
import { z } from "zod";
import type { Logger } from "~/logger.server";
import type { RateLimiter, RateLimitRule } from "~/providers/rate-limiter.server";
import type { ProviderName, ProviderSubscription, UpgradeChange } from "~/providers/types";
import type { UpgradeForJob } from "./state.server";

export const UpgradeJobDataSchema = z.object({
  upgradeJobId: z.string().min(1),
  acceptanceId: z.string().min(1),
  outboxId: z.string().optional(),
});
export type UpgradeJobData = z.infer<typeof UpgradeJobDataSchema>;
export type UpgradeJobResult = { outcome: "succeeded" | "already_applied" } | { skipped: string };

/**
 * A final outcome, for whoever listens (the worker's composition root sends it to
 * Postscript, PS-2). A listener must never throw: the outcome is already recorded.
 */
export type UpgradeOutcome =
  | { type: "succeeded"; upgradeJobId: string; change: UpgradeChange; before?: ProviderSubscription; after: ProviderSubscription }
  | { type: "failed"; upgradeJobId: string; reason: string; attempts: number };
export type UpgradeOutcomeListener = (outcome: UpgradeOutcome) => Promise<void>;

export interface UpgradeProcessorDeps {
  /** Shared by every worker process (provider-limiter.server.ts); scoped per shop here. */
  limiter: RateLimiter;
  /** UPGRADE_RETRY_SCALE: multiplies the 1 h / 24 h retry offsets. */
  retryScale: number;
  timeoutMs?: number;
  baseUrlFor?: (provider: ProviderName) => string | undefined;
  /** Overrides the documented provider buckets (simulators run faster in the bench). */
  rateLimitFor?: (provider: ProviderName) => RateLimitRule | undefined;
  onOutcome?: UpgradeOutcomeListener;
  now?: () => number;
  fetch?: typeof fetch;
  logger?: Logger;
}

export interface Run {
  upgrade: UpgradeForJob;
  job: Job<UpgradeJobData>;
  token: string | undefined;
  attempt: number;
  maxAttempts: number;
  startedAt: Date;
  /** Start of this attempt budget: a manual retry is a new BullMQ job. */
  budgetStart: Date;
  statusBefore: string;
  openRowId: string | null;
  resumed: boolean;
  /** The provider subscription, once found. */
  subscriptionId: string | null;
  secrets: string[];
  log: Logger;
}
