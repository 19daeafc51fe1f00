/**
 * src/level4-sql/eval/function-kit.ts — what every built-in scalar function's definition is made of: the
 * `Definition` shape (functions.ts invariant 1), `fixed` for the common strict kind, and the argument checks
 * and conversions (42804 for an argument of the wrong kind).
 */
import { SqlError, SqlState } from '../../common/errors';
import { typeOfValue } from '../../common/values/cast';
import { type SqlType, typeToSql } from '../../common/values/sql-type';
import { Decimal, type Value } from '../../common/values/value';

/** Any surrogate: a string without one has as many characters as UTF-16 units. */
export const SURROGATE = /[\uD800-\uDFFF]/;

export type Impl = (args: readonly Value[]) => Value;

export interface Definition {
  readonly minArgs: number;
  readonly maxArgs: number;
  /** NULL in any argument → NULL without calling */
  readonly strict: boolean;
  resultType(args: readonly SqlType[], name: string): SqlType;
  bind(args: readonly SqlType[], result: SqlType, name: string): Impl;
}

// ---------------------------------------------------------------- argument checks

export function badArg(name: string, t: SqlType | string, i: number): SqlError {
  const what = typeof t === 'string' ? t : typeToSql(t);
  return SqlError.of(SqlState.DatatypeMismatch, [`function ${name} cannot take ${what} as argument ${i + 1}`]);
}

export function expectKinds(name: string, args: readonly SqlType[], i: number, kinds: readonly string[]): void {
  const t = args[i];
  if (t !== undefined && t.kind !== 'NULL' && !kinds.includes(t.kind)) throw badArg(name, t, i);
}

export const NUMBER_KINDS = ['INTEGER', 'NUMERIC', 'REAL'];
export const TEXT_KINDS = ['CHAR'];

/** The type of a numeric function's first argument, checked. */
export function numberType(name: string, args: readonly SqlType[]): SqlType {
  expectKinds(name, args, 0, NUMBER_KINDS);
  return args[0]!;
}

export function text(name: string, v: Value, i: number): string {
  if (typeof v !== 'string') throw badArg(name, typeOfValue(v), i);
  return v;
}

/** An INTEGER argument as a number, clamped to ±2^53 (larger counts mean "all" anyway). */
export function count(name: string, v: Value, i: number): number {
  if (typeof v === 'bigint') return v > 0n ? Number.MAX_SAFE_INTEGER : Number.MIN_SAFE_INTEGER;
  if (typeof v !== 'number' || !Number.isInteger(v)) throw badArg(name, typeOfValue(v), i);
  return v;
}

export function num(name: string, v: Value, i: number): number | bigint | Decimal {
  if (typeof v === 'number' || typeof v === 'bigint' || v instanceof Decimal) return v;
  throw badArg(name, typeOfValue(v), i);
}

export function fixed(
  minArgs: number,
  maxArgs: number,
  resultType: (args: readonly SqlType[], name: string) => SqlType,
  impl: (args: readonly Value[], name: string) => Value,
): Definition {
  return {
    minArgs,
    maxArgs,
    strict: true,
    resultType,
    bind: (_args, _result, name) => (values) => impl(values, name),
  };
}

export const textFn = (f: (s: string) => Value, result: SqlType): Definition =>
  fixed(
    1,
    1,
    (args, name) => (expectKinds(name, args, 0, TEXT_KINDS), result),
    (v, name) => f(text(name, v[0]!, 0)),
  );

