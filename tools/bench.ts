/**
 * tools/bench.ts — pyrrhodb against better-sqlite3 on the same workloads, in one run (`npm run bench`).
 *
 * Reads nothing; writes temporary database files under the OS temp directory and prints a markdown table
 * of timings and ratios (ratio = better-sqlite3's time ÷ pyrrhodb's, so > 1 means pyrrhodb is faster).
 * `--quick` divides the sizes by 10 (a smoke run, not for docs/performance.md); `--only=a,b` runs some steps.
 * How it measures, so that the ratios compare like with like:
 *   - both engines get prepared statements, and every reading workload gets rows as arrays from both
 *     (better-sqlite3 in `.raw()` mode); better-sqlite3 runs with its defaults (rollback journal,
 *     synchronous=FULL) and, for durable commits, also in WAL mode;
 *   - each figure is the median of 5 timed runs, the two engines alternating run by run,
 *     after a forced GC (`--expose-gc`) and an untimed warm-up run — for the reading workloads the warm-up
 *     runs on a separate database of the same rows, so the measured one starts untouched;
 *   - every step starts after a full collection, so that none pays for the garbage the step before it left
 *     (the 1M-row reopen left ~280 MB of it for the document workloads); the log line naming a step gives the
 *     heap it starts with, which shows that nothing an earlier step made is still held;
 *   - the cold ratio of a reading workload is the median, over 3 fresh processes per engine, of its first
 *     run after loading (tools/bench-cold.ts); "cold: a fresh process to its first result" times require,
 *     open, create, insert and one query from the process's start; reopening a file is cold too;
 *   - the memory figure for 1M rows is measured in a child process (`--memory-child` is its mode); 10M rows
 *     loaded, queried, closed and reopened, with each step's peak RSS, in fresh processes
 *     (`--only=ten-million`, tools/bench-ten-million.ts).
 * The document workloads (`--only=documents`) live in tools/bench-documents.ts and also compare with mingo
 * and NeDB: their rows name the peer. The driver over loopback TCP (`--only=server`) lives in
 * tools/bench-server.ts.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Database } from '../src/index';
import { benchDocuments } from './bench-documents';
import { benchServer } from './bench-server';
import { benchTenMillion } from './bench-ten-million';
import { addReadExtrasPyrrho, addReadExtrasSqlite, loadPyrrho, loadSqlite, medianOf, pyrrhoRunner, readWorkloads, rowValues, SCHEMA_T, sqliteRunner, ids, type SqliteDb } from './bench-workloads';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const Sqlite = require('better-sqlite3') as new (file: string) => SqliteDb;

const QUICK = process.argv.includes('--quick');
const SCALE = QUICK ? 10 : 1;
const ROWS = 100_000 / SCALE;

interface Row {
  workload: string;
  ops: number;
  pyrrho: number; // ms
  sqlite: number; // ms
  target: string;
  note?: string;
  peer?: string; // the engine in the sqlite column when it is not better-sqlite3
  /** better-sqlite3's cold time ÷ pyrrhodb's: the first run in a fresh process (tools/bench-cold.ts) */
  cold?: number;
}

