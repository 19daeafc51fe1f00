/**
 * src/server/engine-thread.ts — a database's engine thread: opens one database (its recovery runs here,
 * once, before the thread says `ready`), holds one `Database` connection per client connection, runs their
 * statements and keeps each query's open cursor until the client has fetched its rows (docs/decisions/0012).
 *
 * 1. The file is held open from `ready` to `shutdown` by a connection of the thread's own, so it is replayed
 *    once, and client connections come and go without reopening it.
 * 2. Cooperative scheduling: a running statement reaches the engine's limit check every 1,024 rows
 *    (context.ts invariant 5), which calls this session's progress hook; the hook takes every message
 *    already waiting (`receiveMessageOnPort`) and serves it there and then — a statement of another
 *    connection runs to its end inside the long one's check, nested on the stack, and a fetch is answered.
 *    So a long query delays other connections by at most 1,024 of its rows plus their own work, and the
 *    long one waits while they run. Each statement has its own Session and transaction; the DatabaseFile's
 *    commit sequence is synchronous and never reached from a check, so nesting keeps its atomicity.
 * 3. A connection has one command at a time: a message for a connection whose statement is on the stack
 *    (running, or suspended under a nested one) is queued and served when that statement ends.
 * 4. The cancel flag of a connection is the main thread's to set and clear (as worker.ts); this side reads it.
 * 5. A query's rows are pulled from its open cursor (`Database.executeRows`) a batch at a time, when the
 *    client asks (the first batch with the header, each later one for a `fetch`), encoded and sent: neither
 *    this thread nor the main thread holds more than a batch (plus one row looked ahead, to say whether more
 *    follow) of a query whose result types are known from its plan. The cursor is dropped when the last row
 *    is sent, on `close-result`, on the connection's next command and on `close`; an error while pulling is
 *    the answer to that fetch (and ends an explicit transaction, as any error does). Between two batches the
 *    thread serves other messages, so a long read of one connection interleaves with the others' commands.
 * 6. `close` of a connection whose statement is on the stack waits for it to end (the main thread has set
 *    its cancel flag, so that is soon); `shutdown` sets every flag and stops once the stack is empty,
 *    closing every session (rolling back open transactions) and then the file, and says `stopped`. The
 *    thread then waits for another `start` (engine-messages.ts invariant 3).
 * 7. Progress: an `execute` that asks for it has `progress` posted, with the rows its statement has got
 *    through, at most every PROGRESS_EVERY_MS while it (or a fetch of its rows) runs, the first after that
 *    much time, so a short command posts none.
 * 8. The code cache (src/code-cache.ts) is installed in this thread before the engine is loaded.
 */
import { useCodeCache } from '../code-cache';
useCodeCache();

import { parentPort, receiveMessageOnPort } from 'worker_threads';
import { Database, type StatementRows } from '../database';
import { encodePulledRows, encodeRowBatch, errorToWire } from '../protocol/values';
import { decodeParams } from '../protocol/values';
import type { FromEngine, ToEngine } from './engine-messages';

/** The least time between two progress reports of one command, in ms (invariant 7). */
const PROGRESS_EVERY_MS = 250;

/** A query's rows not yet sent (invariant 5). */
interface Held {
  readonly rows: StatementRows;
  /** the row pulled to learn that more follow, sent first in the next batch */
  pending: unknown[] | null;
}

interface EngineSession {
  readonly db: Database;
  readonly cancel: Int32Array;
  /** a statement of this session is on the stack (invariant 3) */
  busy: boolean;
  readonly waiting: ToEngine[];
  held: Held | null;
  closing: boolean;
  /** the current command's statement reports progress (invariant 7) */
  progress: boolean;
  /** when the current command started or last reported progress */
  lastProgress: number;
}

type Port = NonNullable<typeof parentPort>;

class Engine {
  private readonly sessions = new Map<number, EngineSession>();
  private depth = 0;
  private stopping = false;

  constructor(
    private readonly port: Port,
    private readonly path: string,
    private readonly keeper: Database,
    private readonly onStopped: () => void,
  ) {}

