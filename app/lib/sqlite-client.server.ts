/**
 * The SQLite (libsql) client Prisma's adapter gets, tuned on every connection. libsql has
 * no busy-timeout option, and @libsql/client hands its connection to each interactive
 * transaction and opens a fresh one for what follows, so a PRAGMA run once at start-up
 * is lost after the first transaction. This client runs the per-connection pragmas
 * before the first statement on each new connection:
 * - busy_timeout: a write waits a moment for another process's lock (the worker, a second
 *   web process) instead of failing at once with SQLITE_BUSY ("Operation has timed out").
 *   Short on purpose: libsql waits synchronously, blocking this process's event loop — a
 *   worker blocked for seconds misses its BullMQ lock renewals and its job runs twice.
 *   Longer waits are withDbRetry's job (lib/db-retry.server.ts), which sleeps asynchronously.
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

/** How long a statement waits (synchronously) for another connection's lock before SQLITE_BUSY. */
export const SQLITE_BUSY_TIMEOUT_MS = 250;

const CONNECTION_PRAGMAS = [`PRAGMA busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`, "PRAGMA synchronous = NORMAL"];

const BUSY = /SQLITE_BUSY|database is locked/i;

function isBusy(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return (typeof code === "string" && BUSY.test(code)) || (typeof message === "string" && BUSY.test(message));
}

class TunedSqliteClient implements Client {
  /** True while the connection the next statement runs on has not been tuned. */
  #fresh = true;
  #walChecked = false;
  private inner: Client;

  constructor(private readonly open: () => Client) {
    this.inner = open();
  }

  /**
   * After SQLITE_BUSY the client's connection can stay poisoned — the failed statement is
   * never finalized and every later transaction fails too (prisma/orm#30028,
   * tursodatabase/libsql-js#228) — so it is dropped and the next call opens a fresh one.
   */
  async #run<T>(work: (client: Client) => Promise<T>): Promise<T> {
    try {
      await this.#tune();
      return await work(this.inner);
    } catch (error) {
      if (isBusy(error)) this.#reopen();
      throw error;
    }
  }

  #reopen(): void {
    const poisoned = this.inner;
    this.inner = this.open();
    this.#fresh = true;
    try {
      poisoned.close();
    } catch {
      // Closing a poisoned connection may fail; it is unreachable either way.
    }
  }

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

  execute(stmt: InStatement): Promise<ResultSet> {
    return this.#run((client) => client.execute(stmt));
  }

  batch(stmts: Array<InStatement>, mode?: TransactionMode): Promise<Array<ResultSet>> {
    return this.#run((client) => client.batch(stmts, mode));
  }

  // The adapter asks for "deferred"; see the header for why every transaction is IMMEDIATE.
  async transaction(): Promise<Transaction> {
    const transaction = await this.#run((client) => client.transaction("write"));
    // The tuned connection now belongs to the transaction; the next statement opens another.
    this.#fresh = true;
    return transaction;
  }

  executeMultiple(sql: string): Promise<void> {
    return this.#run((client) => client.executeMultiple(sql));
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
    return new TunedSqliteClient(() => super.createClient(config));
  }
}
