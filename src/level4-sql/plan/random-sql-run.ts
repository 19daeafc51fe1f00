/**
 * src/level4-sql/plan/random-sql-run.ts — test support: running random-sql.ts's statements in pyrrhodb and in
 * SQLite side by side, for the differential tests (queries-vs-sqlite.test.ts, crash-random.test.ts,
 * concurrency-random.test.ts). Nothing in the engine imports it.
 *
 * 1. `setUpBoth` gives SQLite the keys, unique indexes and views but no other index: its answers must not
 *    depend on access paths, and ours are what is under test.
 * 2. `mirrorStep` keeps SQLite's work of a step inside a transaction it commits only when pyrrhodb's
 *    committed, and follows Pyrrho's rule that an error ends a transaction (unless a savepoint is set).
 * 3. `envSeeds` reads `SEED` (`n` or `m-n`), for hunting over more seeds than the tests run.
 */
import { SqlError, SqlState } from '../../common/errors';
import type { SqliteDb } from '../../common/testing/sqlite-peer';
import { type Gen, randomRows, SCHEMA, TABLES } from './random-sql';

/** Runs `sql` in pyrrhodb: null on success, else the error (an SqlError: anything else fails the test). */
function attempt(exec: (sql: string) => void, sql: string): SqlError | null {
  try {
    exec(sql);
    return null;
  } catch (e) {
    if (e instanceof SqlError) return e;
    throw e;
  }
}

function liteAttempt(lite: SqliteDb, sql: string): boolean {
  try {
    lite.prepare(sql).run();
    return true;
  } catch {
    return false;
  }
}

/**
 * One `steps` in pyrrhodb (through `exec`, which throws an SqlError on an error) and in SQLite, SQLite's inside
 * a transaction it commits only when pyrrhodb's work committed: an I/O error (58030) at a commit leaves the
 * work out of both. Other errors must be alike in both engines (else this throws); one ends a pyrrhodb
 * transaction (Pyrrho's rule), so SQLite's is rolled back too, unless a savepoint is set: then the transaction
 * is only aborted, as in PostgreSQL, and both roll back to it. Returns what was run and how it ended.
 */
export function mirrorStep(exec: (sql: string) => void, lite: SqliteDb, step: readonly string[]): string {
  const ended = (how: string): string => `${step.join('; ')} → ${how}`;
  const explicit = step[0] === 'BEGIN';
  lite.exec('BEGIN');
  let savepoint = false;
  for (const sql of step) {
    if (sql === 'BEGIN') {
      const e = attempt(exec, 'BEGIN TRANSACTION');
      if (e !== null) throw e;
      continue;
    }
    if (/^(SAVEPOINT|ROLLBACK TO)/.test(sql)) {
      const e = attempt(exec, sql);
      if (e !== null) throw e;
      lite.exec(sql);
      savepoint = true;
      continue;
    }
    if (sql === 'ROLLBACK' || sql === 'COMMIT') {
      const e = attempt(exec, sql);
      if (e !== null && e.sqlState !== SqlState.IoError) throw e;
      lite.exec(sql === 'COMMIT' && e === null ? 'COMMIT' : 'ROLLBACK');
      return ended(e === null ? sql : `${sql} failed: ${e.message}`);
    }
    const e = attempt(exec, sql);
    if (e !== null && e.sqlState === SqlState.IoError) {
      // nothing of this transaction is durable; an explicit one has ended (Pyrrho's rule)
      lite.exec('ROLLBACK');
      return ended(`${sql} failed: ${e.message}`);
    }
    const ok = liteAttempt(lite, sql);
    if (ok !== (e === null)) throw new Error(`${sql}: pyrrhodb ${e === null ? 'succeeded' : `failed (${e.message})`}, SQLite ${ok ? 'succeeded' : 'failed'}`);
    if (e === null) continue;
    if (!explicit) break; // an autocommit statement failed: nothing to commit
    if (savepoint) {
      if (attempt(exec, 'ROLLBACK TO s') !== null) throw new Error('ROLLBACK TO s failed');
      lite.exec('ROLLBACK TO s');
      continue;
    }
    lite.exec('ROLLBACK'); // the error ended pyrrhodb's transaction
    return ended(`${sql} ended the transaction`);
  }
  lite.exec('COMMIT');
  return ended('autocommit');
}

/**
 * Creates the schema and loads `randomRows(g)` in pyrrhodb, through `exec` (each table's rows in one
 * transaction), and in SQLite, which gets the keys, unique indexes and views but no other index: its answers
 * must not depend on access paths, and ours are what is under test.
 */
export function setUpBoth(g: Gen, exec: (sql: string, params?: unknown[]) => void, lite: SqliteDb): void {
  for (const sql of SCHEMA) {
    exec(sql);
    if (!sql.startsWith('CREATE INDEX')) lite.exec(sql);
  }
  for (const [table, rows] of Object.entries(randomRows(g))) {
    const marks = TABLES[table]!.map(() => '?').join(', ');
    const ins = lite.prepare(`INSERT INTO ${table} VALUES (${marks})`);
    exec('BEGIN TRANSACTION');
    for (const r of rows) {
      exec(`INSERT INTO ${table} VALUES (${marks})`, r);
      ins.run(...r);
    }
    exec('COMMIT');
  }
}

/** The seeds named by the environment's `SEED` (`n` or `m-n`), to hunt over more of them; null when unset. */
export function envSeeds(): number[] | null {
  const given = process.env.SEED;
  if (given === undefined) return null;
  const [lo, hi] = given.split('-').map(Number) as [number, number?];
  return Array.from({ length: (hi ?? lo) - lo + 1 }, (_, i) => lo + i);
}
