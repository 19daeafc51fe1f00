/**
 * src/level4-sql/statements/update.ts — plans and runs UPDATE … SET … [WHERE …].
 *
 * 1. The matching rows come from `planTableRows` (constant-key, index-range or scan, recording the read set),
 *    and are all collected before the first change, so an update never sees its own writes (no Halloween
 *    problem: `SET id = id + 10` on a key moves each row once). The rows are written together (`tx.updateMany`;
 *    invariant 6 says when they may be written one by one instead),
 *    so unique and foreign keys are checked at the end of the statement: `SET id = id + 1` on 1, 2, 3 works,
 *    and only a real duplicate at the end is 23505 (level3-objects/transaction-dml-batch.ts).
 * 2. Every SET expression is evaluated over the OLD row (`SET a = b, b = a` swaps), cast with `assignValue`,
 *    then NOT NULL and CHECK run over the whole new row; Level 3 checks keys and foreign keys. Every new row
 *    is computed before the first is written, so a subquery in SET reads the table as the statement found it.
 *    A column assigned twice keeps its last value (assignments.ts invariant 1).
 * 3. Only fields whose stored value changes go to the Update record; a matched row with no change writes
 *    nothing but still counts in rowsAffected (SQL counts matched rows).
 * 4. A DOCUMENT column takes update templates and replacements (document-values.ts): the Update record then
 *    holds the template (a DocDelta), which Level 3 applies to the stored document.
 * 5. RETURNING projects each matched row as it is after the update (returning.ts).
 * 6. When no SET column (nor a generated column) is part of any index or key, no key can change, so checking
 *    at the end is the same as checking each row; and when no SET expression has a subquery, nothing the
 *    statement computes reads a table. Then each row is written as soon as it is computed (`tx.update`),
 *    which keeps nothing per row until the end — a bulk UPDATE of a non-key column costs what it did
 *    before keys were checked at the end.
 * 7. Triggers (triggers/table-triggers.ts): BEFORE statement triggers before the rows are read; BEFORE row
 *    triggers on each new row after SET and before generated columns and the checks (what they SET is
 *    written too: the changes are the new row's differences from the old); every row is written, then
 *    AFTER row triggers fire for each matched row, then AFTER statement triggers. A table without UPDATE
 *    triggers has `triggers` null and takes none of these steps.
 */
import { SqlError, SqlState } from '../../common/errors';
import type { Row, Value } from '../../common/values/value';
import type { UpdateValue } from '../../level2-physical/physical';
import type { DatabaseState } from '../../level3-objects/database-state';
import type { Table } from '../../level3-objects/table';
import type { ExecContext } from '../context';
import type { RowSet } from '../exec/rowset';
import { Scope } from '../eval/scope';
import { atPosition } from '../eval/type-rules';
import type { Update } from '../parse';
import { planTableRows, type RowSourcePlan } from '../plan/planner';
import { fireActionTriggers, rowRules } from './row-rules';
import { applyAssignments, compileAssignments, fullRow, type SetItem } from './assignments';
import { findExpr } from './ast-walk';
import { affectedResult, type ResultSet } from './result';
import { compileReturning, type Returning } from './returning';
import type { StatementPlan } from './statement-plan';
import { checkRow, computeGenerated, type TableRules, tableRules, type ViewCheck, withViewChecks } from './table-rules';
import { noSuchTable } from '../system/system-tables';
import { TriggerEventCode } from '../../level2-physical/physical';
import { type TableTriggers, tableTriggers } from '../triggers/table-triggers';
import { sameStored } from './assignments';
import { DocDelta } from '../../common/values/document/doc-delta';

