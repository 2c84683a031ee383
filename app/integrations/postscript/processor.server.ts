/**
 * The worker side of Postscript delivery (PS-4): the BullMQ processor for the
 * "postscript" queue and its retry schedule.
 *
 * Jobs get 8 attempts with backoff type "postscript-jitter" (job-options.server.ts).
 * BullMQ has one backoffStrategy per Worker and every queue gets its own Worker, so the
 * strategy lives in this registration's settings.
 */
import { UnrecoverableError, type Job, type Processor } from "bullmq";
import { z } from "zod";
import { RETRY_BACKOFF_TYPE } from "~/jobs/job-options.server";
import type { ProcessorRegistration } from "~/jobs/registration";
import { QUEUES } from "~/jobs/queues.server";
import { deliverPostscriptEvent, FinalDeliveryError, RetryableDeliveryError, type DeliveryDeps } from "./deliver.server";

const JobDataSchema = z.object({ deliveryId: z.string().min(1) }).loose();

/** Throttled (429): seconds, doubling, up to a minute. Postscript sends no Retry-After. */
const RATE_LIMIT_BASE_MS = 1_000;
const RATE_LIMIT_CAP_MS = 60_000;
/** Outage (5xx, timeout): 1, 2, 4 … minutes up to an hour: about 2 h over 8 attempts. */
const OUTAGE_BASE_MS = 60_000;
const OUTAGE_CAP_MS = 60 * 60_000;

/**
 * The wait before the next attempt. `attemptsMade` counts failures so far (1 after the
 * first). The jitter (×0.5–1.5) spreads retries so throttled shops do not return in step.
 */
export function postscriptRetryDelay(
  attemptsMade: number,
  error: unknown,
  options: { scale?: number; random?: () => number } = {},
): number {
  const rateLimited = error instanceof RetryableDeliveryError && error.rateLimited;
  const [base, cap] = rateLimited ? [RATE_LIMIT_BASE_MS, RATE_LIMIT_CAP_MS] : [OUTAGE_BASE_MS, OUTAGE_CAP_MS];
  const exponential = Math.min(cap, base * 2 ** Math.max(0, attemptsMade - 1));
  const jitter = 0.5 + (options.random ?? Math.random)();
  return Math.max(1, Math.round(exponential * jitter * (options.scale ?? 1)));
}

export function createPostscriptProcessor(deps: DeliveryDeps = {}): Processor {
  return async (job: Job) => {
    const { deliveryId } = JobDataSchema.parse(job.data);
    const attempt = job.attemptsMade + 1;
    const final = attempt >= (job.opts.attempts ?? 1);
    try {
      return await deliverPostscriptEvent({ deliveryId, attempt, final }, deps);
    } catch (error) {
      // Final: tell BullMQ not to spend the remaining attempts.
      if (error instanceof FinalDeliveryError) throw new UnrecoverableError(error.message);
      throw error;
    }
  };
}

export interface PostscriptRegistrationOptions {
  deps?: DeliveryDeps;
  /** Multiplies every retry delay (tests shrink it). */
  retryScale?: number;
  concurrency?: number;
}

/** The worker registration for the "postscript" queue (listed in app/worker.server.ts). */
export function postscriptProcessorRegistration(options: PostscriptRegistrationOptions = {}): ProcessorRegistration {
  return {
    queue: QUEUES.postscript,
    processor: createPostscriptProcessor(options.deps),
    options: {
      concurrency: options.concurrency ?? 5,
      // Postscript allows 15 requests a second per key; staying under it keeps 429s rare.
      limiter: { max: 15, duration: 1000 },
      settings: {
        backoffStrategy: (attemptsMade: number, type?: string, err?: Error) =>
          type === RETRY_BACKOFF_TYPE.postscript ? postscriptRetryDelay(attemptsMade, err, { scale: options.retryScale }) : 0,
      },
    },
  };
}
