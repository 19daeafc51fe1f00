/**
 * src/level4-sql/eval/array-functions.ts — arrays as PostgreSQL users write them, on DOCARRAY values: the
 * constructor `ARRAY[a, b, …]` (a call of ARRAY), STRING_TO_ARRAY and ARRAY_TO_STRING (registered by
 * functions.ts; ARRAY_AGG is an aggregate, UNNEST a function in FROM).
 *
 * 1. An array holds what a document may: numbers, strings, booleans, NULL, exact NUMERICs and INTEGERs, dates,
 *    bytes, documents and arrays. An INTERVAL or a structured value cannot be an element (42804).
 * 2. ARRAY's elements are its arguments' values, NULLs included, in order; `ARRAY[]` is the empty array.
 *    JSON_BUILD_ARRAY(a, b, …) and JSONB_BUILD_ARRAY are the same function under PostgreSQL's JSON names.
 * 3. STRING_TO_ARRAY(s, delimiter [, nullString]) splits s at each delimiter (a NULL delimiter: into characters;
 *    '' gives the one-element array of s, as PostgreSQL does; an empty s gives the empty array); fields equal to
 *    nullString are NULL. ARRAY_TO_STRING(array, delimiter [, nullString]) joins the elements' text, leaving NULLs
 *    out unless nullString is given.
 */
import { SqlError, SqlState } from '../../common/errors';
import { castValue, typeOfValue } from '../../common/values/cast';
import { CHAR, DOCARRAY, type SqlType, typeToSql } from '../../common/values/sql-type';
import type { Value } from '../../common/values/value';
import { badArg, type Definition, expectKinds, text, TEXT_KINDS } from './function-kit';

const NOT_ELEMENTS = new Set(['INTERVAL', 'TYPE']);

function notAnElement(t: string): SqlError {
  return SqlError.of(SqlState.DatatypeMismatch, [`an array cannot hold ${t}`]);
}

/** `ARRAY[…]` (invariant 2). */
const ARRAY: Definition = {
  minArgs: 0,
  maxArgs: Infinity,
  strict: false,
  resultType: (args) => {
    for (const t of args) if (NOT_ELEMENTS.has(t.kind)) throw notAnElement(typeToSql(t));
    return DOCARRAY;
  },
  bind: () => (v) => {
    const out = new Array<Value>(v.length);
    for (let i = 0; i < v.length; i++) {
      const x = v[i]!;
      if (x !== null && typeof x === 'object' && NOT_ELEMENTS.has(typeOfValue(x).kind)) throw notAnElement(typeToSql(typeOfValue(x)));
      out[i] = x;
    }
    return out as unknown as Value;
  },
};

function splitString(s: string, delimiter: string | null, nullString: string | null): Value {
  let parts: string[];
  if (s === '') parts = [];
  else if (delimiter === null) parts = Array.from(s);
  else if (delimiter === '') parts = [s];
  else parts = s.split(delimiter);
  return parts.map((p) => (nullString !== null && p === nullString ? null : p)) as unknown as Value;
}

/** STRING_TO_ARRAY (invariant 3): NULL only for a NULL string. */
const STRING_TO_ARRAY: Definition = {
  minArgs: 2,
  maxArgs: 3,
  strict: false,
  resultType: (args, name) => {
    args.forEach((_t, i) => expectKinds(name, args, i, TEXT_KINDS));
    return DOCARRAY;
  },
  bind: (_a, _r, name) => (v) => {
    if (v[0] === null) return null;
    return splitString(text(name, v[0]!, 0), v[1] === null ? null : text(name, v[1]!, 1), v.length > 2 && v[2] !== null ? text(name, v[2]!, 2) : null);
  },
};

/** ARRAY_TO_STRING (invariant 3): NULL for a NULL array or delimiter. */
const ARRAY_TO_STRING: Definition = {
  minArgs: 2,
  maxArgs: 3,
  strict: false,
  resultType: (args: readonly SqlType[], name: string) => {
    expectKinds(name, args, 0, ['DOCARRAY']);
    expectKinds(name, args, 1, TEXT_KINDS);
    expectKinds(name, args, 2, TEXT_KINDS);
    return CHAR;
  },
  bind: (_a, _r, name) => (v) => {
    const arr = v[0]!;
    if (arr === null || v[1] === null) return null;
    if (!Array.isArray(arr)) throw badArg(name, typeOfValue(arr), 0);
    const delimiter = text(name, v[1]!, 1);
    const nullString = v.length > 2 && v[2] !== null ? text(name, v[2]!, 2) : null;
    const parts: string[] = [];
    for (const x of arr as Value[]) {
      if (x === null || x === undefined) {
        if (nullString !== null) parts.push(nullString);
      } else parts.push(typeof x === 'string' ? x : (castValue(x, CHAR) as string));
    }
    return parts.join(delimiter);
  },
};

/** The definitions this file adds, by name. */
export const ARRAY_FUNCTIONS: ReadonlyArray<readonly [string, Definition]> = [
  ['ARRAY', ARRAY],
  ['JSON_BUILD_ARRAY', ARRAY],
  ['JSONB_BUILD_ARRAY', ARRAY],
  ['STRING_TO_ARRAY', STRING_TO_ARRAY],
  ['ARRAY_TO_STRING', ARRAY_TO_STRING],
];
