/**
 * src/level4-sql/statements/statement-plan.ts — a planned statement, ready to run many times, and the planner
 * that dispatches on the statement kind.
 *
 * 1. A plan is made against one `DatabaseState` and stays valid while that state's `schemaVersion` holds:
 *    it keeps compiled closures and table definitions, never row data (rows are read through `ctx.tx.state`
 *    at run time, so a plan reused in a later transaction sees that transaction's rows).
 * 2. DDL plans hold only the AST and the statement text; all their work happens at run time, in `ctx.tx`.
 * 3. BEGIN, COMMIT and ROLLBACK never reach a plan: the session handles them.
 */
import { unreachable } from '../../common/assert';
import { SqlError, SqlState } from '../../common/errors';
import type { DatabaseState } from '../../level3-objects/database-state';
import type { ExecContext } from '../context';
import type { Statement } from '../parse';
import { planQuery } from '../plan/planner';
import { alterTable } from './alter-table';
import { createIndex } from './create-index';
import { createTable } from './create-table';
import { planDelete } from './delete';
import { dropIndex, dropTable } from './drop';
import { planExplain } from './explain';
import { planInsert } from './insert';
import { affectedResult, queryResult, type ResultSet, resultShape } from './result';
import { planUpdate } from './update';

/** A statement planned against one schema version. */
export interface StatementPlan {
  /** `schemaVersion` of the state the plan was made against */
  readonly schemaVersion: number;
  /** true for statements that change the schema (they are not worth caching) */
  readonly ddl: boolean;
  /** Runs the statement in `ctx.tx`. */
  execute(ctx: ExecContext): ResultSet;
  /** The plan as EXPLAIN shows it, a line per element; with a context, constant keys are evaluated. */
  explain(ctx?: ExecContext): string[];
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

function selectPlan(stmt: Extract<Statement, { kind: 'Select' }>, state: DatabaseState): StatementPlan {
  const qp = planQuery(stmt.query, state);
  const shape = resultShape(qp.columns, qp.types);
  return {
    schemaVersion: state.schemaVersion,
    ddl: false,
    execute: (ctx) => queryResult(shape, qp.all(ctx)),
    explain: (ctx) => qp.explain(ctx),
  };
}

/** Plans a statement against `state`; `sql` is the text the statement's offsets refer to. */
export function planStatement(stmt: Statement, sql: string, state: DatabaseState): StatementPlan {
  switch (stmt.kind) {
    case 'Select':
      return selectPlan(stmt, state);
    case 'Insert':
      return planInsert(stmt, state);
    case 'Update':
      return planUpdate(stmt, state);
    case 'Delete':
      return planDelete(stmt, state);
    case 'Explain':
      return planExplain(stmt, sql, state, planStatement);
    case 'CreateTable':
      return ddlPlan(state, `CREATE TABLE ${stmt.name}`, (ctx) => createTable(ctx.tx, stmt, sql));
    case 'DropTable':
      return ddlPlan(state, `DROP TABLE ${stmt.name}`, (ctx) => dropTable(ctx.tx, stmt));
    case 'CreateIndex':
      return ddlPlan(state, `CREATE INDEX ${stmt.name}`, (ctx) => createIndex(ctx.tx, stmt));
    case 'DropIndex':
      return ddlPlan(state, `DROP INDEX ${stmt.name}`, (ctx) => dropIndex(ctx.tx, stmt));
    case 'AlterTable':
      return ddlPlan(state, `ALTER TABLE ${stmt.table}`, (ctx) => alterTable(ctx.tx, stmt, sql));
    case 'Begin':
    case 'Commit':
    case 'Rollback':
      throw SqlError.of(SqlState.FeatureNotSupported, [`${stmt.kind.toUpperCase()} here`], { position: stmt.position });
    default:
      return unreachable(stmt, 'statement kind');
  }
}
