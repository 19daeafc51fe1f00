/**
 * src/level4-sql/plan/join-index-equivalence.property.test.ts — how a join is run (an index lookup per outer
 * row, a hash join, a nested loop) never changes its rows: generated tables joined on columns of the same and
 * of different numeric types, on text, and on document paths, with and without indexes on the join columns,
 * give the same rows.
 */
import fc from 'fast-check';
import { Database } from '../../database';

const num = fc.option(fc.constantFrom(-1, 0, 1, 2, 3), { nil: null });
const real = fc.option(fc.constantFrom(-1, 0, 0.5, 1, 2, 2.5), { nil: null });
const text = fc.option(fc.constantFrom('', 'a', 'b', '1', '2'), { nil: null });
const rowA = fc.record({ i: num, r: real, s: text, z: fc.constantFrom<unknown>(1, 2, 'a', 2.5, { k: 1 }) });

const queries = [
  'select a.id, b.id from a join b on a.i = b.i',
  'select a.id, b.id from a join b on a.i = b.r',
  'select a.id, b.id from a join b on a.r = b.i',
  'select a.id, b.id from a join b on a.s = b.s',
  'select a.id, b.id from a join b on a.i = b.i and a.s = b.s',
  'select a.id, b.id from a left join b on a.i = b.i',
  'select a.id, b.id from a join b on a.doc.z = b.doc.z',
  'select a.id, b.id from a join b on b.doc.z = a.i',
  'select a.id, b.id from a join b on a.i = b.id',
  'select a.id, b.id from a join b on a.i < b.i',
  'select a.id from a where exists (select 1 from b where b.i = a.i)',
  'select a.id from a where a.i in (select b.r from b)',
];

function load(as: ReadonlyArray<{ i: number | null; r: number | null; s: string | null; z: unknown }>, bs: typeof as, indexed: boolean): Database {
  const db = Database.open(':memory:');
  for (const [name, rows] of [['a', as], ['b', bs]] as const) {
    db.execute(`create table ${name} (id integer primary key, i integer, r real, s varchar(5), doc document)`);
    const ins = db.prepare(`insert into ${name} values (?, ?, ?, ?, ?)`);
    rows.forEach((x, k) => ins.execute([k, x.i, x.r, x.s, { z: x.z }]));
    if (indexed) {
      for (const c of ['i', 'r', 's']) db.execute(`create index ${name}_${c} on ${name} (${c})`);
      db.execute(`create index ${name}_z on ${name} (doc.z)`);
    }
  }
  return db;
}

function outcome(db: Database, sql: string): string {
  try {
    return JSON.stringify(db.execute(sql).rows.map((r) => JSON.stringify(r)).sort());
  } catch (e) {
    return `error ${(e as { sqlState?: string }).sqlState ?? String(e)}`;
  }
}

describe('join plans agree', () => {
  it('on generated tables, with and without indexes on the join columns', () => {
    fc.assert(
      fc.property(fc.array(rowA, { maxLength: 15 }), fc.array(rowA, { maxLength: 15 }), (as, bs) => {
        const plain = load(as, bs, false);
        const indexed = load(as, bs, true);
        try {
          for (const q of queries) expect([q, outcome(indexed, q)]).toEqual([q, outcome(plain, q)]);
        } finally {
          plain.close();
          indexed.close();
        }
      }),
      { numRuns: 200 },
    );
  });
});
