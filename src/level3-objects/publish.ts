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
 *    a changed table's trees are rebuilt leaf by leaf (relocated copies of the leaves, and the queue's
 *    chunks relocated in place, under new inner nodes: `BTree.fromLeaves`), in time proportional to their
 *    size. `publishable` allows it only where that costs about as much as installing the table's records.
 * 3. Which trees hold temporary positions: the rows tree (keys of inserted rows, at its end) and every
 *    index tree (values, and the trailing row defpos of non-unique keys) when rows were inserted; the
 *    updates tree (keys of inserted rows, values = Update ppos) when rows were updated. The rest of the
 *    table is shared with the local state as is.
 * 4. The result equals, entry for entry, the state installing the relocated records gives, so replay of
 *    the log rebuilds it (database-file-replay.test.ts checks both paths).
 * 5. A rebuilt index whose row positions are the rebuilt rows tree's keys, leaf for leaf, shares their arrays
 *    (shared-positions.ts).
 */
import { BTree } from '../common/tree/btree';
import type { Row, Value } from '../common/values/value';
import { TRANS_POS } from '../level2-physical/physical';
import { RecordRun, recordCount, type LogEntry } from '../level2-physical/record-run';
import type { Relocator } from '../level2-physical/physical-codec';
import { RecordType } from '../level2-physical/record-type';
import type { DatabaseState } from './database-state';
import { StateBuilder } from './state-builder';
import { Leaf } from '../common/tree/node';
import { shareRowPositions } from './shared-positions';
import { copyEntries, type TableDraft, type Transient } from './table-draft';
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

/** Changes entry `i` of a leaf's arrays in place (a relocation). */
type Fix<K, V> = (keys: K[], values: V[], i: number) => void;

/**
 * A transient's contents, queue included, with `fix` applied to every entry: on copies of the frozen tree's
 * leaves, and in place on the queue's chunks, which the transient owns and nobody else has seen
 * (table-draft.ts invariant 5). Relocation keeps keys in order (invariant 2), so the leaves go under new
 * inner nodes as they are.
 */
function rebuilt<K, V>(t: Transient<K, V>, fix: Fix<K, V>): BTree<K, V> {
  const { tree, queue } = t.unqueued();
  const leaves: Leaf<K, V>[] = [];
  for (const leaf of tree.leaves()) {
    const keys = copyEntries(leaf.keys);
    const values = copyEntries(leaf.values);
    for (let i = 0; i < keys.length; i++) fix(keys, values, i);
    leaves.push(new Leaf(keys, values, null));
  }
  for (const leaf of queue.takeLeaves()) {
    const { keys, values } = leaf;
    for (let i = 0; i < keys.length; i++) fix(keys, values, i);
    leaves.push(leaf);
  }
  return BTree.fromLeaves(tree.compare, leaves);
}

/** True when the rows (queue included) hold a temporary key, which can only be the last. */
function hasTemporaryRows(rows: Transient<number, Row>): boolean {
  const { tree, queue } = rows.unqueued();
  if (queue.length > 0) return queue.keyAt(queue.length - 1) >= TRANS_POS;
  const last = tree.last();
  return last !== null && last.key >= TRANS_POS;
}

function relocateUpdates(updates: Transient<number, number>, reloc: Relocator): BTree<number, number> {
  return rebuilt(updates, (keys, values, i) => {
    if (keys[i]! >= TRANS_POS) keys[i] = reloc.real(keys[i]!);
    if (values[i]! >= TRANS_POS) values[i] = reloc.real(values[i]!);
  });
}

function relocateIndex(ix: TableIndex, tree: Transient<TreeKey, number>, reloc: Relocator): TableIndex {
  const width = ix.slots.length;
  return withTree(
    ix,
    rebuilt(tree, (keys, values, i) => {
      const rowid = values[i]!;
      if (rowid < TRANS_POS) return;
      const real = reloc.real(rowid);
      values[i] = real;
      const key = keys[i]!;
      if (Array.isArray(key) && key.length > width) {
        // the key ends with the row defpos (table-index.ts invariants 1 and 2)
        const moved: Value[] = (key as IndexKey).slice();
        moved[width] = real;
        keys[i] = moved;
      }
    }),
  );
}

/** The table a draft holds, with its temporary positions relocated (invariant 3). */
function relocateDraft(d: TableDraft, reloc: Relocator, updated: boolean): Table {
  const t = d.schema;
  const inserted = hasTemporaryRows(d.rows);
  const rows = inserted
    ? rebuilt(d.rows, (keys, _values, i) => {
        if (keys[i]! >= TRANS_POS) keys[i] = reloc.real(keys[i]!);
      })
    : d.rows.frozen();
  const trees = d.changedTrees();
  const indexes = t.indexes.map((ix, i) => {
    const tree = trees[i];
    if (tree === undefined) return ix;
    if (!inserted) return withTree(ix, tree.frozen());
    const moved = relocateIndex(ix, tree, reloc);
    shareRowPositions(rows, moved.tree); // both trees are new here (shared-positions.ts invariant 1)
    return moved;
  });
  const versions = d.changedUpdates();
  const updates = versions === null ? t.updates : updated ? relocateUpdates(versions, reloc) : versions.frozen();
  // relocation is monotone (invariant 2), so the rows keep the order the draft's installs found
  return withContents(t, rows, updates, indexes, d.keyOrdered);
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
