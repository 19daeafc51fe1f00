/**
 * src/level4-sql/exec/series.ts — the set-returning built-ins in FROM (PostgreSQL's): GENERATE_SERIES(start, stop
 * [, step]), one column of values from start towards stop by step, and UNNEST(array), one row per element.
 *
 * 1. Kinds: INTEGERs (exact at any size: a bigint once past 2^53), NUMERICs (exact; any NUMERIC argument makes
 *    the series NUMERIC), and DATE or TIMESTAMP bounds with an INTERVAL step (the values are TIMESTAMPs; the
 *    step is required; the k-th value is start + k·step, so a month step from the 31st keeps to month ends). The
 *    step defaults to 1; a zero step (or an INTERVAL of zero) is 22023.
 * 2. The values are made as the cursor is read, never held: `generate_series(1, 1e12)` under a LIMIT costs only
 *    the rows read. A series whose step goes away from stop is empty; NULL in any argument is empty too.
 * 3. The arguments are evaluated when the rowset is opened (a correlated one, once per outer row).
 * 4. UNNEST takes a DOCARRAY (a JavaScript array given as a parameter, ARRAY[…], a document's array); its column's
 *    type is only known per value, as a selector's is. A NULL array gives no rows; a value that is no array is
 *    42804.
 * 5. WITH ORDINALITY (any function in FROM) appends a row's number, from 1, to each row the function gives.
 */
import { SqlError, SqlState } from '../../common/errors';
import { typeOfValue } from '../../common/values/cast';
import { addInterval, Interval } from '../../common/values/interval';
import { INTEGER, NUMERIC, type SqlType, TIMESTAMP, typeToSql } from '../../common/values/sql-type';
import { Decimal, ExactDecimal, normaliseInteger, toExactDecimal, type Row, type Value } from '../../common/values/value';
import type { ExecContext } from '../context';
import { EMPTY_CURSOR, line, type Cursor, type RowSet } from './rowset';

/** The column type of GENERATE_SERIES over arguments of these types (invariant 1); 42804 / 42883 otherwise. */
export function seriesType(args: readonly SqlType[], position: number): SqlType {
  if (args.length < 2 || args.length > 3) {
    throw SqlError.of(SqlState.UndefinedFunction, [`function GENERATE_SERIES with ${args.length} arguments`], { position, hint: 'GENERATE_SERIES(start, stop [, step])' });
  }
  const kinds = args.map((t) => t.kind);
  const bad = (i: number): never => {
    throw SqlError.of(SqlState.DatatypeMismatch, [`function GENERATE_SERIES cannot take ${typeToSql(args[i]!)} as argument ${i + 1}`], { position });
  };
  const timed = kinds.slice(0, 2).some((k) => k === 'DATE' || k === 'TIMESTAMP');
  if (timed) {
    for (let i = 0; i < 2; i++) if (!['DATE', 'TIMESTAMP', 'NULL'].includes(kinds[i]!)) bad(i);
    if (args.length < 3) throw SqlError.of(SqlState.UndefinedFunction, ['function GENERATE_SERIES of dates without a step'], { position, hint: "Give the step as an INTERVAL: generate_series(a, b, INTERVAL '1' DAY)." });
    if (kinds[2] !== 'INTERVAL' && kinds[2] !== 'NULL') bad(2);
    return TIMESTAMP;
  }
  kinds.forEach((k, i) => {
    if (k !== 'INTEGER' && k !== 'NUMERIC' && k !== 'NULL') bad(i);
  });
  return kinds.includes('NUMERIC') ? NUMERIC : INTEGER;
}

function zeroStep(): SqlError {
  return SqlError.of(SqlState.InvalidParameterValue, ['the step of GENERATE_SERIES cannot be zero']);
}

/** A cursor over start, start + step, … while not past stop (invariant 2). */
function numberCursor(start: Value, stop: Value, step: Value, numeric: boolean): Cursor {
  if (numeric || start instanceof Decimal || stop instanceof Decimal || step instanceof Decimal) {
    let x = toExactDecimal(start as number);
    const end = toExactDecimal(stop as number);
    const by = toExactDecimal(step as number);
    if (by.isZero()) throw zeroStep();
    const up = by.isPositive();
    return {
      next(): Row | null {
        if (up ? x.greaterThan(end) : x.lessThan(end)) return null;
        const v = x;
        x = ExactDecimal.add(x, by);
        return [v];
      },
    };
  }
  let x = BigInt(start as number | bigint);
  const end = BigInt(stop as number | bigint);
  const by = BigInt(step as number | bigint);
  if (by === 0n) throw zeroStep();
  return {
    next(): Row | null {
      if (by > 0n ? x > end : x < end) return null;
      const v = normaliseInteger(x);
      x += by;
      return [v];
    },
  };
}

