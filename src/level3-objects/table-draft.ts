/**
 * src/level3-objects/table-draft.ts — `TableDraft`, one table being changed inside a `StateBuilder`, and
 * `Transient`, one of its trees being changed.
 *
 * 1. A draft's trees change in place (nobody else can see them) and are frozen into a new `Table` by
 *    `table()`; the draft stays usable and never changes a table it handed out.
 * 2. Rows are immutable arrays, so a Record whose columns are the table's slots in order shares its values
 *    array with the row it installs (the transaction's record, its relocated copy and both installs of it
 *    hold one array): `slotsOf` says when.
 * 3. New rows come with ascending defposes (log positions, or a transaction's temporary ones), above
 *    every row already there, and often with ascending keys too. `Transient.append` queues an entry whose
 *    key is above every key instead of entering it in the tree; lookups search the queue (sorted) as well,
 *    and the queue goes into the tree before any other change or a freeze, by one bottom-up rebuild when
 *    it is long. So log replay, bulk loads and publishing a transaction (publish.ts, which takes the queues
 *    as they are) do no per-row tree descent for rows, nor for keys that arrive in order. The bound that
 *    `append` compares with is the greatest key, or (`stale`, after a delete) above it until `above`
 *    finds the greatest key again: `above` is exact, so `keyOrdered` does not depend on how records were
 *    grouped into transactions.
 * 4. Index trees and the row-versions tree are made on first use: a one-row statement touches few.
 * 5. The queue is kept in leaf-sized chunks (`AppendQueue`), so a bulk load's queues never grow by copying,
 *    and a long queue goes into the tree by adopting its chunks as leaves under new inner nodes: a freeze
 *    after a bulk load costs a pass over the leaves, not a rebuild. Chunks adopted by a tree are frozen; a
 *    queue's chunks are otherwise owned by its transient (publish.ts relocates them in place).
 * 6. A chunk whose first entry is a number (a row's defpos, a number key, the defpos an index maps a key to)
 *    stores unboxed doubles: the engine would otherwise box each defpos above the small-integer range, as a
 *    transaction's temporary ones are, in an object the garbage collector copies until commit. A chunk is
 *    copied from a template of the kind it needs, so no allocation site learns the kind from other queues.
 * 7. A transient remembers its last lookup of a number key in its builder until its next write (a write
 *    may change any entry of the builder in place): a statement reads a row, changes it, and its record is
 *    installed, each looking up the same row defpos. A frozen tree's last lookup is remembered until the
 *    next commit publishes (`frozenGet`, `forgetFrozenLookup`): the tree never changes, and forgetting it
 *    then keeps a superseded version of a table's rows from being held after its transaction is over.
 */
import { BTree, type Comparator } from '../common/tree/btree';
import { Leaf, MAX_LEAF } from '../common/tree/node';
import type { TreeBuilder } from '../common/tree/tree-builder';
import type { Row } from '../common/values/value';
import { keepShape } from '../common/shapes';
import type { TableColumn } from './table-column';
import { withTree, type TreeKey, type TableIndex } from './table-index';
import { emptyTable, withContents, type Table } from './table';

/**
 * Writes to a tree between two freezes that go through persistent path copying, which shares every array
 * it does not change; after that many, a `TreeBuilder` (which owns the nodes it copies and then changes
 * them in place) takes over. A one-row commit thus copies little, and a bulk load still changes in place.
 */
const PERSISTENT_WRITES = 4;

/**
 * The last lookup of a number key (a row defpos) in a frozen tree, which never changes, so the answer stays
 * right: an update reads its row in the transaction's state (Level 4's point read, `frozenGet`) and again
 * to change it and when its record is installed at commit, in the same tree. (Array keys are not
 * remembered: callers reuse probe arrays.)
 */
let memoTree: BTree<unknown, unknown> | null = null;
let memoKey: unknown = undefined;
let memoValue: unknown = undefined;

/** Forgets the remembered lookup, so that it keeps no superseded tree alive (a commit calls it once published). */
export function forgetFrozenLookup(): void {
  memoTree = null;
  memoKey = undefined;
  memoValue = undefined;
}

