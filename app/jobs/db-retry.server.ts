/**
 * SQLite (the default database) lets one process write at a time, and the libsql driver
 * answers "database is locked" at once instead of waiting: with a web process and
 * several worker processes on one file, a write can hit another's lock. These helpers
 * put the database in WAL mode (readers never wait) and retry a write a few times.
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
      if (process.env.DEBUG_DB_RETRY) console.error("DBRETRY", i, (error as Error).message.slice(-80).replace(/\n/g, " "), JSON.stringify((error as { meta?: unknown }).meta));
      if (i >= attempts || !isDatabaseLocked(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.min(400, 10 * 2 ** Math.min(i, 6)) * (0.5 + Math.random())));
    }
  }
}

/** WAL journal for a SQLite database (kept in the file); a no-op on PostgreSQL. */
export async function useSqliteWal(databaseUrl = process.env.DATABASE_URL): Promise<void> {
  if (databaseUrl && !databaseUrl.startsWith("file:")) return;
  try {
    await withDbRetry(() => prisma.$queryRawUnsafe("PRAGMA journal_mode = WAL"));
  } catch (error) {
    logger.warn("could not switch SQLite to WAL mode", { error });
  }
}
