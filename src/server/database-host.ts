/**
 * src/server/database-host.ts — `DatabaseHost`: the main thread's side of one database's engine thread
 * (`engine-thread.ts`): starts it, routes each connection's requests to it and its replies back.
 *
 * 1. `start` resolves once the engine thread has opened (and so recovered) the database, or rejects with
 *    the SqlError that opening gave (a corrupt file, a file locked by another process).
 * 2. Replies are delivered to the `EngineClient` registered under their connection number, in the order the
 *    engine sent them; a reply for a connection no longer registered is dropped.
 * 3. If the thread fails or ends before `stop`, every registered client hears `engineLost` once.
 * 4. `stop` asks the engine to shut down (every session rolled back and closed, then the file) and resolves
 *    when it has said `stopped` (or the thread has ended).
 * 5. The engine's compiled entry lies beside this file's compiled form; run from TypeScript (jest), the one
 *    compiled into dist/ is used, as client/transports/worker.ts does.
 * 6. A thread whose engine has stopped is kept (unreferenced, so it never holds the process open) for the
 *    next database to start, up to `MAX_SPARE` threads: starting a thread and loading the engine into it
 *    costs far more than opening a database.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Worker } from 'worker_threads';
import { SqlError, SqlState } from '../common/errors';
import { errorFromWire } from '../protocol/values';
import type { FromEngine, ToEngine } from './engine-messages';

/** What an engine thread holds (`DatabaseHost.stats`). */
export interface EngineStats {
  readonly sessions: number;
  /** sessions holding a query's open cursor (rows not yet fetched) */
  readonly openCursors: number;
  /** the engine thread's V8 heap in use, in bytes */
  readonly heapUsed: number;
}

/** What a connection hears from its engine. */
export interface EngineClient {
  onEngine(m: FromEngine): void;
  engineLost(why: string): void;
}

const ENTRY = 'engine-thread.js';
/** Stopped engine threads kept for the next database (invariant 6). */
const MAX_SPARE = 4;
const spare: Worker[] = [];

function engineEntry(): string {
  const beside = path.join(__dirname, ENTRY);
  if (fs.existsSync(beside)) return beside;
  const built = path.resolve(__dirname, '..', '..', 'dist', 'src', 'server', ENTRY);
  if (fs.existsSync(built)) return built;
  throw SqlError.of(SqlState.ConnectionFailure, [`the engine thread's code ${ENTRY} is missing (run npm run build)`]);
}

/** A spare engine thread, or a new one. */
function engineThread(): Worker {
  const w = spare.pop();
  if (w !== undefined) {
    w.ref();
    return w;
  }
  const fresh = new Worker(engineEntry());
  fresh.once('exit', () => {
    const i = spare.indexOf(fresh);
    if (i >= 0) spare.splice(i, 1);
  });
  return fresh;
}

/** Keeps a thread whose engine has stopped for reuse, or ends it (invariant 6). */
function retire(w: Worker): void {
  if (spare.length < MAX_SPARE) {
    w.unref();
    spare.push(w);
  } else void w.terminate();
}

/** One database served by an engine thread. */
export class DatabaseHost {
  private readonly clients = new Map<number, EngineClient>();
  private readonly statsAsked = new Map<number, (s: EngineStats) => void>();
  private nextStats = 1;
  private stopping = false;
  private readonly lostHooks: (() => void)[] = [];
  private readonly stopped: Promise<void>;
  private readonly onMessage: (m: FromEngine) => void;
  private readonly onError: (e: Error) => void;
  private readonly onExit: () => void;

  private constructor(
    readonly name: string,
    private readonly worker: Worker,
  ) {
    let markStopped: () => void = () => undefined;
    this.stopped = new Promise((resolve) => (markStopped = resolve));
    this.onMessage = (m: FromEngine) => {
      if (m.kind === 'stopped') {
        this.detachThread();
        retire(worker);
        markStopped();
      } else if (m.kind === 'stats') {
        const asked = this.statsAsked.get(m.id);
        this.statsAsked.delete(m.id);
        asked?.({ sessions: m.sessions, openCursors: m.openCursors, heapUsed: m.heapUsed });
      } else if ('conn' in m) this.clients.get(m.conn)?.onEngine(m);
    };
    this.onError = (e: Error) => this.lost(`the engine thread of ${name} failed: ${e.message}`);
    this.onExit = () => {
      this.lost(`the engine thread of ${name} has ended`);
      markStopped();
    };
    worker.on('message', this.onMessage);
    worker.on('error', this.onError);
    worker.on('exit', this.onExit);
  }

  /** Starts an engine thread on DATA/name.pfl and waits for its recovery (invariant 1). */
  static async start(name: string, filePath: string, initAdmin: { user: string; password: string } | null = null): Promise<DatabaseHost> {
    const worker = engineThread();
    try {
      await new Promise<void>((resolve, reject) => {
        const onMessage = (m: FromEngine): void => {
          worker.off('error', onError);
          worker.off('exit', onExit);
          if (m.kind === 'ready') resolve();
          else if (m.kind === 'start-failed') reject(errorFromWire(m.error));
          else reject(SqlError.of(SqlState.ConnectionFailure, [`the engine thread said ${m.kind} before it was ready`]));
        };
        const onError = (e: Error): void => {
          worker.off('message', onMessage);
          reject(SqlError.of(SqlState.ConnectionFailure, [`the engine thread failed: ${e.message}`]));
        };
        const onExit = (): void => {
          worker.off('message', onMessage);
          reject(SqlError.of(SqlState.ConnectionFailure, ['the engine thread ended before it opened the database']));
        };
        worker.once('message', onMessage);
        worker.once('error', onError);
        worker.once('exit', onExit);
        worker.postMessage({ kind: 'start', path: filePath, initAdmin } satisfies ToEngine);
      });
    } catch (e) {
      if (e instanceof SqlError && e.sqlState !== SqlState.ConnectionFailure) retire(worker); // the thread is fine
      throw e;
    }
    return new DatabaseHost(name, worker);
  }

  /** Registers a connection's client under `conn` (invariant 2). */
  attach(conn: number, client: EngineClient): void {
    this.clients.set(conn, client);
  }

  detach(conn: number): void {
    this.clients.delete(conn);
  }

  send(m: ToEngine, transfer: ArrayBuffer[] = []): void {
    if (!this.stopping) this.worker.postMessage(m, transfer);
  }

  /** What the engine thread holds now: sessions, open cursors, its heap (tests and diagnostics). */
  stats(): Promise<EngineStats> {
    const id = this.nextStats++;
    return new Promise((resolve) => {
      this.statsAsked.set(id, resolve);
      this.send({ kind: 'stats', id });
    });
  }

  /** Shuts the engine down (invariant 4). */
  async stop(): Promise<void> {
    if (!this.stopping) {
      this.worker.postMessage({ kind: 'shutdown' } satisfies ToEngine);
      this.stopping = true;
    }
    await this.stopped;
  }

  /** Calls `f` when the thread is lost (invariant 3). */
  onLost(f: () => void): void {
    this.lostHooks.push(f);
  }

  private detachThread(): void {
    this.worker.off('message', this.onMessage);
    this.worker.off('error', this.onError);
    this.worker.off('exit', this.onExit);
  }

  private lost(why: string): void {
    const clients = [...this.clients.values()];
    this.clients.clear();
    if (this.stopping) return;
    this.stopping = true;
    for (const f of this.lostHooks) f();
    for (const c of clients) c.engineLost(why);
  }
}