function timeMs(fn: () => void): number {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

/**
 * The median of `runs` timings, after one untimed warm-up run unless `warm` is false: the figures are for
 * code the JIT has compiled, as in a long-running process (reopening a file is measured cold, so it has no
 * warm-up). For one engine alone; two engines compared use `paired`.
 */
function median(fn: () => void, runs = 5, warm = true): number {
  if (warm) fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(timeMs(fn));
  return medianOf(times);
}

/** `gc()` when Node runs with --expose-gc (npm run bench does): the garbage of loading is not charged to a run. */
function collect(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/**
 * Both engines' medians of `runs` timings, the engines alternating run by run (p s, s p, p s, …) so that a
 * slow spell of a shared machine falls on both; each is warmed first by `warmP` / `warmS` (by default one
 * untimed run of the timed closure; the reading workloads warm on a separate database instead).
 */
function paired(p: () => void, s: () => void, runs = 5, warmP: (() => void) | null = p, warmS: (() => void) | null = s): { pyrrho: number; sqlite: number } {
  warmP?.();
  warmS?.();
  collect();
  const [pyrrho, sqlite] = alternating([() => timeMs(p), () => timeMs(s)], runs);
  return { pyrrho: pyrrho!, sqlite: sqlite! };
}

/** The median of `runs` results of each runner (each returns its own time in ms), in forward order on even runs
 *  and backward on odd ones, so that no runner always follows the same other. */
function alternating(runners: ReadonlyArray<() => number>, runs: number): number[] {
  const times = runners.map((): number[] => []);
  for (let i = 0; i < runs; i++) {
    for (let j = 0; j < runners.length; j++) {
      const k = i % 2 === 0 ? j : runners.length - 1 - j;
      times[k]!.push(runners[k]!());
    }
  }
  return times.map(medianOf);
}

/**
 * The cold figures of a reading workload: the median over `runs` fresh processes of its first run after
 * loading (tools/bench-cold.ts), per engine; NaN when a child failed.
 */
function coldRun(key: string, runs = 3): { pyrrho: number; sqlite: number } {
  const one = (engine: string): number => {
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const child = spawnSync(
        process.execPath,
        ['--expose-gc', path.join(__dirname, 'bench-cold.js'), `--workload=${key}`, `--engine=${engine}`, `--rows=${ROWS}`, `--scale=${SCALE}`],
        { encoding: 'utf8' },
      );
      try {
        times.push((JSON.parse(child.stdout.trim().split('\n').pop() ?? '') as { firstRunMs: number }).firstRunMs);
      } catch {
        return NaN;
      }
    }
    return medianOf(times);
  };
  return { pyrrho: one('pyrrhodb'), sqlite: one('better-sqlite3') };
}

function tmpDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'pyrrhodb-bench-'));
}

function benchBulk(rows: Row[]): void {
  const { pyrrho, sqlite } = paired(
    () => {
      const db = Database.open(':memory:');
      loadPyrrho(db, ROWS);
      db.close();
    },
    () => {
      const db = new Sqlite(':memory:');
      loadSqlite(db, ROWS);
      db.close();
    },
  );
  rows.push({ workload: `bulk insert, one transaction (${ROWS} rows)`, ops: ROWS, pyrrho, sqlite, target: '≥ 1.0' });
}

function benchAutocommit(rows: Row[]): void {
  const n = 10_000 / SCALE;
  const { pyrrho, sqlite } = paired(
    () => {
      const db = Database.open(':memory:');
      db.execute(SCHEMA_T);
      const ins = db.prepare('insert into t values (?, ?, ?, ?)');
      for (let i = 0; i < n; i++) ins.execute(rowValues(i));
      db.close();
    },
    () => {
      const db = new Sqlite(':memory:');
      db.exec(SCHEMA_T);
      const ins = db.prepare('insert into t values (?, ?, ?, ?)');
      for (let i = 0; i < n; i++) ins.run(...rowValues(i));
      db.close();
    },
  );
  rows.push({ workload: `autocommit inserts, in memory (${n})`, ops: n, pyrrho, sqlite, target: '≥ 0.5' });
}

/** One query run `times` times by each engine (rows as arrays from both), with the row-count check. */
function repeatedQuery(pdb: Database, sdb: SqliteDb, label: string, sql: string, params: unknown[], target: string, times: number): Row {
  const pq = pdb.prepare(sql);
  const sq = sdb.prepare(sql).raw();
  const pr = pq.execute(params).rows.length;
  const sr = sq.all(...params).length;
  return {
    workload: `${label} (${times}×, ${pr} rows)`,
    ops: times,
    ...paired(
      () => {
        for (let i = 0; i < times; i++) pq.execute(params);
      },
      () => {
        for (let i = 0; i < times; i++) sq.all(...params);
      },
    ),
    target,
    ...(pr === sr ? {} : { note: `row counts differ: ${pr} vs ${sr}` }),
  };
}

