/**
 * src/level3-objects/read-set.ts — `ReadSet`, what a transaction has read and written, and `ReadIndex`, the
 * same facts arranged for the conflict rules (`conflicts.ts`) at commit.
 *
 * 1. Reads: whole tables scanned; rows by (table, row defpos); per index, full keys looked up (found or
 *    not) and inclusive key ranges scanned (bounds may be prefixes; null is open). A read of a key or a
 *    range also covers the rows found through it: a concurrent change to such a row changes (or keeps)
 *    its key inside the range, which the rules catch.
 * 2. Writes: committed rows this transaction updated or deleted (rows it inserted itself have temp ids and
 *    cannot be touched by anyone else), tables it wrote, and the catalog names it created.
 * 3. `touched` (in the index) holds every table read or written in any way; a concurrent DDL record on one
 *    conflicts.
 * 4. Recording costs one array push per read (no maps, no lookups), because it runs on every read and most
 *    transactions never need it: a transaction with no writes, or with nothing committed since it began,
 *    is never checked. `index()` arranges the log for lookups only when a check is needed.
 * 5. A key read or a row written again right after the same read or write of the same kind is not logged
 *    again (the log stands for sets): a transaction that keeps reading and changing one row by key (a
 *    running total kept by a trigger) keeps one entry for it, not one per statement. Keys are compared
 *    value by value with `===`, so only the plainly equal ones are merged.
 */
import { BTree } from '../common/tree/btree';
import { keepShape } from '../common/shapes';
import type { DatabaseState } from './database-state';
import type { KeyPart } from './key-part';
import { compareIndexKeys, inRange, type IndexKey } from './table-index';

/** The keys and ranges read through one index. */
export interface IndexReads {
  readonly index: number;
  readonly table: number;
  readonly name: string;
  readonly slots: readonly number[];
  /** the index's key parts (null for plain columns), so the rules compute a row's key as the index does */
  readonly parts: readonly KeyPart[] | null;
  readonly points: IndexKey[];
  readonly ranges: (readonly [IndexKey | null, IndexKey | null])[];
}

const ROW = 0;
const KEY = 1;
const RANGE = 2;
const TABLE = 3;
const WRITE = 4;
const WROTE = 5;
const NAME = 6;

/** Index reads above this many point keys are matched through a sorted tree. */
const LINEAR_POINTS = 8;

/** What a transaction has read and written, as it happened (invariant 4). */
export class ReadSet {
  /** flat log: ROW table row | KEY index key | RANGE index low high | TABLE table | WRITE table row |
   *  WROTE table | NAME name */
  private log: unknown[] | null = null;
  /** the table of the last WROTE entry, so a bulk insert logs its table once */
  private lastWrote = -1;
  /** the last KEY and WRITE entries (invariant 5) */
  private lastKeyIndex = -1;
  private lastKey: IndexKey | null = null;
  private lastWriteTable = -1;
  private lastWriteRow = -1;

  addRow(table: number, row: number): void {
    (this.log ??= []).push(ROW, table, row);
  }

  addKey(index: number, key: IndexKey): void {
    if (index === this.lastKeyIndex && sameValues(key, this.lastKey!)) return;
    this.lastKeyIndex = index;
    this.lastKey = key;
    (this.log ??= []).push(KEY, index, key);
  }

  addRange(index: number, low: IndexKey | null, high: IndexKey | null): void {
    (this.log ??= []).push(RANGE, index, low, high);
  }

  addTable(table: number): void {
    (this.log ??= []).push(TABLE, table);
  }

  /** A committed row updated or deleted (its table counts as written too). */
  addWrite(table: number, row: number): void {
    if (row === this.lastWriteRow && table === this.lastWriteTable) return;
    this.lastWriteTable = table;
    this.lastWriteRow = row;
    (this.log ??= []).push(WRITE, table, row);
  }

  /** A table written (rows inserted, schema changed). */
  wroteTable(table: number): void {
    if (table === this.lastWrote) return;
    this.lastWrote = table;
    (this.log ??= []).push(WROTE, table);
  }

  /** A catalog name created, as `table NAME` / `index NAME`. */
  addName(name: string): void {
    (this.log ??= []).push(NAME, name);
  }

