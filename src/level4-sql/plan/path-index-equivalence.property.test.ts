/**
 * src/level4-sql/plan/path-index-equivalence.property.test.ts — a path index changes how rows are found,
 * never which: generated documents and generated selector and template conditions, with generated parameters
 * of every kind, give the same rows (or the same SQLSTATE) on a table with indexes on the paths as on the same
 * table without them. One difference is allowed: a condition that is wrong for every row (an operator a
 * parameter misuses, `{'$gte': /re/}`) raises its error when the first row is tested, so where the index finds
 * no row to test the query returns no rows, as a scan of an empty table would. Field names are spelled in
 * either case, or both: a selector (and so an index) forgives case where a template does not, so the rows an
 * index finds for a template are re-tested, by the template or by its lighter presence test. A template given
 * whole as a parameter (`doc = ?`) may fix the key of any path index, chosen per execution (template-params.ts).
 */
import fc from 'fast-check';
import { Database } from '../../database';

/** A value an untyped path index may hold: present, not NULL, not an array. */
const keyValue = fc.oneof(
  fc.integer({ min: -5, max: 5 }),
  fc.constantFrom(0.5, -1.5, 2.25),
  fc.constantFrom('', 'a', 'b', 'ab', 'B', '1', '10'),
  fc.boolean(),
  fc.constantFrom<Record<string, unknown>>({ x: 1 }, { x: 'a' }, {}),
);

/** A template given whole as a parameter (`doc = ?`): paths an index serves, spelled either way, with operators. */
const template = fc.oneof(
  keyValue.map((v) => ({ a: v })),
  keyValue.map((v) => ({ A: v })),
  keyValue.map((v) => ({ p: { q: v } })),
  keyValue.map((v) => ({ 'p.q': v })),
  keyValue.map((v) => ({ P: { Q: v } })),
  fc.tuple(keyValue, fc.integer({ min: -3, max: 3 })).map(([v, n]) => ({ a: v, n })),
  fc.tuple(keyValue, keyValue).map(([v, w]) => ({ p: { q: v, r: w } })),
  keyValue.map((v) => ({ a: { $eq: v } })),
  keyValue.map((v) => ({ p: { q: { $eq: v } } })),
  fc.integer({ min: -3, max: 3 }).map((n) => ({ n: { $eq: n } })),
  keyValue.map((v) => ({ $and: [{ a: v }, { n: { $gte: -1 } }] })),
  keyValue.map((v) => ({ a: { $gt: v } })),
  keyValue.map((v) => ({ $or: [{ a: v }] })),
  keyValue.map((v) => ({ q: v })),
);

/** A parameter: anything a caller may bind, operator documents, templates and regexes included. */
const param = fc.oneof(
  keyValue,
  fc.constant(null),
  fc.constantFrom<unknown>(/^a/, /b/i, [1, 2], ['a'], { $gt: 0 }, { $lte: 'b' }, { $in: [1, 'a'] }, { $exists: true }, { $ne: 2 }),
  template,
);

const forms = [
  'doc.a = ?',
  'doc.a <> ?',
  'doc.a > ?',
  'doc.a >= ?',
  'doc.a < ?',
  'doc.a <= ?',
  'doc.a >= ? and doc.a < ?',
  'doc.a between ? and ?',
  "doc = {'a': ?}",
  "doc = {'a': {'$gt': ?}}",
  "doc = {'a': {'$gte': ?, '$lt': ?}}",
  "doc = {'a': ?, 'n': {'$gte': ?}}",
  "doc = {'p': {'q': ?}}",
  "doc = {'p.q': ?}",
  "doc.p = {'q': ?}",
  "doc = {'p': {'q': 'a'}}",
  "doc = {'p': {'q': ?, 'r': ?}}",
  'doc.p.q = ?',
  'doc = ?',
  'doc.p = ?',
  'doc = ? and doc.n > ?',
  'doc.n = ?',
  'doc.n > ?',
  "doc = {'n': {'$lte': ?}}",
  'doc.a in (?, ?)',
  "doc = {'a': {'$in': [?, ?]}}",
  "doc = {'$or': [{'a': ?}, {'n': ?}]}",
  'doc.n between ? and ? and doc.a = ?',
];