/**
 * The reading workloads (bench-workloads.ts): each engine warms up on a separate database of the same rows,
 * then the timed runs on the measured one alternate; the cold ratio comes from fresh processes (coldRun).
 * Then updates by key, in autocommit and inside one transaction.
 */
function benchQueries(rows: Row[]): void {
  const pdb = Database.open(':memory:');
  loadPyrrho(pdb, ROWS);
  const sdb = new Sqlite(':memory:');
  loadSqlite(sdb, ROWS);
  const pWarm = Database.open(':memory:');
  loadPyrrho(pWarm, ROWS);
  const sWarm = new Sqlite(':memory:');
  loadSqlite(sWarm, ROWS);
  for (const db of [pdb, pWarm]) addReadExtrasPyrrho(db, ROWS);
  for (const db of [sdb, sWarm]) addReadExtrasSqlite(db, ROWS);
  collect();
  for (const w of readWorkloads(ROWS, SCALE)) {
    const p = pyrrhoRunner(pdb, w);
    const s = sqliteRunner(sdb, w);
    const pr = p();
    const sr = s();
    const times = paired(p, s, 5, pyrrhoRunner(pWarm, w), sqliteRunner(sWarm, w));
    const cold = coldRun(w.key);
    rows.push({
      workload: w.label,
      ops: w.params.length,
      ...times,
      target: w.target,
      cold: cold.sqlite / cold.pyrrho,
      ...(pr === sr ? {} : { note: `row counts differ: ${pr} vs ${sr}` }),
    });
  }
  pWarm.close();
  sWarm.close();
  // the updates run on t as the bulk insert left it (bench-workloads.ts invariant 4)
  pdb.execute('drop index t_name');
  sdb.exec('drop index t_name');

  const upd = ids(10_000 / SCALE, ROWS);
  const pUpd = pdb.prepare('update t set val = val + 1 where id = ?');
  const sUpd = sdb.prepare('update t set val = val + 1 where id = ?');
  rows.push({
    workload: `updates by key, autocommit (${upd.length})`,
    ops: upd.length,
    ...paired(
      () => upd.forEach((id) => pUpd.execute([id])),
      () => upd.forEach((id) => sUpd.run(id)),
    ),
    target: '≥ 0.5',
  });
  rows.push({
    workload: `updates by key, one transaction (${upd.length})`,
    ops: upd.length,
    ...paired(
      () => {
        pdb.execute('begin transaction');
        upd.forEach((id) => pUpd.execute([id]));
        pdb.execute('commit');
      },
      () => sdb.transaction(() => upd.forEach((id) => sUpd.run(id)))(),
    ),
    target: '≥ 1.0',
  });
  pdb.close();
  sdb.close();
}

/**
 * A fresh process's first result (require, open, create, insert, one query), median of 5 processes per
 * engine (tools/bench-cold.ts --first-result); the note gives `require` alone.
 */
function benchFirstResult(rows: Row[]): void {
  const one = (engine: string): { requireMs: number; firstResultMs: number } => {
    const runs: Array<{ requireMs: number; firstResultMs: number }> = [];
    for (let i = 0; i < 5; i++) {
      const child = spawnSync(process.execPath, [path.join(__dirname, 'bench-cold.js'), '--first-result', `--engine=${engine}`], { encoding: 'utf8' });
      try {
        runs.push(JSON.parse(child.stdout.trim().split('\n').pop() ?? '') as { requireMs: number; firstResultMs: number });
      } catch {
        return { requireMs: NaN, firstResultMs: NaN };
      }
    }
    return { requireMs: medianOf(runs.map((r) => r.requireMs)), firstResultMs: medianOf(runs.map((r) => r.firstResultMs)) };
  };
  const p = one('pyrrhodb');
  const s = one('better-sqlite3');
  rows.push({
    workload: 'cold: a fresh process to its first result (require, open, create, insert, query)',
    ops: 1,
    pyrrho: p.firstResultMs,
    sqlite: s.firstResultMs,
    target: '≥ 0.33',
    note: `require: pyrrhodb ${p.requireMs.toFixed(0)} ms, better-sqlite3 ${s.requireMs.toFixed(0)} ms (target < 60 ms)`,
  });
}

