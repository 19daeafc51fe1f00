/**
 * src/level4-sql/exec/trivial.ts — TrivialRowSet and IndexLookupRowSet: one B-tree lookup by a full unique
 * key (Pyrrho's TrivialEnumerator / EmptyEnumerator), and EmptyRowSet.
 *
 * 1. The key is evaluated when the rowset opens. For a TrivialRowSet it is constant for the whole
 *    execution (literals, parameters, uncorrelated subqueries); for an IndexLookupRowSet it reads an outer
 *    query's row, so a correlated subquery does one lookup per outer row — still no scan.
 * 2. Opening records `tx.readKey` (found or not; that also covers the row found) and counts at most one
 *    row visited. A lookup that finds nothing, or a NULL key, gives the empty cursor (an EmptyRowSet).
 * 3. EXPLAIN with a context evaluates a constant key and shows EmptyRowSet when nothing is there.
 * 4. In a transaction that has written, the lookup reads the transaction's draft of the table
 *    (`Transaction.draftToRead`, transaction.ts invariant 11) rather than `ctx.tx.state`: the same rows,
 *    without freezing the table's trees for every statement of a run of updates by key.
 */
import { assert } from '../../common/assert';
import { keepShape } from '../../common/shapes';
import type { Row, Value } from '../../common/values/value';
import type { Table } from '../../level3-objects/table';
import { indexPosition } from '../../level3-objects/table';
import { lookupKey, type TableIndex } from '../../level3-objects/table-index';
import { frozenGet } from '../../level3-objects/table-draft';
import type { ExecContext } from '../context';
import type { Compiled } from '../eval/compiled';
import { keyText, keyValues, type KeyPart } from './index-key';
import { conjunction, filterText, type RowTest } from './predicate';
import { EMPTY_CURSOR, line, type Cursor, type TableCursor, type TableRowSet } from './rowset';

/** Finds the table and index of a plan in the context's snapshot. */
export function tableAndIndex(ctx: ExecContext, tableDefpos: number, indexDefpos: number, label: string): [Table, TableIndex] {
  const t = ctx.tx.state.table(tableDefpos);
  assert(t !== undefined, `table ${label} vanished from the snapshot`);
  const i = indexPosition(t, indexDefpos);
  assert(i >= 0, `index of ${label} vanished from the snapshot`);
  return [t, t.indexes[i]!];
}

/**
 * `tableAndIndex` remembered for the last snapshot seen: repeated executions against an unchanged snapshot
 * (a read-only workload) skip the catalog lookups. Snapshots are immutable, so the pair stays right for it.
 */
export class TableIndexCache {
  private state: unknown = null;
  private pair: [Table, TableIndex] | null = null;
  constructor(
    private readonly tableDefpos: number,
    private readonly indexDefpos: number,
    private readonly label: string,
  ) {}
  get(ctx: ExecContext): [Table, TableIndex] {
    const st = ctx.tx.state;
    if (st !== this.state || this.pair === null) {
      this.pair = tableAndIndex(ctx, this.tableDefpos, this.indexDefpos, this.label);
      this.state = st;
    }
    return this.pair;
  }
  /** Forgets the remembered snapshot, so that a plan does not keep an old one alive while it reads elsewhere. */
  clear(): void {
    this.state = null;
    this.pair = null;
  }
}

class OneRowCursor implements TableCursor {
  private row: Row | null;
  constructor(
    row: Row,
    readonly rowid: number,
  ) {
    this.row = row;
  }
  next(): Row | null {
    const r = this.row;
    this.row = null;
    return r;
  }
}

/** A point lookup through a unique index (see the file header). */
export class KeyLookupRowSet implements TableRowSet {
  readonly kind: 'TrivialRowSet' | 'IndexLookupRowSet';
  private readonly test: RowTest | null;
  private readonly gateTest: RowTest | null;
  private readonly cache: TableIndexCache;

