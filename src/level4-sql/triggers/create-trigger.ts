/**
 * src/level4-sql/triggers/create-trigger.ts — executes CREATE TRIGGER and DROP TRIGGER.
 *
 * 1. Checked before anything is recorded: the name is free (42710; IF NOT EXISTS makes a clash a no-op), the
 *    table or view exists (42P01); BEFORE and AFTER triggers are on tables, INSTEAD OF triggers on views
 *    (42809); UPDATE OF names columns of the table (42703), and only for UPDATE; REFERENCING names rows
 *    the event has (OLD: UPDATE and DELETE, NEW: INSERT and UPDATE) in a row trigger, and transition tables
 *    only in AFTER triggers, row or statement (42P17, the standard's rule); the body uses no `?` or `@name` (0A000, as in a view).
 * 2. The WHEN condition and body are compiled against the current schema (compiled-trigger.ts), so an
 *    unknown table or column, or a SET in a trigger that may not set, is an error now and not at the first
 *    firing (Pyrrho's behaviour; SQLite checks late).
 * 3. The stored text is the whole statement as written; `uses` are the tables, views, routines and structured
 *    types the WHEN and body name (routines/body-dependencies.ts), other than the trigger's own table (transaction-ddl.ts invariant 7 says what that does to DROP).
 * 4. DROP TRIGGER of an unknown name is 42704 (IF EXISTS: nothing happens).
 */
import { SqlError, SqlState } from '../../common/errors';
import type { DatabaseState } from '../../level3-objects/database-state';
import type { Table } from '../../level3-objects/table';
import type { Transaction } from '../../level3-objects/transaction';
import type { CreateTrigger, DropTrigger } from '../parse';
import { bodyDependencies } from '../routines/body-dependencies';
import { bodyStatements } from './simple-body';
import { planQuery } from '../plan/planner';
import { statementParameters } from '../statements/ast-walk';
import { viewQuery } from '../views/view-query';
import { compileProgram } from './compiled-trigger';
import type { RowColumn } from './row-references';
import { planBody } from './table-triggers';
import { EVENT_CODES, TIMING_CODES, triggerDefinition } from './trigger-definition';

/** The columns of a view's rows, as an INSTEAD OF trigger sees them. */
export function viewRowColumns(state: DatabaseState, defpos: number): RowColumn[] {
  const v = state.view(defpos)!;
  const plan = planQuery(viewQuery(v), state);
  const names = v.columns.length > 0 ? v.columns : plan.columns;
  return names.map((name, slot) => ({ name, slot, type: plan.types[slot]! }));
}

function refuse(message: string, position: number): SqlError {
  return SqlError.of(SqlState.InvalidObjectDefinition, [message], { position });
}

/** REFERENCING and timing rules (invariant 1). */
function checkReferencing(stmt: CreateTrigger): void {
  const r = stmt.referencing;
  const at = stmt.position;
  if (stmt.timing === 'INSTEAD OF' && !stmt.forEachRow) throw refuse('an INSTEAD OF trigger fires FOR EACH ROW', at);
  if (r.oldRow !== null || r.newRow !== null) {
    if (!stmt.forEachRow) throw refuse('a FOR EACH STATEMENT trigger has no OLD or NEW row', at);
  }
  if (stmt.event === 'INSERT' && (r.oldRow !== null || r.oldTable !== null)) throw refuse('an INSERT trigger has no OLD row or table', at);
  if (stmt.event === 'DELETE' && (r.newRow !== null || r.newTable !== null)) throw refuse('a DELETE trigger has no NEW row or table', at);
  if ((r.oldTable !== null || r.newTable !== null) && stmt.timing !== 'AFTER') throw refuse('only an AFTER trigger has transition tables', at);
}

/** Runs CREATE TRIGGER (see the file header); false when IF NOT EXISTS found the name taken. */
export function createTrigger(tx: Transaction, stmt: CreateTrigger, sql: string): boolean {
  const state = tx.state;
  if (state.triggerByName(stmt.name) !== undefined) {
    if (stmt.ifNotExists) return false;
    throw SqlError.of(SqlState.DuplicateObject, [`trigger ${stmt.name}`], { position: stmt.position });
  }
  const table: Table | undefined = state.tableByName(stmt.table);
  const view = table === undefined ? state.viewByName(stmt.table) : undefined;
  if (table === undefined && view === undefined) throw SqlError.of(SqlState.UndefinedTable, [stmt.table], { position: stmt.tablePosition });
  if (stmt.timing === 'INSTEAD OF' && table !== undefined) {
    throw SqlError.of(SqlState.WrongObjectType, [stmt.table, 'view'], { position: stmt.tablePosition, detail: 'INSTEAD OF triggers are on views.' });
  }
  if (stmt.timing !== 'INSTEAD OF' && view !== undefined) {
    throw SqlError.of(SqlState.WrongObjectType, [stmt.table, 'table'], { position: stmt.tablePosition, detail: `${stmt.timing} triggers are on tables; a view takes INSTEAD OF triggers.` });
  }
  checkReferencing(stmt);
  const columns: number[] = [];
  if (stmt.columns !== null) {
    if (table === undefined) throw SqlError.of(SqlState.FeatureNotSupported, ['UPDATE OF columns in a trigger on a view'], { position: stmt.columnsPosition });
    for (const n of stmt.columns) {
      const c = table.columns.find((x) => x.name === n);
      if (c === undefined) throw SqlError.of(SqlState.UndefinedColumn, [n], { position: stmt.columnsPosition });
      if (!columns.includes(c.defpos)) columns.push(c.defpos);
    }
  }
  for (const a of bodyStatements(stmt.body)) {
    const p = statementParameters(a);
    if (p.positional > 0 || p.named.size > 0) throw SqlError.of(SqlState.FeatureNotSupported, ['parameters in a trigger body'], { position: a.position });
  }
  const text = sql.slice(stmt.position, stmt.end);
  const skip = new Set([stmt.referencing.oldTable, stmt.referencing.newTable].filter((n): n is string => n !== null));
  const defpos = (table ?? view)!.defpos;
  const uses = bodyDependencies(stmt.body, stmt.when, state, { skip, strict: true }).filter((d) => d !== defpos);
  // invariant 2: compile a fresh parse of the stored text, as firing will
  const rowColumns = table !== undefined ? table.columns : viewRowColumns(state, defpos);
  compileProgram(triggerDefinition({ name: stmt.name, sql: text }), text, table ?? null, rowColumns, state, planBody);
  tx.createTrigger({
    name: stmt.name,
    table: defpos,
    timing: TIMING_CODES[stmt.timing],
    event: EVENT_CODES[stmt.event],
    forEachRow: stmt.forEachRow,
    columns,
    sql: text,
    uses,
  });
  return true;
}

/** Runs DROP TRIGGER; false when IF EXISTS found nothing (invariant 4). */
export function dropTrigger(tx: Transaction, stmt: DropTrigger): boolean {
  const t = tx.state.triggerByName(stmt.name);
  if (t === undefined) {
    if (stmt.ifExists) return false;
    throw SqlError.of(SqlState.UndefinedObject, [`trigger ${stmt.name}`], { position: stmt.position });
  }
  tx.drop(t.defpos);
  return true;
}
