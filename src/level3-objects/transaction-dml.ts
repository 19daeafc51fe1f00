/**
 * src/level3-objects/transaction-dml.ts — insert, update and delete for a `Transaction`: the constraint
 * checks (NOT NULL, unique, foreign keys both ways), the referential actions, and the records they add.
 *
 * 1. Every check of an operation runs before its record is added (`TxWork.add`), so a failing operation
 *    leaves nothing behind; referential actions (CASCADE, SET NULL, SET DEFAULT) run after the parent's
 *    record and the transaction undoes them as a whole if one fails (`Transaction.dml`). A row an action
 *    changes is completed and checked by Level 4's rules (row-rules.ts: DEFAULT values, CHECK, generated
 *    columns) before its own keys are checked; its own children act in turn (chains, self-references).
 * 2. Scanning the referencing keys before a parent row goes is recorded as a range read, so a concurrent
 *    new child conflicts at commit. Unique-key and parent lookups record nothing: the commit-time rules
 *    find those conflicts in the transaction's local state instead (`conflicts.ts` rules 1 and 2), which
 *    keeps a bulk insert from growing its read set by a key per row.
 * 3. Primary-key columns are NOT NULL whether or not their column says so. NULL keys are never checked
 *    for uniqueness and never need a parent (MATCH SIMPLE).
 * 4. Updating or deleting a row that is already gone (a cascade got there first) does nothing and
 *    returns false.
 * 5. Key parts on document paths are checked for every index that has them (22D05 / 22D06, key-part.ts),
 *    unique or not, on the row as it will be stored: an update's `DocDelta` is applied to the old value
 *    first, and every check sees the resulting document; the record keeps the delta.
 * 6. Updates with the same columns share one `columns` array (records never change theirs), so a run of
 *    updates of one column keeps no array per record for it until commit.
 */
import { assert } from '../common/assert';
import type { BTree } from '../common/tree/btree';
import { SqlError, SqlState } from '../common/errors';
import { DocDelta } from '../common/values/document/doc-delta';
import type { DocValue } from '../common/values/document/doc-value';
import { compareKeys, type Row, type Value } from '../common/values/value';
import { IndexKind, RefAction, TRANS_POS, type UpdateValue } from '../level2-physical/physical';
import { RecordType } from '../level2-physical/record-type';
import type { TableDraft } from './table-draft';
import type { TableColumn } from './table-column';
import { checkedKeyValues, partText, type KeyPart } from './key-part';
import { hasNull, keyValues, lookupKey, rowsWithPrefix, sameKey, type IndexKey, type TableIndex, type TreeKey } from './table-index';
import { columnByDefpos, columnBySlot, indexPosition, type Table } from './table';
import type { TxWork } from './tx-work';

/** A value as an error detail shows it. */
export function showValue(v: Value): string {
  if (v === null) return 'NULL';
  if (v instanceof Date) return v.toISOString();
  if (v instanceof Uint8Array) return `X'${Buffer.from(v).toString('hex')}'`;
  if (typeof v === 'object' && !('toFixed' in v)) return JSON.stringify(v);
  return String(v);
}

/** `Key (A, B)=(1, 2)`, as error details show a key. */
export function showKey(t: Table, ix: TableIndex, key: IndexKey): string {
  const names = ix.parts !== null ? ix.parts.map((p) => partText(t, p)) : ix.columns.map((c) => columnByDefpos(t, c)?.name ?? String(c));
  return `Key (${names.join(', ')})=(${key.map(showValue).join(', ')})`;
}

/** The draft of a table the caller named, or UndefinedTable. */
export function draftFor(w: TxWork, table: number): TableDraft {
  const d = w.local.peek(table);
  if (d === undefined) throw SqlError.of(SqlState.UndefinedTable, [String(table)]);
  return d;
}

/** The draft holding an index and the index's position in it. */
function indexHome(w: TxWork, index: number): { d: TableDraft; i: number } {
  const owner = w.local.current.owners.get(index);
  const d = owner === undefined ? undefined : w.local.peek(owner);
  const i = d === undefined ? -1 : indexPosition(d.schema, index);
  if (d === undefined || i < 0) throw SqlError.of(SqlState.UndefinedObject, [`index ${index}`]);
  return { d, i };
}