  post(m: FromEngine, transfer: ArrayBuffer[] = []): void {
    this.port.postMessage(m, transfer);
  }

  /** Serves one message now, or queues it behind its session's running statement (invariant 3). */
  handle(m: ToEngine): void {
    if (m.kind === 'shutdown') {
      this.stopping = true;
      for (const s of this.sessions.values()) Atomics.store(s.cancel, 0, 1);
      if (this.depth === 0) this.stop();
      return;
    }
    if (m.kind === 'start') return; // one database per engine: the thread is busy
    if (m.kind === 'stats') {
      let cursors = 0;
      for (const s of this.sessions.values()) if (s.held !== null) cursors++;
      this.post({ kind: 'stats', id: m.id, sessions: this.sessions.size, openCursors: cursors, heapUsed: process.memoryUsage().heapUsed });
      return;
    }
    if (m.kind === 'open') {
      this.open(m.conn, m.user, m.password);
      return;
    }
    const s = this.sessions.get(m.conn);
    if (s === undefined) return; // closed meanwhile
    if (s.busy) {
      s.waiting.push(m);
      return;
    }
    this.serve(m.conn, s, m);
  }

  private open(conn: number, user: string, password: string): void {
    try {
      // a login without a name is PUBLIC's, never the server process's own (the owner's)
      const db = Database.open(this.path, { user: user === '' ? 'PUBLIC' : user, password });
      const cancel = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
      const s: EngineSession = { db, cancel, busy: false, waiting: [], held: null, closing: false, progress: false, lastProgress: 0 };
      db.watch(cancel, (rows) => {
        if (s.progress) this.reportProgress(conn, s, rows);
        this.yieldToOthers();
      });
      this.sessions.set(conn, s);
      this.post({ kind: 'opened', conn, cancel });
    } catch (e) {
      this.post({ kind: 'open-failed', conn, error: errorToWire(e) });
    }
  }

  private serve(conn: number, s: EngineSession, m: Exclude<ToEngine, { kind: 'start' | 'open' | 'shutdown' }>): void {
    switch (m.kind) {
      case 'execute':
        this.execute(conn, s, m);
        break;
      case 'fetch':
        this.fetch(conn, s, m.maxRows, m.batchBytes);
        break;
      case 'close-result':
        this.drop(s);
        break;
      case 'close':
        this.sessions.delete(conn);
        this.drop(s);
        s.db.close();
        this.post({ kind: 'closed', conn });
        break;
    }
  }

  private execute(conn: number, s: EngineSession, m: Extract<ToEngine, { kind: 'execute' }>): void {
    this.drop(s);
    s.busy = true;
    s.progress = m.progress;
    s.lastProgress = performance.now();
    this.depth++;
    try {
      const r = s.db.executeRows(m.sql, decodeParams(m.params) as never);
      const held: Held = { rows: r, pending: null };
      const { bytes, more } = this.batch(held, m.fetchRows, m.batchBytes);
      if (more) s.held = held;
      this.post(
        {
          kind: 'header',
          conn,
          columns: r.columns,
          types: r.types,
          declaredTypes: r.declaredTypes,
          rowsAffected: r.rowsAffected,
          rows: bytes,
          more,
          inTransaction: s.db.inTransaction,
        },
        [bytes.buffer as ArrayBuffer],
      );
    } catch (e) {
      this.post({ kind: 'error', conn, error: errorToWire(e), inTransaction: s.db.inTransaction });
    } finally {
      this.depth--;
      s.busy = false;
    }
    this.afterStatement(conn, s);
  }

  private fetch(conn: number, s: EngineSession, maxRows: number, batchBytes: number): void {
    const h = s.held;
    if (h === null) {
      const rows = encodeRowBatch([], 0, 1, batchBytes).bytes;
      this.post({ kind: 'batch', conn, rows, more: false, inTransaction: s.db.inTransaction }, [rows.buffer as ArrayBuffer]);
      return;
    }
    s.busy = true;
    s.lastProgress = performance.now();
    this.depth++;
    try {
      const { bytes, more } = this.batch(h, maxRows, batchBytes);
      if (!more && s.held === h) s.held = null;
      this.post({ kind: 'batch', conn, rows: bytes, more, inTransaction: s.db.inTransaction }, [bytes.buffer as ArrayBuffer]);
    } catch (e) {
      if (s.held === h) s.held = null;
      this.post({ kind: 'error', conn, error: errorToWire(e), inTransaction: s.db.inTransaction });
    } finally {
      this.depth--;
      s.busy = false;
    }
    this.afterStatement(conn, s);
  }

