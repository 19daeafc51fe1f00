/**
 * src/level3-objects/install-schema.ts — the installers of the DDL records (PTable, PColumn, Alter, Change,
 * PIndex, PCheck, Drop), used by the table in `install.ts`.
 *
 * 1. Each replaces whole `Table` objects and the catalogs they appear in (names, owners, references) and
 *    bumps `schemaVersion` (DDL is rare; clarity beats speed here).
 * 2. A Drop of a table removes its columns, indexes and checks from every catalog; a Drop of a column
 *    expects the transaction to have dropped the indexes and checks on it first (asserted).
 * 3. Effects name the tables a record touches (for an FK index also the referenced table) and the catalog
 *    names it creates, as `table NAME` / `index NAME` (a view's name is `table NAME` too: one namespace).
 * 4. A PView that replaces a view removes the old one and moves every dependent view's `uses` entry to the
 *    new defpos; a Drop of a view expects the transaction to have dropped the views that read it (asserted).
 * 5. A primary key's PIndex computes the table's `keyOrdered` (table.ts invariant 5) from its tree; a Drop of
 *    the primary key sets it (no key, no other order).
 * 6. An Alter that changes a column's type builds the trees of the indexes over it again from the rows (and the
 *    table's `keyOrdered` from its primary key's): the Updates before it re-keyed only the rows whose values
 *    changed order, and a value equal in order but of another kind (4622 becoming NUMERIC 4622.00) kept its old
 *    key, which a checkpoint, built from the rows, would not. So replay, a live transaction and a checkpoint's
 *    load agree key for key.
 */
import { assert } from '../common/assert';
import { BTree } from '../common/tree/btree';
import { typeToSql } from '../common/values/sql-type';
import type { Alter, Change, Drop, PCheck, PColumn, PIndex, PIndexPaths, PTable, PTableOf, PView } from '../level2-physical/physical';
import { IndexKind } from '../level2-physical/physical';
import type { StateBuilder } from './state-builder';
import { alterColumn, columnFromRecord, columnNamed, compareColumns, type TableColumn } from './table-column';
import type { KeyPart } from './key-part';
import {
  compareIndexKeys,
  entryKey,
  indexFromRecord,
  withName,
  withTree,
  isUniqueKind,
  pathEntryKey,
  keyPartsOf,
  type TreeKey,
  type TableIndex,
} from './table-index';
import { checkByDefpos, columnByDefpos, emptyTable, indexPosition, tableCheck, tableWith, type Table } from './table';
import { viewFromRecord } from './view';
import { dropTrigger } from './install-trigger';
import { dropType } from './install-type';
import { dropRoutine } from './install-routine';
import { dropSecurityObject } from './install-security';

function tableOf(b: StateBuilder, defpos: number, what: string): Table {
  const t = b.table(defpos);
  assert(t !== undefined, `${what} names unknown table ${defpos}`);
  return t;
}

function ownerOf(b: StateBuilder, defpos: number, what: string): Table {
  const owner = b.current.owners.get(defpos);
  assert(owner !== undefined, `${what} names unknown object ${defpos}`);
  return tableOf(b, owner, what);
}

function schemaEffect(b: StateBuilder, tables: readonly number[], names: readonly string[]): void {
  b.schemaChanged();
  b.effect({ kind: 'Schema', tables, names });
}

/** Installs PTable, and PTableOf: a table that keeps its structured type's defpos as `ofType`. */
export function installTable(b: StateBuilder, rec: PTable | PTableOf): void {
  const cat = b.catalog;
  assert(cat.tables.get(rec.ppos) === undefined, `PTable ${rec.ppos} is already defined`);
  assert(cat.tableNames.get(rec.name) === undefined, `table name ${rec.name} is already taken`);
  const ofType = 'udType' in rec ? rec.udType : -1;
  assert(ofType === -1 || cat.types.get(ofType) !== undefined, `PTableOf ${rec.ppos} names unknown type ${ofType}`);
  b.putTable(emptyTable(rec.ppos, rec.name, ofType));
  cat.tableNames = cat.tableNames.set(rec.name, rec.ppos);
  schemaEffect(b, [rec.ppos], [`table ${rec.name}`]);
}

export function installColumn(b: StateBuilder, rec: PColumn): void {
  const t = tableOf(b, rec.table, 'PColumn');
  const col = columnFromRecord(rec, t.slotCount);
  const columns = [...t.columns, col].sort(compareColumns);
  b.putTable(tableWith(t, { columns, slotCount: t.slotCount + 1 }));
  const cat = b.catalog;
  cat.owners = cat.owners.set(rec.ppos, t.defpos);
  schemaEffect(b, [t.defpos], []);
}

