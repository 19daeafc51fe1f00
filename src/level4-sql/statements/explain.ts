/**
 * src/level4-sql/statements/explain.ts — EXPLAIN and EXPLAIN ANALYZE.
 *
 * 1. The result has one CHAR column `PLAN` and a row per plan line, taken from the plans' `explain()`.
 * 2. EXPLAIN ANALYZE runs the statement for real (in the statement's transaction: an UPDATE's changes are
 *    kept) and appends `rows visited: N`, the base-table rows the run visited (`ctx.rowsVisited`).
 * 3. Only SELECT, INSERT, UPDATE and DELETE can be explained (FeatureNotSupported 0A000 otherwise).
 */
import { SqlError, SqlState } from '../../common/errors';
import type { DatabaseState } from '../../level3-objects/database-state';
import type { ExecContext } from '../context';
import type { Explain, Statement } from '../parse';
import { linesResult, type ResultSet } from './result';
import type { StatementPlan } from './statement-plan';

/** The column EXPLAIN returns. */
export const PLAN_COLUMN = 'PLAN';

type Planner = (stmt: Statement, sql: string, state: DatabaseState) => StatementPlan;

/** Plans `EXPLAIN [ANALYZE] statement`; `planner` plans the inner statement. */
export function planExplain(stmt: Explain, sql: string, state: DatabaseState, planner: Planner): StatementPlan {
  const inner = stmt.statement;
  if (inner.kind !== 'Select' && inner.kind !== 'Insert' && inner.kind !== 'Update' && inner.kind !== 'Delete') {
    throw SqlError.of(SqlState.FeatureNotSupported, [`EXPLAIN of ${inner.kind}`], { position: inner.position });
  }
  const plan = planner(inner, sql, state);
  const analyze = stmt.analyze;
  return {
    schemaVersion: plan.schemaVersion,
    ddl: false,
    execute(ctx: ExecContext): ResultSet {
      const lines = plan.explain(ctx);
      if (analyze) {
        const before = ctx.rowsVisited;
        plan.execute(ctx);
        lines.push(`rows visited: ${ctx.rowsVisited - before}`);
      }
      return linesResult(PLAN_COLUMN, lines);
    },
    explain: (ctx) => plan.explain(ctx),
  };
}
