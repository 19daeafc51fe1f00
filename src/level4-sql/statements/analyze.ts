/**
 * src/level4-sql/statements/analyze.ts — EXPLAIN ANALYZE's actual rows: every rowset of a plan counts the rows
 * its cursors give while the statement runs once, and each plan line gets `[actual N rows]`.
 *
 * 1. The rowsets are found from the plan's roots by walking their fields (`reachableRowSets`). Rowsets reached
 *    only through compiled closures (subqueries) are found because the plan lists their roots too.
 * 2. Counting shadows each rowset's `open` (and `openTable`) with an own property that wraps the cursor it
 *    returns; `restore` deletes those properties, so the plan is as it was (it is the EXPLAIN's own plan,
 *    built for this statement, but nothing is left behind either way). A cursor opened by `open` through
 *    the rowset's own `openTable` is counted once.
 * 3. Lines: while the plan explains itself, each rowset's first line is noted; after the run the counts are
 *    appended to those lines: `[actual N rows]`, `[actual N rows in K opens]` when it was opened more than
 *    once (the inner side of a correlated subquery, a lateral join), `[not run]` when never opened.
 */
import type { Row } from '../../common/values/value';
import type { ExecContext } from '../context';
import { type Cursor, reachableRowSets, type RowSet, type TableCursor } from '../exec/rowset';

interface Count {
  rows: number;
  opens: number;
  /** index of the rowset's first plan line, once explained */
  line: number;
}

function counted(cur: Cursor, c: Count): Cursor {
  const table = cur as Partial<TableCursor>;
  return {
    next(): Row | null {
      const r = cur.next();
      if (r !== null) c.rows++;
      return r;
    },
    get rowid(): number {
      return table.rowid ?? -1;
    },
  } as Cursor;
}

/** Counts rows per rowset while a statement runs once (see the file header). */
export class Analysis {
  private readonly counts = new Map<RowSet, Count>();
  /** lines some rowset has already claimed (a wrapper that delegates its explain, e.g. GuardedRowSet, must not) */
  private readonly claimed = new Set<number>();
  /** what each rowset had as own `open`/`openTable`/`explain` before (normally nothing) */
  private readonly saved: Array<[object, string, PropertyDescriptor | undefined]> = [];

  constructor(roots: readonly RowSet[]) {
    for (const rs of reachableRowSets(roots)) {
      const c: Count = { rows: 0, opens: 0, line: -1 };
      this.counts.set(rs, c);
      const own = rs as unknown as Record<string, unknown>;
      for (const k of ['open', 'openTable', 'explain']) this.saved.push([rs, k, Object.getOwnPropertyDescriptor(rs, k)]);
      const open = rs.open;
      const openTable = (rs as { openTable?: (ctx: ExecContext) => TableCursor }).openTable;
      let inOpen = false;
      own.open = (ctx: ExecContext): Cursor => {
        inOpen = true;
        try {
          c.opens++;
          return counted(open.call(rs, ctx), c);
        } finally {
          inOpen = false;
        }
      };
      if (typeof openTable === 'function') {
        own.openTable = (ctx: ExecContext): TableCursor => {
          const cur = openTable.call(rs, ctx);
          if (inOpen) return cur;
          c.opens++;
          return counted(cur, c) as TableCursor;
        };
      }
      const explain = rs.explain;
      own.explain = (out: string[], depth: number, ctx?: ExecContext): void => {
        const before = out.length;
        explain.call(rs, out, depth, ctx);
        if (out.length > before && c.line === -1 && !this.claimed.has(before)) {
          c.line = before;
          this.claimed.add(before);
        }
      };
    }
  }

  /** Appends the counts to the lines noted while the plan explained itself (invariant 3). */
  annotate(lines: string[]): void {
    for (const c of this.counts.values()) {
      if (c.line < 0 || c.line >= lines.length) continue;
      const what = c.opens === 0 ? 'not run' : `actual ${c.rows} row${c.rows === 1 ? '' : 's'}${c.opens > 1 ? ` in ${c.opens} opens` : ''}`;
      lines[c.line] = `${lines[c.line]} [${what}]`;
    }
  }

  /** Removes the counting wrappers (invariant 2). */
  restore(): void {
    for (const [rs, k, d] of this.saved) {
      delete (rs as Record<string, unknown>)[k];
      if (d !== undefined) Object.defineProperty(rs, k, d);
    }
  }
}
