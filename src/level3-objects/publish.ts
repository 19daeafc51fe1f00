/**
 * src/level3-objects/publish.ts — committing a large transaction by publishing its own local state, with
 * its temporary positions relocated, instead of installing its records a second time.
 *
 * 1. Only when nothing was committed since the transaction began (its local state is its snapshot plus
 *    its records, which is what installing them onto the latest state would give), it wrote rows only (no
 *    DDL: temporary defposes of schema objects sit in catalogs), and no other transaction needs the
 *    commit's row effects (database-file.ts decides those two).
 * 2. Relocation is monotone: temporary positions are drawn in record order and so are the file positions
 *    they become, all beyond every committed position. So mapping the keys of a tree keeps it sorted, and
 *    a changed table's trees are rebuilt in order (`BTree.fromSorted`), in time proportional to their size;
 *    entries the local state still holds queued (table-draft.ts invariant 3) go straight into the rebuilt
 *    trees. `publishable` allows it only where that costs about as much as installing the table's records.
 * 3. Which trees hold temporary positions: the rows tree (keys of inserted rows, at its end) and every
 *    index tree (values, and the trailing row defpos of non-unique keys) when rows were inserted; the
 *    updates tree (keys of inserted rows, values = Update ppos) when rows were updated. The rest of the
 *    table is shared with the local state as is.
 * 4. The result equals, entry for entry, the state installing the relocated records gives, so replay of
 *    the log rebuilds it (database-file-replay.test.ts checks both paths).
 */
import { BTree } from '../common/tree/btree';
import type { Row, Value } from '../common/values/value';
import { TRANS_POS } from '../level2-physical/physical';
import { RecordRun, recordCount, type LogEntry } from '../level2-physical/record-run';
import type { Relocator } from '../level2-physical/physical-codec';
import { RecordType } from '../level2-physical/record-type';
import type { DatabaseState } from './database-state';
import { StateBuilder } from './state-builder';
import type { TableDraft, Transient } from './table-draft';
import { withTree, type IndexKey, type TreeKey, type TableIndex } from './table-index';
import { withContents, type Table } from './table';

/** Records of one table in a transaction, by kind. */
interface TableWork {
  records: number;
  inserts: number;
  updates: number;
}

/** A transaction's row records by table, or null when it holds anything else (invariant 1). */
function workByTable(records: readonly LogEntry[]): Map<number, TableWork> | null {
  const work = new Map<number, TableWork>();
  for (let i = 0; i < records.length; i++) {
    const e = records[i]!;
    let table: number;
    let inserts = 0;
    let updates = 0;
    let size = 1;
    if (e instanceof RecordRun) {
      table = e.table;
      size = inserts = e.rows.length;
    } else {
      if (e.type !== RecordType.Record && e.type !== RecordType.Update && e.type !== RecordType.Delete) return null;
      table = e.table;
      if (e.type === RecordType.Record) inserts = 1;
      else if (e.type === RecordType.Update) updates = 1;
    }
    let w = work.get(table);
    if (w === undefined) work.set(table, (w = { records: 0, inserts: 0, updates: 0 }));
    w.records += size;
    w.inserts += inserts;
    w.updates += updates;
  }
  return work;
}

/** Transactions with fewer records are always installed: their local state usually holds none of them yet
 *  (transaction.ts invariant 7), and installing a few records is cheap anyway. */
const PUBLISH_MIN_RECORDS = 64;

/** True when publishing the local state costs no more than about twice installing `records` (invariant 2). */
export function publishable(snapshot: DatabaseState, records: readonly LogEntry[]): boolean {
  if (recordCount(records) < PUBLISH_MIN_RECORDS) return false;
  const work = workByTable(records);
  if (work === null) return false;
  for (const [table, w] of work) {
    const t = snapshot.table(table);
    if (t === undefined) return false;
    const cost = (w.inserts > 0 ? t.rows.size : 0) + (w.updates > 0 ? t.updates.size : 0);
    if (cost > 2 * w.records) return false;
  }
  return true;
}

/**
 * The entries of a tree, then queued entries (table-draft.ts invariant 3), each passed through `fix`
 * (which may change the entry array in place). A class rather than a generator: this runs once per
 * row of a bulk load, and a generator allocates a result object per step. Queued entries come in one
 * reused array, so a consumer must read each entry before asking for the next (`BTree.fromSorted` does).
 */
