/**
 * src/level4-sql/statements/merge.ts — plans and runs standard SQL MERGE:
 * `MERGE INTO t [alias] USING source [alias] ON cond WHEN [NOT] MATCHED [AND c] THEN UPDATE SET … | DELETE | INSERT …`.
 *
 * 1. The source (a table or a parenthesised query) and the target's rows are both read in full before the
 *    first change, so the statement sees the target as it found it: rows it inserts are never matched, and
 *    a subquery in a clause reads the tables as they were.
 * 2. Expressions see a row made of the target row (by slot; all NULL for NOT MATCHED clauses) followed by the
 *    source row, under the target's alias (or name) and the source's alias (or table name). A bare name
 *    that both sides have is ambiguous (42702).
 * 3. For each source row, in source order: the target rows for which ON is TRUE are its matches. A target
 *    row matched by a second source row is a cardinality violation (21000, the standard's rule), so the
 *    outcome never depends on the source's order. Each match takes the first WHEN MATCHED clause whose
 *    condition is TRUE (UPDATE or DELETE); a source row without matches takes the first WHEN NOT MATCHED
 *    clause whose condition holds (INSERT). A row no clause takes is left alone.
 * 4. UPDATE and INSERT follow UPDATE's and INSERT's rules (casts, DEFAULTs, NOT NULL, CHECK, then Level 3's
 *    keys and foreign keys); DELETE is a DELETE (foreign-key actions apply). `rowsAffected` counts the rows
 *    inserted, updated and deleted.
 * 5. Matching: when ON has equalities `target expr = source expr` (each side reading one table only, of
 *    types that hash alike), the target rows are put in a hash table on those values and each source row
 *    meets only the rows with its values (a NULL value meets none, as `=` with NULL is never TRUE); the whole
 *    ON is still evaluated on them. Without such an equality, every source row meets every target row.
 * 6. Triggers (triggers/table-triggers.ts): the BEFORE statement triggers of each event a clause names fire
 *    first (INSERT, UPDATE, DELETE order), the AFTER ones last; each row changed fires its event's BEFORE row
 *    triggers (which may change an inserted or updated row) and AFTER row triggers around its write. The AFTER
 *    statement triggers (and AFTER row triggers with transition tables) see the rows of their event as
 *    transition tables. A table without triggers for the events has `triggers` null.
 */
import { SqlError, SqlState } from '../../common/errors';
import { isNumericKind } from '../../common/values/sql-type';
import { assignValue } from '../../common/values/cast';
import type { Row, Value } from '../../common/values/value';
import type { DatabaseState } from '../../level3-objects/database-state';
import type { Table } from '../../level3-objects/table';
import type { TableColumn } from '../../level3-objects/table-column';
import type { ExecContext } from '../context';
import { compileExpr } from '../eval/compile';
import type { Compiled } from '../eval/compiled';
import { compositeKey } from '../eval/hash-key';
import { Scope } from '../eval/scope';
import { atPosition, checkBoolean } from '../eval/type-rules';
import type { Expr, Merge, MergeWhen } from '../parse';
import { splitAnd } from '../plan/expr-utils';
import { type QueryPlan, planQuery, planTableRows, type RowSourcePlan } from '../plan/planner';
import { fireActionTriggers, rowRules } from './row-rules';
import { TriggerEventCode } from '../../level2-physical/physical';
import { type TableTriggers, tableTriggers } from '../triggers/table-triggers';
import type { TransitionRows } from '../triggers/transition-tables';
import { rowChanges } from './update';
import { applyAssignments, compileAssignments, fullRow, type SetItem } from './assignments';
import { valuesTargets } from './column-defaults';
import { hasDefault } from './insert';
import { storedDocument } from './document-values';
import { affectedResult, type ResultSet } from './result';
import type { StatementPlan } from './statement-plan';
import { checkRow, computeGenerated, defaultFor, type TableRules, tableRules } from './table-rules';
import { noSuchTable } from '../system/system-tables';

