/**
 * src/level4-sql/access/statement-access.ts — the privilege check of every statement: what a plan needs
 * (collected while it is planned) against what the session's user and role hold.
 *
 * 1. A plan's needs are the privileges on its targets (INSERT/UPDATE/DELETE with the columns written, taken
 *    from the statement) plus what planning noted (access-recorder.ts: SELECT on tables, views and columns
 *    read). DML through a view needs the privilege on the view only.
 * 2. Schema statements (CREATE/DROP/ALTER of tables, indexes, views, users and roles, REINDEX) are for the
 *    owner alone. GRANT and REVOKE check the grant option when they run (access-statements.ts); ALTER USER
 *    lets users change their own password.
 * 3. The check runs before every execution, against the session's `AuthInfo` for the state the statement runs
 *    on (auth.ts invariant 3); a plan remembers the last AuthInfo it passed, so a repeated statement costs one
 *    WeakMap lookup. The owner skips the check.
 */
import { SqlError, SqlState } from '../../common/errors';
import type { DatabaseState } from '../../level3-objects/database-state';
import { Privilege, type AccessNeed } from '../../level3-objects/security';
import { columnByName, type Table } from '../../level3-objects/table';
import type { Statement } from '../parse';
import type { StatementPlan } from '../statements/statement-plan';
import { collectAccess, noteColumn, noteTable, withoutAccess } from './access-recorder';
import type { AuthInfo } from './auth';

/** Statement kinds only the owner may run (invariant 2). */
const OWNER_ONLY: ReadonlyMap<string, string> = new Map([
  ['CreateTable', 'CREATE TABLE'],
  ['DropTable', 'DROP TABLE'],
  ['DropObject', 'DROP'],
  ['CreateIndex', 'CREATE INDEX'],
  ['DropIndex', 'DROP INDEX'],
  ['AlterTable', 'ALTER TABLE'],
  ['AlterIndex', 'ALTER INDEX'],
  ['CreateTableAs', 'CREATE TABLE'],
  ['CreateView', 'CREATE VIEW'],
  ['DropView', 'DROP VIEW'],
  ['Reindex', 'REINDEX'],
  ['CreateUser', 'CREATE USER'],
  ['CreateRole', 'CREATE ROLE'],
  ['DropPrincipal', 'DROP USER or ROLE'],
]);

const PLAN_NEEDS = new WeakMap<StatementPlan, readonly AccessNeed[]>();
const PASSED = new WeakMap<StatementPlan, AuthInfo>();

/** Notes `privilege` on the columns named (all of the table's when `names` is null). */
function noteColumns(privilege: Privilege, table: Table, names: readonly string[] | null): void {
  noteTable(privilege, table.defpos);
  const cols = names === null ? table.columns : names.map((n) => columnByName(table, n)).filter((c) => c !== undefined);
  for (const c of cols) noteColumn(privilege, table.defpos, c.defpos, c.name);
}

/** The view a DML statement targets, when its target is a view (invariant 1). */
function viewTarget(stmt: Statement, state: DatabaseState): number | null {
  if (stmt.kind !== 'Insert' && stmt.kind !== 'Update' && stmt.kind !== 'Delete') return null;
  if (state.tableByName(stmt.table) !== undefined) return null;
  return state.viewByName(stmt.table)?.defpos ?? null;
}

/** Notes the privileges on a statement's targets (invariant 1). */
function noteTargets(stmt: Statement, state: DatabaseState): void {
  switch (stmt.kind) {
    case 'Insert':
    case 'Update':
    case 'Delete': {
      const privilege = stmt.kind === 'Insert' ? Privilege.Insert : stmt.kind === 'Update' ? Privilege.Update : Privilege.Delete;
      const view = viewTarget(stmt, state);
      if (view !== null) return noteTable(privilege, view);
      const t = state.tableByName(stmt.table);
      if (t === undefined) return;
      if (stmt.kind === 'Insert') {
        noteColumns(Privilege.Insert, t, stmt.columns);
        const c = stmt.conflict;
        if (c?.kind === 'DoUpdate') noteColumns(Privilege.Update, t, c.assignments.map((a) => a.column));
        if (c?.kind === 'Replace') noteColumns(Privilege.Update, t, null);
      } else if (stmt.kind === 'Update') noteColumns(Privilege.Update, t, stmt.assignments.map((a) => a.column));
      else noteTable(Privilege.Delete, t.defpos);
      return;
    }
    case 'Merge': {
      const t = state.tableByName(stmt.table);
      if (t === undefined) return;
      for (const w of stmt.clauses) {
        if (w.kind === 'MatchedUpdate') noteColumns(Privilege.Update, t, w.assignments.map((a) => a.column));
        else if (w.kind === 'MatchedDelete') noteTable(Privilege.Delete, t.defpos);
        else noteColumns(Privilege.Insert, t, w.columns);
      }
      if (stmt.source.kind === 'MergeTable') {
        const s = state.tableByName(stmt.source.name);
        if (s !== undefined) noteColumns(Privilege.Select, s, null);
      }
      return;
    }
    case 'Explain':
      return noteTargets(stmt.statement, state);
    default:
      return;
  }
}

/** Plans `stmt` through `plan`, remembering what the plan needs (invariant 1). */
export function planWithAccess(stmt: Statement, state: DatabaseState, plan: () => StatementPlan): StatementPlan {
  const view = viewTarget(stmt, state);
  const { result, needs } = collectAccess(state, () => {
    noteTargets(stmt, state);
    return view === null ? plan() : withoutAccess(plan);
  });
  if (needs.length > 0) PLAN_NEEDS.set(result, needs);
  return result;
}

/** The kind an owner-only check applies to: EXPLAIN's statement, or the statement itself. */
function innerKind(stmt: Statement): Statement {
  return stmt.kind === 'Explain' ? innerKind(stmt.statement) : stmt;
}

/** Refuses with 42501 when the session may not run `stmt` as planned (invariants 2, 3). */
export function authorize(stmt: Statement, plan: StatementPlan, auth: AuthInfo): void {
  if (auth.owner) return;
  const inner = innerKind(stmt);
  const ownerOnly = OWNER_ONLY.get(inner.kind);
  if (ownerOnly !== undefined) {
    throw SqlError.of(SqlState.InsufficientPrivilege, [ownerOnly], { detail: 'Only the owner of the database may change its schema, users and roles.', position: stmt.position });
  }
  const needs = PLAN_NEEDS.get(plan);
  if (needs === undefined || PASSED.get(plan) === auth) return;
  for (const need of needs) {
    const denied = auth.security.denied(auth.ids, need);
    if (denied !== null) throw SqlError.of(SqlState.InsufficientPrivilege, [denied], { position: stmt.position });
  }
  PASSED.set(plan, auth);
}