/** `tree.get(key)` for a frozen tree of number keys (row defposes), remembered as `Transient.get` does. */
export function frozenGet<V>(tree: BTree<number, V>, key: number): V | undefined {
  if ((tree as unknown) === memoTree && key === memoKey) return memoValue as V | undefined;
  const value = tree.get(key);
  memoTree = tree as unknown as BTree<unknown, unknown>;
  memoKey = key;
  memoValue = value;
  return value;
}

/** Queued entries above this many (and above the tree's size) go in by one rebuild (invariant 3). */
const REBUILD_QUEUE = 64;

/** Entries per chunk of an `AppendQueue`: a leaf's worth. */
const CHUNK = MAX_LEAF;

/** Templates of the chunks an `AppendQueue` fills (invariant 6): unboxed doubles, and any values. */
const NUMBER_CHUNK: readonly number[] = new Array<number>(CHUNK).fill(0.5);
const ANY_CHUNK: readonly unknown[] = new Array<unknown>(CHUNK).fill(null);

/** A fresh chunk for entries like `first` (invariant 6). */
function chunkFor<T>(first: T): T[] {
  return (typeof first === 'number' ? NUMBER_CHUNK : ANY_CHUNK).slice() as T[];
}

/*
 * The stores into chunks of numbers and into chunks of anything are separate statements: a store that has
 * seen both kinds of array turns every array of numbers it writes to into one of boxed values (the engine
 * generalises arrays at a store site that has met a more general kind), which would undo invariant 6.
 */
function storeNumber<T>(chunk: T[], i: number, x: T): void {
  chunk[i] = x;
}

function storeAny<T>(chunk: T[], i: number, x: T): void {
  chunk[i] = x;
}

/**
 * A copy of a leaf's keys or values that publish.ts then changes in place: of unboxed doubles when they are
 * all numbers (invariant 6), as the queue's chunks relocated beside it are. Were the copies of the other
 * leaves arrays of any values, the one statement relocating both would meet both kinds and from then on
 * turn every chunk of numbers it writes to into boxed values (see `storeNumber`).
 */
export function copyEntries<T>(entries: readonly T[]): T[] {
  const n = entries.length;
  if (n === 0 || n > CHUNK) return entries.slice();
  for (let i = 0; i < n; i++) if (typeof entries[i] !== 'number') return entries.slice();
  const out = NUMBER_CHUNK.slice(0, n) as T[];
  for (let i = 0; i < n; i++) storeNumber(out, i, entries[i]!);
  return out;
}

/**
 * Appended entries in ascending key order, in fixed-size chunks (invariant 5): pushing never copies what is
 * queued, as a growing array does each time it outgrows its store, and a chunk filling up is young memory.
 */
export class AppendQueue<K, V> {
  private readonly keyChunks: K[][] = [];
  private readonly valueChunks: V[][] = [];
  private keys: K[] | null = null;
  private values: V[] | null = null;
  private fill = CHUNK;
  /** the current chunks hold numbers (invariant 6) */
  private numberKeys = false;
  private numberValues = false;
  /** the number of entries */
  length = 0;

  push(key: K, value: V): void {
    if (this.fill === CHUNK) {
      this.numberKeys = typeof key === 'number';
      this.numberValues = typeof value === 'number';
      this.keys = chunkFor(key);
      this.values = chunkFor(value);
      this.keyChunks.push(this.keys);
      this.valueChunks.push(this.values);
      this.fill = 0;
    }
    const i = this.fill++;
    if (this.numberKeys) storeNumber(this.keys!, i, key);
    else storeAny(this.keys!, i, key);
    if (this.numberValues) storeNumber(this.values!, i, value);
    else storeAny(this.values!, i, value);
    this.length++;
  }

  keyAt(i: number): K {
    return this.keyChunks[(i / CHUNK) | 0]![i % CHUNK]!;
  }

  valueAt(i: number): V {
    return this.valueChunks[(i / CHUNK) | 0]![i % CHUNK]!;
  }

