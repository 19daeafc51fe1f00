/**
 * src/level4-sql/routines/conditions.ts — SQL/PSM conditions: what SIGNAL raises, what a handler catches.
 *
 * 1. Every condition is an SqlError; SIGNAL raises a `SignalledCondition`, which also carries the name of the
 *    declared condition it was signalled by (a condition without an SQLSTATE is 45000).
 * 2. SQLEXCEPTION catches every class but 00 (success), 01 (warning) and 02 (no data); never 40 (the
 *    transaction is over) nor XX (internal errors), which no handler may hide. SQLWARNING catches class 01,
 *    NOT FOUND class 02. A condition name catches its SQLSTATE, or for a condition declared without one,
 *    exactly the signals of that name.
 */
import { SqlError, SqlState, type SqlStateCode } from '../../common/errors';
import { SQLSTATE_TEMPLATES } from '../../common/sqlstate.generated';

/** A condition raised by SIGNAL / RESIGNAL. */
export class SignalledCondition extends SqlError {
  constructor(
    sqlState: string,
    message: string,
    /** the declared condition's name, when signalled by name */
    readonly condition: string | null,
    position?: number,
  ) {
    super(sqlState as SqlStateCode, message, position === undefined ? {} : { position });
    this.name = 'SqlError';
  }
}

/** The message of a signalled SQLSTATE without MESSAGE_TEXT. */
export function signalMessage(sqlState: string, condition: string | null): string {
  const known = (SQLSTATE_TEMPLATES as Record<string, string | undefined>)[sqlState];
  if (known !== undefined && !known.includes('{')) return known;
  return `unhandled condition ${condition ?? sqlState}`;
}

/** What one handler condition value catches, compiled. */
export type ConditionTest = (err: SqlError) => boolean;

/** True when no handler may catch `err` (invariant 2). */
export function uncatchable(err: SqlError): boolean {
  const cls = err.sqlState.slice(0, 2);
  return cls === '40' || cls === 'XX';
}

export function sqlStateTest(code: string): ConditionTest {
  return (e) => e.sqlState === code;
}

export const SQLEXCEPTION_TEST: ConditionTest = (e) => {
  const cls = e.sqlState.slice(0, 2);
  return cls !== '00' && cls !== '01' && cls !== '02';
};

export const SQLWARNING_TEST: ConditionTest = (e) => e.sqlState.startsWith('01');

export const NOT_FOUND_TEST: ConditionTest = (e) => e.sqlState.startsWith('02');

/** A test for a declared condition: by its SQLSTATE, or (none) by name. */
export function conditionTest(name: string, sqlState: string | null): ConditionTest {
  if (sqlState !== null) return sqlStateTest(sqlState);
  return (e) => e instanceof SignalledCondition && e.condition === name;
}

/** The error for FETCH past the last row or a SELECT INTO that finds none. */
export function noData(what: string, position?: number): SqlError {
  return new SqlError(SqlState.NoData, `no data: ${what}`, position === undefined ? {} : { position });
}
