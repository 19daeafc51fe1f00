/**
 * src/level3-objects/table-index.ts — an index (primary key, unique, non-unique or foreign key) of a table,
 * and the key arithmetic every index user shares.
 *
 * 1. Tree keys: a unique index (PrimaryKey, Unique) maps the key values → row defpos. A non-unique index
 *    (NonUnique, ForeignKey) maps [...key values, row defpos] → row defpos, so one tree type serves both and
 *    a prefix seek finds every row with a key.
 * 2. SQL NULLs are distinct: in a unique index a key holding a NULL is entered as [...key values, row defpos]
 *    too, so rows with NULL keys never collide and are still indexed (a seek on the key prefix finds them).
 * 3. Keys are ordered as `compareKeys` orders them (NULL first; 1, 1n and Decimal(1) are equal), by
 *    `compareIndexKeys`, which gives the same order faster for number keys.
 * 4. `slots` are the key columns' row slots, captured when the index is installed (columns keep their slot).
 * 5. A tree stores a key as a `TreeKey`: a unique index on one column enters a non-NULL key as the value
 *    itself, not a one-element array, so a table keyed by one column keeps one object less per row and its
 *    tree's keys are plain numbers when the column's are. Every other key is an array. A value `v` and the
 *    array `[v]` are the same key (`compareIndexKeys` says so), so a lookup may pass either; code that reads
 *    keys out of a tree goes through `keyWidth` and `keyAt`. (A value is never a JS array: documents are
 *    plain objects, and a key part never takes an array from a document — key-part.ts invariant 2.)
 * 6. Key parts: an index whose key reaches into documents (`doc.address.zip`, `doc.age AS INTEGER`) has
 *    `parts`, one per key column (key-part.ts); every other index has `parts === null` and its key is its
 *    columns' values, computed by the plain functions (`keyValues`, `entryKey`, `sameKey`) with no extra
 *    work. Code that may meet either kind goes through `rowKey`, `indexEntryKey` and `sameIndexKey`, which
 *    test `parts` once and take the plain path when it is null. `slots` and `columns` are the key
 *    columns either way (a column may appear twice, with different paths).
 */
import type { BTree } from '../common/tree/btree';
import type { Bookmark } from '../common/tree/bookmark';
import { withNumberHeads } from '../common/tree/search-numbers';
import { withStringHeads } from '../common/tree/search-strings';
import { assert } from '../common/assert';
import { compareValues, type Row, type Value } from '../common/values/value';
import { IndexKind, type PIndex, type PIndexPaths, type RefAction } from '../level2-physical/physical';
import { RecordType } from '../level2-physical/record-type';
import { KeyFault, partValue, type KeyPart } from './key-part';

/** A key of an index as its values (see invariant 1): what lookups and ranges are given. */
export type IndexKey = readonly Value[];

/** A key as an index tree stores it: a single value or an array of values (invariant 5). */
export type TreeKey = Value | IndexKey;

/** The number of values in a stored key. */
export function keyWidth(key: TreeKey): number {
  return Array.isArray(key) ? key.length : 1;
}

/** Value `i` of a stored key. */
export function keyAt(key: TreeKey, i: number): Value {
  if (Array.isArray(key)) return (key as IndexKey)[i]!;
  return i === 0 ? (key as Value) : null;
}

/** A lookup's key values as a tree stores them (invariant 5): a one-value key is the value itself, so the
 *  search's comparisons are of two values, not of a value with an array. */
export function lookupKey(key: IndexKey): TreeKey {
  return key.length === 1 ? key[0]! : key;
}

/** An index of a table. Immutable; `tree` is replaced on every change to the table's rows. */
export interface TableIndex {
  readonly defpos: number;
  readonly table: number;
  readonly name: string;
  readonly kind: IndexKind;
  /** PrimaryKey or Unique */
  readonly unique: boolean;
  /** column defposes in key order */
  readonly columns: readonly number[];
  /** the same columns as row slots */
  readonly slots: readonly number[];
  /** the key parts when some part is a document path or typed (invariant 6); null for plain columns */
  readonly parts: readonly KeyPart[] | null;
  /** foreign keys: the referenced unique index; otherwise -1 */
  readonly refIndex: number;
  readonly onDelete: RefAction;
  readonly onUpdate: RefAction;
  /** see invariants 1, 2 and 5 */
  readonly tree: BTree<TreeKey, number>;
}

/** True for the kinds whose keys must be unique. */
export function isUniqueKind(kind: IndexKind): boolean {
  return kind === IndexKind.PrimaryKey || kind === IndexKind.Unique;
}

/** The key parts a PIndex or PIndexPaths record defines (invariant 6): null when every part is a plain column. */
export function keyPartsOf(rec: PIndex | PIndexPaths, slots: readonly number[]): readonly KeyPart[] | null {
  if (rec.type === RecordType.PIndex || rec.paths.every((p) => p === null)) return null;
  return rec.columns.map((column, i) => {
    const p = rec.paths[i] ?? null;
    const path = p === null || p.steps.length === 0 ? null : p.steps;
    return { column, slot: slots[i]!, path, type: p?.type ?? null };
  });
}