/**
 * Issue 12's workloads: a chain of 8 joined tables written in a scrambled FROM order (the join planner must
 * find the order), nested uncorrelated IN subqueries, an IN list of keys (one lookup each), and a correlated
 * EXISTS answered by a key lookup.
 */
function benchSql(rows: Row[]): void {
  const pdb = Database.open(':memory:');
  loadPyrrho(pdb, ROWS);
  const sdb = new Sqlite(':memory:');
  loadSqlite(sdb, ROWS);
  const K = 8;
  const n = 1_000 / SCALE;
  for (let k = 1; k <= K; k++) {
    const ddl = `create table j${k} (a${k} integer, b${k} integer, x${k} varchar(20))`;
    pdb.execute(ddl);
    sdb.exec(ddl);
    const sql = `insert into j${k} values (?, ?, ?)`;
    const pi = pdb.prepare(sql);
    const si = sdb.prepare(sql);
    pdb.execute('begin transaction');
    sdb.transaction(() => {
      for (let i = 0; i < n; i++) {
        const v: [number, number, string] = [i, (i * 7 + k * 13) % n, `j${k} row ${i}`];
        pi.execute(v);
        si.run(...v);
      }
    })();
    pdb.execute('commit');
  }
  const order = [5, 1, 3, 8, 2, 6, 4, 7];
  const chain = Array.from({ length: K - 1 }, (_, i) => `a${i + 1} = b${i + 2}`).join(' and ');
  const joinSql = `select x1, x${K} from ${order.map((k) => `j${k}`).join(', ')} where ${chain} and a${K} < ?`;
  const repeat = (label: string, sql: string, params: unknown[], times: number): void => {
    rows.push(repeatedQuery(pdb, sdb, label, sql, params, '—', times));
  };
  repeat(`join of ${K} tables of ${n} rows, scrambled FROM order`, joinSql, [n / 10], 10);
  let nested = 'select grp from u where label < ?';
  for (let i = 0; i < 10; i++) nested = `select grp from u where grp in (${nested})`;
  repeat('10 nested IN subqueries over t', `select count(*) from t where grp in (${nested})`, ['label-5'], 5);
  const listed = ids(20, ROWS);
  repeat(`IN list of ${listed.length} parameters on the primary key`, `select * from t where id in (${listed.map(() => '?').join(', ')})`, listed, 1_000 / SCALE);
  repeat(
    'correlated EXISTS by key, 2,000 outer rows',
    "select id from t where id < 2000 and exists (select 1 from u where u.grp = t.grp and u.label = 'label-7')",
    [],
    20,
  );
  pdb.close();
  sdb.close();
}

/**
 * Issue 13's workloads: a SQL function called once per row (better-sqlite3 runs the same arithmetic as a JS
 * user function, which is what SQLite offers), and inserts into a table whose row trigger keeps a running total
 * in another table (the same trigger in SQLite's syntax). Each checks that both engines computed the same.
 */
