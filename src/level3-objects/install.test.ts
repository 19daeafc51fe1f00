/** src/level3-objects/install.test.ts — installing records: catalogs, rows by slot, index maintenance, drops. */
import { INTEGER, CHAR } from '../common/values/sql-type';
import { IndexKind, RefAction, type Physical } from '../level2-physical/physical';
import { RecordType } from '../level2-physical/record-type';
import { DatabaseState } from './database-state';
import { applyRecord, install } from './install';
import { StateBuilder } from './state-builder';

const T = 100;
const A = 110;
const B = 120;
const PK = 130;

function schema(): Physical[] {
  return [
    { type: RecordType.PTable, ppos: T, name: 'T' },
    { type: RecordType.PColumn, ppos: A, table: T, name: 'A', seq: 0, dataType: INTEGER, notNull: true, defaultSql: null },
    { type: RecordType.PColumn, ppos: B, table: T, name: 'B', seq: 1, dataType: CHAR, notNull: false, defaultSql: null },
    { type: RecordType.PIndex, ppos: PK, table: T, name: 'T_PK', kind: IndexKind.PrimaryKey, columns: [A], refIndex: -1, onDelete: RefAction.Restrict, onUpdate: RefAction.Restrict },
  ];
}

function installAll(recs: Physical[], state = DatabaseState.empty()): DatabaseState {
  let s = state;
  for (const r of recs) s = install(s, r);
  return s;
}

