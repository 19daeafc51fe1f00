/**
 * src/level4-sql/exec/reorder.ts — ReorderRowSet: the rows of a reordered chain of joins (plan/join-order.ts)
 * put back into the layout of the FROM clause.
 *
 * 1. Each item's columns are one block in both layouts; `moves` say where each block is in the source row
 *    (`from`) and where it goes (`to`). Every output row is a new array (the source may be a transient join
 *    that reuses its row).
 * 2. EXPLAIN names the FROM items in FROM order above the join tree, which shows the order chosen.
 */
import type { Row, Value } from '../../common/values/value';
import type { ExecContext } from '../context';
import { line, type Cursor, type RowSet } from './rowset';

/** One item's block of columns (invariant 1). */
export interface BlockMove {
  readonly from: number;
  readonly to: number;
  readonly width: number;
}

/** Rows of `source` with their column blocks moved (see the file header). */
export class ReorderRowSet implements RowSet {
  readonly kind = 'ReorderRowSet' as const;
  constructor(
    readonly source: RowSet,
    private readonly moves: readonly BlockMove[],
    private readonly width: number,
    private readonly labels: readonly string[],
  ) {}

  open(ctx: ExecContext): Cursor {
    const src = this.source.open(ctx);
    const moves = this.moves;
    const width = this.width;
    return {
      next(): Row | null {
        const r = src.next();
        if (r === null) return null;
        const out = new Array<Value>(width);
        for (let m = 0; m < moves.length; m++) {
          const { from, to, width: w } = moves[m]!;
          for (let j = 0; j < w; j++) out[to + j] = r[from + j] ?? null;
        }
        return out;
      },
    };
  }

  explain(out: string[], depth: number, ctx?: ExecContext): void {
    line(out, depth, `Reorder into FROM order (${this.labels.join(', ')})`);
    this.source.explain(out, depth + 1, ctx);
  }
}