/** NOT NULL (and primary-key) columns must have values; `slots` limits the check to the columns changed.
 *  Returns whether any live column of the row is NULL. */
export function checkNotNull(t: Table, row: Row, slots: readonly number[] | null = null): boolean {
  let nulls = false;
  for (const c of t.columns) {
    if ((row[c.slot] ?? null) !== null) continue;
    nulls = true;
    const pk = t.primaryKey !== null && t.primaryKey.slots.includes(c.slot);
    if ((c.notNull || pk) && (slots === null || slots.includes(c.slot))) {
      throw SqlError.of(SqlState.NotNullViolation, [c.name], { detail: `Table ${t.name} requires a value in ${c.name}.` });
    }
  }
  return nulls;
}

/** A key array to look keys up with, one per key width (never stored in a tree). */
const PROBES: Value[][] = [];

function probeKey(slots: readonly number[], row: Row): Value[] {
  const n = slots.length;
  const key = (PROBES[n] ??= new Array<Value>(n));
  for (let i = 0; i < n; i++) key[i] = row[slots[i]!] ?? null;
  return key;
}

/** True when the row keeps every column a path index keys on (so it keeps its valid key). */
function sameColumns(parts: readonly KeyPart[], old: Row, row: Row): boolean {
  for (const p of parts) if ((old[p.slot] ?? null) !== (row[p.slot] ?? null)) return false;
  return true;
}

/** A path index's key of `row` must be valid (invariant 5) and, in a unique index, free. */
export function checkPathKey(d: TableDraft, i: number, ix: TableIndex, row: Row, rowid: number, old: Row | null): void {
  const parts = ix.parts!;
  if (old !== null && sameColumns(parts, old, row)) return;
  const key = checkedKeyValues(d.schema, ix.name, parts, ix.kind === IndexKind.PrimaryKey, row);
  if (!ix.unique || hasNull(key)) return;
  const found = d.tree(i).get(lookupKey(key));
  if (found !== undefined && found !== rowid) {
    throw SqlError.of(SqlState.UniqueViolation, [ix.name], { detail: `${showKey(d.schema, ix, key)} already exists.` });
  }
}

/** Unique keys of `row` that changed from `old` (all of them when old is null) must be free; keys on
 *  document paths must be valid (invariant 5). */
function checkUnique(w: TxWork, d: TableDraft, row: Row, rowid: number, old: Row | null): void {
  const indexes = d.schema.indexes;
  for (let i = 0; i < indexes.length; i++) {
    const ix = indexes[i]!;
    if (ix.parts !== null) {
      checkPathKey(d, i, ix, row, rowid, old);
      continue;
    }
    if (!ix.unique || (old !== null && sameKey(ix.slots, old, row))) continue;
    const slots = ix.slots;
    // a one-column key is looked up as its value, as its tree stores it (table-index.ts invariant 5)
    const key: TreeKey = slots.length === 1 ? (row[slots[0]!] ?? null) : probeKey(slots, row);
    if (key === null || (slots.length > 1 && hasNull(key as IndexKey))) continue;
    const found = d.tree(i).get(key);
    if (found !== undefined && found !== rowid) {
      const shown = showKey(d.schema, ix, keyValues(slots, row));
      throw SqlError.of(SqlState.UniqueViolation, [ix.name], { detail: `${shown} already exists.` });
    }
  }
}

/**
 * What an UPDATE of many rows at once (transaction-dml-batch.ts) tells the foreign-key rules, which then judge
 * the state at the end of the statement rather than row by row.
 */
export interface BatchView {
  /** true when some row holds `key` in the unique index `ix` (of the batch's table) once the batch is done */
  holdsAtEnd(ix: TableIndex, key: IndexKey): boolean;
  /** the new row of a row of `table` that the batch changes, or undefined */
  newRow(table: number, rowid: number): Row | undefined;
  /** true when the batch deletes row `rowid` of `table` */
  deletes(table: number, rowid: number): boolean;
}

