/** The SQLite file used when DATABASE_URL is not set. */
export const DEFAULT_SQLITE_URL = "file:./prisma/dev.sqlite";

export function isPostgresUrl(url: string | undefined): boolean {
  return !!url && /^postgres(ql)?:\/\//.test(url);
}

/** libsql wants `file:` URLs; relative paths resolve against the process cwd. */
export function sqliteUrl(url: string | undefined): string {
  if (!url) return DEFAULT_SQLITE_URL;
  if (isPostgresUrl(url)) throw new Error("DATABASE_URL is a PostgreSQL URL: use prisma/postgresql.config.ts");
  return url;
}