  /** The next batch of a query's rows, pulled from its cursor, and whether more follow (invariant 5). */
  private batch(h: Held, maxRows: number, batchBytes: number): { bytes: Uint8Array; more: boolean } {
    const pull = (): unknown[] | null => {
      const p = h.pending;
      if (p === null) return h.rows.next();
      h.pending = null;
      return p;
    };
    const { bytes, ended } = encodePulledRows(pull, maxRows, batchBytes);
    if (!ended) h.pending = h.rows.next();
    return { bytes, more: !ended && h.pending !== null };
  }

  /** Drops a query's cursor (invariant 5). */
  private drop(s: EngineSession): void {
    const h = s.held;
    s.held = null;
    if (h !== null) h.rows.close();
  }

  /** Posts a command's progress, at most every PROGRESS_EVERY_MS (invariant 7). */
  private reportProgress(conn: number, s: EngineSession, rows: number): void {
    const now = performance.now();
    if (now - s.lastProgress < PROGRESS_EVERY_MS) return;
    s.lastProgress = now;
    this.post({ kind: 'progress', conn, rows });
  }

  /** Serves what queued behind the statement that just ended (invariants 3, 6). */
  private afterStatement(conn: number, s: EngineSession): void {
    while (!s.busy && s.waiting.length > 0 && this.sessions.get(conn) === s) {
      this.serve(conn, s, s.waiting.shift() as Exclude<ToEngine, { kind: 'start' | 'open' | 'shutdown' }>);
    }
    if (this.stopping && this.depth === 0) this.stop();
  }

  /** The progress hook of every session (invariant 2). */
  private yieldToOthers(): void {
    for (;;) {
      const got = receiveMessageOnPort(this.port);
      if (got === undefined) return;
      this.handle(got.message as ToEngine);
    }
  }

  private stopped = false;

  private stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    for (const s of this.sessions.values()) s.db.close();
    this.sessions.clear();
    this.keeper.close();
    this.onStopped();
    this.post({ kind: 'stopped' });
  }
}

/**
 * `--init-admin`: when the database has no users yet, creates `user` with `password`, connected as that user,
 * which makes it the owner (docs/sql-dialect.md "Users, roles and privileges"); otherwise does nothing.
 */
function initAdmin(path: string, user: string, password: string): void {
  const db = Database.open(path, { user, password: '' });
  try {
    if (Number(db.execute('select count(*) from "Sys$User"').rows[0]?.[0]) > 0) return;
    // the name as SQL reads an identifier: unquoted (so folded to upper case) when it can be
    const name = /^[A-Za-z_][A-Za-z0-9_$]*$/.test(user) ? user : `"${user.replace(/"/g, '""')}"`;
    db.execute(`create user ${name} password '${password.replace(/'/g, "''")}'`);
  } finally {
    db.close();
  }
}

/** Waits for `start`, serves that database until `shutdown`, then waits for the next `start`. */
function main(port: Port): void {
  let engine: Engine | null = null;
  port.on('message', (m: ToEngine) => {
    if (engine !== null) {
      engine.handle(m);
      return;
    }
    if (m.kind !== 'start') return; // nothing is open: there is no session to serve
    let keeper: Database;
    try {
      keeper = Database.open(m.path);
      if (m.initAdmin !== null) initAdmin(m.path, m.initAdmin.user, m.initAdmin.password);
    } catch (e) {
      port.postMessage({ kind: 'start-failed', error: errorToWire(e) } satisfies FromEngine);
      return;
    }
    engine = new Engine(port, m.path, keeper, () => {
      engine = null;
    });
    engine.post({ kind: 'ready' });
  });
}

if (parentPort !== null) main(parentPort);
