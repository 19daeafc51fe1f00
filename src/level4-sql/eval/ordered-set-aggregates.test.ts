/**
 * src/level4-sql/eval/ordered-set-aggregates.test.ts — PERCENTILE_CONT, PERCENTILE_DISC and MODE WITHIN GROUP:
 * checked through SQL against the definitions written out plainly over random groups (exact arithmetic for
 * INTEGER values), and their types and errors.
 */
import fc from 'fast-check';
import Decimal from 'decimal.js';
import { Database } from '../../database';
import { sqlStateOf } from '../../common/testing/sql-state-of';

/** The definitions (ordered-set-aggregates.ts invariants 2 and 4), over values already sorted. */
function disc(sorted: readonly number[], f: number): number {
  const p = new Decimal(f).times(sorted.length).ceil().toNumber();
  return sorted[Math.max(p, 1) - 1]!;
}
function cont(sorted: readonly number[], f: number): string {
  const pos = new Decimal(f).times(sorted.length - 1);
  const lo = pos.floor().toNumber();
  const a = new Decimal(sorted[lo]!);
  if (pos.isInteger()) return a.toString();
  return a.plus(pos.minus(lo).times(new Decimal(sorted[lo + 1]!).minus(a))).toString();
}
function mode(sorted: readonly number[]): number {
  const counts = new Map<number, number>();
  for (const v of sorted) counts.set(v, (counts.get(v) ?? 0) + 1);
  const top = Math.max(...counts.values());
  return sorted.find((v) => counts.get(v) === top)!;
}

describe('ordered-set aggregates agree with their definitions', () => {
  it('over random groups of integers with NULLs, ascending and descending', () => {
    const db = Database.open(':memory:');
    db.execute('create table t (id integer primary key, g integer, v integer)');
    const fractions = [0, 0.1, 0.25, 0.5, 0.75, 0.9, 1];
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 2 }), fc.option(fc.integer({ min: -20, max: 20 }), { nil: null })), { minLength: 1, maxLength: 30 }), fc.constantFrom(...fractions), fc.boolean(), (rows, f, desc) => {
        db.execute('delete from t');
        rows.forEach(([g, v], i) => db.execute('insert into t values (?, ?, ?)', [i, g, v]));
        const dir = desc ? ' desc' : '';
        const got = db.execute(
          `select g, percentile_cont(?) within group (order by v${dir}), percentile_disc(?) within group (order by v${dir}), mode() within group (order by v${dir}) from t group by g order by g`,
          [f, f],
        ).rows;
        const want = [0, 1, 2]
          .filter((g) => rows.some(([h]) => h === g))
          .map((g) => {
            const vs = rows.filter(([h, v]) => h === g && v !== null).map(([, v]) => v!);
            vs.sort((a, b) => (desc ? b - a : a - b));
            return vs.length === 0 ? [g, null, null, null] : [g, cont(vs, f), disc(vs, f), mode(vs)];
          });
        expect(got.map((r) => [r[0], r[1] === null ? null : String(r[1]), r[2], r[3]])).toEqual(want);
      }),
      { numRuns: 150 },
    );
    db.close();
  });
});

describe('types, arrays of fractions and errors', () => {
  const db = Database.open(':memory:');
  beforeAll(() => {
    db.execute('create table m (id integer primary key, n integer, r real, x numeric(6,2), s varchar(5), d date)');
    db.execute("insert into m values (1, 1, 1.5, 1.10, 'b', date '2024-01-03'), (2, 2, 2.5, 2.20, 'a', date '2024-01-01'), (3, 4, 4.5, 4.40, 'b', date '2024-01-02')");
  });
  afterAll(() => db.close());

  it('PERCENTILE_CONT is exact NUMERIC over INTEGER and NUMERIC, REAL over REAL; DISC and MODE keep the type', () => {
    const r = db.execute(
      "select percentile_cont(0.75) within group (order by n), percentile_cont(0.75) within group (order by x), percentile_cont(0.75) within group (order by r), percentile_disc(0.5) within group (order by d), mode() within group (order by s) from m",
    );
    expect(r.types.slice(0, 5)).toEqual(['NUMERIC', 'NUMERIC', 'REAL', 'DATE', 'CHAR']);
    expect(r.rows[0]!.map(String)).toEqual(['3', '3.3', '3.5', String(new Date('2024-01-02T00:00:00Z')), 'b']);
  });

  it('an array of fractions gives an array of results, NULL for a NULL fraction', () => {
    const r = db.execute('select percentile_disc(array[0, 0.5, null, 1]) within group (order by n) from m');
    expect(r.rows).toEqual([[[1, 2, null, 4]]]);
  });

  it('a NULL fraction, or no values, gives NULL', () => {
    expect(db.execute('select percentile_cont(null) within group (order by n) from m').rows).toEqual([[null]]);
    expect(db.execute('select percentile_cont(0.5) within group (order by n), mode() within group (order by s) from m where id > 9').rows).toEqual([[null, null]]);
  });

  it('reports what is wrong with the right SQLSTATE', () => {
    const state = (sql: string, params: unknown[] = []): string | undefined => sqlStateOf(() => db.execute(sql, params));
    expect(state('select percentile_cont(1.01) within group (order by n) from m')).toBe('22003');
    expect(state('select percentile_disc(?) within group (order by n) from m', [-0.5])).toBe('22003');
    expect(state("select percentile_cont('x') within group (order by n) from m")).toBe('42804');
    expect(state('select percentile_cont(0.5) within group (order by s) from m')).toBe('42804');
    expect(state('select percentile_cont(0.5) from m')).toBe('42809');
    expect(state('select mode(s) from m')).toBe('42809');
    expect(state('select mode() from m')).toBe('42809');
    expect(state('select sum(n) within group (order by n) from m')).toBe('42809');
    expect(state('select upper(s) within group (order by s) from m')).toBe('42809');
    expect(state('select percentile_cont(0.5, 0.6) within group (order by n) from m')).toBe('42883');
    expect(state('select mode() within group (order by s, n) from m')).toBe('42883');
    expect(state('select percentile_cont(n) within group (order by n) from m')).toBe('0A000');
    expect(state('select percentile_cont(0.5) within group (order by n) over () from m')).toBe('0A000');
    expect(state('select count(distinct n) within group (order by n) from m')).toBe('42601');
    expect(state('select percentile_cont(0.5) within group (order by percentile_cont(0.5) within group (order by n)) from m')).toBe('42803');
  });

  it('WITHIN is still a name, and the call reads back as written in EXPLAIN', () => {
    expect(db.execute('select count(*) within from m').columns).toEqual(['WITHIN']);
    expect(db.execute('explain select percentile_disc(0.5) within group (order by n desc) from m').rows[1]).toEqual(['  Group aggregates (PERCENTILE_DISC(0.5) WITHIN GROUP (ORDER BY N DESC))']);
  });
});
