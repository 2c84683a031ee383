/** Prisma error checks shared by the runtime's idempotent writes. */

/**
 * P2002: a unique constraint said "already there" — for an idempotent write, success.
 * Checked by shape, not instanceof: the SQLite and PostgreSQL clients are two generated
 * packages with two error classes (docs/decisions/0002-database.md).
 */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}
