/**
 * src/level3-objects/checkpoint.ts — the body of a checkpoint: a `DatabaseState` serialised for a fast open
 * (docs/file-format.md, "Checkpoint"; docs/decisions/0014-checkpoint.md). Level 1 (checkpoint-envelope.ts)
 * wraps it in a header tying it to a log prefix and a CRC.
 *
 * 1. The body holds the state's catalog records — every installed record that is not a row record (Record,
 *    Update, Delete), in log order with its ppos — and then each table's contents: rows, row versions, the
 *    order of each index, `keyOrdered`. Loading replays the catalog records through `applyRecord` onto an
 *    empty state, so every schema object (tables, columns, indexes, checks, views, triggers, types, routines,
 *    users, roles, grants) is built by the installers that build it on replay, and fields added to those
 *    objects later need no change here.
 * 2. That is sound because no installer of a catalog record reads rows except PIndex (its tree, and a
 *    primary key's `keyOrdered`), and a Drop of a table (which removes them): the trees and `keyOrdered` are
 *    then replaced by the checkpoint's. A catalog installer that comes to depend on rows must be handled here.
 * 3. Index trees are not stored: every index tree holds exactly one entry per row (table.ts invariant 3), a
 *    function of the row, so the body stores each index's order as row ordinals (or "the rows' own order")
 *    and loading computes the keys with `indexEntryKey` — the function the installers use — and builds each
 *    tree bottom-up from the sorted run, as it builds the row tree; nothing is inserted one by one.
 * 4. The state loaded equals, entry for entry, the state a full replay of the same log prefix gives
 *    (checkpoint.test.ts compares them on random histories; `pyrrhocmd --check` compares them for a file).
 * 5. Anything wrong in a body (it cannot be decoded, or it disagrees with its own catalog) throws; callers
 *    treat that as "no usable checkpoint" and replay the whole log. Rows are the exception of invariant 7:
 *    each row carries the byte length of its values, and loading checks every row's width and length against
 *    the body and decodes the values up to the last one an index reads (the rest it passes over by the
 *    length); the envelope's CRC covers the rest, so a row that fails to decode later, or whose values do not
 *    fill its length exactly, means a defect, reported as XX001 (`pyrrhocmd --check` decodes them all).
 * 6. Writing can be spread over time: `checkpointSteps` yields after every ROWS_PER_STEP rows or index entries.
 *    It reads only the immutable snapshot it is given and the catalog records it is given, so commits made
 *    between its steps change nothing it writes.
 * 7. Rows are decoded lazily: each row leaf is a lazy leaf (node.ts invariant 6) holding its rowids and, until
 *    first read, a decoder of its rows at their offset in the body; each index's keys are made at load from the
 *    key columns alone (the other values are passed over, nothing made for them). Opening costs the framing
 *    pass, the index keys and the trees; a row costs its decoding when a query first reaches its leaf. The body
 *    stays in memory while any of its leaves is undecoded (docs/decisions/0024-lazy-checkpoint-rows.md).
 * 8. A checkpoint written from a state that holds lazy row leaves copies their bytes (after the first row's
 *    position step, which depends on the row before the leaf) instead of decoding and encoding their rows: a
 *    lazy leaf is unchanged since it was loaded (a change copies it, and copying reads its values), and the
 *    encoding of a row does not depend on anything outside it.
 */
import { assert } from '../common/assert';
import { BTree, type Comparator } from '../common/tree/btree';
import { type LazyValues, Leaf, MAX_LEAF } from '../common/tree/node';
import { ByteReader, ByteWriter } from '../common/values/bytes';
import { readValue, ValueTag, writeValue } from '../common/values/value-codec';
import type { Row, Value } from '../common/values/value';
import { readPhysical, writePhysical } from '../level2-physical/log-reader';
import type { Physical } from '../level2-physical/physical';
import { RecordType } from '../level2-physical/record-type';
import { DatabaseState } from './database-state';
import { applyRecord } from './install';
import { StateBuilder } from './state-builder';
import { withContents, type Table } from './table';
import { indexEntryKey, withTree, type TableIndex, type TreeKey } from './table-index';

/** True for a record that defines or changes something other than rows (invariant 1). */
export function isCatalogRecord(rec: Physical): boolean {
  const t = rec.type;
  return t !== RecordType.Record && t !== RecordType.Update && t !== RecordType.Delete;
}

/** Rows (or index entries) encoded between two yields of `checkpointSteps` (invariant 6). */
export const ROWS_PER_STEP = 16_384;

