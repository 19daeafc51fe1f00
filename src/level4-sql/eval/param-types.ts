/**
 * src/level4-sql/eval/param-types.ts — static types for parameters, taken from the values of one execution.
 *
 * A SELECT whose result columns depend on a parameter (`SELECT ? + 1`) is planned with the types of the
 * values bound to it, so the reported column types always describe the rows (docs/sql-dialect.md,
 * "Parameters"); every other statement plans its parameters untyped (`dynamic`, checked at run time).
 *
 * 1. A value's parameter type: a JavaScript number is INTEGER when it is a safe integer, else REAL; bigint
 *    INTEGER; Decimal NUMERIC; string CHAR (no length); boolean BOOLEAN; a Date DATE when it is a UTC
 *    midnight (how DATE values come back from queries), else TIMESTAMP; bytes BLOB; other objects DOCUMENT;
 *    NULL the NULL type.
 * 2. A plan typed for `ParamTypes` fits an execution when every non-NULL value has the kind its parameter
 *    was typed with: NULL fits any type, so NULLs never force a new plan. A parameter the types do not
 *    mention was typed NULL, so only a NULL value fits it.
 */
import {
  BLOB,
  BOOLEAN,
  CHAR,
  DATE,
  DOCARRAY,
  DOCUMENT,
  INTEGER,
  INTERVAL,
  NULL_TYPE,
  NUMERIC,
  REAL,
  structType,
  TIMESTAMP,
  type SqlType,
  type TypeKind,
} from '../../common/values/sql-type';
import { Interval } from '../../common/values/interval';
import { StructValue } from '../../common/values/struct-value';
import { Decimal, type Value } from '../../common/values/value';
import { normaliseParamName, type Params } from '../context';

/** The static types of the parameters of one execution: `?` by position, `@name` by upper-cased name. */
export interface ParamTypes {
  readonly positional: readonly SqlType[];
  readonly named: ReadonlyMap<string, SqlType>;
}

/** Every parameter typed NULL: fits executions whose parameter values are all NULL. */
export const UNTYPED_PARAMS: ParamTypes = Object.freeze({
  positional: Object.freeze([]) as readonly SqlType[],
  named: new Map<string, SqlType>(),
});

const DAY_MS = 86_400_000;

/** The kind of a non-NULL parameter value (invariant 1), without allocating. */
function kindOf(v: Exclude<Value, null>): TypeKind {
  switch (typeof v) {
    case 'number':
      return Number.isSafeInteger(v) ? 'INTEGER' : 'REAL';
    case 'bigint':
      return 'INTEGER';
    case 'string':
      return 'CHAR';
    case 'boolean':
      return 'BOOLEAN';
    default:
      if (v instanceof Decimal) return 'NUMERIC';
      if (v instanceof Date) return v.getTime() % DAY_MS === 0 ? 'DATE' : 'TIMESTAMP';
      if (v instanceof Uint8Array) return 'BLOB';
      if (v instanceof Interval) return 'INTERVAL';
      return Array.isArray(v) ? 'DOCARRAY' : 'DOCUMENT';
  }
}

const TYPE_OF_KIND: Readonly<Record<TypeKind, SqlType>> = {
  NULL: NULL_TYPE,
  INTEGER,
  NUMERIC,
  REAL,
  CHAR,
  BOOLEAN,
  DATE,
  TIME: CHAR, // a parameter is never TIME: 'HH:MM:SS' text is CHAR
  TIMESTAMP,
  BLOB,
  DOCUMENT,
  DOCARRAY,
  INTERVAL,
  TYPE: NULL_TYPE, // never a kindOf result: a structured value's type names it (paramType)
};

/** The static type a parameter holding `v` gets (invariant 1). */
export function paramType(v: Value): SqlType {
  if (v instanceof StructValue) return structType(v.typeName);
  return v === null ? NULL_TYPE : TYPE_OF_KIND[kindOf(v)];
}

/** The parameter types of one execution's values. */
export function paramTypesOf(p: Params): ParamTypes {
  const named = new Map<string, SqlType>();
  for (const [k, v] of p.named) named.set(normaliseParamName(k), paramType(v));
  return { positional: p.positional.map(paramType), named };
}

function fits(t: SqlType | undefined, v: Value | undefined): boolean {
  if (v === null || v === undefined) return true;
  return (t === undefined ? 'NULL' : t.kind) === kindOf(v);
}

/** True when a plan typed for `t` can run with the values `p` (invariant 2). */
export function paramsFit(t: ParamTypes, p: Params): boolean {
  const values = p.positional;
  for (let i = 0; i < values.length; i++) if (!fits(t.positional[i], values[i])) return false;
  if (p.named.size > 0) {
    for (const [k, v] of p.named) if (!fits(t.named.get(normaliseParamName(k)), v)) return false;
  }
  return true;
}