/** The rows one DELETE (or TRUNCATE) statement removes, as the foreign-key rules see them: no child of a row
 *  that goes is one that goes too (transaction-dml-batch.ts invariant 5); a unique key that goes is held by no
 *  other row. */
export function deletion(deletes: (table: number, rowid: number) => boolean): BatchView {
  return { holdsAtEnd: () => false, newRow: () => undefined, deletes };
}

/** Foreign keys of `row` that changed from `old` (all when old is null) must name an existing parent; a
 *  parent in the table a batch changes must exist at the batch's end. */
export function checkParents(w: TxWork, d: TableDraft, row: Row, old: Row | null, batch: BatchView | null = null): void {
  for (const ix of d.schema.indexes) {
    if (ix.kind !== IndexKind.ForeignKey || (old !== null && sameKey(ix.slots, old, row))) continue;
    const key = keyValues(ix.slots, row);
    if (hasNull(key)) continue;
    const parent = indexHome(w, ix.refIndex);
    const pix = parent.d.schema.indexes[parent.i]!;
    if (batch !== null && pix.table === d.schema.defpos) {
      if (batch.holdsAtEnd(pix, key)) continue;
    } else {
      if (parent.d.tree(parent.i).get(key) !== undefined) continue;
      if (pix.table === ix.table && sameKeyAcross(pix.slots, row, key)) continue; // the row references itself
    }
    throw SqlError.of(SqlState.ForeignKeyViolation, [`insert or update on table ${d.schema.name}`, ix.name], {
      detail: `${showKey(d.schema, ix, key)} is not present in table ${parent.d.schema.name}.`,
    });
  }
}

function sameKeyAcross(slots: readonly number[], row: Row, key: IndexKey): boolean {
  const own = keyValues(slots, row);
  return !hasNull(own) && compareKeys(own, key) === 0;
}

/** A referential action to run after the parent's record: children of `fk` to delete or change. */
export interface Action {
  readonly fk: TableIndex;
  readonly children: readonly number[];
  readonly action: RefAction;
  readonly newKey: IndexKey | null;
}

/**
 * Finds the rows referencing the keys of `old` that change (or go, when `row` is null); checks RESTRICT. In a
 * batch, a child the batch itself moves off the key, or deletes, is no child, and NO ACTION is judged at the
 * batch's end: a key some row still holds then (a shift) leaves its children valid.
 */
export function referencingRows(w: TxWork, d: TableDraft, rowid: number, old: Row, row: Row | null, batch: BatchView | null = null): readonly Action[] {
  const indexes = d.schema.indexes;
  // most tables are referenced by no foreign key: then there is nothing to find, and no list is made
  let actions: Action[] | null = null;
  let refs: BTree<number, readonly number[]> | null = null;
  for (const ix of indexes) {
    if (!ix.unique) continue;
    refs ??= w.local.current.references;
    if (refs.size === 0) break;
    const fks = refs.get(ix.defpos);
    if (fks === undefined || (row !== null && sameKey(ix.slots, old, row))) continue;
    const key = keyValues(ix.slots, old);
    if (hasNull(key)) continue;
    for (const fkpos of fks) {
      const child = indexHome(w, fkpos);
      const fk = child.d.schema.indexes[child.i]!;
      w.reads.addRange(fk.defpos, key, key);
      // the row itself is not its own child once it is gone or no longer references the old key
      const selfLeaves = row === null || (fk.table === d.schema.defpos && compareKeys(keyValues(fk.slots, row), key) !== 0);
      const leaves = (r: number): boolean => {
        if (batch === null) return r === rowid && selfLeaves;
        if (batch.deletes(fk.table, r)) return true;
        const moved = batch.newRow(fk.table, r);
        return moved !== undefined && compareKeys(keyValues(fk.slots, moved), key) !== 0;
      };
      const children = rowsWithPrefix(child.d.indexTree(child.i), key).filter((r) => !leaves(r));
      if (children.length === 0) continue;
      const action = row === null ? fk.onDelete : fk.onUpdate;
      if (action === RefAction.NoAction && batch !== null && batch.holdsAtEnd(ix, key)) continue;
      if (action === RefAction.Restrict || action === RefAction.NoAction) {
        throw SqlError.of(SqlState.ForeignKeyViolation, [`update or delete on table ${d.schema.name}`, fk.name], {
          detail: `${showKey(d.schema, ix, key)} is still referenced from table ${child.d.schema.name}.`,
        });
      }
      if (action === RefAction.SetDefault && w.rules === null) {
        throw SqlError.of(SqlState.FeatureNotSupported, [`ON ${row === null ? 'DELETE' : 'UPDATE'} SET DEFAULT (${fk.name}) without row rules`]);
      }
      (actions ??= []).push({ fk, children, action, newKey: row === null ? null : keyValues(ix.slots, row) });
    }
  }
  return actions ?? NO_ACTIONS;
}

