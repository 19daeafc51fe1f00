/**
 * src/level4-sql/statements/create-table-as.ts — CREATE TABLE name AS query [WITH [NO] DATA].
 *
 * 1. The table's columns are the query's output columns: their names and types, in order, nullable, with no
 *    default and no constraint (as PostgreSQL and SQLite make them); a DOCUMENT column gets its `_id` index
 *    (create-table.ts invariant 4). A column whose type the query cannot say — a bare NULL, a document path,
 *    whose values may be of any kind — is 42P16 with a hint to CAST it; two columns of one name are 42701.
 * 2. The query is planned with the statement, so its SELECT privileges are checked as any query's (creating a
 *    table is the owner's, statement-access.ts), and runs once, in the statement's transaction, after the table
 *    is made: every row is read before the first is inserted. WITH NO DATA makes the table only.
 * 3. IF NOT EXISTS, when a table or view has the name, does nothing and runs no query (0 rows affected).
 * 4. The result is the number of rows inserted; a failure leaves neither table nor rows (the session rolls the
 *    statement's transaction back, create-table.ts invariant 3).
 */
import { SqlError, SqlState } from '../../common/errors';
import { typeToSql, type SqlType } from '../../common/values/sql-type';
import type { DatabaseState } from '../../level3-objects/database-state';
import type { ExecContext } from '../context';
import { atPosition } from '../eval/type-rules';
import type { CreateTableAs } from '../parse';
import { planQuery } from '../plan/planner';
import { addIdIndex, currentTable } from './constraints';
import { storedDocument } from './document-values';
import { affectedResult, type ResultSet } from './result';
import type { StatementPlan } from './statement-plan';

/** Refuses a column the table could not type (invariant 1); a repeated name is Level 3's 42701 (`addColumn`). */
function checkColumns(stmt: CreateTableAs, names: readonly string[], types: readonly SqlType[]): void {
  names.forEach((name, i) => {
    if (types[i]!.kind === 'NULL') {
      throw SqlError.of(SqlState.InvalidTableDefinition, [`the query does not say what type column ${name} has`], {
        position: stmt.query.position,
        hint: 'Give it one with CAST(… AS type).',
      });
    }
  });
}

/** Plans CREATE TABLE … AS against `state` (invariant 2). */
export function planCreateTableAs(stmt: CreateTableAs, state: DatabaseState): StatementPlan {
  const qp = planQuery(stmt.query, state);
  const { columns, types } = qp;
  checkColumns(stmt, columns, types);
  const head = `CREATE TABLE ${stmt.name} (${columns.map((c, i) => `${c} ${typeToSql(types[i]!)}`).join(', ')}) AS`;
  return {
    schemaVersion: state.schemaVersion,
    ddl: true,
    execute(ctx: ExecContext): ResultSet {
      const tx = ctx.tx;
      if (tx.state.tableByName(stmt.name) !== undefined || tx.state.viewByName(stmt.name) !== undefined) {
        if (stmt.ifNotExists) return affectedResult(0);
        throw SqlError.of(SqlState.DuplicateTable, [stmt.name], { position: stmt.position });
      }
      const table = tx.createTable(stmt.name);
      try {
        columns.forEach((name, i) => tx.addColumn(table, { name, type: types[i]!, notNull: false, defaultSql: null }));
      } catch (e) {
        throw atPosition(e, stmt.query.position);
      }
      for (const c of currentTable(tx, table).columns) if (c.type.kind === 'DOCUMENT') addIdIndex(tx, table, c);
      if (!stmt.withData) return affectedResult(0);
      const rows = qp.all(ctx).map((r) => r.map((v, i) => (types[i]!.kind === 'DOCUMENT' ? storedDocument(v) : v)));
      for (const row of rows) tx.insert(table, row);
      return affectedResult(rows.length);
    },
    explain: () => [head], // EXPLAIN does not show CREATE TABLE (explain.ts): this is the plan's name only
  };
}
