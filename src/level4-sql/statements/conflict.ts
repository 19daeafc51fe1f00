/**
 * src/level4-sql/statements/conflict.ts — what INSERT does with a row whose key collides with a stored row:
 * SQLite's REPLACE, PostgreSQL's ON CONFLICT DO NOTHING and ON CONFLICT (cols) DO UPDATE.
 *
 * 1. A collision is found by looking the new row's key up in each unique index concerned (recorded as a key
 *    read, so a concurrent insert of that key conflicts at commit). A key holding a NULL never collides.
 *    Keys on document paths take part only in REPLACE and DO NOTHING without a target; a row whose path key
 *    is invalid is left to the insert, which reports the fault.
 * 2. REPLACE deletes every stored row that collides with the new row on any unique key (primary key or
 *    UNIQUE), then inserts it. The deletes are ordinary deletes: foreign keys that reference a deleted row
 *    act (RESTRICT/NO ACTION refuse with 23503, CASCADE deletes the children …). The count and RETURNING
 *    see the inserted row only. A later row of the same statement may replace an earlier one.
 * 3. DO NOTHING skips the row when it collides on the target key (without a target: on any unique key).
 * 4. DO UPDATE needs a target that is exactly the columns of a unique key (42P10 otherwise; none at all is
 *    42601). A row colliding on it updates the stored row instead: the SET list and WHERE see the stored row
 *    by the table's name (or alias) and the proposed row as EXCLUDED. A stored row the WHERE rejects is left
 *    alone and not counted. A collision on another unique key is still 23505.
 * 5. A row inserted or updated by this statement cannot be updated again by it (21000, PostgreSQL's rule),
 *    so the outcome never depends on the order of the source rows.
 * 6. The proposed row has passed NOT NULL and CHECK before the lookup (as PostgreSQL does); the updated row
 *    is checked again.
 * 7. Triggers: a row DO UPDATE updates fires the table's UPDATE row triggers (BEFORE ones may change it, as in
 *    UPDATE); the UPDATE statement triggers of a DO UPDATE clause fire once per statement, whether or not a
 *    row collides (PostgreSQL's rule; `updateTriggers`, fired by insert.ts), their transition tables holding
 *    the rows DO UPDATE changed (AFTER UPDATE row triggers with transition tables fire then too); rows REPLACE deletes fire no DELETE trigger (SQLite's default); rows
 *    referential actions change fire theirs (triggers/action-triggers.ts).
 */
import { SqlError, SqlState } from '../../common/errors';
import type { Row, Value } from '../../common/values/value';
import type { DatabaseState } from '../../level3-objects/database-state';
import { KeyFault, partValue } from '../../level3-objects/key-part';
import type { Table } from '../../level3-objects/table';
import { hasNull, keyValues, lookupKey, type TableIndex } from '../../level3-objects/table-index';
import type { ExecContext } from '../context';
import { TriggerEventCode } from '../../level2-physical/physical';
import { type TableTriggers, tableTriggers } from '../triggers/table-triggers';
import { rowChanges } from './update';
import { compileExpr } from '../eval/compile';
import type { Compiled } from '../eval/compiled';
import { Scope, type ScopeEntry } from '../eval/scope';
import type { ConflictTarget, InsertConflict } from '../parse';
import { fireActionTriggers, rowRules } from './row-rules';
import { applyAssignments, compileAssignments, fullRow, type SetItem } from './assignments';
import { currentTable, resolveColumns } from './constraints';
import { checkRow, computeGenerated, type TableRules } from './table-rules';

/** What became of one proposed row. */
export type ConflictOutcome =
  | { readonly kind: 'inserted'; readonly row: Row }
  | { readonly kind: 'updated'; readonly row: Row; readonly old: Row }
  | { readonly kind: 'skipped' };

/** A compiled conflict clause of one INSERT. */
export interface ConflictRule {
  /** Inserts `row` (full, by slot, already checked) or resolves its collision; `touched` holds the rows this
   *  statement has inserted or updated so far (invariant 5) and is kept up to date. */
  apply(ctx: ExecContext, row: Value[], touched: Set<number>): ConflictOutcome;
  /** DO UPDATE's UPDATE triggers when some fire per statement (invariant 7), else null. */
  readonly updateTriggers: TableTriggers | null;
  /** The EXPLAIN line. */
  explainLine(): string;
}

