/**
 * Impressions off the hot path (ANA-1, RUN-14; docs/decisions/0011-impressions-off-the-hot-path.md).
 * The impression endpoint only adds to a bounded in-memory buffer and answers; the buffer
 * is written as "shown" OfferEvents in one statement every FLUSH_EVERY_MS, when it fills
 * up, and on SIGTERM/SIGINT. A crash loses at most the buffered impressions — never an
 * acceptance, which is written in its own request's transaction.
 *
 * Idempotent per (shop, purchase, offer): repeats in the buffer collapse; rows another
 * flush or another process already wrote are skipped; a race between two processes is
 * settled by the unique index. `onRecorded` (the Postscript "upgrade offered" event, PS-2)
 * runs after the write, once per impression that was new when its batch was written.
 */
import type { Db } from "~/db.server";
import { logger } from "~/logger.server";
import { isUniqueViolation } from "../../lib/prisma-errors.server";

export interface Impression {
  shopId: string;
  referenceId: string;
  offerId: string;
  customerId: string | null;
}

export interface ImpressionRecorderOptions<I extends Impression> {
  db: Pick<Db, "offerEvent">;
  flushEveryMs?: number;
  /** Past this many buffered impressions a flush starts at once; past twice as many, new ones are dropped (and logged). */
  maxBuffered?: number;
  onRecorded?: (impression: I) => void;
}

export const FLUSH_EVERY_MS = 250;
export const MAX_BUFFERED_IMPRESSIONS = 5000;

const keyOf = (i: Impression) => `${i.shopId}\u0000${i.referenceId}\u0000${i.offerId}`;
const rowOf = (i: Impression) => ({ shopId: i.shopId, referenceId: i.referenceId, offerId: i.offerId, offerKey: i.offerId, type: "shown", customerId: i.customerId });

/** The impressions of `batch` that have no "shown" row yet, one read per shop. */
async function unrecorded<I extends Impression>(db: ImpressionRecorderOptions<I>["db"], batch: I[]): Promise<I[]> {
  const shops = [...new Set(batch.map((i) => i.shopId))];
  const stored = await Promise.all(
    shops.map((shopId) =>
      db.offerEvent.findMany({
        where: { shopId, type: "shown", referenceId: { in: [...new Set(batch.filter((i) => i.shopId === shopId).map((i) => i.referenceId))] } },
        select: { shopId: true, referenceId: true, offerKey: true },
      }),
    ),
  );
  const known = new Set(stored.flat().map((row) => keyOf({ shopId: row.shopId, referenceId: row.referenceId, offerId: row.offerKey, customerId: null })));
  return batch.filter((i) => !known.has(keyOf(i)));
}

async function write<I extends Impression>(db: ImpressionRecorderOptions<I>["db"], batch: I[]): Promise<I[]> {
  const fresh = await unrecorded(db, batch);
  if (fresh.length === 0) return fresh;
  try {
    // createMany without skipDuplicates: SQLite's Prisma client has no such option.
    await db.offerEvent.createMany({ data: fresh.map(rowOf) });
    return fresh;
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }
  // Another process wrote some of them between the read and the insert: row by row.
  const created: I[] = [];
  for (const impression of fresh) {
    try {
      await db.offerEvent.create({ data: rowOf(impression) });
      created.push(impression);
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
  }
  return created;
}

export function createImpressionRecorder<I extends Impression>(options: ImpressionRecorderOptions<I>) {
  const flushEveryMs = options.flushEveryMs ?? FLUSH_EVERY_MS;
  const maxBuffered = options.maxBuffered ?? MAX_BUFFERED_IMPRESSIONS;
  let buffer = new Map<string, I>();
  let timer: ReturnType<typeof setTimeout> | null = null;
  let writing: Promise<void> = Promise.resolve();
  let dropped = 0;

  async function writeBatch(batch: I[]): Promise<void> {
    try {
      const created = await write(options.db, batch);
      for (const impression of created) options.onRecorded?.(impression);
    } catch (error) {
      // The database is unreachable: keep what fits for the next flush, drop the rest.
      let requeued = 0;
      for (const impression of batch) {
        if (buffer.size >= maxBuffered * 2) break;
        if (!buffer.has(keyOf(impression))) buffer.set(keyOf(impression), impression);
        requeued += 1;
      }
      dropped += batch.length - requeued;
      logger.error("impressions not written; retrying with the next flush", { count: batch.length, requeued, error });
      schedule();
    }
  }

  /** Writes everything buffered so far; resolves once it is stored (or failed and was requeued). */
  function flush(): Promise<void> {
    if (timer) clearTimeout(timer);
    timer = null;
    if (buffer.size > 0) {
      const batch = [...buffer.values()];
      buffer = new Map();
      // One write at a time, so a slow database never sees overlapping batches.
      writing = writing.then(() => writeBatch(batch));
    }
    return writing;
  }

  function schedule(): void {
    timer ??= setTimeout(() => void flush(), flushEveryMs);
  }

  return {
    /** Buffers one impression; never waits on the database and never throws. */
    add(impression: I): void {
      const key = keyOf(impression);
      if (buffer.has(key)) return;
      if (buffer.size >= maxBuffered * 2) {
        dropped += 1;
        if (dropped % 1000 === 1) logger.warn("impression buffer full; dropping impressions", { dropped });
        return;
      }
      buffer.set(key, impression);
      if (buffer.size >= maxBuffered) void flush();
      else schedule();
    },
    flush,
    /** For tests and metrics: impressions waiting, and impressions dropped so far. */
    stats: () => ({ buffered: buffer.size, dropped }),
  };
}

export type ImpressionRecorder<I extends Impression> = ReturnType<typeof createImpressionRecorder<I>>;

/** How long a stopping process may stay up after the last flush before the signal is raised again. */
const SHUTDOWN_GRACE_MS = 3000;

/**
 * Flushes `recorder` when the process is asked to stop (drain). Listening to a signal
 * replaces Node's default exit: a server that closes on the signal (remix-serve) lets the
 * process end by itself once the flush is written; otherwise the signal is raised again
 * after a short grace, so the process never outlives its stop request.
 */
export function flushOnShutdown(recorder: Pick<ImpressionRecorder<Impression>, "flush">): void {
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      void recorder.flush().finally(() => setTimeout(() => process.kill(process.pid, signal), SHUTDOWN_GRACE_MS).unref());
    });
  }
}