export function installAlter(b: StateBuilder, rec: Alter): void {
  const t = ownerOf(b, rec.column, 'Alter');
  const old = columnByDefpos(t, rec.column);
  assert(old !== undefined, `Alter names unknown column ${rec.column}`);
  const columns = t.columns.map((c) => (c === old ? alterColumn(c, rec) : c)).sort(compareColumns);
  if (typeToSql(old.type) === typeToSql(rec.dataType) || !t.indexes.some((ix) => ix.columns.includes(rec.column))) {
    b.putTable(tableWith(t, { columns }));
  } else {
    // invariant 6: the indexes over a column whose type changed are built again from its rows
    const indexes = t.indexes.map((ix) => (ix.columns.includes(rec.column) ? withTree(ix, buildIndexTree(t, ix.unique, ix.slots, ix.parts, ix.name)) : ix));
    const pk = t.primaryKey === null ? null : indexes[indexPosition(t, t.primaryKey.defpos)]!;
    const keyOrdered = pk === null || rowsInOrder(pk.tree);
    b.putTable(tableWith(t, { columns, indexes, primaryKey: pk, keyOrdered }));
  }
  schemaEffect(b, [t.defpos], []);
}

/** `list` with the one named by `target` renamed by `rename` (a literal of its kind, not a spread: decision 0038). */
function renamed<T extends { readonly defpos: number }>(list: readonly T[], target: number, rename: (x: T) => T): T[] {
  return list.map((x) => (x.defpos === target ? rename(x) : x));
}

export function installChange(b: StateBuilder, rec: Change): void {
  const cat = b.catalog;
  const table = cat.tables.get(rec.target);
  if (table !== undefined) {
    const t = tableOf(b, rec.target, 'Change');
    b.putTable(tableWith(t, { name: rec.name }));
    cat.tableNames = cat.tableNames.delete(t.name).set(rec.name, t.defpos);
    schemaEffect(b, [t.defpos], [`table ${rec.name}`]);
    return;
  }
  const t = ownerOf(b, rec.target, 'Change');
  const i = indexPosition(t, rec.target);
  if (i >= 0) {
    const indexes = renamed(t.indexes, rec.target, (x) => withName(x, rec.name));
    const pk = t.primaryKey === null ? null : indexes[indexPosition(t, t.primaryKey.defpos)]!;
    b.putTable(tableWith(t, { indexes, primaryKey: pk }));
    cat.indexNames = cat.indexNames.delete(t.indexes[i]!.name).set(rec.name, rec.target);
    schemaEffect(b, [t.defpos], [`index ${rec.name}`]);
  } else if (checkByDefpos(t, rec.target) !== undefined) {
    b.putTable(tableWith(t, { checks: renamed(t.checks, rec.target, (c) => tableCheck(c.defpos, c.table, c.column, rec.name, c.sql)) }));
    schemaEffect(b, [t.defpos], []);
  } else {
    assert(columnByDefpos(t, rec.target) !== undefined, `Change names unknown object ${rec.target}`);
    b.putTable(tableWith(t, { columns: renamed(t.columns, rec.target, (c) => columnNamed(c, rec.name)) }));
    schemaEffect(b, [t.defpos], []);
  }
}

/**
 * The tree of an index over every row of `t` (invariant 2 of install.ts: duplicates are asserted), built
 * bottom-up from the entries in key order, each key allocated in that order: the keys a search compares
 * lie together in memory, as a checkpoint's load leaves them (checkpoint.ts), not in the rows' order.
 */
export function buildIndexTree(
  t: Table,
  unique: boolean,
  slots: readonly number[],
  parts: readonly KeyPart[] | null,
  name: string,
): BTree<TreeKey, number> {
  const shape = { name, slots, parts };
  const keys: TreeKey[] = [];
  const rowids: number[] = [];
  for (const [rowid, row] of t.rows) {
    keys.push(parts === null ? entryKey(unique, slots, row, rowid) : pathEntryKey(shape, unique, row, rowid));
    rowids.push(rowid);
  }
  const order = keys.map((_, i) => i).sort((a, b) => compareIndexKeys(keys[a]!, keys[b]!));
  const entries = new Array<[TreeKey, number]>(order.length);
  for (let i = 0; i < order.length; i++) {
    const key = keys[order[i]!]!;
    if (i > 0 && compareIndexKeys(entries[i - 1]![0], key) === 0) assert(false, `duplicate key in unique index ${name}`);
    entries[i] = [Array.isArray(key) ? key.slice() : key, rowids[order[i]!]!];
  }
  return BTree.fromSorted(compareIndexKeys, entries);
}