/** Appends the checkpoint body of `state`, whose catalog records are `catalog` (invariant 1), to `w`. */
export function writeCheckpointBody(w: ByteWriter, state: DatabaseState, catalog: readonly Physical[]): void {
  const steps = checkpointSteps(w, state, catalog);
  while (steps.next().done !== true);
}

/** `writeCheckpointBody` in steps: each `next()` encodes about ROWS_PER_STEP rows (invariant 6). */
export function* checkpointSteps(w: ByteWriter, state: DatabaseState, catalog: readonly Physical[]): Generator<void, void, void> {
  w.writeVarUint(catalog.length);
  const scratch = new ByteWriter(256);
  for (const rec of catalog) {
    scratch.reset();
    writePhysical(scratch, rec);
    w.writeVarUint(rec.ppos);
    w.writeBytes(scratch.finish());
  }
  const tables = [...state.tables()];
  w.writeVarUint(tables.length);
  for (const t of tables) yield* writeTable(w, t);
}

function* writeTable(w: ByteWriter, t: Table): Generator<void, void, void> {
  w.writeVarUint(t.defpos);
  w.writeU8(t.keyOrdered ? 1 : 0);
  w.writeVarUint(t.rows.size);
  let previous = 0;
  let step = 0;
  const rowLeaves = t.rows.leaves();
  for (const leaf of rowLeaves) {
    const keys = leaf.keys;
    const lazy = leaf.lazySource;
    if (lazy instanceof RowBytes) {
      // rows nobody has read since they were loaded: their bytes as they are (invariant 8)
      w.writeVarUint(keys[0]! - previous);
      w.writeRaw(lazy.afterFirstStep());
      previous = keys[keys.length - 1]!;
      if ((step += keys.length) >= ROWS_PER_STEP) {
        step = 0;
        yield;
      }
      continue;
    }
    const values = leaf.values;
    for (let i = 0; i < keys.length; i++) {
      const rowid = keys[i]!;
      w.writeVarUint(rowid - previous);
      previous = rowid;
      const row = values[i]!;
      w.writeVarUint(row.length);
      // the values' byte length first, so that loading can pass over the ones no index reads (invariant 5)
      const mark = w.beginLength();
      for (let j = 0; j < row.length; j++) writeValue(w, row[j]!);
      w.endLength(mark);
    }
    if ((step += keys.length) >= ROWS_PER_STEP) {
      step = 0;
      yield;
    }
  }
  w.writeVarUint(t.updates.size);
  previous = 0;
  for (const leaf of t.updates.leaves()) {
    for (let i = 0; i < leaf.keys.length; i++) {
      w.writeVarUint(leaf.keys[i]! - previous);
      previous = leaf.keys[i]!;
      w.writeVarUint(leaf.values[i]!);
    }
  }
  w.writeVarUint(t.indexes.length);
  for (const ix of t.indexes) yield* writeIndexOrder(w, ix, rowLeaves, t.rows.size);
}

/**
 * An index's order: 0 when its entries name the rows in row order, else 1 and the row ordinals (invariant 3).
 * The common case — a primary key in row order — is found by walking the index's leaves beside the rows'
 * (`rowLeaves`, `rowCount` rows), with no array of all the rowids (80 MB at 10M rows); that array is made
 * only for an index in another order, which needs it for the ordinals.
 */
function* writeIndexOrder(w: ByteWriter, ix: TableIndex, rowLeaves: readonly Leaf<number, Row>[], rowCount: number): Generator<void, void, void> {
  w.writeVarUint(ix.defpos);
  assert(ix.tree.size === rowCount, `index ${ix.name} has ${ix.tree.size} entries for ${rowCount} rows`);
  const leaves = ix.tree.leaves();
  let same = true;
  let li = 0;
  let ki = 0;
  for (let l = 0; l < leaves.length && same; l++) {
    const values = leaves[l]!.values;
    for (let i = 0; i < values.length; i++) {
      const keys = rowLeaves[li]!.keys;
      if (values[i] !== keys[ki]) {
        same = false;
        break;
      }
      if (++ki === keys.length) {
        li++;
        ki = 0;
      }
    }
  }
  w.writeU8(same ? 0 : 1);
  if (same) return;
  // the rows' ids in order; a typed array, as a JS array this long is a slow dictionary
  const rowids = new Float64Array(rowCount);
  let n = 0;
  for (const leaf of rowLeaves) for (const rowid of leaf.keys) rowids[n++] = rowid;
  let step = 0;
  for (const leaf of leaves) {
    for (const rowid of leaf.values) w.writeVarUint(ordinalOf(rowids, rowid));
    if ((step += leaf.values.length) >= ROWS_PER_STEP) {
      step = 0;
      yield;
    }
  }
}

