/**
 * src/level4-sql/exec/recursive-union.ts — WITH RECURSIVE: RecursiveUnionRowSet runs `anchor UNION [ALL]
 * recursive` to a fixed point; WorkingTableRowSet is the recursive part's reference to the CTE itself.
 *
 * 1. Rows stream: the anchor's rows first, then each iteration's, as they are made, so a LIMIT above stops
 *    the recursion (`… UNION ALL SELECT n + 1 FROM c) SELECT * FROM c LIMIT 10` ends).
 * 2. Iteration k opens the recursive part with the rows iteration k−1 produced (the anchor's for k = 1) as
 *    the working table; it ends when an iteration produces no row. With UNION (not ALL) a row equal to one
 *    already produced is dropped before it reaches the output or the next working table, so a cycle ends.
 * 3. More than `MAX_RECURSION` iterations is StatementTooComplex (54001): a recursion that does not end
 *    fails instead of running for ever.
 * 4. The working table is captured when a WorkingTableRowSet opens (`holder.rows` at that moment), so the
 *    next iteration's rows never mix into a cursor still being read.
 */
import { SqlError, SqlState } from '../../common/errors';
import type { Row } from '../../common/values/value';
import type { ExecContext } from '../context';
import { compositeKey } from '../eval/hash-key';
import { ArrayCursor, line, type Cursor, type RowSet } from './rowset';

/** The most iterations a recursive query may take (invariant 3). */
export const MAX_RECURSION = 100_000;

/** Where the recursive union puts the working table for its self-reference to read. */
export interface WorkingTable {
  rows: readonly Row[];
}

/** The CTE's reference to itself inside its recursive part (invariant 4). */
export class WorkingTableRowSet implements RowSet {
  readonly kind = 'WorkingTableRowSet' as const;

  constructor(
    readonly holder: WorkingTable,
    readonly name: string,
  ) {}

  open(): Cursor {
    return new ArrayCursor(this.holder.rows);
  }

  explain(out: string[], depth: number): void {
    line(out, depth, `WorkingTableRowSet ${this.name}`);
  }
}

class RecursiveCursor {
  private cur: Cursor;
  private pending: Row[] = [];
  private iteration = 0;
  private readonly seen: Set<string> | null;

  constructor(
    private readonly rs: RecursiveUnionRowSet,
    private readonly ctx: ExecContext,
  ) {
    this.cur = rs.anchor.open(ctx);
    this.seen = rs.all ? null : new Set();
  }

  nextRow(): Row | null {
    for (;;) {
      const r = this.cur.next();
      if (r !== null) {
        if (this.seen !== null) {
          const k = compositeKey(r, this.rs.width);
          if (this.seen.has(k)) continue;
          this.seen.add(k);
        }
        const row = r.length === this.rs.width ? r.slice() : r.slice(0, this.rs.width);
        this.pending.push(row);
        return row;
      }
      if (this.pending.length === 0) return null;
      if (++this.iteration > MAX_RECURSION) {
        throw SqlError.of(SqlState.StatementTooComplex, [`recursive query ${this.rs.name} did not end within ${MAX_RECURSION} iterations`], {
          hint: 'A recursion with UNION ALL must reach an iteration that adds no row; UNION drops rows seen before.',
        });
      }
      this.rs.holder.rows = this.pending;
      this.pending = [];
      this.cur = this.rs.recursive.open(this.ctx);
    }
  }
}

/** `anchor UNION [ALL] recursive`, iterated (see the file header). */
export class RecursiveUnionRowSet implements RowSet {
  readonly kind = 'RecursiveUnionRowSet' as const;

  constructor(
    readonly name: string,
    readonly anchor: RowSet,
    readonly recursive: RowSet,
    readonly holder: WorkingTable,
    /** UNION ALL (true) or UNION (false) */
    readonly all: boolean,
    readonly width: number,
  ) {}

  open(ctx: ExecContext): Cursor {
    const c = new RecursiveCursor(this, ctx);
    return { next: () => c.nextRow() };
  }

  explain(out: string[], depth: number, ctx?: ExecContext): void {
    line(out, depth, `RecursiveUnionRowSet ${this.name} ${this.all ? 'UNION ALL' : 'UNION'} (at most ${MAX_RECURSION} iterations)`);
    this.anchor.explain(out, depth + 1, ctx);
    this.recursive.explain(out, depth + 1, ctx);
  }
}
