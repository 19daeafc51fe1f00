/**
 * src/level3-objects/transaction-dml-batch.ts — `updateRows` and `deleteRows`: the rows one UPDATE statement
 * changes, or one DELETE removes, written together, with unique keys and foreign keys judged at the end of the
 * statement, not row by row.
 *
 * 1. Standard SQL checks constraints at the end of the statement, so `update t set id = id + 1` over ids
 *    1 … n is valid (the final keys are unique) although row 1's new key is row 2's old one. Every new row
 *    is computed first; then, per unique index, the new keys of the rows whose key changes must differ from
 *    each other and from the keys of the rows that keep theirs. A real duplicate is 23505 naming the key, and
 *    nothing is written.
 * 2. Foreign keys too: a new parent key in this table must exist at the end (a row may reference a key that
 *    another row of the batch takes); a key that goes leaves its children orphaned unless the batch moves
 *    those children off it, or (NO ACTION) some row holds the key at the end. RESTRICT refuses at once, as
 *    row by row. CASCADE, SET NULL and SET DEFAULT children are found in the state before the batch, so each
 *    follows its own parent row; they run after all the batch's records.
 * 3. Checks first, then the Update records (in the order given), then the referential actions — the same
 *    order as one `updateRow`, so a failing check adds nothing, and a failing action is undone by the
 *    transaction (`Transaction.updateMany`). The Update records may displace unique entries while they are
 *    installed one by one; the last of them settles every one (install.ts invariant 6).
 * 4. A batch of one row is exactly `updateRow`; rows already gone (a cascade got there first) are skipped.
 * 5. `deleteRows` is the same for the rows one DELETE statement removes: a row that references another row of
 *    the batch is no child of it (it goes too), so deleting a whole tree of a self-referencing table, or every
 *    row of it, is valid under NO ACTION and RESTRICT alike; a child the batch leaves behind is refused (23503)
 *    or acted on (CASCADE, SET NULL, SET DEFAULT) as row by row. Checks first, then the Delete records, then the
 *    actions; a batch of one row is exactly `deleteRow`. A DELETE whose table has row triggers deletes its rows
 *    one at a time (`deleteRow` with `going`, the statement's rows), judged the same way.
 */
import { assert } from '../common/assert';
import { SqlError, SqlState } from '../common/errors';
import { DocDelta } from '../common/values/document/doc-delta';
import type { DocValue } from '../common/values/document/doc-value';
import { compareKeys, type Row, type Value } from '../common/values/value';
import { IndexKind, TRANS_POS, type UpdateValue } from '../level2-physical/physical';
import { RecordType } from '../level2-physical/record-type';
import { checkedKeyValues } from './key-part';
import { columnBySlot } from './table';
import { hasNull, keyValues, lookupKey, sameIndexKey, type IndexKey, type TableIndex } from './table-index';
import type { TableDraft } from './table-draft';
import {
  type Action,
  type BatchView,
  checkNotNull,
  checkParents,
  checkPathKey,
  draftFor,
  referencingRows,
  runActions,
  showKey,
  deleteRecord,
  deleteRow,
  deletion,
  updateRow,
} from './transaction-dml';
import type { TxWork } from './tx-work';

/** One row of the batch: its old and new contents and the Update record's fields. */
interface Change {
  readonly rowid: number;
  readonly old: Row;
  readonly row: Value[];
  readonly columns: number[];
  readonly values: UpdateValue[];
  readonly slots: number[];
}

/** The new keys of one unique index: the rows whose key changes, and their new keys sorted. */
interface IndexEnd {
  readonly movers: ReadonlySet<number>;
  /** new keys without NULLs, sorted by `compareKeys` */
  readonly keys: ReadonlyArray<{ readonly key: IndexKey; readonly rowid: number }>;
}

function newRowOf(d: TableDraft, rowid: number, changes: ReadonlyArray<readonly [number, UpdateValue]>): Change | null {
  const t = d.schema;
  const old = d.rows.get(rowid);
  if (old === undefined) return null;
  const row = old.slice();
  for (let i = row.length; i < t.slotCount; i++) row.push(null);
  const columns: number[] = [];
  const values: UpdateValue[] = [];
  const slots: number[] = [];
  for (const [slot, value] of changes) {
    const col = columnBySlot(t, slot);
    if (col === undefined) assert(false, `slot ${slot} of table ${t.name} holds no live column`);
    row[slot] = value instanceof DocDelta ? (value.applyTo((row[slot] ?? null) as DocValue) as Value) : value;
    columns.push(col.defpos);
    values.push(value);
    slots.push(slot);
  }
  return { rowid, old, row, columns, values, slots };
}

function keyOf(d: TableDraft, ix: TableIndex, row: Row): IndexKey {
  return ix.parts === null ? keyValues(ix.slots, row) : checkedKeyValues(d.schema, ix.name, ix.parts, ix.kind === IndexKind.PrimaryKey, row);
}

