/**
 * src/level3-objects/install.ts — applying a log record to a snapshot: one installer per record kind, in an
 * exhaustive table over `RecordType` (a new kind without an installer is a compile error).
 *
 * 1. Replay, commit and a transaction's own changes all go through `applyRecord`, so the committed state is
 *    always exactly what replaying the log would give.
 * 2. Installers trust their input (a transaction has validated it; the log was written by a validated
 *    commit) but assert what would corrupt a snapshot: unknown objects, a duplicate key in a unique index.
 *    A failed assertion is an InternalError; on replay `database-file.ts` reports it as corruption.
 * 3. DML installers write through a `TableDraft` (in place); DDL installers replace whole `Table`s and bump
 *    `schemaVersion`.
 * 4. An Update's field value that is a `DocDelta` is applied to the field's old value here, for replay,
 *    commit and the transaction's own state alike (physical.ts invariant 5); rows never hold a delta.
 * 5. Index keys go through `indexEntryKey` / `sameIndexKey`, which follow document paths for indexes that
 *    have key parts (table-index.ts invariant 6) and take the plain path otherwise.
 * 6. One UPDATE statement's keys are unique at its end, not after each row (`update t set id = id + 1`):
 *    its Update records are written together, so installing them one by one may give a row a unique key
 *    that another row of the statement still holds. The installer then moves the entry to the new row and
 *    notes the old holder as displaced (`TableDraft.displaced`); that row's own Update, later in the same
 *    statement, moves it away without deleting the entry it lost. A draft frozen with a displaced entry
 *    left is an InternalError (state-builder.ts), so a log whose unique keys would clash still fails.
 */
import { assert } from '../common/assert';
import { DocDelta } from '../common/values/document/doc-delta';
import type { DocValue } from '../common/values/document/doc-value';
import type { Row, Value } from '../common/values/value';
import { storedRow } from '../common/values/stored-row';
import { IndexKind, type Delete, type Physical, type Record as PRecord, type Update } from '../level2-physical/physical';
import type { RecordRun } from '../level2-physical/record-run';
import { RecordType } from '../level2-physical/record-type';
import type { DatabaseState } from './database-state';
import { installChange, installCheck, installColumn, installDrop, installIndex, installAlter, installTable, installView } from './install-schema';
import { installTrigger } from './install-trigger';
import { StateBuilder } from './state-builder';
import { installMethod, installType } from './install-type';
import { installProcedure } from './install-routine';
import { installAuthenticate, installGrant, installRevoke, installRole, installUser } from './install-security';
import type { TableDraft } from './table-draft';
import { indexEntryKey, sameIndexKey } from './table-index';

type Installer<T extends RecordType> = (b: StateBuilder, rec: Extract<Physical, { readonly type: T }>) => void;

function notARecord(_b: StateBuilder, rec: never): void {
  assert(false, `record kind ${String((rec as { type: unknown }).type)} cannot be installed`);
}

/** The installer of every record kind (invariant 1). */
const INSTALLERS: { readonly [T in RecordType]: Installer<T> } = {
  [RecordType.EndOfFile]: notARecord,
  [RecordType.PTransaction]: notARecord,
  [RecordType.PTable]: installTable,
  [RecordType.PTableOf]: installTable,
  [RecordType.PColumn]: installColumn,
  [RecordType.Alter]: installAlter,
  [RecordType.Change]: installChange,
  [RecordType.PIndex]: installIndex,
  [RecordType.PIndexPaths]: installIndex,
  [RecordType.PCheck]: installCheck,
  [RecordType.PView]: installView,
  [RecordType.PViewChecked]: installView,
  [RecordType.PTrigger]: installTrigger,
  [RecordType.PType]: installType,
  [RecordType.PMethod]: installMethod,
  [RecordType.PProcedure]: installProcedure,
  [RecordType.Drop]: installDrop,
  [RecordType.Record]: installRecord,
  [RecordType.Update]: installUpdate,
  [RecordType.Delete]: installDelete,
  [RecordType.PUser]: installUser,
  [RecordType.PRole]: installRole,
  [RecordType.Authenticate]: installAuthenticate,
  [RecordType.Grant]: installGrant,
  [RecordType.Revoke]: installRevoke,
};

/** Installs one record into a builder. */
export function applyRecord(b: StateBuilder, rec: Physical): void {
  (INSTALLERS[rec.type] as (b: StateBuilder, rec: Physical) => void)(b, rec);
}

/** The snapshot `state` becomes with `rec` installed (at log end `position`, when given). */
export function install(state: DatabaseState, rec: Physical, position?: number): DatabaseState {
  const b = new StateBuilder(state);
  applyRecord(b, rec);
  return b.snapshot(position);
}

/** A broken invariant (invariant 2); messages are built only on this path, never on the hot one. */
function fail(message: string): never {
  assert(false, message);
}

function draftOf(b: StateBuilder, table: number, what: string): TableDraft {
  const d = b.edit(table);
  if (d === undefined) fail(`${what} names unknown table ${table}`);
  return d;
}

/**
 * Enters `row` in every index of the table; a duplicate key in a unique index is an InternalError. The row's
 * defpos is above every row's, so the rows stay in key order only if its primary key is above every key
 * (table.ts invariant 5; the primary key is the first index).
 */