type Clause =
  | { readonly kind: 'update'; readonly condition: Compiled | null; readonly items: readonly SetItem[]; readonly position: number }
  | { readonly kind: 'delete'; readonly condition: Compiled | null; readonly position: number }
  | {
      readonly kind: 'insert';
      readonly condition: Compiled | null;
      readonly targets: readonly TableColumn[];
      readonly values: readonly Compiled[];
      /** slots of omitted columns with a DEFAULT */
      readonly defaults: readonly number[];
      readonly position: number;
    };

/** An equality of ON usable as a hash key: its target side and its source side (invariant 5). */
interface EquiKey {
  readonly target: Compiled;
  readonly source: Compiled;
}

/** Compiles `e` in `scope`, or null when it reads columns the scope does not have. */
function compileIn(e: Expr, scope: Scope, state: DatabaseState): Compiled | null {
  try {
    return compileExpr(e, scope, state);
  } catch (err) {
    if (err instanceof SqlError) return null;
    throw err;
  }
}

function hashable(a: Compiled, b: Compiled): boolean {
  if (a.dynamic || b.dynamic) return false;
  const x = a.type.kind;
  const y = b.type.kind;
  return (x === y && x !== 'NULL' && x !== 'DOCUMENT' && x !== 'DOCARRAY') || (isNumericKind(x) && isNumericKind(y));
}

/** The equalities of ON between a target-only and a source-only side (invariant 5). */
function equiKeys(on: Expr, target: Scope, source: Scope, state: DatabaseState): EquiKey[] {
  const out: EquiKey[] = [];
  for (const c of splitAnd(on)) {
    if (c.kind !== 'Binary' || c.op !== '=') continue;
    for (const [t, s] of [
      [c.left, c.right],
      [c.right, c.left],
    ] as const) {
      const tc = compileIn(t, target, state);
      const sc = tc === null ? null : compileIn(s, source, state);
      if (tc !== null && sc !== null && tc.refs >= 0 && sc.refs >= 0 && hashable(tc, sc)) {
        out.push({ target: tc, source: sc });
        break;
      }
    }
  }
  return out;
}

/** Where the source rows come from. */
type Source = { readonly kind: 'table'; readonly plan: RowSourcePlan; readonly width: number } | { readonly kind: 'query'; readonly plan: QueryPlan };

function sourceRows(source: Source, ctx: ExecContext): Row[] {
  if (source.kind === 'query') return source.plan.all(ctx).map((r) => r.slice());
  const out: Row[] = [];
  for (const [, row] of source.plan.rows(ctx)) out.push(fullRow(row, source.width));
  return out;
}

/** A MERGE planned against one schema version. */
class MergePlan implements StatementPlan {
  readonly ddl = false;

  constructor(
    readonly schemaVersion: number,
    private readonly table: Table,
    private readonly target: RowSourcePlan,
    private readonly source: Source,
    private readonly on: Compiled,
    private readonly matched: readonly Clause[],
    private readonly notMatched: readonly Clause[],
    private readonly rules: TableRules,
    /** the hash keys of invariant 5 (empty: nested loop) */
    private readonly keys: readonly EquiKey[],
    /** invariant 6: the INSERT, UPDATE and DELETE triggers the clauses may fire; null when there are none */
    private readonly triggers: MergeTriggers | null,
  ) {}

  /** For each source row, the target rows it may match (invariant 5), in target order. */
  private candidates(ctx: ExecContext, targets: readonly Value[][]): (src: Row) => readonly number[] {
    const all = targets.map((_, i) => i);
    if (this.keys.length === 0) return () => all;
    const n = this.table.slotCount;
    const map = new Map<string, number[]>();
    const values: Value[] = new Array<Value>(this.keys.length);
    targets.forEach((t, i) => {
      const both = t;
      for (let k = 0; k < this.keys.length; k++) values[k] = this.keys[k]!.target.eval(ctx, both);
      if (values.some((v) => v === null)) return;
      const key = compositeKey(values);
      const list = map.get(key);
      if (list === undefined) map.set(key, [i]);
      else list.push(i);
    });
    const pad: Value[] = new Array<Value>(n).fill(null);
    return (src) => {
      const both = pad.concat(src);
      for (let k = 0; k < this.keys.length; k++) values[k] = this.keys[k]!.source.eval(ctx, both);
      if (values.some((v) => v === null)) return [];
      return map.get(compositeKey(values)) ?? [];
    };
  }