/** Expression kinds that read a table. */
const SUBQUERY_KINDS: ReadonlySet<string> = new Set(['ScalarSubquery', 'Exists', 'InSubquery']);

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
    private readonly returning: Returning | null,
    /** invariant 6: no key can change and SET reads no table, so each row is written as it is computed */
    private readonly streaming: boolean,
    /** invariant 7; null when the table has no UPDATE trigger these SET columns fire */
    private readonly triggers: TableTriggers | null,
  ) {}

  execute(ctx: ExecContext): ResultSet {
    const triggers = this.triggers;
    if (triggers !== null) return this.executeTriggered(ctx, triggers);
    // the matching rows, all collected first (invariant 1), straight from the access path's cursor; the
    // first in locals, lists only from a second on (an update by key matches one row)
    let firstId = 0;
    let first: Row | null = null;
    let rowids: number[] | null = null;
    let olds: Row[] | null = null;
    const cur = this.source.rowset.openTable(ctx);
    for (let r = cur.next(); r !== null; r = cur.next()) {
      if (first === null) {
        first = r;
        firstId = cur.rowid;
        continue;
      }
      if (rowids === null) {
        rowids = [firstId];
        olds = [first];
      }
      rowids.push(cur.rowid);
      olds!.push(r);
    }
    const matched = rowids !== null ? rowids.length : first !== null ? 1 : 0;
    const { items, rules, table } = this;
    let writes: Array<readonly [number, ReadonlyArray<readonly [number, UpdateValue]>]> | null = null;
    const news: Value[][] | null = this.returning === null ? null : [];
    for (let m = 0; m < matched; m++) {
      const rowid = rowids !== null ? rowids[m]! : firstId;
      const row = fullRow(olds !== null ? olds[m]! : first!, table.slotCount);
      const changes = applyAssignments(ctx, items, row, row);
      computeGenerated(rules, ctx, row, changes);
      if (news !== null) news.push(row);
      if (changes.length === 0) continue;
      try {
        checkRow(rules, ctx, row);
        if (this.streaming) ctx.tx.update(table.defpos, rowid, changes, rowRules(ctx));
      } catch (e) {
        throw atPosition(e, this.position);
      }
      if (!this.streaming) (writes ??= []).push([rowid, changes]);
    }
    try {
      if (writes !== null && writes.length === 1) ctx.tx.update(table.defpos, writes[0]![0], writes[0]![1], rowRules(ctx));
      else if (writes !== null) ctx.tx.updateMany(table.defpos, writes, rowRules(ctx));
      fireActionTriggers(ctx);
    } catch (e) {
      throw atPosition(e, this.position);
    }
    if (this.returning === null || news === null) return affectedResult(matched);
    return this.returning.result(news.map((r) => this.returning!.project(ctx, r)), matched);
  }

  roots(): RowSet[] {
    return this.source.roots();
  }

  /** `execute` with the table's triggers fired (invariant 7). */
  private executeTriggered(ctx: ExecContext, triggers: TableTriggers): ResultSet {
    triggers.beforeStatementFire(ctx);
    const rowids: number[] = [];
    const olds: Row[] = [];
    const cur = this.source.rowset.openTable(ctx);
    for (let r = cur.next(); r !== null; r = cur.next()) {
      rowids.push(cur.rowid);
      olds.push(r);
    }
    const { items, rules, table } = this;
    const writes: Array<readonly [number, ReadonlyArray<readonly [number, UpdateValue]>]> = [];
    const news: Value[][] = [];
    for (let m = 0; m < rowids.length; m++) {
      const old = fullRow(olds[m]!, table.slotCount);
      const row = old.slice();
      let changes = applyAssignments(ctx, items, row, row);
      if (triggers.beforeRow.length > 0) {
        triggers.beforeRowFire(ctx, old, row);
        changes = rowChanges(old, row, changes);
      }
      computeGenerated(rules, ctx, row, changes);
      news.push(row);
      if (changes.length === 0) continue;
      try {
        checkRow(rules, ctx, row);
      } catch (e) {
        throw atPosition(e, this.position);
      }
      writes.push([rowids[m]!, changes]);
    }
    try {
      if (writes.length === 1) ctx.tx.update(table.defpos, writes[0]![0], writes[0]![1], rowRules(ctx));
      else if (writes.length > 1) ctx.tx.updateMany(table.defpos, writes, rowRules(ctx));
      fireActionTriggers(ctx);
      if (triggers.afterRow.length > 0) for (let m = 0; m < rowids.length; m++) triggers.afterRowFire(ctx, fullRow(olds[m]!, table.slotCount), news[m]!);
      triggers.afterStatementFire(ctx, triggers.keepsRows ? { old: olds, new: news } : null);
    } catch (e) {
      throw atPosition(e, this.position);
    }
    if (this.returning === null) return affectedResult(rowids.length);
    return this.returning.result(news.map((r) => this.returning!.project(ctx, r)), rowids.length);
  }

  explain(ctx?: ExecContext): string[] {
    const head = `Update ${this.table.name} set ${this.items.map((s) => s.column.name).join(', ')}`;
    const lines = [head];
    this.source.explainInto(lines, 1, ctx);
    if (this.returning !== null) lines.push(`  ${this.returning.explainLine()}`);
    return lines;
  }
}

/** Plans an UPDATE against `state`; `viewChecks` are those of the views it goes through (table-rules.ts invariant 6). */
export function planUpdate(stmt: Update, state: DatabaseState, viewChecks: readonly ViewCheck[] = []): StatementPlan {
  const table = state.tableByName(stmt.table);
  if (table === undefined) throw noSuchTable(stmt.table, stmt.position);
  const scope = Scope.forTable(table, stmt.alias ?? table.name);
  const items = compileAssignments(table, stmt.assignments, scope, state);
  const source = planTableRows(table, stmt.alias, stmt.where, state);
  const position = stmt.assignments[0]?.value.position ?? stmt.position;
  const returning = compileReturning(stmt.returning, table, stmt.alias, state);
  const keySlots = new Set(table.indexes.flatMap((ix) => ix.slots));
  const generated = table.columns.filter((c) => c.generatedSql !== null);
  const keyed = items.some((i) => keySlots.has(i.column.slot)) || generated.some((c) => keySlots.has(c.slot));
  const reads = stmt.assignments.some((a) => findExpr(a.value, (e) => SUBQUERY_KINDS.has(e.kind)) !== null);
  const rules = withViewChecks(tableRules(table, state), viewChecks, stmt.alias ?? table.name, state);
  const setColumns = new Set(items.map((i) => i.column.defpos));
  const triggers = tableTriggers(state, table.defpos, table, table.columns, TriggerEventCode.Update, setColumns);
  return new UpdatePlan(state.schemaVersion, table, items, rules, source, position, returning, !keyed && !reads, triggers);
}

/** The changes of `row` from `old` after BEFORE triggers: SET's own (a document template stays as it was
 *  logged, invariant 4), with the values triggers gave them, plus every other slot a trigger changed. */
export function rowChanges(old: Row, row: Row, set: Array<readonly [number, UpdateValue]>): Array<readonly [number, UpdateValue]> {
  const out: Array<readonly [number, UpdateValue]> = [];
  const seen = new Set<number>();
  for (const [slot, v] of set) {
    seen.add(slot);
    if (v instanceof DocDelta) out.push([slot, v]);
    else if (!sameStored(old[slot], row[slot] ?? null)) out.push([slot, row[slot] ?? null]);
  }
  for (let slot = 0; slot < row.length; slot++) {
    if (!seen.has(slot) && !sameStored(old[slot], row[slot] ?? null)) out.push([slot, row[slot] ?? null]);
  }
  return out;
}