  /**
   * The entries as frozen leaves, adopting the chunks (the last cut to its entries and, when under half
   * full, evened out with the one before). The queue is spent: it must not be used again.
   */
  takeLeaves(): Leaf<K, V>[] {
    const leaves: Leaf<K, V>[] = [];
    const n = this.keyChunks.length;
    for (let i = 0; i < n; i++) leaves.push(new Leaf(this.keyChunks[i]!, this.valueChunks[i]!, null));
    if (n === 0) return leaves;
    const last = leaves[n - 1]!;
    last.keys.length = this.fill;
    last.values.length = this.fill;
    if (n > 1 && this.fill < CHUNK >>> 1) {
      const before = leaves[n - 2]!;
      const keys = before.keys.concat(last.keys);
      const values = before.values.concat(last.values);
      const half = keys.length >>> 1;
      leaves[n - 2] = new Leaf(keys.slice(0, half), values.slice(0, half), null);
      leaves[n - 1] = new Leaf(keys.slice(half), values.slice(half), null);
    }
    return leaves;
  }

  /** The value under `key`, or undefined (a binary search: keys ascend by `compare`). */
  find(key: K, compare: Comparator<K>): V | undefined {
    let hi = this.length - 1;
    // the last key is the greatest (invariant 3): a key above it, as each append's probe is, is absent
    const top = compare(this.keyAt(hi), key);
    if (top <= 0) return top === 0 ? this.valueAt(hi) : undefined;
    let lo = 0;
    hi--;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const c = compare(this.keyAt(mid), key);
      if (c === 0) return this.valueAt(mid);
      if (c < 0) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }
}

/** The queue of every transient that has queued nothing: empty, never pushed to (`Transient.append` makes a
 *  queue of its own first). */
const EMPTY_QUEUE = new AppendQueue<unknown, unknown>();

/**
 * A tree being changed: its last frozen version, a builder over it once written to often enough, and a
 * queue of appended entries (invariant 3): ascending keys, all above `bound`, which bounds every key in
 * the tree or builder from above (undefined until first needed).
 */
export class Transient<K, V> {
  private builder: TreeBuilder<K, V> | null = null;
  private writes = 0;
  /** `EMPTY_QUEUE` until the first append: most transients (one-row statements) never queue */
  private queue: AppendQueue<K, V> = EMPTY_QUEUE as AppendQueue<K, V>;
  private bound: K | undefined = undefined;
  private bounded = false;
  /** a delete since the bound was last exact: it may now be above the greatest key (invariant 3) */
  private stale = false;
  /** the last number key looked up in `builder` and what it found (invariant 7); undefined: none */
  private lastKey: K | undefined = undefined;
  private lastValue: V | undefined = undefined;

  constructor(private tree: BTree<K, V>) {}

  get size(): number {
    return (this.builder !== null ? this.builder.size : this.tree.size) + this.queue.length;
  }

  get(key: K): V | undefined {
    const q = this.queue;
    if (q.length > 0 && this.tree.compare(key, q.keyAt(0)) >= 0) return q.find(key, this.tree.compare);
    const builder = this.builder;
    if (builder !== null) {
      if (typeof key !== 'number') return builder.get(key);
      if (key === this.lastKey) return this.lastValue;
      const found = builder.get(key);
      this.lastKey = key;
      this.lastValue = found;
      return found;
    }
    const tree = this.tree;
    if (typeof key !== 'number') return tree.get(key);
    return frozenGet(tree as unknown as BTree<number, V>, key);
  }

  set(key: K, value: V): void {
    this.lastKey = undefined;
    if (this.queue.length > 0) this.flush();
    if (this.bounded && (this.bound === undefined || this.tree.compare(key, this.bound) > 0)) {
      this.bound = key;
      this.stale = false;
    }
    if (this.builder === null && this.writes < PERSISTENT_WRITES) {
      this.writes++;
      this.tree = this.tree.set(key, value);
    } else (this.builder ??= this.tree.builder()).set(key, value);
  }

