/**
 * src/level4-sql/statements/column-defaults.ts — what a column gets when a statement gives it no value of its
 * own, and `DEFAULT` written as a value (INSERT's VALUES, UPDATE's SET).
 *
 * 1. A column's default is its DEFAULT expression (stored as SQL text, compiled with no columns in scope), the
 *    next value of an identity column (identity.ts), or NULL.
 * 2. In INSERT's VALUES, `DEFAULT` gives its column what leaving the column out would: the INSERT's table rules
 *    evaluate it, so the identity values of one statement come from one generator whether a row leaves the
 *    column out or writes DEFAULT.
 * 3. A generated column and an ALWAYS identity column take no value, but may be given DEFAULT (standard SQL):
 *    a position holding DEFAULT in every row is dropped from the targets, as if the column were not listed. So
 *    an INSERT without a column list whose rows have a value for every column — PostgreSQL's way, `VALUES
 *    (DEFAULT, 'x')` — maps its values to every column, generated ones included (each must be DEFAULT, else
 *    428C9); rows with a value for each column that is not generated take SQLite's way, as before. Where both
 *    counts are the same (no generated column) they agree.
 * 4. OVERRIDING SYSTEM VALUE lets an INSERT give an ALWAYS identity column a value, as BY DEFAULT does.
 * 5. In UPDATE's SET, `c = DEFAULT` assigns the column's default (an identity column draws its next value); on
 *    a generated column it changes nothing of its own (the column is computed from the row as always).
 */
import { withoutAccess } from '../access/access-recorder';
import { SqlError, SqlState } from '../../common/errors';
import { assignValue } from '../../common/values/cast';
import type { DatabaseState } from '../../level3-objects/database-state';
import type { Table } from '../../level3-objects/table';
import type { TableColumn } from '../../level3-objects/table-column';
import { compileExpr } from '../eval/compile';
import { compiled, type Compiled } from '../eval/compiled';
import { Scope } from '../eval/scope';
import { type Expr, parseExpression } from '../parse';
import { resolveColumns } from './constraints';
import { identityDefault, refuseAlwaysIdentity } from './identity';

/** Compiles a stored DEFAULT expression (no columns in scope). */
export function compileDefault(sql: string, state: DatabaseState): Compiled {
  return withoutAccess(() => compileExpr(parseExpression(sql), Scope.empty(), state));
}

/** The value `c = DEFAULT` assigns (invariant 4), cast to the column's type. */
export function columnDefault(table: Table, c: TableColumn, state: DatabaseState): Compiled {
  if (c.identity !== null) return identityDefault(table, c);
  if (c.defaultSql === null) return compiled({ type: c.type, text: 'DEFAULT', eval: () => null });
  const d = compileDefault(c.defaultSql, state).eval;
  return compiled({ type: c.type, text: 'DEFAULT', eval: (ctx) => assignValue(d(ctx, null), c.type, c.name) });
}

/** True for a column no statement may give a value other than DEFAULT (invariant 3); with OVERRIDING SYSTEM
 *  VALUE (`system`) an ALWAYS identity column takes one. */
function takesNoValue(c: TableColumn, system: boolean): boolean {
  return c.generatedSql !== null || (c.identity !== null && c.identity.always && !system);
}

/**
 * The target columns of an INSERT's VALUES rows and the rows shaped to them (invariant 3): `names` resolved (or
 * every column, or every column that takes a value), and the positions of columns that take no value dropped
 * when every row holds DEFAULT there.
 */
export function valuesTargets(
  table: Table,
  names: readonly string[] | null,
  rows: ReadonlyArray<readonly Expr[]>,
  position: number,
  system = false,
): { targets: TableColumn[]; rows: Expr[][] } {
  let listed: TableColumn[];
  if (names !== null) listed = resolveColumns(table, names, position);
  else {
    const valued = table.columns.filter((c) => !takesNoValue(c, system));
    const everyColumn = valued.length !== table.columns.length && rows.length > 0 && rows.every((r) => r.length === table.columns.length);
    if (!everyColumn) return { targets: valued, rows: rows.map((r) => [...r]) };
    listed = [...table.columns];
  }
  // a row of another length is 42601 when the source is compiled: nothing is dropped to make it fit
  if (rows.some((r) => r.length !== listed.length)) return { targets: listed, rows: rows.map((r) => [...r]) };
  const keep: number[] = [];
  for (let i = 0; i < listed.length; i++) {
    const c = listed[i]!;
    if (!takesNoValue(c, system)) {
      keep.push(i);
      continue;
    }
    const given = rows.find((r) => r[i] !== undefined && r[i]!.kind !== 'DefaultValue');
    if (given === undefined) continue;
    const at = given[i]!.position;
    if (c.generatedSql !== null) throw SqlError.of(SqlState.GeneratedAlways, [c.name], { position: at });
    refuseAlwaysIdentity(c, at);
  }
  return { targets: keep.map((i) => listed[i]!), rows: rows.map((r) => keep.map((i) => r[i]!)) };
}
