/**
 * src/level3-objects/table.test.ts — every way a table is made or changed gives it the one hidden class the
 * table literals share (table.ts `tableWith`, decision 0038), and a renamed column, index or check the class of
 * its kind: a table copied by object spread had a class of its own, which V8 made afresh for later copies, and
 * each new one threw away the optimised statement path.
 */
import * as v8 from 'v8';
import { INTEGER, CHAR } from '../common/values/sql-type';
import { IndexKind, RefAction, type Physical } from '../level2-physical/physical';
import { RecordType } from '../level2-physical/record-type';
import { DatabaseState } from './database-state';
import { install } from './install';
import { emptyTable, withContents, type Table } from './table';

v8.setFlagsFromString('--allow-natives-syntax');
// V8's test intrinsic, compiled after the flag above is set
const sameMap = new Function('a', 'b', 'return %HaveSameMap(a, b)') as (a: object, b: object) => boolean;

const T = 100;
const A = 110;
const B = 120;
const PK = 130;
const CK = 140;

describe('tables share one hidden class', () => {
  test('after each kind of schema record, and after new contents', () => {
    const reference = emptyTable(1, 'R');
    const steps: Physical[] = [
      { type: RecordType.PTable, ppos: T, name: 'T' },
      { type: RecordType.PColumn, ppos: A, table: T, name: 'A', seq: 0, dataType: INTEGER, notNull: true, defaultSql: null },
      { type: RecordType.PColumn, ppos: B, table: T, name: 'B', seq: 1, dataType: CHAR, notNull: false, defaultSql: null },
      { type: RecordType.PIndex, ppos: PK, table: T, name: 'T_PK', kind: IndexKind.PrimaryKey, columns: [A], refIndex: -1, onDelete: RefAction.Restrict, onUpdate: RefAction.Restrict },
      { type: RecordType.PCheck, ppos: CK, table: T, column: -1, name: 'T_CK', sql: 'a > 0' },
      { type: RecordType.Change, ppos: 150, target: T, name: 'T2' },
      { type: RecordType.Change, ppos: 160, target: B, name: 'B2' },
      { type: RecordType.Change, ppos: 165, target: PK, name: 'T_KEY' },
      { type: RecordType.Change, ppos: 167, target: CK, name: 'T_CHECK' },
      { type: RecordType.Drop, ppos: 170, target: CK },
      { type: RecordType.Drop, ppos: 180, target: PK },
      { type: RecordType.Drop, ppos: 190, target: B },
    ];
    let s = DatabaseState.empty();
    const seen: Table[] = [];
    for (const r of steps) {
      s = install(s, r);
      const t = s.table(T)!;
      expect(t).toBeDefined();
      seen.push(t);
      expect([r.type, sameMap(t, reference)]).toEqual([r.type, true]);
    }
    // the changes were made: the checks above looked at real new tables
    expect(seen.at(-1)!.name).toBe('T2');
    expect(seen.at(-1)!.columns.map((c) => c.name)).toEqual(['A']);
    expect(new Set(seen).size).toBe(steps.length);
    // a renamed column, index or check keeps the class of its kind
    const withKey = seen[3]!;
    const renamedBoth = seen[7]!;
    expect(renamedBoth.columns.map((c) => c.name)).toEqual(['A', 'B2']);
    expect(renamedBoth.primaryKey!.name).toBe('T_KEY');
    expect(sameMap(renamedBoth.columns[1]!, withKey.columns[1]!)).toBe(true);
    expect(sameMap(renamedBoth.primaryKey!, withKey.primaryKey!)).toBe(true);
    const withCheck = seen[4]!;
    const renamedCheck = seen[8]!;
    expect(renamedCheck.checks.map((c) => c.name)).toEqual(['T_CHECK']);
    expect(sameMap(renamedCheck.checks[0]!, withCheck.checks[0]!)).toBe(true);
    const last = seen.at(-1)!;
    expect(sameMap(withContents(last, last.rows, last.updates, last.indexes, true), reference)).toBe(true);
  });
});
