/**
 * src/level4-sql/eval/window-functions.ts — the catalog of window-only functions: their names, how many
 * arguments each takes and its result type.
 *
 * 1. ROW_NUMBER, RANK, DENSE_RANK and NTILE give INTEGER; PERCENT_RANK and CUME_DIST give REAL; LAG, LEAD,
 *    FIRST_VALUE, LAST_VALUE and NTH_VALUE give their first argument's type (LAG / LEAD: the common type of
 *    the argument and the default).
 * 2. These names are functions only with an OVER clause: called without one they are 42809
 *    (`windowFunctionWithoutOver`). Aggregates (aggregates.ts) are window functions too when OVER follows.
 */
import { SqlError, SqlState } from '../../common/errors';
import { INTEGER, REAL, type SqlType } from '../../common/values/sql-type';
import type { FunctionCall } from '../parse';

/** Argument counts and result type of one window-only function. */
export interface WindowFunctionDef {
  readonly minArgs: number;
  readonly maxArgs: number;
  /** the result type from the first argument's type (null when there are no arguments) */
  resultType(first: SqlType | null): SqlType;
}

const ranking = (t: SqlType): WindowFunctionDef => ({ minArgs: 0, maxArgs: 0, resultType: () => t });
const valued = (min: number, max: number): WindowFunctionDef => ({ minArgs: min, maxArgs: max, resultType: (first) => first! });

const DEFINITIONS: ReadonlyMap<string, WindowFunctionDef> = new Map([
  ['ROW_NUMBER', ranking(INTEGER)],
  ['RANK', ranking(INTEGER)],
  ['DENSE_RANK', ranking(INTEGER)],
  ['PERCENT_RANK', ranking(REAL)],
  ['CUME_DIST', ranking(REAL)],
  ['NTILE', { minArgs: 1, maxArgs: 1, resultType: () => INTEGER }],
  ['LAG', valued(1, 3)],
  ['LEAD', valued(1, 3)],
  ['FIRST_VALUE', valued(1, 1)],
  ['LAST_VALUE', valued(1, 1)],
  ['NTH_VALUE', valued(2, 2)],
]);

/** The window-only function `name` (upper case), or undefined. */
export function lookupWindowFunction(name: string): WindowFunctionDef | undefined {
  return DEFINITIONS.get(name);
}

/** 42809 for a window-only function called without OVER. */
export function windowFunctionWithoutOver(e: FunctionCall): SqlError {
  return new SqlError(SqlState.WrongObjectType, `window function ${e.name.toLowerCase()} requires an OVER clause`, { position: e.position });
}