/** How a field is spelled in one document: as the conditions spell it, in capitals, or both (two fields). */
type Spelling = 'lower' | 'upper' | 'both';
const spelling = fc.constantFrom<Spelling>('lower', 'upper', 'both');

interface Generated {
  a: unknown;
  a2: unknown;
  aAs: Spelling;
  pAs: Spelling;
  q: unknown;
  q2: unknown;
  qAs: Spelling;
  n: number;
}

/** `fields` with `name` spelled as `as` says: the lower-case field holds `v`, the capitalised one `v2` when both. */
function put(fields: Record<string, unknown>, name: string, as: Spelling, v: unknown, v2: unknown): void {
  if (as !== 'upper') fields[name] = v;
  if (as !== 'lower') fields[name.toUpperCase()] = as === 'both' ? v2 : v;
}

function load(docs: readonly Generated[], indexed: boolean): Database {
  const db = Database.open(':memory:');
  db.execute('create table t (doc document)');
  const ins = db.prepare('insert into t values (?)');
  docs.forEach((d, i) => {
    const doc: Record<string, unknown> = { _id: i, n: d.n };
    put(doc, 'a', d.aAs, d.a, d.a2);
    const inner: Record<string, unknown> = {};
    put(inner, 'q', d.qAs, d.q, d.q2);
    if (d.pAs === 'both' && d.qAs === 'both') inner.r = d.a;
    put(doc, 'p', d.pAs, inner, { q: d.q2 });
    ins.execute([doc]);
  });
  if (indexed) {
    db.execute('create index t_a on t (doc.a)');
    db.execute('create index t_n on t (doc.n as integer)');
    db.execute('create index t_pq on t (doc.p.q)');
  }
  return db;
}

function outcome(db: Database, sql: string, params: unknown[]): string {
  try {
    const ids = db.execute(sql, params).rows.map((r) => Number(r[0]));
    return JSON.stringify(ids.sort((x, y) => x - y));
  } catch (e) {
    return `error ${(e as { sqlState?: string }).sqlState ?? String(e)}`;
  }
}

const doc = fc.record({ a: keyValue, a2: keyValue, aAs: spelling, pAs: spelling, q: keyValue, q2: keyValue, qAs: spelling, n: fc.integer({ min: -3, max: 3 }) });

/** Every query gives the same rows (or the same SQLSTATE) on the indexed table as on the plain one. */
function agree(forms: readonly string[], param: fc.Arbitrary<unknown>, numRuns: number): void {
  fc.assert(
    fc.property(fc.array(doc, { minLength: 1, maxLength: 25 }), fc.array(fc.tuple(fc.constantFrom(...forms), param, param, param), { minLength: 1, maxLength: 12 }), (docs, queries) => {
      const plain = load(docs, false);
      const indexed = load(docs, true);
      try {
        for (const [form, p1, p2, p3] of queries) {
          const n = form.split('?').length - 1;
          const params = [p1, p2, p3].slice(0, n);
          const sql = `select doc._id from t where ${form}`;
          const want = outcome(plain, sql, params);
          const got = outcome(indexed, sql, params);
          if (want.startsWith('error') && got === '[]') continue;
          expect([sql, params, got]).toEqual([sql, params, want]);
        }
      } finally {
        plain.close();
        indexed.close();
      }
    }),
    { numRuns },
  );
}

describe('path indexes and the scan agree', () => {
  it('on generated documents, conditions and parameters', () => agree(forms, param, 300));

  it('on templates given whole as parameters, whichever index their paths fix (template-params.ts)', () =>
    agree(['doc = ?', 'doc.p = ?', 'doc = ? and doc.n > ?', 'doc = ? and doc = ?'], fc.oneof(template, template, template, param), 200));
});
