/**
 * src/level4-sql/exec/group.ts — GroupRowSet: hash aggregation for GROUP BY and for aggregate queries
 * without GROUP BY.
 *
 * 1. Output rows are `[...group key values, ...aggregate results]`, one per group in first-seen order.
 * 2. Without GROUP BY there is exactly one group, even over no rows (`SELECT count(*) FROM empty` is 0).
 * 3. Group keys compare as SQL values (hash-key.ts): NULLs form one group, 1 and 1.0 are one group.
 * 4. COUNT(*) steps its accumulator with TRUE for every row; other aggregates step with their argument's
 *    value (the accumulator ignores NULLs as the aggregate requires).
 * 5. Aggregates that are all COUNT(*), without GROUP BY, over an unfiltered scan of one table take the
 *    table's row count from its row tree (table-scan.ts `rowCount`) instead of visiting every row; EXPLAIN
 *    says so. The scan records the whole-table read either way, so a concurrent insert still conflicts.
 * 6. An ordered aggregate (`string_agg(x, ',' ORDER BY y)`) steps with a tuple [value, ...keys] per row; its
 *    accumulator keeps them and, for the result, feeds the aggregate's own accumulator the values sorted by
 *    the keys (a stable sort: equal keys keep the rows' order).
 * 7. Grouping sets (ROLLUP, CUBE, GROUPING SETS): rows are `[...keys, set index, ...aggregate results]`, a key
 *    outside the row's set NULL; each source row steps one group in every set. A set of no keys has its one
 *    group even over no rows, as a query without GROUP BY has (PostgreSQL's rule).
 */
import type { Row, Value } from '../../common/values/value';
import type { ExecContext } from '../context';
import type { Accumulator, AggregateFunction } from '../eval/aggregates';
import type { Compiled, EvalFn } from '../eval/compiled';
import { compositeKey, hashKey, type HashKey } from '../eval/hash-key';
import { ArrayCursor, line, type Cursor, type RowSet } from './rowset';
import { compareKey } from './sort';
import type { TableScanRowSet } from './table-scan';

/** One aggregate call of the query. */
export interface AggregateSpec {
  readonly fn: AggregateFunction;
  readonly distinct: boolean;
  /** the argument; null for COUNT(*) */
  readonly arg: Compiled | null;
  /** the separator of STRING_AGG / GROUP_CONCAT, fixed for an execution (aggregates.ts invariant 7), or null */
  readonly separator?: Compiled | null;
  /** `agg(x ORDER BY …)`: the keys' directions; the argument then gives [value, ...keys] (invariant 6) */
  readonly order?: AggregateOrder | null;
  readonly text: string;
}

/** One execution's separators of STRING_AGG / GROUP_CONCAT, by aggregate; null when no aggregate takes one. */
type Separators = readonly (Value | undefined)[] | null;

/** The directions of an ordered aggregate's keys (exec/sort.ts's rules for NULLs). */
export type AggregateOrder = ReadonlyArray<{ readonly descending: boolean; readonly nullsFirst: boolean }>;

/** Feeds an aggregate its values in the order of their keys (invariant 6). */
class OrderedAccumulator implements Accumulator {
  private readonly tuples: Value[][] = [];

  constructor(
    private readonly inner: Accumulator,
    private readonly order: AggregateOrder,
  ) {}

  step(v: Value): void {
    if (v !== null) this.tuples.push(v as unknown as Value[]);
  }

  result(): Value {
    const order = this.order;
    // Array.prototype.sort is stable: equal keys keep the rows' order
    this.tuples.sort((a, b) => {
      for (let i = 0; i < order.length; i++) {
        const c = compareKey(a[i + 1]!, b[i + 1]!, order[i]!.descending, order[i]!.nullsFirst);
        if (c !== 0) return c;
      }
      return 0;
    });
    for (const t of this.tuples) this.inner.step(t[0]!);
    this.tuples.length = 0;
    return this.inner.result();
  }
}

interface Group {
  readonly keys: Value[];
  readonly accs: Accumulator[];
}

/** Hash aggregation (see the file header). */
export class GroupRowSet implements RowSet {
  readonly kind = 'GroupRowSet' as const;
  private readonly keyFs: readonly EvalFn[];
  private readonly argFs: readonly (EvalFn | null)[];

  constructor(
    readonly source: RowSet,
    readonly keys: readonly Compiled[],
    readonly aggs: readonly AggregateSpec[],
    /** grouping sets (invariant 7): each set's keys as indices into `keys`; null for one set of every key */
    readonly sets: ReadonlyArray<readonly number[]> | null = null,
  ) {
    this.keyFs = keys.map((k) => k.eval);
    this.argFs = aggs.map((a) => (a.arg === null ? null : a.arg.eval));
    const countsOnly = keys.length === 0 && sets === null && aggs.length > 0 && aggs.every((a) => a.arg === null);
    const scan = source.kind === 'TableScanRowSet' ? (source as TableScanRowSet) : null;
    this.countedScan = countsOnly && scan !== null && scan.filter.length === 0 ? scan : null;
  }

  /** The scan whose row count answers every aggregate (invariant 5), or null. */
  private readonly countedScan: TableScanRowSet | null;