/** The key of `row` in a unique index, or null when it cannot collide (a NULL, or an invalid path). */
function probeKey(ix: TableIndex, row: Row): Value[] | null {
  let key: Value[];
  if (ix.parts === null) key = keyValues(ix.slots, row);
  else {
    key = [];
    for (const p of ix.parts) {
      const v = partValue(p, row);
      if (v instanceof KeyFault) return null;
      key.push(v);
    }
  }
  return hasNull(key) ? null : key;
}

/** The stored row that `row` collides with in `ix`, or undefined (invariant 1). */
function collision(ctx: ExecContext, ix: TableIndex, row: Row): number | undefined {
  const key = probeKey(ix, row);
  if (key === null) return undefined;
  ctx.tx.readKey(ix.defpos, key);
  return ix.tree.get(lookupKey(key));
}

/** The table's unique indexes, as `table` (a current snapshot of it) holds them. */
function uniqueIndexes(table: Table, only: number | null): TableIndex[] {
  return table.indexes.filter((ix) => ix.unique && (only === null || ix.defpos === only));
}

function insertRow(ctx: ExecContext, tableDefpos: number, row: Value[], touched: Set<number>): ConflictOutcome {
  touched.add(ctx.tx.insert(tableDefpos, row));
  return { kind: 'inserted', row };
}

/** REPLACE INTO / INSERT OR REPLACE (invariant 2). */
class ReplaceRule implements ConflictRule {
  readonly updateTriggers = null;

  constructor(private readonly tableDefpos: number) {}

  apply(ctx: ExecContext, row: Value[], touched: Set<number>): ConflictOutcome {
    const t = currentTable(ctx.tx, this.tableDefpos);
    const victims = new Set<number>();
    for (const ix of uniqueIndexes(t, null)) {
      const found = collision(ctx, ix, row);
      if (found !== undefined) victims.add(found);
    }
    for (const v of victims) {
      ctx.tx.delete(this.tableDefpos, v, rowRules(ctx));
      touched.delete(v);
    }
    if (victims.size > 0) fireActionTriggers(ctx);
    return insertRow(ctx, this.tableDefpos, row, touched);
  }

  explainLine(): string {
    return 'On conflict replace';
  }
}

/** ON CONFLICT [(cols)] DO NOTHING (invariant 3). */
class DoNothingRule implements ConflictRule {
  readonly updateTriggers = null;

  constructor(
    private readonly tableDefpos: number,
    private readonly target: TableIndex | null,
  ) {}

  apply(ctx: ExecContext, row: Value[], touched: Set<number>): ConflictOutcome {
    const t = currentTable(ctx.tx, this.tableDefpos);
    for (const ix of uniqueIndexes(t, this.target === null ? null : this.target.defpos)) {
      if (collision(ctx, ix, row) !== undefined) return { kind: 'skipped' };
    }
    return insertRow(ctx, this.tableDefpos, row, touched);
  }

  explainLine(): string {
    return `On conflict${this.target === null ? '' : ` ${this.target.name}`} do nothing`;
  }
}

/** ON CONFLICT (cols) DO UPDATE SET … [WHERE …] (invariants 4–6). */
class DoUpdateRule implements ConflictRule {
  constructor(
    private readonly table: Table,
    private readonly target: TableIndex,
    private readonly items: readonly SetItem[],
    private readonly where: Compiled | null,
    private readonly rules: TableRules,
    private readonly position: number,
    /** invariant 7: the table's UPDATE triggers for these SET columns, or null */
    private readonly triggers: TableTriggers | null,
  ) {}

  get updateTriggers(): TableTriggers | null {
    const t = this.triggers;
    return t !== null && (t.beforeStatement.length > 0 || t.afterStatement.length > 0 || t.afterRowDeferred.length > 0) ? t : null;
  }

