/**
 * SQLite (the default database) lets one process write at a time, and the libsql driver
 * answers "database is locked" at once instead of waiting: with a web process and
 * several worker processes on one file, a write can hit another's lock. These helpers
 * tune SQLite for several processes and retry a write a few times.
 * PostgreSQL never raises these errors, so there they cost nothing.
 */
import prisma from "~/db.server";
import { logger } from "~/logger.server";

const LOCKED = /SQLITE_BUSY|database is locked|SQLITE_LOCKED/i;

export function isDatabaseLocked(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const { code, cause, meta } = error as { code?: unknown; cause?: unknown; meta?: { driverAdapterError?: { cause?: { originalMessage?: unknown; originalCode?: unknown } } } };
  // Prisma's libsql adapter reports SQLITE_BUSY as P1008 "Operation has timed out".
  const driver = meta?.driverAdapterError?.cause;
  if (driver && (driver.originalCode === "5" || driver.originalCode === "6" || (typeof driver.originalMessage === "string" && LOCKED.test(driver.originalMessage)))) return true;
  if (LOCKED.test(error.message) || (typeof code === "string" && LOCKED.test(code))) return true;
  return cause instanceof Error && cause !== error && isDatabaseLocked(cause);
}

/** Runs `work` (a write, or a whole transaction) again while the database is locked. */
export async function withDbRetry<T>(work: () => Promise<T>, attempts = 12): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await work();
    } catch (error) {
      if (i >= attempts || !isDatabaseLocked(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.min(400, 10 * 2 ** Math.min(i, 6)) * (0.5 + Math.random())));
    }
  }
}

/**
 * SQLite only (a no-op on PostgreSQL): WAL journal (kept in the file) so readers never
 * wait for a writer, and synchronous=NORMAL for this process's connection, the setting
 * SQLite recommends with WAL: a commit no longer waits for an fsync (a few ms each, and
 * libsql blocks the event loop meanwhile); a power cut (not a crash) can lose the last
 * commits. Production runs PostgreSQL (docs/decisions/0002-database.md).
 */
export async function tuneSqlite(databaseUrl = process.env.DATABASE_URL): Promise<void> {
  if (databaseUrl && !databaseUrl.startsWith("file:")) return;
  try {
    await withDbRetry(() => prisma.$queryRawUnsafe("PRAGMA journal_mode = WAL"));
    await withDbRetry(() => prisma.$queryRawUnsafe("PRAGMA synchronous = NORMAL"));
  } catch (error) {
    logger.warn("could not tune SQLite (WAL, synchronous=NORMAL)", { error });
  }
}
