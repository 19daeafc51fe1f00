/**
 * src/level4-sql/statements/statement-plan.ts — a planned statement, ready to run many times, and the planner
 * that dispatches on the statement kind.
 *
 * 1. A plan is made against one `DatabaseState` and stays valid while that state's `schemaVersion` holds:
 *    it keeps compiled closures and table definitions, never row data (rows are read through `ctx.tx.state`
 *    at run time, so a plan reused in a later transaction sees that transaction's rows).
 * 2. DDL plans hold only the AST and the statement text; all their work happens at run time, in `ctx.tx`.
 * 3. BEGIN, COMMIT and ROLLBACK never reach a plan: the session handles them.
 * 4. A SELECT whose result types may depend on its parameters (`outputUsesParams`) is typed by parameter
 *    values: planned without them, its `paramTypes` say every parameter is NULL; planned with `paramTypes`
 *    (one execution's values), it records them. The session runs such a plan only with values that fit
 *    (`paramsFit`) and plans again otherwise. Every other plan has no `paramTypes` and suits any values.
 */
import { unreachable } from '../../common/assert';
import { SqlError, SqlState } from '../../common/errors';
import type { DatabaseState } from '../../level3-objects/database-state';
import type { ExecContext } from '../context';
import { type ParamTypes, UNTYPED_PARAMS } from '../eval/param-types';
import type { Select, Statement } from '../parse';
import type { LimitRowSet } from '../exec/basic';
import type { RowSet } from '../exec/rowset';
import type { DistinctRowSet, SetOperationRowSet } from '../exec/set-ops';
import type { SortRowSet } from '../exec/sort';
import { planQuery } from '../plan/planner';
import { alterTable } from './alter-table';
import { deleteWithoutUsing, updateWithoutFrom } from './joined-dml';
import { renameIndex } from './rename';
import { planCreateTableAs } from './create-table-as';
import { planTruncate } from './truncate';
import { createIndex } from './create-index';
import { createTable } from './create-table';
import { planDelete } from './delete';
import { dropIndex, dropObject, dropTable } from './drop';
import { planExplain } from './explain';
import { planInsert } from './insert';
import { planMerge } from './merge';
import { planReindex } from './reindex';
import { affectedResult, queryResult, type ResultSet, resultShape } from './result';
import { outputUsesParams } from './output-uses-params';
import { queryRows, type StatementRows } from './result-stream';
import { planUpdate } from './update';
import { createView, dropView } from '../views/create-view';
import { createMethod, createTableOf, createType, dropType } from '../types/type-ddl';
import { planViewDelete, planViewInsert, planViewUpdate } from '../views/view-dml';
import { createTrigger, dropTrigger } from '../triggers/create-trigger';
import { registerTriggerBodyPlanner } from '../triggers/table-triggers';
import { planInsteadOfDelete, planInsteadOfInsert, planInsteadOfUpdate } from '../triggers/instead-of';
import { createRoutine, dropRoutine } from '../routines/routine-ddl';
import { planCall } from '../routines/call';
import { queryCallsRoutines } from '../routines/psm-walk';
import { alterUser, createRole, createUser, dropPrincipal, grantOrRevoke } from '../access/access-statements';

/** A statement planned against one schema version. */
export interface StatementPlan {
  /** `schemaVersion` of the state the plan was made against */
  readonly schemaVersion: number;
  /** true for statements that change the schema (they are not worth caching) */
  readonly ddl: boolean;
  /** true when running the plan can never write (SELECT, EXPLAIN of one): autocommit runs it on the
   *  committed snapshot without a transaction of its own (session.ts invariant 6) */
  readonly readOnly?: boolean;
  /** set when the result types depend on the parameters' types: the types this plan was made for
   *  (invariant 4); absent or null: the plan suits any parameter values */
  readonly paramTypes?: ParamTypes | null;
  /** Runs the statement in `ctx.tx`. */
  execute(ctx: ExecContext): ResultSet;
  /** A query's rows from its open cursor, pulled by the caller (result-stream.ts); absent for other statements */
  openRows?(ctx: ExecContext): StatementRows;
  /** The plan as EXPLAIN shows it, a line per element; with a context, constant keys are evaluated. */
  explain(ctx?: ExecContext): string[];
  /** The rowset trees the plan runs (the main tree, then expression subqueries), for EXPLAIN ANALYZE's counts;
   *  absent for statements whose rowsets it does not count */
  roots?(): RowSet[];
}

