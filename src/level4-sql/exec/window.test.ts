/**
 * src/level4-sql/exec/window.test.ts — window functions against SQLite (better-sqlite3) over seeded random
 * data: every function both engines have, under ROWS, RANGE and GROUPS frames with offsets, partitions with
 * NULL keys, ties and one-row partitions.
 *
 * 1. Each case runs `SELECT id, f OVER (…) FROM t ORDER BY id` in both engines and compares value by value:
 *    integers exactly, other numbers within 1e-9 relative (SQLite's AVG is REAL, ours NUMERIC).
 * 2. Where the answer depends on how ties are broken (ROWS frames, ROW_NUMBER, NTILE, LAG / LEAD, the
 *    FIRST / LAST / NTH_VALUE of a ROWS frame), the window's ORDER BY ends with the unique `id`; RANK,
 *    DENSE_RANK, PERCENT_RANK, CUME_DIST and RANGE / GROUPS frames are also tested without it.
 * 3. Both engines sort NULLs first ascending and last descending, so no NULLS FIRST / LAST is needed.
 * 4. SQLite has no DISTINCT in window aggregates; sql-tests/window covers ours by hand.
 */
import { Database } from '../../database';
import { seededRandom } from '../../common/testing/seeded-random';
import { openSqlite } from '../../common/testing/sqlite-peer';

type Cell = number | null;

function randomRows(r: () => number, n: number): Cell[][] {
  const rows: Cell[][] = [];
  const pick = (k: number, nullRate: number): Cell => (r() < nullRate ? null : Math.floor(r() * k));
  for (let id = 1; id <= n; id++) {
    const v = pick(100, 0.2);
    rows.push([id, pick(4, 0.1), pick(8, 0.15), v === null ? null : v - 20]);
  }
  return rows;
}

const FUNCTIONS_TIES_FREE = ['rank()', 'dense_rank()', 'percent_rank()', 'cume_dist()'];
const FUNCTIONS_NEED_ID = ['row_number()', 'ntile(3)', 'ntile(1)', 'ntile(50)', 'lag(v)', 'lead(v)', 'lag(v, 2)', 'lead(v, 3, -7)', 'lag(v, 0)'];
const FRAME_FUNCTIONS = ['sum(v)', 'count(v)', 'count(*)', 'avg(v)', 'min(v)', 'max(v)', 'first_value(v)', 'last_value(v)', 'nth_value(v, 2)'];
const PARTITIONS = ['', 'PARTITION BY g ', 'PARTITION BY g, o '];
const FRAMES = [
  '',
  'ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW',
  'ROWS BETWEEN 2 PRECEDING AND 1 FOLLOWING',
  'ROWS BETWEEN 1 FOLLOWING AND 3 FOLLOWING',
  'ROWS BETWEEN 3 PRECEDING AND 1 PRECEDING',
  'ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING',
  'ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING',
  'ROWS 2 PRECEDING',
  'ROWS BETWEEN 100 PRECEDING AND 100 FOLLOWING',
  'RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW',
  'RANGE BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING',
  'RANGE BETWEEN 2 PRECEDING AND 1 FOLLOWING',
  'RANGE BETWEEN 1 FOLLOWING AND 3 FOLLOWING',
  'RANGE BETWEEN 3 PRECEDING AND 2 PRECEDING',
  'GROUPS BETWEEN 1 PRECEDING AND 1 FOLLOWING',
  'GROUPS BETWEEN CURRENT ROW AND 2 FOLLOWING',
  'GROUPS BETWEEN 2 PRECEDING AND 1 PRECEDING',
];

function same(a: unknown, b: unknown): boolean {
  if (a === null || b === null) return a === b;
  const x = Number(String(a));
  const y = Number(String(b));
  if (Number.isInteger(x) && Number.isInteger(y)) return x === y;
  return Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x), Math.abs(y));
}

/** The cases: window text per function, keeping tie-dependent ones deterministic (invariant 2). */
function cases(): { fn: string; over: string }[] {
  const out: { fn: string; over: string }[] = [];
  for (const p of PARTITIONS) {
    for (const desc of ['', ' DESC']) {
      for (const fn of FUNCTIONS_TIES_FREE) {
        out.push({ fn, over: `${p}ORDER BY o${desc}` });
        out.push({ fn, over: `${p}ORDER BY o${desc}, v` });
      }
      for (const fn of FUNCTIONS_NEED_ID) out.push({ fn, over: `${p}ORDER BY o${desc}, id` });
      for (const fn of FRAME_FUNCTIONS) {
        for (const frame of FRAMES) {
          const tiesMatter = frame === '' ? /value/.test(fn) : frame.startsWith('ROWS') || /value/.test(fn);
          if (frame.startsWith('RANGE B') && /PRECEDING AND|FOLLOWING AND/.test(frame) && /[0-9] (PRE|FOL)/.test(frame)) {
            out.push({ fn, over: `${p}ORDER BY o${desc} ${frame}` }); // one ORDER BY key for RANGE offsets
            continue;
          }
          out.push({ fn, over: `${p}ORDER BY o${desc}${tiesMatter ? ', id' : ''} ${frame}` });
        }
      }
    }
    for (const fn of ['sum(v)', 'count(*)', 'min(v)', 'avg(v)']) out.push({ fn, over: p });
  }
  return out;
}

