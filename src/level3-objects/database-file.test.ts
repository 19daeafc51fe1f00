/** src/level3-objects/database-file.test.ts — commit and concurrency (Pyrrho's Test 10 as two transactions on
 *  one DatabaseFile), snapshot isolation, failed appends, and the commit-log memory. Replay is in
 *  database-file-replay.test.ts. */
import { SqlError, SqlState, TransactionConflict } from '../common/errors';
import { INTEGER } from '../common/values/sql-type';
import { FaultyStore } from '../level1-datafile/faulty-store';
import { MemoryStore } from '../level1-datafile/memory-store';
import { IndexKind, RefAction } from '../level2-physical/physical';
import { DatabaseFile } from './database-file';
import type { Transaction } from './transaction';

interface Shop {
  db: DatabaseFile;
  store: FaultyStore;
  /** T(A primary key, B) with rows A = 0..99, B = A * 10 */
  t: number;
  pk: number;
  /** C(ID primary key, A references T(A)) */
  c: number;
}

function open(): Shop {
  const store = new FaultyStore(new MemoryStore());
  const db = DatabaseFile.open(store);
  const tx = db.begin();
  const t = tx.createTable('T');
  const a = tx.addColumn(t, { name: 'A', type: INTEGER, notNull: true, defaultSql: null });
  tx.addColumn(t, { name: 'B', type: INTEGER, notNull: false, defaultSql: null });
  const pk = tx.createIndex(t, { name: 'T_PK', kind: IndexKind.PrimaryKey, columns: [a] });
  const c = tx.createTable('C');
  const cid = tx.addColumn(c, { name: 'ID', type: INTEGER, notNull: true, defaultSql: null });
  const ca = tx.addColumn(c, { name: 'A', type: INTEGER, notNull: false, defaultSql: null });
  tx.createIndex(c, { name: 'C_PK', kind: IndexKind.PrimaryKey, columns: [cid] });
  tx.createIndex(c, { name: 'C_FK', kind: IndexKind.ForeignKey, columns: [ca], refIndex: pk, onDelete: RefAction.Restrict });
  for (let i = 0; i < 100; i++) tx.insert(t, [i, i * 10]);
  tx.commit();
  const s = db.state;
  return { db, store, t: s.tableByName('T')!.defpos, pk: s.indexByName('T_PK')!.defpos, c: s.tableByName('C')!.defpos };
}

/** Reads the row with key `a` as Level 4 would for `WHERE A = a`: a key lookup, then the row. */
function readA(tx: Transaction, shop: Shop, a: number): number {
  tx.readKey(shop.pk, [a]);
  const rowid = tx.state.index(shop.pk)!.tree.get([a])!;
  tx.readRow(shop.t, rowid);
  return rowid;
}

function conflictOf(fn: () => void): TransactionConflict {
  try {
    fn();
  } catch (e) {
    if (e instanceof TransactionConflict) return e;
    throw e;
  }
  throw new Error('expected a TransactionConflict');
}

function bOf(db: DatabaseFile, shop: Shop, a: number): unknown {
  const s = db.state;
  return s.table(shop.t)!.rows.get(s.index(shop.pk)!.tree.get([a])!)![1];
}