/** First position in sorted `keys` whose key is not below `key`. */
function lowerBound(keys: IndexEnd['keys'], key: IndexKey): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (compareKeys(keys[mid]!.key, key) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Checks the batch's unique keys at its end (invariant 1); returns each changed unique index's new keys. */
function checkUniqueAtEnd(d: TableDraft, changes: readonly Change[]): Map<number, IndexEnd> {
  const ends = new Map<number, IndexEnd>();
  const indexes = d.schema.indexes;
  for (let i = 0; i < indexes.length; i++) {
    const ix = indexes[i]!;
    if (!ix.unique) {
      if (ix.parts !== null) for (const c of changes) checkPathKey(d, i, ix, c.row, c.rowid, c.old);
      continue;
    }
    const movers = new Set<number>();
    const keys: Array<{ key: IndexKey; rowid: number }> = [];
    for (const c of changes) {
      if (sameIndexKey(ix, c.old, c.row)) continue;
      movers.add(c.rowid);
      const key = keyOf(d, ix, c.row);
      if (!hasNull(key)) keys.push({ key, rowid: c.rowid });
    }
    if (movers.size === 0) continue;
    keys.sort((a, b) => compareKeys(a.key, b.key));
    const tree = d.tree(i);
    for (let k = 0; k < keys.length; k++) {
      const { key, rowid } = keys[k]!;
      const twice = k > 0 && compareKeys(keys[k - 1]!.key, key) === 0;
      const holder = twice ? undefined : tree.get(lookupKey(key));
      if (twice || (holder !== undefined && holder !== rowid && !movers.has(holder))) {
        throw SqlError.of(SqlState.UniqueViolation, [ix.name], { detail: `${showKey(d.schema, ix, key)} already exists.` });
      }
    }
    ends.set(ix.defpos, { movers, keys });
  }
  return ends;
}

/** The batch as the foreign-key rules see it (invariant 2). */
function batchView(d: TableDraft, changes: readonly Change[], ends: ReadonlyMap<number, IndexEnd>): BatchView {
  const byRow = new Map<number, Change>();
  for (const c of changes) byRow.set(c.rowid, c);
  return {
    holdsAtEnd(ix: TableIndex, key: IndexKey): boolean {
      const i = d.schema.indexes.findIndex((x) => x.defpos === ix.defpos);
      const end = ends.get(ix.defpos);
      if (end !== undefined) {
        const at = lowerBound(end.keys, key);
        if (at < end.keys.length && compareKeys(end.keys[at]!.key, key) === 0) return true;
      }
      const holder = i < 0 ? undefined : d.tree(i).get(lookupKey(key));
      return holder !== undefined && (end === undefined || !end.movers.has(holder));
    },
    newRow(table: number, rowid: number): Row | undefined {
      return table === d.schema.defpos ? byRow.get(rowid)?.row : undefined;
    },
    deletes: () => false,
  };
}

/** Changes many rows of one table as one statement (see the file header); returns how many were still there. */
export function updateRows(
  w: TxWork,
  table: number,
  updates: ReadonlyArray<readonly [rowid: number, changes: ReadonlyArray<readonly [number, UpdateValue]>]>,
): number {
  if (updates.length === 1) return updateRow(w, table, updates[0]![0], updates[0]![1]) ? 1 : 0;
  const d = draftFor(w, table);
  const t = d.schema;
  const changes: Change[] = [];
  for (const [rowid, ch] of updates) {
    const c = newRowOf(d, rowid, ch);
    if (c === null) continue;
    checkNotNull(t, c.row, c.slots);
    changes.push(c);
  }
  const ends = checkUniqueAtEnd(d, changes);
  const batch = batchView(d, changes, ends);
  const actions: Action[] = [];
  for (const c of changes) {
    checkParents(w, d, c.row, c.old, batch);
    actions.push(...referencingRows(w, d, c.rowid, c.old, c.row, batch));
  }
  for (const c of changes) {
    const prev = d.updates.get(c.rowid) ?? c.rowid;
    if (c.rowid < TRANS_POS) w.reads.addWrite(table, c.rowid);
    else w.reads.wroteTable(table);
    w.add({ type: RecordType.Update, ppos: w.nextPosition(), table, row: c.rowid, prev, columns: c.columns, values: c.values });
  }
  runActions(w, actions);
  return changes.length;
}

/** Deletes many rows of one table as one statement (invariant 5); returns how many were still there. */
export function deleteRows(w: TxWork, table: number, rowids: readonly number[]): number {
  if (rowids.length === 1) return deleteRow(w, table, rowids[0]!) ? 1 : 0;
  return deleteAcross(w, new Map([[table, rowids]]));
}

/**
 * Deletes rows of several tables as one statement (TRUNCATE of tables that reference each other): a row that
 * references a row going in any of them is no child of it (invariant 5); returns how many rows went.
 */
export function deleteAcross(w: TxWork, rowsByTable: ReadonlyMap<number, readonly number[]>): number {
  const gone: Array<{ readonly table: number; readonly d: TableDraft; readonly rowid: number; readonly old: Row }> = [];
  const going = new Map<number, Set<number>>();
  for (const [table, rowids] of rowsByTable) {
    const d = draftFor(w, table);
    const set = new Set<number>();
    going.set(table, set);
    for (const rowid of rowids) {
      const old = d.rows.get(rowid);
      if (old === undefined || set.has(rowid)) continue;
      gone.push({ table, d, rowid, old });
      set.add(rowid);
    }
  }
  const batch = deletion((t, r) => going.get(t)?.has(r) === true);
  const actions: Action[] = [];
  for (const g of gone) actions.push(...referencingRows(w, g.d, g.rowid, g.old, null, batch));
  for (const g of gone) deleteRecord(w, g.table, g.rowid);
  runActions(w, actions);
  return gone.length;
}
