/**
 * src/level4-sql/plan/column-index-equivalence.property.test.ts — an index changes how rows are found, never
 * which: generated rows and generated conditions over typed columns, with parameters of every JavaScript kind
 * (numbers whole and fractional, bigint, Decimal, strings that read as numbers or not, booleans, NULL), give
 * the same rows — in the same order where the query orders them — or the same SQLSTATE, with indexes on the
 * columns as without. Errors are lazy, as in SQL generally: a wrong parameter (text compared with a boolean,
 * a string with an INTEGER column) raises its error when it is first compared with a value, and which rows a
 * plan compares, and in which order it evaluates conditions, is its own (a plan that reads `id > 0` through
 * the key never compares the row with id 0). So a statement one plan fails may succeed under the other; what
 * two plans that both succeed return must be the same rows.
 */
import fc from 'fast-check';
import Decimal from 'decimal.js';
import { Database } from '../../database';

const SCHEMA = 'create table t (id integer primary key, i integer, r real, s varchar(10), d numeric(6,2))';

const row = fc.record({
  i: fc.option(fc.integer({ min: -4, max: 4 }), { nil: null }),
  r: fc.option(fc.constantFrom(-1.5, 0, 0.5, 2, 3.25), { nil: null }),
  s: fc.option(fc.constantFrom('', 'a', 'ab', 'b', '1', '10', '2', 'true', 'false', 't', 'yes', '2024-01-31', '2023-12-01'), { nil: null }),
  d: fc.option(fc.constantFrom('-1.50', '0.00', '0.50', '2.00', '3.25'), { nil: null }),
});

const param = fc.oneof(
  fc.integer({ min: -5, max: 5 }),
  fc.constantFrom(0.5, -1.5, 2.25, 3.25),
  fc.constantFrom(2n, -1n),
  fc.constantFrom(new Decimal('0.5'), new Decimal('2')),
  fc.constantFrom('', 'a', 'b', '1', '2', '0.5', 'x1'),
  fc.boolean(),
  fc.constantFrom(new Date('2024-01-31T00:00:00Z'), new Date('2024-01-01T00:00:00Z')),
  fc.constant(null),
);

const cols = ['i', 'r', 's', 'd'];
const forms = cols.flatMap((c) => [
  `${c} = ?`,
  `${c} <> ?`,
  `${c} > ?`,
  `${c} <= ?`,
  `${c} between ? and ?`,
  `${c} in (?, ?)`,
  `${c} = any (?)`,
  `${c} = ? or ? = ${c}`,
  `${c} = ? and id > ?`,
  `${c} >= ? order by ${c}, id limit 3`,
  `${c} is null and id < ?`,
]).concat(['id in (?, ?)', 'id = any (?)', 'id in (?, 1, 2, 3)', 'id = ? or id = ?']);

/** The parameters of `form` from two generated values: both in one array for `= any (?)`. */
function paramsOf(form: string, p1: unknown, p2: unknown): unknown[] {
  if (form.includes('any (?)')) return [[p1, p2]];
  return [p1, p2].slice(0, form.split('?').length - 1);
}

function load(rows: ReadonlyArray<{ i: number | null; r: number | null; s: string | null; d: string | null }>, indexed: boolean): Database {
  const db = Database.open(':memory:');
  db.execute(SCHEMA);
  const ins = db.prepare('insert into t values (?, ?, ?, ?, ?)');
  rows.forEach((x, k) => ins.execute([k, x.i, x.r, x.s, x.d === null ? null : new Decimal(x.d)]));
  if (indexed) for (const c of cols) db.execute(`create index t_${c} on t (${c})`);
  return db;
}

function outcome(db: Database, sql: string, params: unknown[], ordered: boolean): string {
  try {
    const ids = db.execute(sql, params).rows.map((r) => Number(r[0]));
    return JSON.stringify(ordered ? ids : ids.sort((x, y) => x - y));
  } catch (e) {
    return `error ${(e as { sqlState?: string }).sqlState ?? String(e)}`;
  }
}

type Rows = Parameters<typeof load>[0];

/** Runs `check` on the rows loaded twice, without indexes and with them, and closes both. */
function onBoth(rows: Rows, check: (plain: Database, indexed: Database) => void): void {
  const plain = load(rows, false);
  const indexed = load(rows, true);
  try {
    check(plain, indexed);
  } finally {
    plain.close();
    indexed.close();
  }
}

