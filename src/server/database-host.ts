/**
 * src/server/database-host.ts — `DatabaseHost`: the main thread's side of one database's engine thread
 * (`engine-thread.ts`): starts it, routes each connection's requests to it and its replies back.
 *
 * 1. `start` resolves once the engine thread has opened (and so recovered) the database, or rejects with
 *    the SqlError that opening gave (a corrupt file, a file locked by another process).
 * 2. Replies are delivered to the `EngineClient` registered under their connection number, in the order the
 *    engine sent them; a reply for a connection no longer registered is dropped.
 * 3. If the thread fails or ends before `stop`, every registered client hears `engineLost` once.
 * 4. `stop` asks the thread to shut down (every session rolled back and closed, then the file) and resolves
 *    when the thread has ended.
 * 5. The engine's compiled entry lies beside this file's compiled form; run from TypeScript (jest), the one
 *    compiled into dist/ is used, as client/transports/worker.ts does.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Worker } from 'worker_threads';
import { SqlError, SqlState } from '../common/errors';
import { errorFromWire } from '../protocol/values';
import type { EngineStart, FromEngine, ToEngine } from './engine-messages';

/** What a connection hears from its engine. */
export interface EngineClient {
  onEngine(m: FromEngine): void;
  engineLost(why: string): void;
}

const ENTRY = 'engine-thread.js';

function engineEntry(): string {
  const beside = path.join(__dirname, ENTRY);
  if (fs.existsSync(beside)) return beside;
  const built = path.resolve(__dirname, '..', '..', 'dist', 'src', 'server', ENTRY);
  if (fs.existsSync(built)) return built;
  throw SqlError.of(SqlState.ConnectionFailure, [`the engine thread's code ${ENTRY} is missing (run npm run build)`]);
}

/** One database served by an engine thread. */
export class DatabaseHost {
  private readonly clients = new Map<number, EngineClient>();
  private stopping = false;
  private readonly lostHooks: (() => void)[] = [];
  private readonly exited: Promise<void>;

  private constructor(
    readonly name: string,
    private readonly worker: Worker,
  ) {
    this.exited = new Promise((resolve) => worker.once('exit', () => resolve()));
    worker.on('message', (m: FromEngine) => {
      if ('conn' in m) this.clients.get(m.conn)?.onEngine(m);
    });
    worker.on('error', (e: Error) => this.lost(`the engine thread of ${name} failed: ${e.message}`));
    worker.on('exit', () => this.lost(`the engine thread of ${name} has ended`));
  }

  /** Starts the engine thread of DATA/name.pfl and waits for its recovery (invariant 1). */
  static async start(name: string, filePath: string): Promise<DatabaseHost> {
    const start: EngineStart = { path: filePath };
    const worker = new Worker(engineEntry(), { workerData: start });
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
    });
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

  /** Shuts the engine down (invariant 4). */
  async stop(): Promise<void> {
    if (!this.stopping) {
      this.worker.postMessage({ kind: 'shutdown' } satisfies ToEngine);
      this.stopping = true;
    }
    await this.exited;
  }

  /** Calls `f` when the thread is lost (invariant 3). */
  onLost(f: () => void): void {
    this.lostHooks.push(f);
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
