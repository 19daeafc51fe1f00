/** src/level3-objects/path-index.test.ts — indexes and keys on document paths (key-part.ts) and updates that
 *  carry a DocDelta: the checks a transaction makes before recording, the index trees, the records written,
 *  replay after reopening, and the conflict rules over path keys. */
import { SqlError, SqlState, TransactionConflict } from '../common/errors';
import { DocDelta } from '../common/values/document/doc-delta';
import { CHAR, DOCUMENT, INTEGER, NUMERIC, REAL, TIME } from '../common/values/sql-type';
import { ExactDecimal as Decimal, type Value } from '../common/values/value';
import { MemoryStore } from '../level1-datafile/memory-store';
import { IndexKind, type KeyPath, type PIndexPaths, type Update } from '../level2-physical/physical';
import { RecordType } from '../level2-physical/record-type';
import { decodeTransaction } from '../level2-physical/transaction-codec';
import { LogFile } from '../level1-datafile/log-file';
import { DatabaseFile } from './database-file';
import type { DatabaseState } from './database-state';
import { rowKey } from './table-index';
import type { Transaction } from './transaction';

const step = (name: string, exact = false) => ({ name, exact });
const path = (dotted: string, type: KeyPath['type'] = null): KeyPath => ({ steps: dotted === '' ? [] : dotted.split('.').map((n) => step(n)), type });

function errorOf(fn: () => unknown): SqlError {
  try {
    fn();
  } catch (e) {
    if (e instanceof SqlError) return e;
    throw e;
  }
  throw new Error('expected an SqlError');
}

/** T(G INTEGER, DOC DOCUMENT) in a fresh file; returns the open transaction that created it. */
function setup(): { store: MemoryStore; db: DatabaseFile; tx: Transaction; t: number; g: number; doc: number } {
  const store = new MemoryStore();
  const db = DatabaseFile.open(store);
  const tx = db.begin();
  const t = tx.createTable('T');
  const g = tx.addColumn(t, { name: 'G', type: INTEGER, notNull: false, defaultSql: null });
  const doc = tx.addColumn(t, { name: 'DOC', type: DOCUMENT, notNull: false, defaultSql: null });
  return { store, db, tx, t, g, doc };
}

function reopen(store: MemoryStore): DatabaseFile {
  return DatabaseFile.open(new MemoryStore(store.name, { initial: store.snapshot() }));
}

function treeOf(s: DatabaseState, name: string): [unknown, number][] {
  return [...s.index(s.indexByName(name)!.defpos)!.tree.entries()];
}

/** Every record of the log, decoded. */
function logRecords(store: MemoryStore) {
  const log = LogFile.open(new MemoryStore(store.name, { initial: store.snapshot() }), { readOnly: true });
  const out = [];
  for (const f of log.frames()) out.push(...decodeTransaction(f.payload, f.payloadPosition).records);
  log.close();
  return out;
}