  execute(ctx: ExecContext): ResultSet {
    const { table } = this;
    const n = table.slotCount;
    const sources = sourceRows(this.source, ctx);
    const rowids: number[] = [];
    const targets: Value[][] = [];
    for (const [rowid, row] of this.target.rows(ctx)) {
      rowids.push(rowid);
      targets.push(fullRow(row, n));
    }
    const blank: Value[] = new Array<Value>(n).fill(null);
    const matchedBy = new Set<number>();
    const candidates = this.candidates(ctx, targets);
    const trg = this.triggers;
    if (trg !== null) for (const t of trg.all) t.beforeStatementFire(ctx);
    const kept = trg === null ? null : keptRows(trg);
    let affected = 0;
    for (const src of sources) {
      let found = false;
      for (const i of candidates(src)) {
        const both = targets[i]!.concat(src);
        if (this.on.eval(ctx, both) !== true) continue;
        found = true;
        if (matchedBy.has(i)) {
          throw new SqlError(SqlState.CardinalityViolation, 'MERGE matched a target row with more than one source row', {
            detail: `A row of ${table.name} satisfies the ON condition for two source rows.`,
          });
        }
        matchedBy.add(i);
        const clause = this.matched.find((c) => c.condition === null || c.condition.eval(ctx, both) === true);
        if (clause !== undefined && this.applyMatched(ctx, clause, rowids[i]!, targets[i]!, both, kept)) affected++;
      }
      if (found) continue;
      const both = blank.concat(src);
      const clause = this.notMatched.find((c) => c.condition === null || c.condition.eval(ctx, both) === true);
      if (clause !== undefined && clause.kind === 'insert') {
        try {
          const row = this.insertRow(ctx, clause, both);
          ctx.tx.insert(table.defpos, row);
          if (trg?.insert != null) trg.insert.afterRowFire(ctx, null, row);
          kept?.inserted?.push(row);
        } catch (e) {
          throw atPosition(e, clause.position);
        }
        affected++;
      }
    }
    if (trg !== null) for (const t of trg.all) t.afterStatementFire(ctx, kept === null ? null : transitionRows(trg, t, kept));
    return affectedResult(affected);
  }

  /** Runs a WHEN MATCHED clause on one target row; true when a row was changed or deleted. */
  private applyMatched(ctx: ExecContext, clause: Clause, rowid: number, old: Value[], both: Row, kept: KeptRows | null): boolean {
    try {
      const trg = this.triggers;
      if (clause.kind === 'delete') {
        trg?.delete?.beforeRowFire(ctx, old, null);
        ctx.tx.delete(this.table.defpos, rowid, rowRules(ctx));
        fireActionTriggers(ctx);
        trg?.delete?.afterRowFire(ctx, old, null);
        kept?.deleted?.push(old);
        return true;
      }
      if (clause.kind !== 'update') return false;
      const row = old.slice();
      let changes = applyAssignments(ctx, clause.items, both, row);
      if (trg?.update != null && trg.update.beforeRow.length > 0) {
        trg.update.beforeRowFire(ctx, old, row);
        changes = rowChanges(old, row, changes);
      }
      computeGenerated(this.rules, ctx, row, changes);
      if (changes.length > 0) {
        checkRow(this.rules, ctx, row);
        ctx.tx.update(this.table.defpos, rowid, changes, rowRules(ctx));
        fireActionTriggers(ctx);
      }
      trg?.update?.afterRowFire(ctx, old, row);
      if (kept?.updated != null) {
        kept.updated.old.push(old);
        kept.updated.new.push(row);
      }
      return true;
    } catch (e) {
      throw atPosition(e, clause.position);
    }
  }

