/**
 * src/level4-sql/plan/template-params.test.ts — a template given whole as a parameter fixes the key of the
 * path index its paths name, chosen per execution; the scan answers the rest (template-params.ts).
 */
import { Database } from '../../database';
import { ExactDecimal } from '../../common/values/value';
import { fixedScalar } from './template-params';

describe('fixedScalar (invariant 2)', () => {
  it('reads plain fields, dotted keys, nested documents, $eq and $and', () => {
    expect(fixedScalar({ address: { zip: '75001' } }, ['address', 'zip'])).toBe('75001');
    expect(fixedScalar({ 'address.zip': '75001' }, ['address', 'zip'])).toBe('75001');
    expect(fixedScalar({ address: { 'zip.code': 7 } }, ['address', 'zip', 'code'])).toBe(7);
    expect(fixedScalar({ age: { $eq: 30 } }, ['age'])).toBe(30);
    expect(fixedScalar({ $and: [{ x: 1 }, { age: 30 }] }, ['age'])).toBe(30);
    expect(fixedScalar({ n: 10n }, ['n'])).toBe(10n);
    const d = new ExactDecimal('1.50');
    expect(fixedScalar({ n: d }, ['n'])).toBe(d);
  });

  it('fixes nothing under other operators, nor with a value that is no key, nor outside a plain document', () => {
    for (const t of [
      { age: { $gt: 30 } },
      { $or: [{ age: 30 }] },
      { age: { $in: [30] } },
      { age: null },
      { age: [30] },
      { age: { x: 30 } },
      { age: /3/ },
      { age: Number.NaN },
      { Age: 30 },
      { 'age.': 30 },
      {},
    ]) {
      expect([t, fixedScalar(t, ['age'])]).toEqual([t, undefined]);
    }
    expect(fixedScalar(30, ['age'])).toBeUndefined();
    expect(fixedScalar(null, ['age'])).toBeUndefined();
    expect(fixedScalar([{ age: 30 }], ['age'])).toBeUndefined();
    expect(fixedScalar({ age: 30 }, ['age', 'x'])).toBeUndefined();
  });

  it('matches a dotted key step by step against the path: no empty step, no step past it, no dot inside a step', () => {
    const zip = ['address', 'zip'];
    for (const k of ['address.', '.address.zip', 'address..zip', 'address.zip.', 'address.zipx', 'addres.zip', 'address.zip.code', 'addresszip', '']) {
      expect([k, fixedScalar({ [k]: '1' }, zip)]).toEqual([k, undefined]);
    }
    expect(fixedScalar({ address: { 'zip.': '1' } }, zip)).toBeUndefined();
    // a path step named with a dot (doc."a.b") is one step: the dotted key a.b is two
    expect(fixedScalar({ 'a.b': 1 }, ['a.b'])).toBeUndefined();
    expect(fixedScalar({ a: { b: 1 } }, ['a', 'b'])).toBe(1);
    expect(fixedScalar({ 'a.b': { 'c.d': 2 } }, ['a', 'b', 'c', 'd'])).toBe(2);
    expect(fixedScalar({ 'a.b': { $eq: 3 } }, ['a', 'b'])).toBe(3);
    expect(fixedScalar({ $eq: 3 }, [])).toBeUndefined();
    expect(fixedScalar({ 'x.y': 1, 'address.zip': '75001' }, zip)).toBe('75001');
  });
});

