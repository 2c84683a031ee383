/**
 * The SQLite (libsql) client Prisma's adapter gets, tuned on every connection. libsql has
 * no busy-timeout option, and @libsql/client hands its connection to each interactive
 * transaction and opens a fresh one for what follows, so a PRAGMA run once at start-up
 * is lost after the first transaction. This client runs the per-connection pragmas
 * before the first statement on each new connection:
 * - busy_timeout: a write waits for another process's lock (the worker, a second web
 *   process) instead of failing at once with SQLITE_BUSY ("Operation has timed out").
 * - synchronous=NORMAL: what SQLite recommends with WAL; a commit does not wait for fsync.
 * and once per database, journal_mode=WAL (kept in the file) so readers never wait.
 *
 * Interactive transactions start with BEGIN IMMEDIATE: a deferred one that reads first
 * and writes later fails with SQLITE_BUSY_SNAPSHOT when another connection committed
 * in between, and no busy timeout retries that. Production runs PostgreSQL
 * (docs/decisions/0002-database.md); this is for development, the demo and tests.
 */
import type { Client, InStatement, ResultSet, Transaction, TransactionMode } from "@libsql/client";
import { PrismaLibSQL } from "@prisma/adapter-libsql";

/** How long a write waits for another connection's lock before SQLITE_BUSY. */
export const SQLITE_BUSY_TIMEOUT_MS = 10_000;

const CONNECTION_PRAGMAS = [`PRAGMA busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`, "PRAGMA synchronous = NORMAL"];

class TunedSqliteClient implements Client {
  /** True while the connection the next statement runs on has not been tuned. */
  #fresh = true;
  #walChecked = false;

  constructor(private readonly inner: Client) {}

  get closed() {
    return this.inner.closed;
  }

  get protocol() {
    return this.inner.protocol;
  }

  async #tune(): Promise<void> {
    if (!this.#fresh) return;
    this.#fresh = false;
    for (const sql of CONNECTION_PRAGMAS) await this.inner.execute(sql);
    if (!this.#walChecked) {
      this.#walChecked = true;
      await this.inner.execute("PRAGMA journal_mode = WAL");
    }
  }

  async execute(stmt: InStatement): Promise<ResultSet> {
    await this.#tune();
    return this.inner.execute(stmt);
  }

  async batch(stmts: Array<InStatement>, mode?: TransactionMode): Promise<Array<ResultSet>> {
    await this.#tune();
    return this.inner.batch(stmts, mode);
  }

  // The adapter asks for "deferred"; see the header for why every transaction is IMMEDIATE.
  async transaction(): Promise<Transaction> {
    await this.#tune();
    try {
      return await this.inner.transaction("write");
    } finally {
      // The tuned connection now belongs to the transaction; the next statement opens another.
      this.#fresh = true;
    }
  }

  async executeMultiple(sql: string): Promise<void> {
    await this.#tune();
    return this.inner.executeMultiple(sql);
  }

  sync() {
    return this.inner.sync();
  }

  close(): void {
    this.inner.close();
  }
}

/** Prisma's libsql adapter factory, handing out tuned clients. */
export class TunedPrismaLibSQL extends PrismaLibSQL {
  override createClient(config: Parameters<PrismaLibSQL["createClient"]>[0]): Client {
    return new TunedSqliteClient(super.createClient(config));
  }
}
