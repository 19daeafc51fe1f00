/**
 * src/server/engine-messages.ts — what the server's main thread (`database-host.ts`) and a database's engine
 * thread (`engine-thread.ts`) say to each other. Rows and parameters cross as the bytes of protocol/values.ts,
 * which the main thread copies into frames without decoding them.
 *
 * 1. `conn` names a connection's session in its engine thread; the main thread numbers connections.
 * 2. Every reply to `execute`, `fetch` carries `inTransaction` after the command.
 * 3. A thread serves one database from `start` to `shutdown` (answered by `stopped`), and may then be given
 *    another `start` (database-host.ts keeps stopped threads for reuse).
 */
import type { WireError } from '../protocol/values';

/** Main thread → engine thread. */
export type ToEngine =
  /** open the database file DATA/name (Database.open adds `.pfl`); answered by `ready` or `start-failed` */
  | {
      readonly kind: 'start';
      readonly path: string;
      /** `--init-admin`: on a database with no users, this user is created first, as its owner */
      readonly initAdmin: { readonly user: string; readonly password: string } | null;
    }
  /** a session for `user`, authenticated by `password` as `Database.open` does (28P01 when refused) */
  | { readonly kind: 'open'; readonly conn: number; readonly user: string; readonly password: string }
  | {
      readonly kind: 'execute';
      readonly conn: number;
      readonly sql: string;
      readonly params: Uint8Array | null;
      readonly fetchRows: number;
      readonly batchBytes: number;
      /** post `progress` while this command (and the fetches of its rows) runs (engine-thread.ts invariant 7) */
      readonly progress: boolean;
    }
  | { readonly kind: 'fetch'; readonly conn: number; readonly maxRows: number; readonly batchBytes: number }
  | { readonly kind: 'close-result'; readonly conn: number }
  | { readonly kind: 'close'; readonly conn: number }
  /** what the engine holds now, for tests and diagnostics; answered by `stats` with the same id */
  | { readonly kind: 'stats'; readonly id: number }
  | { readonly kind: 'shutdown' };

/** Engine thread → main thread. */
export type FromEngine =
  | { readonly kind: 'ready' }
  | { readonly kind: 'start-failed'; readonly error: WireError }
  | { readonly kind: 'opened'; readonly conn: number; readonly cancel: Int32Array }
  | { readonly kind: 'open-failed'; readonly conn: number; readonly error: WireError }
  | {
      readonly kind: 'header';
      readonly conn: number;
      readonly columns: string[];
      readonly types: string[];
      readonly declaredTypes: string[];
      readonly rowsAffected: number;
      readonly rows: Uint8Array;
      readonly more: boolean;
      readonly inTransaction: boolean;
    }
  | { readonly kind: 'batch'; readonly conn: number; readonly rows: Uint8Array; readonly more: boolean; readonly inTransaction: boolean }
  | { readonly kind: 'error'; readonly conn: number; readonly error: WireError; readonly inTransaction: boolean }
  | { readonly kind: 'closed'; readonly conn: number }
  /** the rows a running command of `conn` has got through so far */
  | { readonly kind: 'progress'; readonly conn: number; readonly rows: number }
  | {
      readonly kind: 'stats';
      readonly id: number;
      readonly sessions: number;
      /** sessions holding a query's open cursor */
      readonly openCursors: number;
      /** the engine thread's V8 heap in use, in bytes */
      readonly heapUsed: number;
    }
  | { readonly kind: 'stopped' };
