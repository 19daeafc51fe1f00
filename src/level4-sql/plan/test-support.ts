/**
 * src/level4-sql/plan/test-support.ts — helpers for the query-side unit tests: tables built through the
 * Transaction API, and a one-call "plan and run this SELECT".
 *
 * 1. Used only by `*.test.ts` files; nothing in the engine imports it. The tests open the database themselves
 *    (a MemoryStore is Level 1, which Level 4 code may not import; tests may).
 */
import { IndexKind } from '../../level2-physical/physical';
import type { Transaction } from '../../level3-objects/transaction';
import { INTEGER, type SqlType } from '../../common/values/sql-type';
import type { Row, Value } from '../../common/values/value';
import { ExecContext, type Params } from '../context';
import { parseStatement } from '../parse';
import { planQuery, type QueryPlan } from './planner';

/** A column to create: name, type, NOT NULL. */
export type ColumnSpec = readonly [name: string, type?: SqlType, notNull?: boolean];

/** Creates a table with columns, an optional primary key and extra indexes; returns its defpos. */
export function createTable(
  tx: Transaction,
  name: string,
  cols: readonly ColumnSpec[],
  pk: readonly string[] | null = null,
  indexes: ReadonlyArray<{ name: string; columns: readonly string[]; unique?: boolean }> = [],
): number {
  const t = tx.createTable(name);
  const defs = new Map<string, number>();
  for (const [c, type, notNull] of cols) {
    defs.set(c, tx.addColumn(t, { name: c, type: type ?? INTEGER, notNull: notNull ?? false, defaultSql: null }));
  }
  if (pk !== null) tx.createIndex(t, { name: `${name}_PK`, kind: IndexKind.PrimaryKey, columns: pk.map((c) => defs.get(c)!) });
  for (const ix of indexes) {
    tx.createIndex(t, { name: ix.name, kind: ix.unique ? IndexKind.Unique : IndexKind.NonUnique, columns: ix.columns.map((c) => defs.get(c)!) });
  }
  return t;
}

/** Inserts rows (values by column order, which equals slot order for a fresh table). */
export function insertRows(tx: Transaction, table: number, rows: readonly (readonly Value[])[]): void {
  for (const r of rows) tx.insert(table, [...r]);
}

/** Plans a SELECT (or VALUES / set operation) text. */
export function plan(tx: Transaction, sql: string): QueryPlan {
  const st = parseStatement(sql);
  if (st.kind !== 'Select') throw new Error(`not a query: ${sql}`);
  return planQuery(st.query, tx.state);
}

/** What `run` returns. */
export interface RunResult {
  readonly columns: readonly string[];
  readonly types: readonly string[];
  readonly rows: Row[];
  readonly rowsVisited: number;
  readonly explain: string[];
}

/** Plans and runs a query in `tx`. Positional params from an array, named from an object. */
export function run(tx: Transaction, sql: string, params: readonly Value[] | Record<string, Value> = []): RunResult {
  const p = plan(tx, sql);
  const ctx = new ExecContext(tx, toParams(params));
  const rows = p.all(ctx);
  return {
    columns: p.columns,
    types: p.types.map((t) => t.kind),
    rows,
    rowsVisited: ctx.rowsVisited,
    explain: p.explain(new ExecContext(tx, toParams(params))),
  };
}

/** Params from an array or an object. */
export function toParams(params: readonly Value[] | Record<string, Value>): Params {
  if (Array.isArray(params)) return { positional: params, named: new Map() };
  return { positional: [], named: new Map(Object.entries(params)) };
}