/** start + k·step for k = 0, 1, … (each from start, so month steps from the 31st keep to month ends, as PostgreSQL's). */
function timeCursor(start: Date, stop: Date, step: Interval): Cursor {
  const probe = addInterval(start, step, false).getTime() - start.getTime();
  if (probe === 0) throw zeroStep();
  const up = probe > 0;
  const end = stop.getTime();
  let k = 0;
  return {
    next(): Row | null {
      const x = k === 0 ? start : addInterval(start, new Interval(step.months * k, step.milliseconds * k), false);
      if (up ? x.getTime() > end : x.getTime() < end) return null;
      k++;
      return [x];
    },
  };
}

/** GENERATE_SERIES as a FROM item (invariants 2 and 3). */
export class SeriesRowSet implements RowSet {
  readonly kind = 'SeriesRowSet' as const;
  constructor(
    private readonly type: SqlType,
    private readonly args: ReadonlyArray<(ctx: ExecContext) => Value>,
  ) {}

  open(ctx: ExecContext): Cursor {
    const [start, stop, step = 1] = this.args.map((a) => a(ctx));
    if (start === null || stop === null || step === null || start === undefined || stop === undefined) return EMPTY_CURSOR;
    if (this.type.kind === 'TIMESTAMP') {
      if (!(start instanceof Date) || !(stop instanceof Date) || !(step instanceof Interval)) {
        throw SqlError.of(SqlState.DatatypeMismatch, [`GENERATE_SERIES cannot step ${typeToSql(typeOfValue(start))} by ${typeToSql(typeOfValue(step))}`]);
      }
      return timeCursor(start, stop, step);
    }
    for (const v of [start, stop, step]) {
      if (typeof v !== 'number' && typeof v !== 'bigint' && !(v instanceof Decimal)) {
        throw SqlError.of(SqlState.DatatypeMismatch, [`GENERATE_SERIES cannot take ${typeToSql(typeOfValue(v))}`]);
      }
      if (typeof v === 'number' && !Number.isInteger(v) && this.type.kind === 'INTEGER') {
        throw SqlError.of(SqlState.DatatypeMismatch, ['GENERATE_SERIES of INTEGERs cannot take a fraction']);
      }
    }
    return numberCursor(start, stop, step, this.type.kind === 'NUMERIC');
  }

  explain(out: string[], depth: number): void {
    line(out, depth, 'SeriesRowSet GENERATE_SERIES');
  }
}

/** UNNEST(array) as a FROM item (invariant 4). */
export class UnnestRowSet implements RowSet {
  readonly kind = 'UnnestRowSet' as const;
  constructor(private readonly array: (ctx: ExecContext) => Value) {}

  open(ctx: ExecContext): Cursor {
    const arr = this.array(ctx);
    if (arr === null) return EMPTY_CURSOR;
    if (!Array.isArray(arr)) throw SqlError.of(SqlState.DatatypeMismatch, [`UNNEST takes an array, not ${typeToSql(typeOfValue(arr))}`]);
    const values = arr as readonly Value[];
    let i = 0;
    return {
      next(): Row | null {
        if (i >= values.length) return null;
        return [values[i++] ?? null];
      },
    };
  }

  explain(out: string[], depth: number): void {
    line(out, depth, 'UnnestRowSet UNNEST');
  }
}

/** A function in FROM WITH ORDINALITY (invariant 5): each row with its number appended. */
export class OrdinalityRowSet implements RowSet {
  readonly kind = 'OrdinalityRowSet' as const;
  constructor(private readonly source: RowSet) {}

  open(ctx: ExecContext): Cursor {
    const src = this.source.open(ctx);
    let n = 0;
    return {
      next(): Row | null {
        const r = src.next();
        return r === null ? null : [...r, ++n];
      },
    };
  }

  explain(out: string[], depth: number, ctx?: ExecContext): void {
    line(out, depth, 'Ordinality');
    this.source.explain(out, depth + 1, ctx);
  }
}
