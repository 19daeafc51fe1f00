/**
 * src/index.ts — the package root (`require('pyrrhodb')`): the public API and nothing else.
 *
 * 1. The embedded synchronous API (`Database`, `PreparedStatement`, `ResultSet`), the MongoDB-style `Collection`
 *    and its types, the error types and codes (`SqlError`, `TransactionConflict`, `SqlState`), `Decimal` for
 *    NUMERIC values, `Interval` for INTERVAL values, `StructValue` for values of structured types (CREATE TYPE),
 *    and the ADO-style driver.
 * 2. Everything else under src/ is internal and may change without notice.
 * 3. The code cache (src/code-cache.ts) is held while this module's imports load, and only then (code-cache.ts
 *    invariant 2): the hold comes first and the release last, and CommonJS output keeps statements in source
 *    order. The engine and the driver's transports hold it again when they load, on first use.
 */
import { holdCodeCache } from './code-cache';
const releaseCodeCache = holdCodeCache();

export { Database, PreparedStatement, type Parameters, type ResultSet, type OpenOptions, type ExecuteOptions } from './database';
export {
  Collection,
  type DeleteResult,
  type Document,
  type FindOptions,
  type IndexSpecification,
  type InsertManyResult,
  type InsertOneResult,
  type SortDirection,
  type UpdateResult,
} from './collection';
export { SqlError, TransactionConflict, SqlState, type SqlStateCode } from './common/errors';
export { Decimal } from './common/values/value';
export { Interval } from './common/values/interval';
export { StructValue } from './common/values/struct-value';
export { PyrrhoConnect, type ConnectOptions } from './client/pyrrho-connect';
export { PyrrhoPool, type PoolOptions } from './client/pyrrho-pool';
export { PyrrhoCommand } from './client/pyrrho-command';
export { PyrrhoReader } from './client/pyrrho-reader';
export { PyrrhoTransaction } from './client/pyrrho-transaction';

releaseCodeCache();