describe('install', () => {
  test('DDL builds the catalogs and bumps schemaVersion', () => {
    const s0 = DatabaseState.empty();
    const s = installAll(schema());
    expect(s0.table(T)).toBeUndefined();
    const t = s.tableByName('T')!;
    expect(t.defpos).toBe(T);
    expect(t.columns.map((c) => [c.name, c.slot])).toEqual([['A', 0], ['B', 1]]);
    expect(t.primaryKey?.name).toBe('T_PK');
    expect(s.indexByName('T_PK')?.slots).toEqual([0]);
    expect(s.column(B)?.name).toBe('B');
    expect(s.schemaVersion).not.toBe(s0.schemaVersion);
  });

  test('records fill rows by slot and every index; the old state is unchanged', () => {
    const s1 = installAll(schema());
    const s2 = install(s1, { type: RecordType.Record, ppos: 200, table: T, columns: [A, B], values: [42, 'x'] }, 250);
    expect(s2.position).toBe(250);
    expect(s2.table(T)!.rows.get(200)).toEqual([42, 'x']);
    expect(s2.index(PK)!.tree.get([42])).toBe(200);
    expect(s1.table(T)!.rows.size).toBe(0);
    expect(s1.index(PK)!.tree.size).toBe(0);
    expect(s2.schemaVersion).toBe(s1.schemaVersion);
  });

  test('one statement\'s Updates may displace a unique entry until the last of them (invariant 6)', () => {
    const b = new StateBuilder(installAll(schema()));
    applyRecord(b, { type: RecordType.Record, ppos: 200, table: T, columns: [A, B], values: [1, 'x'] });
    applyRecord(b, { type: RecordType.Record, ppos: 201, table: T, columns: [A, B], values: [2, 'y'] });
    // a swap: 1 → 2 displaces row 201, then 2 → 1 settles it
    applyRecord(b, { type: RecordType.Update, ppos: 210, table: T, row: 200, prev: 200, columns: [A], values: [2] });
    applyRecord(b, { type: RecordType.Update, ppos: 211, table: T, row: 201, prev: 201, columns: [A], values: [1] });
    const s = b.snapshot();
    expect(s.index(PK)!.tree.get([1])).toBe(201);
    expect(s.index(PK)!.tree.get([2])).toBe(200);
    expect(s.index(PK)!.tree.size).toBe(2);
    // a clash that no later Update settles is refused when the state is frozen
    applyRecord(b, { type: RecordType.Update, ppos: 212, table: T, row: 200, prev: 210, columns: [A], values: [1] });
    expect(() => b.snapshot()).toThrow(/left displaced/);
  });

  test('updates merge changed fields and move index keys; deletes remove them', () => {
    let s = installAll(schema());
    s = install(s, { type: RecordType.Record, ppos: 200, table: T, columns: [A, B], values: [1, 'x'] });
    s = install(s, { type: RecordType.Update, ppos: 210, table: T, row: 200, prev: 200, columns: [A], values: [2] });
    expect(s.table(T)!.rows.get(200)).toEqual([2, 'x']);
    expect(s.index(PK)!.tree.get([1])).toBeUndefined();
    expect(s.index(PK)!.tree.get([2])).toBe(200);
    expect(s.table(T)!.updates.get(200)).toBe(210);
    s = install(s, { type: RecordType.Delete, ppos: 220, table: T, row: 200 });
    expect(s.table(T)!.rows.size).toBe(0);
    expect(s.index(PK)!.tree.size).toBe(0);
  });

  test('a duplicate key in a unique index is an internal error', () => {
    let s = installAll(schema());
    s = install(s, { type: RecordType.Record, ppos: 200, table: T, columns: [A], values: [1] });
    expect(() => install(s, { type: RecordType.Record, ppos: 210, table: T, columns: [A], values: [1] })).toThrow(/duplicate key/);
  });

  test('an added column reads NULL in old rows; a dropped column disappears but keeps its slot', () => {
    let s = installAll(schema());
    s = install(s, { type: RecordType.Record, ppos: 200, table: T, columns: [A, B], values: [1, 'x'] });
    s = install(s, { type: RecordType.PColumn, ppos: 300, table: T, name: 'C', seq: 2, dataType: INTEGER, notNull: false, defaultSql: '7' });
    const t = s.table(T)!;
    expect(t.slotCount).toBe(3);
    expect(t.rows.get(200)![2] ?? null).toBeNull();
    s = install(s, { type: RecordType.Drop, ppos: 310, target: B });
    expect(s.table(T)!.columns.map((c) => c.name)).toEqual(['A', 'C']);
    expect(s.column(B)).toBeUndefined();
    s = install(s, { type: RecordType.Record, ppos: 320, table: T, columns: [A, 300], values: [2, 9] });
    expect(s.table(T)!.rows.get(320)).toEqual([2, null, 9]);
  });

  test('a non-unique index keeps duplicates; NULL keys never collide in a unique index', () => {
    let s = installAll(schema());
    s = install(s, { type: RecordType.PIndex, ppos: 140, table: T, name: 'T_B', kind: IndexKind.NonUnique, columns: [B], refIndex: -1, onDelete: 0, onUpdate: 0 });
    s = install(s, { type: RecordType.PIndex, ppos: 150, table: T, name: 'T_BU', kind: IndexKind.Unique, columns: [B], refIndex: -1, onDelete: 0, onUpdate: 0 });
    s = install(s, { type: RecordType.Record, ppos: 200, table: T, columns: [A], values: [1] });
    s = install(s, { type: RecordType.Record, ppos: 210, table: T, columns: [A], values: [2] });
    expect(s.index(140)!.tree.size).toBe(2);
    expect(s.index(150)!.tree.size).toBe(2);
    expect([...s.index(150)!.tree.keys()]).toEqual([[null, 200], [null, 210]]);
  });

  test('foreign keys are listed as referencing their unique index; dropping a table clears its catalogs', () => {
    let s = installAll(schema());
    s = install(s, { type: RecordType.PTable, ppos: 400, name: 'C' });
    s = install(s, { type: RecordType.PColumn, ppos: 410, table: 400, name: 'P', seq: 0, dataType: INTEGER, notNull: false, defaultSql: null });
    s = install(s, { type: RecordType.PIndex, ppos: 420, table: 400, name: 'C_FK', kind: IndexKind.ForeignKey, columns: [410], refIndex: PK, onDelete: 0, onUpdate: 0 });
    expect(s.referencingIndexes(PK).map((i) => i.name)).toEqual(['C_FK']);
    s = install(s, { type: RecordType.Drop, ppos: 430, target: 400 });
    expect(s.referencingIndexes(PK)).toEqual([]);
    expect(s.tableByName('C')).toBeUndefined();
    expect(s.indexByName('C_FK')).toBeUndefined();
    expect(s.column(410)).toBeUndefined();
  });

  test('Change renames tables, columns and indexes', () => {
    let s = installAll(schema());
    s = install(s, { type: RecordType.Change, ppos: 500, target: T, name: 'U' });
    s = install(s, { type: RecordType.Change, ppos: 510, target: A, name: 'AA' });
    s = install(s, { type: RecordType.Change, ppos: 520, target: PK, name: 'U_PK' });
    expect(s.tableByName('T')).toBeUndefined();
    expect(s.tableByName('U')!.columns[0]!.name).toBe('AA');
    expect(s.indexByName('U_PK')!.defpos).toBe(PK);
    expect(s.table(T)!.primaryKey!.name).toBe('U_PK');
  });

  test('a builder hands out snapshots that later changes never touch', () => {
    const b = new StateBuilder(installAll(schema()));
    applyRecord(b, { type: RecordType.Record, ppos: 200, table: T, columns: [A], values: [1] });
    const first = b.snapshot();
    applyRecord(b, { type: RecordType.Record, ppos: 210, table: T, columns: [A], values: [2] });
    const second = b.snapshot();
    expect(first.table(T)!.rows.size).toBe(1);
    expect(first.index(PK)!.tree.size).toBe(1);
    expect(second.table(T)!.rows.size).toBe(2);
    expect(b.snapshot()).toBe(second);
  });

  test('replaying 100k inserts through one builder is fast', () => {
    const b = new StateBuilder(installAll(schema()));
    const t0 = performance.now();
    for (let i = 0; i < 100_000; i++) {
      applyRecord(b, { type: RecordType.Record, ppos: 1000 + i, table: T, columns: [A, B], values: [i, `row ${i}`] });
    }
    const s = b.snapshot(5);
    const ms = performance.now() - t0;
    expect(s.table(T)!.rows.size).toBe(100_000);
    expect(s.index(PK)!.tree.get([77_777])).toBe(1000 + 77_777);
    expect(ms).toBeLessThan(3000); // catches a quadratic regression; measured figures are in README.md
  });
});
