/** src/level3-objects/key-order.test.ts — `Table.keyOrdered` (table.ts invariant 5) as inserts, updates, deletes,
 *  key changes and replay leave it, and `keyOrderOf`, the rows in primary-key order. */
import { CHAR, INTEGER } from '../common/values/sql-type';
import type { Row } from '../common/values/value';
import { MemoryStore } from '../level1-datafile/memory-store';
import { IndexKind } from '../level2-physical/physical';
import { DatabaseFile } from './database-file';
import { keyOrderOf } from './key-order';
import type { Table } from './table';
import * as publish from './publish';

const int = (name: string) => ({ name, type: INTEGER, notNull: true, defaultSql: null });

/** A file with table T (K INTEGER primary key unless `noKey`, V CHAR) and the rows given, in one commit. */
function tableWith(keys: number[], noKey = false): { db: DatabaseFile; store: MemoryStore; t: number } {
  const store = new MemoryStore();
  const db = DatabaseFile.open(store);
  const tx = db.begin();
  const t = tx.createTable('T');
  const k = tx.addColumn(t, int('K'));
  tx.addColumn(t, { name: 'V', type: CHAR, notNull: false, defaultSql: null });
  if (!noKey) tx.createIndex(t, { name: 'T_PK', kind: IndexKind.PrimaryKey, columns: [k] });
  for (const key of keys) tx.insert(t, [key, `v${key}`]);
  tx.commit();
  // the table's defpos is its log position now (the transaction's was temporary)
  return { db, store, t: db.state.tableByName('T')!.defpos };
}

function table(db: DatabaseFile, t: number): Table {
  return db.state.table(t)!;
}

/** The keys of the rows in the order a key-order scan gives them. */
function scanKeys(t: Table): unknown[] {
  if (t.keyOrdered) return [...t.rows.values()].map((r: Row) => r[0]);
  const { order, rows } = keyOrderOf(t);
  return [...order].map((i) => rows[i]![0]);
}

describe('keyOrdered', () => {
  test('ascending inserts keep it; an insert below the greatest key clears it', () => {
    const { db, t } = tableWith([1, 2, 5]);
    expect(table(db, t).keyOrdered).toBe(true);
    let tx = db.begin();
    tx.insert(t, [9, 'v9']);
    tx.commit();
    expect(table(db, t).keyOrdered).toBe(true);
    tx = db.begin();
    tx.insert(t, [3, 'v3']);
    expect(tx.state.table(t)!.keyOrdered).toBe(false);
    tx.commit();
    expect(table(db, t).keyOrdered).toBe(false);
    expect(scanKeys(table(db, t))).toEqual([1, 2, 3, 5, 9]);
  });

  test('deletes and updates of other columns keep it; an update of the key clears it', () => {
    const { db, t } = tableWith([1, 2, 3]);
    const rowids = [...table(db, t).rows.keys()];
    let tx = db.begin();
    tx.delete(t, rowids[1]!);
    tx.update(t, rowids[0]!, [[1, 'changed']]);
    tx.commit();
    expect(table(db, t).keyOrdered).toBe(true);
    tx = db.begin();
    tx.update(t, rowids[0]!, [[0, 10]]);
    tx.commit();
    expect(table(db, t).keyOrdered).toBe(false);
    expect(scanKeys(table(db, t))).toEqual([3, 10]);
  });

  test('adding a primary key computes it; dropping the key sets it', () => {
    const unordered = tableWith([3, 1, 2], true);
    let tx = unordered.db.begin();
    const k = table(unordered.db, unordered.t).columns[0]!.defpos;
    const pk = tx.createIndex(unordered.t, { name: 'T_PK', kind: IndexKind.PrimaryKey, columns: [k] });
    tx.commit();
    expect(table(unordered.db, unordered.t).keyOrdered).toBe(false);
    expect(scanKeys(table(unordered.db, unordered.t))).toEqual([1, 2, 3]);
    tx = unordered.db.begin();
    tx.drop(table(unordered.db, unordered.t).primaryKey!.defpos);
    tx.commit();
    expect(pk).toBeGreaterThan(0);
    expect(table(unordered.db, unordered.t).keyOrdered).toBe(true);

    const ordered = tableWith([1, 2, 3], true);
    tx = ordered.db.begin();
    tx.createIndex(ordered.t, { name: 'T_PK', kind: IndexKind.PrimaryKey, columns: [table(ordered.db, ordered.t).columns[0]!.defpos] });
    tx.commit();
    expect(table(ordered.db, ordered.t).keyOrdered).toBe(true);
  });

  test('replay, and a published commit, give the same flag as installing', () => {
    const { db, store, t } = tableWith([5, 4]);
    const again = DatabaseFile.open(new MemoryStore(store.name, { initial: store.snapshot() }));
    expect(table(again, t).keyOrdered).toBe(false);
    const spy = jest.spyOn(publish, 'publishedState');
    const tx = db.begin();
    for (let i = 100; i > 0; i--) tx.insert(t, [i * 10, `x${i}`]);
    tx.commit();
    expect(spy).toHaveBeenCalledTimes(1);
    spy.mockRestore();
    expect(table(db, t).keyOrdered).toBe(false);
    const keys = scanKeys(table(db, t));
    expect(keys.slice(0, 4)).toEqual([4, 5, 10, 20]);
    expect(keys).toHaveLength(102);
    const replayed = DatabaseFile.open(new MemoryStore(store.name, { initial: store.snapshot() }));
    expect(table(replayed, t).keyOrdered).toBe(false);
    expect(scanKeys(table(replayed, t))).toEqual(keys);
  });
});

describe('keyOrderOf', () => {
  test('gives every row once, in key order, with its defpos; cached per tree version', () => {
    const { db, t } = tableWith([30, 10, 20, 40, 0]);
    const tb = table(db, t);
    const ko = keyOrderOf(tb);
    expect([...ko.order].map((i) => ko.rows[i]![1])).toEqual(['v0', 'v10', 'v20', 'v30', 'v40']);
    for (const i of ko.order) expect(tb.rows.get(ko.rowids[i]!)).toBe(ko.rows[i]);
    expect(keyOrderOf(tb).order).toBe(ko.order);
    // an update of another column makes a new row tree but keeps the key tree, and so the order
    const tx = db.begin();
    tx.update(t, ko.rowids[0]!, [[1, 'new']]);
    tx.commit();
    const after = keyOrderOf(table(db, t));
    expect(after.order).toBe(ko.order);
    expect(after.rows).not.toBe(ko.rows);
  });
});
