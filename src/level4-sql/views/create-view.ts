/**
 * src/level4-sql/views/create-view.ts — executes CREATE [OR REPLACE] VIEW and DROP VIEW.
 *
 * 1. The query is planned against the transaction's state before anything is recorded: it must be valid
 *    (every name resolves, types check), use no parameters (42P02 has no meaning in a stored query: 0A000),
 *    and give as many columns as the column list names (42601) with no name twice (42701).
 * 2. The stored text is the query exactly as written (`text.slice(query.position, query.end)`).
 * 3. A name taken by a table is 42P07 (42809 with OR REPLACE, which only replaces views); a view name is
 *    42P07 without OR REPLACE. A replacement that would read itself, directly or through other views, is
 *    42P17; the views that read the replaced view are planned again against the new definition, and one
 *    that no longer plans makes the statement fail with 2BP01 (its own error in the detail).
 * 4. WITH [CASCADED | LOCAL] CHECK OPTION needs a view that INSERT and UPDATE reach one base table through
 *    (0A000 otherwise: view-dml.ts invariant 5); the option is recorded with the view (a PViewChecked).
 * 5. DROP VIEW of a table is 42809 (and DROP TABLE of a view, statements/drop.ts); a view other views read
 *    is refused with 2BP01 unless CASCADE.
 */
import { SqlError, SqlState } from '../../common/errors';
import type { DatabaseState } from '../../level3-objects/database-state';
import { ViewCheckCode } from '../../level2-physical/physical';
import type { Transaction } from '../../level3-objects/transaction';
import type { CreateView, DropView } from '../parse';
import { planQuery } from '../plan/planner';
import { statementParameters } from '../statements/ast-walk';
import { queryTypeDependencies } from '../routines/body-dependencies';
import { queryDependencies } from './view-dependencies';
import { checkOptionAllowed } from './view-dml';
import { viewQuery } from './view-query';

/** The output column names a view with this definition has (invariant 1). */
function checkedColumns(stmt: CreateView, state: DatabaseState): string[] {
  const params = statementParameters({ kind: 'Select', query: stmt.query, position: stmt.query.position, end: stmt.query.end });
  if (params.positional > 0 || params.named.size > 0) {
    // ast-walk.ts does not count them as the statement's, so this is reached with no value bound
    throw SqlError.of(SqlState.FeatureNotSupported, ['parameters in a view definition'], { position: stmt.query.position });
  }
  const plan = planQuery(stmt.query, state);
  let names = plan.columns.slice();
  if (stmt.columns !== null) {
    if (stmt.columns.length !== names.length) {
      const more = stmt.columns.length > names.length;
      throw new SqlError(SqlState.SyntaxErrorAt, `CREATE VIEW specifies ${more ? 'more' : 'fewer'} column names than the query has columns`, {
        position: stmt.position,
        detail: `View ${stmt.name} names ${stmt.columns.length} columns; its query has ${names.length}.`,
      });
    }
    names = stmt.columns;
  }
  const seen = new Set<string>();
  for (const n of names) {
    if (seen.has(n)) throw SqlError.of(SqlState.DuplicateColumn, [n], { position: stmt.position, detail: `View ${stmt.name} would have two columns named ${n}.` });
    seen.add(n);
  }
  return names;
}

/** True when view `from` reads `target`, directly or through other views. */
function reads(state: DatabaseState, from: readonly number[], target: number, seen = new Set<number>()): boolean {
  for (const u of from) {
    if (u === target) return true;
    if (seen.has(u)) continue;
    seen.add(u);
    const v = state.view(u);
    if (v !== undefined && reads(state, v.uses, target, seen)) return true;
  }
  return false;
}

/** Plans every view that reads `defpos` (transitively) against the current state (invariant 3). */
function replanDependents(tx: Transaction, defpos: number, name: string, seen = new Set<number>()): void {
  const state = tx.state;
  for (const v of state.dependentViews(defpos)) {
    if (seen.has(v.defpos)) continue;
    seen.add(v.defpos);
    try {
      planQuery(viewQuery(v), state);
    } catch (e) {
      if (!(e instanceof SqlError)) throw e;
      throw SqlError.of(SqlState.DependentObjectsStillExist, [`drop the old definition of view ${name}`, `view ${v.name}`], {
        detail: `With the new definition, view ${v.name} fails: ${e.message}.`,
      });
    }
    replanDependents(tx, v.defpos, name, seen);
  }
}

/** Runs CREATE [OR REPLACE] VIEW (see the file header). */
export function createView(tx: Transaction, stmt: CreateView, sql: string): void {
  const state = tx.state;
  if (state.tableByName(stmt.name) !== undefined) {
    if (stmt.orReplace) throw SqlError.of(SqlState.WrongObjectType, [stmt.name, 'view'], { position: stmt.position });
    throw SqlError.of(SqlState.DuplicateTable, [stmt.name], { position: stmt.position });
  }
  const old = state.viewByName(stmt.name);
  if (old !== undefined && !stmt.orReplace) throw SqlError.of(SqlState.DuplicateTable, [stmt.name], { position: stmt.position });
  const names = checkedColumns(stmt, state);
  const columns = stmt.columns === null ? [] : names;
  const uses = [...queryDependencies(stmt.query, state), ...queryTypeDependencies(stmt.query, state)];
  if (old !== undefined && reads(state, uses, old.defpos)) {
    throw SqlError.of(SqlState.InvalidObjectDefinition, [`view ${stmt.name} would read itself`], { position: stmt.query.position });
  }
  const text = sql.slice(stmt.query.position, stmt.query.end);
  const check = stmt.checkOption === null ? ViewCheckCode.None : stmt.checkOption === 'LOCAL' ? ViewCheckCode.Local : ViewCheckCode.Cascaded;
  if (check !== ViewCheckCode.None) checkOptionAllowed({ defpos: -1, name: stmt.name, columns, sql: text, uses, check }, state, stmt.position);
  const defpos = tx.createView({ name: stmt.name, columns, sql: text, uses, check, ...(old === undefined ? {} : { replaces: old.defpos }) });
  if (old !== undefined) replanDependents(tx, defpos, stmt.name);
}

/** Runs DROP VIEW; returns false when IF EXISTS found nothing (invariant 4). */
export function dropView(tx: Transaction, stmt: DropView): boolean {
  const state = tx.state;
  const view = state.viewByName(stmt.name);
  if (view === undefined) {
    if (state.tableByName(stmt.name) !== undefined) {
      throw SqlError.of(SqlState.WrongObjectType, [stmt.name, 'view'], { position: stmt.position, hint: 'Use DROP TABLE to drop a table.' });
    }
    if (stmt.ifExists) return false;
    throw SqlError.of(SqlState.UndefinedTable, [stmt.name], { position: stmt.position });
  }
  tx.drop(view.defpos, stmt.cascade);
  return true;
}
