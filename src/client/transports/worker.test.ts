/**
 * src/client/transports/worker.test.ts — the embedded database on a worker thread: results and errors
 * arrive as the in-process database gives them, a running statement is cancelled through the flag (57014,
 * nothing changed), progress arrives while it runs, and the transaction state follows.
 * The thread runs the compiled entry (dist/src/client/transports/embedded-worker.js): `npm run build` first.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ObjectId } from 'bson';
import { SqlError } from '../../common/errors';
import { Interval } from '../../common/values/interval';
import { ExactDecimal } from '../../common/values/value';
import { Database } from '../../database';
import { PyrrhoConnect } from '../pyrrho-connect';
import type { QueryResult } from '../transport';
import { WorkerTransport } from './worker';
import { rejectionOf } from '../../common/testing/rejection-of';

function syncFailure(fn: () => unknown): SqlError {
  try {
    fn();
  } catch (e) {
    return e as SqlError;
  }
  throw new Error('expected an SqlError');
}

const SETUP = [
  `create table every (id int primary key, big bigint, n numeric(30,10), r real, c varchar(40), b boolean, d date,
     ts timestamp, tm time, bl blob, iv interval day to second, ym interval year to month, doc document)`,
];
const ROW = [
  1,
  2n ** 70n,
  new ExactDecimal('12345678901234567890.0123456789'),
  -1.5,
  'ünïcödé 🙂',
  true,
  new Date(Date.UTC(2024, 1, 29)),
  new Date(Date.UTC(2024, 1, 29, 10, 11, 12, 345)),
  '10:11:12',
  new Uint8Array([0, 1, 255]),
  new Interval(0, 93_784_005),
  new Interval(14, 0),
  { _id: new ObjectId('65f0a0a0a0a0a0a0a0a0a0a0'), price: new ExactDecimal('1.50'), tags: ['a', 'b'], at: new Date(0), re: /x+/i },
];
const QUERIES = [
  'select * from every',
  'select doc._id, doc.re, doc.tags, doc.price from every',
  "select big * 1000, n / 3, cast(1.50 as numeric(5,2)), interval '2' hour, ts + iv, (id as k, c) from every",
  'select * from every where id < 0',
];

/** A table of n rows: count(*) over three copies of it does not finish for a long time. */
async function withRows(t: WorkerTransport, n = 3000): Promise<void> {
  await t.execute('create table t (a integer, b integer)');
  const values = Array.from({ length: n }, (_v, i) => `(${i}, ${i % 7})`).join(', ');
  await t.execute(`insert into t values ${values}`);
}

/** Resolves once `p` has been told `times` progress reports. */
function progressSeen(times: number): { progress: (n: number) => void; seen: number[]; reached: Promise<void> } {
  const seen: number[] = [];
  let reached!: () => void;
  const done = new Promise<void>((r) => (reached = r));
  return {
    seen,
    reached: done,
    progress: (n) => {
      seen.push(n);
      if (seen.length === times) reached();
    },
  };
}

const SLOW = 'select count(*) from t x, t y, t z';
const SLOW_UPDATE = 'update t set b = 99 where a in (select x.a from t x, t y where x.a + y.a = x.a * 3000 + y.a)';

