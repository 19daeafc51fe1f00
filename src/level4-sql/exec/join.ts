/**
 * src/level4-sql/exec/join.ts — HashJoinRowSet and NestedLoopJoinRowSet, with the NULL-extension rules of
 * INNER, LEFT, RIGHT, FULL and CROSS joins.
 *
 * 1. Output rows are `[...left (leftWidth values), ...right (rightWidth values), ...extras]`; a missing
 *    side is NULLs; extras (the merged columns of FULL JOIN … USING) are computed from the joined row.
 * 2. One side is the build side, read completely when the join opens (hashed by the equi-join key, or kept
 *    as a list for a nested loop); the other (probe) side streams. A probe row with a NULL key matches
 *    nothing; build rows with a NULL key are kept only to be NULL-extended.
 * 3. The residual condition is evaluated on a scratch row holding the candidate pair, so a pair that does
 *    not match allocates nothing; a match copies the scratch row. Without a residual condition the output
 *    row is built straight from the pair, and a probe row without candidates is skipped untouched.
 * 5. Build keys that are all small non-negative integers are looked up in an array instead of a Map.
 * 6. A `transient` join (its consumer keeps no row) returns the same array for every row.
 * 4. Preserved sides: LEFT preserves the left, RIGHT the right, FULL both. A preserved probe row without a
 *    match is emitted NULL-extended at once; unmatched preserved build rows come after the probe side ends.
 */
import type { Row, Value } from '../../common/values/value';
import { keepShape } from '../../common/shapes';
import { detachedContext, type ExecContext } from '../context';
import type { Compiled, EvalFn } from '../eval/compiled';
import { compositeKey, hashKey, type HashKey } from '../eval/hash-key';
import { conjunction, filterText, type RowTest } from './predicate';
import { drain, EMPTY_CURSOR, estimateText, type Estimated, line, type Cursor, type RowSet } from './rowset';

export type JoinType = 'INNER' | 'LEFT' | 'RIGHT' | 'FULL' | 'CROSS';

/** The shape shared by every join node. */
export interface JoinShape {
  readonly joinType: JoinType;
  readonly left: RowSet;
  readonly right: RowSet;
  readonly leftWidth: number;
  readonly rightWidth: number;
  /** computed columns appended to each output row */
  readonly extras: readonly Compiled[];
  /** conditions on the joined row beyond the equi-join keys */
  readonly residual: readonly Compiled[];
  /**
   * The consumer reads each output row before asking for the next and keeps none (a projection or a
   * grouping directly above), so one output array is reused for every row.
   */
  readonly transient: boolean;
}

/** Equi-join keys: left key i must equal right key i. */
export interface HashKeys {
  readonly left: readonly Compiled[];
  readonly right: readonly Compiled[];
}

/** Fills `out[from .. from+width)` from `row` (NULL past its end, or NULLs when row is null). */
export function place(out: Value[], from: number, width: number, row: Row | null): void {
  if (row === null) {
    for (let i = 0; i < width; i++) out[from + i] = null;
    return;
  }
  for (let i = 0; i < width; i++) {
    const v = row[i];
    out[from + i] = v === undefined ? null : v;
  }
}

/** The scratch row and emit step every join cursor shares (invariants 1 and 3). */
export class JoinOutput {
  readonly scratch: Value[];
  private readonly extraFs: readonly EvalFn[];
  private readonly base: number;
  readonly test: RowTest | null;

  constructor(
    private readonly ctx: ExecContext,
    readonly shape: JoinShape,
  ) {
    this.base = shape.leftWidth + shape.rightWidth;
    this.scratch = new Array<Value>(this.base).fill(null);
    this.extraFs = shape.extras.map((e) => e.eval);
    this.test = conjunction(shape.residual);
  }

  setLeft(row: Row | null): void {
    place(this.scratch, 0, this.shape.leftWidth, row);
  }

  setRight(row: Row | null): void {
    place(this.scratch, this.shape.leftWidth, this.shape.rightWidth, row);
  }

  /** Counts one pair tested or joined (context.ts invariant 5: the statement's limits are checked). */
  step(): void {
    this.ctx.step();
  }

  /** True when the pair in the scratch row satisfies the residual condition. */
  matches(): boolean {
    return this.test === null || this.test(this.ctx, this.scratch) === true;
  }

  /** The scratch row (plus the extras) as an output row: itself when transient, else a copy. */
  emit(): Row {
    const out = this.shape.transient ? this.scratch : this.scratch.slice(0, this.base);
    return this.extraFs.length === 0 ? out : this.withExtras(out);
  }

  /** The joined row of `l` and `r` built directly (when there is no residual test to run on the scratch row). */
  pair(l: Row | null, r: Row | null): Row {
    const lw = this.shape.leftWidth;
    const out = this.shape.transient ? this.scratch : new Array<Value>(this.base);
    place(out, 0, lw, l);
    place(out, lw, this.shape.rightWidth, r);
    return this.extraFs.length === 0 ? out : this.withExtras(out);
  }

