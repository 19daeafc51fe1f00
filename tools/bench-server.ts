/**
 * tools/bench-server.ts — the driver over loopback TCP in `npm run bench` (`--only=server`; issue 14): point
 * query round trips, 1,000-row readers, commit round trips, a full-table reader and concurrent clients,
 * against pyrrhodb embedded (the same statements, in process) and better-sqlite3 where the comparison means
 * something (the same rows read or written; better-sqlite3 is in process, so its figure is what a round
 * trip costs when there is none).
 *
 * `benchServer` returns one row per workload; tools/bench.ts prints them in its table as ratios (peer time ÷
 * pyrrhodb's time over TCP, so > 1 means TCP pyrrhodb is faster). Invariants:
 * 1. The server runs in this process (`PyrrhoServer.start` on a free port over a temporary directory), so
 *    the client and the server share this process's CPU as they would share a machine; its engine thread is
 *    another thread. The database is loaded embedded before the server starts (the server recovers it).
 * 2. Every workload runs once untimed (warm-up), then RUNS timed runs with the engines alternating (TCP,
 *    embedded, better-sqlite3, rotating); a figure is the median run. Latencies (median and 99th percentile
 *    per operation) come from the timed runs of TCP.
 * 3. Reads get every value of every row on every engine (the driver's `getValue`, better-sqlite3's raw
 *    arrays, the embedded engine's rows), and each engine's row count is checked against the others'.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Database } from '../src/index';
import { PyrrhoConnect } from '../src/client/pyrrho-connect';
import { PyrrhoServer } from '../src/server/pyrrho-server';
import { ids, loadPyrrho, loadSqlite, medianOf, rowValues, SCHEMA_T, type SqliteDb } from './bench-workloads';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const Sqlite = require('better-sqlite3') as new (file: string) => SqliteDb;

/** One row of the bench table. */
export interface ServerRow {
  readonly workload: string;
  readonly ops: number;
  /** pyrrhodb over TCP, ms */
  readonly pyrrho: number;
  /** the peer, ms (NaN: none) */
  readonly peerMs: number;
  readonly peer: string;
  readonly target: string;
  readonly note?: string;
}

const RUNS = 5;

function percentile(times: readonly number[], p: number): number {
  const t = times.slice().sort((a, b) => a - b);
  return t[Math.min(t.length - 1, Math.floor(t.length * p))] ?? NaN;
}

