/**
 * src/level4-sql/exec/key-list.ts — KeyListRowSet: `x IN (a, b, …)` and `x = ANY (array)` answered by one index
 * lookup per distinct value instead of a scan (the constant-key optimisation for a list of keys).
 *
 * 1. The values are evaluated when the rowset opens, made comparable with the stored keys as `keyValue` makes
 *    one (index-key.ts), sorted by the index order and made distinct, so no row is found twice. NULL values
 *    (and a NULL array) find nothing: `x IN (…, NULL)` is never true through the NULL.
 * 2. Each value is one read through the `inner` rowset, whose key parts are the `=` parts before the listed
 *    one, a part that reads the value being looked up, and the `=` parts after it: a KeyLookupRowSet when the
 *    index is unique and they fix its whole key (one lookup, recorded as `tx.readKey`), else an
 *    IndexRangeRowSet over the entries with that key prefix (recorded as
 *    `tx.readRange`). The inner rowset reads the value when it opens, so cursors open at once do not disturb
 *    each other.
 * 3. When some value cannot be a key — a value no stored key compares with (a document, a boolean for a
 *    number), non-text for a text column (text compared with a date or a boolean is read as one, row by row:
 *    guarded.ts invariant 1), text that is no valid date for a date column, or an array operand that is no
 *    array — the execution reads through `fallback` (the path chosen without the list) instead, which applies
 *    the condition as the statement says, errors included.
 * 4. What the lookups find is exactly what `x IN (…)` holds for (keys compared as `=` compares them), so the
 *    planner leaves that condition out of `filter`; `x = ANY (array)` stays in it and is tested on every row
 *    found, because its elements compare by the document rules (text is not a date there), under which the
 *    lookups find a superset (access-path.ts invariant 6).
 */
import { keepShape } from '../../common/shapes';
import { castValue } from '../../common/values/cast';
import type { SqlType } from '../../common/values/sql-type';
import { compareValues, type Row, type Value } from '../../common/values/value';
import { detachedContext, type ExecContext } from '../context';
import { compiled, type Compiled } from '../eval/compiled';
import { valueComparable } from '../eval/type-rules';
import { IndexRangeRowSet } from './index-range';
import { keyText, needsCast, type KeyPart } from './index-key';
import { conjunction, filterText, type RowTest } from './predicate';
import { EMPTY_CURSOR, line, type Cursor, type TableCursor, type TableRowSet } from './rowset';
import { KeyLookupRowSet } from './trivial';

/** What a key list reads (see the file header). */
export interface KeyListSpec {
  readonly tableDefpos: number;
  readonly label: string;
  readonly indexDefpos: number;
  readonly indexName: string;
  /** the index is unique and every part of its key is fixed */
  readonly wholeKey: boolean;
  /** the key parts fixed by `=` before the listed one, and after it */
  readonly before: readonly KeyPart[];
  readonly after: readonly KeyPart[];
  /** the listed column's name and the index part's type */
  readonly column: string;
  readonly type: SqlType;
  /** `x IN (items)`, or `x = ANY (array)`: exactly one of the two */
  readonly items: readonly Compiled[] | null;
  readonly array: Compiled | null;
  readonly filter: readonly Compiled[];
  readonly gate: readonly Compiled[];
  /** the path chosen without the list (invariant 3) */
  readonly fallback: TableRowSet;
}

/** The value being looked up, read by the inner rowset's last key part when it opens (invariant 2). */
interface Current {
  value: Value;
}

/** `x IN (…)` / `x = ANY (…)` by index lookups (see the file header). */
export class KeyListRowSet implements TableRowSet {
  readonly kind = 'KeyListRowSet' as const;
  readonly tableDefpos: number;
  private readonly gateTest: RowTest | null;
  private readonly current: Current = { value: null };
  private readonly inner: TableRowSet;

  constructor(readonly spec: KeyListSpec) {
    this.tableDefpos = spec.tableDefpos;
    this.gateTest = conjunction(spec.gate);
    const current = this.current;
    const value = compiled({ type: spec.type, text: spec.column, eval: () => current.value });
    const parts = [...spec.before, { column: spec.column, type: spec.type, value }, ...spec.after];
    const perOuterRow = parts.some((p) => p.value.refs >= 0) || (spec.items ?? [spec.array!]).some((v) => v.refs >= 0);
    this.inner = spec.wholeKey
      ? new KeyLookupRowSet(spec.tableDefpos, spec.label, spec.indexDefpos, spec.indexName, parts, spec.filter, [], perOuterRow)
      : new IndexRangeRowSet({
          tableDefpos: spec.tableDefpos,
          label: spec.label,
          indexDefpos: spec.indexDefpos,
          indexName: spec.indexName,
          prefix: parts,
          low: null,
          high: null,
          descending: false,
          filter: spec.filter,
          gate: [],
        });
  }