  private withExtras(out: Value[]): Row {
    const fs = this.extraFs;
    const base = this.base;
    for (let i = 0; i < fs.length; i++) out[base + i] = fs[i]!(this.ctx, out);
    return out;
  }
}

const NO_CANDIDATES: readonly number[] = [];

/** Joins a streaming probe side against a materialised build side (see the file header). */
class JoinCursor implements Cursor {
  private p: Row | null = null;
  private cands: readonly number[] = NO_CANDIDATES;
  private ci = 0;
  private matched = false;
  private phase = 0;
  private bi = 0;
  private readonly flags: Uint8Array | null;

  constructor(
    private readonly out: JoinOutput,
    private readonly probe: Cursor,
    private readonly probeIsLeft: boolean,
    private readonly build: readonly Row[],
    private readonly candidates: (p: Row) => readonly number[],
    private readonly preserveProbe: boolean,
    preserveBuild: boolean,
  ) {
    this.flags = preserveBuild ? new Uint8Array(build.length) : null;
  }

  private setProbe(r: Row | null): void {
    if (this.probeIsLeft) this.out.setLeft(r);
    else this.out.setRight(r);
  }

  private setBuild(r: Row | null): void {
    if (this.probeIsLeft) this.out.setRight(r);
    else this.out.setLeft(r);
  }

  /** The output row of probe row `p` and build row `b` (either may be null for NULL extension). */
  private joined(p: Row | null, b: Row | null): Row {
    return this.probeIsLeft ? this.out.pair(p, b) : this.out.pair(b, p);
  }

  next(): Row | null {
    const out = this.out;
    const direct = out.test === null;
    while (this.phase === 0) {
      if (this.p === null) {
        const p = this.probe.next();
        if (p === null) {
          this.phase = this.flags !== null ? 1 : 2;
          break;
        }
        const cands = this.candidates(p);
        if (cands.length === 0) {
          if (this.preserveProbe) return this.joined(p, null);
          continue;
        }
        this.p = p;
        if (!direct) this.setProbe(p);
        this.cands = cands;
        this.ci = 0;
        this.matched = false;
      }
      const cands = this.cands;
      while (this.ci < cands.length) {
        const b = cands[this.ci++]!;
        const row = this.build[b]!;
        out.step();
        if (direct) {
          this.matched = true;
          if (this.flags !== null) this.flags[b] = 1;
          return this.joined(this.p, row);
        }
        this.setBuild(row);
        if (out.matches()) {
          this.matched = true;
          if (this.flags !== null) this.flags[b] = 1;
          return out.emit();
        }
      }
      const p = this.p!;
      this.p = null;
      if (!this.matched && this.preserveProbe) return this.joined(p, null);
    }
    if (this.phase === 1) {
      const flags = this.flags!;
      while (this.bi < this.build.length) {
        const b = this.bi++;
        if (flags[b] === 0) return this.joined(null, this.build[b]!);
      }
      this.phase = 2;
    }
    return null;
  }
}

/** Which side builds and which side is preserved, for a join type (build = right unless told). */
function roles(t: JoinType, buildLeft: boolean): { probeIsLeft: boolean; preserveProbe: boolean; preserveBuild: boolean } {
  const probeIsLeft = !buildLeft;
  const keepLeft = t === 'LEFT' || t === 'FULL';
  const keepRight = t === 'RIGHT' || t === 'FULL';
  return {
    probeIsLeft,
    preserveProbe: probeIsLeft ? keepLeft : keepRight,
    preserveBuild: probeIsLeft ? keepRight : keepLeft,
  };
}

export function joinLabel(s: JoinShape): string {
  return s.joinType === 'CROSS' ? 'CROSS' : s.joinType;
}

/** A nested-loop join: the right side is read into a list once per open. */
export class NestedLoopJoinRowSet implements RowSet, Estimated {
  readonly kind = 'NestedLoopJoinRowSet' as const;
  estimate: number | null = null;
  constructor(readonly shape: JoinShape) {}

  open(ctx: ExecContext): Cursor {
    const s = this.shape;
    const r = roles(s.joinType, false);
    const build = drain(s.right.open(ctx));
    const all = build.map((_, i) => i);
    const probe = s.left.open(ctx);
    return new JoinCursor(new JoinOutput(ctx, s), probe, true, build, () => all, r.preserveProbe, r.preserveBuild);
  }

  explain(out: string[], depth: number, ctx?: ExecContext): void {
    line(out, depth, `NestedLoopJoin ${joinLabel(this.shape)}${filterText('on', this.shape.residual)}${estimateText(this)}`);
    this.shape.left.explain(out, depth + 1, ctx);
    this.shape.right.explain(out, depth + 1, ctx);
  }
}