function benchStoredCode(rows: Row[]): void {
  const pdb = Database.open(':memory:');
  loadPyrrho(pdb, ROWS);
  const sdb = new Sqlite(':memory:');
  loadSqlite(sdb, ROWS);
  const unsupported = (workload: string, e: unknown): void => {
    rows.push({ workload, ops: 0, pyrrho: NaN, sqlite: NaN, target: '—', note: `not run: ${e instanceof Error ? e.message : String(e)}` });
  };
  const fnLabel = `a SQL function per row: sum(f(grp)) over ${ROWS} rows`;
  try {
    pdb.execute('create function f(x integer) returns integer return x * 2 + 1');
    sdb.function('f', { deterministic: true }, (x: unknown) => (x as number) * 2 + 1);
    const sql = 'select sum(f(grp)) from t';
    const pq = pdb.prepare(sql);
    const sq = sdb.prepare(sql).raw();
    const same = String(pq.execute([]).rows[0]![0]) === String((sq.get() as unknown[])[0]);
    rows.push({
      workload: fnLabel,
      ops: ROWS,
      ...paired(
        () => void pq.execute([]),
        () => void sq.get(),
      ),
      target: '—',
      ...(same ? {} : { note: 'results differ' }),
    });
  } catch (e) {
    unsupported(fnLabel, e);
  }
  const n = 10_000 / SCALE;
  const trLabel = `inserts with an AFTER INSERT row trigger keeping a running total, one transaction (${n})`;
  try {
    const setup = (exec: (sql: string) => void, trigger: string): void => {
      exec('create table acc (id integer primary key, total integer)');
      exec('insert into acc values (1, 0)');
      exec('create table ev (id integer primary key, amount integer)');
      exec(trigger);
    };
    setup((q) => void pdb.execute(q), 'create trigger ev_total after insert on ev referencing new as n for each row update acc set total = total + n.amount where id = 1');
    setup((q) => void sdb.exec(q), 'create trigger ev_total after insert on ev begin update acc set total = total + new.amount where id = 1; end');
    const pIns = pdb.prepare('insert into ev values (?, ?)');
    const sIns = sdb.prepare('insert into ev values (?, ?)');
    let roundP = 0;
    let roundS = 0;
    const { pyrrho: p, sqlite: s } = paired(
      () => {
        const base = roundP++ * n;
        pdb.execute('begin transaction');
        for (let i = 0; i < n; i++) pIns.execute([base + i, i % 10]);
        pdb.execute('commit');
      },
      () => {
        const base = roundS++ * n;
        sdb.transaction(() => {
          for (let i = 0; i < n; i++) sIns.run(base + i, i % 10);
        })();
      },
    );
    const pt = String(pdb.execute('select total from acc').rows[0]![0]);
    const st = String((sdb.prepare('select total from acc').raw().get() as unknown[])[0]);
    rows.push({ workload: trLabel, ops: n, pyrrho: p, sqlite: s, target: '—', ...(pt === st ? {} : { note: `totals differ: ${pt} vs ${st}` }) });
  } catch (e) {
    unsupported(trLabel, e);
  }
  pdb.close();
  sdb.close();
}

/**
 * Durable single-row commits on a file: each run opens a fresh file, creates the table and times `n`
 * autocommit inserts (each one a commit that waits for the disk); the median of 5 runs, pyrrhodb and
 * better-sqlite3 (WAL + synchronous=FULL, the issue's peer; then its default rollback journal) alternating.
 */
