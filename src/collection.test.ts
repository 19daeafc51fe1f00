/**
 * src/collection.test.ts — the MongoDB-style collection API through the public Database: every method and
 * option, projection rules, collections that do not exist yet, errors, transactions, indexes (with EXPLAIN),
 * SQL seeing the same table, and a file surviving close and reopen.
 * Over 600 lines on purpose: one describe block per method of one class, sharing the fixtures at the top;
 * split by method they would repeat the setup.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ObjectId } from 'bson';
import { Database } from './database';
import { compileProjection } from './collection';
import { SqlState } from './common/errors';
import { sqlErrorOf, sqlStateOf } from './common/testing/sql-state-of';

const PEOPLE = [
  { _id: 'p1', name: 'Ann', age: 34, city: 'Paris', tags: ['a', 'b'], address: { zip: '75001', street: 'Rue A' } },
  { _id: 'p2', name: 'Bob', age: 25, city: 'Lyon', tags: ['b'], address: { zip: '69001', street: 'Rue B' } },
  { _id: 'p3', name: 'Cyd', age: 41, city: 'Paris', tags: [], address: { zip: '75002', street: 'Rue C' } },
  { _id: 'p4', name: 'dan', age: 19, city: 'Nice', tags: ['c', 'a'], address: { zip: '06000', street: 'Rue D' } },
];

let db: Database;
beforeEach(() => {
  db = Database.open(':memory:');
});
afterEach(() => db.close());

function people(): ReturnType<Database['collection']> {
  const c = db.collection('people');
  c.insertMany(PEOPLE);
  return c;
}

const ids = (docs: ReadonlyArray<Record<string, unknown>>): unknown[] => docs.map((d) => d['_id']);

describe('a collection that does not exist yet', () => {
  test('reads as empty, updates and deletes match nothing, and nothing is created', () => {
    const c = db.collection('ghost');
    expect(c.collectionName).toBe('ghost');
    expect(c.find()).toEqual([]);
    expect(c.find({ a: 1 }, { sort: { a: 1 }, limit: 2, skip: 1, projection: { a: 1 } })).toEqual([]);
    expect(c.findOne({ a: 1 })).toBeNull();
    expect(c.countDocuments()).toBe(0);
    expect(c.updateOne({ a: 1 }, { $set: { b: 2 } })).toEqual({ acknowledged: true, matchedCount: 0, modifiedCount: 0 });
    expect(c.updateMany({}, { $set: { b: 2 } })).toEqual({ acknowledged: true, matchedCount: 0, modifiedCount: 0 });
    expect(c.deleteOne({ a: 1 })).toEqual({ acknowledged: true, deletedCount: 0 });
    expect(c.deleteMany({})).toEqual({ acknowledged: true, deletedCount: 0 });
    expect(sqlStateOf(() => db.execute('select doc from "ghost"'))).toBe(SqlState.UndefinedTable);
  });

  test('arguments are still checked', () => {
    const c = db.collection('ghost');
    expect(sqlStateOf(() => c.find('x' as never))).toBe(SqlState.InvalidParameterValue);
    expect(sqlStateOf(() => c.updateOne({}, 5 as never))).toBe(SqlState.InvalidParameterValue);
    expect(sqlStateOf(() => c.find({}, { projection: { a: 1, b: 0 } }))).toBe(SqlState.InvalidParameterValue);
  });
});

describe('insertOne / insertMany', () => {
  test('insertOne creates the table, gives an ObjectId _id first and leaves the caller’s object alone', () => {
    const c = db.collection('people');
    const doc = { name: 'Ann', age: 34 };
    const r = c.insertOne(doc);
    expect(r.acknowledged).toBe(true);
    expect(r.insertedId).toBeInstanceOf(ObjectId);
    expect(doc).toEqual({ name: 'Ann', age: 34 });
    const stored = c.findOne({});
    expect(stored).toEqual({ _id: r.insertedId, name: 'Ann', age: 34 });
    expect(Object.keys(stored!)).toEqual(['_id', 'name', 'age']);
    const sql = db.execute('select doc."name", doc."age" from "people"');
    expect(sql.rows).toEqual([['Ann', 34]]);
    expect(sql.types[0]).not.toBe('');
    // the table keeps the collection's name as written; SQL folds an unquoted name, and the error says so
    const err = sqlErrorOf(() => db.execute('select doc from people'));
    expect(err?.sqlState).toBe(SqlState.UndefinedTable);
    expect(err?.hint).toMatch(/"people" exists.*double quotes/);
  });

  test('an _id given is kept; a null _id is replaced by an ObjectId; _id is stored first', () => {
    const c = db.collection('things');
    expect(c.insertOne({ _id: 7, a: 1 }).insertedId).toBe(7);
    const r = c.insertOne({ a: 2, _id: null });
    expect(r.insertedId).toBeInstanceOf(ObjectId);
    const d = c.findOne({ a: 2 })!;
    expect(Object.keys(d)).toEqual(['_id', 'a']);
    expect((d['_id'] as ObjectId).equals(r.insertedId as ObjectId)).toBe(true);
  });

  test('insertMany returns the ids by position', () => {
    const c = db.collection('people');
    const r = c.insertMany([{ _id: 'x' }, { n: 1 }, { n: 2 }]);
    expect(r.acknowledged).toBe(true);
    expect(r.insertedCount).toBe(3);
    expect(r.insertedIds[0]).toBe('x');
    expect(r.insertedIds[1]).toBeInstanceOf(ObjectId);
    expect(r.insertedIds[2]).toBeInstanceOf(ObjectId);
    expect(c.countDocuments()).toBe(3);
    expect(c.insertMany([])).toEqual({ acknowledged: true, insertedCount: 0, insertedIds: {} });
  });

  test('a duplicate _id is 23505 and insertMany keeps nothing — not even the table it would have created', () => {
    const fresh = db.collection('fresh');
    expect(sqlStateOf(() => fresh.insertMany([{ _id: 1 }, { _id: 2 }, { _id: 1 }]))).toBe(SqlState.UniqueViolation);
    expect(db.inTransaction).toBe(false);
    expect(fresh.countDocuments()).toBe(0);
    expect(sqlStateOf(() => db.execute('select doc from "fresh"'))).toBe(SqlState.UndefinedTable);

    const c = people();
    expect(sqlStateOf(() => c.insertMany([{ _id: 'new1' }, { _id: 'p2' }]))).toBe(SqlState.UniqueViolation);
    expect(c.countDocuments()).toBe(4);
    expect(c.findOne({ _id: 'new1' })).toBeNull();
    expect(sqlStateOf(() => c.insertOne({ _id: 'p1' }))).toBe(SqlState.UniqueViolation);
    expect(c.countDocuments()).toBe(4);
  });

  test('non-documents are 22023', () => {
    const c = db.collection('people');
    expect(sqlStateOf(() => c.insertOne(null as never))).toBe(SqlState.InvalidParameterValue);
    expect(sqlStateOf(() => c.insertOne([1] as never))).toBe(SqlState.InvalidParameterValue);
    expect(sqlStateOf(() => c.insertOne(new Date() as never))).toBe(SqlState.InvalidParameterValue);
    expect(sqlStateOf(() => c.insertMany({} as never))).toBe(SqlState.InvalidParameterValue);
    expect(sqlStateOf(() => c.insertMany([{ a: 1 }, 'x' as never]))).toBe(SqlState.InvalidParameterValue);
    expect(c.countDocuments()).toBe(0);
  });
});

describe('find', () => {
  test('{} finds every document; templates, operators, dotted paths and regexes filter', () => {
    const c = people();
    expect(ids(c.find())).toEqual(['p1', 'p2', 'p3', 'p4']);
    expect(c.find({}).length).toBe(4);
    expect(ids(c.find({ city: 'Paris' }))).toEqual(['p1', 'p3']);
    expect(ids(c.find({ age: { $gt: 30 } }))).toEqual(['p1', 'p3']);
    expect(ids(c.find({ city: { $in: ['Lyon', 'Nice'] } }))).toEqual(['p2', 'p4']);
    expect(ids(c.find({ 'address.zip': '75001' }))).toEqual(['p1']);
    expect(ids(c.find({ address: { zip: '69001' } }))).toEqual(['p2']);
    expect(ids(c.find({ tags: 'a' }))).toEqual(['p1', 'p4']);
    expect(ids(c.find({ name: /^[a-c]/i }))).toEqual(['p1', 'p2', 'p3']);
    expect(ids(c.find({ name: { $regex: '^D', $options: 'i' } }))).toEqual(['p4']);
    expect(ids(c.find({ $or: [{ age: { $lt: 20 } }, { city: 'Lyon' }] }))).toEqual(['p2', 'p4']);
    expect(ids(c.find({ city: 'Paris', age: { $gte: 35 } }))).toEqual(['p3']);
    expect(c.find({ city: 'Rome' })).toEqual([]);
  });

  test('returned documents are whole and fresh', () => {
    const c = people();
    const d = c.findOne({ _id: 'p1' })!;
    expect(d).toEqual(PEOPLE[0]);
    // plain objects and arrays all the way down, as the caller gave them (stored ones are of shape classes)
    expect(Object.getPrototypeOf(d)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(d['address'])).toBe(Object.prototype);
    (d['address'] as Record<string, unknown>)['zip'] = 'changed';
    expect(c.findOne({ _id: 'p1' })).toEqual(PEOPLE[0]);
  });

  test('sort by fields and dotted paths, ascending and descending, compound', () => {
    const c = people();
    expect(ids(c.find({}, { sort: { age: 1 } }))).toEqual(['p4', 'p2', 'p1', 'p3']);
    expect(ids(c.find({}, { sort: { age: -1 } }))).toEqual(['p3', 'p1', 'p2', 'p4']);
    expect(ids(c.find({}, { sort: { 'address.zip': 'desc' } }))).toEqual(['p3', 'p1', 'p2', 'p4']);
    expect(ids(c.find({}, { sort: { city: 1, age: -1 } }))).toEqual(['p2', 'p4', 'p3', 'p1']);
    expect(ids(c.find({}, { sort: { city: 'ascending', name: 'descending' } }))).toEqual(['p2', 'p4', 'p3', 'p1']);
    // a missing field sorts first ascending (MongoDB: missing is lowest), last descending
    c.insertOne({ _id: 'p5', name: 'Eve' });
    expect(ids(c.find({}, { sort: { age: 1 } }))[0]).toBe('p5');
    expect(ids(c.find({}, { sort: { age: -1 } }))[4]).toBe('p5');
    expect(c.find({}, { sort: {} }).length).toBe(5);
  });

  test('sort by an array position and by names needing quotes', () => {
    const c = db.collection('odd');
    c.insertMany([
      { _id: 1, tags: ['b', 'z'], 'we"ird': 2, Mixed: 'b' },
      { _id: 2, tags: ['a'], 'we"ird': 1, Mixed: 'a' },
      { _id: 3, tags: ['c'], 'we"ird': 3, Mixed: 'c' },
    ]);
    expect(ids(c.find({}, { sort: { 'tags.0': 1 } }))).toEqual([2, 1, 3]);
    expect(ids(c.find({}, { sort: { 'we"ird': -1 } }))).toEqual([3, 1, 2]);
    expect(ids(c.find({}, { sort: { Mixed: 1 } }))).toEqual([2, 1, 3]);
  });

  test('limit and skip, alone and together, after sorting', () => {
    const c = people();
    const byAge = { sort: { age: 1 as const } };
    expect(ids(c.find({}, { ...byAge, limit: 2 }))).toEqual(['p4', 'p2']);
    expect(ids(c.find({}, { ...byAge, skip: 1 }))).toEqual(['p2', 'p1', 'p3']);
    expect(ids(c.find({}, { ...byAge, skip: 1, limit: 2 }))).toEqual(['p2', 'p1']);
    expect(ids(c.find({}, { ...byAge, limit: 0 }))).toEqual(['p4', 'p2', 'p1', 'p3']);
    expect(c.find({}, { skip: 10 })).toEqual([]);
    expect(ids(c.find({ city: 'Paris' }, { sort: { age: -1 }, limit: 1 }))).toEqual(['p3']);
  });

  test('findOne takes the first after sort and skip, and projects', () => {
    const c = people();
    expect(c.findOne({ city: 'Paris' }, { sort: { age: -1 } })!['_id']).toBe('p3');
    expect(c.findOne({}, { sort: { age: 1 }, skip: 1, projection: { name: 1, _id: 0 } })).toEqual({ name: 'Bob' });
    expect(c.findOne({}, { limit: 3 })!['_id']).toBe('p1');
    expect(c.findOne({ city: 'Rome' })).toBeNull();
    expect(c.findOne()!['_id']).toBe('p1');
  });

  test('bad options and filters are 22023; bad operators are the engine’s errors', () => {
    const c = people();
    for (const f of [
      () => c.find(5 as never),
      () => c.find([] as never),
      () => c.find(new Map() as never),
      () => c.find({}, { limit: -1 }),
      () => c.find({}, { limit: 1.5 }),
      () => c.find({}, { skip: '2' as never }),
      () => c.find({}, { sort: { age: 2 as never } }),
      () => c.find({}, { sort: 'age' as never }),
      () => c.find({}, { hint: 'x' } as never),
      () => c.find({}, 3 as never),
      () => c.countDocuments('x' as never),
      () => c.deleteMany(7 as never),
    ]) {
      expect(sqlStateOf(f)).toBe(SqlState.InvalidParameterValue);
    }
    expect(sqlStateOf(() => c.find({}, { sort: { 'a..b': 1 } }))).toBe(SqlState.InvalidDocument);
    expect(sqlStateOf(() => c.find({ age: { $bogus: 1 } }))).toBe(SqlState.UnknownDocumentOperator);
    expect(sqlStateOf(() => c.find({ $set: { a: 1 } }))).toBe(SqlState.MisplacedDocumentOperator);
    expect(sqlStateOf(() => c.find({ name: { $regex: '(' } }))).toBe(SqlState.InvalidRegularExpression);
    expect(sqlStateOf(() => c.countDocuments({ age: { $bogus: 1 } }))).toBe(SqlState.UnknownDocumentOperator);
  });
});

describe('filters as document literals', () => {
  const FILTERS: Array<Record<string, unknown>> = [
    { city: 'Paris' },
    { 'address.zip': '75001' },
    { address: { zip: '69001' } },
    { address: { zip: { $gte: '69000' } } },
    { address: {} },
    { age: { $gt: 20, $lt: 40 } },
    { age: { $in: [19, 41] } },
    { age: { $nin: [19, 41] } },
    { age: { $not: { $gt: 30 } } },
    { name: { $not: /^a/i } },
    { name: /n$/ },
    { name: { $in: [/^b/i, 'Cyd'] } },
    { name: { $eq: 'Ann' }, age: { $regex: 'x' } },
    { $or: [{ name: /^d/ }, { age: 34 }] },
    { _id: new ObjectId() },
    { born: new Date(0) },
    { age: { $gte: 10n, $lt: 35.5 } },
    { tags: ['b'] },
    { tags: { $all: ['a', 'b'] } },
    { tags: { $size: 1 } },
    { tags: { $elemMatch: { $gte: 'b' } } },
    { 'tags.0': 'c' },
    { missing: null },
    { missing: { $exists: false } },
    { age: { $type: 'int' } },
    { age: { $mod: [2, 1] } },
    { $and: [{ city: 'Paris' }, { age: { $lt: 40 } }] },
    { $or: [{ city: 'Nice' }, { 'address.zip': { $regex: '^69' } }] },
    { $nor: [{ city: 'Paris' }, { age: 19 }] },
    { city: 'Paris', $or: [{ age: 34 }] },
    { _id: { $eq: 'p2' } },
    { weird: undefined, city: 'Lyon' },
    { 'we"ird\\key': 1 },
    { age: { $bogus: 1 } },
    { $set: { a: 1 } },
    { city: { $regex: '(' } },
  ];

  test('find gives what `where doc = ?` with the whole filter as a parameter gives, errors included', () => {
    const c = people();
    for (const f of FILTERS) {
      let direct: unknown;
      try {
        direct = db.execute('select doc."_id" from "people" where doc = ?', [f]).rows.map((r) => r[0]);
      } catch (e) {
        direct = (e as { sqlState?: string }).sqlState;
      }
      let viaApi: unknown;
      try {
        viaApi = ids(c.find(f));
      } catch (e) {
        viaApi = (e as { sqlState?: string }).sqlState;
      }
      expect([f, viaApi]).toEqual([f, direct]);
    }
  });

  test('the statements find, updateOne and deleteOne run are served by indexes', () => {
    const c = people();
    c.createIndex({ 'address.zip': 1 });
    const spy = jest.spyOn(db, 'execute');
    const planOf = (match: RegExp): string => {
      const call = spy.mock.calls.find(([sql]) => match.test(sql));
      expect(call).toBeDefined();
      const [sql, params] = call!;
      return db.execute(`EXPLAIN ${sql}`, params).rows.map((r) => r[0]).join('\n');
    };
    expect(ids(c.find({ address: { zip: '75001' } }))).toEqual(['p1']);
    expect(planOf(/^SELECT doc FROM/)).toMatch(/IndexRangeRowSet people index people_address\.zip_1/);
    spy.mockClear();
    expect(c.countDocuments({ 'address.zip': { $gt: '70000' } })).toBe(2);
    expect(planOf(/^SELECT count/)).toMatch(/IndexRangeRowSet people index people_address\.zip_1/);
    spy.mockClear();
    c.updateOne({ 'address.zip': '69001' }, { $set: { seen: true } });
    expect(planOf(/^UPDATE/)).toMatch(/TrivialRowSet people key \(DOC\._id\)/);
    spy.mockClear();
    c.deleteOne({ _id: 'p3' });
    expect(planOf(/^DELETE/)).toMatch(/(Trivial|Empty)RowSet people key \(DOC\._id\)/); // p3 is gone by now
    spy.mockRestore();
  });
});

describe('projection', () => {
  test('inclusion keeps the named paths and _id, in the document’s field order', () => {
    const c = people();
    expect(c.findOne({ _id: 'p1' }, { projection: { name: 1, 'address.zip': 1 } })).toEqual({
      _id: 'p1',
      name: 'Ann',
      address: { zip: '75001' },
    });
    const d = c.findOne({ _id: 'p1' }, { projection: { 'address.zip': true, age: 1 } })!;
    expect(Object.keys(d)).toEqual(['_id', 'age', 'address']);
    expect(c.findOne({ _id: 'p1' }, { projection: { name: 1, _id: 0 } })).toEqual({ name: 'Ann' });
    expect(c.findOne({ _id: 'p1' }, { projection: { _id: 1 } })).toEqual({ _id: 'p1' });
    expect(c.findOne({ _id: 'p1' }, { projection: { nothere: 1 } })).toEqual({ _id: 'p1' });
    expect(c.findOne({ _id: 'p1' }, { projection: {} })).toEqual(PEOPLE[0]);
  });

  test('exclusion drops the named paths', () => {
    const c = people();
    expect(c.findOne({ _id: 'p2' }, { projection: { tags: 0, 'address.street': 0 } })).toEqual({
      _id: 'p2',
      name: 'Bob',
      age: 25,
      city: 'Lyon',
      address: { zip: '69001' },
    });
    expect(c.findOne({ _id: 'p2' }, { projection: { _id: 0 } })).toEqual({
      name: 'Bob',
      age: 25,
      city: 'Lyon',
      tags: ['b'],
      address: { zip: '69001', street: 'Rue B' },
    });
    expect(Object.keys(c.findOne({ _id: 'p2' }, { projection: { _id: 1, tags: 0, age: false } })!)).toEqual([
      '_id',
      'name',
      'city',
      'address',
    ]);
    expect(Object.keys(c.findOne({ _id: 'p2' }, { projection: { _id: 0, tags: 0 } })!)).toEqual(['name', 'age', 'city', 'address']);
  });

  test('dotted paths go into every document of an array (MongoDB’s rules)', () => {
    const doc = { _id: 1, a: [{ b: 1, c: 2 }, { c: 3 }, 5, [{ b: 7, c: 8 }]], x: { y: 1, z: 2 }, s: 3 };
    const other = { _id: 2, a: { c: 1 }, x: 5 };
    const inc = compileProjection({ 'a.b': 1 });
    expect(inc(doc)).toEqual({ _id: 1, a: [{ b: 1 }, {}, [{ b: 7 }]] });
    expect(inc(other)).toEqual({ _id: 2, a: {} });
    const exc = compileProjection({ 'a.b': 0 });
    expect(exc(doc)).toEqual({ _id: 1, a: [{ c: 2 }, { c: 3 }, 5, [{ c: 8 }]], x: { y: 1, z: 2 }, s: 3 });
    expect(exc(other)).toEqual(other);
    expect(compileProjection({ 'x.y': 1, _id: 0 })(other)).toEqual({});
    // a numeric segment is a field name in a projection, not a position
    expect(compileProjection({ 'a.0': 1 })(doc)).toEqual({ _id: 1, a: [{}, {}, [{}]] });
    // the input is not changed
    expect(doc.a[0]).toEqual({ b: 1, c: 2 });
  });

  test('a field named __proto__ is projected as a field', () => {
    const doc = JSON.parse('{"_id": 1, "__proto__": {"x": 1}, "b": 2}') as Record<string, never>;
    const out = compileProjection({ __proto__: 1 } as never);
    expect(Object.getPrototypeOf(out(doc))).toBe(Object.prototype);
    const kept = compileProjection(JSON.parse('{"__proto__": 1}'))(doc);
    expect(Object.keys(kept)).toEqual(['_id', '__proto__']);
    expect(Object.getPrototypeOf(kept)).toBe(Object.prototype);
  });

  test('mixing inclusion and exclusion, path collisions and bad values are 22023', () => {
    for (const p of [
      { a: 1, b: 0 },
      { a: 0, 'b.c': 1 },
      { a: 1, 'a.b': 1 },
      { 'a.b': 0, a: 0 },
      { a: 'yes' },
      { a: { $slice: 1 } },
      { a: null },
    ]) {
      expect(sqlStateOf(() => compileProjection(p))).toBe(SqlState.InvalidParameterValue);
    }
    expect(sqlStateOf(() => compileProjection([]))).toBe(SqlState.InvalidParameterValue);
    expect(sqlStateOf(() => compileProjection({ 'a.': 1 }))).toBe(SqlState.InvalidDocument);
    // _id may be excluded from an inclusion and included in an exclusion; any non-zero number includes
    expect(compileProjection({ _id: 0, a: 1 })({ _id: 1, a: 2, b: 3 })).toEqual({ a: 2 });
    expect(compileProjection({ _id: 1, a: 0 })({ _id: 1, a: 2, b: 3 })).toEqual({ _id: 1, b: 3 });
    expect(compileProjection({ a: -1 })({ _id: 1, a: 2, b: 3 })).toEqual({ _id: 1, a: 2 });
  });
});

describe('countDocuments', () => {
  test('counts all or the matching documents', () => {
    const c = people();
    expect(c.countDocuments()).toBe(4);
    expect(c.countDocuments({})).toBe(4);
    expect(c.countDocuments({ city: 'Paris' })).toBe(2);
    expect(c.countDocuments({ tags: { $size: 0 } })).toBe(1);
    expect(c.countDocuments({ city: 'Rome' })).toBe(0);
  });
});

describe('updateOne / updateMany', () => {
  test('updateOne changes the first matching document only', () => {
    const c = people();
    expect(c.updateOne({ city: 'Paris' }, { $set: { city: 'Lille' }, $inc: { age: 1 } })).toEqual({
      acknowledged: true,
      matchedCount: 1,
      modifiedCount: 1,
    });
    expect(c.findOne({ _id: 'p1' })).toMatchObject({ city: 'Lille', age: 35 });
    expect(c.findOne({ _id: 'p3' })).toMatchObject({ city: 'Paris', age: 41 });
    expect(c.updateOne({ city: 'Rome' }, { $set: { x: 1 } })).toEqual({ acknowledged: true, matchedCount: 0, modifiedCount: 0 });
  });

  test('modifiedCount is honest: an update that changes nothing is matched, not modified', () => {
    const c = people();
    expect(c.updateOne({ _id: 'p2' }, { $set: { city: 'Lyon' } })).toEqual({ acknowledged: true, matchedCount: 1, modifiedCount: 0 });
    expect(c.updateMany({ city: 'Paris' }, { $max: { age: 40 } })).toEqual({ acknowledged: true, matchedCount: 2, modifiedCount: 1 });
    expect(c.findOne({ _id: 'p1' })!['age']).toBe(40);
    expect(c.findOne({ _id: 'p3' })!['age']).toBe(41);
    // a change of field order ($rename) or of number type is a modification
    expect(c.updateOne({ _id: 'p2' }, { $rename: { name: 'nm' } }).modifiedCount).toBe(1);
    expect(c.updateOne({ _id: 'p2' }, { $set: { age: 25.5 } }).modifiedCount).toBe(1);
  });

  test('updateMany with dotted paths, and with {} for every document', () => {
    const c = people();
    expect(c.updateMany({ age: { $lt: 30 } }, { $set: { 'address.zip': '00000' }, $push: { tags: 'young' } })).toEqual({
      acknowledged: true,
      matchedCount: 2,
      modifiedCount: 2,
    });
    expect(ids(c.find({ 'address.zip': '00000' }))).toEqual(['p2', 'p4']);
    expect(c.findOne({ _id: 'p4' })!['tags']).toEqual(['c', 'a', 'young']);
    expect(c.updateMany({}, { $inc: { age: 1 } })).toEqual({ acknowledged: true, matchedCount: 4, modifiedCount: 4 });
    expect(c.find({}, { sort: { age: 1 }, projection: { age: 1, _id: 0 } })).toEqual([{ age: 20 }, { age: 26 }, { age: 35 }, { age: 42 }]);
  });

  test('a replacement document replaces and keeps the _id', () => {
    const c = people();
    expect(c.updateOne({ name: 'Bob' }, { name: 'Robert' })).toEqual({ acknowledged: true, matchedCount: 1, modifiedCount: 1 });
    expect(c.findOne({ _id: 'p2' })).toEqual({ _id: 'p2', name: 'Robert' });
  });

  test('bad updates are errors and change nothing', () => {
    const c = people();
    expect(sqlStateOf(() => c.updateOne({ _id: 'p1' }, {}))).toBe(SqlState.InvalidParameterValue);
    expect(sqlStateOf(() => c.updateMany({}, null as never))).toBe(SqlState.InvalidParameterValue);
    expect(sqlStateOf(() => c.updateMany({}, [{ $set: { a: 1 } }] as never))).toBe(SqlState.InvalidParameterValue);
    expect(sqlStateOf(() => c.updateOne(3 as never, { $set: { a: 1 } }))).toBe(SqlState.InvalidParameterValue);
    expect(sqlStateOf(() => c.updateOne({ _id: 'p1' }, { $bogus: { a: 1 } }))).toBe(SqlState.UnknownDocumentOperator);
    expect(sqlStateOf(() => c.updateMany({}, { $set: { a: 1 }, b: 2 }))).toBe(SqlState.MisplacedDocumentOperator);
    expect(sqlStateOf(() => c.updateMany({}, { $inc: { name: 1 } }))).toBe(SqlState.DocumentUpdateTypeClash);
    expect(sqlStateOf(() => c.updateOne({ _id: 'p1' }, { $set: { _id: 'other' } }))).toBe(SqlState.ImmutableIdField);
    expect(sqlStateOf(() => c.updateMany({}, { $set: { a: 1, 'a.b': 2 } }))).toBe(SqlState.ConflictingUpdatePaths);
    expect(db.inTransaction).toBe(false);
    expect(c.find()).toEqual(PEOPLE);
  });
});

describe('deleteOne / deleteMany', () => {
  test('deleteOne removes the first match, deleteMany every match', () => {
    const c = people();
    expect(c.deleteOne({ city: 'Paris' })).toEqual({ acknowledged: true, deletedCount: 1 });
    expect(ids(c.find())).toEqual(['p2', 'p3', 'p4']);
    expect(c.deleteOne({ city: 'Rome' })).toEqual({ acknowledged: true, deletedCount: 0 });
    expect(c.deleteMany({ age: { $lt: 30 } })).toEqual({ acknowledged: true, deletedCount: 2 });
    expect(ids(c.find())).toEqual(['p3']);
    expect(c.deleteMany({})).toEqual({ acknowledged: true, deletedCount: 1 });
    expect(c.countDocuments()).toBe(0);
  });

  test('deleteOne with a document _id deletes that document only', () => {
    const c = db.collection('docids');
    c.insertMany([{ _id: { a: 1, b: 2 } }, { _id: { a: 1 } }]);
    expect(c.deleteOne({ _id: { $eq: { a: 1 } } })).toEqual({ acknowledged: true, deletedCount: 1 });
    expect(c.find()).toEqual([{ _id: { a: 1, b: 2 } }]);
  });
});

describe('createIndex', () => {
  test('names the index, creates the collection when needed, and is idempotent', () => {
    const c = db.collection('people');
    expect(c.createIndex({ 'address.zip': 1 })).toBe('people_address.zip_1');
    expect(c.countDocuments()).toBe(0);
    expect(db.execute('select count(*) from "people"').rows).toEqual([[0]]);
    expect(c.createIndex({ 'address.zip': 1 })).toBe('people_address.zip_1');
    expect(c.createIndex({ city: 1, age: -1 })).toBe('people_city_1_age_-1');
    c.insertMany(PEOPLE);
    expect(ids(c.find({ 'address.zip': '75001' }))).toEqual(['p1']);
    expect(ids(c.find({ city: 'Paris', age: { $gt: 35 } }))).toEqual(['p3']);
  });

  test('EXPLAIN shows the path index serving a query on the path', () => {
    const c = people();
    c.createIndex({ 'address.zip': 1 });
    const plan = db.execute(`EXPLAIN select doc from "people" where doc."address"."zip" = '75001'`).rows.map((r) => r[0]).join('\n');
    expect(plan).toMatch(/(IndexRangeRowSet|TrivialRowSet|IndexLookupRowSet)[^\n]*people_address\.zip_1/);
    expect(db.execute(`select doc."_id" from "people" where doc."address"."zip" = '75001'`).rows).toEqual([['p1']]);
  });

  test('as in Pyrrho, an indexed path must be present in every document (22D05)', () => {
    const c = people();
    c.createIndex({ 'address.zip': 1 });
    expect(sqlStateOf(() => c.insertOne({ name: 'no address' }))).toBe(SqlState.MissingIndexedPath);
    expect(sqlStateOf(() => c.updateOne({ _id: 'p1' }, { $unset: { address: '' } }))).toBe(SqlState.MissingIndexedPath);
    const d = db.collection('sparse');
    d.insertMany([{ a: 1 }, { b: 1 }]);
    expect(sqlStateOf(() => d.createIndex({ a: 1 }))).toBe(SqlState.MissingIndexedPath);
    expect(d.countDocuments()).toBe(2);
  });

  test('bad specifications', () => {
    const c = db.collection('people');
    expect(sqlStateOf(() => c.createIndex({}))).toBe(SqlState.InvalidParameterValue);
    expect(sqlStateOf(() => c.createIndex({ a: 2 } as never))).toBe(SqlState.InvalidParameterValue);
    expect(sqlStateOf(() => c.createIndex('a' as never))).toBe(SqlState.InvalidParameterValue);
    expect(sqlStateOf(() => c.createIndex({ a: 'text' } as never))).toBe(SqlState.FeatureNotSupported);
    expect(sqlStateOf(() => db.execute('select doc from "people"'))).toBe(SqlState.UndefinedTable);
  });
});

describe('transactions', () => {
  test('inside the caller’s transaction: the work is part of it, and ROLLBACK undoes it', () => {
    const c = db.collection('people');
    db.execute('begin transaction');
    c.insertMany(PEOPLE);
    c.insertOne({ _id: 'p9', city: 'Paris' });
    expect(c.countDocuments({ city: 'Paris' })).toBe(3);
    expect(c.updateMany({ city: 'Paris' }, { $set: { seen: true } }).modifiedCount).toBe(3);
    expect(db.inTransaction).toBe(true);
    db.execute('rollback');
    expect(c.countDocuments()).toBe(0);
    expect(sqlStateOf(() => db.execute('select doc from "people"'))).toBe(SqlState.UndefinedTable);
  });

  test('COMMIT keeps it; a read of a new collection inside a transaction works', () => {
    const c = db.collection('people');
    db.execute('begin transaction');
    expect(db.collection('other').find()).toEqual([]);
    c.insertMany(PEOPLE);
    expect(db.inTransaction).toBe(true);
    db.execute('commit');
    expect(c.countDocuments()).toBe(4);
  });

  test('an engine error inside the caller’s transaction ends it, as any SQL error does', () => {
    const c = people();
    db.execute('begin transaction');
    c.insertOne({ _id: 'p8' });
    expect(sqlStateOf(() => c.insertMany([{ _id: 'p7' }, { _id: 'p1' }]))).toBe(SqlState.UniqueViolation);
    expect(db.inTransaction).toBe(false);
    expect(c.countDocuments()).toBe(4);
  });

  test('another connection sees committed collection writes only', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pyrrho-coll-'));
    const a = Database.open(path.join(dir, 'shared'));
    const b = Database.open(path.join(dir, 'shared'));
    try {
      a.execute('begin transaction');
      a.collection('people').insertOne({ _id: 1 });
      expect(b.collection('people').countDocuments()).toBe(0);
      a.execute('commit');
      expect(b.collection('people').find()).toEqual([{ _id: 1 }]);
    } finally {
      a.close();
      b.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the collection is an SQL table', () => {
  test('SQL sees collection writes and the collection sees SQL writes; names keep their case and quotes', () => {
    const c = db.collection('My "Coll"');
    c.insertOne({ _id: 1, n: 'one' });
    expect(db.execute('select doc."n" from "My ""Coll"""').rows).toEqual([['one']]);
    db.execute(`insert into "My ""Coll""" values ({'_id': 2, 'n': 'two'})`);
    expect(c.find({}, { sort: { _id: -1 }, projection: { n: 1, _id: 0 } })).toEqual([{ n: 'two' }, { n: 'one' }]);
    expect(db.collection('my "coll"').countDocuments()).toBe(0);
  });

  test('a bad collection name is 22023; a closed database is 08003', () => {
    expect(sqlStateOf(() => db.collection(''))).toBe(SqlState.InvalidParameterValue);
    expect(sqlStateOf(() => db.collection(5 as never))).toBe(SqlState.InvalidParameterValue);
    expect(sqlStateOf(() => db.collection('a\0b'))).toBe(SqlState.InvalidParameterValue);
    const c = db.collection('people');
    db.close();
    expect(sqlStateOf(() => c.find())).toBe(SqlState.ConnectionDoesNotExist);
    expect(sqlStateOf(() => c.insertOne({}))).toBe(SqlState.ConnectionDoesNotExist);
    expect(sqlStateOf(() => db.collection('people'))).toBe(SqlState.ConnectionDoesNotExist);
  });
});

test('a collection in a file survives close and reopen, with its index', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pyrrho-coll-'));
  const file = path.join(dir, 'shop');
  try {
    let d = Database.open(file);
    const c = d.collection('people');
    c.insertMany(PEOPLE);
    c.createIndex({ 'address.zip': 1 });
    c.updateOne({ _id: 'p2' }, { $inc: { age: 5 }, $set: { 'address.zip': '69002' } });
    c.deleteOne({ _id: 'p4' });
    const before = c.find();
    d.close();
    d = Database.open(file);
    const again = d.collection('people');
    expect(again.find()).toEqual(before);
    expect(again.findOne({ 'address.zip': '69002' })).toMatchObject({ _id: 'p2', age: 30 });
    expect(again.createIndex({ 'address.zip': 1 })).toBe('people_address.zip_1');
    const plan = d.execute(`EXPLAIN select doc from "people" where doc."address"."zip" = '75001'`).rows.map((r) => r[0]).join('\n');
    expect(plan).toContain('people_address.zip_1');
    d.close();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