class FixedEntries<K, V> implements IterableIterator<[K, V]> {
  private i = -1;
  private readonly result: { done: boolean; value: [K, V] } = { done: false, value: undefined as unknown as [K, V] };
  private readonly entry: [K, V] = [undefined as unknown as K, undefined as unknown as V];

  constructor(
    private readonly inner: Iterator<[K, V]>,
    private readonly keys: readonly K[],
    private readonly values: readonly V[],
    private readonly fix: (entry: [K, V]) => void,
  ) {}

  next(): IteratorResult<[K, V]> {
    if (this.i < 0) {
      const r = this.inner.next();
      if (r.done !== true) {
        this.fix(r.value);
        return r;
      }
      this.i = 0;
    }
    const r = this.result;
    if (this.i >= this.keys.length) {
      r.done = true;
      return r as IteratorResult<[K, V]>;
    }
    const e = this.entry;
    e[0] = this.keys[this.i]!;
    e[1] = this.values[this.i]!;
    this.i++;
    this.fix(e);
    r.value = e;
    return r;
  }

  [Symbol.iterator](): IterableIterator<[K, V]> {
    return this;
  }
}

/** A transient's contents, queue included, rebuilt with `fix` applied to every entry. */
function rebuilt<K, V>(t: Transient<K, V>, fix: (entry: [K, V]) => void): BTree<K, V> {
  const { tree, keys, values } = t.unqueued();
  return BTree.fromSorted(tree.compare, new FixedEntries(tree.entries(), keys, values, fix));
}

/** True when the rows (queue included) hold a temporary key, which can only be the last. */
function hasTemporaryRows(rows: Transient<number, Row>): boolean {
  const { tree, keys } = rows.unqueued();
  if (keys.length > 0) return keys[keys.length - 1]! >= TRANS_POS;
  const last = tree.last();
  return last !== null && last.key >= TRANS_POS;
}

function relocateUpdates(updates: Transient<number, number>, reloc: Relocator): BTree<number, number> {
  return rebuilt(updates, (e) => {
    if (e[0] >= TRANS_POS) e[0] = reloc.real(e[0]);
    if (e[1] >= TRANS_POS) e[1] = reloc.real(e[1]);
  });
}

function relocateIndex(ix: TableIndex, tree: Transient<TreeKey, number>, reloc: Relocator): TableIndex {
  const width = ix.slots.length;
  return withTree(
    ix,
    rebuilt(tree, (e) => {
      const rowid = e[1];
      if (rowid < TRANS_POS) return;
      const real = reloc.real(rowid);
      e[1] = real;
      const key = e[0];
      if (Array.isArray(key) && key.length > width) {
        // the key ends with the row defpos (table-index.ts invariants 1 and 2)
        const moved: Value[] = (key as IndexKey).slice();
        moved[width] = real;
        e[0] = moved;
      }
    }),
  );
}

/** The table a draft holds, with its temporary positions relocated (invariant 3). */
function relocateDraft(d: TableDraft, reloc: Relocator, updated: boolean): Table {
  const t = d.schema;
  const inserted = hasTemporaryRows(d.rows);
  const rows = inserted
    ? rebuilt(d.rows, (e) => {
        if (e[0] >= TRANS_POS) e[0] = reloc.real(e[0]);
      })
    : d.rows.frozen();
  const trees = d.changedTrees();
  const indexes = t.indexes.map((ix, i) => {
    const tree = trees[i];
    if (tree === undefined) return ix;
    return inserted ? relocateIndex(ix, tree, reloc) : withTree(ix, tree.frozen());
  });
  const versions = d.changedUpdates();
  const updates = versions === null ? t.updates : updated ? relocateUpdates(versions, reloc) : versions.frozen();
  return withContents(t, rows, updates, indexes);
}

/**
 * The state at log end `end` that committing `records` publishes: `base` (the transaction's snapshot, still
 * the latest committed state) with every table `local` changed, relocated through `reloc`. `local` holds
 * every record installed; the caller has checked `publishable` and that nothing was committed since the
 * transaction began.
 */
export function publishedState(
  base: DatabaseState,
  local: StateBuilder,
  records: readonly LogEntry[],
  reloc: Relocator,
  end: number,
): DatabaseState {
  const work = workByTable(records)!;
  const b = new StateBuilder(base);
  for (const [table, w] of work) {
    const d = local.peek(table);
    if (d !== undefined) b.putTable(relocateDraft(d, reloc, w.updates > 0));
  }
  return b.snapshot(end);
}
