/** src/level3-objects/read-set.test.ts — the read log arranged for lookups: rows, tables, keys, prefix ranges. */
import { INTEGER } from '../common/values/sql-type';
import { IndexKind, RefAction, type Physical } from '../level2-physical/physical';
import { RecordType } from '../level2-physical/record-type';
import { DatabaseState } from './database-state';
import { install } from './install';
import { ReadSet } from './read-set';

function twoColumnIndex(): DatabaseState {
  const recs: Physical[] = [
    { type: RecordType.PTable, ppos: 10, name: 'T' },
    { type: RecordType.PColumn, ppos: 11, table: 10, name: 'A', seq: 0, dataType: INTEGER, notNull: false, defaultSql: null },
    { type: RecordType.PColumn, ppos: 12, table: 10, name: 'B', seq: 1, dataType: INTEGER, notNull: false, defaultSql: null },
    { type: RecordType.PIndex, ppos: 13, table: 10, name: 'T_AB', kind: IndexKind.Unique, columns: [11, 12], refIndex: -1, onDelete: RefAction.Restrict, onUpdate: RefAction.Restrict },
  ];
  return recs.reduce((s, r) => install(s, r), DatabaseState.empty());
}

describe('ReadSet', () => {
  test('rows, whole tables and writes are indexed by table', () => {
    const rs = new ReadSet();
    rs.addRow(10, 100);
    rs.addTable(20);
    rs.addWrite(30, 300);
    rs.addName('table X');
    const ix = rs.index(DatabaseState.empty());
    expect(ix.rows.get(10)?.has(100)).toBe(true);
    expect(ix.tables.has(20)).toBe(true);
    expect(ix.written.get(30)?.has(300)).toBe(true);
    expect([...ix.touched].sort()).toEqual([10, 20, 30]);
    expect(ix.names.has('table X')).toBe(true);
  });

  test('full keys are points, short keys and ranges match by prefix', () => {
    const s = twoColumnIndex();
    const rs = new ReadSet();
    rs.addKey(13, [1, 2]);
    rs.addKey(13, [5]);
    rs.addRange(13, [7], [8, 3]);
    const ix = rs.index(s);
    const r = ix.indexesByTable.get(10)![0]!;
    expect(r.name).toBe('T_AB');
    expect(ix.keyWasRead(r, [1, 2])).toBe(true);
    expect(ix.keyWasRead(r, [1, 3])).toBe(false);
    expect(ix.keyWasRead(r, [5, 99])).toBe(true);
    expect(ix.keyWasRead(r, [7, -1])).toBe(true);
    expect(ix.keyWasRead(r, [8, 3])).toBe(true);
    expect(ix.keyWasRead(r, [8, 4])).toBe(false);
    expect(ix.keyWasRead(r, [6, 0])).toBe(false);
    expect(ix.touched.has(10)).toBe(true);
  });

  test('open ranges, and many points matched through a tree', () => {
    const s = twoColumnIndex();
    const rs = new ReadSet();
    for (let i = 0; i < 50; i++) rs.addKey(13, [i * 2, 0]);
    rs.addRange(13, null, [-10]);
    const ix = rs.index(s);
    const r = ix.indexesByTable.get(10)![0]!;
    expect(ix.keyWasRead(r, [40, 0])).toBe(true);
    expect(ix.keyWasRead(r, [41, 0])).toBe(false);
    expect(ix.keyWasRead(r, [-11, 5])).toBe(true);
    expect(ix.keyWasRead(r, [-9, 5])).toBe(false);
  });

  test('a key read or row written again in a row is logged once; other keys and rows still are (invariant 5)', () => {
    const s = twoColumnIndex();
    const rs = new ReadSet();
    for (let i = 0; i < 3; i++) {
      rs.addKey(13, [1, 2]);
      rs.addWrite(10, 100);
    }
    rs.addKey(13, [1, 3]);
    rs.addKey(13, [1, 2]);
    rs.addWrite(10, 101);
    rs.addWrite(11, 101);
    const ix = rs.index(s);
    const r = ix.indexesByTable.get(10)![0]!;
    expect(r.points).toEqual([[1, 2], [1, 3], [1, 2]]);
    expect(ix.keyWasRead(r, [1, 2])).toBe(true);
    expect(ix.keyWasRead(r, [1, 3])).toBe(true);
    expect([...ix.written.get(10)!]).toEqual([100, 101]);
    expect([...ix.written.get(11)!]).toEqual([101]);
  });

  test('reads of an index no state knows are ignored', () => {
    const rs = new ReadSet();
    rs.addKey(999, [1]);
    expect(rs.index(DatabaseState.empty()).indexesByTable.size).toBe(0);
  });
});
