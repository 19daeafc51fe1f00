/**
 * src/client/transports/worker-wire.ts — what the worker transport (`worker.ts`) and the thread that runs
 * the database (`embedded-worker.ts`) say to each other: the messages. Parameters, rows and errors cross as
 * the bytes and fields of `protocol/values.ts`, the same encodings the TCP protocol uses (its invariants
 * 1–4 hold here: every value arrives as the kind it left as, parameters are converted before they cross,
 * errors are rebuilt as their own class, encoded buffers may be transferred).
 */
import { decodeRows, type WireError } from '../../protocol/values';
import type { QueryResult } from '../transport';

export { decodeParams, decodeRows, encodeParams, encodeRows, errorFromWire, errorToWire, type WireError } from '../../protocol/values';

/** What the worker is started with (`workerData`). */
export interface WorkerStart {
  /** the database to open: a path, or `:memory:` */
  readonly files: string;
  /** open it as this user (Database.open's options); absent: the operating-system user */
  readonly login?: { readonly user: string; readonly password: string };
  /** element 0 is set (not 0) by the main thread to cancel the running statement */
  readonly cancel: Int32Array;
  /** least time between two progress messages of one statement, in ms */
  readonly progressEveryMs: number;
}

/** Main thread → worker. */
export type ToWorker =
  | { readonly kind: 'execute'; readonly id: number; readonly sql: string; readonly params: Uint8Array | null }
  | { readonly kind: 'close' };

/** Worker → main thread. */
export type FromWorker =
  | { readonly kind: 'opened' }
  | { readonly kind: 'open-failed'; readonly error: WireError }
  | { readonly kind: 'progress'; readonly id: number; readonly rows: number }
  | {
      readonly kind: 'result';
      readonly id: number;
      readonly columns: string[];
      readonly types: string[];
      readonly declaredTypes: string[];
      readonly rowsAffected: number;
      readonly rows: Uint8Array;
      readonly inTransaction: boolean;
    }
  | { readonly kind: 'error'; readonly id: number; readonly error: WireError; readonly inTransaction: boolean }
  | { readonly kind: 'closed' };

/** The result a `result` message carries, in the transport's shape. */
export function resultFromWire(m: Extract<FromWorker, { kind: 'result' }>): QueryResult {
  return { columns: m.columns, types: m.types, declaredTypes: m.declaredTypes, rows: decodeRows(m.rows), rowsAffected: m.rowsAffected };
}