/** The index a PIndex (or PIndexPaths) record defines, with its key slots, its key parts and its (already
 *  built) tree. */
export function indexFromRecord(
  rec: PIndex | PIndexPaths,
  slots: readonly number[],
  parts: readonly KeyPart[] | null,
  tree: BTree<TreeKey, number>,
): TableIndex {
  return {
    defpos: rec.ppos,
    table: rec.table,
    name: rec.name,
    kind: rec.kind,
    unique: isUniqueKind(rec.kind),
    columns: rec.columns,
    slots,
    parts,
    refIndex: rec.refIndex,
    onDelete: rec.onDelete,
    onUpdate: rec.onUpdate,
    tree,
  };
}

/** The index with another name and tree, by the one literal every changed index is made by (decision 0038: a
 *  spread copy would get a hidden class of its own, and it is slower on the hot path). */
function indexWith(ix: TableIndex, name: string, tree: BTree<TreeKey, number>): TableIndex {
  return {
    defpos: ix.defpos,
    table: ix.table,
    name,
    kind: ix.kind,
    unique: ix.unique,
    columns: ix.columns,
    slots: ix.slots,
    parts: ix.parts,
    refIndex: ix.refIndex,
    onDelete: ix.onDelete,
    onUpdate: ix.onUpdate,
    tree,
  };
}

/** The same index over a different tree. */
export function withTree(ix: TableIndex, tree: BTree<TreeKey, number>): TableIndex {
  return indexWith(ix, ix.name, tree);
}

/** The same index under another name. */
export function withName(ix: TableIndex, name: string): TableIndex {
  return indexWith(ix, name, ix.tree);
}

/** The key columns' values of `row` (a row shorter than a slot reads NULL). */
export function keyValues(slots: readonly number[], row: Row): Value[] {
  const key = new Array<Value>(slots.length);
  for (let i = 0; i < slots.length; i++) key[i] = row[slots[i]!] ?? null;
  return key;
}

/** True when some value of the key is NULL. */
export function hasNull(key: IndexKey): boolean {
  for (let i = 0; i < key.length; i++) if (key[i] === null) return true;
  return false;
}

/** The tree key under which `row` (defpos `rowid`) is entered in an index (invariants 1, 2 and 5). */
export function entryKey(unique: boolean, slots: readonly number[], row: Row, rowid: number): TreeKey {
  const n = slots.length;
  if (unique && n === 1) {
    const v = row[slots[0]!] ?? null;
    return v !== null ? v : [null, rowid];
  }
  let extra = unique ? 0 : 1;
  if (extra === 0) {
    for (let i = 0; i < n; i++) {
      if ((row[slots[i]!] ?? null) === null) {
        extra = 1;
        break;
      }
    }
  }
  const key = new Array<Value>(n + extra);
  for (let i = 0; i < n; i++) key[i] = row[slots[i]!] ?? null;
  if (extra === 1) key[n] = rowid;
  return key;
}

/** True when the key columns of two rows hold equal values. */
export function sameKey(slots: readonly number[], a: Row, b: Row): boolean {
  for (let i = 0; i < slots.length; i++) {
    const s = slots[i]!;
    if (compareValues(a[s] ?? null, b[s] ?? null) !== 0) return false;
  }
  return true;
}

/** What key extraction needs of an index (a `TableIndex`, or the read set's note of one). */
export interface KeyShape {
  readonly name: string;
  readonly slots: readonly number[];
  readonly parts: readonly KeyPart[] | null;
}

/** The key values of an installed row in a path index (invariant 6). Installed rows have no key faults
 *  (key-part.ts invariant 2), so a fault is an InternalError (corruption, on replay). */
export function pathKeyValues(ix: KeyShape, row: Row): Value[] {
  const parts = ix.parts!;
  const key = new Array<Value>(parts.length);
  for (let i = 0; i < parts.length; i++) key[i] = installedPartValue(ix, parts[i]!, row);
  return key;
}

/** The value of one key part of an installed row (see `pathKeyValues`). */
function installedPartValue(ix: KeyShape, part: KeyPart, row: Row): Value {
  const v = partValue(part, row);
  if (v instanceof KeyFault) assert(false, `a row without a valid key (${v.kind} value) for index ${ix.name}`);
  return v as Value;
}

/**
 * The tree key of an installed row in a path index (invariants 1, 2, 5 and 6), made in one array of its final
 * length: a key grown by a push would take a backing store of 17 slots allocated apart from the array (more
 * memory, and one cache miss more for each key a search compares).
 */
export function pathEntryKey(ix: KeyShape, unique: boolean, row: Row, rowid: number): TreeKey {
  const parts = ix.parts!;
  const n = parts.length;
  const key = new Array<Value>(n + 1);
  let withNull = false;
  for (let i = 0; i < n; i++) {
    const v = installedPartValue(ix, parts[i]!, row);
    if (v === null) withNull = true;
    key[i] = v;
  }
  if (unique && !withNull) {
    if (n === 1) return key[0]!;
    key.length = n;
    return key;
  }
  key[n] = rowid;
  return key;
}