  delete(key: K): void {
    this.lastKey = undefined;
    if (this.queue.length > 0) this.flush();
    if (this.bounded) this.stale = true;
    if (this.builder === null && this.writes < PERSISTENT_WRITES) {
      this.writes++;
      this.tree = this.tree.delete(key);
    } else (this.builder ??= this.tree.builder()).delete(key);
  }

  /**
   * True exactly when `key` is above every key (the queue's too), whatever this transaction wrote before:
   * a table's `keyOrdered` (table.ts invariant 5) depends on it, and must come out the same whether the
   * records were installed by one transaction, by many, or by a replay.
   */
  above(key: K): boolean {
    if (this.bounded && !this.stale) return this.bound === undefined || this.tree.compare(key, this.bound) > 0;
    // not bounded, or bounded above a key since deleted: nothing is queued (`append` queues only once
    // bounded, and a delete flushes), so the greatest key is the tree's or the builder's
    const last = this.builder !== null ? this.builder.lastKey() : this.tree.lastKey();
    if (this.bounded) {
      this.bound = last;
      this.stale = false;
    }
    return last === undefined || this.tree.compare(key, last) > 0;
  }

  /**
   * Queues `key → value` if `key` is above every key (so it is new); false (nothing done) otherwise, and
   * also for the first few writes (finding the bound costs a descent, which only a run of appends repays).
   */
  append(key: K, value: V): boolean {
    if (!this.bounded) {
      if (this.builder === null && this.writes < PERSISTENT_WRITES) return false;
      // the bound is found once; from then on `set` and `append` keep it
      this.bound = this.frozenTree().lastKey();
      this.bounded = true;
    }
    if (this.bound !== undefined && this.tree.compare(key, this.bound) <= 0) return false;
    this.lastKey = undefined;
    // above a bound that is at or above the greatest key: the new greatest, exactly
    this.bound = key;
    this.stale = false;
    if (this.queue === EMPTY_QUEUE) this.queue = new AppendQueue<K, V>();
    this.queue.push(key, value);
    return true;
  }

  /** The current contents as an immutable tree (later writes start afresh). */
  frozen(): BTree<K, V> {
    if (this.queue.length > 0) this.flush();
    return this.frozenTree();
  }

  /** The contents without the queue, frozen, and the queue (nothing is changed). */
  unqueued(): { readonly tree: BTree<K, V>; readonly queue: AppendQueue<K, V> } {
    return { tree: this.frozenTree(), queue: this.queue };
  }

  private frozenTree(): BTree<K, V> {
    if (this.builder !== null) {
      this.tree = this.builder.build();
      this.builder = null;
    }
    this.writes = 0;
    return this.tree;
  }

  private flush(): void {
    this.lastKey = undefined;
    const queue = this.queue;
    this.queue = EMPTY_QUEUE as AppendQueue<K, V>;
    const size = this.builder !== null ? this.builder.size : this.tree.size;
    if (queue.length >= REBUILD_QUEUE && queue.length >= size) {
      // the tree's leaves and the queue's chunks, as they are, under new inner nodes (invariant 5)
      const tree = this.frozenTree();
      this.tree = BTree.fromLeaves(tree.compare, tree.leaves().concat(queue.takeLeaves()));
      return;
    }
    for (let i = 0; i < queue.length; i++) {
      const key = queue.keyAt(i);
      const value = queue.valueAt(i);
      if (this.builder === null && this.writes < PERSISTENT_WRITES) {
        this.writes++;
        this.tree = this.tree.set(key, value);
      } else (this.builder ??= this.tree.builder()).set(key, value);
    }
  }
}

/** Column defpos → slot, per columns array (shared by every version of a table until its columns change). */
const SLOT_MAPS = new WeakMap<readonly TableColumn[], Map<number, number>>();

function slotMap(columns: readonly TableColumn[]): Map<number, number> {
  let m = SLOT_MAPS.get(columns);
  if (m === undefined) {
    m = new Map();
    for (const c of columns) m.set(c.defpos, c.slot);
    SLOT_MAPS.set(columns, m);
  }
  return m;
}

