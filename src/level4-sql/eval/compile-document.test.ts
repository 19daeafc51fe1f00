/**
 * src/level4-sql/eval/compile-document.test.ts — documents through the public API where parameters matter:
 * templates and values from JavaScript, copies in and out, selector result types, and the plans path
 * indexes give (the SQL-only behaviour is in sql-tests/document/).
 */
import { ObjectId } from 'bson';
import { Database, SqlError } from '../../index';
import { sqlStateOf } from '../../common/testing/sql-state-of';

function people(n = 40): Database {
  const db = Database.open(':memory:');
  db.execute('create table p (doc document)');
  db.execute('begin transaction');
  const ins = db.prepare('insert into p values (?)');
  for (let i = 0; i < n; i++) {
    ins.execute([{ _id: `p${i}`, city: `c${i % 4}`, age: 20 + i, tags: i % 2 === 0 ? ['even'] : ['odd'], address: { zip: `z${i % 8}` } }]);
  }
  db.execute('commit');
  return db;
}

const ids = (db: Database, sql: string, params?: unknown[]): unknown[] => db.execute(sql, params).rows.map((r) => r[0]);
const plan = (db: Database, sql: string, params?: unknown[]): string => db.execute(`explain ${sql}`, params).rows.map((r) => r[0]).join('\n');

describe('templates from JavaScript', () => {
  test('a JS object parameter is a template with operators', () => {
    const db = people();
    expect(ids(db, 'select doc._id from p where doc = ? order by doc.age', [{ city: 'c1', age: { $gt: 40 } }])).toEqual(['p21', 'p25', 'p29', 'p33', 'p37']);
    expect(ids(db, 'select count(*) from p where doc = ?', [{ tags: 'even' }])).toEqual([20]);
  });

  test('a RegExp parameter is a regex value inside and outside templates', () => {
    const db = people();
    expect(ids(db, "select count(*) from p where doc = {'city': ?}", [/^c[12]$/])).toEqual([20]);
    expect(ids(db, 'select count(*) from p where doc.city = ?', [/^c[12]$/])).toEqual([20]);
  });

  test('a scalar parameter compared with a selector is a value', () => {
    const db = people();
    expect(ids(db, 'select doc._id from p where doc.age = ?', [25])).toEqual(['p5']);
    expect(ids(db, 'select doc._id from p where doc.age = ?', ['25'])).toEqual([]);
  });

  test('an invalid template parameter is an SqlError with the template code', () => {
    const db = people();
    expect(sqlStateOf(() => db.execute('select * from p where doc = ?', [{ a: { $nope: 1 } }]))).toBe('42D01');
    expect(sqlStateOf(() => db.execute('select * from p where doc = ?', [{ $set: { a: 1 } }]))).toBe('42D02');
  });
});

describe('template literals with parameters, compiled once with holes', () => {
  const sql = "select doc._id from p where doc = {'address': {'zip': ?}, 'city': ?} order by doc._id";

  test('one prepared statement answers scalars, null, documents and regexes in turn', () => {
    const db = people(16);
    db.execute("insert into p values ({'_id': 'n', 'city': 'c1', 'address': {'zip': null}})");
    db.execute("insert into p values ({'_id': 'a', 'city': 'c1', 'address': {'zip': ['z1', 'z9']}})");
    const st = db.prepare(sql);
    const run = (params: unknown[]): unknown[] => st.execute(params).rows.map((r) => r[0]);
    expect(run(['z1', 'c1'])).toEqual(['a', 'p1', 'p9']);
    // a document value is a nested template, a RegExp a regex match: the general path, then back again
    expect(run([{ $in: ['z5', 'z9'] }, 'c1'])).toEqual(['a', 'p13', 'p5']);
    expect(run([/^z[15]$/, 'c1'])).toEqual(['a', 'p1', 'p13', 'p5', 'p9']);
    expect(run(['z5', 'c1'])).toEqual(['p13', 'p5']);
    // null matches a null or missing field; an array value matches exactly
    expect(run([null, 'c1'])).toEqual(['n']);
    expect(run([['z1', 'z9'], 'c1'])).toEqual(['a']);
    expect(run([['z9', 'z1'], 'c1'])).toEqual([]);
    // numbers compare by value across kinds, never with strings
    db.execute("insert into p values ({'_id': 'k', 'city': 'c2', 'address': {'zip': 75001}})");
    expect(run([75001n, 'c2'])).toEqual(['k']);
    expect(run(['75001', 'c2'])).toEqual([]);
  });

  test('the holed form agrees with the same template given whole as a parameter', () => {
    const db = people(24);
    const st = db.prepare(sql);
    for (const [zip, city] of [['z1', 'c1'], ['z2', 'c1'], ['z3', 'c3'], ['z0', 'c0']] as const) {
      const whole = ids(db, 'select doc._id from p where doc = ? order by doc._id', [{ address: { zip }, city }]);
      expect(st.execute([zip, city]).rows.map((r) => r[0])).toEqual(whole);
    }
  });

  test('<> negates it, and a bad constant part is an error even when no row is read', () => {
    const db = people(8);
    expect(ids(db, "select count(*) from p where doc <> {'city': ?}", ['c1'])).toEqual([6]);
    db.execute('create table e (doc document)');
    expect(sqlStateOf(() => db.execute("select * from e where doc = {'city': ?, 'age': {'$gt': 1, 'x': 2}}", ['x']))).toBe('42D02');
    expect(sqlStateOf(() => db.execute("select * from e where doc = {'city': ?, 'age': {'$nope': 1}}", ['x']))).toBe('42D01');
  });
});