  open(ctx: ExecContext): Cursor {
    if (this.countedScan !== null) {
      const n = this.countedScan.rowCount(ctx);
      if (n !== null) return new ArrayCursor([this.aggs.map(() => n)]);
    }
    const src = this.source.open(ctx);
    // this execution's separators, by aggregate (aggregates.ts invariant 7); null when no aggregate takes one
    const seps = this.aggs.some((a) => (a.separator ?? null) !== null) ? this.aggs.map((a) => a.separator?.eval(ctx, null)) : null;
    if (this.sets !== null) return new ArrayCursor(this.groupingSets(ctx, src, seps, this.sets));
    const groups = this.keyFs.length === 0 ? [this.grandTotal(ctx, src, seps)] : this.hashed(ctx, src, seps);
    const nk = this.keyFs.length;
    const na = this.aggs.length;
    const rows = new Array<Row>(groups.length);
    for (let g = 0; g < groups.length; g++) {
      const grp = groups[g]!;
      const out = new Array<Value>(nk + na);
      for (let i = 0; i < nk; i++) out[i] = grp.keys[i]!;
      for (let i = 0; i < na; i++) out[nk + i] = grp.accs[i]!.result();
      rows[g] = out;
    }
    return new ArrayCursor(rows);
  }

  private newGroup(keys: Value[], seps: Separators): Group {
    return {
      keys,
      accs: this.aggs.map((a, i) => {
        const acc = a.fn.create(a.distinct, seps === null ? undefined : seps[i]);
        return (a.order ?? null) === null ? acc : new OrderedAccumulator(acc, a.order!);
      }),
    };
  }

  private step(ctx: ExecContext, g: Group, row: Row): void {
    const argFs = this.argFs;
    const accs = g.accs;
    for (let i = 0; i < argFs.length; i++) {
      const f = argFs[i]!;
      accs[i]!.step(f === null ? true : f(ctx, row));
    }
  }

  private grandTotal(ctx: ExecContext, src: Cursor, seps: Separators): Group {
    const g = this.newGroup([], seps);
    for (let r = src.next(); r !== null; r = src.next()) this.step(ctx, g, r);
    return g;
  }

  private hashed(ctx: ExecContext, src: Cursor, seps: Separators): Group[] {
    const map = new Map<HashKey, Group>();
    const keyFs = this.keyFs;
    const nk = keyFs.length;
    const single = nk === 1 ? keyFs[0]! : null;
    const vals = new Array<Value>(nk);
    for (let r = src.next(); r !== null; r = src.next()) {
      let hk: HashKey;
      if (single !== null) {
        vals[0] = single(ctx, r);
        hk = hashKey(vals[0]);
      } else {
        for (let i = 0; i < nk; i++) vals[i] = keyFs[i]!(ctx, r);
        hk = compositeKey(vals, nk);
      }
      let g = map.get(hk);
      if (g === undefined) {
        g = this.newGroup(vals.slice(), seps);
        map.set(hk, g);
      }
      this.step(ctx, g, r);
    }
    return [...map.values()];
  }

  /**
   * The rows of every grouping set (invariant 7): one pass over the source, each row stepping one group per set;
   * a set's groups in first-seen order, the sets in order. The empty set has its group even over no rows.
   */
  private groupingSets(ctx: ExecContext, src: Cursor, seps: Separators, sets: ReadonlyArray<readonly number[]>): Row[] {
    const keyFs = this.keyFs;
    const nk = keyFs.length;
    const maps = sets.map(() => new Map<HashKey, Group>());
    const totals = sets.map((s) => (s.length === 0 ? this.newGroup(new Array<Value>(nk).fill(null), seps) : null));
    const vals = new Array<Value>(nk);
    const setVals = new Array<Value>(nk);
    for (let r = src.next(); r !== null; r = src.next()) {
      for (let i = 0; i < nk; i++) vals[i] = keyFs[i]!(ctx, r);
      for (let s = 0; s < sets.length; s++) {
        let g = totals[s];
        if (g === null) {
          setVals.fill(null);
          for (const i of sets[s]!) setVals[i] = vals[i]!;
          const hk = compositeKey(setVals, nk);
          g = maps[s]!.get(hk);
          if (g === undefined) {
            g = this.newGroup(setVals.slice(), seps);
            maps[s]!.set(hk, g);
          }
        }
        this.step(ctx, g!, r);
      }
    }
    const rows: Row[] = [];
    for (let s = 0; s < sets.length; s++) {
      const groups = totals[s] !== null ? [totals[s]!] : [...maps[s]!.values()];
      for (const g of groups) {
        const out: Value[] = [...g.keys, s];
        for (const acc of g.accs) out.push(acc.result());
        rows.push(out);
      }
    }
    return rows;
  }

  explain(out: string[], depth: number, ctx?: ExecContext): void {
    const sets = this.sets === null ? '' : ` sets (${this.sets.map((s) => `(${s.map((i) => this.keys[i]!.text).join(', ')})`).join(', ')})`;
    const by = this.keys.length === 0 ? sets : ` by (${this.keys.map((k) => k.text).join(', ')})${sets}`;
    const aggs = this.aggs.length === 0 ? '' : ` aggregates (${this.aggs.map((a) => a.text).join(', ')})`;
    line(out, depth, `Group${by}${aggs}${this.countedScan === null ? '' : " from the table's row count"}`);
    this.source.explain(out, depth + 1, ctx);
  }
}