async function timed(f: () => Promise<unknown> | unknown): Promise<number> {
  const t0 = process.hrtime.bigint();
  await f();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

/** Median ms of each engine's runs, alternating (invariant 2); `lat` collects TCP's per-operation times. */
async function compare(engines: ReadonlyArray<() => Promise<unknown> | unknown>): Promise<number[]> {
  for (const e of engines) await e();
  const times: number[][] = engines.map(() => []);
  for (let run = 0; run < RUNS; run++) {
    for (let k = 0; k < engines.length; k++) {
      const i = (k + run) % engines.length;
      times[i]!.push(await timed(engines[i]!));
    }
  }
  return times.map(medianOf);
}

function us(ms: number): string {
  return `${(ms * 1000).toFixed(0)} µs`;
}

/** Reads every value of every row of a reader; returns the rows. */
async function readAll(conn: PyrrhoConnect, sql: string, params: readonly unknown[]): Promise<number> {
  const cmd = conn.createCommand(sql);
  for (const p of params) cmd.parameters.add(p);
  const r = await cmd.executeReader();
  const width = r.fieldCount;
  let n = 0;
  while (await r.read()) {
    for (let i = 0; i < width; i++) r.getValue(i);
    n++;
  }
  return n;
}

/** The server workloads (`quick` divides the sizes by 10). */
export async function benchServer(quick: boolean): Promise<ServerRow[]> {
  const scale = quick ? 10 : 1;
  const rows = 100_000 / scale;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pyrrho-bench-svr-'));
  const out: ServerRow[] = [];
  const setup = Database.open(path.join(dir, 'bench'));
  loadPyrrho(setup, rows);
  setup.execute(SCHEMA_T.replace('table t', 'table w'));
  setup.close();
  const server = await PyrrhoServer.start({ port: 0, dir, log: () => undefined });
  const cs = `Host=127.0.0.1;Port=${server.port};Files=bench`;
  const conn = new PyrrhoConnect(cs);
  await conn.open();
  const embedded = Database.open(path.join(dir, 'embedded'));
  loadPyrrho(embedded, rows);
  embedded.execute(SCHEMA_T.replace('table t', 'table w'));
  const sdb = new Sqlite(path.join(dir, 'peer.db'));
  loadSqlite(sdb, rows);
  sdb.exec(SCHEMA_T.replace('table t', 'table w'));
  try {
    // point queries: one round trip each
    const lookups = ids(5_000 / scale, rows);
    const pointSql = 'select * from t where id = ?';
    const pointCmd = conn.createCommand(pointSql);
    const lat: number[] = [];
    const pEmb = embedded.prepare(pointSql);
    const pSql = sdb.prepare(pointSql).raw();
    const counts = [0, 0, 0];
    const [tcp, emb, lite] = await compare([
      async () => {
        let n = 0;
        for (const id of lookups) {
          const t0 = performance.now();
          pointCmd.parameters.clear();
          pointCmd.parameters.add(id);
          const r = await pointCmd.executeReader();
          while (await r.read()) {
            for (let i = 0; i < 4; i++) r.getValue(i);
            n++;
          }
          lat.push(performance.now() - t0);
        }
        counts[0] = n;
      },
      () => {
        let n = 0;
        for (const id of lookups) n += pEmb.execute([id]).rows.length;
        counts[1] = n;
      },
      () => {
        let n = 0;
        for (const id of lookups) n += pSql.all(id).length;
        counts[2] = n;
      },
    ]);
    const pointLat = lat.slice(lookups.length); // the warm-up run's are left out
    out.push({
      workload: `TCP: primary-key point query round trips (${lookups.length})`,
      ops: lookups.length,
      pyrrho: tcp!,
      peerMs: lite!,
      peer: 'better-sqlite3',
      target: '—',
      note: `per query over TCP: median ${us(medianOf(pointLat))}, p99 ${us(percentile(pointLat, 0.99))}; embedded ${emb!.toFixed(1)} ms (TCP ÷ embedded ${(tcp! / emb!).toFixed(1)}×)${checkCounts(counts)}`,
    });

    // readers of 1,000 rows
    const starts = ids(200 / scale, rows - 1000);
    const rangeSql = 'select * from t where id >= ? and id < ?';
    const rEmb = embedded.prepare(rangeSql);
    const rSql = sdb.prepare(rangeSql).raw();
    const rangeCounts = [0, 0, 0];
    const rangeLat: number[] = [];
    const [rTcp, rEmbMs, rLite] = await compare([
      async () => {
        let n = 0;
        for (const a of starts) {
          const t0 = performance.now();
          n += await readAll(conn, rangeSql, [a, a + 1000]);
          rangeLat.push(performance.now() - t0);
        }
        rangeCounts[0] = n;
      },
      () => {
        let n = 0;
        for (const a of starts) n += rEmb.execute([a, a + 1000]).rows.length;
        rangeCounts[1] = n;
      },
      () => {
        let n = 0;
        for (const a of starts) n += rSql.all(a, a + 1000).length;
        rangeCounts[2] = n;
      },
    ]);
    const readerLat = rangeLat.slice(starts.length);
    out.push({
      workload: `TCP: 1,000-row readers (${starts.length})`,
      ops: starts.length,
      pyrrho: rTcp!,
      peerMs: rLite!,
      peer: 'better-sqlite3',
      target: '—',
      note: `per reader over TCP: median ${us(medianOf(readerLat))}, p99 ${us(percentile(readerLat, 0.99))}; embedded ${rEmbMs!.toFixed(1)} ms${checkCounts(rangeCounts)}`,
    });

    // the whole table through one reader
    const allCounts = [0, 0, 0];
    const aEmb = embedded.prepare('select * from t');
    const aSql = sdb.prepare('select * from t').raw();
    const before = (await server.engineStats('bench'))?.heapUsed ?? NaN;
    let peak = 0;
    const [aTcp, aEmbMs, aLite] = await compare([
      async () => {
        const r = await conn.createCommand('select * from t').executeReader();
        let n = 0;
        while (await r.read()) {
          for (let i = 0; i < 4; i++) r.getValue(i);
          if (++n % 20_000 === 0) peak = Math.max(peak, ((await server.engineStats('bench'))?.heapUsed ?? NaN) - before);
        }
        allCounts[0] = n;
      },
      () => {
        allCounts[1] = aEmb.execute().rows.length;
      },
      () => {
        allCounts[2] = aSql.all().length;
      },
    ]);
    out.push({
      workload: `TCP: one reader over all ${rows} rows`,
      ops: rows,
      pyrrho: aTcp!,
      peerMs: aLite!,
      peer: 'better-sqlite3',
      target: '—',
      note: `${((rows / aTcp!) * 1000).toFixed(0)} rows/s over TCP; embedded ${aEmbMs!.toFixed(1)} ms; the engine's heap grew by at most ${(peak / 2 ** 20).toFixed(1)} MiB while streaming${checkCounts(allCounts)}`,
    });

    // commits: one autocommit insert per round trip (durable on both sides)
    const commits = 200 / (quick ? 4 : 1);
    let next = 0;
    const insSql = 'insert into w values (?, ?, ?, ?)';
    const insCmd = conn.createCommand(insSql);
    const iEmb = embedded.prepare(insSql);
    const iSql = sdb.prepare(insSql);
    const commitLat: number[] = [];
    const [cTcp, cEmb, cLite] = await compare([
      async () => {
        const from = next;
        next += commits;
        for (let i = from; i < from + commits; i++) {
          const t0 = performance.now();
          insCmd.parameters.clear();
          for (const v of rowValues(i)) insCmd.parameters.add(v);
          await insCmd.executeNonQuery();
          commitLat.push(performance.now() - t0);
        }
      },
      () => {
        const from = next;
        next += commits;
        for (let i = from; i < from + commits; i++) iEmb.execute(rowValues(i));
      },
      () => {
        const from = next;
        next += commits;
        for (let i = from; i < from + commits; i++) iSql.run(...rowValues(i));
      },
    ]);
    const cLat = commitLat.slice(commits);
    out.push({
      workload: `TCP: single-row commit round trips on a file (${commits}), sqlite default journal`,
      ops: commits,
      pyrrho: cTcp!,
      peerMs: cLite!,
      peer: 'better-sqlite3',
      target: '—',
      note: `per commit over TCP: median ${us(medianOf(cLat))}, p99 ${us(percentile(cLat, 0.99))}; embedded ${cEmb!.toFixed(1)} ms`,
    });

    // concurrent clients: point queries from 8 connections at once
    const clients = 8;
    const conns = await Promise.all(
      Array.from({ length: clients }, async () => {
        const c = new PyrrhoConnect(cs);
        await c.open();
        return c;
      }),
    );
    const each = ids((2_000 / scale) * clients, rows);
    const [conc] = await compare([
      () =>
        Promise.all(
          conns.map(async (c, k) => {
            const cmd = c.createCommand(pointSql);
            for (let i = k; i < each.length; i += clients) {
              cmd.parameters.clear();
              cmd.parameters.add(each[i]);
              await cmd.executeScalar();
            }
          }),
        ),
    ]);
    await Promise.all(conns.map((c) => c.close()));
    out.push({
      workload: `TCP: point queries from ${clients} connections at once (${each.length})`,
      ops: each.length,
      pyrrho: conc!,
      peerMs: NaN,
      peer: 'better-sqlite3',
      target: '—',
      note: `${((each.length / conc!) * 1000).toFixed(0)} queries/s in all; one connection: ${((lookups.length / tcp!) * 1000).toFixed(0)} queries/s`,
    });
  } finally {
    await conn.close();
    await server.stop();
    embedded.close();
    sdb.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return out;
}

/** A note when the engines did not all see the same number of rows (invariant 3). */
function checkCounts(counts: readonly number[]): string {
  return counts.every((c) => c === counts[0]) ? '' : `; ROW COUNTS DIFFER: ${counts.join(' / ')}`;
}