describe('index on a document path', () => {
  test('keys are the values found at the path; a NULL document is a NULL key', () => {
    const { tx, t, doc } = setup();
    tx.createIndex(t, { name: 'ZIP', kind: IndexKind.NonUnique, columns: [doc], paths: [path('address.zip')] });
    const r1 = tx.insert(t, [1, { name: 'a', address: { zip: '75001' } }]);
    const r2 = tx.insert(t, [2, { address: { zip: '10115', street: 'x' } }]);
    const r3 = tx.insert(t, [3, null]);
    const s = tx.state;
    expect(treeOf(s, 'ZIP')).toEqual([
      [[null, r3], r3],
      [['10115', r2], r2],
      [['75001', r1], r1],
    ]);
    const ix = s.index(s.indexByName('ZIP')!.defpos)!;
    expect(ix.parts).toEqual([{ column: doc, slot: 1, path: [step('address'), step('zip')], type: null }]);
    expect(ix.columns).toEqual([doc]);
    expect(rowKey(ix, [0, { address: { zip: 'z' } }])).toEqual(['z']);
  });

  test('an index of plain columns keeps parts null and is written as a PIndex', () => {
    const { tx, t, g, doc, store } = setup();
    tx.createIndex(t, { name: 'G', kind: IndexKind.Unique, columns: [g], paths: [null] });
    tx.createIndex(t, { name: 'D', kind: IndexKind.NonUnique, columns: [g, doc], paths: [null, path('a')] });
    expect(tx.state.index(tx.state.indexByName('G')!.defpos)!.parts).toBeNull();
    tx.commit();
    const kinds = logRecords(store).filter((r) => r.type === RecordType.PIndex || r.type === RecordType.PIndexPaths);
    expect(kinds.map((r) => [r.type, (r as { name: string }).name])).toEqual([
      [RecordType.PIndex, 'G'],
      [RecordType.PIndexPaths, 'D'],
    ]);
    expect((kinds[1] as PIndexPaths).paths).toEqual([null, path('a')]);
  });

  test('a missing path is 22D05 and an array 22D06, naming the path and the index; nothing is recorded', () => {
    const { tx, t, doc } = setup();
    tx.createIndex(t, { name: 'ZIP', kind: IndexKind.NonUnique, columns: [doc], paths: [path('address.zip')] });
    const before = tx.pending.length;
    const missing = errorOf(() => tx.insert(t, [1, { address: { street: 'x' } }]));
    expect(missing.sqlState).toBe(SqlState.MissingIndexedPath);
    expect(missing.message).toBe('document path DOC.address.zip used by index ZIP is missing');
    expect(errorOf(() => tx.insert(t, [1, { address: 'flat' }])).sqlState).toBe(SqlState.MissingIndexedPath);
    const array = errorOf(() => tx.insert(t, [1, { address: { zip: ['a', 'b'] } }]));
    expect(array.sqlState).toBe(SqlState.IndexedPathType);
    expect(array.message).toBe('document path DOC.address.zip used by index ZIP must be a scalar or a document: array');
    expect(tx.pending.length).toBe(before);
    // a document at the path is a key like any other
    tx.insert(t, [1, { address: { zip: { code: 1 } } }]);
    expect(tx.pending.length).toBe(before + 1);
  });

  test('steps match as written, else ignoring case unless exact', () => {
    const { tx, t, doc } = setup();
    tx.createIndex(t, { name: 'LOOSE', kind: IndexKind.NonUnique, columns: [doc], paths: [{ steps: [step('zip')], type: null }] });
    tx.insert(t, [1, { Zip: 'a' }]);
    tx.createIndex(t, { name: 'EXACT', kind: IndexKind.NonUnique, columns: [doc], paths: [{ steps: [step('Zip', true)], type: null }] });
    const e = errorOf(() => tx.insert(t, [2, { zip: 'b' }]));
    expect(e.message).toBe('document path DOC."Zip" used by index EXACT is missing');
    expect(treeOf(tx.state, 'LOOSE').map((e) => (e[0] as Value[])[0])).toEqual(['a']);
  });

  test('a typed part converts to its type and refuses other type classes', () => {
    const { tx, t, doc } = setup();
    tx.createIndex(t, { name: 'AGE', kind: IndexKind.NonUnique, columns: [doc], paths: [path('age', INTEGER)] });
    tx.insert(t, [1, { age: 30 }]);
    tx.insert(t, [2, { age: new Decimal('31') }]);
    tx.insert(t, [3, { age: 2n ** 70n }]);
    tx.insert(t, [4, { age: 5n }]);
    const keys = treeOf(tx.state, 'AGE').map((e) => (e[0] as Value[])[0]);
    expect(keys).toEqual([5, 30, 31, 2n ** 70n]);
    for (const [bad, type] of [
      ['30', 'string'],
      [2.5, 'double'],
      [new Decimal('2.5'), 'decimal'],
      [true, 'bool'],
      [{ y: 1 }, 'object'],
    ] as const) {
      const e = errorOf(() => tx.insert(t, [9, { age: bad }]));
      expect(e.sqlState).toBe(SqlState.IndexedPathType);
      expect(e.message).toBe(`document path DOC.age used by index AGE must be INTEGER: ${type}`);
    }
    // a JSON null at an indexed path is as good as missing (indexed fields are non-null, as in Pyrrho)
    expect(errorOf(() => tx.insert(t, [6, { age: null }])).sqlState).toBe(SqlState.MissingIndexedPath);
  });

  test('NUMERIC, REAL and CHAR parts', () => {
    const { tx, t, doc } = setup();
    tx.createIndex(t, { name: 'N', kind: IndexKind.NonUnique, columns: [doc], paths: [path('n', NUMERIC)] });
    tx.createIndex(t, { name: 'R', kind: IndexKind.NonUnique, columns: [doc], paths: [path('r', REAL)] });
    tx.createIndex(t, { name: 'C', kind: IndexKind.NonUnique, columns: [doc], paths: [path('c', CHAR)] });
    tx.insert(t, [1, { n: 3, r: new Decimal('2.5'), c: 'x' }]);
    const s = tx.state;
    const n = (treeOf(s, 'N')[0]![0] as Value[])[0];
    expect(n).toBeInstanceOf(Decimal);
    expect(String(n)).toBe('3');
    expect((treeOf(s, 'R')[0]![0] as Value[])[0]).toBe(2.5);
    expect(errorOf(() => tx.insert(t, [2, { n: 'x', r: 1, c: 'y' }])).message).toMatch(/DOC.n used by index N must be NUMERIC: string/);
    expect(errorOf(() => tx.insert(t, [2, { n: 1, r: 1, c: 5 }])).message).toMatch(/DOC.c used by index C must be VARCHAR: int/);
  });

  test('a unique path index: 23505 naming the index, on insert and on update', () => {
    const { tx, t, doc } = setup();
    tx.createIndex(t, { name: 'ZIP_U', kind: IndexKind.Unique, columns: [doc], paths: [path('zip')] });
    const r1 = tx.insert(t, [1, { zip: 'a', n: 1 }]);
    tx.insert(t, [2, { zip: 'b' }]);
    tx.insert(t, [3, null]);
    tx.insert(t, [4, null]); // NULL documents have NULL keys, which never collide
    expect(errorOf(() => tx.insert(t, [6, { zip: null }])).sqlState).toBe(SqlState.MissingIndexedPath);
    const dup = errorOf(() => tx.insert(t, [5, { zip: 'a' }]));
    expect(dup.sqlState).toBe(SqlState.UniqueViolation);
    expect(dup.message).toMatch(/ZIP_U/);
    expect(dup.detail).toBe('Key (DOC.zip)=(a) already exists.');
    expect(errorOf(() => tx.update(t, r1, [[1, { zip: 'b' }]])).sqlState).toBe(SqlState.UniqueViolation);
    // the same key with another document is fine; a single-part unique key is stored as the value itself
    expect(tx.update(t, r1, [[1, { zip: 'a', n: 2 }]])).toBe(true);
    expect(tx.update(t, r1, [[1, { zip: 'c' }]])).toBe(true);
    expect(treeOf(tx.state, 'ZIP_U').filter((e) => !Array.isArray(e[0])).map((e) => e[0])).toEqual(['b', 'c']);
    expect(tx.state.index(tx.state.indexByName('ZIP_U')!.defpos)!.tree.get(['c'])).toBe(r1);
  });

  test('primary key (g, h.i as int): NULL parts are 23502, keys unique', () => {
    const { tx, t, g, doc } = setup();
    tx.createIndex(t, { name: 'T_PK', kind: IndexKind.PrimaryKey, columns: [g, doc], paths: [null, path('i', INTEGER)] });
    tx.insert(t, [1, { i: 1 }]);
    tx.insert(t, [1, { i: 2 }]);
    expect(errorOf(() => tx.insert(t, [1, { i: 1.0, x: 'y' }])).sqlState).toBe(SqlState.UniqueViolation);
    const jsonNull = errorOf(() => tx.insert(t, [2, { i: null }]));
    expect(jsonNull.sqlState).toBe(SqlState.MissingIndexedPath);
    expect(errorOf(() => tx.insert(t, [2, null])).sqlState).toBe(SqlState.NotNullViolation);
    expect(errorOf(() => tx.insert(t, [null, { i: 3 }])).sqlState).toBe(SqlState.NotNullViolation);
    expect(errorOf(() => tx.insert(t, [2, { j: 3 }])).sqlState).toBe(SqlState.MissingIndexedPath);
    expect(treeOf(tx.state, 'T_PK').map((e) => e[0])).toEqual([
      [1, 1],
      [1, 2],
    ]);
  });

  test('CREATE INDEX checks the existing rows and adds nothing when one fails', () => {
    const { tx, t, doc } = setup();
    tx.insert(t, [4, null]);
    tx.insert(t, [1, { a: 1 }]);
    tx.insert(t, [2, { a: 2 }]);
    tx.insert(t, [3, { a: 2, b: 'x' }]);
    const n = tx.pending.length;
    expect(errorOf(() => tx.createIndex(t, { name: 'B', kind: IndexKind.NonUnique, columns: [doc], paths: [path('b')] })).sqlState).toBe(
      SqlState.MissingIndexedPath,
    );
    expect(errorOf(() => tx.createIndex(t, { name: 'A_S', kind: IndexKind.NonUnique, columns: [doc], paths: [path('a', CHAR)] })).message).toBe(
      'document path DOC.a used by index A_S must be VARCHAR: int',
    );
    const dup = errorOf(() => tx.createIndex(t, { name: 'A_U', kind: IndexKind.Unique, columns: [doc], paths: [path('a')] }));
    expect(dup.sqlState).toBe(SqlState.UniqueViolation);
    expect(errorOf(() => tx.createIndex(t, { name: 'A_PK', kind: IndexKind.PrimaryKey, columns: [doc], paths: [path('a')] })).sqlState).toBe(
      SqlState.NotNullViolation,
    );
    expect(tx.pending.length).toBe(n);
    expect(tx.state.indexByName('A_U')).toBeUndefined();
    tx.createIndex(t, { name: 'A', kind: IndexKind.NonUnique, columns: [doc], paths: [path('a')] });
    expect(treeOf(tx.state, 'A').map((e) => (e[0] as Value[])[0])).toEqual([null, 1, 2, 2]);
  });

  test('definitions refused: a path into a non-document column, an unsupported type, duplicate parts, foreign keys', () => {
    const { tx, t, g, doc } = setup();
    expect(errorOf(() => tx.createIndex(t, { name: 'X', kind: IndexKind.NonUnique, columns: [g], paths: [path('a')] })).sqlState).toBe(
      SqlState.DatatypeMismatch,
    );
    expect(errorOf(() => tx.createIndex(t, { name: 'X', kind: IndexKind.NonUnique, columns: [doc], paths: [path('a', TIME)] })).sqlState).toBe(
      SqlState.FeatureNotSupported,
    );
    const twice = errorOf(() => tx.createIndex(t, { name: 'X', kind: IndexKind.NonUnique, columns: [doc, doc], paths: [path('a'), path('a')] }));
    expect(twice.sqlState).toBe(SqlState.DuplicateColumn);
    expect(twice.message).toMatch(/DOC\.a/);
    expect(errorOf(() => tx.createIndex(t, { name: 'X', kind: IndexKind.NonUnique, columns: [doc], paths: [] })).sqlState).toBe(
      SqlState.InvalidTableDefinition,
    );
    // one column, two paths: fine
    tx.createIndex(t, { name: 'AB', kind: IndexKind.Unique, columns: [doc, doc], paths: [path('a'), path('b')] });
    const u = tx.state.indexByName('AB')!.defpos;
    expect(errorOf(() => tx.createIndex(t, { name: 'FK', kind: IndexKind.ForeignKey, columns: [doc, g], paths: [path('x'), null], refIndex: u })).sqlState).toBe(
      SqlState.FeatureNotSupported,
    );
    const o = tx.createTable('O');
    const x = tx.addColumn(o, { name: 'X', type: INTEGER, notNull: false, defaultSql: null });
    const y = tx.addColumn(o, { name: 'Y', type: INTEGER, notNull: false, defaultSql: null });
    expect(errorOf(() => tx.createIndex(o, { name: 'FK', kind: IndexKind.ForeignKey, columns: [x, y], refIndex: u })).sqlState).toBe(
      SqlState.InvalidForeignKey,
    );
  });

  test('update and delete move and remove path keys; dropping the column drops the index', () => {
    const { tx, t, doc } = setup();
    tx.createIndex(t, { name: 'A', kind: IndexKind.NonUnique, columns: [doc], paths: [path('a')] });
    const r1 = tx.insert(t, [1, { a: 1 }]);
    const r2 = tx.insert(t, [2, { a: 2 }]);
    tx.update(t, r1, [[1, { a: 3 }]]);
    tx.update(t, r2, [[0, 20]]);
    expect(treeOf(tx.state, 'A')).toEqual([
      [[2, r2], r2],
      [[3, r1], r1],
    ]);
    expect(errorOf(() => tx.update(t, r2, [[1, { b: 1 }]])).sqlState).toBe(SqlState.MissingIndexedPath);
    tx.delete(t, r1);
    expect(treeOf(tx.state, 'A')).toEqual([[[2, r2], r2]]);
    tx.drop(doc);
    expect(tx.state.indexByName('A')).toBeUndefined();
  });
});