function ordinalOf(rowids: Float64Array, rowid: number): number {
  let lo = 0;
  let hi = rowids.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = rowids[mid]!;
    if (v === rowid) return mid;
    if (v < rowid) lo = mid + 1;
    else hi = mid - 1;
  }
  assert(false, `index entry names row ${rowid}, which is not a row of its table`);
}

/** What a checkpoint body gives: a builder holding the state, and the catalog records behind it. */
export interface LoadedCheckpoint {
  readonly builder: StateBuilder;
  readonly catalog: Physical[];
}

/**
 * Loads a checkpoint body (`body` starts at offset `bodyOffset` of the checkpoint `source`) into a builder
 * whose snapshot is the state at log position `position` (invariant 4); throws when the body is bad (invariant 5).
 */
export function readCheckpointBody(body: Uint8Array, bodyOffset: number, source: string, position: number): LoadedCheckpoint {
  const r = new ByteReader(body, bodyOffset, source);
  const rowReader = new ByteReader(body, bodyOffset, source);
  const b = new StateBuilder(DatabaseState.empty());
  const count = r.readVarUint();
  if (count > r.remaining) throw r.corrupt(`${count} catalog records exceed the bytes left`);
  const catalog: Physical[] = new Array<Physical>(count);
  for (let i = 0; i < count; i++) {
    const ppos = r.readVarUint();
    const length = r.readVarUint();
    const start = r.offset;
    const rec = readPhysical(r, ppos);
    if (r.offset - start !== length || !isCatalogRecord(rec)) throw r.corrupt(`catalog record at ${ppos} is malformed`, start);
    applyRecord(b, rec);
    catalog[i] = rec;
  }
  const schema = b.snapshot();
  const tables = r.readVarUint();
  if (tables !== schema.parts.tables.size) throw r.corrupt(`${tables} tables where the catalog has ${schema.parts.tables.size}`);
  for (let i = 0; i < tables; i++) {
    const at = r.offset;
    const t = schema.table(r.readVarUint());
    if (t === undefined) throw r.corrupt('contents of a table the catalog does not have', at);
    b.putTable(readTable(r, rowReader, body, t));
  }
  if (!r.atEnd) throw r.corrupt(`${r.remaining} bytes after the last table`);
  b.snapshot(position);
  return { builder: b, catalog };
}

/** One value of a row: the common tags read here, the rest by `readValue`. */
function readCell(r: ByteReader): Value {
  switch (r.peekU8()) {
    case ValueTag.Null:
      r.readU8();
      return null;
    case ValueTag.Int:
      r.readU8();
      return r.readVarInt();
    case ValueTag.String:
      r.readU8();
      return r.readString();
    case ValueTag.Real:
      r.readU8();
      return r.readF64();
    default:
      return readValue(r);
  }
}

/**
 * A row of `width` values. Rows of up to six values are array literals, so that V8 may allocate them straight
 * in old space (allocation-site pretenuring): every row read here lives as long as the state.
 */
function readRow(r: ByteReader, width: number): Row {
  switch (width) {
    case 1:
      return [readCell(r)];
    case 2: {
      const a = readCell(r);
      return [a, readCell(r)];
    }
    case 3: {
      const a = readCell(r);
      const b = readCell(r);
      return [a, b, readCell(r)];
    }
    case 4: {
      const a = readCell(r);
      const b = readCell(r);
      const c = readCell(r);
      return [a, b, c, readCell(r)];
    }
    case 5: {
      const a = readCell(r);
      const b = readCell(r);
      const c = readCell(r);
      const d = readCell(r);
      return [a, b, c, d, readCell(r)];
    }
    case 6: {
      const a = readCell(r);
      const b = readCell(r);
      const c = readCell(r);
      const d = readCell(r);
      const e = readCell(r);
      return [a, b, c, d, e, readCell(r)];
    }
    default: {
      if (width > r.remaining) throw r.corrupt(`a row of ${width} values exceeds the bytes left`);
      const row = new Array<Value>(width);
      for (let j = 0; j < width; j++) row[j] = readCell(r);
      return row;
    }
  }
}

/** The sizes of the leaves `n` entries are packed into: as full as possible, evened out (at least half full). */
function leafSizes(n: number): number[] {
  const count = Math.ceil(n / MAX_LEAF);
  const sizes = new Array<number>(count);
  for (let l = 0; l < count; l++) sizes[l] = Math.floor(((l + 1) * n) / count) - Math.floor((l * n) / count);
  return sizes;
}

