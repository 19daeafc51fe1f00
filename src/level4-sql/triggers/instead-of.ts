/**
 * src/level4-sql/triggers/instead-of.ts — INSERT, UPDATE and DELETE on a view that has INSTEAD OF triggers for
 * the event: the triggers run for each row the statement would change, and the view's base tables are left
 * alone (except as the triggers change them).
 *
 * 1. Only when the view has an INSTEAD OF trigger for the event; otherwise the statement goes through the view
 *    as usual (views/view-dml.ts), so a view that is not updatable becomes writable by its triggers.
 * 2. The rows are all found before the first trigger runs: INSERT's VALUES or query, the view rows matching
 *    UPDATE's and DELETE's WHERE (the view is read as in a query). A row has the view's columns, in order;
 *    INSERT leaves the columns it does not name NULL (a view has no DEFAULTs), UPDATE computes each SET
 *    value over the old row.
 * 3. rowsAffected counts the rows the triggers ran for. ON CONFLICT and RETURNING are not supported on such
 *    a view (0A000).
 */
import { assert } from '../../common/assert';
import { SqlError, SqlState } from '../../common/errors';
import type { Row, Value } from '../../common/values/value';
import { TriggerEventCode } from '../../level2-physical/physical';
import type { DatabaseState } from '../../level3-objects/database-state';
import type { View } from '../../level3-objects/view';
import type { ExecContext } from '../context';
import { compileExpr } from '../eval/compile';
import type { Compiled } from '../eval/compiled';
import { Scope } from '../eval/scope';
import { type Delete, type Expr, type Insert, parseStatement, type Update } from '../parse';
import { planQuery, type QueryPlan } from '../plan/planner';
import { affectedResult, type ResultSet } from '../statements/result';
import type { StatementPlan } from '../statements/statement-plan';
import { viewRowColumns } from './create-trigger';
import type { RowColumn } from './row-references';
import { type TableTriggers, tableTriggers } from './table-triggers';

function insteadTriggers(view: View, state: DatabaseState, event: TriggerEventCode): { triggers: TableTriggers; columns: RowColumn[] } | null {
  if (state.triggersOn(view.defpos).length === 0) return null;
  const columns = viewRowColumns(state, view.defpos);
  const triggers = tableTriggers(state, view.defpos, null, columns, event);
  return triggers === null || triggers.insteadRow.length === 0 ? null : { triggers, columns };
}

function unsupported(what: string, position: number): SqlError {
  return SqlError.of(SqlState.FeatureNotSupported, [`${what} on a view with INSTEAD OF triggers`], { position });
}

/** The view rows matching `where` (invariant 2), planned as `SELECT * FROM view [alias] WHERE …`. */
function matchingRows(view: View, alias: string | null, where: Expr | null, state: DatabaseState): QueryPlan {
  const q = parseStatement(`SELECT * FROM "${view.name.replace(/"/g, '""')}"${alias === null ? '' : ` AS "${alias.replace(/"/g, '""')}"`}`);
  assert(q.kind === 'Select' && q.query.body.kind === 'SelectCore', 'SELECT * FROM view parses to a SELECT core');
  q.query.body.where = where;
  return planQuery(q.query, state);
}

function plan(state: DatabaseState, text: string, run: (ctx: ExecContext) => number): StatementPlan {
  return { schemaVersion: state.schemaVersion, ddl: false, execute: (ctx): ResultSet => affectedResult(run(ctx)), explain: () => [text] };
}

