/**
 * src/level4-sql/exec/lateral-join.ts — LateralJoinRowSet: a join whose right side is a derived table that reads
 * the left side's row (`FROM SalesPerson, (SELECT … FROM Sales WHERE spid = pid … FETCH FIRST 1 ROWS ONLY)`).
 *
 * 1. For each left row the right side is opened afresh with that row as the frame of the query level
 *    (`ctx.frames[level]`, context.ts invariant 3), which is how the derived query's compiled references to
 *    the left columns read it. The frame is set again before every read of the right side, since a subquery
 *    evaluated in between may have set it to another row (and restored what it found).
 * 2. INNER and CROSS emit the pairs that satisfy the residual conditions; LEFT also emits a left row with no
 *    such pair, NULL-extended. (RIGHT and FULL cannot be lateral: the planner refuses them.)
 * 3. Output rows are laid out as every join's (join.ts invariant 1), through the same JoinOutput.
 */
import type { Row } from '../../common/values/value';
import type { ExecContext } from '../context';
import { JoinOutput, joinLabel, type JoinShape } from './join';
import { filterText } from './predicate';
import { estimateText, type Estimated, line, type Cursor, type RowSet } from './rowset';

/** A join re-reading its right side per left row (see the file header). */
export class LateralJoinRowSet implements RowSet, Estimated {
  readonly kind = 'LateralJoinRowSet' as const;
  estimate: number | null = null;
  constructor(
    readonly shape: JoinShape,
    /** the query level whose frame the right side reads */
    readonly level: number,
  ) {}

  open(ctx: ExecContext): Cursor {
    return new LateralCursor(ctx, this.shape, this.level, new JoinOutput(ctx, this.shape));
  }

  explain(out: string[], depth: number, ctx?: ExecContext): void {
    line(out, depth, `LateralJoin ${joinLabel(this.shape)}${filterText('on', this.shape.residual)} (right side per left row)${estimateText(this)}`);
    this.shape.left.explain(out, depth + 1, ctx);
    this.shape.right.explain(out, depth + 1, ctx);
  }
}

class LateralCursor implements Cursor {
  private readonly left: Cursor;
  private l: Row | null = null;
  private right: Cursor | null = null;
  private matched = false;
  private readonly keepLeft: boolean;

  constructor(
    private readonly ctx: ExecContext,
    private readonly shape: JoinShape,
    private readonly level: number,
    private readonly out: JoinOutput,
  ) {
    this.left = shape.left.open(ctx);
    this.keepLeft = shape.joinType === 'LEFT';
  }

  next(): Row | null {
    const frames = this.ctx.frames;
    for (;;) {
      if (this.right === null) {
        const l = this.left.next();
        if (l === null) return null;
        this.l = l;
        this.matched = false;
        frames[this.level] = l;
        this.right = this.shape.right.open(this.ctx);
      }
      const l = this.l!;
      frames[this.level] = l;
      const r = this.right.next();
      if (r === null) {
        this.right = null;
        if (!this.matched && this.keepLeft) return this.out.pair(l, null);
        continue;
      }
      this.out.step();
      if (this.out.test === null) {
        this.matched = true;
        return this.out.pair(l, r);
      }
      this.out.setLeft(l);
      this.out.setRight(r);
      if (this.out.matches()) {
        this.matched = true;
        return this.out.emit();
      }
    }
  }
}