function ddlPlan(state: DatabaseState, text: string, run: (ctx: ExecContext) => void): StatementPlan {
  return {
    schemaVersion: state.schemaVersion,
    ddl: true,
    execute(ctx) {
      run(ctx);
      return affectedResult(0);
    },
    explain: () => [text],
  };
}

function selectPlan(stmt: Select, state: DatabaseState, typed: ParamTypes | null): StatementPlan {
  // invariant 4: untyped but marked when the result types depend on parameters, typed when given types
  const paramTypes = typed ?? (outputUsesParams(stmt.query) ? UNTYPED_PARAMS : null);
  const qp = planQuery(stmt.query, state, typed);
  const shape = resultShape(qp.columns, qp.types, freshRows(qp.root));
  return {
    schemaVersion: state.schemaVersion,
    ddl: false,
    // a stored function may write: its SELECT runs in a transaction of its own (routines/psm-walk.ts)
    readOnly: !queryCallsRoutines(stmt.query, state),
    paramTypes,
    execute: (ctx) => queryResult(shape, qp.open(ctx)),
    openRows: (ctx) => queryRows(shape, qp.open(ctx)),
    explain: (ctx) => qp.explain(ctx),
    roots: () => [qp.root, ...qp.subqueryRoots()],
  };
}

/** True when every row `rs` gives is an array made for this execution and handed out once (result.ts 4). */
function freshRows(rs: RowSet): boolean {
  switch (rs.kind) {
    case 'ProjectRowSet':
    case 'ValuesRowSet':
      return true;
    case 'LimitRowSet':
    case 'SortRowSet':
    case 'DistinctRowSet':
      return freshRows((rs as LimitRowSet | SortRowSet | DistinctRowSet).source);
    case 'SetOperationRowSet':
      return freshRows((rs as SetOperationRowSet).left) && freshRows((rs as SetOperationRowSet).right);
    default:
      return false;
  }
}

/**
 * Plans a statement against `state`; `sql` is the text the statement's offsets refer to. `paramTypes` (one
 * execution's parameter types) type the parameters of a SELECT whose result depends on them (invariant 4).
 */