describe('replay and concurrency', () => {
  test('path indexes and their trees replay to the same state', () => {
    const { store, db, tx, t, g, doc } = setup();
    tx.createIndex(t, { name: 'T_PK', kind: IndexKind.PrimaryKey, columns: [g, doc], paths: [null, path('h.i', INTEGER)] });
    // steps as a caller may hold them (with more properties): the index keeps only name and exact
    const steps = [{ ...step('address'), text: 'address' }, { ...step('Zip', true), quoted: true }];
    tx.createIndex(t, { name: 'ZIP', kind: IndexKind.NonUnique, columns: [doc], paths: [{ steps, type: null }] });
    expect(tx.state.index(tx.state.indexByName('ZIP')!.defpos)!.parts![0]!.path).toEqual([step('address'), step('Zip', true)]);
    for (let i = 0; i < 5; i++) tx.insert(t, [i % 2, { h: { i: new Decimal(i) }, address: { Zip: `z${4 - i}` } }]);
    tx.commit();
    const again = reopen(store).state;
    const s = db.state;
    for (const name of ['T_PK', 'ZIP']) {
      const a = again.index(again.indexByName(name)!.defpos)!;
      const b = s.index(s.indexByName(name)!.defpos)!;
      expect({ ...a, tree: [...a.tree.entries()] }).toEqual({ ...b, tree: [...b.tree.entries()] });
    }
    expect(treeOf(again, 'T_PK').map((e) => e[0])).toEqual([
      [0, 0],
      [0, 2],
      [0, 4],
      [1, 1],
      [1, 3],
    ]);
    expect([...again.tableByName('T')!.rows.values()]).toEqual([...s.tableByName('T')!.rows.values()]);
  });

  test('a key read through a path index conflicts with a concurrent insert of that key', () => {
    const { db, tx, t, doc } = setup();
    const ix = tx.createIndex(t, { name: 'ZIP', kind: IndexKind.Unique, columns: [doc], paths: [path('zip')] });
    tx.commit();
    const table = db.state.tableByName('T')!.defpos;
    const index = db.state.indexByName('ZIP')!.defpos;
    expect(index).toBeLessThan(ix);
    const reader = db.begin();
    reader.readKey(index, ['75001']);
    reader.insert(table, [1, { zip: 'other' }]);
    const writer = db.begin();
    writer.insert(table, [2, { zip: '75001', more: true }]);
    writer.commit();
    expect(() => reader.commit()).toThrow(TransactionConflict);
    // a different key does not conflict
    const r2 = db.begin();
    r2.readKey(index, ['10115']);
    r2.insert(table, [3, { zip: 'third' }]);
    const w2 = db.begin();
    w2.insert(table, [4, { zip: '99999' }]);
    w2.commit();
    r2.commit();
    expect(db.state.table(table)!.rows.size).toBe(3);
  });
});

