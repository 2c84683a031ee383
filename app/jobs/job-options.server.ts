/**
 * How each queue's jobs are added: attempts and backoff per topic. Delays come from the
 * outbox row's availableAt (a scheduled upgrade, the first-attempt grace period).
 */
import type { OutboxEvent } from "@prisma/client";
import type { JobsOptions } from "bullmq";
import { KEEP_JOBS, QUEUES } from "./queues.server";

export const RETRY_BACKOFF_TYPE = { upgrades: "upgrade-schedule", postscript: "postscript-jitter" } as const;

export function jobOptionsFor(event: Pick<OutboxEvent, "topic" | "availableAt">, now = Date.now()): JobsOptions {
  const delay = Math.max(0, event.availableAt.getTime() - now);
  switch (event.topic) {
    case QUEUES.upgrades:
      // JOB-2: three attempts in all; the schedule itself lives in the worker's backoff strategy.
      return { ...KEEP_JOBS, delay, attempts: 3, backoff: { type: RETRY_BACKOFF_TYPE.upgrades } };
    case QUEUES.postscript:
      return { ...KEEP_JOBS, delay, attempts: 8, backoff: { type: RETRY_BACKOFF_TYPE.postscript } };
    default:
      throw new Error(`No job options for outbox topic "${event.topic}"`);
  }
}
