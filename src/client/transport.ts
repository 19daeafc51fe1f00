/**
 * src/client/transport.ts — how the ADO-style driver reaches a database: the `Transport` interface.
 *
 * 1. A transport runs one statement at a time and answers with a whole result; the driver never sees
 *    whether the database is in this process (`transports/embedded.ts`) or behind a socket.
 * 2. Errors reach the caller as `SqlError` (or `TransactionConflict`) with their SQLSTATE intact.
 * 3. `cancel` stops the statement running now, which then fails with 57014 and changes nothing; with none
 *    running it does nothing. Only a transport whose statements run off the caller's thread can be asked
 *    while one runs (`transports/worker.ts`); for the in-process one a statement has ended before any
 *    other code of the caller's can run, so there `cancel` has nothing to stop.
 * 4. A transport that can hand a query's rows over in batches (`transports/tcp.ts`) has `stream`: the first
 *    batch comes with the result's columns, and `fetch` brings the next (null once there are no more). The
 *    next command on the transport ends a stream still open: its `fetch` then fails with 24000.
 */

/** One statement's answer, the shape of the embedded API's result. */
export interface QueryResult {
  readonly columns: string[];
  readonly types: string[];
  /** full declared types (`NUMERIC(6,2)`, `VARCHAR(20)`), parallel to `types` */
  readonly declaredTypes: string[];
  readonly rows: unknown[][];
  readonly rowsAffected: number;
}

/** Parameters: positional (`?`) as an array, named (`@a`) as an object. */
export type Parameters = readonly unknown[] | Readonly<Record<string, unknown>>;

/** What a caller may watch while a statement runs. */
export interface ExecuteWatch {
  /** told the rows so far (rows read plus pairs joined), a few times a second, while a long statement runs (where the transport can) */
  readonly progress?: (rowsSoFar: number) => void;
}

/** A query's result whose rows arrive in batches (invariant 4). */
export interface StreamedResult extends QueryResult {
  /** the next batch of rows; null when there are no more */
  fetch(): Promise<unknown[][] | null>;
  /** drops the rows not yet fetched */
  close(): Promise<void>;
}

/** A connection to one database, in process or remote. */
export interface Transport {
  /** Runs one statement. */
  execute(sql: string, params?: Parameters, watch?: ExecuteWatch): Promise<QueryResult>;
  /** Runs one statement whose rows are fetched in batches (invariant 4); absent where rows come whole. */
  stream?(sql: string, params?: Parameters, batchRows?: number, watch?: ExecuteWatch): Promise<StreamedResult>;
  /** Stops the running statement (invariant 3). */
  cancel(): void;
  /** True while an explicit transaction is open. */
  readonly inTransaction: boolean;
  /** Where the transport is connected, for messages (`shop.pfl`, `127.0.0.1:5433/shop`). */
  readonly description: string;
  close(): Promise<void>;
}
