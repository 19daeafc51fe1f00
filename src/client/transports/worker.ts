/**
 * src/client/transports/worker.ts — `WorkerTransport`: the embedded database run on a worker thread, so the
 * caller's thread stays free while a statement runs: it can cancel the statement and hear its progress.
 *
 * 1. The worker (`embedded-worker.ts`) opens and runs the database; this side never imports the engine.
 *    Its compiled entry lies beside this file's compiled form; when this file runs from its TypeScript
 *    source (under jest) the entry compiled into dist/ is used, so such tests need `npm run build` first.
 * 2. One statement at a time: a call made while another runs waits its turn. The cancel flag (a
 *    SharedArrayBuffer the worker's database watches) is cleared before each statement is sent, and `cancel`
 *    sets it only while a statement is in flight, so a cancel never reaches the statement after.
 * 3. Progress messages of a statement go to that statement's `watch.progress`, and to nothing else.
 * 4. The thread keeps the process alive only while something is in flight (open, a statement, close), so a
 *    program that forgets `close` still ends (as on a process exit, an open transaction is then lost).
 * 5. If the thread dies, the statement in flight fails with 08006 and every later call with 08003.
 * 6. `close` cancels a running statement, refuses the ones still waiting (08003), closes the database (which
 *    rolls back an open transaction) and resolves once the thread has ended. It is idempotent.
 * 7. Parameters are encoded when `execute` is called (worker-wire.ts), so changing the values afterwards
 *    never changes what a waiting statement sends.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Worker } from 'worker_threads';
import { SqlError, SqlState } from '../../common/errors';
import type { ExecuteWatch, Parameters, QueryResult, Transport } from '../transport';
import {
  encodeParams,
  errorFromWire,
  type FromWorker,
  resultFromWire,
  type ToWorker,
  type WorkerStart,
} from './worker-wire';

/** Options of `WorkerTransport.open`. */
export interface WorkerTransportOptions {
  /** least time between two progress reports of one statement, in ms (default 250) */
  readonly progressEveryMs?: number;
  /** open the database as this user (Database.open's options) */
  readonly login?: { readonly user: string; readonly password: string } | undefined;
}

/** A statement sent and not yet answered. */
interface InFlight {
  readonly id: number;
  readonly resolve: (r: QueryResult) => void;
  readonly reject: (e: unknown) => void;
  readonly progress: ((rowsSoFar: number) => void) | undefined;
}

const ENTRY = 'embedded-worker.js';

/** The compiled worker entry (invariant 1). */
function workerEntry(): string {
  const beside = path.join(__dirname, ENTRY);
  if (fs.existsSync(beside)) return beside;
  const built = path.resolve(__dirname, '..', '..', '..', 'dist', 'src', 'client', 'transports', ENTRY);
  if (fs.existsSync(built)) return built;
  throw SqlError.of(SqlState.ConnectionFailure, [`the database thread's code ${ENTRY} is missing (run npm run build)`]);
}

function stopped(why: string): SqlError {
  return SqlError.of(SqlState.ConnectionDoesNotExist, [why]);
}

/** A transport over a `Database` opened on a worker thread. */
export class WorkerTransport implements Transport {
  private readonly cancelFlag: Int32Array;
  private inFlight: InFlight | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private nextId = 1;
  private inTx = false;
  /** set once the transport can run nothing more: why (invariants 5, 6) */
  private ended: SqlError | null = null;
  private closing: Promise<void> | null = null;
  private readonly exited: Promise<void>;

  private constructor(
    private readonly worker: Worker,
    cancelFlag: Int32Array,
    readonly description: string,
  ) {
    this.cancelFlag = cancelFlag;
    this.exited = new Promise((resolve) => worker.once('exit', () => resolve()));
    worker.on('message', (m: FromWorker) => this.onMessage(m));
    worker.on('error', (e: Error) => this.die(`the database thread failed: ${e.message}`));
    worker.on('exit', () => this.die('the database thread has ended'));
  }

