/**
 * src/level4-sql/exec/named-query.ts — NamedQueryRowSet: the rows of a view or a common table expression,
 * under its name in EXPLAIN.
 *
 * 1. It adds nothing at run time: `open` returns its source's cursor. It exists so EXPLAIN shows where a
 *    view's or CTE's plan starts (`View V`, `CTE C`), with what was pushed into it.
 */
import type { ExecContext } from '../context';
import { line, type Cursor, type RowSet } from './rowset';

/** A view's or CTE's plan under its name (see the file header). */
export class NamedQueryRowSet implements RowSet {
  readonly kind = 'NamedQueryRowSet' as const;

  constructor(
    readonly source: RowSet,
    /** the EXPLAIN heading: `View V`, `CTE C`, `View V V2 (pushed: …)` */
    readonly label: string,
  ) {}

  open(ctx: ExecContext): Cursor {
    return this.source.open(ctx);
  }

  explain(out: string[], depth: number, ctx?: ExecContext): void {
    line(out, depth, this.label);
    this.source.explain(out, depth + 1, ctx);
  }
}