describe('values from and to JavaScript', () => {
  test('a stored document is a copy of the parameter, and a result is a copy of the stored document', () => {
    const db = Database.open(':memory:');
    db.execute('create table d (doc document)');
    const given = { _id: 'a', n: { x: 1 }, list: [1, 2] };
    db.execute('insert into d values (?)', [given]);
    given.n.x = 99;
    given.list.push(3);
    const out = db.execute('select doc from d').rows[0]![0] as { n: { x: number }; list: number[] };
    expect(out).toEqual({ _id: 'a', n: { x: 1 }, list: [1, 2] });
    out.n.x = 7;
    expect(db.execute('select doc.n.x from d').rows).toEqual([[1]]);
  });

  test('exact numbers, ObjectIds and dates survive', () => {
    const db = Database.open(':memory:');
    db.execute('create table d (doc document)');
    const id = new ObjectId();
    const when = new Date('2024-01-31T10:00:00Z');
    db.execute("insert into d values ({'_id': ?, 'big': 123456789012345678901234567890, 'dec': 2.50, 'when': ?})", [id, when]);
    const doc = db.execute('select doc from d').rows[0]![0] as Record<string, unknown>;
    expect((doc._id as ObjectId).equals(id)).toBe(true);
    expect(doc.big).toBe(123456789012345678901234567890n);
    expect(String(doc.dec)).toBe('2.5');
    expect(doc.when).toEqual(when);
    expect(db.execute('select typeof(doc._id), typeof(doc.big), typeof(doc.dec) from d').rows).toEqual([['objectId', 'long', 'decimal']]);
  });

  test('unsupported values inside a document are 07006', () => {
    const db = Database.open(':memory:');
    db.execute('create table d (doc document)');
    expect(sqlStateOf(() => db.execute('insert into d values (?)', [{ f: () => 1 }]))).toBe('07006');
    expect(sqlStateOf(() => db.execute('insert into d values (?)', [{ n: NaN }]))).toBe('07006');
  });

  test('selector columns report the kind of their values', () => {
    const db = people(4);
    const r = db.execute('select doc.age, doc.city, doc.address, doc.tags, doc.missing from p');
    expect(r.types).toEqual(['INTEGER', 'CHAR', 'DOCUMENT', 'DOCARRAY', 'NULL']);
  });
});

