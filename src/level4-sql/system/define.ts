/**
 * src/level4-sql/system/define.ts — `SystemTable`, what every system table is, and `define`, which makes one
 * from its columns and a row maker (a module of its own so the files of tables import it, not each other).
 */
import type { SqlType } from '../../common/values/sql-type';
import type { Row } from '../../common/values/value';
import type { ExecContext } from '../context';

/** One system table: its columns and how its rows are made (system-tables.ts invariant 2). */
export interface SystemTable {
  /** the name as Pyrrho spells it */
  readonly name: string;
  readonly columns: readonly string[];
  readonly types: readonly SqlType[];
  rows(ctx: ExecContext): Row[];
}

/** A system table named `name` with these columns, whose rows `rows` makes when it is opened. */
export function define(name: string, cols: ReadonlyArray<readonly [string, SqlType]>, rows: (ctx: ExecContext) => Row[]): SystemTable {
  return { name, columns: cols.map((c) => c[0]), types: cols.map((c) => c[1]), rows };
}