/** True when a key tree's rows, read in key order, have ascending defposes (table.ts invariant 5). */
function rowsInOrder(tree: BTree<TreeKey, number>): boolean {
  let last = -1;
  for (const rowid of tree.values()) {
    if (rowid < last) return false;
    last = rowid;
  }
  return true;
}

export function installIndex(b: StateBuilder, rec: PIndex | PIndexPaths): void {
  const t = tableOf(b, rec.table, 'PIndex');
  const slots = rec.columns.map((c) => {
    const col = columnByDefpos(t, c);
    assert(col !== undefined, `PIndex names unknown column ${c}`);
    return col.slot;
  });
  const parts = keyPartsOf(rec, slots);
  const ix = indexFromRecord(rec, slots, parts, buildIndexTree(t, isUniqueKind(rec.kind), slots, parts, rec.name));
  const pk = rec.kind === IndexKind.PrimaryKey;
  assert(!pk || t.primaryKey === null, `table ${t.name} already has a primary key`);
  const indexes = pk ? [ix, ...t.indexes] : [...t.indexes, ix];
  b.putTable(tableWith(t, { indexes, primaryKey: pk ? ix : t.primaryKey, keyOrdered: pk ? rowsInOrder(ix.tree) : t.keyOrdered }));
  const cat = b.catalog;
  assert(cat.indexNames.get(rec.name) === undefined, `index name ${rec.name} is already taken`);
  cat.indexNames = cat.indexNames.set(rec.name, rec.ppos);
  cat.owners = cat.owners.set(rec.ppos, t.defpos);
  const tables = [t.defpos];
  if (rec.kind === IndexKind.ForeignKey) {
    const parent = cat.owners.get(rec.refIndex);
    assert(parent !== undefined, `foreign key ${rec.name} references unknown index ${rec.refIndex}`);
    cat.references = cat.references.set(rec.refIndex, [...(cat.references.get(rec.refIndex) ?? []), rec.ppos]);
    if (parent !== t.defpos) tables.push(parent);
  }
  schemaEffect(b, tables, [`index ${rec.name}`]);
}

export function installCheck(b: StateBuilder, rec: PCheck): void {
  const t = tableOf(b, rec.table, 'PCheck');
  const check = tableCheck(rec.ppos, rec.table, rec.column, rec.name, rec.sql);
  b.putTable(tableWith(t, { checks: [...t.checks, check] }));
  const cat = b.catalog;
  cat.owners = cat.owners.set(rec.ppos, t.defpos);
  schemaEffect(b, [t.defpos], []);
}

/** Removes an index from the name, owner and reference catalogs; returns the tables it concerned. */
function forgetIndex(b: StateBuilder, ix: TableIndex): number[] {
  const cat = b.catalog;
  cat.indexNames = cat.indexNames.delete(ix.name);
  cat.owners = cat.owners.delete(ix.defpos);
  cat.references = cat.references.delete(ix.defpos);
  const tables = [ix.table];
  if (ix.kind === IndexKind.ForeignKey) {
    const refs = (cat.references.get(ix.refIndex) ?? []).filter((r) => r !== ix.defpos);
    cat.references = refs.length === 0 ? cat.references.delete(ix.refIndex) : cat.references.set(ix.refIndex, refs);
    const parent = cat.owners.get(ix.refIndex);
    if (parent !== undefined && parent !== ix.table) tables.push(parent);
  }
  return tables;
}

function dropTable(b: StateBuilder, t: Table): void {
  for (const tr of b.current.triggers.values()) assert(tr.table !== t.defpos && !tr.uses.includes(t.defpos), `trigger ${tr.name} still needs table ${t.name}`);
  for (const v of b.current.views.values()) assert(!v.uses.includes(t.defpos), `view ${v.name} still reads table ${t.name}`);
  for (const r of b.current.routines.values()) assert(!r.uses.includes(t.defpos), `routine ${r.name} still uses table ${t.name}`);
  const tables = [t.defpos];
  for (const ix of t.indexes) for (const x of forgetIndex(b, ix)) if (!tables.includes(x)) tables.push(x);
  const cat = b.catalog;
  for (const c of t.columns) cat.owners = cat.owners.delete(c.defpos);
  for (const c of t.checks) cat.owners = cat.owners.delete(c.defpos);
  cat.tableNames = cat.tableNames.delete(t.name);
  b.removeTable(t.defpos);
  schemaEffect(b, tables, []);
}