  /** The row a WHEN NOT MATCHED … INSERT clause makes, checked. */
  private insertRow(ctx: ExecContext, clause: Extract<Clause, { kind: 'insert' }>, both: Row): Value[] {
    const row: Value[] = new Array<Value>(this.table.slotCount).fill(null);
    const values = clause.values.map((v) => v.eval(ctx, both));
    clause.targets.forEach((c, i) => {
      const v = assignValue(values[i]!, c.type, c.name);
      row[c.slot] = c.type.kind === 'DOCUMENT' ? storedDocument(v) : v;
    });
    for (const slot of clause.defaults) row[slot] = storedDocument(defaultFor(this.rules, slot, ctx));
    this.triggers?.insert?.beforeRowFire(ctx, null, row);
    computeGenerated(this.rules, ctx, row);
    checkRow(this.rules, ctx, row);
    return row;
  }

  explain(ctx?: ExecContext): string[] {
    const src = this.source.kind === 'query' ? this.source.plan.explain(ctx) : this.source.plan.explain(ctx);
    const match =
      this.keys.length === 0 ? 'nested loop' : `hash on (${this.keys.map((k) => `${k.target.text} = ${k.source.text}`).join(', ')})`;
    return [
      `Merge into ${this.table.name} on ${this.on.text} (${match})`,
      ...this.target.explain(ctx).map((l) => `  target ${l}`),
      ...src.map((l) => `  source ${l}`),
      ...[...this.matched, ...this.notMatched].map((c) => `  when ${c.kind}${c.condition === null ? '' : ` and ${c.condition.text}`}`),
    ];
  }
}

function compileClause(w: MergeWhen, table: Table, scope: Scope, state: DatabaseState): Clause {
  const condition = w.condition === null ? null : compileExpr(w.condition, scope, state);
  if (condition !== null) checkBoolean(condition, 'WHEN', w.condition!.position);
  switch (w.kind) {
    case 'MatchedUpdate':
      return { kind: 'update', condition, items: compileAssignments(table, w.assignments, scope, state), position: w.position };
    case 'MatchedDelete':
      return { kind: 'delete', condition, position: w.position };
    case 'NotMatchedInsert': {
      // DEFAULT written for a column is that column left out (column-defaults.ts invariants 2 and 3)
      const shaped = w.values === null ? { targets: [], rows: [[]] } : valuesTargets(table, w.columns, [w.values], w.position);
      const written = shaped.rows[0]!;
      const targets = shaped.targets.filter((_, i) => written[i]?.kind !== 'DefaultValue');
      const values = written.filter((v) => v.kind !== 'DefaultValue');
      if (written.length !== shaped.targets.length) {
        throw new SqlError(
          SqlState.SyntaxErrorAt,
          `INSERT has ${written.length > shaped.targets.length ? 'more' : 'fewer'} expressions than target columns`,
          { position: w.position },
        );
      }
      const given = new Set(targets.map((c) => c.slot));
      const defaults = table.columns.filter((c) => !given.has(c.slot) && hasDefault(c)).map((c) => c.slot);
      return {
        kind: 'insert',
        condition,
        targets,
        values: values.map((v) => compileExpr(v, scope, state)),
        defaults,
        position: w.position,
      };
    }
  }
}