/** A value of a row passed over: its framing checked (invariant 5) and nothing made for the common tags. */
function skipCell(r: ByteReader): void {
  switch (r.peekU8()) {
    case ValueTag.Null:
    case ValueTag.False:
    case ValueTag.True:
      r.readU8();
      return;
    case ValueTag.Int:
      r.readU8();
      r.readVarInt();
      return;
    case ValueTag.String:
      r.readU8();
      r.skip(r.readVarUint(), 'string');
      return;
    case ValueTag.Real:
      r.readU8();
      r.skip(8, 'f64');
      return;
    default:
      readValue(r);
  }
}

/** Per slot, whether an index of `t` reads it (its columns, or the columns its paths start from); null when
 *  `t` has no index. */
function indexedSlots(t: Table): boolean[] | null {
  if (t.indexes.length === 0) return null;
  const slots = new Array<boolean>(t.slotCount).fill(false);
  for (const ix of t.indexes) {
    if (ix.parts === null) for (const s of ix.slots) slots[s] = true;
    else for (const p of ix.parts) slots[p.slot] = true;
  }
  return slots;
}

/**
 * The rows of one lazy row leaf: the `count` rows between offsets `at` and `end` of `body` (invariant 7). `load`
 * decodes them the first time the leaf's values are read; until then a checkpoint written from the state copies
 * their bytes (invariant 8). Their framing was checked when the body was loaded, and its CRC covers the rest.
 */
class RowBytes implements LazyValues<Row> {
  constructor(
    /** one reader serves all the leaves of a body: a decoding runs to its end before another can start */
    private readonly reader: ByteReader,
    private readonly body: Uint8Array,
    private readonly at: number,
    private readonly end: number,
    private readonly count: number,
  ) {}

  load(): Row[] {
    const r = this.reader;
    r.seek(this.at);
    const rows = new Array<Row>(this.count);
    for (let k = 0; k < this.count; k++) {
      r.readVarUint(); // the position step, already read into the leaf's keys
      const width = r.readVarUint();
      const length = r.readVarUint();
      const start = r.offset;
      rows[k] = readRow(r, width);
      if (r.offset - start !== length) throw r.corrupt(`a row of ${r.offset - start} bytes where its length says ${length}`, start);
    }
    return rows;
  }

  /** The rows' bytes after the first one's position step (which depends on the row before the leaf). */
  afterFirstStep(): Uint8Array {
    const r = this.reader;
    r.seek(this.at);
    r.readVarUint();
    return this.body.subarray(r.offset, this.end);
  }
}

function readTable(r: ByteReader, rowReader: ByteReader, body: Uint8Array, t: Table): Table {
  const keyOrdered = r.readU8() === 1;
  const n = r.readVarUint();
  if (n > r.remaining) throw r.corrupt(`${n} rows exceed the bytes left`);
  const sizes = leafSizes(n);
  const leaves: Leaf<number, Row>[] = new Array<Leaf<number, Row>>(sizes.length);
  // the index keys are made now, from the key columns alone: per index, one array per row leaf, in row order
  const needed = indexedSlots(t);
  const lastNeeded = needed === null ? -1 : needed.lastIndexOf(true);
  const indexes = t.indexes;
  const entryKeys: TreeKey[][][] = indexes.map(() => new Array<TreeKey[]>(sizes.length));
  // the key columns of the row at hand (the others stay null)
  const scratch = new Array<Value>(t.slotCount).fill(null);
  let rowid = 0;
  for (let l = 0; l < sizes.length; l++) {
    const size = sizes[l]!;
    const at = r.offset;
    const keys = new Array<number>(size);
    const leafKeys = new Array<TreeKey[]>(indexes.length);
    for (let x = 0; x < indexes.length; x++) leafKeys[x] = entryKeys[x]![l] = new Array<TreeKey>(size);
    for (let k = 0; k < size; k++) {
      const step = r.readVarUint();
      if (step === 0) throw r.corrupt('row positions not ascending');
      rowid += step;
      keys[k] = rowid;
      const width = r.readVarUint();
      const length = r.readVarUint();
      if (width > length || length > r.remaining) throw r.corrupt(`a row of ${width} values in ${length} bytes exceeds the bytes left`);
      const end = r.offset + length;
      if (needed === null) {
        r.seek(end);
        continue;
      }
      // the values up to the last one an index reads, then over the rest by the row's length (invariant 5)
      const read = width <= lastNeeded ? width : lastNeeded + 1;
      for (let j = 0; j < read; j++) {
        if (needed[j] === true) scratch[j] = readCell(r);
        else skipCell(r);
      }
      if (r.offset > end) throw r.corrupt(`a row's values overrun its ${length} bytes`);
      r.seek(end);
      for (let j = width; j < needed.length; j++) if (needed[j] === true) scratch[j] = null;
      for (let x = 0; x < indexes.length; x++) leafKeys[x]![k] = indexEntryKey(indexes[x]!, scratch, rowid);
    }
    leaves[l] = Leaf.lazy(keys, new RowBytes(rowReader, body, at, r.offset, size));
  }
  const u = r.readVarUint();
  if (u > r.remaining) throw r.corrupt(`${u} row versions exceed the bytes left`);
  const updatedRows = new Array<number>(u);
  const versions = new Array<number>(u);
  let previous = 0;
  for (let j = 0; j < u; j++) {
    const step = r.readVarUint();
    if (step === 0) throw r.corrupt('row version positions not ascending');
    previous += step;
    updatedRows[j] = previous;
    versions[j] = r.readVarUint();
  }
  const k = r.readVarUint();
  if (k !== indexes.length) throw r.corrupt(`${k} indexes where table ${t.name} has ${indexes.length}`);
  const loaded: TableIndex[] = [];
  for (let x = 0; x < indexes.length; x++) loaded.push(readIndex(r, indexes[x]!, leaves, n, entryKeys[x]!));
  const rowTree = BTree.fromLeaves(t.rows.compare, leaves);
  return withContents(t, rowTree, fromSortedRun(t.updates.compare, updatedRows, versions), loaded, keyOrdered);
}

