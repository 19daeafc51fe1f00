/**
 * src/level4-sql/exec/set-ops.ts — DistinctRowSet, DistinctOnRowSet and SetOperationRowSet (UNION, INTERSECT,
 * EXCEPT, each with or without ALL).
 *
 * 1. Rows are equal when all their values are equal as SQL values, NULL equal to NULL (hash-key.ts).
 * 2. DISTINCT and UNION stream: a row is emitted the first time its key is seen. INTERSECT and EXCEPT read
 *    the right side into a multiset first, then stream the left side.
 * 3. `[ALL]` semantics: UNION ALL concatenates; INTERSECT ALL emits a row min(m, n) times, EXCEPT ALL
 *    max(m - n, 0) times; without ALL each result row appears once.
 * 4. DISTINCT ON (PostgreSQL's) streams too, keyed by its expressions evaluated on the source row rather than by
 *    the row: the first row of each key in the order the source gives (the planner sorts by ORDER BY first).
 */
import type { Row, Value } from '../../common/values/value';
import type { ExecContext } from '../context';
import type { Compiled } from '../eval/compiled';
import { compositeKey, hashKey, type HashKey } from '../eval/hash-key';
import { line, type Cursor, type RowSet } from './rowset';

function rowKey(r: Row, width: number): HashKey {
  return width === 1 ? hashKey(r[0] ?? null) : compositeKey(r, width);
}

/** Removes duplicate rows, keeping the first of each. */
export class DistinctRowSet implements RowSet {
  readonly kind = 'DistinctRowSet' as const;
  constructor(
    readonly source: RowSet,
    readonly width: number,
  ) {}
  open(ctx: ExecContext): Cursor {
    return distinctCursor(this.source.open(ctx), this.width);
  }
  explain(out: string[], depth: number, ctx?: ExecContext): void {
    line(out, depth, 'Distinct');
    this.source.explain(out, depth + 1, ctx);
  }
}

/** `DISTINCT ON (e, …)`: the first row of each combination of the expressions' values (invariant 4). */
export class DistinctOnRowSet implements RowSet {
  readonly kind = 'DistinctOnRowSet' as const;
  constructor(
    readonly source: RowSet,
    readonly on: readonly Compiled[],
  ) {}
  open(ctx: ExecContext): Cursor {
    const src = this.source.open(ctx);
    const fs = this.on.map((c) => c.eval);
    const n = fs.length;
    const seen = new Set<HashKey>();
    const values: Value[] = new Array<Value>(n);
    return {
      next(): Row | null {
        for (let r = src.next(); r !== null; r = src.next()) {
          for (let i = 0; i < n; i++) values[i] = fs[i]!(ctx, r);
          const k = rowKey(values, n);
          if (seen.has(k)) continue;
          seen.add(k);
          return r;
        }
        return null;
      },
    };
  }
  explain(out: string[], depth: number, ctx?: ExecContext): void {
    line(out, depth, `DistinctOn (${this.on.map((c) => c.text).join(', ')})`);
    this.source.explain(out, depth + 1, ctx);
  }
}

function distinctCursor(src: Cursor, width: number): Cursor {
  const seen = new Set<HashKey>();
  return {
    next(): Row | null {
      for (let r = src.next(); r !== null; r = src.next()) {
        const k = rowKey(r, width);
        if (seen.has(k)) continue;
        seen.add(k);
        return r;
      }
      return null;
    },
  };
}

function concatCursor(a: Cursor, open: () => Cursor): Cursor {
  let cur: Cursor = a;
  let second = false;
  return {
    next(): Row | null {
      for (;;) {
        const r = cur.next();
        if (r !== null || second) return r;
        second = true;
        cur = open();
      }
    },
  };
}

/** UNION / INTERSECT / EXCEPT [ALL] of two inputs of the same width. */
export class SetOperationRowSet implements RowSet {
  readonly kind = 'SetOperationRowSet' as const;
  constructor(
    readonly op: 'UNION' | 'INTERSECT' | 'EXCEPT',
    readonly all: boolean,
    readonly left: RowSet,
    readonly right: RowSet,
    readonly width: number,
  ) {}

  open(ctx: ExecContext): Cursor {
    const w = this.width;
    if (this.op === 'UNION') {
      const cat = concatCursor(this.left.open(ctx), () => this.right.open(ctx));
      return this.all ? cat : distinctCursor(cat, w);
    }
    const counts = new Map<HashKey, number>();
    const rc = this.right.open(ctx);
    for (let r = rc.next(); r !== null; r = rc.next()) {
      const k = rowKey(r, w);
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    const lc = this.left.open(ctx);
    return this.op === 'INTERSECT' ? this.intersect(lc, counts) : this.except(lc, counts);
  }

  private intersect(lc: Cursor, counts: Map<HashKey, number>): Cursor {
    const w = this.width;
    const all = this.all;
    return {
      next(): Row | null {
        for (let r = lc.next(); r !== null; r = lc.next()) {
          const k = rowKey(r, w);
          const n = counts.get(k) ?? 0;
          if (n === 0) continue;
          counts.set(k, all ? n - 1 : 0);
          return r;
        }
        return null;
      },
    };
  }

  private except(lc: Cursor, counts: Map<HashKey, number>): Cursor {
    const w = this.width;
    const all = this.all;
    const emitted = new Set<HashKey>();
    return {
      next(): Row | null {
        for (let r = lc.next(); r !== null; r = lc.next()) {
          const k = rowKey(r, w);
          const n = counts.get(k) ?? 0;
          if (all) {
            if (n > 0) {
              counts.set(k, n - 1);
              continue;
            }
            return r;
          }
          if (n > 0 || emitted.has(k)) continue;
          emitted.add(k);
          return r;
        }
        return null;
      },
    };
  }

  explain(out: string[], depth: number, ctx?: ExecContext): void {
    line(out, depth, `${this.op[0]}${this.op.slice(1).toLowerCase()}${this.all ? ' all' : ''}`);
    this.left.explain(out, depth + 1, ctx);
    this.right.explain(out, depth + 1, ctx);
  }
}
