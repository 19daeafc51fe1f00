/**
 * tools/bench-cold.ts — the bench's cold figures, each measured in a fresh Node process started by
 * tools/bench.ts (this file is the child's entry point).
 *
 *   node dist/tools/bench-cold.js --workload=KEY --engine=pyrrhodb|better-sqlite3 [--rows=N] [--scale=S]
 *     times `require` of the engine, loads the bench table, forces a GC, then times the FIRST run of one
 *     reading workload (the JIT has compiled nothing of it yet); prints {requireMs, firstRunMs, rows}.
 *   node dist/tools/bench-cold.js --first-result --engine=…
 *     a fresh process's first result: require, open an in-memory database, create a table, insert a row,
 *     query it; prints {requireMs, firstResultMs} where firstResultMs counts from the process's start
 *     (performance.now()), Node's own start-up included, as a user running a short script pays it.
 *
 * 1. The child requires nothing of either engine before it starts timing (bench-workloads.ts invariant 1).
 * 2. The parent runs each child several times and takes the median (processes vary more than loops).
 */
import { performance } from 'perf_hooks';
import * as path from 'path';
import { addReadExtrasPyrrho, addReadExtrasSqlite, loadPyrrho, loadSqlite, pyrrhoRunner, readWorkloads, sqliteRunner, type PyrrhoDb, type SqliteDb } from './bench-workloads';

function arg(name: string): string | undefined {
  return process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
}

function requireEngine(engine: string): { ms: number; open: () => PyrrhoDb | SqliteDb } {
  const t0 = performance.now();
  if (engine === 'pyrrhodb') {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Database } = require(path.join(__dirname, '..', 'src', 'index')) as { Database: { open(p: string): PyrrhoDb } };
    return { ms: performance.now() - t0, open: () => Database.open(':memory:') };
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Sqlite = require('better-sqlite3') as new (file: string) => SqliteDb;
  return { ms: performance.now() - t0, open: () => new Sqlite(':memory:') };
}

function firstResult(engine: string): void {
  const { ms, open } = requireEngine(engine);
  const db = open();
  let rows: unknown[];
  if (engine === 'pyrrhodb') {
    const p = db as PyrrhoDb;
    p.execute('create table t (id integer primary key, name varchar(20))');
    p.execute("insert into t values (1, 'one')");
    rows = p.execute('select name from t where id = 1').rows;
  } else {
    const s = db as SqliteDb;
    s.exec('create table t (id integer primary key, name varchar(20))');
    s.exec("insert into t values (1, 'one')");
    rows = s.prepare('select name from t where id = 1').raw().all();
  }
  const at = performance.now();
  if (rows.length !== 1) throw new Error('no first result');
  console.log(JSON.stringify({ requireMs: ms, firstResultMs: at }));
}

function coldWorkload(engine: string, key: string): void {
  const rows = Number(arg('rows') ?? '100000');
  const scale = Number(arg('scale') ?? '1');
  const w = readWorkloads(rows, scale).find((x) => x.key === key);
  if (w === undefined) throw new Error(`no workload ${key}`);
  const { ms, open } = requireEngine(engine);
  const db = open();
  if (engine === 'pyrrhodb') {
    loadPyrrho(db as PyrrhoDb, rows);
    addReadExtrasPyrrho(db as PyrrhoDb, rows);
  } else {
    loadSqlite(db as SqliteDb, rows);
    addReadExtrasSqlite(db as SqliteDb, rows);
  }
  (globalThis as { gc?: () => void }).gc?.();
  const run = engine === 'pyrrhodb' ? pyrrhoRunner(db as PyrrhoDb, w) : sqliteRunner(db as SqliteDb, w);
  const t0 = performance.now();
  const n = run();
  console.log(JSON.stringify({ requireMs: ms, firstRunMs: performance.now() - t0, rows: n }));
}

const engine = arg('engine') ?? 'pyrrhodb';
if (process.argv.includes('--first-result')) firstResult(engine);
else coldWorkload(engine, arg('workload') ?? 'point');
