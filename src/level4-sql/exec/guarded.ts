/**
 * src/level4-sql/exec/guarded.ts — GuardedRowSet: an index access path whose key comes from parameters that
 * may turn out not to be keys, with the scan to fall back on.
 *
 * 1. `doc = {'zip': ?}` (and `doc.zip = ?`) can use an index on `doc.zip` only when `?` holds a scalar; a
 *    document there is an operator template (`{'$gt': 5}`), which no key lookup can answer. A text column
 *    compared with `?` can use its index only when `?` holds text: text compared with a boolean or a date is
 *    read as one, row by row. The guard decides per execution; both rowsets apply every conjunct they must,
 *    so they return the same rows.
 * 2. It reports the primary's kind and explains as the primary, with a note giving the fallback's first line
 *    (another index the conditions fix, or the scan: access-path.ts `guarded`).
 * 3. EXPLAIN with parameters' values shows the path those values take. A guard on a value from an outer row
 *    (a correlated subquery's `doc.zip = a.t.zip`) is decided per outer row, so EXPLAIN shows both paths and
 *    never evaluates it (there is no outer row to read).
 */
import type { ExecContext } from '../context';
import type { Cursor, RowSetKind, TableCursor, TableRowSet } from './rowset';
import { line } from './rowset';

/** Reads through `primary` when `guard` holds for the execution, else through `fallback`. */
export class GuardedRowSet implements TableRowSet {
  readonly kind: RowSetKind;
  readonly tableDefpos: number;

  constructor(
    private readonly primary: TableRowSet,
    private readonly fallback: TableRowSet,
    private readonly guard: (ctx: ExecContext) => boolean,
    /** the guard reads an outer row's values (invariant 3) */
    private readonly perOuterRow = false,
  ) {
    this.kind = primary.kind;
    this.tableDefpos = primary.tableDefpos;
  }

  open(ctx: ExecContext): Cursor {
    return this.openTable(ctx);
  }

  openTable(ctx: ExecContext): TableCursor {
    return this.guard(ctx) ? this.primary.openTable(ctx) : this.fallback.openTable(ctx);
  }

  explain(out: string[], depth: number, ctx?: ExecContext): void {
    if (ctx !== undefined && !this.perOuterRow && !this.guard(ctx)) {
      this.fallback.explain(out, depth, ctx);
      return;
    }
    this.primary.explain(out, depth, ctx);
    const alt: string[] = [];
    this.fallback.explain(alt, 0, ctx);
    const whose = this.perOuterRow ? "an outer row's value" : "a parameter's value";
    line(out, depth + 1, `(when ${whose} cannot be a key: ${(alt[0] ?? '').trim()})`);
  }
}