describe('updates with a DocDelta', () => {
  test('the row holds the applied document, the record the template; replay applies it again', () => {
    const { store, db, tx, t, doc } = setup();
    tx.createIndex(t, { name: 'N', kind: IndexKind.Unique, columns: [doc], paths: [path('n', INTEGER)] });
    tx.insert(t, [1, { _id: 'a', n: 1, tags: ['x'] }]);
    tx.commit();
    const table = db.state.tableByName('T')!.defpos;
    const rowid = [...db.state.table(table)!.rows.keys()][0]!;
    const tx2 = db.begin();
    const delta = new DocDelta({ $inc: { n: 5 }, $push: { tags: 'y' } });
    expect(tx2.update(table, rowid, [[1, delta]])).toBe(true);
    const expected = { _id: 'a', n: 6, tags: ['x', 'y'] };
    expect(tx2.state.table(table)!.rows.get(rowid)![1]).toEqual(expected);
    const pending = tx2.pending.find((r) => r.type === RecordType.Update) as Update;
    expect(pending.values[0]).toBe(delta);
    expect(treeOf(tx2.state, 'N').map((e) => e[0])).toEqual([6]);
    tx2.commit();
    expect(db.state.table(table)!.rows.get(rowid)![1]).toEqual(expected);
    expect(treeOf(db.state, 'N').map((e) => e[0])).toEqual([6]);

    // the log holds the template, not the document
    const logged = logRecords(store).filter((r) => r.type === RecordType.Update) as Update[];
    expect(logged).toHaveLength(1);
    const value = logged[0]!.values[0];
    expect(value).toBeInstanceOf(DocDelta);
    expect((value as DocDelta).template).toEqual({ $inc: { n: 5 }, $push: { tags: 'y' } });

    const again = reopen(store).state;
    expect(again.tableByName('T')!.rows.get(rowid)![1]).toEqual(expected);
    expect(treeOf(again, 'N').map((e) => e[0])).toEqual([6]);
  });

  test('checks see the applied document: a delta that breaks a key changes nothing', () => {
    const { db, tx, t, doc } = setup();
    tx.createIndex(t, { name: 'N', kind: IndexKind.Unique, columns: [doc], paths: [path('n', INTEGER)] });
    const r1 = tx.insert(t, [1, { n: 1 }]);
    tx.insert(t, [2, { n: 2 }]);
    const n = tx.pending.length;
    expect(errorOf(() => tx.update(t, r1, [[1, new DocDelta({ $inc: { n: 1 } })]])).sqlState).toBe(SqlState.UniqueViolation);
    expect(errorOf(() => tx.update(t, r1, [[1, new DocDelta({ $unset: { n: '' } })]])).sqlState).toBe(SqlState.MissingIndexedPath);
    expect(errorOf(() => tx.update(t, r1, [[1, new DocDelta({ $set: { n: 'x' } })]])).sqlState).toBe(SqlState.IndexedPathType);
    expect(tx.pending.length).toBe(n);
    tx.update(t, r1, [[1, new DocDelta({ $inc: { n: 10 } })]]);
    expect(tx.state.table(t)!.rows.get(r1)![1]).toEqual({ n: 11 });
    tx.commit();
    expect([...db.state.tableByName('T')!.rows.values()].map((r) => r[1])).toEqual([{ n: 11 }, { n: 2 }]);
  });

  test('a delta applied to a NULL column applies to an empty document', () => {
    const { store, db, tx, t } = setup();
    const r = tx.insert(t, [1, null]);
    tx.update(t, r, [[1, new DocDelta({ $set: { a: 1 } })]]);
    tx.commit();
    const rowid = [...db.state.tableByName('T')!.rows.keys()][0]!;
    expect(db.state.tableByName('T')!.rows.get(rowid)![1]).toEqual({ a: 1 });
    expect(reopen(store).state.tableByName('T')!.rows.get(rowid)![1]).toEqual({ a: 1 });
  });
});