function benchDurable(rows: Row[]): void {
  const n = 200 / (QUICK ? 4 : 1);
  const dir = tmpDir();
  let run = 0;
  const pyrrho = (): number => {
    const pdb = Database.open(path.join(dir, `durable-${run++}`));
    pdb.execute(SCHEMA_T);
    const pIns = pdb.prepare('insert into t values (?, ?, ?, ?)');
    const t = timeMs(() => {
      for (let i = 0; i < n; i++) pIns.execute(rowValues(i));
    });
    pdb.close();
    return t;
  };
  const sqlite = (wal: boolean): number => {
    const sdb = new Sqlite(path.join(dir, `${wal ? 'wal' : 'default'}-${run++}.db`));
    if (wal) sdb.pragma('journal_mode = WAL');
    sdb.pragma('synchronous = FULL');
    sdb.exec(SCHEMA_T);
    const ins = sdb.prepare('insert into t values (?, ?, ?, ?)');
    const t = timeMs(() => {
      for (let i = 0; i < n; i++) ins.run(...rowValues(i));
    });
    sdb.close();
    return t;
  };
  pyrrho();
  sqlite(true);
  sqlite(false);
  const [p, wal, journal] = alternating([pyrrho, () => sqlite(true), () => sqlite(false)], 5);
  rows.push({ workload: `durable single-row commits on a file (${n}), sqlite WAL + synchronous=FULL`, ops: n, pyrrho: p!, sqlite: wal!, target: '≥ 1.0' });
  rows.push({ workload: `durable single-row commits on a file (${n}), sqlite default journal`, ops: n, pyrrho: p!, sqlite: journal!, target: '—' });
  fs.rmSync(dir, { recursive: true, force: true });
}

function benchReopen(rows: Row[], n = ROWS, target = '< 1 s'): void {
  const dir = tmpDir();
  const file = path.join(dir, 'reopen');
  const db = Database.open(file);
  loadPyrrho(db, n);
  db.close();
  const sfile = path.join(dir, 'reopen.db');
  const sdb0 = new Sqlite(sfile);
  loadSqlite(sdb0, n);
  sdb0.close();
  const p = median(
    () => {
      const d = Database.open(file);
      d.execute('select count(*) from t');
      d.close();
    },
    5,
    false,
  );
  const s = median(
    () => {
      const d = new Sqlite(sfile);
      d.prepare('select count(*) from t').get();
      d.close();
    },
    5,
    false,
  );
  rows.push({ workload: `reopen a ${n}-row file and count(*)`, ops: 1, pyrrho: p, sqlite: s, target, note: `${p.toFixed(0)} ms` });
  fs.rmSync(dir, { recursive: true, force: true });
}

/** Child mode: load 1M rows and print the memory retained (after GC) as JSON. */
function memoryChild(): void {
  const n = 1_000_000 / SCALE;
  const gc = (globalThis as { gc?: () => void }).gc;
  // the engine and the parser load with the first open and statement: not part of what the rows cost
  const db = Database.open(':memory:');
  db.execute('select 1');
  gc?.();
  gc?.();
  const before = process.memoryUsage();
  const t = timeMs(() => loadPyrrho(db, n));
  // Two collections, here and before: the first frees garbage byte arrays, but their external memory is
  // only released afterwards (after one, ~46 MB of the load's garbage still counted); retained is what is
  // reachable.
  gc?.();
  gc?.();
  const after = process.memoryUsage();
  const count = db.execute('select count(*) from t').rows[0]?.[0];
  const mb = (after.heapUsed + after.external - before.heapUsed - before.external) / 2 ** 20;
  const rss = after.rss / 2 ** 20;
  console.log(JSON.stringify({ n, count: String(count), mb, rss, ms: t }));
}

function benchMemory(rows: Row[]): void {
  const child = spawnSync(process.execPath, ['--expose-gc', '--max-old-space-size=4096', __filename, '--memory-child', ...(QUICK ? ['--quick'] : [])], {
    encoding: 'utf8',
  });
  const line = child.stdout.trim().split('\n').pop() ?? '';
  try {
    const m = JSON.parse(line) as { n: number; mb: number; rss: number; ms: number };
    rows.push({ workload: `memory for ${m.n} rows (int, int, varchar(20), real)`, ops: m.n, pyrrho: m.ms, sqlite: NaN, target: '< 500 MB', note: `${m.mb.toFixed(0)} MB retained (heap+external), RSS ${m.rss.toFixed(0)} MB` });
  } catch {
    rows.push({ workload: 'memory for 1M rows', ops: 0, pyrrho: NaN, sqlite: NaN, target: '< 500 MB', note: `child failed: ${child.stderr.slice(0, 300)}` });
  }
}

