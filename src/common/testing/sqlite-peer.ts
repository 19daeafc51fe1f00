/**
 * src/common/testing/sqlite-peer.ts — test support: SQLite (better-sqlite3, a dev dependency) as an oracle
 * for differential tests, typed by the part of its API those tests use.
 *
 * 1. better-sqlite3 ships no types; `SqliteDb` and `SqliteStatement` name only what tests call.
 * 2. Used only by `*.test.ts` files; nothing in the engine imports it.
 */

export interface SqliteStatement {
  run(...params: unknown[]): unknown;
  raw(on?: boolean): { all(...params: unknown[]): unknown[] };
}

export interface SqliteDb {
  prepare(sql: string): SqliteStatement;
  exec(sql: string): void;
  /** the database's bytes, to open a copy of it as it is now */
  serialize(): Buffer;
  close(): void;
}

/** A new SQLite database: `':memory:'`, a file name, or a copy of the bytes another one serialized. */
export function openSqlite(file: string | Buffer = ':memory:'): SqliteDb {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Sqlite = require('better-sqlite3') as new (file: string | Buffer) => SqliteDb;
  return new Sqlite(file);
}

/** All rows of a query as arrays. */
export function sqliteRows(db: SqliteDb, sql: string, params: readonly unknown[] = []): unknown[][] {
  return db.prepare(sql).raw().all(...params) as unknown[][];
}
