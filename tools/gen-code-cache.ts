/**
 * tools/gen-code-cache.ts — writes dist/src/code-cache.bin, V8's compiled code of the modules a first
 * statement loads (src/code-cache.ts). Run by `npm run build` after tsc, so every build (and `npm install`,
 * through `prepare`) has a file that belongs to the modules it just wrote and to the V8 that runs them.
 *
 * Loads the package through `recordCodeCache`, runs the statements below through the public API (in memory),
 * then writes the file: the functions those statements ran are in it, compiled. Prints the file's size. A
 * statement that fails is reported and does not fail the build: the file then holds what loaded before.
 */
import * as path from 'path';
import { CODE_CACHE_FILE, recordCodeCache } from '../src/code-cache';

/** What a short script typically does first: DDL, DML with and without parameters, a query, a transaction. */
const STATEMENTS: readonly { sql: string; params?: unknown[] }[] = [
  { sql: 'create table t (id integer primary key, name varchar(20), price numeric(8,2))' },
  { sql: "insert into t values (1, 'one', 1.50)" },
  { sql: 'insert into t values (?, ?, ?)', params: [2, 'two', 2] },
  { sql: 'select name from t where id = 1' },
  { sql: 'select id, name from t where price > 1 order by name' },
  { sql: 'update t set name = ? where id = ?', params: ['deux', 2] },
  { sql: 'delete from t where id = 2' },
  { sql: 'select count(*) from t' },
];

function main(): void {
  const recording = recordCodeCache();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Database } = require('../src/index') as typeof import('../src/index');
  try {
    const db = Database.open(':memory:');
    for (const { sql, params } of STATEMENTS) db.execute(sql, params);
    db.close();
  } catch (e) {
    // the cache only speeds up a start: a build (an `npm install`) does not fail for it; the tests report the error
    console.error(`gen-code-cache: the statements failed (${String(e)}); the file holds what loaded before`);
  }
  const size = recording.write(CODE_CACHE_FILE);
  console.log(`wrote ${path.relative(process.cwd(), CODE_CACHE_FILE)} (${Math.round(size / 1024)} KB)`);
}

main();