  constructor(
    readonly tableDefpos: number,
    readonly label: string,
    readonly indexDefpos: number,
    readonly indexName: string,
    readonly parts: readonly KeyPart[],
    readonly filter: readonly Compiled[],
    readonly gate: readonly Compiled[],
    perOuterRow: boolean,
  ) {
    this.kind = perOuterRow ? 'IndexLookupRowSet' : 'TrivialRowSet';
    this.cache = new TableIndexCache(tableDefpos, indexDefpos, label);
    this.test = conjunction(filter);
    this.gateTest = conjunction(gate);
  }

  open(ctx: ExecContext): Cursor {
    return this.openTable(ctx);
  }

  openTable(ctx: ExecContext): TableCursor {
    if (this.gateTest !== null && this.gateTest(ctx, null) !== true) return EMPTY_CURSOR;
    const key = this.lookup(ctx);
    if (key === null) return EMPTY_CURSOR;
    let rowid: number | undefined;
    let row: Row | undefined;
    const d = ctx.tx.draftToRead(this.tableDefpos);
    if (d === null) {
      const [t, ix] = this.cache.get(ctx);
      rowid = ix.tree.get(lookupKey(key));
      if (rowid === undefined) return EMPTY_CURSOR;
      row = frozenGet(t.rows, rowid);
    } else {
      // invariant 4
      this.cache.clear();
      const i = indexPosition(d.schema, this.indexDefpos);
      assert(i >= 0, `index of ${this.label} vanished from the transaction's state`);
      rowid = d.tree(i).get(lookupKey(key));
      if (rowid === undefined) return EMPTY_CURSOR;
      row = d.rows.get(rowid);
    }
    assert(row !== undefined, `index ${this.indexName} names a missing row`);
    ctx.visited();
    if (this.test !== null && this.test(ctx, row) !== true) return EMPTY_CURSOR;
    return new OneRowCursor(row, rowid);
  }

  /** The key, after recording the read; null when a key value is NULL (nothing can match). */
  private lookup(ctx: ExecContext): Value[] | null {
    const key = new Array<Value>(this.parts.length);
    if (!keyValues(ctx, this.parts, null, key)) return null;
    ctx.tx.readKey(this.indexDefpos, key);
    return key;
  }

  explain(out: string[], depth: number, ctx?: ExecContext): void {
    const key = keyText(this.parts);
    const rest = `${filterText('filter', this.filter)}${filterText('when', this.gate)}`;
    if (this.kind === 'IndexLookupRowSet') {
      line(out, depth, `IndexLookupRowSet ${this.label} index ${this.indexName} key ${key} per outer row${rest}`);
      return;
    }
    if (ctx !== undefined && !this.found(ctx)) {
      line(out, depth, `EmptyRowSet ${this.label} key ${key}`);
      return;
    }
    line(out, depth, `TrivialRowSet ${this.label} key ${key}${rest}`);
  }

  private found(ctx: ExecContext): boolean {
    const key = new Array<Value>(this.parts.length);
    if (!keyValues(ctx, this.parts, null, key)) return false;
    const [, ix] = tableAndIndex(ctx, this.tableDefpos, this.indexDefpos, this.label);
    return ix.tree.get(key) !== undefined;
  }
}

/** A rowset known to be empty at plan time (e.g. WHERE FALSE). */
export class EmptyRowSet implements TableRowSet {
  readonly kind = 'EmptyRowSet' as const;
  constructor(
    readonly tableDefpos: number,
    readonly label: string,
    readonly reason: string,
  ) {}
  open(): Cursor {
    return EMPTY_CURSOR;
  }
  openTable(): TableCursor {
    return EMPTY_CURSOR;
  }
  explain(out: string[], depth: number): void {
    line(out, depth, `EmptyRowSet ${this.label}${this.reason ? ` ${this.reason}` : ''}`);
  }
}

// cursors live for one execution (shapes.ts)
keepShape(() => new OneRowCursor([], -1));