/** The key values of `row` in any index (invariant 6). */
export function rowKey(ix: KeyShape, row: Row): Value[] {
  return ix.parts === null ? keyValues(ix.slots, row) : pathKeyValues(ix, row);
}

/** The tree key of `row` (defpos `rowid`) in any index (invariant 6). */
export function indexEntryKey(ix: TableIndex, row: Row, rowid: number): TreeKey {
  return ix.parts === null ? entryKey(ix.unique, ix.slots, row, rowid) : pathEntryKey(ix, ix.unique, row, rowid);
}

/** True when two rows have equal keys in any index (invariant 6); a key fault counts as a difference. */
export function sameIndexKey(ix: KeyShape, a: Row, b: Row): boolean {
  const parts = ix.parts;
  if (parts === null) return sameKey(ix.slots, a, b);
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    if ((a[p.slot] ?? null) === (b[p.slot] ?? null)) continue;
    const x = partValue(p, a);
    const y = partValue(p, b);
    if (x instanceof KeyFault || y instanceof KeyFault || compareValues(x, y) !== 0) return false;
  }
  return true;
}

/** True when `key` starts with `prefix` (compared value by value). */
export function startsWith(key: TreeKey, prefix: IndexKey): boolean {
  if (keyWidth(key) < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (compareValues(keyAt(key, i), prefix[i]!) !== 0) return false;
  return true;
}

/** Compares `key` with a (possibly shorter) bound on the bound's length only. */
export function comparePrefix(key: TreeKey, bound: IndexKey): number {
  const n = Math.min(keyWidth(key), bound.length);
  for (let i = 0; i < n; i++) {
    const c = compareValues(keyAt(key, i), bound[i]!);
    if (c !== 0) return c;
  }
  return 0;
}

/** True when `key` lies in the inclusive range [low, high]; bounds may be prefixes; null = open. */
export function inRange(key: TreeKey, low: IndexKey | null, high: IndexKey | null): boolean {
  if (low !== null && comparePrefix(key, low) < 0) return false;
  if (high !== null && comparePrefix(key, high) > 0) return false;
  return true;
}

/** The first entry of `tree` whose key starts with `prefix`, or null. */
export function seekPrefix(tree: BTree<TreeKey, number>, prefix: IndexKey): Bookmark<TreeKey, number> | null {
  const b = tree.seek(prefix);
  return b !== null && startsWith(b.key, prefix) ? b : null;
}

/** Row defposes of every entry whose key starts with `prefix`, in key order. */
export function rowsWithPrefix(tree: BTree<TreeKey, number>, prefix: IndexKey): number[] {
  const out: number[] = [];
  for (let b = seekPrefix(tree, prefix); b !== null && startsWith(b.key, prefix); b = b.next()) out.push(b.value);
  return out;
}

/**
 * The comparator of every index tree: `compareKeys`' order (invariant 3) over stored keys, a value being the
 * same key as the one-element array holding it (invariant 5). Two number keys, and the first values of two
 * array keys when both are numbers or both strings (most comparisons end there), are compared inline.
 * Marked `withNumberHeads` and `withStringHeads` (two keys whose heads are different numbers, or different
 * strings, are ordered by them), so lookups and seeks by such keys take the tree's specialised paths.
 */
export const compareIndexKeys: (a: TreeKey, b: TreeKey) => number = withStringHeads(withNumberHeads(function compareIndexKeys(
  a: TreeKey,
  b: TreeKey,
): number {
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  if (!Array.isArray(a) || !Array.isArray(b)) return compareMixed(a, b);
  const la = a.length;
  const lb = b.length;
  const n = la < lb ? la : lb;
  if (n > 0) {
    const x = a[0]!;
    const y = b[0]!;
    if (typeof x === 'number' && typeof y === 'number') {
      if (x < y) return -1;
      if (x > y) return 1;
    } else if (typeof x === 'string' && typeof y === 'string') {
      // CHAR keys and document paths holding strings: code-unit order, as compareValues gives it
      if (x < y) return -1;
      if (x > y) return 1;
    } else {
      const c = compareValues(x, y);
      if (c !== 0) return c;
    }
    for (let i = 1; i < n; i++) {
      const c = compareValues(a[i]!, b[i]!);
      if (c !== 0) return c;
    }
  }
  return la < lb ? -1 : la > lb ? 1 : 0;
}));

/** `compareIndexKeys` when at least one key is a single value (invariant 5). */
function compareMixed(a: TreeKey, b: TreeKey): number {
  const la = keyWidth(a);
  const lb = keyWidth(b);
  if (la > 0 && lb > 0) {
    const c = compareValues(keyAt(a, 0), keyAt(b, 0));
    if (c !== 0) return c;
    // a single value has no second value, so nothing beyond the first is compared
  }
  return la < lb ? -1 : la > lb ? 1 : 0;
}