/** A table whose rows and index trees are being changed in place. */
export class TableDraft {
  /** row defpos → row */
  readonly rows: Transient<number, Row>;
  /** by position in `schema.indexes`, made on first use */
  private readonly trees: (Transient<TreeKey, number> | undefined)[];
  private versions: Transient<number, number> | null = null;
  private dirty = false;
  private slots: Map<number, number> | null = null;
  private lastColumns: readonly number[] | null = null;
  private lastSlots: readonly number[] | null = null;
  /** the rows are in primary-key order (table.ts invariant 5); install.ts clears it */
  keyOrdered: boolean;
  /** rows whose entry in a unique index another row's Update took over, as `index position:row` (install.ts
   *  invariant 6); empty again once the statement that did it has installed all its Updates */
  displaced: Set<string> | null = null;

  constructor(private meta: Table) {
    this.rows = new Transient(meta.rows);
    this.trees = new Array<Transient<TreeKey, number> | undefined>(meta.indexes.length);
    this.keyOrdered = meta.keyOrdered;
  }

  /** Row defpos → ppos of its latest Update (table.ts invariant 4). */
  get updates(): Transient<number, number> {
    return (this.versions ??= new Transient(this.meta.updates));
  }

  /** The tree of the index at position `i` of `schema.indexes`. */
  tree(i: number): Transient<TreeKey, number> {
    return (this.trees[i] ??= new Transient(this.meta.indexes[i]!.tree));
  }

  /** The table's schema (columns, indexes, checks); its trees may be stale while dirty. */
  get schema(): Table {
    return this.meta;
  }

  /** Marks the draft changed (callers then write through the transients). */
  touch(): void {
    this.dirty = true;
  }

  /** The slot of a live column, or undefined. */
  slotOf(column: number): number | undefined {
    return (this.slots ??= slotMap(this.meta.columns)).get(column);
  }

  /**
   * The slots of a record's columns (-1 for a column that is not live), or null when they are exactly the
   * slots 0 … slotCount-1 in order, so the record's values ARE the row (invariant 2). Remembered for the
   * last columns array seen: records of one statement share theirs.
   */
  slotsOf(columns: readonly number[]): readonly number[] | null {
    if (columns === this.lastColumns) return this.lastSlots;
    const slots = new Array<number>(columns.length);
    let identity = columns.length === this.meta.slotCount;
    for (let i = 0; i < columns.length; i++) {
      const slot = this.slotOf(columns[i]!) ?? -1;
      slots[i] = slot;
      if (slot !== i) identity = false;
    }
    this.lastColumns = columns;
    this.lastSlots = identity ? null : slots;
    return this.lastSlots;
  }

  /** The current index tree at position `i` of `schema.indexes`, frozen. */
  indexTree(i: number): BTree<TreeKey, number> {
    return this.tree(i).frozen();
  }

  /** The table with every change so far, frozen. */
  table(): Table {
    if (!this.dirty) return this.meta;
    const m = this.meta;
    const indexes = new Array<TableIndex>(m.indexes.length);
    for (let i = 0; i < indexes.length; i++) {
      const ix = m.indexes[i]!;
      const tree = this.trees[i]?.frozen() ?? ix.tree;
      indexes[i] = tree === ix.tree ? ix : withTree(ix, tree);
    }
    const updates = this.versions === null ? m.updates : this.versions.frozen();
    this.meta = withContents(m, this.rows.frozen(), updates, indexes, this.keyOrdered);
    this.dirty = false;
    return this.meta;
  }

  /** The index trees made so far, by position (undefined: unchanged), for publish.ts. */
  changedTrees(): readonly (Transient<TreeKey, number> | undefined)[] {
    return this.trees;
  }

  /** The row-versions tree if it was used, for publish.ts. */
  changedUpdates(): Transient<number, number> | null {
    return this.versions;
  }
}

// drafts live for one transaction (shapes.ts)
keepShape(() => new TableDraft(emptyTable(-1, '')));