  open(ctx: ExecContext): Cursor {
    return this.openTable(ctx);
  }

  openTable(ctx: ExecContext): TableCursor {
    if (this.gateTest !== null && this.gateTest(ctx, null) !== true) return EMPTY_CURSOR;
    const keys = this.keys(ctx);
    if (keys === null) return this.spec.fallback.openTable(ctx);
    if (keys.length === 0) return EMPTY_CURSOR;
    return new KeyListCursor(ctx, keys, this.inner, this.current);
  }

  /** The distinct keys in index order; null when one cannot be a key (invariant 3). */
  private keys(ctx: ExecContext): Value[] | null {
    const s = this.spec;
    let values: readonly unknown[];
    if (s.items !== null) values = s.items.map((i) => i.eval(ctx, null));
    else {
      const a = s.array!.eval(ctx, null);
      if (a === null) return [];
      if (!Array.isArray(a)) return null;
      values = a;
    }
    const keys: Value[] = [];
    for (const v of values) {
      if (v === null || v === undefined) continue;
      const k = keyOf(v as Value, s.type);
      if (k === undefined) return null;
      keys.push(k);
    }
    keys.sort(compareValues);
    let n = 0;
    for (let i = 0; i < keys.length; i++) if (n === 0 || compareValues(keys[n - 1]!, keys[i]!) !== 0) keys[n++] = keys[i]!;
    keys.length = n;
    return keys;
  }

  explain(out: string[], depth: number, ctx?: ExecContext): void {
    const s = this.spec;
    const others = [...s.before, ...s.after];
    const fixed = others.length === 0 ? '' : ` and ${keyText(others)}`;
    const list = s.items !== null ? `${s.column} IN (${s.items.map((i) => i.text).join(', ')})` : `${s.column} = ANY (${s.array!.text})`;
    const rest = `${filterText('filter', s.filter)}${filterText('when', s.gate)}`;
    const plain = ctx === undefined || !(s.items ?? [s.array!]).some((v) => v.refs >= 0);
    if (ctx !== undefined && plain && this.keys(ctx) === null) {
      s.fallback.explain(out, depth, ctx);
      return;
    }
    line(out, depth, `KeyListRowSet ${s.label} index ${s.indexName} key ${list}${fixed}${rest}`);
    const alt: string[] = [];
    s.fallback.explain(alt, 0, ctx);
    line(out, depth + 1, `(when a value cannot be a key: ${(alt[0] ?? '').trim()})`);
  }
}

/** `v` as a key of a column of type `t`; undefined when it cannot be one (invariant 3). */
function keyOf(v: Value, t: SqlType): Value | undefined {
  if (t.kind === 'CHAR') return typeof v === 'string' ? v : undefined;
  if (!valueComparable(v, t)) return undefined;
  if (typeof v !== 'string' || !needsCast(t)) return v;
  try {
    return castValue(v, t);
  } catch {
    return undefined;
  }
}

class KeyListCursor implements TableCursor {
  rowid = -1;
  private i = 0;
  private cur: TableCursor | null = null;

  constructor(
    private readonly ctx: ExecContext,
    private readonly keys: readonly Value[],
    private readonly inner: TableRowSet,
    private readonly current: Current,
  ) {}

  next(): Row | null {
    for (;;) {
      const cur = this.cur;
      if (cur !== null) {
        const r = cur.next();
        if (r !== null) {
          this.rowid = cur.rowid;
          return r;
        }
        this.cur = null;
      }
      if (this.i >= this.keys.length) return null;
      this.current.value = this.keys[this.i++]!;
      this.cur = this.inner.openTable(this.ctx);
    }
  }
}

// cursors live for one execution (shapes.ts)
keepShape(() => new KeyListCursor(detachedContext(), [], { kind: 'EmptyRowSet', tableDefpos: -1, open: () => EMPTY_CURSOR, openTable: () => EMPTY_CURSOR, explain: () => undefined }, { value: null }));