async function benchDocumentRows(rows: Row[]): Promise<void> {
  for (const r of await benchDocuments(QUICK)) {
    rows.push({ workload: r.workload, ops: r.ops, pyrrho: r.pyrrho, sqlite: r.peerMs, target: r.target, peer: r.peer, ...(r.note === undefined ? {} : { note: r.note }) });
  }
}

async function benchServerRows(rows: Row[]): Promise<void> {
  for (const r of await benchServer(QUICK)) {
    rows.push({ workload: r.workload, ops: r.ops, pyrrho: r.pyrrho, sqlite: r.peerMs, target: r.target, peer: r.peer, ...(r.note === undefined ? {} : { note: r.note }) });
  }
}

function benchTenMillionRows(rows: Row[]): void {
  for (const r of benchTenMillion(QUICK)) rows.push({ workload: r.workload, ops: r.ops, pyrrho: r.pyrrho, sqlite: r.peerMs, target: r.target, note: r.note });
}

function render(rows: Row[]): string {
  const out = [
    '| workload | pyrrhodb ms | peer ms (better-sqlite3 unless named) | ratio (× peer speed) | target | cold ratio | note |',
    '|---|---:|---:|---:|---|---:|---|',
  ];
  for (const r of rows) {
    const ratio = Number.isFinite(r.sqlite) && Number.isFinite(r.pyrrho) ? (r.sqlite / r.pyrrho).toFixed(2) : '—';
    const sq = Number.isFinite(r.sqlite) ? r.sqlite.toFixed(1) : '—';
    const py = Number.isFinite(r.pyrrho) ? r.pyrrho.toFixed(1) : '—';
    const workload = r.peer === undefined || r.peer === 'better-sqlite3' ? r.workload : `${r.workload} — vs ${r.peer}`;
    const cold = r.cold !== undefined && Number.isFinite(r.cold) ? r.cold.toFixed(2) : '—';
    out.push(`| ${workload} | ${py} | ${sq} | ${ratio} | ${r.target} | ${cold} | ${r.note ?? ''} |`);
  }
  return out.join('\n');
}

async function main(): Promise<void> {
  if (process.argv.includes('--memory-child')) return memoryChild();
  const rows: Row[] = [];
  const steps: Array<[string, (r: Row[]) => void | Promise<void>]> = [
    ['bulk', benchBulk],
    ['autocommit', benchAutocommit],
    ['queries', benchQueries],
    ['first-result', benchFirstResult],
    ['sql', benchSql],
    ['stored-code', benchStoredCode],
    ['durable', benchDurable],
    ['reopen', (r) => benchReopen(r)],
    ['reopen-1m', (r) => benchReopen(r, 10 * ROWS, '< 200 ms')],
    ['memory', benchMemory],
    ['ten-million', benchTenMillionRows],
    ['documents', benchDocumentRows],
    ['server', benchServerRows],
  ];
  const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7);
  for (const [name, step] of steps) {
    if (only !== undefined && !only.split(',').includes(name)) continue;
    // a clean start for every step; the heap then is what earlier steps still hold (file header)
    collect();
    const heapMb = (process.memoryUsage().heapUsed / 2 ** 20).toFixed(0);
    process.stderr.write(`bench: ${name}… (heap ${heapMb} MB)\n`);
    await step(rows);
  }
  console.log(`node ${process.version}, ${os.cpus()[0]?.model ?? 'cpu'} × ${os.cpus().length}, ${new Date().toISOString()}${QUICK ? ' (quick)' : ''}\n`);
  console.log(render(rows));
  if (rows.some((r) => r.workload.startsWith('documents:'))) {
    console.log('\nDocument rows: median of 5 runs after one untimed warm-up, engines alternating run by run (tools/bench-documents.ts).');
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
