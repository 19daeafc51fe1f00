/**
 * src/client/pyrrho-pool.ts — `PyrrhoPool`: open connections kept for reuse, for a program (a web server)
 * that serves many short requests (`PyrrhoConnect.pool(connectionString, { max })`).
 *
 * 1. At most `max` connections (default 10) are open at once; `acquire` gives an idle one, opens a new one
 *    below `max`, or waits (first come, first served) for a `release`.
 * 2. `release` gives a connection back: one left inside a transaction is rolled back first, so the next user
 *    never inherits it; one that fails that rollback, or is closed, is dropped and its place freed.
 * 3. `use(f)` acquires, runs `f(connection)` and releases, whatever `f` does.
 * 4. Idle connections beyond `idleMax` (default: `max`) are closed on release. `close` closes every idle
 *    connection and those released later, and makes `acquire` fail with 08003.
 */
import { SqlError, SqlState } from '../common/errors';
import type { PyrrhoConnect } from './pyrrho-connect';

/** Options of a pool. */
export interface PoolOptions {
  /** most connections open at once (default 10) */
  readonly max?: number;
  /** most idle connections kept (default: max) */
  readonly idleMax?: number;
}

/** A pool of connections to one database. */
export class PyrrhoPool {
  private readonly max: number;
  private readonly idleMax: number;
  private readonly idle: PyrrhoConnect[] = [];
  private readonly waiting: ((c: PyrrhoConnect | null) => void)[] = [];
  private open = 0;
  private closed = false;

  /** @internal use `PyrrhoConnect.pool` */
  constructor(
    private readonly make: () => PyrrhoConnect,
    options: PoolOptions,
  ) {
    this.max = options.max ?? 10;
    this.idleMax = options.idleMax ?? this.max;
    if (!Number.isInteger(this.max) || this.max < 1) throw SqlError.of(SqlState.InvalidParameterValue, ['a pool needs max >= 1']);
  }

  /** Connections open now (idle or in use). */
  get size(): number {
    return this.open;
  }

  /** Idle connections. */
  get idleCount(): number {
    return this.idle.length;
  }

  /** An open connection for the caller's use (invariant 1). */
  async acquire(): Promise<PyrrhoConnect> {
    if (this.closed) throw SqlError.of(SqlState.ConnectionDoesNotExist, ['the pool is closed']);
    const c = this.idle.pop();
    if (c !== undefined) return c;
    if (this.open < this.max) {
      this.open++;
      const fresh = this.make();
      try {
        await fresh.open();
      } catch (e) {
        this.open--;
        this.handOn(null);
        throw e;
      }
      return fresh;
    }
    const got = await new Promise<PyrrhoConnect | null>((resolve) => this.waiting.push(resolve));
    return got ?? this.acquire();
  }

  /** Gives a connection back (invariant 2). */
  async release(c: PyrrhoConnect): Promise<void> {
    let keep = c.state === 'Open';
    if (keep && c.inTransaction) {
      try {
        await c.createCommand('rollback').executeNonQuery();
      } catch {
        keep = false;
      }
    }
    if (!keep || this.closed) {
      await this.drop(c);
      return;
    }
    const w = this.waiting.shift();
    if (w !== undefined) {
      w(c);
      return;
    }
    if (this.idle.length >= this.idleMax) {
      await this.drop(c);
      return;
    }
    this.idle.push(c);
  }

  /** Runs `f` on a pooled connection (invariant 3). */
  async use<T>(f: (c: PyrrhoConnect) => Promise<T>): Promise<T> {
    const c = await this.acquire();
    try {
      return await f(c);
    } finally {
      await this.release(c);
    }
  }

  /** Closes the pool (invariant 4). */
  async close(): Promise<void> {
    this.closed = true;
    const idle = this.idle.splice(0);
    for (const w of this.waiting.splice(0)) w(null);
    await Promise.all(idle.map((c) => this.drop(c)));
  }

  private async drop(c: PyrrhoConnect): Promise<void> {
    this.open--;
    try {
      await c.close();
    } finally {
      this.handOn(null);
    }
  }

  /** A place was freed: a waiter may open a connection of its own. */
  private handOn(c: PyrrhoConnect | null): void {
    const w = this.waiting.shift();
    if (w !== undefined) w(c);
  }
}