  /** Starts a thread that opens (or creates) `files.pfl`, or an in-memory database for `:memory:`. */
  static async open(files: string, options: WorkerTransportOptions = {}): Promise<WorkerTransport> {
    const description = files === ':memory:' ? files : `${files}.pfl`;
    const cancel = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
    const start: WorkerStart = { files, cancel, progressEveryMs: options.progressEveryMs ?? 250, ...(options.login === undefined ? {} : { login: options.login }) };
    const worker = new Worker(workerEntry(), { workerData: start });
    await new Promise<void>((resolve, reject) => {
      const onMessage = (m: FromWorker): void => {
        worker.off('error', onError);
        worker.off('exit', onExit);
        if (m.kind === 'opened') resolve();
        else if (m.kind === 'open-failed') reject(errorFromWire(m.error));
        else reject(SqlError.of(SqlState.ConnectionFailure, [`the database thread said ${m.kind} before it opened`]));
      };
      const onError = (e: Error): void => {
        worker.off('message', onMessage);
        reject(SqlError.of(SqlState.ConnectionFailure, [`the database thread failed: ${e.message}`]));
      };
      const onExit = (): void => {
        worker.off('message', onMessage);
        reject(SqlError.of(SqlState.ConnectionFailure, ['the database thread ended before it opened the database']));
      };
      worker.once('message', onMessage);
      worker.once('error', onError);
      worker.once('exit', onExit);
    });
    worker.unref();
    return new WorkerTransport(worker, cancel, description);
  }

  get inTransaction(): boolean {
    return this.ended === null && this.inTx;
  }

  async execute(sql: string, params?: Parameters, watch?: ExecuteWatch): Promise<QueryResult> {
    if (this.ended !== null) throw this.ended;
    const bytes = encodeParams(params);
    const turn = this.queue.then(() => this.send(sql, bytes, watch));
    this.queue = turn.then(
      () => undefined,
      () => undefined,
    );
    return turn;
  }

  /** Stops the statement in flight (invariant 2); nothing when none is. */
  cancel(): void {
    if (this.inFlight !== null) Atomics.store(this.cancelFlag, 0, 1);
  }

  async close(): Promise<void> {
    this.closing ??= this.shutDown();
    return this.closing;
  }

  private async shutDown(): Promise<void> {
    const alive = this.ended === null;
    this.ended ??= stopped('the connection is closed');
    this.cancel();
    await this.queue;
    if (alive) {
      this.worker.ref();
      this.post({ kind: 'close' });
    }
    await this.exited;
  }

  private send(sql: string, params: Uint8Array | null, watch: ExecuteWatch | undefined): Promise<QueryResult> {
    if (this.ended !== null) return Promise.reject(this.ended);
    const id = this.nextId++;
    Atomics.store(this.cancelFlag, 0, 0);
    return new Promise<QueryResult>((resolve, reject) => {
      this.inFlight = { id, resolve, reject, progress: watch?.progress };
      this.worker.ref();
      this.post({ kind: 'execute', id, sql, params }, params === null ? [] : [params.buffer as ArrayBuffer]);
    });
  }

  private post(m: ToWorker, transfer: ArrayBuffer[] = []): void {
    this.worker.postMessage(m, transfer);
  }

  private onMessage(m: FromWorker): void {
    const f = this.inFlight;
    if (m.kind === 'progress') {
      if (f === null || f.id !== m.id || f.progress === undefined) return;
      try {
        f.progress(m.rows);
      } catch {
        // a watcher's mistake must not lose the statement's answer
      }
      return;
    }
    if ((m.kind !== 'result' && m.kind !== 'error') || f === null || f.id !== m.id) return;
    this.inFlight = null;
    this.inTx = m.inTransaction;
    this.worker.unref();
    if (m.kind === 'error') {
      f.reject(errorFromWire(m.error));
      return;
    }
    try {
      f.resolve(resultFromWire(m));
    } catch (e) {
      f.reject(e);
    }
  }

  /** The thread failed or ended (invariant 5). */
  private die(why: string): void {
    this.ended ??= stopped(why);
    this.inTx = false;
    const f = this.inFlight;
    this.inFlight = null;
    if (f !== null) f.reject(SqlError.of(SqlState.ConnectionFailure, [why]));
  }
}
