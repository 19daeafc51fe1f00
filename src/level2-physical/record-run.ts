/**
 * src/level2-physical/record-run.ts — `RecordRun`: consecutive Records of one table, kept compactly by a
 * transaction until commit, and `LogEntry`, what a transaction hands the encoder.
 *
 * 1. A run stands for `rows.length` Records of `table` with the same `columns`, whose temporary positions are
 *    `first`, `first + 1`, …: row `i` is the Record `{ ppos: first + i, table, columns, values: rows[i] }`.
 *    It is a memory layout only: the log holds the Records one by one, exactly as if they had been kept as
 *    objects (`writePayload` writes them so; decoding never makes runs).
 * 2. A run exists because a bulk load keeps every new row until commit: one Record object per row (and a
 *    boxed number for its position) is most of what the garbage collector then has to copy. A run keeps a
 *    row array and a slot.
 * 3. `rows` only grows, by `push`, and only while the run is the transaction's last entry; `truncate` cuts
 *    it back when a failed statement is undone.
 * 4. A run holds at most `RUN_ROWS` rows (`full` says when to start another): an array that kept growing
 *    would be copied each time it outgrew its store and, once large, live in old space, where every row
 *    stored into it costs the garbage collector a remembered slot. A run of `RUN_ROWS` fills while young.
 */
import type { Row } from '../common/values/value';
import { keepShape } from '../common/shapes';
import type { Physical, Record } from './physical';
import { RecordType } from './record-type';

/** The most rows a run holds (invariant 4). */
export const RUN_ROWS = 1024;

/** Consecutive Records of one table (invariant 1). */
export class RecordRun {
  readonly rows: Row[] = [];

  constructor(
    readonly table: number,
    readonly columns: readonly number[],
    /** the temporary position of the first row */
    readonly first: number,
  ) {}

  /** The temporary position the next row pushed gets. */
  get next(): number {
    return this.first + this.rows.length;
  }

  /** True when the run holds `RUN_ROWS` rows and takes no more (invariant 4). */
  get full(): boolean {
    return this.rows.length >= RUN_ROWS;
  }

  /** Adds a row at position `next` (invariants 3, 4). */
  push(row: Row): void {
    this.rows.push(row);
  }

  /** Keeps the first `n` rows (invariant 3). */
  truncate(n: number): void {
    this.rows.length = n;
  }

  /** Row `i` as the Record it stands for. */
  record(i: number): Record {
    return { type: RecordType.Record, ppos: this.first + i, table: this.table, columns: this.columns, values: this.rows[i]! };
  }
}

/** One entry of a transaction's records: a record, or a run of Records. */
export type LogEntry = Physical | RecordRun;

/** How many records an entry stands for. */
export function entrySize(e: LogEntry): number {
  return e instanceof RecordRun ? e.rows.length : 1;
}

/** How many records the entries stand for. */
export function recordCount(entries: readonly LogEntry[]): number {
  let n = 0;
  for (let i = 0; i < entries.length; i++) n += entrySize(entries[i]!);
  return n;
}

/** The records the entries stand for, as objects, in order. */
export function expandEntries(entries: readonly LogEntry[]): Physical[] {
  const out: Physical[] = [];
  for (const e of entries) {
    if (e instanceof RecordRun) for (let i = 0; i < e.rows.length; i++) out.push(e.record(i));
    else out.push(e);
  }
  return out;
}

// a run lives for one transaction (shapes.ts); its first position is a transaction's (a double)
keepShape(() => new RecordRun(-1, [], 2 ** 50));