const NO_ACTIONS: readonly Action[] = Object.freeze([]);

export function runActions(w: TxWork, actions: readonly Action[]): void {
  if (actions.length === 0) return;
  const told = w.rules?.actionChanged === undefined ? null : w.rules;
  for (const a of actions) {
    for (const child of a.children) {
      const old = told === null ? undefined : draftFor(w, a.fk.table).rows.get(child);
      if (a.action === RefAction.Cascade && a.newKey === null) {
        const gone = draftFor(w, a.fk.table).rows.get(child);
        if (gone !== undefined && w.rules?.beforeActionDelete !== undefined) w.rules.beforeActionDelete(draftFor(w, a.fk.table).schema, gone);
        if (deleteRow(w, a.fk.table, child) && old !== undefined) told!.actionChanged!(draftFor(w, a.fk.table).schema, old, null, null);
        continue;
      }
      const done = updateRow(w, a.fk.table, child, a.fk.slots.map((s, i) => [s, actionValue(w, a, s, i)] as const), true);
      if (done && old !== undefined) {
        const d = draftFor(w, a.fk.table);
        told!.actionChanged!(d.schema, old, d.rows.get(child) ?? null, a.fk.slots);
      }
    }
  }
}

/** The value an action gives key column `i` (at `slot`) of a child: the new key, NULL, or the DEFAULT. */
function actionValue(w: TxWork, a: Action, slot: number, i: number): Value {
  switch (a.action) {
    case RefAction.Cascade:
      return a.newKey![i] ?? null;
    case RefAction.SetNull:
      return null;
    default: {
      const d = draftFor(w, a.fk.table);
      return w.rules!.defaultValue(d.schema, columnBySlot(d.schema, slot)!);
    }
  }
}

/** Column defposes of a table's live columns in slot order, when they fill slots 0 … slotCount-1 exactly. */
const FULL_COLUMNS = new WeakMap<readonly TableColumn[], readonly number[] | null>();

function fullColumns(t: Table): readonly number[] | null {
  let cols = FULL_COLUMNS.get(t.columns);
  if (cols === undefined) {
    const bySlot = new Array<number>(t.slotCount).fill(-1);
    for (const c of t.columns) bySlot[c.slot] = c.defpos;
    cols = bySlot.includes(-1) ? null : bySlot;
    FULL_COLUMNS.set(t.columns, cols);
  }
  return cols;
}

/** Inserts a full row (by slot) into a table; returns its (temp) defpos. A row without NULLs in a table
 *  without dead slots becomes the record's values as it is, with a columns array shared by every such row
 *  (state-builder.ts invariant 4); otherwise the fields omit NULLs. */
export function insertRow(w: TxWork, table: number, row: Value[]): number {
  const d = draftFor(w, table);
  const t = d.schema;
  if (row.length > t.slotCount) assert(false, `a row of ${row.length} values for table ${t.name} of ${t.slotCount} slots`);
  const nulls = checkNotNull(t, row);
  const rowid = w.nextPosition();
  checkUnique(w, d, row, rowid, null);
  checkParents(w, d, row, null);
  const full = nulls ? null : fullColumns(t);
  w.reads.wroteTable(table);
  if (full !== null && row.length === full.length) {
    w.addRow(table, full, row, rowid);
    return rowid;
  }
  const columns: number[] = [];
  const values: Value[] = [];
  for (const c of t.columns) {
    const v = row[c.slot] ?? null;
    if (v === null) continue;
    columns.push(c.defpos);
    values.push(v);
  }
  w.add({ type: RecordType.Record, ppos: rowid, table, columns, values });
  return rowid;
}