/**
 * An index's tree, its entries in the order the body gives (invariant 3): the rows' own order, or row ordinals,
 * each found in the row leaves (`rows`, `n` rows in all, sized by `leafSizes`); `entryKeys[l][e]` is the index's
 * key of entry e of row leaf l. In the rows' order an index leaf takes its keys array as it is.
 */
function readIndex(r: ByteReader, ix: TableIndex, rows: readonly Leaf<number, Row>[], n: number, entryKeys: readonly TreeKey[][]): TableIndex {
  const at = r.offset;
  if (r.readVarUint() !== ix.defpos) throw r.corrupt(`index contents out of order (expected index ${ix.name})`, at);
  const permuted = r.readU8() !== 0;
  const compare = ix.tree.compare;
  const count = rows.length;
  const leaves: Leaf<TreeKey, number>[] = new Array<Leaf<TreeKey, number>>(count);
  let i = 0;
  let last: TreeKey | undefined;
  for (let l = 0; l < count; l++) {
    const source = rows[l]!;
    const size = source.keys.length;
    // in the rows' own order the index leaf's row positions are the row leaf's keys: one array for both
    // (shared-positions.ts invariant 2)
    const keys: TreeKey[] = permuted ? new Array<TreeKey>(size) : entryKeys[l]!;
    const values: number[] = permuted ? new Array<number>(size) : source.keys;
    for (let e = 0; e < size; e++, i++) {
      let key = keys[e]!;
      if (permuted) {
        const o = r.readVarUint();
        if (o >= n) throw r.corrupt(`index ${ix.name} names row ordinal ${o} of ${n}`);
        // leaf m holds ordinals [⌊m·n/count⌋, ⌊(m+1)·n/count⌋) (leafSizes)
        let m = Math.floor((o * count) / n);
        while (m > 0 && Math.floor((m * n) / count) > o) m--;
        while (m + 1 < count && Math.floor(((m + 1) * n) / count) <= o) m++;
        const k = o - Math.floor((m * n) / count);
        values[e] = rows[m]!.keys[k]!;
        keys[e] = key = entryKeys[m]![k]!;
      }
      if (i > 0 && compare(last!, key) >= 0) throw r.corrupt(`index ${ix.name} is not in key order at entry ${i}`);
      last = key;
    }
    leaves[l] = new Leaf(keys, values, null);
  }
  return withTree(ix, count === 0 ? BTree.empty(compare) : BTree.fromLeaves(compare, leaves));
}

/** The tree of `keys` (strictly ascending) → `values`, built bottom-up from full leaves (invariant 3). */
function fromSortedRun<K, V>(compare: Comparator<K>, keys: K[], values: V[]): BTree<K, V> {
  const n = keys.length;
  if (n === 0) return BTree.empty(compare);
  const leaves: Leaf<K, V>[] = [];
  const full = Math.ceil(n / MAX_LEAF);
  for (let l = 0; l < full; l++) {
    const from = Math.floor((l * n) / full);
    const to = Math.floor(((l + 1) * n) / full);
    leaves.push(new Leaf(keys.slice(from, to), values.slice(from, to), null));
  }
  return BTree.fromLeaves(compare, leaves);
}
