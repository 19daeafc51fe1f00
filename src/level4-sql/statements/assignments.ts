/**
 * src/level4-sql/statements/assignments.ts — `SET col = expr, …` lists, shared by UPDATE, INSERT … ON CONFLICT
 * DO UPDATE and MERGE … WHEN MATCHED THEN UPDATE: compiling them and applying them to one row.
 *
 * 1. A column assigned more than once keeps its last assignment and the earlier ones are ignored (SQLite's
 *    rule, which the public sqllogictest suite expects; standard SQL and PostgreSQL refuse with 42701 —
 *    listed among the SQLite leniencies in sql-tests/README.md). Unknown columns are 42703; a generated
 *    column cannot be assigned (428C9): the caller recomputes it (`computeGenerated`, table-rules.ts).
 *    `c = DEFAULT` assigns the column's default (column-defaults.ts invariant 5), an ALWAYS identity
 *    column's too, and is dropped for a generated column.
 * 2. Every value is evaluated over the row the expressions were compiled for (the OLD row, possibly with
 *    more columns after it: EXCLUDED, MERGE's source) before the first is stored, so `SET a = b, b = a` swaps.
 * 3. Values are cast with `assignValue`; a DOCUMENT column takes update templates and replacements
 *    (document-values.ts), its change then carrying the template (a DocDelta) for the Update record.
 * 4. Only fields whose stored value changes become changes.
 */
import { SqlError, SqlState } from '../../common/errors';
import { assignValue } from '../../common/values/cast';
import { Decimal, type Row, type Value } from '../../common/values/value';
import type { UpdateValue } from '../../level2-physical/physical';
import type { DatabaseState } from '../../level3-objects/database-state';
import type { Table } from '../../level3-objects/table';
import type { TableColumn } from '../../level3-objects/table-column';
import type { ExecContext } from '../context';
import { compileExpr } from '../eval/compile';
import type { Compiled } from '../eval/compiled';
import type { Scope } from '../eval/scope';
import type { Assignment } from '../parse';
import { columnByName } from './constraints';
import { DocumentAssignment } from './document-values';
import { columnDefault } from './column-defaults';
import { refuseAlwaysIdentity } from './identity';

/** One compiled `col = expr`. */
export interface SetItem {
  readonly column: TableColumn;
  readonly value: Compiled;
  /** set for a DOCUMENT column: templates and replacements (document-values.ts) */
  readonly doc: DocumentAssignment | null;
}

/** Compiles a SET list in `scope` (invariant 1: the last assignment of a column wins). */
export function compileAssignments(table: Table, assignments: readonly Assignment[], scope: Scope, state: DatabaseState): SetItem[] {
  const items: SetItem[] = [];
  for (const a of assignments) {
    const column = columnByName(table, a.column, a.position);
    const isDefault = a.value.kind === 'DefaultValue';
    // `c = DEFAULT` (column-defaults.ts invariant 5): a generated column is computed as always
    if (isDefault && column.generatedSql !== null) continue;
    if (column.generatedSql !== null) throw SqlError.of(SqlState.GeneratedAlways, [column.name], { position: a.position });
    if (!isDefault) refuseAlwaysIdentity(column, a.position);
    const doc = column.type.kind === 'DOCUMENT' ? new DocumentAssignment(a.value.position) : null;
    const value = isDefault ? columnDefault(table, column, state) : compileExpr(a.value, scope, state);
    const item = { column, value, doc };
    const earlier = items.findIndex((s) => s.column.defpos === column.defpos);
    if (earlier >= 0) items.splice(earlier, 1);
    items.push(item);
  }
  return items;
}

/** True when storing `b` over `a` changes nothing (same value, same representation). */
export function sameStored(a: Value | undefined, b: Value): boolean {
  if (a === undefined || a === null) return b === null;
  if (a === b) return true;
  if (b === null || typeof a !== typeof b) return false;
  if (a instanceof Decimal) return b instanceof Decimal && a.toString() === b.toString();
  if (a instanceof Date) return b instanceof Date && a.getTime() === b.getTime();
  return false;
}

/** A copy of a stored row, padded with NULLs to the table's slot count. */
export function fullRow(row: Row, slotCount: number): Value[] {
  const out = row.slice();
  while (out.length < slotCount) out.push(null);
  return out;
}

/**
 * Applies `items` to `row` (a full copy of the old row, changed in place into the new row), evaluating them
 * over `evalRow` (the row the expressions were compiled for; `row` itself for a plain UPDATE). Returns the
 * changes for `tx.update` (invariant 4).
 */
export function applyAssignments(
  ctx: ExecContext,
  items: readonly SetItem[],
  evalRow: Row,
  row: Value[],
): Array<readonly [number, UpdateValue]> {
  const values: Value[] = new Array(items.length);
  for (let i = 0; i < items.length; i++) values[i] = items[i]!.value.eval(ctx, evalRow);
  const changes: Array<readonly [number, UpdateValue]> = [];
  for (let i = 0; i < items.length; i++) {
    const { column: c, doc } = items[i]!;
    const v = assignValue(values[i]!, c.type, c.name);
    if (doc !== null) {
      const d = doc.assign(ctx, row[c.slot] ?? null, v);
      changes.push([c.slot, d.logged]);
      row[c.slot] = d.value;
      continue;
    }
    if (!sameStored(row[c.slot], v)) changes.push([c.slot, v]);
    row[c.slot] = v;
  }
  return changes;
}
