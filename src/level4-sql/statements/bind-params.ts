/**
 * src/level4-sql/statements/bind-params.ts — turns the caller's parameter values into `Params` for a statement.
 *
 * 1. `?` marks take an array, exactly as many values as the statement has marks (else WrongParameterCount 07001).
 *    The statements of one text share the array: each numbers its marks from the first value. An object
 *    given to a statement with `?` marks is 07001 too, with a hint that `?` needs an array.
 * 2. `@name` parameters take an object whose keys are written with or without the `@`, in any case; a name the
 *    statement uses and the object lacks raises UndefinedParameter (42P02); two keys naming the same parameter
 *    (`a` and `@A`) raise AmbiguousParameter (42P08). Keys the statement does not use are ignored.
 * 3. Every value goes through `valueFromJs`, so an unsupported JS value raises 07006 and never reaches a plan.
 * 4. `Params.named` is keyed by the upper-cased name without `@` (ExecContext looks names up the same way).
 * 5. An array whose values are all their own Value (see `isPlain`) becomes `Params.positional` without a
 *    copy: a statement reads its parameters while it runs and keeps nothing of them but their values, which
 *    are immutable; a prepared statement run once per row thus copies no parameter array.
 */
import { SqlError, SqlState } from '../../common/errors';
import { valueFromJs } from '../../common/values/cast';
import { Decimal, type Value } from '../../common/values/value';
import { NO_PARAMS, normaliseParamName, type Params } from '../context';
import type { Parameter } from '../parse';
import type { ParameterInfo } from './ast-walk';

/** Strings, booleans, NULL and finite numbers other than -0 are their own Value (valueFromJs returns them);
 *  NaN and ±Infinity go to valueFromJs, which refuses them (v - v is NaN for those). */
function isPlain(v: unknown): boolean {
  return typeof v === 'string' || typeof v === 'boolean' || v === null || (typeof v === 'number' && v - v === 0 && v !== 0);
}

/** No parameters. */
export const EMPTY_PARAMS: Params = NO_PARAMS;

function missing(name: string, node: Parameter): SqlError {
  return SqlError.of(SqlState.UndefinedParameter, [`@${node.name ?? name}`], { position: node.position });
}

function isNamedObject(p: unknown): p is Readonly<Record<string, unknown>> {
  if (typeof p !== 'object' || p === null || Array.isArray(p)) return false;
  return !(p instanceof Date || Decimal.isDecimal(p) || p instanceof Uint8Array);
}

function bindNamed(info: ParameterInfo, obj: Readonly<Record<string, unknown>>): Params {
  const named = new Map<string, Value>();
  for (const key of Object.keys(obj)) {
    const name = normaliseParamName(key);
    if (named.has(name)) throw SqlError.of(SqlState.AmbiguousParameter, [`@${name}`]);
    named.set(name, valueFromJs(obj[key], `@${name}`));
  }
  for (const [name, node] of info.named) {
    if (!named.has(name)) throw missing(name, node);
  }
  return { positional: [], named };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** 07001: the statement has `marks` `?` marks but `given` values came (`statements` statements share them). */
function wrongCount(marks: number, given: number | string, statements: number): SqlError {
  const detail =
    statements > 1
      ? `The ${statements} statements of this text share one list of values: each numbers its ? marks from the first value.`
      : undefined;
  return SqlError.of(SqlState.WrongParameterCount, [plural(marks, 'value'), given], detail === undefined ? {} : { detail });
}

const OBJECT_FOR_MARKS = 'an object (values for ? marks are passed as an array; an object names @name parameters)';

/**
 * Checks and converts the caller's parameters against what the statement uses; `statements` is how many
 * statements the text has (they share the values, for the 07001 message).
 */
export function bindParams(info: ParameterInfo, params: unknown, statements = 1): Params {
  if (params === undefined || params === null) {
    if (info.positional > 0) throw wrongCount(info.positional, 0, statements);
    for (const [name, node] of info.named) {
      throw missing(name, node);
    }
    return EMPTY_PARAMS;
  }
  if (Array.isArray(params)) {
    if (info.named.size > 0) {
      for (const [name, node] of info.named) throw missing(name, node);
    }
    if (params.length !== info.positional) throw wrongCount(info.positional, params.length, statements);
    let positional: Value[] | null = null;
    for (let i = 0; i < params.length; i++) {
      const v: unknown = params[i];
      if (isPlain(v)) {
        if (positional !== null) positional[i] = v as Value;
        continue;
      }
      positional ??= params.slice(0, i) as Value[];
      positional[i] = valueFromJs(v, String(i + 1));
    }
    // invariant 5: an array of plain values is used as it is
    return { positional: positional ?? (params as Value[]), named: EMPTY_PARAMS.named };
  }
  if (isNamedObject(params)) {
    if (info.positional > 0) throw wrongCount(info.positional, OBJECT_FOR_MARKS, statements);
    return bindNamed(info, params);
  }
  throw SqlError.of(SqlState.RestrictedDataTypeViolation, ['list', `${typeof params} (expected an array or an object)`]);
}