describe('plans over document paths', () => {
  test('the _id index gives a trivial rowset, a missing _id an empty one', () => {
    const db = people();
    expect(plan(db, "select doc from p where doc._id = 'p3'")).toMatch(/TrivialRowSet P key \(DOC\._id\)/);
    expect(plan(db, "select doc from p where doc._id = 'nope'")).toMatch(/EmptyRowSet P key \(DOC\._id\)/);
    expect(ids(db, "select doc.age from p where doc._id = 'p3'")).toEqual([23]);
  });

  test('a path index serves selectors, templates with parameters, and falls back when a parameter is an operator', () => {
    const db = people();
    db.execute('create index pz on p (doc.address.zip)');
    expect(plan(db, "select doc from p where doc.address.zip = 'z3'")).toMatch(/IndexRangeRowSet P index PZ/);
    expect(plan(db, "select doc from p where doc = {'address': {'zip': ?}}", ['z3'])).toMatch(/IndexRangeRowSet P index PZ/);
    expect(ids(db, "select doc._id from p where doc = {'address': {'zip': ?}} order by doc._id", ['z3'])).toEqual(['p11', 'p19', 'p27', 'p3', 'p35']);
    // an operator in the parameter cannot be a key: the plan scans and the answer is still right
    expect(ids(db, "select count(*) from p where doc = {'address': {'zip': ?}}", [{ $in: ['z3', 'z4'] }])).toEqual([10]);
    expect(plan(db, "select doc from p where doc = {'address': {'zip': ?}}", [{ $in: ['z3'] }])).toMatch(/TableScanRowSet/);
  });

  test('a typed path index serves ranges and index joins', () => {
    const db = people();
    db.execute('create index pa on p (doc.age as int)');
    expect(plan(db, 'select doc from p where doc.age between 30 and 33')).toMatch(/IndexRangeRowSet P index PA \[30, 33\]/);
    expect(ids(db, "select doc._id from p where doc = {'age': {'$gte': 58}}")).toEqual(['p38', 'p39']);
    db.execute('create table a (n int primary key)');
    db.execute('insert into a values (21), (22)');
    expect(plan(db, 'select p.doc._id from a join p on p.doc.age = a.n')).toMatch(/IndexJoin INNER P index PA/);
    expect(ids(db, 'select p.doc._id from a join p on p.doc.age = a.n order by 1')).toEqual(['p1', 'p2']);
  });

  test('an index on a path some document lacks is refused, and so is such a document later', () => {
    const db = people(4);
    db.execute("insert into p values ({'_id': 'x'})");
    expect(sqlStateOf(() => db.execute('create index pz on p (doc.address.zip)'))).toBe('22D05');
    db.execute("delete from p where doc._id = 'x'");
    db.execute('create index pz on p (doc.address.zip)');
    expect(sqlStateOf(() => db.execute("insert into p values ({'_id': 'y', 'address': {'zip': [1]}})"))).toBe('22D06');
    expect(db.execute('select count(*) from p').rows).toEqual([[4]]);
  });

  test('key errors from INSERT and UPDATE point at the row or the SET value', () => {
    const db = people(2);
    db.execute('create index pz on p (doc.address.zip)');
    const errorOf = (sql: string): SqlError => {
      try {
        db.execute(sql);
      } catch (e) {
        return e as SqlError;
      }
      throw new Error(`no error from ${sql}`);
    };
    const ins = "insert into p values ({'_id': 'a', 'address': {'zip': 'z'}}), ({'_id': 'b'})";
    const missing = errorOf(ins);
    expect(missing.sqlState).toBe('22D05');
    expect(missing.position).toBe(ins.indexOf("({'_id': 'b'})") + 1);
    const dup = errorOf("insert into p values ({'_id': 'p0', 'address': {'zip': 'z'}})");
    expect([dup.sqlState, dup.position]).toEqual(['23505', 'insert into p values ('.length]);
    const upd = "update p set doc = {'$unset': {'address': 1}} where doc._id = 'p1'";
    expect([errorOf(upd).sqlState, errorOf(upd).position]).toEqual(['22D05', upd.indexOf('{')]);
    expect(db.execute('select count(*) from p').rows).toEqual([[2]]);
  });

  test('a key on a whole DOCARRAY column is refused', () => {
    const db = Database.open(':memory:');
    db.execute('create table t (a docarray)');
    expect(sqlStateOf(() => db.execute('create unique index ta on t (a)'))).toBe('0A000');
  });
});

describe('updates', () => {
  test('an update template is applied per row and survives a restart through its logged template', () => {
    const dir = require('fs').mkdtempSync(require('path').join(require('os').tmpdir(), 'pdoc-'));
    const file = require('path').join(dir, 'd');
    let db = Database.open(file);
    db.execute('create table d (doc document)');
    db.execute("insert into d values ({'_id': 1, 'n': 1, 'tags': ['a']})");
    const r = db.execute("update d set doc = {'$inc': {'n': 2}, '$push': {'tags': {'$each': ['b', 'c'], '$position': 0}}, '$currentDate': {'at': true}}");
    expect(r.rowsAffected).toBe(1);
    const before = db.execute('select doc from d').rows[0]![0];
    db.close();
    db = Database.open(file);
    expect(db.execute('select doc from d').rows[0]![0]).toEqual(before);
    expect(db.execute('select doc.n, doc.tags from d').rows).toEqual([[3, ['b', 'c', 'a']]]);
    db.close();
  });

  test('a replacement keeps _id; changing it is 22D04 and changes nothing', () => {
    const db = people(2);
    db.execute("update p set doc = {'city': 'new'} where doc._id = 'p0'");
    expect(db.execute("select doc from p where doc._id = 'p0'").rows).toEqual([[{ _id: 'p0', city: 'new' }]]);
    expect(sqlStateOf(() => db.execute("update p set doc = {'_id': 'q', 'city': 'x'} where doc._id = 'p0'"))).toBe('22D04');
    const e = (() => {
      try {
        db.execute("update p set doc = {'$inc': {'city': 1}} where doc._id = 'p0'");
      } catch (err) {
        return err as SqlError;
      }
      return null;
    })();
    expect(e?.sqlState).toBe('22D02');
    expect(e?.position).toBe("update p set doc = ".length);
    expect(db.execute("select doc from p where doc._id = 'p0'").rows).toEqual([[{ _id: 'p0', city: 'new' }]]);
  });
});
