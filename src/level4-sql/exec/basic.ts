/**
 * src/level4-sql/exec/basic.ts — the small streaming nodes: SingleRowSet (SELECT without FROM),
 * ValuesRowSet, FilterRowSet, ProjectRowSet, LimitRowSet.
 *
 * 1. Filter and Project evaluate compiled closures on the rows they pull; Project allocates exactly one
 *    output array per row.
 * 2. LIMIT and OFFSET are evaluated when the rowset opens: NULL means no limit; a negative or non-integer
 *    count is 2201W (LIMIT/FETCH) or 2201X (OFFSET). LIMIT 0 opens nothing below it.
 */
import { SqlError, SqlState } from '../../common/errors';
import { keepShape } from '../../common/shapes';
import { Decimal, type Row, type Value } from '../../common/values/value';
import { detachedContext, type ExecContext } from '../context';
import type { Compiled, EvalFn } from '../eval/compiled';
import { conjunction, filterText, type RowTest } from './predicate';
import { ArrayCursor, EMPTY_CURSOR, line, type Cursor, type RowSet } from './rowset';

const ONE_EMPTY_ROW: readonly Row[] = Object.freeze([Object.freeze([]) as Row]);

/** One row with no columns: the FROM of `SELECT 1`. */
export class SingleRowSet implements RowSet {
  readonly kind = 'SingleRowSet' as const;
  open(): Cursor {
    return new ArrayCursor(ONE_EMPTY_ROW);
  }
  explain(out: string[], depth: number): void {
    line(out, depth, 'SingleRowSet');
  }
}

/** `VALUES (…), (…)`: each row's expressions evaluated when pulled. */
export class ValuesRowSet implements RowSet {
  readonly kind = 'ValuesRowSet' as const;
  constructor(readonly rows: readonly (readonly Compiled[])[]) {}
  open(ctx: ExecContext): Cursor {
    const rows = this.rows;
    let i = 0;
    return {
      next(): Row | null {
        if (i >= rows.length) return null;
        const r = rows[i++]!;
        const out = new Array<Value>(r.length);
        for (let j = 0; j < r.length; j++) out[j] = r[j]!.eval(ctx, null);
        return out;
      },
    };
  }
  explain(out: string[], depth: number): void {
    line(out, depth, `ValuesRowSet ${this.rows.length} row${this.rows.length === 1 ? '' : 's'}`);
  }
}

/** The cursor of a FilterRowSet (a class: one allocation per open, no closures). */
class FilterCursor implements Cursor {
  constructor(
    private readonly src: Cursor,
    private readonly test: RowTest,
    private readonly ctx: ExecContext,
  ) {}
  next(): Row | null {
    const src = this.src;
    for (let r = src.next(); r !== null; r = src.next()) if (this.test(this.ctx, r) === true) return r;
    return null;
  }
}

/** The cursor of a ProjectRowSet: one new row per source row. */
class ProjectCursor implements Cursor {
  constructor(
    private readonly src: Cursor,
    private readonly fs: readonly EvalFn[],
    private readonly ctx: ExecContext,
  ) {}
  next(): Row | null {
    const r = this.src.next();
    if (r === null) return null;
    const fs = this.fs;
    const n = fs.length;
    const ctx = this.ctx;
    const out = new Array<Value>(n);
    for (let i = 0; i < n; i++) out[i] = fs[i]!(ctx, r);
    return out;
  }
}

/** Rows of the source for which every predicate is TRUE. */
export class FilterRowSet implements RowSet {
  readonly kind = 'FilterRowSet' as const;
  private readonly test: RowTest;
  constructor(
    readonly source: RowSet,
    readonly preds: readonly Compiled[],
  ) {
    this.test = conjunction(preds) ?? (() => true);
  }
  open(ctx: ExecContext): Cursor {
    return new FilterCursor(this.source.open(ctx), this.test, ctx);
  }
  explain(out: string[], depth: number, ctx?: ExecContext): void {
    line(out, depth, `Filter${filterText('', this.preds).slice(1)}`);
    this.source.explain(out, depth + 1, ctx);
  }
}

/** One output row per source row, computed by the item closures. */
export class ProjectRowSet implements RowSet {
  readonly kind = 'ProjectRowSet' as const;
  private readonly fs: readonly EvalFn[];
  constructor(
    readonly source: RowSet,
    readonly items: readonly Compiled[],
    readonly names: readonly string[],
  ) {
    this.fs = items.map((i) => i.eval);
  }
  open(ctx: ExecContext): Cursor {
    return new ProjectCursor(this.source.open(ctx), this.fs, ctx);
  }
  explain(out: string[], depth: number, ctx?: ExecContext): void {
    line(out, depth, `Project (${this.names.join(', ')})`);
    this.source.explain(out, depth + 1, ctx);
  }
}

/** Evaluates a LIMIT / OFFSET count (see invariant 2); null = none. */
export function rowCount(ctx: ExecContext, c: Compiled | null, offset: boolean): number | null {
  if (c === null) return null;
  const v = c.eval(ctx, null);
  if (v === null) return null;
  const n = typeof v === 'bigint' ? Number(v) : typeof v === 'number' ? v : v instanceof Decimal && v.isInteger() ? v.toNumber() : Number.NaN;
  if (!Number.isInteger(n) || n < 0) {
    const code = offset ? SqlState.InvalidRowCountInOffset : SqlState.InvalidRowCountInLimit;
    throw SqlError.of(code, [String(v)]);
  }
  return n;
}

/** OFFSET then LIMIT. */
export class LimitRowSet implements RowSet {
  readonly kind = 'LimitRowSet' as const;
  constructor(
    readonly source: RowSet,
    readonly limit: Compiled | null,
    readonly offset: Compiled | null,
  ) {}
  open(ctx: ExecContext): Cursor {
    const limit = rowCount(ctx, this.limit, false);
    let skip = rowCount(ctx, this.offset, true) ?? 0;
    if (limit === 0) return EMPTY_CURSOR;
    const src = this.source.open(ctx);
    let left = limit ?? Infinity;
    return {
      next(): Row | null {
        if (left <= 0) return null;
        for (; skip > 0; skip--) if (src.next() === null) return null;
        const r = src.next();
        if (r === null) return null;
        left--;
        return r;
      },
    };
  }
  explain(out: string[], depth: number, ctx?: ExecContext): void {
    const l = this.limit === null ? '' : ` limit ${this.limit.text}`;
    const o = this.offset === null ? '' : ` offset ${this.offset.text}`;
    line(out, depth, `Limit${l}${o}`);
    this.source.explain(out, depth + 1, ctx);
  }
}

// cursors live for one execution (shapes.ts)
keepShape(() => new ProjectCursor(EMPTY_CURSOR, [], detachedContext()));
keepShape(() => new FilterCursor(EMPTY_CURSOR, () => true, detachedContext()));
