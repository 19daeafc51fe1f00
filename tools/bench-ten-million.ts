/**
 * tools/bench-ten-million.ts — issue 15's "10M rows load and query in < 2 GB" and "reopen a 10M-row file in
 * < 1 s", measured in fresh processes against better-sqlite3 doing the same (`--only=ten-million` of
 * tools/bench.ts; this file is also the children's entry point).
 *
 *   node dist/tools/bench-ten-million.js --child=load --engine=pyrrhodb|better-sqlite3 --file=F --rows=N
 *     creates the bench's tables in F, inserts N rows in one transaction, commits, runs QUERY, closes
 *     (pyrrhodb writes its checkpoint then); prints {ms, peakMb, result}.
 *   node dist/tools/bench-ten-million.js --child=reopen --engine=… --file=F
 *     requires the engine, then opens F and counts t's rows (`openMs`), then runs QUERY (`queryMs`, every
 *     row read); prints those and {peakMb}.
 *
 * 1. Peak memory is the child's peak resident set (`process.resourceUsage().maxRSS`), Node's own included: what
 *    the operating system has to give the process, not what the heap holds at one moment.
 * 2. Children get no V8 flags: a user's script runs with the defaults.
 * 3. Reopening is timed in three fresh processes per engine, engines alternating; the figure is the median.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { loadPyrrho, loadSqlite, medianOf, type PyrrhoDb, type SqliteDb } from './bench-workloads';

/** What both engines run after the load and after a reopen: every row is read. */
const QUERY = 'select count(*), sum(val) from t where grp = 7';

/** One row of the bench's table (tools/bench.ts renders it). */
export interface TenMillionRow {
  workload: string;
  ops: number;
  pyrrho: number;
  peerMs: number;
  target: string;
  note: string;
}

function arg(name: string): string {
  const v = process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  if (v === undefined) throw new Error(`--${name}= is required`);
  return v;
}

function peakMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}

/** Requires the engine (not timed: module loading is the cold bench's business) and returns how to open F. */
function engineOpener(engine: string, file: string): { open: () => PyrrhoDb | SqliteDb; pyrrho: boolean } {
  if (engine === 'pyrrhodb') {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Database } = require(path.join(__dirname, '..', 'src', 'index')) as { Database: { open(p: string): PyrrhoDb } };
    return { open: () => Database.open(file), pyrrho: true };
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Sqlite = require('better-sqlite3') as new (file: string) => SqliteDb;
  return { open: () => new Sqlite(`${file}.db`), pyrrho: false };
}

function query(db: PyrrhoDb | SqliteDb, pyrrho: boolean, sql: string): unknown[] {
  if (pyrrho) return (db as PyrrhoDb).execute(sql).rows[0]!;
  return (db as SqliteDb).prepare(sql).raw(true).get() as unknown[];
}

function child(): void {
  const mode = arg('child');
  const { open, pyrrho } = engineOpener(arg('engine'), arg('file'));
  if (mode === 'load') {
    const n = Number(arg('rows'));
    const t0 = performance.now();
    const db = open();
    if (pyrrho) loadPyrrho(db as PyrrhoDb, n);
    else loadSqlite(db as SqliteDb, n);
    const result = query(db, pyrrho, QUERY);
    db.close();
    console.log(JSON.stringify({ ms: performance.now() - t0, peakMb: peakMb(), result: result.map(String) }));
    return;
  }
  const t0 = performance.now();
  const db = open();
  const count = query(db, pyrrho, 'select count(*) from t');
  const t1 = performance.now();
  const result = query(db, pyrrho, QUERY);
  const t2 = performance.now();
  db.close();
  console.log(JSON.stringify({ openMs: t1 - t0, queryMs: t2 - t1, peakMb: peakMb(), count: String(count[0]), result: result.map(String) }));
}

function run(args: string[]): Record<string, unknown> {
  const out = spawnSync(process.execPath, [__filename, ...args], { encoding: 'utf8', maxBuffer: 1 << 20 });
  const line = out.stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    throw new Error(`bench-ten-million child ${args.join(' ')} failed: ${out.stderr.slice(0, 500)}`);
  }
}

const mb = (x: unknown): string => `${Number(x).toFixed(0)} MB`;

/** Loads, queries and reopens `rows` rows with both engines, each step in a fresh process. */
export function benchTenMillion(quick: boolean): TenMillionRow[] {
  const rows = quick ? 1_000_000 : 10_000_000;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pyrrho-10m-'));
  try {
    const file = path.join(dir, 'big');
    const load = { p: run(['--child=load', '--engine=pyrrhodb', `--file=${file}`, `--rows=${rows}`]), s: run(['--child=load', '--engine=better-sqlite3', `--file=${file}`, `--rows=${rows}`]) };
    // both engines sum REALs with compensation; the last digit may still differ with the order of the rows
    const same = (a: unknown, b: unknown): boolean =>
      (a as string[]).every((x, i) => Math.abs(Number(x) - Number((b as string[])[i])) <= 1e-9 * Math.abs(Number(x)));
    if (!same(load.p.result, load.s.result)) {
      throw new Error(`the engines disagree on ${QUERY}: ${JSON.stringify(load.p.result)} against ${JSON.stringify(load.s.result)}`);
    }
    const reopens: { p: Record<string, unknown>[]; s: Record<string, unknown>[] } = { p: [], s: [] };
    for (let i = 0; i < 3; i++) {
      reopens.p.push(run(['--child=reopen', '--engine=pyrrhodb', `--file=${file}`]));
      reopens.s.push(run(['--child=reopen', '--engine=better-sqlite3', `--file=${file}`]));
    }
    const pOpen = medianOf(reopens.p.map((r) => Number(r.openMs)));
    const sOpen = medianOf(reopens.s.map((r) => Number(r.openMs)));
    const pQuery = medianOf(reopens.p.map((r) => Number(r.queryMs)));
    const sQuery = medianOf(reopens.s.map((r) => Number(r.queryMs)));
    const pPeak = Math.max(...reopens.p.map((r) => Number(r.peakMb)));
    const sPeak = Math.max(...reopens.s.map((r) => Number(r.peakMb)));
    const size = (f: string): string => (fs.existsSync(f) ? `${(fs.statSync(f).size / 2 ** 20).toFixed(0)} MB` : '—');
    return [
      {
        workload: `${rows} rows: load in one transaction, ${QUERY}, close (a fresh process)`,
        ops: rows,
        pyrrho: Number(load.p.ms),
        peerMs: Number(load.s.ms),
        target: '< 2 GB peak RSS',
        note: `peak RSS ${mb(load.p.peakMb)} (better-sqlite3 ${mb(load.s.peakMb)}); log ${size(`${file}.pfl`)}, checkpoint ${size(`${file}.pck`)}, sqlite file ${size(`${file}.db`)}`,
      },
      {
        workload: `reopen a ${rows}-row file and count(*) (a fresh process, median of 3)`,
        ops: 1,
        pyrrho: pOpen,
        peerMs: sOpen,
        target: '< 1 s',
        note: `${pOpen.toFixed(0)} ms; peak RSS ${mb(pPeak)} after ${QUERY} (better-sqlite3 ${mb(sPeak)})`,
      },
      {
        workload: `after that reopen: ${QUERY}, every row read for the first time`,
        ops: rows,
        pyrrho: pQuery,
        peerMs: sQuery,
        target: '—',
        note: '',
      },
    ];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) child();