/** A hash join on equi-join keys; `buildLeft` (INNER only) hashes the left side instead of the right. */
export class HashJoinRowSet implements RowSet, Estimated {
  readonly kind = 'HashJoinRowSet' as const;
  estimate: number | null = null;
  constructor(
    readonly shape: JoinShape,
    readonly keys: HashKeys,
    readonly buildLeft: boolean,
  ) {}

  open(ctx: ExecContext): Cursor {
    const s = this.shape;
    const r = roles(s.joinType, this.buildLeft);
    const buildKeys = (this.buildLeft ? this.keys.left : this.keys.right).map((k) => k.eval);
    const probeKeys = (this.buildLeft ? this.keys.right : this.keys.left).map((k) => k.eval);
    const build = drain((this.buildLeft ? s.left : s.right).open(ctx));
    const map = hashRows(ctx, build, buildKeys);
    const n = probeKeys.length;
    const vals = new Array<Value>(n);
    const slot = n === 1 ? (this.buildLeft ? this.keys.right : this.keys.left)[0]!.slot : null;
    const dense = slot === null ? null : denseTable(map);
    const candidates =
      dense !== null
        ? (p: Row): readonly number[] => {
            const v = p[slot!];
            if (typeof v === 'number') return (v >= 0 && v < dense.length && dense[v]) || NO_CANDIDATES;
            return v === undefined || v === null ? NO_CANDIDATES : (map.get(hashKey(v)) ?? NO_CANDIDATES);
          }
        : slot !== null
        ? (p: Row): readonly number[] => {
            const v = p[slot];
            if (typeof v === 'number') return map.get(v === 0 ? 0 : v) ?? NO_CANDIDATES;
            return v === undefined || v === null ? NO_CANDIDATES : (map.get(hashKey(v)) ?? NO_CANDIDATES);
          }
        : (p: Row): readonly number[] => {
            const k = keyOf(ctx, p, probeKeys, vals, n);
            return k === null ? NO_CANDIDATES : (map.get(k) ?? NO_CANDIDATES);
          };
    const probe = (this.buildLeft ? s.right : s.left).open(ctx);
    return new JoinCursor(new JoinOutput(ctx, s), probe, r.probeIsLeft, build, candidates, r.preserveProbe, r.preserveBuild);
  }

  explain(out: string[], depth: number, ctx?: ExecContext): void {
    const keys = this.keys.left.map((l, i) => `${l.text} = ${this.keys.right[i]!.text}`).join(', ');
    const build = this.buildLeft ? ' build left' : '';
    line(out, depth, `HashJoin ${joinLabel(this.shape)} on (${keys})${build}${filterText('and', this.shape.residual)}${estimateText(this)}`);
    this.shape.left.explain(out, depth + 1, ctx);
    this.shape.right.explain(out, depth + 1, ctx);
  }
}

/** The hash key of a row's join key, or null when a key value is NULL. */
function keyOf(ctx: ExecContext, row: Row, fs: readonly EvalFn[], vals: Value[], n: number): HashKey | null {
  if (n === 1) {
    const v = fs[0]!(ctx, row);
    return v === null ? null : hashKey(v);
  }
  for (let i = 0; i < n; i++) {
    const v = fs[i]!(ctx, row);
    if (v === null) return null;
    vals[i] = v;
  }
  return compositeKey(vals, n);
}

/**
 * When every build key is a small non-negative integer (the usual id column), an array indexed by the key
 * replaces the Map: one bounds check and one load per probe. Null when the keys are not like that.
 */
function denseTable(map: Map<HashKey, number[]>): (number[] | undefined)[] | null {
  let max = -1;
  for (const k of map.keys()) {
    if (typeof k !== 'number' || !Number.isInteger(k) || k < 0) return null;
    if (k > max) max = k;
  }
  if (max > 4 * map.size + 1024) return null;
  const table = new Array<number[] | undefined>(max + 1).fill(undefined);
  for (const [k, v] of map) table[k as number] = v;
  return table;
}

function hashRows(ctx: ExecContext, rows: readonly Row[], fs: readonly EvalFn[]): Map<HashKey, number[]> {
  const map = new Map<HashKey, number[]>();
  const n = fs.length;
  const vals = new Array<Value>(n);
  for (let i = 0; i < rows.length; i++) {
    const k = keyOf(ctx, rows[i]!, fs, vals, n);
    if (k === null) continue;
    const list = map.get(k);
    if (list === undefined) map.set(k, [i]);
    else list.push(i);
  }
  return map;
}

// an output and a cursor live for one execution of a join (shapes.ts)
function detachedOutput(): JoinOutput {
  return new JoinOutput(detachedContext(), {
    joinType: 'INNER' as JoinType,
    left: null as unknown as RowSet,
    right: null as unknown as RowSet,
    leftWidth: 0,
    rightWidth: 0,
    extras: [],
    residual: [],
    transient: true,
  });
}
keepShape(detachedOutput);
keepShape(() => new JoinCursor(detachedOutput(), EMPTY_CURSOR, true, [], () => NO_CANDIDATES, false, false));