/** INSERT into a view with INSTEAD OF INSERT triggers, else null (invariant 1). */
export function planInsteadOfInsert(stmt: Insert, state: DatabaseState): StatementPlan | null {
  const view = state.viewByName(stmt.table);
  const found = view === undefined ? null : insteadTriggers(view, state, TriggerEventCode.Insert);
  if (found === null) return null;
  if ((stmt.conflict ?? null) !== null) throw unsupported('ON CONFLICT', stmt.position);
  if ((stmt.returning ?? null) !== null) throw unsupported('RETURNING', stmt.position);
  const { triggers, columns } = found;
  const names = stmt.columns ?? columns.map((c) => c.name);
  const slots = names.map((n) => {
    const c = columns.find((x) => x.name === n);
    if (c === undefined) throw SqlError.of(SqlState.UndefinedColumn, [n], { position: stmt.position });
    return c.slot;
  });
  const src = stmt.source;
  let rows: ((ctx: ExecContext) => Value[][]) | null = null;
  if (src.kind === 'InsertDefaultValues') rows = () => [[]];
  else if (src.kind === 'InsertValues') {
    const compiled: Compiled[][] = src.rows.map((r) => {
      if (r.length !== slots.length) throw new SqlError(SqlState.SyntaxErrorAt, `INSERT has ${r.length > slots.length ? 'more' : 'fewer'} expressions than target columns`, { position: r[0]?.position ?? src.position });
      return r.map((e) => compileExpr(e, Scope.empty(), state));
    });
    rows = (ctx) => compiled.map((r) => r.map((c) => c.eval(ctx, null)));
  } else {
    const q = planQuery(src.query, state);
    if (q.columns.length !== slots.length) throw new SqlError(SqlState.SyntaxErrorAt, `INSERT has ${q.columns.length > slots.length ? 'more' : 'fewer'} columns in its query than target columns`, { position: src.position });
    rows = (ctx) => q.all(ctx).map((r) => r.slice());
  }
  const width = columns.length;
  const given = src.kind === 'InsertDefaultValues' ? [] : slots;
  return plan(state, `Insert into ${view!.name} (instead of triggers)`, (ctx) => {
    const all = rows!(ctx);
    for (const values of all) {
      const row: Value[] = new Array(width).fill(null);
      for (let i = 0; i < given.length; i++) row[given[i]!] = values[i] ?? null;
      triggers.insteadRowFire(ctx, null, row);
    }
    return all.length;
  });
}

/** UPDATE of a view with INSTEAD OF UPDATE triggers, else null (invariant 1). */
export function planInsteadOfUpdate(stmt: Update, state: DatabaseState): StatementPlan | null {
  const view = state.viewByName(stmt.table);
  const found = view === undefined ? null : insteadTriggers(view, state, TriggerEventCode.Update);
  if (found === null) return null;
  if ((stmt.returning ?? null) !== null) throw unsupported('RETURNING', stmt.position);
  const { triggers, columns } = found;
  const q = matchingRows(view!, stmt.alias, stmt.where, state);
  const scope = Scope.forColumns(stmt.alias ?? view!.name, columns.map((c) => c.name), columns.map((c) => c.type), 0, null, 0);
  const sets = stmt.assignments.map((a) => {
    const c = columns.find((x) => x.name === a.column);
    if (c === undefined) throw SqlError.of(SqlState.UndefinedColumn, [a.column], { position: a.position });
    return { slot: c.slot, value: compileExpr(a.value, scope, state) };
  });
  return plan(state, `Update ${view!.name} (instead of triggers)`, (ctx) => {
    const olds: Row[] = q.all(ctx).map((r) => r.slice());
    const news = olds.map((old) => {
      const row = old.slice();
      for (const s of sets) row[s.slot] = s.value.eval(ctx, old);
      return row;
    });
    for (let i = 0; i < olds.length; i++) triggers.insteadRowFire(ctx, olds[i]!, news[i]!);
    return olds.length;
  });
}

/** DELETE from a view with INSTEAD OF DELETE triggers, else null (invariant 1). */
export function planInsteadOfDelete(stmt: Delete, state: DatabaseState): StatementPlan | null {
  const view = state.viewByName(stmt.table);
  const found = view === undefined ? null : insteadTriggers(view, state, TriggerEventCode.Delete);
  if (found === null) return null;
  if ((stmt.returning ?? null) !== null) throw unsupported('RETURNING', stmt.position);
  const q = matchingRows(view!, stmt.alias, stmt.where, state);
  return plan(state, `Delete from ${view!.name} (instead of triggers)`, (ctx) => {
    const olds: Row[] = q.all(ctx).map((r) => r.slice());
    for (const old of olds) found.triggers.insteadRowFire(ctx, old, null);
    return olds.length;
  });
}
