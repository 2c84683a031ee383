/**
 * RUN-8 on SQLite: concurrent accepts never fail on a lock, even while another process
 * (the worker, a second web process) keeps taking the database's write lock.
 */
import { describe, expect, it } from "vitest";
import { holdSqliteWriteLock } from "../support/sqlite-lock-holder";
import { PARALLEL_ACCEPTS, runConcurrentAccepts } from "./concurrent-accepts-scenario";

describe("concurrent accepts on SQLite (RUN-8)", () => {
  it("RUN-8: twenty identical accepts in parallel over HTTP, while another process holds the write lock, give one acceptance and no 5xx", async () => {
    const result = await runConcurrentAccepts("sqlite", async () => {
      const holder = await holdSqliteWriteLock(process.env.DATABASE_URL!);
      return () => holder.stop();
    });
    expect(result.statuses).toEqual(Array(PARALLEL_ACCEPTS).fill(200));
    expect(result.alreadyRecorded.filter((already) => already === false)).toHaveLength(1);
    expect(result).toMatchObject({ acceptances: 1, upgradeJobs: 1, outboxRows: 1 });
  });
});
