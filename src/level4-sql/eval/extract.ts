/**
 * src/level4-sql/eval/extract.ts — `EXTRACT(field FROM x)` (the visitor passes it as EXTRACT('FIELD', x)).
 *
 * 1. The field is YEAR, MONTH, DAY, HOUR, MINUTE or SECOND, written as a keyword (or a constant string): it
 *    decides the result type when the call is compiled. SECOND is NUMERIC(5,3), seconds with milliseconds
 *    (`12.500`); every other field is an INTEGER.
 * 2. x is a DATE (its time fields are 0), a TIMESTAMP (UTC), a TIME, or an INTERVAL (the fields carry the
 *    interval's sign: interval.ts `intervalField`). A field the type does not have (YEAR of a TIME, DAY of a
 *    year-month interval is 0, as PostgreSQL gives) is 22023 for TIME only; any other field name is 22023.
 * 3. NULL in → NULL out.
 */
import { SqlError, SqlState } from '../../common/errors';
import { type IntervalField, Interval, INTERVAL_FIELDS, intervalField } from '../../common/values/interval';
import { INTEGER, type SqlType, typeToSql } from '../../common/values/sql-type';
import { ExactDecimal, type Value } from '../../common/values/value';
import type { FunctionCall } from '../parse';
import { compiled, type Compiled, type EvalFn, tryFold } from './compiled';
import type { CompileEnv } from './compile-env';
import type { Recurse } from './compile-operators';
import type { Scope } from './scope';
import { atPosition } from './type-rules';

const SECONDS: SqlType = Object.freeze({ kind: 'NUMERIC', precision: 5, scale: 3 });
const SOURCE_KINDS = ['DATE', 'TIMESTAMP', 'TIME', 'INTERVAL', 'NULL'];
const TIME_FIELDS: ReadonlySet<IntervalField> = new Set(['HOUR', 'MINUTE', 'SECOND']);

function invalid(what: string, position: number): SqlError {
  return SqlError.of(SqlState.InvalidParameterValue, [what], { position });
}

/** The field of a Date (UTC) as a number; SECOND with its milliseconds. */
function dateField(d: Date, field: IntervalField): number {
  switch (field) {
    case 'YEAR':
      return d.getUTCFullYear();
    case 'MONTH':
      return d.getUTCMonth() + 1;
    case 'DAY':
      return d.getUTCDate();
    case 'HOUR':
      return d.getUTCHours();
    case 'MINUTE':
      return d.getUTCMinutes();
    case 'SECOND':
      return d.getUTCSeconds() + d.getUTCMilliseconds() / 1000;
  }
}

/** The field of a TIME value 'HH:MM:SS[.fff]'. */
function timeField(t: string, field: IntervalField): number {
  const [h, m, s] = t.split(':');
  if (field === 'HOUR') return Number(h);
  return field === 'MINUTE' ? Number(m) : Number(s);
}

/** `EXTRACT(field FROM x)` as the visitor passes it: EXTRACT('FIELD', x). */
export function compileExtract(e: FunctionCall, scope: Scope, env: CompileEnv, rec: Recurse): Compiled {
  const [fieldArg, sourceArg] = e.args;
  if (e.args.length !== 2 || fieldArg === undefined || sourceArg === undefined) {
    throw SqlError.of(SqlState.UndefinedFunction, [`function EXTRACT with ${e.args.length} arguments`], { position: e.position });
  }
  if (fieldArg.kind !== 'Literal' || fieldArg.value.type !== 'string') {
    throw invalid('the field of EXTRACT must be YEAR, MONTH, DAY, HOUR, MINUTE or SECOND', fieldArg.position);
  }
  const field = fieldArg.value.value.toUpperCase() as IntervalField;
  if (!INTERVAL_FIELDS.includes(field)) throw invalid(`EXTRACT cannot take the field ${fieldArg.value.value}`, fieldArg.position);
  const x = rec(sourceArg, scope, env);
  if (!x.dynamic && !SOURCE_KINDS.includes(x.type.kind)) {
    throw atPosition(SqlError.of(SqlState.DatatypeMismatch, [`EXTRACT cannot take ${typeToSql(x.type)}`]), e.position);
  }
  if (x.type.kind === 'TIME' && !TIME_FIELDS.has(field)) throw invalid(`a TIME has no ${field}`, fieldArg.position);
  const type = field === 'SECOND' ? SECONDS : INTEGER;
  const f = x.eval;
  const ev: EvalFn = (c, r) => {
    const v: Value = f(c, r);
    if (v === null) return null;
    let n: number;
    if (v instanceof Date) n = dateField(v, field);
    else if (v instanceof Interval) n = intervalField(v, field);
    else if (typeof v === 'string' && TIME_FIELDS.has(field)) n = timeField(v, field);
    else throw SqlError.of(SqlState.DatatypeMismatch, [`EXTRACT cannot take the value ${String(v)}`]);
    return field === 'SECOND' ? new ExactDecimal(n.toFixed(3)) : n;
  };
  return tryFold(compiled({ type, text: `EXTRACT(${field} FROM ${x.text})`, refs: x.refs, dynamic: false, eval: ev }), [x]);
}
