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
 * 3. JSON_BUILD_OBJECT(k1, v1, …) (and JSONB_BUILD_OBJECT) builds a DOCUMENT from text keys and any values a
 *    document may hold, in order; a key given twice keeps its last value; an odd number of arguments is 22023, a
 *    NULL key 22004, a key that is not text 42804. JSON_BUILD_ARRAY (JSONB_BUILD_ARRAY) is ARRAY[…]'s call form.
 */
import { SqlError, SqlState } from '../../common/errors';
import { bsonTypeName, type DocValue, isDoc } from '../../common/values/document/doc-value';
import { typeOfValue } from '../../common/values/cast';
import { CHAR, DOCARRAY, DOCUMENT, INTEGER, type SqlType, typeToSql } from '../../common/values/sql-type';
import type { Value } from '../../common/values/value';
import { badArg, type Definition } from './function-kit';

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

/** What a document cannot hold as a field's value (array-functions.ts invariant 1). */
const NOT_FIELD_VALUES = new Set(['INTERVAL', 'TYPE']);

function notAFieldValue(t: string): SqlError {
  return SqlError.of(SqlState.DatatypeMismatch, [`a document cannot hold ${t}`]);
}

/** JSON_BUILD_OBJECT / JSONB_BUILD_OBJECT (invariant 3). */
export const JSON_BUILD_OBJECT: Definition = {
  minArgs: 0,
  maxArgs: Infinity,
  strict: false,
  resultType: (args, name) => {
    if (args.length % 2 !== 0) throw SqlError.of(SqlState.InvalidParameterValue, [`${name} takes keys and values in pairs, not ${args.length} arguments`]);
    args.forEach((t, i) => {
      if (i % 2 === 0 && t.kind !== 'NULL' && t.kind !== 'CHAR') throw badArg(name, t, i);
      if (i % 2 === 1 && NOT_FIELD_VALUES.has(t.kind)) throw notAFieldValue(typeToSql(t));
    });
    return DOCUMENT;
  },
  bind: (_a, _r, name) => (v) => {
    const doc: { [k: string]: Value } = {};
    for (let i = 0; i < v.length; i += 2) {
      const k = v[i]!;
      if (k === null) throw SqlError.of(SqlState.NullValueNotAllowed, [`a key of ${name}`]);
      if (typeof k !== 'string') throw badArg(name, typeOfValue(k), i);
      const x = v[i + 1]!;
      if (x !== null && typeof x === 'object' && NOT_FIELD_VALUES.has(typeOfValue(x).kind)) throw notAFieldValue(typeToSql(typeOfValue(x)));
      doc[k] = x;
    }
    return doc;
  },
};
