/**
 * src/common/errors.ts — the error types every level throws.
 *
 * 1. `SqlError` is the one public error: `sqlState` is always five characters from `SqlState`.
 * 2. `TransactionConflict` (class 40) means the transaction is over and left nothing behind.
 * 3. `InternalError` (XX000) is a programmer error, raised through `assert`/`unreachable` in `assert.ts`.
 * 4. Messages come from the templates in `tools/sqlstate.txt`, so wording is uniform.
 */
import { SQLSTATE_TEMPLATES, SqlState, type SqlStateCode } from './sqlstate.generated';

export { SqlState, type SqlStateCode };

/** Optional fields of an error, as PostgreSQL's ErrorResponse has them. */
export interface SqlErrorOptions {
  detail?: string;
  hint?: string;
  /** Zero-based character offset in the statement text. */
  position?: number;
  cause?: unknown;
}

/** Fills a message template's `{0}`, `{1}` … placeholders. */
export function formatTemplate(template: string, args: readonly unknown[]): string {
  return template.replace(/\{(\d+)\}/g, (_m, i: string) => {
    const v = args[Number(i)];
    return v === undefined ? '' : String(v);
  });
}

/** An error that ends a statement: carries a SQLSTATE and optional detail, hint and position. */
export class SqlError extends Error {
  readonly sqlState: SqlStateCode;
  detail?: string;
  hint?: string;
  position?: number;

  constructor(sqlState: SqlStateCode, message: string, options: SqlErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SqlError';
    this.sqlState = sqlState;
    if (options.detail !== undefined) this.detail = options.detail;
    if (options.hint !== undefined) this.hint = options.hint;
    if (options.position !== undefined) this.position = options.position;
  }

  /** Builds an error whose message is the code's template filled with `args`. */
  static of(sqlState: SqlStateCode, args: readonly unknown[] = [], options: SqlErrorOptions = {}): SqlError {
    const message = formatTemplate(SQLSTATE_TEMPLATES[sqlState], args);
    if (sqlState.startsWith('40')) return new TransactionConflict(message, options);
    return new SqlError(sqlState, message, options);
  }
}

/** A serialization failure (SQLSTATE 40001): the transaction has been rolled back. */
export class TransactionConflict extends SqlError {
  constructor(message: string, options: SqlErrorOptions = {}) {
    super(SqlState.TransactionConflict, message, options);
    this.name = 'TransactionConflict';
  }
}

/** A broken invariant inside the engine (SQLSTATE XX000). */
export class InternalError extends SqlError {
  constructor(message: string, options: SqlErrorOptions = {}) {
    super(SqlState.InternalError, `internal error: ${message}`, options);
    this.name = 'InternalError';
  }
}

/** Shorthand for `SqlError.of`. */
export function sqlError(sqlState: SqlStateCode, ...args: unknown[]): SqlError {
  return SqlError.of(sqlState, args);
}
