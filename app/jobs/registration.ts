import type { Processor, WorkerOptions } from "bullmq";
import type { QueueName } from "./queues.server";

/**
 * What a feature hands the worker process for one queue: how to process a job and the
 * worker settings it needs. The worker's composition root (app/worker.server.ts) lists
 * them; jobs/ itself knows no feature.
 */
export interface ProcessorRegistration {
  queue: QueueName;
  processor: Processor;
  options?: Omit<WorkerOptions, "connection" | "prefix">;
  /** Called when the worker starts draining (before it waits for running jobs). */
  onDrain?: () => void;
}
