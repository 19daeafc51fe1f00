/**
 * src/level4-sql/statements/update.ts — plans and runs UPDATE … SET … [WHERE …].
 *
 * 1. The matching rows come from `planTableRows` (constant-key, index-range or scan, recording the read set),
 *    and are all collected before the first change, so an update never sees its own writes (no Halloween
 *    problem: `SET id = id + 10` on a key moves each row once). Keys are checked row by row, in that order, so
 *    a shift into keys not yet vacated (`SET id = id + 1` on 1, 2, 3) is 23505 — documented in docs/sql-dialect.md.
 * 2. Every SET expression is evaluated over the OLD row (`SET a = b, b = a` swaps), cast with `assignValue`,
 *    then NOT NULL and CHECK run over the whole new row; Level 3 checks keys and foreign keys.
 * 3. Only fields whose stored value changes go to the Update record; a matched row with no change writes
 *    nothing but still counts in rowsAffected (SQL counts matched rows).
 * 4. A DOCUMENT column takes update templates and replacements (document-values.ts): the Update record then
 *    holds the template (a DocDelta), which Level 3 applies to the stored document.
 */
import { SqlError, SqlState } from '../../common/errors';
import { assignValue } from '../../common/values/cast';
import { Decimal, type Row, type Value } from '../../common/values/value';
import type { DatabaseState } from '../../level3-objects/database-state';
import type { Table } from '../../level3-objects/table';
import type { TableColumn } from '../../level3-objects/table-column';
import type { ExecContext } from '../context';
import { compileExpr } from '../eval/compile';
import type { Compiled } from '../eval/compiled';
import { Scope } from '../eval/scope';
import { atPosition } from '../eval/type-rules';
import type { Update } from '../parse';
import { planTableRows, type RowSourcePlan } from '../plan/planner';
import { columnByName } from './constraints';
import { DocumentAssignment } from './document-values';
import { affectedResult, type ResultSet } from './result';
import type { StatementPlan } from './statement-plan';
import { checkRow, type TableRules, tableRules } from './table-rules';

interface SetItem {
  readonly column: TableColumn;
  readonly value: Compiled;
  /** set for a DOCUMENT column: templates and replacements (document-values.ts) */
  readonly doc: DocumentAssignment | null;
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

/** An UPDATE planned against one schema version. */
class UpdatePlan implements StatementPlan {
  readonly ddl = false;

  constructor(
    readonly schemaVersion: number,
    private readonly table: Table,
    private readonly items: readonly SetItem[],
    private readonly rules: TableRules,
    private readonly source: RowSourcePlan,
    /** where errors without a position of their own point: the first SET value */
    private readonly position: number,
  ) {}

  execute(ctx: ExecContext): ResultSet {
    // the matching rows, all collected first (invariant 1), straight from the access path's cursor
    const rowids: number[] = [];
    const olds: Row[] = [];
    const cur = this.source.rowset.openTable(ctx);
    for (let r = cur.next(); r !== null; r = cur.next()) {
      rowids.push(cur.rowid);
      olds.push(r);
    }
    const { items, rules, table } = this;
    const values: Value[] = new Array(items.length);
    for (let m = 0; m < rowids.length; m++) {
      const rowid = rowids[m]!;
      const row = fullRow(olds[m]!, table.slotCount);
      for (let i = 0; i < items.length; i++) values[i] = items[i]!.value.eval(ctx, row);
      const changes: Array<readonly [number, Value]> = [];
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
      if (changes.length === 0) continue;
      try {
        checkRow(rules, ctx, row);
        ctx.tx.update(table.defpos, rowid, changes);
      } catch (e) {
        throw atPosition(e, this.position);
      }
    }
    return affectedResult(rowids.length);
  }

  explain(ctx?: ExecContext): string[] {
    const head = `Update ${this.table.name} set ${this.items.map((s) => s.column.name).join(', ')}`;
    return [head, ...this.source.explain(ctx).map((l) => `  ${l}`)];
  }
}

/** Plans an UPDATE against `state`. */
export function planUpdate(stmt: Update, state: DatabaseState): StatementPlan {
  const table = state.tableByName(stmt.table);
  if (table === undefined) throw SqlError.of(SqlState.UndefinedTable, [stmt.table], { position: stmt.position });
  const scope = Scope.forTable(table, stmt.alias ?? table.name);
  const seen = new Set<number>();
  const items = stmt.assignments.map((a) => {
    const column = columnByName(table, a.column, a.position);
    if (seen.has(column.defpos)) throw SqlError.of(SqlState.DuplicateColumn, [a.column], { position: a.position });
    seen.add(column.defpos);
    const doc = column.type.kind === 'DOCUMENT' ? new DocumentAssignment(a.value.position) : null;
    return { column, value: compileExpr(a.value, scope, state), doc };
  });
  const source = planTableRows(table, stmt.alias, stmt.where, state);
  const position = stmt.assignments[0]?.value.position ?? stmt.position;
  return new UpdatePlan(state.schemaVersion, table, items, tableRules(table, state), source, position);
}