export function planStatement(
  stmt: Statement,
  sql: string,
  state: DatabaseState,
  paramTypes: ParamTypes | null = null,
): StatementPlan {
  switch (stmt.kind) {
    case 'Select':
      return selectPlan(stmt, state, paramTypes);
    case 'Insert': // on a view: its INSTEAD OF triggers (triggers/instead-of.ts), else translated to its base tables (views/view-dml.ts)
      return planInsteadOfInsert(stmt, state) ?? planViewInsert(stmt, state) ?? planInsert(stmt, state);
    case 'Update': {
      // FROM (PostgreSQL's) becomes subqueries over the target's rows (joined-dml.ts)
      const u = updateWithoutFrom(stmt, state);
      return planInsteadOfUpdate(u, state) ?? planViewUpdate(u, state) ?? planUpdate(u, state);
    }
    case 'Delete': {
      const d = deleteWithoutUsing(stmt, state);
      return planInsteadOfDelete(d, state) ?? planViewDelete(d, state) ?? planDelete(d, state);
    }
    case 'Explain':
      return planExplain(stmt, sql, state, planStatement);
    case 'Merge':
      return planMerge(stmt, state);
    case 'Reindex':
      return planReindex(stmt, state);
    case 'CreateTable':
      return ddlPlan(state, `CREATE TABLE ${stmt.name}`, (ctx) => createTable(ctx.tx, stmt, sql));
    case 'DropTable':
      return ddlPlan(state, `DROP TABLE ${stmt.name}`, (ctx) => dropTable(ctx.tx, stmt));
    case 'CreateIndex':
      return ddlPlan(state, `CREATE INDEX ${stmt.name}`, (ctx) => createIndex(ctx.tx, stmt));
    case 'DropIndex':
      return ddlPlan(state, `DROP INDEX ${stmt.name}`, (ctx) => dropIndex(ctx.tx, stmt));
    case 'DropObject':
      return ddlPlan(state, `DROP ${stmt.name}`, (ctx) => dropObject(ctx.tx, stmt));
    case 'AlterTable':
      return ddlPlan(state, `ALTER TABLE ${stmt.table}`, (ctx) => alterTable(ctx.tx, stmt, sql));
    case 'CreateTableAs':
      return planCreateTableAs(stmt, state);
    case 'Truncate':
      return planTruncate(stmt, state);
    case 'AlterIndex':
      return ddlPlan(state, `ALTER INDEX ${stmt.name}`, (ctx) => renameIndex(ctx.tx, stmt.name, stmt.newName, stmt.position));
    case 'CreateView':
      return ddlPlan(state, `CREATE VIEW ${stmt.name}`, (ctx) => createView(ctx.tx, stmt, sql));
    case 'DropView':
      return ddlPlan(state, `DROP VIEW ${stmt.name}`, (ctx) => dropView(ctx.tx, stmt));
    case 'CreateTrigger':
      return ddlPlan(state, `CREATE TRIGGER ${stmt.name}`, (ctx) => createTrigger(ctx.tx, stmt, sql));
    case 'DropTrigger':
      return ddlPlan(state, `DROP TRIGGER ${stmt.name}`, (ctx) => dropTrigger(ctx.tx, stmt));
    case 'CreateType':
      return ddlPlan(state, `CREATE TYPE ${stmt.name}`, (ctx) => createType(ctx.tx, stmt, sql));
    case 'CreateMethod':
      return ddlPlan(state, `CREATE METHOD ${stmt.spec.name}`, (ctx) => createMethod(ctx.tx, stmt, sql));
    case 'DropType':
      return ddlPlan(state, `DROP TYPE ${stmt.name}`, (ctx) => dropType(ctx.tx, stmt));
    case 'CreateTableOf':
      return ddlPlan(state, `CREATE TABLE ${stmt.name}`, (ctx) => createTableOf(ctx.tx, stmt));
    case 'CreateRoutine':
      return ddlPlan(state, `CREATE ${stmt.routineKind} ${stmt.name}`, (ctx) => createRoutine(ctx, stmt, sql));
    case 'DropRoutine':
      return ddlPlan(state, `DROP ${stmt.routineKind} ${stmt.name}`, (ctx) => dropRoutine(ctx.tx, stmt));
    case 'Call':
      return planCall(stmt, state);
    case 'CreateUser':
      return ddlPlan(state, `CREATE USER ${stmt.name}`, (ctx) => createUser(ctx, stmt));
    case 'AlterUser':
      return ddlPlan(state, `ALTER USER ${stmt.name}`, (ctx) => alterUser(ctx, stmt));
    case 'CreateRole':
      return ddlPlan(state, `CREATE ROLE ${stmt.name}`, (ctx) => createRole(ctx, stmt));
    case 'DropPrincipal':
      return ddlPlan(state, `DROP ${stmt.what} ${stmt.name}`, (ctx) => dropPrincipal(ctx, stmt));
    case 'Grant':
    case 'Revoke':
      return ddlPlan(state, stmt.kind.toUpperCase(), (ctx) => grantOrRevoke(ctx, stmt));
    case 'Begin':
    case 'Commit':
    case 'Rollback':
    case 'Savepoint':
    case 'SetRole': // the session's (session.ts)
      throw SqlError.of(SqlState.FeatureNotSupported, [`${stmt.kind.toUpperCase()} here`], { position: stmt.position });
    default:
      return unreachable(stmt, 'statement kind');
  }
}

registerTriggerBodyPlanner(planStatement);
