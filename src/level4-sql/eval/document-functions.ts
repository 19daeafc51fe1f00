/**
 * src/level4-sql/eval/document-functions.ts — the scalar functions that take documents apart: KEYS,
 * CARDINALITY (and its alias ARRAY_LENGTH) and TYPEOF. functions.ts registers them.
 *
 * 1. An argument whose static type rules a document out (KEYS(5), CARDINALITY('x')) is 42804 at compile
 *    time; a value of the wrong kind at run time (a selector that found a string) gives NULL, as a missing
 *    path does — selectors are dynamically typed, so these functions are total over what they can meet.
 * 2. TYPEOF names a value's type as MongoDB's `$type` does (`'int'`, `'long'`, `'double'`, `'decimal'`,
 *    `'string'`, `'object'`, `'array'`, `'bool'`, `'date'`, `'objectId'`, `'regex'`, `'binData'`), for any SQL
 *    value; NULL in, NULL out.
 */
import { SqlError, SqlState } from '../../common/errors';
import { bsonTypeName, type DocValue, isDoc } from '../../common/values/document/doc-value';
import { CHAR, DOCARRAY, INTEGER, type SqlType, typeToSql } from '../../common/values/sql-type';
import type { Value } from '../../common/values/value';

function expect(name: string, t: SqlType | undefined, kinds: readonly string[]): void {
  if (t === undefined || t.kind === 'NULL' || kinds.includes(t.kind)) return;
  throw SqlError.of(SqlState.DatatypeMismatch, [`function ${name} cannot take ${typeToSql(t)} as argument 1`]);
}

/** KEYS(doc): the document's field names, in order, as an array. */
export function keysType(args: readonly SqlType[], name: string): SqlType {
  expect(name, args[0], ['DOCUMENT']);
  return DOCARRAY;
}

export function keysCall(v: readonly Value[]): Value {
  const d = v[0];
  return isDoc(d) ? (Object.keys(d) as unknown as Value) : null;
}

/** CARDINALITY(array) / ARRAY_LENGTH(array): the number of elements. */
export function cardinalityType(args: readonly SqlType[], name: string): SqlType {
  expect(name, args[0], ['DOCARRAY', 'DOCUMENT']);
  return INTEGER;
}

export function cardinalityCall(v: readonly Value[]): Value {
  const a = v[0];
  return Array.isArray(a) ? a.length : null;
}

/** TYPEOF(v): MongoDB's type name of the value. */
export function typeofType(): SqlType {
  return CHAR;
}

export function typeofCall(v: readonly Value[]): Value {
  return bsonTypeName(v[0] as DocValue);
}
