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
 * 5. Matching is a nested loop over the rows read in invariant 1 (source rows × target rows).
 */
import { SqlError, SqlState } from '../../common/errors';
import { assignValue } from '../../common/values/cast';
import type { Row, Value } from '../../common/values/value';
import type { DatabaseState } from '../../level3-objects/database-state';
import type { Table } from '../../level3-objects/table';
import type { TableColumn } from '../../level3-objects/table-column';
import type { ExecContext } from '../context';
import { compileExpr } from '../eval/compile';
import type { Compiled } from '../eval/compiled';
import { Scope } from '../eval/scope';
import { atPosition, checkBoolean } from '../eval/type-rules';
import type { Merge, MergeWhen } from '../parse';
import { type QueryPlan, planQuery, planTableRows, type RowSourcePlan } from '../plan/planner';
import { rowRules } from './row-rules';
import { applyAssignments, compileAssignments, fullRow, type SetItem } from './assignments';
import { insertTargets } from './insert';
import { storedDocument } from './document-values';
import { affectedResult, type ResultSet } from './result';
import type { StatementPlan } from './statement-plan';
import { checkRow, computeGenerated, defaultFor, type TableRules, tableRules } from './table-rules';

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
  ) {}

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
    let affected = 0;
    for (const src of sources) {
      let found = false;
      for (let i = 0; i < targets.length; i++) {
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
        if (clause !== undefined && this.applyMatched(ctx, clause, rowids[i]!, targets[i]!, both)) affected++;
      }
      if (found) continue;
      const both = blank.concat(src);
      const clause = this.notMatched.find((c) => c.condition === null || c.condition.eval(ctx, both) === true);
      if (clause !== undefined && clause.kind === 'insert') {
        try {
          ctx.tx.insert(table.defpos, this.insertRow(ctx, clause, both));
        } catch (e) {
          throw atPosition(e, clause.position);
        }
        affected++;
      }
    }
    return affectedResult(affected);
  }

  /** Runs a WHEN MATCHED clause on one target row; true when a row was changed or deleted. */
  private applyMatched(ctx: ExecContext, clause: Clause, rowid: number, old: Value[], both: Row): boolean {
    try {
      if (clause.kind === 'delete') {
        ctx.tx.delete(this.table.defpos, rowid, rowRules(ctx));
        return true;
      }
      if (clause.kind !== 'update') return false;
      const row = old.slice();
      const changes = applyAssignments(ctx, clause.items, both, row);
      computeGenerated(this.rules, ctx, row, changes);
      if (changes.length > 0) {
        checkRow(this.rules, ctx, row);
        ctx.tx.update(this.table.defpos, rowid, changes, rowRules(ctx));
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
    computeGenerated(this.rules, ctx, row);
    checkRow(this.rules, ctx, row);
    return row;
  }

  explain(ctx?: ExecContext): string[] {
    const src = this.source.kind === 'query' ? this.source.plan.explain(ctx) : this.source.plan.explain(ctx);
    return [
      `Merge into ${this.table.name} on ${this.on.text}`,
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
      const targets = insertTargets(table, w.values === null ? [] : w.columns, w.position);
      const values = w.values ?? [];
      if (values.length !== targets.length) {
        throw new SqlError(
          SqlState.SyntaxErrorAt,
          `INSERT has ${values.length > targets.length ? 'more' : 'fewer'} expressions than target columns`,
          { position: w.position },
        );
      }
      const given = new Set(targets.map((c) => c.slot));
      const defaults = table.columns.filter((c) => !given.has(c.slot) && c.defaultSql !== null).map((c) => c.slot);
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
  if (table === undefined) throw SqlError.of(SqlState.UndefinedTable, [stmt.table], { position: stmt.position });
  let source: Source;
  let srcScope: Scope;
  let width: number;
  if (stmt.source.kind === 'MergeTable') {
    const st = state.tableByName(stmt.source.name);
    if (st === undefined) throw SqlError.of(SqlState.UndefinedTable, [stmt.source.name], { position: stmt.position });
    const name = stmt.sourceAlias ?? st.name;
    srcScope = Scope.forTableAt(st, name, 0, null, 1);
    width = st.slotCount;
    source = { kind: 'table', plan: planTableRows(st, name, null, state), width };
  } else {
    const plan = planQuery(stmt.source.query, state);
    source = { kind: 'query', plan };
    srcScope = Scope.forColumns(stmt.sourceAlias, plan.columns, plan.types, 0, null, 1);
    width = plan.columns.length;
  }
  const targetScope = Scope.forTable(table, stmt.alias ?? table.name);
  const scope = new Scope([...targetScope.entries, ...srcScope.shifted(table.slotCount)], table.slotCount + width, 0, null);
  const on = compileExpr(stmt.on, scope, state);
  checkBoolean(on, 'ON', stmt.on.position);
  const clauses = stmt.clauses.map((w) => compileClause(w, table, scope, state));
  const matched = clauses.filter((c) => c.kind !== 'insert');
  const notMatched = clauses.filter((c) => c.kind === 'insert');
  const target = planTableRows(table, stmt.alias, null, state);
  return new MergePlan(state.schemaVersion, table, target, source, on, matched, notMatched, tableRules(table, state));
}