describe('WorkerTransport', () => {
  let t: WorkerTransport;
  afterEach(async () => t?.close());

  it('answers every kind of value, and with parameters, exactly as the in-process database', async () => {
    t = await WorkerTransport.open(':memory:');
    const db = Database.open(':memory:');
    const insert = `insert into every values (${ROW.map(() => '?').join(', ')})`;
    for (const sql of SETUP) {
      await t.execute(sql);
      db.execute(sql);
    }
    expect((await t.execute(insert, ROW)).rowsAffected).toBe(1);
    db.execute(insert, ROW);
    for (const q of QUERIES) {
      const here = db.execute(q);
      const there: QueryResult = await t.execute(q);
      expect(there).toEqual(here);
      here.rows.forEach((row, i) =>
        row.forEach((v, j) => {
          const w = there.rows[i]![j];
          if (v !== null && typeof v === 'object') expect(Object.getPrototypeOf(w)).toBe(Object.getPrototypeOf(v));
          else expect(typeof w).toBe(typeof v);
        }),
      );
    }
    const [row] = (await t.execute('select * from every')).rows;
    expect(row![1]).toBe(2n ** 70n);
    expect(String(row![2])).toBe('12345678901234567890.0123456789');
    expect((row![12] as { _id: unknown })._id).toBeInstanceOf(ObjectId);
    const named = await t.execute('select @a, @b + 1', { '@a': new Interval(1, 0), b: 2n ** 60n });
    expect(named.rows).toEqual([[new Interval(1, 0), 2n ** 60n + 1n]]);
    db.close();
  });

  it('gives each error as the in-process database does: class, SQLSTATE, message, detail, hint, position', async () => {
    t = await WorkerTransport.open(':memory:');
    const db = Database.open(':memory:');
    const setup = ['create table p (id int primary key, v varchar(3) check (v <> \'x\'))', "insert into p values (1, 'a')"];
    for (const sql of setup) {
      await t.execute(sql);
      db.execute(sql);
    }
    const bad: Array<[string, unknown?]> = [
      ['selec 1'],
      ['select nosuch from p'],
      ["insert into p values (1, 'b')"],
      ["insert into p values (2, 'x')"],
      ["insert into p values (3, 'toolong')"],
      ['select ? + 1', []],
      ['select 1 / 0'],
      ['commit'],
    ];
    for (const [sql, params] of bad) {
      const here = syncFailure(() => db.execute(sql, params as never));
      const there = await rejectionOf(t.execute(sql, params as never));
      expect(Object.getPrototypeOf(there)).toBe(Object.getPrototypeOf(here));
      expect({ ...there, message: there.message }).toEqual({ ...here, message: here.message });
    }
    db.close();
  });

  it('carries inTransaction: begin, an error that ends the transaction, commit', async () => {
    t = await WorkerTransport.open(':memory:');
    await t.execute('create table q (a int primary key)');
    expect(t.inTransaction).toBe(false);
    await t.execute('begin transaction');
    expect(t.inTransaction).toBe(true);
    await t.execute('insert into q values (1)');
    await rejectionOf(t.execute('insert into q values (1)'));
    expect(t.inTransaction).toBe(false);
    await t.execute('begin transaction');
    await t.execute('insert into q values (2)');
    await t.execute('commit');
    expect(t.inTransaction).toBe(false);
    expect((await t.execute('select a from q')).rows).toEqual([[2]]);
  });

  it('cancels a running statement: 57014, nothing changed, the transaction ended, the next statement runs', async () => {
    t = await WorkerTransport.open(':memory:', { progressEveryMs: 20 });
    await withRows(t);
    await t.execute('begin transaction');
    await t.execute('insert into t values (-5, 99)');
    const watch = progressSeen(2);
    const running = t.execute(SLOW_UPDATE, undefined, { progress: watch.progress });
    await watch.reached;
    t.cancel();
    const e = await rejectionOf(running);
    expect(e.sqlState).toBe('57014');
    expect(e.message).toContain('canceled on request');
    expect(t.inTransaction).toBe(false);
    expect((await t.execute('select count(*) from t where b = 99')).rows).toEqual([[0]]);
    expect((await t.execute('select count(*) from t')).rows).toEqual([[3000]]);
  });

  it('reports progress a few times a second, growing, and a cancel while idle reaches no later statement', async () => {
    t = await WorkerTransport.open(':memory:', { progressEveryMs: 50 });
    await withRows(t);
    t.cancel();
    expect((await t.execute('select count(*) from t x, t y where x.a < 10')).rows).toEqual([[30000]]);
    const watch = progressSeen(4);
    const started = performance.now();
    const running = t.execute(SLOW, undefined, { progress: watch.progress });
    await watch.reached;
    const elapsed = performance.now() - started;
    t.cancel();
    expect((await rejectionOf(running)).sqlState).toBe('57014');
    expect(watch.seen.every((n, i) => i === 0 || n > watch.seen[i - 1]!)).toBe(true);
    // at most one report per 50 ms (with a little room for timer granularity)
    expect(elapsed).toBeGreaterThanOrEqual(4 * 45);
  });

  it('close cancels a running statement and refuses waiting ones (08003); later calls are 08003', async () => {
    t = await WorkerTransport.open(':memory:');
    await withRows(t);
    const running = rejectionOf(t.execute(SLOW));
    const waiting = rejectionOf(t.execute('select 1'));
    await new Promise((r) => setTimeout(r, 50));
    await t.close();
    expect((await running).sqlState).toBe('57014');
    expect((await waiting).sqlState).toBe('08003');
    expect((await rejectionOf(t.execute('select 1'))).sqlState).toBe('08003');
    await t.close();
  });

  it('a failed open is the in-process error; a file database persists through the thread', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'worker-transport-'));
    const missing = path.join(dir, 'no', 'such', 'dir', 'db');
    const here = syncFailure(() => Database.open(missing));
    const there = await rejectionOf(WorkerTransport.open(missing));
    expect(there.sqlState).toBe(here.sqlState);
    const file = path.join(dir, 'shop');
    t = await WorkerTransport.open(file);
    expect(t.description).toBe(`${file}.pfl`);
    await t.execute('create table s (a int)');
    await t.execute('insert into s values (7)');
    await t.close();
    const db = Database.open(file);
    expect(db.execute('select a from s').rows).toEqual([[7]]);
    db.close();
  });
});

describe('PyrrhoConnect { worker: true }', () => {
  it('runs commands on the thread; PyrrhoCommand.cancel stops the running one and onProgress hears it', async () => {
    const conn = new PyrrhoConnect('Files=:memory:', { worker: true });
    await conn.open();
    await conn.createCommand('create table t (a int)').executeNonQuery();
    await conn.createCommand(`insert into t values ${Array.from({ length: 3000 }, (_v, i) => `(${i})`).join(',')}`).executeNonQuery();
    const cmd = conn.createCommand(SLOW);
    const seen: number[] = [];
    cmd.onProgress = (n) => {
      seen.push(n);
      cmd.cancel();
    };
    expect((await rejectionOf(cmd.executeReader())).sqlState).toBe('57014');
    expect(seen.length).toBeGreaterThan(0);
    cmd.cancel(); // not running: nothing happens
    const r = await conn.createCommand('select count(*) from t').executeReader();
    expect(await r.read()).toBe(true);
    expect(r.getValue(0)).toBe(3000);
    await conn.close();
  });
});