describe('doc = ? with a template', () => {
  let db: Database;
  const plan = (sql: string, params: unknown[]): string =>
    db
      .execute(`explain ${sql}`, params)
      .rows.map((r) => String(r[0]).trim())
      .join(' / ');
  const ids = (sql: string, params: unknown[]): unknown[] => db.execute(sql, params).rows.map((r) => r[0]);

  beforeEach(() => {
    db = Database.open(':memory:');
    db.execute('create table p (doc document)');
    db.execute(
      "insert into p values ({'_id': 1, 'address': {'zip': '75001'}, 'age': 30}), ({'_id': 2, 'address': {'zip': '10001'}, 'age': 40}), ({'_id': 3, 'Address': {'Zip': '75001'}, 'age': 40})",
    );
    db.execute('create unique index p_id on p (doc._id)');
    db.execute('create index p_zip on p (doc.address.zip)');
    db.execute('create index p_age on p (doc.age as int)');
  });
  afterEach(() => db.close());

  const q = 'select doc._id from p where doc = ? order by doc._id';

  const idRetest = 'filter (DOC has "_id" when ? is only that equality, else DOC = ?)';
  const zipRetest = 'filter (DOC has "address"."zip" when ? is only that equality, else DOC = ?)';

  it('uses the index its paths fix, per execution, and re-tests the template (by presence when it is only that equality)', () => {
    expect(plan(q, [{ _id: 2 }])).toContain(`TrivialRowSet P key (DOC._id) = (?._id) ${idRetest}`);
    expect(ids(q, [{ _id: 2 }])).toEqual([2]);
    expect(plan(q, [{ 'address.zip': '75001' }])).toContain(`IndexRangeRowSet P index P_ZIP [?.address.zip, ?.address.zip] ${zipRetest}`);
    // the index forgives the case of `Address.Zip`; the template, re-tested, does not
    expect(ids(q, [{ 'address.zip': '75001' }])).toEqual([1]);
    expect(ids(q, [{ address: { zip: '75001' }, age: 30 }])).toEqual([1]);
    expect(ids(q, [{ address: { zip: '75001' }, age: 31 }])).toEqual([]);
    // a typed path
    expect(plan(q, [{ age: 40 }])).toContain('IndexRangeRowSet P index P_AGE');
    expect(ids(q, [{ age: 40 }])).toEqual([2, 3]);
    expect(ids(q, [{ age: { $eq: 30 } }])).toEqual([1]);
    expect(ids(q, [{ age: 40.5 }])).toEqual([]);
  });

  it('re-tests by presence only an execution whose template is that one equality, whatever the one before it was', () => {
    const st = db.prepare(q);
    const run = (t: unknown): number[] => st.execute([t]).rows.map((r) => Number(r[0]));
    for (let round = 0; round < 2; round++) {
      expect(run({ 'address.zip': '75001' })).toEqual([1]);
      expect(run({ address: { zip: '75001' }, age: 31 })).toEqual([]);
      expect(run({ address: { zip: '75001', x: 1 } })).toEqual([]);
      expect(run({ 'address.zip': '75001', 'address.x': 1 })).toEqual([]);
      expect(run({ address: { zip: '75001' } })).toEqual([1]);
      expect(run({ address: { zip: { $eq: '75001' } } })).toEqual([1]);
      expect(run({ $and: [{ 'address.zip': '75001' }, { age: 40 }] })).toEqual([]);
      expect(run({ _id: 3 })).toEqual([3]);
      expect(run({ _id: 3, age: 30 })).toEqual([]);
    }
  });

  it('falls back on the scan when the template fixes no index path, and answers as the scan does', () => {
    expect(plan(q, [{ age: { $gt: 35 } }])).toContain('TableScanRowSet P filter (DOC = ?)');
    expect(ids(q, [{ age: { $gt: 35 } }])).toEqual([2, 3]);
    expect(ids(q, [{}])).toEqual([1, 2, 3]);
    expect(ids(q, [{ $or: [{ _id: 1 }, { _id: 3 }] }])).toEqual([1, 3]);
    // not a template: a scalar compared with the document
    expect(ids(q, [5])).toEqual([]);
    expect(ids(q, [null])).toEqual([]);
  });

  it('EXPLAIN without values names the first path and what it falls back on', () => {
    const text = db
      .execute(`explain ${q}`)
      .rows.map((r) => String(r[0]).trim())
      .join(' / ');
    expect(text).toContain(`TrivialRowSet P key (DOC._id) = (?._id) ${idRetest}`);
    expect(text).toContain("(when a parameter's value cannot be a key: IndexRangeRowSet P index P_ZIP");
  });

  it('only a parameter is a template: a document from another row is compared as a value, through any plan', () => {
    db.execute('create table a (id int primary key, t document)');
    db.execute(
      "insert into a values (1, {'address': {'zip': '75001'}}), (2, {'_id': 2, 'address': {'zip': '10001'}, 'age': 40}), (3, {'address': {'zip': '10001'}, 'age': 40})",
    );
    // more rows, so that an index would be worth taking
    const ins = db.prepare('insert into p values (?)');
    for (let i = 10; i < 300; i++) ins.execute([{ _id: i, address: { zip: String(20000 + i) }, age: i }]);
    for (const q of [
      'select a.id, (select count(*) from p where p.doc = a.t) from a order by a.id',
      'select a.id from a where exists (select 1 from p where p.doc = a.t) order by a.id',
      'select a.id, p.doc._id from a join p on p.doc = a.t order by a.id',
    ]) {
      const got = db.execute(q).rows;
      // a.t = {'address': {'zip': '75001'}} is not the document {'_id': 1, …}: only row 2 equals one
      expect([q, got]).toEqual([q, q.includes('count') ? [[1, 0], [2, 1], [3, 0]] : q.includes('join') ? [[2, 2]] : [[2]]]);
      expect(db.execute(`explain ${q}`).rows.join(' ')).not.toContain('P_ZIP');
    }
  });

  it('a key from an outer row is guarded per outer row, and EXPLAIN shows both paths without one', () => {
    db.execute('create table a (id int primary key, t document)');
    db.execute("insert into a values (1, {'zip': '10001'}), (2, {'zip': {'$gt': '1'}}), (3, {'zip': 7})");
    const ins = db.prepare('insert into p values (?)');
    for (let i = 10; i < 300; i++) ins.execute([{ _id: i, address: { zip: String(20000 + i) }, age: i }]);
    const q = 'select a.id, (select count(*) from p where p.doc.address.zip = a.t.zip) from a order by a.id';
    // a document from a row is a value, not a template: {'$gt': '1'} equals no zip
    expect(db.execute(q).rows).toEqual([[1, 1], [2, 0], [3, 0]]);
    const text = db
      .execute(`explain ${q}`)
      .rows.map((r) => String(r[0]).trim())
      .join(' / ');
    expect(text).toContain("IndexRangeRowSet P index P_ZIP [A.T.zip, A.T.zip] / (when an outer row's value cannot be a key: TableScanRowSet P");
  });

  it('a selector subject: doc.address = ? fixes the paths under it', () => {
    const sel = 'select doc._id from p where doc.address = ?';
    expect(plan(sel, [{ zip: '10001' }])).toContain('IndexRangeRowSet P index P_ZIP [?.zip, ?.zip] filter (DOC.address has "zip" when ? is only that equality, else DOC.address = ?)');
    expect(ids(sel, [{ zip: '10001' }])).toEqual([2]);
    expect(ids(sel, [{ zip: '75001' }])).toEqual([1]);
  });
});
