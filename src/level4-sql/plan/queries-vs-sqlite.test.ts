/**
 * src/level4-sql/plan/queries-vs-sqlite.test.ts — random queries and changes over tables with primary keys
 * (one composite) and secondary indexes (random-sql.ts), run by pyrrhodb and by SQLite, their answers
 * compared. The access paths (key lookups, key lists, index ranges, index joins, semi-joins, join order) are
 * chosen by what a query fixes, so random predicates over keyed columns reach them all; SQLite is the oracle
 * for what the rows must be whatever path ran.
 *
 * 1. Rows are compared as multisets unless the query orders them (random-sql.ts invariant 3 fixes the order).
 *    Both engines sort NULLs first ascending. Cells are compared as text: numbers by value, strings quoted.
 * 2. A statement that fails in one engine must fail in the other, and every generated query must be answered;
 *    after each change both databases' tables are compared whole. Changes run alone or in transactions that
 *    COMMIT or ROLLBACK, some with a savepoint rolled back to (`steps`), through `mirrorStep` (random-sql-run.ts),
 *    which follows Pyrrho's rule that an error ends a transaction. At the end the database (a file) is closed,
 *    reopened and compared again.
 * 3. The oracle has the keys and unique indexes (constraints) but not the other indexes: what is under test is
 *    our paths, and SQLite's answer must not depend on its own.
 * 4. A query with parameters runs twice, the second time with other values (random-sql.ts invariant 5).
 * 5. A failure names the seed and the statement; `SEED=n` runs one seed, `SEED=m-n` a range (to hunt), and
 *    `SCALE=s` gives them larger tables (random-sql.ts invariant 4).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Database } from '../../database';
import { seededRandom } from '../../common/testing/seeded-random';
import { openSqlite, sqliteRows, type SqliteDb } from '../../common/testing/sqlite-peer';
import { Gen, indexChange, KEYS, query, type Query, steps, TABLES } from './random-sql';
import { envSeeds, mirrorStep, setUpBoth } from './random-sql-run';

/** A cell as text both engines' values map to alike: numbers by value, strings quoted. */
function cell(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  return `?${String(v)}`;
}

type Outcome = { rows: string[] } | { error: string };

function outcome(run: () => unknown[][], ordered: boolean): Outcome {
  try {
    const rows = run().map((r) => r.map(cell).join(' | '));
    return { rows: ordered ? rows : rows.sort() };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

function compare(seed: number, sql: string, mine: Outcome, theirs: Outcome): void {
  if ('error' in mine || 'error' in theirs) {
    if ('error' in mine && 'error' in theirs) return;
    const said = 'error' in mine ? `pyrrhodb failed: ${mine.error}` : `SQLite failed: ${(theirs as { error: string }).error}`;
    throw new Error(`seed ${seed}: ${sql}\n${said}`);
  }
  if (mine.rows.length !== theirs.rows.length || mine.rows.some((r, i) => r !== theirs.rows[i])) {
    const show = (rows: string[]): string => rows.slice(0, 12).join('\n  ') + (rows.length > 12 ? `\n  … ${rows.length} rows` : '');
    throw new Error(`seed ${seed}: ${sql}\npyrrhodb:\n  ${show(mine.rows)}\nSQLite:\n  ${show(theirs.rows)}`);
  }
}

function compareTables(seed: number, after: string, db: Database, lite: SqliteDb): void {
  for (const table of Object.keys(TABLES)) {
    const sql = `SELECT * FROM ${table} ORDER BY ${KEYS[table]}`;
    compareQuery(seed, { sql, ordered: true }, db, lite, `${sql} (after ${after})`);
  }
}

/**
 * Runs query `q` in both engines and compares the answers; `label` is how a failure names it. A query with
 * parameters runs again with other values (invariant 4).
 */
function compareQuery(seed: number, q: Query, db: Database, lite: SqliteDb, label = q.sql, g?: Gen): Outcome {
  const run = (params: Readonly<Record<string, number>> | undefined): Outcome => {
    const named = params === undefined ? '' : ` with ${JSON.stringify(params)}`;
    const mine = outcome(() => db.execute(q.sql, params).rows as unknown[][], q.ordered);
    compare(seed, label + named, mine, outcome(() => sqliteRows(lite, q.sql, params === undefined ? [] : [params]), q.ordered));
    return mine;
  };
  const mine = run(q.params);
  if (q.params !== undefined && g !== undefined) {
    run(Object.fromEntries(Object.keys(q.params).map((name) => [name, g.lit()])));
  }
  return mine;
}

/** The seeds run, each with its scale: `SEED=n` or `SEED=m-n` (and `SCALE=s`) run others (invariant 5). */
function seeds(): { seed: number; scale: number }[] {
  const given = envSeeds();
  if (given === null) return [1, 2, 3, 4, 5, 6].map((seed) => ({ seed, scale: 1 })).concat([101, 102].map((seed) => ({ seed, scale: 6 })));
  const scale = Number(process.env.SCALE ?? 1);
  return given.map((seed) => ({ seed, scale }));
}
const QUERIES = 250;
const CHANGES = 60;

describe('random queries and changes agree with SQLite', () => {
  for (const { seed, scale } of seeds()) {
    test(`seed ${seed}${scale === 1 ? '' : `, tables × ${scale}`}`, () => {
      const g = new Gen(seededRandom(seed), scale);
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pyrrhodb-vs-sqlite-'));
      const file = path.join(dir, 'db');
      let db = Database.open(file);
      const lite = openSqlite();
      try {
        setUpBoth(g, (sql, params) => db.execute(sql, params), lite);
        let answered = 0;
        const refused: string[] = [];
        const made: string[] = [];
        for (let i = 0; i < QUERIES; i++) {
          if (g.chance(0.04)) db.execute(indexChange(g, made));
          const q = query(g);
          const mine = compareQuery(seed, q, db, lite, q.sql, g);
          if ('rows' in mine) answered++;
          else refused.push(`${q.sql}: ${mine.error}`);
        }
        if (answered !== QUERIES) throw new Error(`seed ${seed}: both engines refused ${refused.join('\n')}`); // invariant 2
        for (let i = 0; i < CHANGES; i++) {
          if (g.chance(0.15)) db.execute(indexChange(g, made));
          let done: string;
          try {
            done = mirrorStep((sql) => db.execute(sql), lite, steps(g));
          } catch (e) {
            throw new Error(`seed ${seed}: ${(e as Error).message}`);
          }
          compareTables(seed, done, db, lite);
          const q = query(g);
          compareQuery(seed, q, db, lite, q.sql, g);
        }
        // what was committed survives a reopen: replay of the log (and the checkpoint written at close)
        db.close();
        db = Database.open(file);
        compareTables(seed, 'reopening', db, lite);
        for (let i = 0; i < 20; i++) {
          const q = query(g);
          compareQuery(seed, q, db, lite, `${q.sql} (after reopening)`, g);
        }
      } finally {
        db.close();
        lite.close();
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
