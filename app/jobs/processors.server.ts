/**
 * The worker's processors, one per queue. Each entry says how to process a job and the
 * worker settings it needs (concurrency, backoff strategy, rate limits).
 */
import type { Processor, WorkerOptions } from "bullmq";
import type { QueueName } from "./queues.server";

export interface ProcessorRegistration {
  queue: QueueName;
  processor: Processor;
  options?: Omit<WorkerOptions, "connection" | "prefix">;
}

export function processorRegistrations(): ProcessorRegistration[] {
  return [];
}
