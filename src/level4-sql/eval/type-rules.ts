/**
 * src/level4-sql/eval/type-rules.ts — static typing decisions the compiler makes once per expression.
 *
 * 1. NULL_TYPE (an untyped NULL) adopts the other side everywhere.
 * 2. Numeric kinds unify upward: INTEGER < NUMERIC < REAL; CHAR lengths widen (Contract F `commonType`).
 * 3. A dynamic (parameter) operand is checked at run time instead (`checkValueComparable`).
 */
import { SqlError, SqlState } from '../../common/errors';
import { commonType, comparable } from '../../common/values/compare';
import { typeOfValue } from '../../common/values/cast';
import { typeToSql, type SqlType } from '../../common/values/sql-type';
import type { Value } from '../../common/values/value';
import type { Compiled } from './compiled';

/** The common type of two branches (CASE, UNION, VALUES, COALESCE); 42804 when there is none. */
export function unifyTypes(a: SqlType, b: SqlType, what: string, position?: number): SqlType {
  return unifyAll([a, b], what, position);
}

/** The common type of several branches (Contract F's `commonType`, with the error placed at `position`). */
export function unifyAll(types: readonly SqlType[], what: string, position?: number): SqlType {
  try {
    return commonType(types, what);
  } catch (e) {
    throw atPosition(e, position);
  }
}

/** Gives a SqlError without a position the position `position`; returns it for rethrowing. */
export function atPosition(e: unknown, position: number | undefined): unknown {
  if (e instanceof SqlError && e.position === undefined && position !== undefined) e.position = position;
  return e;
}

/** 42804 unless the two compiled operands can be compared (dynamic and NULL operands always can). */
export function checkComparable(l: Compiled, r: Compiled, position?: number): void {
  if (l.dynamic || r.dynamic || l.type.kind === 'NULL' || r.type.kind === 'NULL') return;
  if (!comparable(l.type, r.type)) {
    throw SqlError.of(SqlState.DatatypeMismatch, [`cannot compare ${typeToSql(l.type)} with ${typeToSql(r.type)}`], {
      position,
    });
  }
}

/**
 * Run-time counterpart of `checkComparable` for a parameter's value, whose type was not known statically. A
 * whole document is comparable only with a DOCUMENT (`comparable` lets DOCUMENT meet anything because a
 * document's fields are dynamically typed; a parameter is a value, not a field).
 */
export function checkValueComparable(v: Value, t: SqlType, position?: number): void {
  if (valueComparable(v, t)) return;
  throw SqlError.of(SqlState.DatatypeMismatch, [`cannot compare ${typeToSql(typeOfValue(v))} with ${typeToSql(t)}`], {
    position,
  });
}

/** True when `checkValueComparable` would accept `v` for a column of type `t`. */
export function valueComparable(v: Value, t: SqlType): boolean {
  if (v === null || t.kind === 'NULL') return true;
  const vt = typeOfValue(v);
  return comparable(vt, t) && !(vt.kind === 'DOCUMENT' && t.kind !== 'DOCUMENT');
}

/** 42804 unless the operand is BOOLEAN (or NULL / dynamic). */
export function checkBoolean(c: Compiled, what: string, position?: number): void {
  if (c.dynamic || c.type.kind === 'NULL' || c.type.kind === 'BOOLEAN') return;
  throw SqlError.of(SqlState.DatatypeMismatch, [`argument of ${what} must be BOOLEAN, not ${typeToSql(c.type)}`], {
    position,
  });
}

/** 42804 unless the operand is CHAR (or NULL / dynamic). */
export function checkChar(c: Compiled, what: string, position?: number): void {
  if (c.dynamic || c.type.kind === 'NULL' || c.type.kind === 'CHAR') return;
  throw SqlError.of(SqlState.DatatypeMismatch, [`argument of ${what} must be CHAR, not ${typeToSql(c.type)}`], {
    position,
  });
}

/** True for DATE, TIME and TIMESTAMP. */
export function isTemporal(t: SqlType): boolean {
  return t.kind === 'DATE' || t.kind === 'TIME' || t.kind === 'TIMESTAMP';
}