/** Changes some slots of a row; returns false when the row is gone (invariant 4). A change's value may be a
 *  `DocDelta`, applied to the slot's old value (invariant 5). */
export function updateRow(
  w: TxWork,
  table: number,
  rowid: number,
  changes: ReadonlyArray<readonly [number, UpdateValue]>,
  byAction = false,
): boolean {
  const d = draftFor(w, table);
  const t = d.schema;
  const old = d.rows.get(rowid);
  if (old === undefined) return false;
  const row = old.slice();
  for (let i = row.length; i < t.slotCount; i++) row.push(null);
  const n = changes.length;
  const columns = new Array<number>(n);
  const values = new Array<UpdateValue>(n);
  const slots = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const change = changes[i]!;
    const slot = change[0];
    const value = change[1];
    const col = columnBySlot(t, slot);
    if (col === undefined) assert(false, `slot ${slot} of table ${t.name} holds no live column`);
    row[slot] = value instanceof DocDelta ? (value.applyTo((row[slot] ?? null) as DocValue) as Value) : value;
    columns[i] = col.defpos;
    values[i] = value;
    slots[i] = slot;
  }
  if (byAction && w.rules !== null) {
    // a row an action changed is completed and checked by Level 4's rules (row-rules.ts)
    for (const [slot, value] of w.rules.completeRow(t, row, [...slots], old)) {
      const at = slots.indexOf(slot);
      row[slot] = value;
      if (at >= 0) values[at] = value;
      else {
        columns.push(columnBySlot(t, slot)!.defpos);
        values.push(value);
        slots.push(slot);
      }
    }
  }
  checkNotNull(t, row, slots);
  checkUnique(w, d, row, rowid, old);
  // an action's row needs its parents even when its key did not change (SET DEFAULT to the key that went)
  checkParents(w, d, row, byAction ? null : old);
  const actions = referencingRows(w, d, rowid, old, row);
  const prev = d.updates.get(rowid) ?? rowid;
  if (rowid < TRANS_POS) w.reads.addWrite(table, rowid);
  else w.reads.wroteTable(table);
  w.add({ type: RecordType.Update, ppos: w.nextPosition(), table, row: rowid, prev, columns: sharedColumns(columns), values });
  runActions(w, actions);
  return true;
}

/** The columns array of the last Update made (invariant 6). */
let lastColumns: readonly number[] = [];

/** `columns`, or the last Update's array when it holds the same columns (invariant 6). */
function sharedColumns(columns: readonly number[]): readonly number[] {
  const last = lastColumns;
  const n = columns.length;
  if (n === last.length) {
    let same = true;
    for (let i = 0; i < n; i++) {
      if (columns[i] !== last[i]) {
        same = false;
        break;
      }
    }
    if (same) return last;
  }
  lastColumns = columns;
  return columns;
}

/** Deletes a row; returns false when it is already gone (invariant 4). */
export function deleteRow(w: TxWork, table: number, rowid: number, going: ReadonlySet<number> | null = null): boolean {
  const d = draftFor(w, table);
  const old = d.rows.get(rowid);
  if (old === undefined) return false;
  const actions = referencingRows(w, d, rowid, old, null, going === null ? null : deletion((t, r) => t === table && going.has(r)));
  deleteRecord(w, table, rowid);
  runActions(w, actions);
  return true;
}

/** Logs the write of `rowid` in the read set and adds its Delete record (the checks done). */
export function deleteRecord(w: TxWork, table: number, rowid: number): void {
  if (rowid < TRANS_POS) w.reads.addWrite(table, rowid);
  else w.reads.wroteTable(table);
  w.add({ type: RecordType.Delete, ppos: w.nextPosition(), table, row: rowid });
}
