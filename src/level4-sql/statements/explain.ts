/**
 * src/level4-sql/statements/explain.ts — EXPLAIN and EXPLAIN ANALYZE.
 *
 * 1. The result has one CHAR column `PLAN` and a row per plan line, taken from the plans' `explain()`.
 * 2. EXPLAIN ANALYZE runs the statement for real (in the statement's transaction: an UPDATE's changes are
 *    kept) and appends `rows visited: N`, the base-table rows the run visited (`ctx.rowsVisited`); for a
 *    query, each plan line also gets the rows its rowset gave (`[actual N rows]`, analyze.ts).
 * 3. Only SELECT, INSERT, UPDATE, DELETE and MERGE can be explained (FeatureNotSupported 0A000 otherwise).
 * 4. Plain EXPLAIN needs no parameter values: run without them (the session binds none, so `ctx.params` is
 *    NO_PARAMS), the plan is shown without evaluating keys, a parameter printing as `?` or `@name`. Given
 *    values, constant keys are evaluated as usual (an absent key shows as EmptyRowSet). EXPLAIN ANALYZE
 *    runs the statement, so it needs them.
 */
import { unreachable } from '../../common/assert';
import { SqlError, SqlState } from '../../common/errors';
import type { DatabaseState } from '../../level3-objects/database-state';
import { type ExecContext, NO_PARAMS } from '../context';
import type { Explain, Statement } from '../parse';
import { Analysis } from './analyze';
import { linesResult, type ResultSet } from './result';
import { statementParameters } from './ast-walk';
import type { StatementPlan } from './statement-plan';

/** The column EXPLAIN returns. */
export const PLAN_COLUMN = 'PLAN';

type Planner = (stmt: Statement, sql: string, state: DatabaseState) => StatementPlan;

/** Plans `EXPLAIN [ANALYZE] statement`; `planner` plans the inner statement. */
export function planExplain(stmt: Explain, sql: string, state: DatabaseState, planner: Planner): StatementPlan {
  const inner = stmt.statement;
  if (inner.kind !== 'Select' && inner.kind !== 'Insert' && inner.kind !== 'Update' && inner.kind !== 'Delete' && inner.kind !== 'Merge') {
    throw SqlError.of(SqlState.FeatureNotSupported, [`EXPLAIN of ${statementName(inner)}`], { position: inner.position });
  }
  const plan = planner(inner, sql, state);
  const analyze = stmt.analyze;
  const info = statementParameters(inner);
  const takesParams = info.positional > 0 || info.named.size > 0;
  return {
    schemaVersion: plan.schemaVersion,
    ddl: false,
    readOnly: plan.readOnly === true,
    execute(ctx: ExecContext): ResultSet {
      const unbound = !analyze && takesParams && ctx.params === NO_PARAMS; // invariant 4
      const analysis = analyze && plan.roots !== undefined ? new Analysis(plan.roots()) : null;
      try {
        const lines = unbound ? plan.explain() : plan.explain(ctx);
        if (analyze) {
          const before = ctx.rowsVisited;
          plan.execute(ctx);
          analysis?.annotate(lines);
          lines.push(`rows visited: ${ctx.rowsVisited - before}`);
        }
        return linesResult(PLAN_COLUMN, lines);
      } finally {
        analysis?.restore();
      }
    },
    explain: (ctx) => plan.explain(ctx),
  };
}

/** The SQL words for a statement kind, for messages (never the AST kind name). */
export function statementName(s: Statement): string {
  switch (s.kind) {
    case 'CreateTable':
      return 'CREATE TABLE';
    case 'DropTable':
      return 'DROP TABLE';
    case 'CreateIndex':
      return 'CREATE INDEX';
    case 'DropIndex':
      return 'DROP INDEX';
    case 'DropObject':
      return 'DROP';
    case 'AlterTable':
      return 'ALTER TABLE';
    case 'AlterIndex':
      return 'ALTER INDEX';
    case 'CreateTableAs':
      return 'CREATE TABLE';
    case 'Truncate':
      return 'TRUNCATE';
    case 'Begin':
      return 'BEGIN';
    case 'Commit':
      return 'COMMIT';
    case 'Rollback':
      return 'ROLLBACK';
    case 'Savepoint':
      return s.release ? 'RELEASE' : 'SAVEPOINT';
    case 'Explain':
      return 'EXPLAIN';
    case 'CreateView':
      return 'CREATE VIEW';
    case 'DropView':
      return 'DROP VIEW';
    case 'Reindex':
      return 'REINDEX';
    case 'CreateTrigger':
      return 'CREATE TRIGGER';
    case 'DropTrigger':
      return 'DROP TRIGGER';
    case 'CreateType':
      return 'CREATE TYPE';
    case 'CreateMethod':
      return 'CREATE METHOD';
    case 'DropType':
      return 'DROP TYPE';
    case 'CreateTableOf':
      return 'CREATE TABLE';
    case 'CreateRoutine':
      return `CREATE ${s.routineKind}`;
    case 'DropRoutine':
      return `DROP ${s.routineKind}`;
    case 'Call':
      return 'CALL';
    case 'CreateUser':
      return 'CREATE USER';
    case 'AlterUser':
      return 'ALTER USER';
    case 'CreateRole':
      return 'CREATE ROLE';
    case 'DropPrincipal':
      return `DROP ${s.what}`;
    case 'Grant':
    case 'Revoke':
      return s.kind.toUpperCase();
    case 'SetRole':
      return 'SET ROLE';
    case 'Select':
    case 'Insert':
    case 'Update':
    case 'Delete':
    case 'Merge':
      return s.kind.toUpperCase();
    default:
      return unreachable(s, 'statement kind');
  }
}