describe('DatabaseFile: commit and Test 10', () => {
  test('read of row 42 vs a concurrent update of row 42 → 40001 at commit, nothing written', () => {
    const shop = open();
    const { db } = shop;
    const tx1 = db.begin();
    readA(tx1, shop, 42);
    const tx2 = db.begin();
    tx2.update(shop.t, readA(tx2, shop, 42), [[1, 4201]]);
    tx2.commit();
    tx1.update(shop.t, readA(tx1, shop, 43), [[1, 4301]]);
    const size = shop.store.size();
    const state = db.state;
    const err = conflictOf(() => tx1.commit());
    expect(err.sqlState).toBe(SqlState.TransactionConflict);
    expect(err.message).toContain('transaction conflict: read/write on table T');
    expect(err.detail).toMatch(/row \d+ of table T, read by this transaction, was updated by a concurrent transaction/);
    expect(shop.store.size()).toBe(size);
    expect(db.state).toBe(state);
    expect(bOf(db, shop, 42)).toBe(4201);
    expect(bOf(db, shop, 43)).toBe(430);
    expect(tx1.isOpen).toBe(false);
  });

  test('read of row 52 vs a concurrent update of row 42 → both commit', () => {
    const shop = open();
    const { db } = shop;
    const tx1 = db.begin();
    const r52 = readA(tx1, shop, 52);
    const tx2 = db.begin();
    tx2.update(shop.t, readA(tx2, shop, 42), [[1, 4201]]);
    tx2.commit();
    tx1.update(shop.t, r52, [[1, 5201]]);
    tx1.commit();
    expect(bOf(db, shop, 42)).toBe(4201);
    expect(bOf(db, shop, 52)).toBe(5201);
  });

  test('both insert the same primary key → the second commit fails', () => {
    const shop = open();
    const tx1 = shop.db.begin();
    const tx2 = shop.db.begin();
    tx1.insert(shop.t, [500, 1]);
    tx2.insert(shop.t, [500, 2]);
    tx1.commit();
    const err = conflictOf(() => tx2.commit());
    expect(err.detail).toContain('T_PK');
    expect(bOf(shop.db, shop, 500)).toBe(1);
  });

  test('delete of a parent vs a concurrent insert of a child referencing it → conflict, either order', () => {
    const shop = open();
    const { db } = shop;
    const tx1 = db.begin();
    tx1.delete(shop.t, readA(tx1, shop, 7));
    const tx2 = db.begin();
    tx2.insert(shop.c, [1, 7]);
    tx2.commit();
    expect(conflictOf(() => tx1.commit()).message).toContain('on table C');

    const tx3 = db.begin();
    tx3.insert(shop.c, [2, 8]);
    const tx4 = db.begin();
    tx4.delete(shop.t, readA(tx4, shop, 8));
    tx4.commit();
    // the committed change that conflicts is the delete of T's row: the message names T and says so
    const err = conflictOf(() => tx3.commit());
    expect(err.message).toBe('transaction conflict: read/write on table T (delete of a row referenced by table C)');
    expect(err.detail).toContain('of table T, referenced through');
    expect(db.state.table(shop.c)!.rows.size).toBe(1);
  });

  test('an update of a child\'s key vs a concurrent delete of the new parent → conflict', () => {
    const shop = open();
    const setup = shop.db.begin();
    const child = setup.insert(shop.c, [1, 1]);
    setup.commit();
    const real = shop.db.state.table(shop.c)!.rows.keys().next().value as number;
    expect(real).toBeLessThan(child);
    const tx1 = shop.db.begin();
    tx1.update(shop.c, real, [[1, 9]]);
    const tx2 = shop.db.begin();
    tx2.delete(shop.t, readA(tx2, shop, 9));
    tx2.commit();
    conflictOf(() => tx1.commit());
  });

  test('a primary-key update vs a concurrent insert of the same key → conflict', () => {
    const shop = open();
    const tx1 = shop.db.begin();
    tx1.update(shop.t, readA(tx1, shop, 3), [[0, 1000]]);
    const tx2 = shop.db.begin();
    tx2.insert(shop.t, [1000, 0]);
    tx2.commit();
    conflictOf(() => tx1.commit());
  });

  test('a range scan conflicts with an insert into the range, not with one outside it', () => {
    const shop = open();
    const { db } = shop;
    const tx1 = db.begin();
    tx1.readRange(shop.pk, [10], [20]);
    tx1.insert(shop.t, [300, 0]);
    const tx2 = db.begin();
    tx2.insert(shop.t, [150, 0]);
    tx2.commit();
    tx1.commit();

    const tx3 = db.begin();
    tx3.readRange(shop.pk, [10], [200]);
    tx3.insert(shop.t, [301, 0]);
    const tx4 = db.begin();
    tx4.insert(shop.t, [151, 0]);
    tx4.commit();
    expect(conflictOf(() => tx3.commit()).detail).toContain('T_PK');
  });

  test('a range scan conflicts with a row moving out of it (old key in range)', () => {
    const shop = open();
    const tx1 = shop.db.begin();
    tx1.readRange(shop.pk, [40], [45]);
    tx1.insert(shop.t, [300, 0]);
    const tx2 = shop.db.begin();
    tx2.update(shop.t, readA(tx2, shop, 44), [[0, 1044]]);
    tx2.commit();
    conflictOf(() => tx1.commit());
  });

  test('a full-table read conflicts with any insert into that table', () => {
    const shop = open();
    const tx1 = shop.db.begin();
    tx1.readTable(shop.t);
    tx1.insert(shop.c, [1, null]);
    const tx2 = shop.db.begin();
    tx2.insert(shop.t, [999, 0]);
    tx2.commit();
    expect(conflictOf(() => tx1.commit()).detail).toContain('was scanned by this transaction');
  });

  test('two updates of one row (write/write) → the second fails', () => {
    const shop = open();
    const rowid = shop.db.state.index(shop.pk)!.tree.get([5])!;
    const tx1 = shop.db.begin();
    const tx2 = shop.db.begin();
    tx1.update(shop.t, rowid, [[1, 1]]);
    tx2.delete(shop.t, rowid);
    tx2.commit();
    expect(conflictOf(() => tx1.commit()).message).toContain('write/write');
  });

  test('DDL conflicts with a transaction that used the table, and two creations of one name conflict', () => {
    const shop = open();
    const tx1 = shop.db.begin();
    readA(tx1, shop, 1);
    tx1.insert(shop.c, [1, 1]);
    const tx2 = shop.db.begin();
    tx2.addColumn(shop.t, { name: 'X', type: INTEGER, notNull: false, defaultSql: null });
    tx2.commit();
    expect(conflictOf(() => tx1.commit()).message).toContain('schema on table T');

    const tx3 = shop.db.begin();
    const tx4 = shop.db.begin();
    tx3.createTable('NEW');
    tx4.createTable('NEW');
    tx3.commit();
    expect(conflictOf(() => tx4.commit()).message).toContain('transaction conflict: name on table');
  });

  test('snapshot isolation: an open transaction does not see later commits; a new one does', () => {
    const shop = open();
    const reader = shop.db.begin();
    const writer = shop.db.begin();
    writer.insert(shop.t, [777, 1]);
    expect(reader.state.index(shop.pk)!.tree.get([777])).toBeUndefined();
    writer.commit();
    expect(reader.state.index(shop.pk)!.tree.get([777])).toBeUndefined();
    expect(reader.state.table(shop.t)!.rows.size).toBe(100);
    reader.commit();
    const again = shop.db.begin();
    expect(again.state.index(shop.pk)!.tree.get([777])).toBeDefined();
    again.rollback();
  });

  test('committed records are relocated to file positions; insert-then-update of one row commits as one row', () => {
    const shop = open();
    const tx = shop.db.begin();
    const temp = tx.insert(shop.t, [600, 1]);
    tx.update(shop.t, temp, [[1, 2]]);
    const before = shop.store.size();
    tx.commit();
    const s = shop.db.state;
    const rowid = s.index(shop.pk)!.tree.get([600])!;
    expect(rowid).toBeGreaterThan(before);
    expect(rowid).toBeLessThan(s.position);
    expect(s.table(shop.t)!.rows.get(rowid)).toEqual([600, 2]);
    expect(s.position).toBe(shop.store.size());
  });

  test('a failed append leaves the state, the log and later commits intact', () => {
    const shop = open();
    const state = shop.db.state;
    const size = shop.store.size();
    const tx = shop.db.begin();
    tx.insert(shop.t, [800, 1]);
    shop.store.failAppend(1);
    let err: unknown = null;
    try {
      tx.commit();
    } catch (e) {
      err = e;
    }
    expect((err as SqlError).sqlState).toBe(SqlState.IoError);
    expect(shop.db.state).toBe(state);
    expect(shop.store.size()).toBe(size);
    const torn = shop.db.begin();
    torn.insert(shop.t, [801, 1]);
    shop.store.tearAppend(1, 10);
    expect(() => torn.commit()).toThrow(SqlError);
    expect(shop.store.size()).toBe(size);
    const ok = shop.db.begin();
    ok.insert(shop.t, [802, 1]);
    ok.commit();
    expect(bOf(shop.db, shop, 802)).toBe(1);
    expect(shop.db.state.index(shop.pk)!.tree.get([800])).toBeUndefined();
  });

  test('one sync per commit; commits are remembered only while an older transaction is open', () => {
    const shop = open();
    const syncs = shop.store.syncs;
    const old = shop.db.begin();
    for (let i = 0; i < 3; i++) {
      const tx = shop.db.begin();
      tx.insert(shop.t, [900 + i, i]);
      tx.commit();
    }
    expect(shop.store.syncs - syncs).toBe(3);
    expect(shop.db.rememberedCommitCount).toBe(3);
    old.rollback();
    expect(shop.db.rememberedCommitCount).toBe(0);
    expect(shop.db.openTransactionCount).toBe(0);
  });

  test('a read-only file refuses to commit writes; a closed file refuses to begin', () => {
    const store = new MemoryStore();
    const w = DatabaseFile.open(store);
    const tx = w.begin();
    tx.createTable('T');
    tx.commit();
    const image = store.snapshot();
    w.close();
    const ro = DatabaseFile.open(new MemoryStore(':memory:', { initial: image }), { readOnly: true });
    expect(ro.state.tableByName('T')).toBeDefined();
    const rtx = ro.begin();
    rtx.createTable('U');
    expect(() => rtx.commit()).toThrow(expect.objectContaining({ sqlState: SqlState.InvalidTransactionState }));
    ro.close();
    expect(() => ro.begin()).toThrow(expect.objectContaining({ sqlState: SqlState.ConnectionFailure }));
  });

  test('a lookup that found nothing conflicts with a concurrent insert of that key (phantom)', () => {
    const shop = open();
    const tx1 = shop.db.begin();
    tx1.readKey(shop.pk, [5000]);
    tx1.insert(shop.c, [1, null]);
    const tx2 = shop.db.begin();
    tx2.insert(shop.t, [5000, 0]);
    tx2.commit();
    expect(conflictOf(() => tx1.commit()).detail).toContain('T_PK');
  });

  test('a bulk insert conflicts only with a concurrent insert of one of its keys', () => {
    const shop = open();
    const tx1 = shop.db.begin();
    for (let i = 1000; i < 2000; i++) tx1.insert(shop.t, [i, i]);
    const tx2 = shop.db.begin();
    tx2.insert(shop.t, [5000, 0]);
    tx2.commit();
    const tx3 = shop.db.begin();
    tx3.insert(shop.t, [1500, 0]);
    tx3.commit();
    expect(conflictOf(() => tx1.commit()).message).toContain('write/write');
    expect(shop.db.state.table(shop.t)!.rows.size).toBe(102);
  });

  test('random interleaved transfers never lose an update, and replay agrees', () => {
    const store = new MemoryStore();
    const db = DatabaseFile.open(store);
    const setup = db.begin();
    const t = setup.createTable('ACCOUNT');
    const id = setup.addColumn(t, { name: 'ID', type: INTEGER, notNull: true, defaultSql: null });
    setup.addColumn(t, { name: 'BALANCE', type: INTEGER, notNull: true, defaultSql: null });
    setup.createIndex(t, { name: 'ACCOUNT_PK', kind: IndexKind.PrimaryKey, columns: [id] });
    for (let i = 0; i < 8; i++) setup.insert(t, [i, 100]);
    setup.commit();
    const table = db.state.tableByName('ACCOUNT')!.defpos;
    const pk = db.state.indexByName('ACCOUNT_PK')!.defpos;
    let seed = 12345;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const balance = (tx: Transaction, a: number): [number, number] => {
      tx.readKey(pk, [a]);
      const rowid = tx.state.index(pk)!.tree.get([a])!;
      tx.readRow(table, rowid);
      return [rowid, tx.state.table(table)!.rows.get(rowid)![1] as number];
    };
    let committed = 0;
    let conflicts = 0;
    const open: Transaction[] = [];
    for (let step = 0; step < 400; step++) {
      if (open.length < 4 && rand(3) !== 0) {
        const tx = db.begin();
        const from = rand(8);
        const to = (from + 1 + rand(7)) % 8;
        const [fr, fb] = balance(tx, from);
        const [tr, tb] = balance(tx, to);
        tx.update(table, fr, [[1, fb - 10]]);
        tx.update(table, tr, [[1, tb + 10]]);
        open.push(tx);
      } else if (open.length > 0) {
        const tx = open.splice(rand(open.length), 1)[0]!;
        try {
          tx.commit();
          committed++;
        } catch (e) {
          expect(e).toBeInstanceOf(TransactionConflict);
          conflicts++;
        }
      }
    }
    for (const tx of open) tx.rollback();
    const total = [...db.state.table(table)!.rows.values()].reduce((sum, r) => sum + (r[1] as number), 0);
    expect(total).toBe(800);
    expect(committed).toBeGreaterThan(20);
    expect(conflicts).toBeGreaterThan(5);
    const again = DatabaseFile.open(new MemoryStore(':memory:', { initial: store.snapshot() }));
    expect([...again.state.table(table)!.rows.entries()]).toEqual([...db.state.table(table)!.rows.entries()]);
    expect(db.rememberedCommitCount).toBe(0);
  });
});
