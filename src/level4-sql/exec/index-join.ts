/**
 * src/level4-sql/exec/index-join.ts — IndexJoinRowSet: an index nested-loop join. For each left row the
 * right table's index is probed with key values computed from that row (INNER and LEFT joins only).
 *
 * 1. A full unique key is one `tree.get` (recorded with `tx.readKey`); a prefix of an index is a prefix
 *    range (recorded with `tx.readRange`). Every right row fetched counts in rowsVisited.
 * 2. `rightFilter` (the right table's own pushed-down conditions) is tested on the right row; `residual`
 *    (the rest of the ON condition) on the joined row, as join.ts does.
 * 3. A cursor keeps one array of candidate row ids for its life and counts the ones of the current left row,
 *    so a left row costs no array allocation or resize; a key is copied for the read set only when the
 *    transaction records reads (an autocommit read does not).
 */
import { assert } from '../../common/assert';
import { keepShape } from '../../common/shapes';
import type { Row, Value } from '../../common/values/value';
import type { Table } from '../../level3-objects/table';
import { lookupKey, type TableIndex } from '../../level3-objects/table-index';
import { detachedContext, type ExecContext } from '../context';
import type { Compiled } from '../eval/compiled';
import { hasPrefix, keyText, keyValues, type KeyPart } from './index-key';
import { JoinOutput, type JoinShape } from './join';
import { conjunction, filterText, type RowTest } from './predicate';
import { EMPTY_CURSOR, estimateText, type Estimated, line, type Cursor } from './rowset';
import type { RowSet } from './rowset';
import { tableAndIndex } from './trivial';

/** What the right side of an index join reads. */
export interface IndexProbe {
  readonly tableDefpos: number;
  readonly label: string;
  readonly indexDefpos: number;
  readonly indexName: string;
  /** true when the parts cover a whole unique key */
  readonly unique: boolean;
  /** key parts compiled against the left row */
  readonly parts: readonly KeyPart[];
  readonly rightFilter: readonly Compiled[];
}

/** An index nested-loop join (see the file header); `shape.right` is only used by explain. */
export class IndexJoinRowSet implements RowSet, Estimated {
  readonly kind = 'IndexJoinRowSet' as const;
  estimate: number | null = null;
  private readonly rightTest: RowTest | null;

  constructor(
    readonly shape: JoinShape,
    readonly probe: IndexProbe,
  ) {
    this.rightTest = conjunction(probe.rightFilter);
  }

  open(ctx: ExecContext): Cursor {
    const [t, ix] = tableAndIndex(ctx, this.probe.tableDefpos, this.probe.indexDefpos, this.probe.label);
    return new IndexJoinCursor(ctx, new JoinOutput(ctx, this.shape), this.shape.left.open(ctx), this.probe, t, ix, this.rightTest, this.shape.joinType === 'LEFT');
  }

  explain(out: string[], depth: number, ctx?: ExecContext): void {
    const p = this.probe;
    const rest = `${filterText('and', this.shape.residual)}`;
    line(out, depth, `IndexJoin ${this.shape.joinType} ${p.label} index ${p.indexName} key ${keyText(p.parts)}${rest}${estimateText(this)}`);
    this.shape.left.explain(out, depth + 1, ctx);
    line(out, depth + 1, `IndexLookupRowSet ${p.label} per left row${filterText('filter', p.rightFilter)}`);
  }
}

class IndexJoinCursor implements Cursor {
  private left: Row | null = null;
  private matched = false;
  /** the candidate right row ids for the current left row are `ids[at..count)` (invariant 3) */
  private ids: number[] = [];
  private count = 0;
  private at = 0;
  private readonly key: Value[];

  constructor(
    private readonly ctx: ExecContext,
    private readonly out: JoinOutput,
    private readonly src: Cursor,
    private readonly probe: IndexProbe,
    private readonly table: Table,
    private readonly index: TableIndex,
    private readonly rightTest: RowTest | null,
    private readonly preserveLeft: boolean,
  ) {
    this.key = new Array<Value>(probe.parts.length);
  }

  next(): Row | null {
    const out = this.out;
    for (;;) {
      if (this.left === null) {
        const l = this.src.next();
        if (l === null) return null;
        this.left = l;
        out.setLeft(l);
        this.lookup(l);
        this.matched = false;
      }
      while (this.at < this.count) {
        const rowid = this.ids[this.at++]!;
        const row = this.table.rows.get(rowid);
        assert(row !== undefined, `index ${this.probe.indexName} names a missing row`);
        this.ctx.visited();
        if (this.rightTest !== null && this.rightTest(this.ctx, row) !== true) continue;
        out.setRight(row);
        if (out.matches()) {
          this.matched = true;
          return out.emit();
        }
      }
      this.left = null;
      if (!this.matched && this.preserveLeft) {
        out.setRight(null);
        return out.emit();
      }
    }
  }

  /** Sets the candidates to the right rows whose key matches the left row (invariants 1 and 3). */
  private lookup(l: Row): void {
    this.count = 0;
    this.at = 0;
    const key = this.key;
    if (!keyValues(this.ctx, this.probe.parts, l, key)) return;
    const tree = this.index.tree;
    const tx = this.ctx.tx;
    if (this.probe.unique) {
      if (tx.recordsReads) tx.readKey(this.probe.indexDefpos, key.slice());
      const id = tree.get(lookupKey(key));
      if (id !== undefined) this.add(id);
      return;
    }
    const n = key.length;
    if (tx.recordsReads) tx.readRange(this.probe.indexDefpos, key.slice(), key.slice());
    for (let b = tree.seek(key); b !== null && hasPrefix(b.key, key, n); b = b.next()) this.add(b.value);
  }

  private add(id: number): void {
    const ids = this.ids;
    if (this.count < ids.length) ids[this.count] = id;
    else ids.push(id);
    this.count++;
  }
}

// cursors live for one execution (shapes.ts)
keepShape(
  () =>
    new IndexJoinCursor(
      detachedContext(),
      null as unknown as JoinOutput,
      EMPTY_CURSOR,
      { parts: [] } as unknown as IndexProbe,
      null as unknown as Table,
      null as unknown as TableIndex,
      null,
      false,
    ),
);