  apply(ctx: ExecContext, row: Value[], touched: Set<number>): ConflictOutcome {
    const t = currentTable(ctx.tx, this.table.defpos);
    const ix = uniqueIndexes(t, this.target.defpos)[0]!;
    const found = collision(ctx, ix, row);
    if (found === undefined) return insertRow(ctx, t.defpos, row, touched);
    if (touched.has(found)) {
      throw new SqlError(SqlState.CardinalityViolation, 'ON CONFLICT DO UPDATE command cannot affect row a second time', {
        position: this.position,
        hint: 'Ensure that no rows proposed for insertion within the same command have duplicate constrained values.',
      });
    }
    ctx.tx.readRow(t.defpos, found);
    const slotCount = this.table.slotCount;
    const stored = fullRow(t.rows.get(found)!, slotCount);
    // the stored row, then the proposed one (EXCLUDED) after it
    const both = stored.concat(fullRow(row, slotCount));
    if (this.where !== null && this.where.eval(ctx, both) !== true) return { kind: 'skipped' };
    const next = stored.slice();
    let changes = applyAssignments(ctx, this.items, both, next);
    const trg = this.triggers;
    if (trg !== null && trg.beforeRow.length > 0) {
      trg.beforeRowFire(ctx, stored, next);
      changes = rowChanges(stored, next, changes);
    }
    computeGenerated(this.rules, ctx, next, changes);
    touched.add(found);
    if (changes.length > 0) {
      checkRow(this.rules, ctx, next);
      ctx.tx.update(t.defpos, found, changes, rowRules(ctx));
      fireActionTriggers(ctx);
    }
    if (trg !== null) trg.afterRowFire(ctx, stored, next);
    return { kind: 'updated', row: next, old: stored };
  }

  explainLine(): string {
    return `On conflict ${this.target.name} do update set ${this.items.map((s) => s.column.name).join(', ')}`;
  }
}

/** The scope of DO UPDATE: the stored row under the table's name or alias, then EXCLUDED (invariant 4). */
function upsertScope(table: Table, alias: string | null): Scope {
  const stored = Scope.forTable(table, alias ?? table.name);
  const excluded = Scope.forTableAt(table, 'EXCLUDED', 0, null, 1);
  const shifted: ScopeEntry[] = excluded.shifted(table.slotCount).map((e) => ({ ...e, unqualified: false, star: false }));
  return new Scope([...stored.entries, ...shifted], 2 * table.slotCount, 0, null);
}

/** The unique index whose columns are exactly `names` (42P10 otherwise), or the one named by ON CONSTRAINT (42704
 *  for no such constraint of the table, 42P10 for one that is not unique). */
function targetIndex(table: Table, target: NonNullable<ConflictTarget>, position: number): TableIndex {
  if (!Array.isArray(target)) {
    const ix = table.indexes.find((i) => i.name === target.constraint);
    if (ix === undefined) throw SqlError.of(SqlState.UndefinedObject, [`constraint ${target.constraint} of table ${table.name}`], { position });
    if (!ix.unique || ix.parts !== null) throw SqlError.of(SqlState.InvalidColumnReference, [`constraint ${ix.name} is not a unique key of columns, which ON CONFLICT needs`], { position });
    return ix;
  }
  const names = target;
  const cols = resolveColumns(table, names, position).map((c) => c.defpos);
  for (const ix of table.indexes) {
    if (!ix.unique || ix.parts !== null || ix.columns.length !== cols.length) continue;
    if (ix.columns.every((c) => cols.includes(c))) return ix;
  }
  throw SqlError.of(SqlState.InvalidColumnReference, ['there is no unique constraint matching the ON CONFLICT specification'], {
    position,
  });
}

/** Compiles an INSERT's conflict clause for `table` as `state` defines it. */
export function compileConflict(
  conflict: InsertConflict,
  table: Table,
  alias: string | null,
  rules: TableRules,
  state: DatabaseState,
): ConflictRule {
  switch (conflict.kind) {
    case 'Replace':
      return new ReplaceRule(table.defpos);
    case 'DoNothing':
      return new DoNothingRule(table.defpos, conflict.target === null ? null : targetIndex(table, conflict.target, conflict.position));
    case 'DoUpdate': {
      if (conflict.target === null) {
        throw new SqlError(SqlState.SyntaxErrorAt, 'ON CONFLICT DO UPDATE requires a conflict target', {
          position: conflict.position,
          hint: 'Name the columns of a unique key: ON CONFLICT (id) DO UPDATE …',
        });
      }
      const target = targetIndex(table, conflict.target, conflict.position);
      const scope = upsertScope(table, alias);
      const items = compileAssignments(table, conflict.assignments, scope, state);
      const where = conflict.where === null ? null : compileExpr(conflict.where, scope, state);
      const setColumns = new Set(items.map((i) => i.column.defpos));
      const triggers = tableTriggers(state, table.defpos, table, table.columns, TriggerEventCode.Update, setColumns);
      return new DoUpdateRule(table, target, items, where, rules, conflict.position, triggers);
    }
  }
}