describe('window functions agree with SQLite', () => {
  for (const seed of [1, 7, 42]) {
    test(`seed ${seed}`, () => {
      const r = seededRandom(seed);
      const rows = randomRows(r, 10 + Math.floor(r() * 40));
      const lite = openSqlite();
      const db = Database.open(':memory:');
      try {
        lite.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, g INTEGER, o INTEGER, v INTEGER)');
        db.execute('CREATE TABLE t (id INTEGER PRIMARY KEY, g INTEGER, o INTEGER, v INTEGER)');
        const ins = lite.prepare('INSERT INTO t VALUES (?, ?, ?, ?)');
        for (const row of rows) {
          ins.run(...row);
          db.execute('INSERT INTO t VALUES (?, ?, ?, ?)', row);
        }
        let compared = 0;
        for (const c of cases()) {
          const sql = `SELECT id, ${c.fn} OVER (${c.over}) FROM t ORDER BY id`;
          const want = lite.prepare(sql).raw().all() as unknown[][];
          const got = db.execute(sql).rows;
          expect(got.length).toBe(want.length);
          for (let i = 0; i < want.length; i++) {
            if (!same(got[i]![1], want[i]![1])) {
              throw new Error(`seed ${seed}: ${sql}\nrow id ${String(want[i]![0])}: got ${String(got[i]![1])}, SQLite ${String(want[i]![1])}`);
            }
            compared++;
          }
        }
        expect(compared).toBeGreaterThan(1000);
      } finally {
        lite.close();
        db.close();
      }
    });
  }

  test('a grouped query ranks by an aggregate, as SQLite does', () => {
    const lite = openSqlite();
    const db = Database.open(':memory:');
    try {
      const rows = randomRows(seededRandom(3), 60);
      for (const e of [lite, db]) {
        const run = (s: string, p?: Cell[]): unknown => (e === lite ? lite.prepare(s).run(...(p ?? [])) : db.execute(s, p));
        run('CREATE TABLE t (id INTEGER PRIMARY KEY, g INTEGER, o INTEGER, v INTEGER)');
        for (const row of rows) run('INSERT INTO t VALUES (?, ?, ?, ?)', row);
      }
      const sql =
        'SELECT g, sum(v), count(*), rank() OVER (ORDER BY sum(v) DESC), sum(sum(v)) OVER (ORDER BY g ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) FROM t GROUP BY g ORDER BY g';
      const want = lite.prepare(sql).raw().all() as unknown[][];
      const got = db.execute(sql).rows;
      expect(got.map((r) => r.map(String))).toEqual(want.map((r) => r.map(String)));
    } finally {
      lite.close();
      db.close();
    }
  });

  test('parameters as frame offsets, NTILE and LAG arguments', () => {
    const db = Database.open(':memory:');
    try {
      db.execute('CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER)');
      db.execute('INSERT INTO t VALUES (1, 10), (2, 20), (3, 30), (4, 40)');
      const q = db.prepare('SELECT id, sum(v) OVER (ORDER BY id ROWS BETWEEN ? PRECEDING AND CURRENT ROW), ntile(?) OVER (ORDER BY id), lag(v, ?, ?) OVER (ORDER BY id) FROM t ORDER BY id');
      expect(q.execute([1, 2, 2, -1]).rows).toEqual([
        [1, 10, 1, -1],
        [2, 30, 1, -1],
        [3, 50, 2, 10],
        [4, 70, 2, 20],
      ]);
      expect(q.execute([0, 4, 1, 0]).rows.map((r) => r[1])).toEqual([10, 20, 30, 40]);
      expect(() => q.execute([-1, 1, 1, 0])).toThrow(expect.objectContaining({ sqlState: '22013' }));
      expect(() => q.execute([1, 0, 1, 0])).toThrow(expect.objectContaining({ sqlState: '22014' }));
    } finally {
      db.close();
    }
  });
});