  /** Arranges the reads for lookups; indexes are resolved in `states` (first that knows them). */
  index(...states: DatabaseState[]): ReadIndex {
    const ix = new ReadIndex();
    const log = this.log ?? [];
    for (let i = 0; i < log.length; ) {
      switch (log[i] as number) {
        case ROW:
          ix.row(log[i + 1] as number, log[i + 2] as number);
          i += 3;
          break;
        case KEY:
          ix.key(states, log[i + 1] as number, log[i + 2] as IndexKey);
          i += 3;
          break;
        case RANGE:
          ix.range(states, log[i + 1] as number, log[i + 2] as IndexKey | null, log[i + 3] as IndexKey | null);
          i += 4;
          break;
        case TABLE:
          ix.table(log[i + 1] as number);
          i += 2;
          break;
        case WRITE:
          ix.write(log[i + 1] as number, log[i + 2] as number);
          i += 3;
          break;
        case WROTE:
          ix.touched.add(log[i + 1] as number);
          i += 2;
          break;
        default:
          ix.names.add(log[i + 1] as string);
          i += 2;
      }
    }
    return ix;
  }
}

/** Two keys of the same values, by `===` (invariant 5: a false answer only costs a log entry). */
function sameValues(a: IndexKey, b: IndexKey): boolean {
  const n = a.length;
  if (n !== b.length) return false;
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The reads and writes of a transaction arranged for the conflict rules. */
export class ReadIndex {
  /** tables scanned in full */
  readonly tables = new Set<number>();
  /** table → row defposes read */
  readonly rows = new Map<number, Set<number>>();
  /** table → the index reads on it */
  readonly indexesByTable = new Map<number, IndexReads[]>();
  /** tables read or written in any way */
  readonly touched = new Set<number>();
  private readonly byIndex = new Map<number, IndexReads>();
  private readonly pointTrees = new Map<number, BTree<IndexKey, true>>();

  /** table → committed row defposes updated or deleted */
  readonly written = new Map<number, Set<number>>();
  /** catalog names created */
  readonly names = new Set<string>();

  /** @internal */
  write(table: number, row: number): void {
    let s = this.written.get(table);
    if (s === undefined) this.written.set(table, (s = new Set()));
    s.add(row);
    this.touched.add(table);
  }

  /** @internal */
  row(table: number, row: number): void {
    let s = this.rows.get(table);
    if (s === undefined) this.rows.set(table, (s = new Set()));
    s.add(row);
    this.touched.add(table);
  }

  /** @internal */
  table(table: number): void {
    this.tables.add(table);
    this.touched.add(table);
  }

  private reads(states: readonly DatabaseState[], index: number): IndexReads | null {
    let r = this.byIndex.get(index);
    if (r !== undefined) return r;
    for (const s of states) {
      const ix = s.index(index);
      if (ix === undefined) continue;
      r = { index, table: ix.table, name: ix.name, slots: ix.slots, parts: ix.parts, points: [], ranges: [] };
      this.byIndex.set(index, r);
      const list = this.indexesByTable.get(ix.table);
      if (list === undefined) this.indexesByTable.set(ix.table, [r]);
      else list.push(r);
      this.touched.add(ix.table);
      return r;
    }
    return null;
  }

  /** @internal a full key (a shorter key counts as the range of keys it prefixes) */
  key(states: readonly DatabaseState[], index: number, key: IndexKey): void {
    const r = this.reads(states, index);
    if (r === null) return;
    if (key.length >= r.slots.length) r.points.push(key.length === r.slots.length ? key : key.slice(0, r.slots.length));
    else r.ranges.push([key, key]);
  }

  /** @internal */
  range(states: readonly DatabaseState[], index: number, low: IndexKey | null, high: IndexKey | null): void {
    this.reads(states, index)?.ranges.push([low, high]);
  }

  /** True when `key` (the key columns' values of some row) was looked up or lies in a range read. */
  keyWasRead(r: IndexReads, key: IndexKey): boolean {
    if (r.points.length > 0 && this.pointRead(r, key)) return true;
    for (const [low, high] of r.ranges) if (inRange(key, low, high)) return true;
    return false;
  }

  private pointRead(r: IndexReads, key: IndexKey): boolean {
    if (r.points.length <= LINEAR_POINTS) {
      for (const p of r.points) if (compareIndexKeys(p, key) === 0) return true;
      return false;
    }
    let tree = this.pointTrees.get(r.index);
    if (tree === undefined) {
      const b = BTree.empty<IndexKey, true>(compareIndexKeys).builder();
      for (const p of r.points) b.set(p, true);
      this.pointTrees.set(r.index, (tree = b.build()));
    }
    return tree.has(key);
  }
}

// a read set lives for one transaction (shapes.ts)
keepShape(() => new ReadSet());