function dropColumn(b: StateBuilder, t: Table, col: TableColumn): void {
  for (const tr of b.current.triggers.values()) assert(!tr.columns.includes(col.defpos), `trigger ${tr.name} still names column ${col.name}`);
  for (const ix of t.indexes) assert(!ix.columns.includes(col.defpos), `column ${col.name} is still in index ${ix.name}`);
  b.putTable(tableWith(t, { columns: t.columns.filter((c) => c !== col), checks: t.checks.filter((c) => c.column !== col.defpos) }));
  const cat = b.catalog;
  cat.owners = cat.owners.delete(col.defpos);
  for (const c of t.checks) if (c.column === col.defpos) cat.owners = cat.owners.delete(c.defpos);
  schemaEffect(b, [t.defpos], []);
}

export function installView(b: StateBuilder, rec: PView): void {
  const cat = b.catalog;
  const tables = [rec.ppos];
  if (rec.replaces !== -1) {
    const old = cat.views.get(rec.replaces);
    assert(old !== undefined, `PView ${rec.ppos} replaces unknown view ${rec.replaces}`);
    cat.views = cat.views.delete(old.defpos);
    cat.viewNames = cat.viewNames.delete(old.name);
    for (const v of [...cat.views.values()]) {
      if (v.uses.includes(old.defpos)) cat.views = cat.views.set(v.defpos, { ...v, uses: v.uses.map((u) => (u === old.defpos ? rec.ppos : u)) });
    }
    tables.push(old.defpos);
  }
  assert(cat.views.get(rec.ppos) === undefined, `PView ${rec.ppos} is already defined`);
  assert(cat.viewNames.get(rec.name) === undefined && cat.tableNames.get(rec.name) === undefined, `view name ${rec.name} is already taken`);
  for (const u of rec.uses) assert(cat.tables.get(u) !== undefined || cat.views.get(u) !== undefined || cat.types.get(u) !== undefined, `view ${rec.name} reads unknown object ${u}`);
  cat.views = cat.views.set(rec.ppos, viewFromRecord(rec));
  cat.viewNames = cat.viewNames.set(rec.name, rec.ppos);
  schemaEffect(b, tables, [`table ${rec.name}`]);
}

function dropView(b: StateBuilder, defpos: number): void {
  const cat = b.catalog;
  const v = cat.views.get(defpos)!;
  for (const tr of cat.triggers.values()) assert(tr.table !== defpos && !tr.uses.includes(defpos), `trigger ${tr.name} still needs view ${v.name}`);
  for (const other of cat.views.values()) assert(!other.uses.includes(defpos), `view ${other.name} still reads view ${v.name}`);
  cat.views = cat.views.delete(defpos);
  cat.viewNames = cat.viewNames.delete(v.name);
  schemaEffect(b, [defpos], []);
}

export function installDrop(b: StateBuilder, rec: Drop): void {
  if (b.current.triggers.get(rec.target) !== undefined) return dropTrigger(b, rec.target);
  if (dropRoutine(b, rec.target)) return;
  if (dropSecurityObject(b, rec.target)) return; // a user or role (install-security.ts)
  if (b.current.views.get(rec.target) !== undefined) return dropView(b, rec.target);
  if (dropType(b, rec.target)) return;
  const direct = b.current.tables.get(rec.target);
  if (direct !== undefined) return dropTable(b, tableOf(b, rec.target, 'Drop'));
  const t = ownerOf(b, rec.target, 'Drop');
  const i = indexPosition(t, rec.target);
  if (i >= 0) {
    const ix = t.indexes[i]!;
    const pk = t.primaryKey !== null && t.primaryKey.defpos === ix.defpos ? null : t.primaryKey;
    // without a primary key the rows are in key order by definition (table.ts invariant 5)
    b.putTable(tableWith(t, { indexes: t.indexes.filter((x) => x !== ix), primaryKey: pk, keyOrdered: pk === null || t.keyOrdered }));
    schemaEffect(b, forgetIndex(b, ix), []);
    return;
  }
  const check = checkByDefpos(t, rec.target);
  if (check !== undefined) {
    b.putTable(tableWith(t, { checks: t.checks.filter((c) => c !== check) }));
    const cat = b.catalog;
    cat.owners = cat.owners.delete(check.defpos);
    schemaEffect(b, [t.defpos], []);
    return;
  }
  const col = columnByDefpos(t, rec.target);
  assert(col !== undefined, `Drop names unknown object ${rec.target}`);
  dropColumn(b, t, col);
}