function indexRow(d: TableDraft, rowid: number, row: Row): void {
  const indexes = d.schema.indexes;
  for (let i = 0; i < indexes.length; i++) {
    const ix = indexes[i]!;
    const tree = d.tree(i);
    const key = indexEntryKey(ix, row, rowid);
    if (tree.append(key, rowid)) continue;
    if (i === 0 && d.keyOrdered && ix.kind === IndexKind.PrimaryKey && !tree.above(key)) d.keyOrdered = false;
    const before = tree.size;
    tree.set(key, rowid);
    if (tree.size === before) fail(`duplicate key in unique index ${ix.name}`);
  }
}

function unindexRow(d: TableDraft, rowid: number, row: Row): void {
  const indexes = d.schema.indexes;
  for (let i = 0; i < indexes.length; i++) {
    const ix = indexes[i]!;
    d.tree(i).delete(indexEntryKey(ix, row, rowid));
  }
}

/** No values: `rowOf` pads a row of NULLs from it. */
const NO_VALUES: readonly Value[] = [];

/** The row a Record's fields make, by slot (state-builder.ts invariant 4: its values when they are the row). */
function rowOf(d: TableDraft, columns: readonly number[], values: readonly Value[]): Row {
  const slots = d.slotsOf(columns);
  if (slots === null) return values;
  const row = storedRow(NO_VALUES, d.schema.slotCount);
  for (let i = 0; i < slots.length; i++) {
    const slot = slots[i]!;
    if (slot < 0) fail(`Record names unknown column ${columns[i]}`);
    row[slot] = values[i]!;
  }
  return row;
}

/** Installs the Record `{ ppos, table, columns, values }` through the table's draft `d`. */
function insertRow(b: StateBuilder, d: TableDraft, table: number, ppos: number, columns: readonly number[], values: readonly Value[]): void {
  const row = rowOf(d, columns, values);
  if (!d.rows.append(ppos, row)) {
    const before = d.rows.size;
    d.rows.set(ppos, row);
    if (d.rows.size === before) fail(`Record ${ppos} is already a row`);
  }
  indexRow(d, ppos, row);
  if (b.effects !== null) b.effect({ kind: 'Row', table, row: ppos, old: null, new: row });
}

function installRecord(b: StateBuilder, rec: PRecord): void {
  insertRow(b, draftOf(b, rec.table, 'Record'), rec.table, rec.ppos, rec.columns, rec.values);
}

/** Installs rows `from` … `to - 1` of a run (the Records they stand for, record-run.ts invariant 1). */
export function applyRun(b: StateBuilder, run: RecordRun, from: number, to: number): void {
  const d = draftOf(b, run.table, 'Record');
  const { rows, columns, first } = run;
  for (let i = from; i < to; i++) insertRow(b, d, run.table, first + i, columns, rows[i]!);
}

function installUpdate(b: StateBuilder, rec: Update): void {
  const d = draftOf(b, rec.table, 'Update');
  const old = d.rows.get(rec.row);
  if (old === undefined) fail(`Update names unknown row ${rec.row}`);
  // a plain copy, not a stored-row.ts literal: a hot row's versions die young (invariant 2 there)
  const row = old.slice();
  const slotCount = d.schema.slotCount;
  for (let i = row.length; i < slotCount; i++) row.push(null);
  const { columns, values } = rec;
  for (let i = 0; i < columns.length; i++) {
    const slot = d.slotOf(columns[i]!);
    if (slot === undefined) fail(`Update names unknown column ${columns[i]}`);
    const v = values[i]!;
    row[slot] = v instanceof DocDelta ? (v.applyTo((row[slot] ?? null) as DocValue) as Value) : v;
  }
  d.rows.set(rec.row, row);
  d.updates.set(rec.row, rec.ppos);
  const indexes = d.schema.indexes;
  for (let i = 0; i < indexes.length; i++) {
    const ix = indexes[i]!;
    if (sameIndexKey(ix, old, row)) continue;
    // a re-keyed row may now sit elsewhere in key order than in defpos order (table.ts invariant 5)
    if (ix.kind === IndexKind.PrimaryKey) d.keyOrdered = false;
    const tree = d.tree(i);
    const oldKey = indexEntryKey(ix, old, rec.row);
    if (d.displaced === null || !d.displaced.delete(`${i}:${rec.row}`)) tree.delete(oldKey);
    const newKey = indexEntryKey(ix, row, rec.row);
    const before = tree.size;
    const holder = ix.unique ? tree.get(newKey) : undefined;
    tree.set(newKey, rec.row);
    if (tree.size !== before) continue;
    if (holder === undefined || holder === rec.row) fail(`duplicate key in unique index ${ix.name}`);
    (d.displaced ??= new Set()).add(`${i}:${holder}`); // invariant 6
  }
  if (b.effects !== null) b.effect({ kind: 'Row', table: rec.table, row: rec.row, old, new: row });
}

function installDelete(b: StateBuilder, rec: Delete): void {
  const d = draftOf(b, rec.table, 'Delete');
  const old = d.rows.get(rec.row);
  if (old === undefined) fail(`Delete names unknown row ${rec.row}`);
  d.rows.delete(rec.row);
  d.updates.delete(rec.row);
  unindexRow(d, rec.row, old);
  if (b.effects !== null) b.effect({ kind: 'Row', table: rec.table, row: rec.row, old, new: null });
}
