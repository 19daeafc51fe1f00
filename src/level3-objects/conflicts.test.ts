/** src/level3-objects/conflicts.test.ts — the rules one by one, on hand-made effects (the end-to-end cases
 *  are in database-file.test.ts). */
import { INTEGER } from '../common/values/sql-type';
import { IndexKind, RefAction, TRANS_POS, type Physical } from '../level2-physical/physical';
import { RecordType } from '../level2-physical/record-type';
import { findConflict, recordConflict, type ConflictContext } from './conflicts';
import { DatabaseState } from './database-state';
import { install } from './install';
import { ReadSet } from './read-set';
import type { RecordEffect } from './state-builder';

const T = 10;
const PK = 13;

function base(): DatabaseState {
  const recs: Physical[] = [
    { type: RecordType.PTable, ppos: T, name: 'T' },
    { type: RecordType.PColumn, ppos: 11, table: T, name: 'A', seq: 0, dataType: INTEGER, notNull: true, defaultSql: null },
    { type: RecordType.PColumn, ppos: 12, table: T, name: 'B', seq: 1, dataType: INTEGER, notNull: false, defaultSql: null },
    { type: RecordType.PIndex, ppos: PK, table: T, name: 'T_PK', kind: IndexKind.PrimaryKey, columns: [11], refIndex: -1, onDelete: RefAction.Restrict, onUpdate: RefAction.Restrict },
  ];
  return recs.reduce((s, r) => install(s, r), DatabaseState.empty());
}

function context(reads: ReadSet, local = base()): ConflictContext {
  return { reads: reads.index(local), local, name: (t) => local.table(t)?.name ?? `#${t}` };
}

const update: Physical = { type: RecordType.Update, ppos: 200, table: T, row: 100, prev: 100, columns: [12], values: [5] };
const updated: RecordEffect = { kind: 'Row', table: T, row: 100, old: [1, 0], new: [1, 5] };

describe('conflict rules', () => {
  test('an update conflicts with a read of its row, a full scan, a write of its row, a key read — not otherwise', () => {
    const cases: [(r: ReadSet) => void, string | null][] = [
      [(r) => r.addRow(T, 100), 'read/write'],
      [(r) => r.addRow(T, 101), null],
      [(r) => r.addTable(T), 'read/write'],
      [(r) => r.addWrite(T, 100), 'write/write'],
      [(r) => r.addKey(PK, [1]), 'read/write'],
      [(r) => r.addKey(PK, [2]), null],
      [(r) => r.addRange(PK, [0], [3]), 'read/write'],
      [(r) => r.addRange(PK, [2], null), null],
    ];
    for (const [read, kind] of cases) {
      const reads = new ReadSet();
      read(reads);
      expect(recordConflict(update, updated, context(reads))?.kind ?? null).toBe(kind);
    }
  });

  test('an insert conflicts with a unique key this transaction holds on its own row', () => {
    const ins: Physical = { type: RecordType.Record, ppos: 300, table: T, columns: [11], values: [7] };
    const effect: RecordEffect = { kind: 'Row', table: T, row: 300, old: null, new: [7, null] };
    const mine = install(base(), { type: RecordType.Record, ppos: TRANS_POS, table: T, columns: [11], values: [7] });
    expect(recordConflict(ins, effect, context(new ReadSet(), mine))?.kind).toBe('write/write');
    const other = install(base(), { type: RecordType.Record, ppos: TRANS_POS, table: T, columns: [11], values: [8] });
    expect(recordConflict(ins, effect, context(new ReadSet(), other))).toBeNull();
  });

  test('DDL conflicts with any use of its table; creations conflict by name (also renames)', () => {
    const drop: Physical = { type: RecordType.Drop, ppos: 400, target: PK };
    const dropEffect: RecordEffect = { kind: 'Schema', tables: [T], names: [] };
    const used = new ReadSet();
    used.wroteTable(T);
    expect(recordConflict(drop, dropEffect, context(used))?.kind).toBe('schema');
    expect(recordConflict(drop, dropEffect, context(new ReadSet()))).toBeNull();
    const rename: Physical = { type: RecordType.Change, ppos: 410, target: T, name: 'U' };
    const renameEffect: RecordEffect = { kind: 'Schema', tables: [T], names: ['table U'] };
    const created = new ReadSet();
    created.addName('table U');
    expect(recordConflict(rename, renameEffect, context(created))).toMatchObject({ kind: 'name', table: 'T' });
  });

  test('findConflict looks only at commits from the transaction\'s start on', () => {
    const reads = new ReadSet();
    reads.addRow(T, 100);
    const commits = [
      { start: 50, end: 90, records: [update], effects: [updated] },
      { start: 90, end: 120, records: [], effects: [] },
    ];
    expect(findConflict(commits, 60, context(reads))).toBeNull();
    expect(findConflict(commits, 50, context(reads))?.description).toContain('row 100 of table T');
  });
});
