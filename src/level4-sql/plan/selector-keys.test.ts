/**
 * src/level4-sql/plan/selector-keys.test.ts — a selector compared with a parameter (`doc.address.zip = ?`)
 * uses a path index only when the parameter holds a scalar: a document, an array or a regex there makes the
 * comparison a template match, which the fallback scan answers. With and without the index, every parameter
 * gives the same rows.
 */
import { Database } from '../../database';

const DOCS = [
  "{'_id': 'a', 'address': {'zip': '10001'}, 'age': 30}",
  "{'_id': 'b', 'address': {'zip': '20001'}, 'age': 40}",
  "{'_id': 'c', 'address': {'zip': 10001}, 'age': 50}",
  "{'_id': 'd', 'address': {'zip': {'inner': 1}}, 'age': 60}",
];

function open(indexed: boolean): Database {
  const db = Database.open(':memory:');
  db.execute('create table people (doc document)');
  for (const d of DOCS) db.execute(`insert into people values (${d})`);
  if (indexed) {
    db.execute('create index people_zip on people (doc.address.zip)');
    db.execute('create index people_age on people (doc.age as integer)');
  }
  return db;
}

const ids = (db: Database, sql: string, param: unknown): string[] =>
  db
    .execute(sql, [param])
    .rows.map((r) => String(r[0]))
    .sort();

describe('selectors compared with parameters', () => {
  const plain = open(false);
  const indexed = open(true);
  afterAll(() => {
    plain.close();
    indexed.close();
  });

  const params: Array<[string, unknown]> = [
    ['a string', '10001'],
    ['a number', 10001],
    ['an operator document', { $gt: '1' }],
    ['an operator document on numbers', { $gte: 10000 }],
    ['a regex', /^100/],
    ['an array', ['10001', '20001']],
    ['a nested document', { inner: 1 }],
    ['NULL', null],
  ];

  it.each(params)('`doc.address.zip = ?` holding %s gives the same rows with the index as without', (_what, param) => {
    const sql = 'select doc._id from people where doc.address.zip = ?';
    expect(ids(indexed, sql, param)).toEqual(ids(plain, sql, param));
  });

  const outcome = (db: Database, sql: string, param: unknown): string[] | string => {
    try {
      return ids(db, sql, param);
    } catch (e) {
      return (e as { sqlState?: string }).sqlState ?? 'error';
    }
  };
  const typedQueries = ['doc.age = ?', 'doc.age > ?', 'doc.age <= ?', "doc = {'age': ?}", "doc = {'age': {'$gte': ?}}", 'doc.address.zip >= ?', 'doc.address.zip < ?'];
  it.each(typedQueries.flatMap((q) => params.map(([what, p]) => [q, what, p] as const)))('`%s` holding %s gives the same rows with the indexes as without', (q, _what, param) => {
    const sql = `select doc._id from people where ${q}`;
    expect(outcome(indexed, sql, param)).toEqual(outcome(plain, sql, param));
  });

  it('uses the index for a scalar and says when it would scan', () => {
    const sql = 'select doc._id from people where doc.address.zip = ?';
    expect(ids(indexed, sql, { $gt: '1' })).toEqual(['a', 'b']);
    const plan = (p: unknown): string =>
      indexed
        .execute(`explain ${sql}`, [p])
        .rows.map((r) => String(r[0]).trim())
        .join(' / ');
    expect(plan('10001')).toMatch(/IndexRangeRowSet PEOPLE index PEOPLE_ZIP/);
    expect(plan({ $gt: '1' })).toMatch(/TableScanRowSet PEOPLE filter/);
  });
});