/** Plans a MERGE against `state`. */
export function planMerge(stmt: Merge, state: DatabaseState): StatementPlan {
  const table = state.tableByName(stmt.table);
  if (table === undefined) throw noSuchTable(stmt.table, stmt.position);
  let source: Source;
  let srcScope: Scope;
  let srcWidth: number;
  if (stmt.source.kind === 'MergeTable') {
    const st = state.tableByName(stmt.source.name);
    if (st === undefined) throw SqlError.of(SqlState.UndefinedTable, [stmt.source.name], { position: stmt.position });
    const name = stmt.sourceAlias ?? st.name;
    srcScope = Scope.forTableAt(st, name, 0, null, 1);
    srcWidth = st.slotCount;
    source = { kind: 'table', plan: planTableRows(st, name, null, state), width: srcWidth };
  } else {
    const plan = planQuery(stmt.source.query, state);
    source = { kind: 'query', plan };
    srcScope = Scope.forColumns(stmt.sourceAlias, plan.columns, plan.types, 0, null, 1);
    srcWidth = plan.columns.length;
  }
  const targetScope = Scope.forTable(table, stmt.alias ?? table.name);
  const scope = new Scope([...targetScope.entries, ...srcScope.shifted(table.slotCount)], table.slotCount + srcWidth, 0, null);
  const on = compileExpr(stmt.on, scope, state);
  checkBoolean(on, 'ON', stmt.on.position);
  const clauses = stmt.clauses.map((w) => compileClause(w, table, scope, state));
  const matched = clauses.filter((c) => c.kind !== 'insert');
  const notMatched = clauses.filter((c) => c.kind === 'insert');
  const target = planTableRows(table, stmt.alias, null, state);
  const width = table.slotCount + srcWidth;
  const keys = equiKeys(
    stmt.on,
    new Scope(targetScope.entries, width, 0, null),
    new Scope(srcScope.shifted(table.slotCount), width, 0, null),
    state,
  );
  return new MergePlan(state.schemaVersion, table, target, source, on, matched, notMatched, tableRules(table, state), keys, mergeTriggers(clauses, table, state));
}

/** The rows of one MERGE execution, by event, kept for transition tables (null where no trigger needs them). */
interface KeptRows {
  readonly inserted: Row[] | null;
  readonly updated: { readonly old: Row[]; readonly new: Row[] } | null;
  readonly deleted: Row[] | null;
}

function keptRows(trg: MergeTriggers): KeptRows | null {
  const k = {
    inserted: trg.insert?.keepsRows === true ? [] : null,
    updated: trg.update?.keepsRows === true ? { old: [], new: [] } : null,
    deleted: trg.delete?.keepsRows === true ? [] : null,
  };
  return k.inserted === null && k.updated === null && k.deleted === null ? null : k;
}

/** The transition rows of `t`'s event. */
function transitionRows(trg: MergeTriggers, t: TableTriggers, kept: KeptRows): TransitionRows | null {
  if (t === trg.insert) return kept.inserted === null ? null : { old: null, new: kept.inserted };
  if (t === trg.update) return kept.updated;
  return kept.deleted === null ? null : { old: kept.deleted, new: null };
}

/** The triggers a MERGE fires, by event (invariant 6). */
interface MergeTriggers {
  readonly insert: TableTriggers | null;
  readonly update: TableTriggers | null;
  readonly delete: TableTriggers | null;
  /** the non-null ones, in INSERT, UPDATE, DELETE order */
  readonly all: readonly TableTriggers[];
}

function mergeTriggers(clauses: readonly Clause[], table: Table, state: DatabaseState): MergeTriggers | null {
  if (state.triggersOn(table.defpos).length === 0) return null;
  const has = (k: Clause['kind']): boolean => clauses.some((c) => c.kind === k);
  const setColumns = new Set(clauses.flatMap((c) => (c.kind === 'update' ? c.items.map((i) => i.column.defpos) : [])));
  const insert = has('insert') ? tableTriggers(state, table.defpos, table, table.columns, TriggerEventCode.Insert) : null;
  const update = has('update') ? tableTriggers(state, table.defpos, table, table.columns, TriggerEventCode.Update, setColumns) : null;
  const del = has('delete') ? tableTriggers(state, table.defpos, table, table.columns, TriggerEventCode.Delete) : null;
  const all = [insert, update, del].filter((t): t is TableTriggers => t !== null);
  return all.length === 0 ? null : { insert, update, delete: del, all };
}