describe('column indexes and the scan agree', () => {
  it('on generated rows, conditions and parameters', () => {
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 25 }), fc.array(fc.tuple(fc.constantFrom(...forms), param, param), { minLength: 1, maxLength: 12 }), (rows, queries) =>
        onBoth(rows, (plain, indexed) => {
          for (const [form, p1, p2] of queries) {
            const params = paramsOf(form, p1, p2);
            const sql = `select id from t where ${form}`;
            const ordered = form.includes('order by');
            const want = outcome(plain, sql, params, ordered);
            const got = outcome(indexed, sql, params, ordered);
            if (want.startsWith('error') || got.startsWith('error')) continue;
            expect([sql, params, got]).toEqual([sql, params, want]);
          }
        }),
      ),
      { numRuns: 300 },
    );
  });

  it('for UPDATE and DELETE: the same rows change', () => {
    const dml = cols.flatMap((c) => [
      `update t set i = coalesce(i, 0) + 1 where ${c} = ?`,
      `update t set s = 'b' where ${c} >= ?`,
      `update t set ${c} = null where ${c} < ?`,
      `delete from t where ${c} = ?`,
      `delete from t where ${c} between ? and ?`,
      `delete from t where ${c} in (?, ?)`,
      `update t set r = 1 where ${c} = any (?)`,
    ]);
    const contents = (db: Database): string => JSON.stringify(db.execute('select id, i, r, s, d from t order by id').rows.map((r) => r.map(String)));
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 20 }), fc.array(fc.tuple(fc.constantFrom(...dml), param, param), { minLength: 1, maxLength: 8 }), (rows, statements) =>
        onBoth(rows, (plain, indexed) => {
          for (const [sql, p1, p2] of statements) {
            const params = paramsOf(sql, p1, p2);
            const run = (db: Database): string => {
              try {
                return String(db.execute(sql, params).rowsAffected);
              } catch (e) {
                return 'error';
              }
            };
            const want = run(plain);
            const got = run(indexed);
            // errors are lazy (see the file header); a failed statement changes nothing, so the contents still agree
            if (want === 'error' || got === 'error') {
              if (want === got) continue;
              // one plan failed where the other changed rows: the two databases now differ; stop comparing them
              break;
            }
            expect([sql, params, got]).toEqual([sql, params, want]);
            expect([sql, params, contents(indexed)]).toEqual([sql, params, contents(plain)]);
          }
        }),
      ),
      { numRuns: 300 },
    );
  });

  it('string keys over many leaves, searched by their head codes, find the rows a scan finds', () => {
    // heads sharing prefixes, ending within a leaf's coded units or past them, narrow and wide units
    const str = fc
      .tuple(fc.constantFrom('', 'name-', 'name-1'), fc.array(fc.constantFrom('a', 'b', '0', '9', '\u00e9', '\uffff', '\u{1F600}'), { maxLength: 8 }))
      .map(([p, us]) => p + us.join(''));
    fc.assert(
      fc.property(fc.array(str, { minLength: 100, maxLength: 600 }), fc.array(str, { maxLength: 20 }), fc.boolean(), (values, drawn, indexFirst) => {
        const open = (indexed: boolean): Database => {
          const db = Database.open(':memory:');
          db.execute('create table t (id integer primary key, s varchar(40))');
          if (indexed && indexFirst) db.execute('create index t_s on t (s)');
          db.execute('begin transaction');
          const ins = db.prepare('insert into t values (?, ?)');
          values.forEach((v, i) => ins.execute([i, v]));
          db.execute('commit');
          if (indexed && !indexFirst) db.execute('create index t_s on t (s)');
          // a few autocommit changes after the load: path copies of frozen nodes
          db.execute("update t set s = s || 'a' where id < 5");
          db.execute("insert into t values (100000, 'name-1a')");
          return db;
        };
        const plain = open(false);
        const indexed = open(true);
        try {
          expect(indexed.execute('explain select id from t where s = ?', ['x']).rows.join(' ')).toContain('IndexRangeRowSet T index T_S');
          const probes = [...drawn, ...values.slice(0, 40), ...values.slice(0, 20).map((v) => `${v}a`), ...values.slice(0, 20).map((v) => v.slice(0, -1))];
          const ids = (db: Database, p: string): string => JSON.stringify(db.execute('select id from t where s = ?', [p]).rows.map((r) => Number(r[0])).sort((x, y) => x - y));
          // twice: a leaf gets its codes on its second search
          for (let round = 0; round < 2; round++) for (const p of probes) expect([p, ids(indexed, p)]).toEqual([p, ids(plain, p)]);
        } finally {
          plain.close();
          indexed.close();
        }
      }),
      { numRuns: 25 },
    );
  });
});
