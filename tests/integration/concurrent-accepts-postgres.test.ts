/**
 * RUN-8 on PostgreSQL (production's database): twenty identical accepts at once meet
 * the unique constraint, never a lock timeout. The app's modules are imported after
 * DATABASE_URL points at a private PostgreSQL database.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestPostgres, type TestPostgres } from "../support/postgres-database";

let database: TestPostgres;

beforeAll(async () => {
  database = await createTestPostgres();
  process.env.DATABASE_URL = database.url;
}, 120_000);

afterAll(async () => {
  const { default: prisma } = await import("~/db.server");
  await prisma.$disconnect();
  await database?.drop();
});

describe("concurrent accepts on PostgreSQL (RUN-8)", () => {
  it("RUN-8: twenty identical accepts in parallel over HTTP give one acceptance, one upgrade job and no 5xx", async () => {
    const { PARALLEL_ACCEPTS, runConcurrentAccepts } = await import("./concurrent-accepts-scenario");
    const result = await runConcurrentAccepts("postgres");
    expect(result.statuses).toEqual(Array(PARALLEL_ACCEPTS).fill(200));
    expect(result.alreadyRecorded.filter((already) => already === false)).toHaveLength(1);
    expect(result).toMatchObject({ acceptances: 1, upgradeJobs: 1, outboxRows: 1 });
  });
});
