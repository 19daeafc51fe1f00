/**
 * src/level3-objects/transaction-ddl.ts — the schema operations of a `Transaction`: create table, add and
 * alter column, create index (with its checks over existing rows), add check, drop.
 *
 * 1. Every check runs before the record is added, so a failing operation leaves nothing behind.
 * 2. A schema operation on a table counts as a full read of it (and of the referenced table, for a foreign
 *    key): any concurrent write to it conflicts at commit. A created name is remembered, so two concurrent
 *    creations of one name conflict.
 * 3. Level 3 cannot evaluate SQL: DEFAULT and CHECK texts are stored, and Level 4 fills defaults into
 *    existing rows (ADD COLUMN … DEFAULT) and verifies a new CHECK against them.
 * 4. Dropping a column first drops the indexes on it (refused, like dropping a table or a unique index,
 *    when another table's foreign key depends on it); checks on the column go with it. With `cascade`, the
 *    foreign keys that depend on what is dropped are dropped first instead (their Drop records come before).
 * 5. An index with key parts on document paths (`IndexDef.paths`) is recorded as a PIndexPaths, any other
 *    as a PIndex. A path needs a DOCUMENT column, a typed part one of `KEY_PATH_TYPES`; foreign keys
 *    neither have path parts nor reference an index that has them (0A000 / 42830).
 * 7. A trigger's name is unique (42710). Dropping a table or view drops the triggers on it first (their Drop
 *    records come before); a trigger that names the object (a table, view or routine) in its WHEN or body
 *    (`uses`), or a column in UPDATE OF, refuses the drop (2BP01) unless `cascade`, which drops the trigger first.
 *    A routine that reads or changes a table or view (its `uses`) refuses its drop the same way
 *    (transaction-routine.ts `dropRoutinesUsing`).
 * 6. Views share the table namespace (42P07 on a clash). A view records the tables and views its query reads,
 *    and the structured types it constructs (`uses`), and touches each, so a concurrent DDL on one of them conflicts. Dropping a table or view that a
 *    view reads is refused (2BP01) unless `cascade`: then the dependent views go first (dependents of
 *    dependents before them), and, for a table, the foreign keys of other tables that reference it.
 * 8. A rename (a Change record) of a table, column, index or CHECK keeps every reference by defpos, but not the
 *    stored SQL texts that name it: a table that views read, or routines or triggers name in their text (their
 *    `uses`), is not renamed (2BP01); Level 4 refuses a column whose name a stored text mentions. The new name
 *    must be free in the old one's namespace: tables and views (42P07), the database's indexes (42710), the
 *    table's columns (42701) or its CHECKs (42710).
 */
import { SqlError, SqlState } from '../common/errors';
import { BTree } from '../common/tree/btree';
import type { SqlType } from '../common/values/sql-type';
import { typeToSql } from '../common/values/sql-type';
import { compareKeys } from '../common/values/value';
import { IndexKind, RefAction, ViewCheckCode, type Identity, type KeyPath, type PTrigger } from '../level2-physical/physical';
import { RecordType } from '../level2-physical/record-type';
import type { DatabaseState } from './database-state';
import { checkedKeyValues, KEY_PATH_TYPES, keyPartText, type KeyPart } from './key-part';
import { compareIndexKeys, hasNull, isUniqueKind, keyValues, type IndexKey, type TableIndex } from './table-index';
import { columnByDefpos, columnByName, indexPosition, type Table } from './table';
import { showValue } from './transaction-dml';
import { dropRoutinesUsing } from './transaction-routine';
import type { TxWork } from './tx-work';

/** The definition of a new column. */
export interface ColumnDef {
  readonly name: string;
  readonly type: SqlType;
  readonly notNull: boolean;
  readonly defaultSql: string | null;
  /** `GENERATED ALWAYS AS (expr)` text; Level 4 computes the column (and fills existing rows) */
  readonly generatedSql?: string | null;
  /** `GENERATED … AS IDENTITY`; Level 4 draws its values (and fills existing rows) */
  readonly identity?: Identity | null;
}

/** The definition of a new index or key constraint. */
export interface IndexDef {
  readonly name: string;
  readonly kind: IndexKind;
  readonly columns: readonly number[];
  /** parallel to `columns`: the document path and/or type of each key part, null (or absent) for the
   *  plain column; absent altogether for an index of plain columns */
  readonly paths?: readonly (KeyPath | null)[];
  readonly refIndex?: number;
  readonly onDelete?: RefAction;
  readonly onUpdate?: RefAction;
}

function tableFor(w: TxWork, table: number): Table {
  const t = w.local.table(table);
  if (t === undefined) throw SqlError.of(SqlState.UndefinedTable, [String(table)]);
  return t;
}

/** Creates a table; `ofType` (a structured type's defpos) makes it a typed table (PTableOf). */
export function createTable(w: TxWork, name: string, ofType = -1): number {
  if (w.local.current.tableNames.get(name) !== undefined || w.local.current.viewNames.get(name) !== undefined) {
    throw SqlError.of(SqlState.DuplicateTable, [name]);
  }
  const ppos = w.nextPosition();
  w.reads.addName(`table ${name}`);
  if (ofType === -1) {
    w.add({ type: RecordType.PTable, ppos, name });
    return ppos;
  }
  if (w.local.current.types.get(ofType) === undefined) throw SqlError.of(SqlState.UndefinedObject, [`type ${ofType}`]);
  w.reads.wroteTable(ofType);
  w.add({ type: RecordType.PTableOf, ppos, name, udType: ofType });
  return ppos;
}

/** The definition of a new view (invariant 6); `replaces` is the view an OR REPLACE supersedes. */
export interface ViewDef {
  readonly name: string;
  readonly columns: readonly string[];
  readonly sql: string;
  readonly uses: readonly number[];
  readonly replaces?: number;
  /** WITH [LOCAL | CASCADED] CHECK OPTION (a PViewChecked); None when absent */
  readonly check?: ViewCheckCode;
}

export function createView(w: TxWork, def: ViewDef): number {
  const cur = w.local.current;
  const replaces = def.replaces ?? -1;
  const holder = cur.viewNames.get(def.name);
  if (cur.tableNames.get(def.name) !== undefined || (holder !== undefined && holder !== replaces)) {
    throw SqlError.of(SqlState.DuplicateTable, [def.name]);
  }
  if (replaces !== -1 && cur.views.get(replaces) === undefined) throw SqlError.of(SqlState.UndefinedTable, [def.name]);
  for (const u of def.uses) {
    if (cur.tables.get(u) === undefined && cur.views.get(u) === undefined && cur.types.get(u) === undefined) throw SqlError.of(SqlState.UndefinedTable, [String(u)]);
    w.reads.wroteTable(u);
  }
  if (replaces !== -1) w.reads.wroteTable(replaces);
  w.reads.addName(`table ${def.name}`);
  const ppos = w.nextPosition();
  const fields = { ppos, name: def.name, columns: [...def.columns], sql: def.sql, uses: [...new Set(def.uses)], replaces };
  const check = def.check ?? ViewCheckCode.None;
  w.add(check === ViewCheckCode.None ? { type: RecordType.PView, ...fields, check } : { type: RecordType.PViewChecked, ...fields, check });
  return ppos;
}

/** The definition of a new trigger (invariant 7); the enum fields as the PTrigger record keeps them. */
export type TriggerDef = Omit<PTrigger, 'type' | 'ppos'>;

export function createTrigger(w: TxWork, def: TriggerDef): number {
  const cur = w.local.current;
  if (cur.triggerNames.get(def.name) !== undefined) throw SqlError.of(SqlState.DuplicateObject, [`trigger ${def.name}`]);
  if (cur.tables.get(def.table) === undefined && cur.views.get(def.table) === undefined) throw SqlError.of(SqlState.UndefinedTable, [String(def.table)]);
  for (const c of def.columns) if (cur.owners.get(c) !== def.table) throw SqlError.of(SqlState.UndefinedColumn, [String(c)]);
  const uses = [...new Set(def.uses)].filter((u) => u !== def.table);
  for (const u of uses) {
    if (cur.tables.get(u) === undefined && cur.views.get(u) === undefined && cur.routines.get(u) === undefined && cur.types.get(u) === undefined) {
      throw SqlError.of(SqlState.UndefinedTable, [String(u)]);
    }
    w.reads.wroteTable(u);
  }
  w.reads.wroteTable(def.table);
  w.reads.addName(`trigger ${def.name}`);
  const ppos = w.nextPosition();
  w.add({ type: RecordType.PTrigger, ppos, ...def, columns: [...def.columns], uses });
  return ppos;
}

/** Drops the triggers on `defpos` and, unless refused (2BP01 without `cascade`), the triggers that use it (invariant 7). */
export function dropTriggersOf(w: TxWork, defpos: number, what: string, cascade: boolean): void {
  const s = w.local.snapshot();
  for (const t of s.triggersUsing(defpos)) {
    if (t.table === defpos) continue;
    if (!cascade) {
      throw SqlError.of(SqlState.DependentObjectsStillExist, [`drop ${what}`, `trigger ${t.name}`], { hint: 'Use DROP … CASCADE to drop the dependent triggers too.' });
    }
    w.reads.wroteTable(t.table);
    dropRecord(w, t.defpos);
  }
  for (const t of s.triggersOn(defpos)) if (w.local.current.triggers.get(t.defpos) !== undefined) dropRecord(w, t.defpos);
}

export function addColumn(w: TxWork, table: number, def: ColumnDef): number {
  const t = tableFor(w, table);
  if (columnByName(t, def.name) !== undefined) throw SqlError.of(SqlState.DuplicateColumn, [def.name]);
  const generatedSql = def.generatedSql ?? null;
  const identity = def.identity ?? null;
  if (def.notNull && def.defaultSql === null && generatedSql === null && identity === null && t.rows.size > 0) {
    throw SqlError.of(SqlState.NotNullViolation, [def.name], { detail: `Table ${t.name} has rows, and the column has no default.` });
  }
  const seq = t.columns.reduce((m, c) => Math.max(m, c.seq + 1), 0);
  const ppos = w.nextPosition();
  w.reads.addTable(table);
  const rec = { type: RecordType.PColumn, ppos, table, name: def.name, seq, dataType: def.type, notNull: def.notNull, defaultSql: def.defaultSql } as const;
  w.add({ ...rec, ...(generatedSql === null ? {} : { generatedSql }), ...(identity === null ? {} : { identity }) });
  return ppos;
}

export function alterColumn(w: TxWork, column: number, def: Partial<ColumnDef>): void {
  const owner = w.local.current.owners.get(column);
  const t = owner === undefined ? undefined : w.local.table(owner);
  const col = t === undefined ? undefined : columnByDefpos(t, column);
  if (t === undefined || col === undefined) throw SqlError.of(SqlState.UndefinedColumn, [String(column)]);
  const name = def.name ?? col.name;
  if (name !== col.name && columnByName(t, name) !== undefined) throw SqlError.of(SqlState.DuplicateColumn, [name]);
  const notNull = def.notNull ?? col.notNull;
  if (notNull && !col.notNull) {
    for (const row of t.rows.values()) {
      if ((row[col.slot] ?? null) === null) {
        throw SqlError.of(SqlState.NotNullViolation, [col.name], { detail: `Table ${t.name} has a row with no value in ${col.name}.` });
      }
    }
  }
  w.reads.addTable(t.defpos);
  w.add({
    type: RecordType.Alter,
    ppos: w.nextPosition(),
    column,
    name,
    seq: col.seq,
    dataType: def.type ?? col.type,
    notNull,
    defaultSql: def.defaultSql === undefined ? col.defaultSql : def.defaultSql,
    ...(col.generatedSql === null ? {} : { generatedSql: col.generatedSql }),
    ...(col.identity === null ? {} : { identity: col.identity }),
  });
}

function resolveParent(w: TxWork, t: Table, def: IndexDef): TableIndex | null {
  if (def.kind !== IndexKind.ForeignKey) return null;
  const s = w.local.snapshot();
  const parent = def.refIndex === undefined ? undefined : s.index(def.refIndex);
  if (parent === undefined || !parent.unique) {
    throw SqlError.of(SqlState.InvalidForeignKey, [`${def.name} must reference a primary key or unique constraint`]);
  }
  if (parent.parts !== null) {
    throw SqlError.of(SqlState.InvalidForeignKey, [`${def.name} cannot reference ${parent.name}, whose key has document paths`]);
  }
  if (parent.columns.length !== def.columns.length) {
    throw SqlError.of(SqlState.InvalidForeignKey, [`${def.name} has ${def.columns.length} columns but the key of ${s.table(parent.table)?.name ?? t.name} has ${parent.columns.length}`]);
  }
  return parent;
}

/** Checks the rows of `t` against a new index: NOT NULL primary keys, unique keys, parents of foreign keys,
 *  and (for key parts on document paths) that every row has a valid key. */
function checkExistingRows(t: Table, def: IndexDef, slots: readonly number[], parts: readonly KeyPart[] | null, parent: TableIndex | null): void {
  const unique = isUniqueKind(def.kind);
  const primary = def.kind === IndexKind.PrimaryKey;
  const seen = unique ? BTree.empty<IndexKey, true>(compareIndexKeys).builder() : null;
  for (const row of t.rows.values()) {
    const key = parts === null ? keyValues(slots, row) : checkedKeyValues(t, def.name, parts, primary, row);
    if (hasNull(key)) {
      if (!primary) continue;
      const col = t.columns.find((c) => slots.includes(c.slot) && (row[c.slot] ?? null) === null)!;
      throw SqlError.of(SqlState.NotNullViolation, [col.name], { detail: `Table ${t.name} has a row with no value in ${col.name}.` });
    }
    if (seen !== null) {
      const before = seen.size;
      seen.set(key, true);
      if (seen.size === before) throw SqlError.of(SqlState.UniqueViolation, [def.name], { detail: `Key (${key.map(showValue).join(', ')}) is duplicated.` });
    }
    if (parent !== null && parent.tree.get(key) === undefined) {
      const self = parent.table === t.defpos && compareKeys(keyValues(parent.slots, row), key) === 0;
      if (!self) throw SqlError.of(SqlState.ForeignKeyViolation, [`table ${t.name}`, def.name], { detail: `Key (${key.map(showValue).join(', ')}) has no parent row.` });
    }
  }
}

/** Document kinds a key path may reach into. */
const DOCUMENT_KINDS: ReadonlySet<string> = new Set(['DOCUMENT', 'DOCARRAY']);

/** `def.paths` as the record keeps them: one entry per column, a part with neither steps nor type as null,
 *  steps copied as plain `{ name, exact }`; null when every part is the plain column. */
function normalisedPaths(def: IndexDef): (KeyPath | null)[] | null {
  const paths = def.paths;
  if (paths === undefined) return null;
  if (paths.length !== def.columns.length) {
    throw SqlError.of(SqlState.InvalidTableDefinition, [`index ${def.name} has ${def.columns.length} columns and ${paths.length} paths`]);
  }
  const out = paths.map((p) =>
    p === null || (p.steps.length === 0 && p.type === null) ? null : { steps: p.steps.map((st) => ({ name: st.name, exact: st.exact })), type: p.type },
  );
  return out.every((p) => p === null) ? null : out;
}

/** The key parts of a new index with these (normalised) paths, checked (invariant 5). */
function keyParts(t: Table, def: IndexDef, slots: readonly number[], paths: readonly (KeyPath | null)[]): KeyPart[] {
  const parts = def.columns.map((column, i): KeyPart => {
    const p = paths[i] ?? null;
    return { column, slot: slots[i]!, path: p === null || p.steps.length === 0 ? null : p.steps, type: p?.type ?? null };
  });
  for (const part of parts) {
    const col = columnByDefpos(t, part.column)!;
    if (part.path !== null && !DOCUMENT_KINDS.has(col.type.kind)) {
      throw SqlError.of(SqlState.DatatypeMismatch, [`${keyPartText(col.name, part)} in index ${def.name}: column ${col.name} is ${typeToSql(col.type)}, not a document`]);
    }
    if (part.type !== null && !KEY_PATH_TYPES.has(part.type.kind)) {
      throw SqlError.of(SqlState.FeatureNotSupported, [`a key part of type ${typeToSql(part.type)} (${keyPartText(col.name, part)} in index ${def.name})`]);
    }
  }
  if (def.kind === IndexKind.ForeignKey) throw SqlError.of(SqlState.FeatureNotSupported, [`foreign key ${def.name} on document paths`]);
  return parts;
}

export function createIndex(w: TxWork, table: number, def: IndexDef): number {
  const t = tableFor(w, table);
  if (w.local.current.indexNames.get(def.name) !== undefined) throw SqlError.of(SqlState.DuplicateObject, [`index ${def.name}`]);
  if (def.kind === IndexKind.PrimaryKey && t.primaryKey !== null) {
    throw SqlError.of(SqlState.InvalidTableDefinition, [`multiple primary keys for table ${t.name} are not allowed`]);
  }
  if (def.columns.length === 0) throw SqlError.of(SqlState.InvalidTableDefinition, [`index ${def.name} has no columns`]);
  const paths = normalisedPaths(def);
  // a part is named by its column and path (`DOC.a`): one column may key several paths, but no part twice
  const seen = new Set<string>();
  const slots = def.columns.map((c, i) => {
    const col = columnByDefpos(t, c);
    if (col === undefined) throw SqlError.of(SqlState.UndefinedColumn, [String(c)]);
    const steps = paths?.[i]?.steps ?? [];
    const text = keyPartText(col.name, { column: c, slot: col.slot, path: steps, type: null });
    if (seen.has(text)) throw SqlError.of(SqlState.DuplicateColumn, [text]);
    seen.add(text);
    return col.slot;
  });
  const parts = paths === null ? null : keyParts(t, def, slots, paths);
  const parent = resolveParent(w, t, def);
  checkExistingRows(t, def, slots, parts, parent);
  w.reads.addTable(table);
  if (parent !== null) w.reads.addTable(parent.table);
  w.reads.addName(`index ${def.name}`);
  const ppos = w.nextPosition();
  const fields = {
    ppos,
    table,
    name: def.name,
    kind: def.kind,
    columns: [...def.columns],
    refIndex: parent === null ? -1 : parent.defpos,
    onDelete: def.onDelete ?? RefAction.Restrict,
    onUpdate: def.onUpdate ?? RefAction.Restrict,
  };
  if (paths === null) w.add({ type: RecordType.PIndex, ...fields });
  else w.add({ type: RecordType.PIndexPaths, ...fields, paths });
  return ppos;
}

export function addCheck(w: TxWork, table: number, def: { column: number; name: string; sql: string }): number {
  const t = tableFor(w, table);
  if (t.checks.some((c) => c.name === def.name)) throw SqlError.of(SqlState.DuplicateObject, [`check constraint ${def.name}`]);
  if (def.column !== -1 && columnByDefpos(t, def.column) === undefined) throw SqlError.of(SqlState.UndefinedColumn, [String(def.column)]);
  const ppos = w.nextPosition();
  w.reads.addTable(table);
  w.add({ type: RecordType.PCheck, ppos, table, column: def.column, name: def.name, sql: def.sql });
  return ppos;
}

/**
 * The foreign keys of another table (or, unless `sameTableOk`, any) that reference `ix`: refused (2BP01), or
 * with `cascade` dropped (invariant 4), their tables entering the read set.
 */
function referencing(w: TxWork, s: DatabaseState, t: Table, ix: TableIndex, what: string, sameTableOk: boolean, cascade: boolean): void {
  for (const fk of s.referencingIndexes(ix.defpos)) {
    if (sameTableOk && fk.table === t.defpos) continue;
    if (cascade) {
      w.reads.addTable(fk.table);
      dropRecord(w, fk.defpos);
      continue;
    }
    const child = s.table(fk.table)?.name ?? String(fk.table);
    throw SqlError.of(SqlState.DependentObjectsStillExist, [`drop ${what}`, `constraint ${fk.name} on table ${child}`], {
      hint: 'Use CASCADE to drop the dependent constraints too.',
    });
  }
}

function dropRecord(w: TxWork, target: number): void {
  w.add({ type: RecordType.Drop, ppos: w.nextPosition(), target });
}

/** Drops the views that read (or construct) `defpos` (dependents of dependents first), or refuses (invariant 6). */
export function dropDependentViews(w: TxWork, s: DatabaseState, defpos: number, what: string, cascade: boolean): void {
  for (const v of s.dependentViews(defpos)) {
    if (!cascade) {
      throw SqlError.of(SqlState.DependentObjectsStillExist, [`drop ${what}`, `view ${v.name}`], { hint: 'Use DROP … CASCADE to drop the dependent views too.' });
    }
    dropDependentViews(w, w.local.snapshot(), v.defpos, `view ${v.name}`, cascade);
    if (w.local.current.views.get(v.defpos) !== undefined) {
      w.reads.wroteTable(v.defpos);
      dropRecord(w, v.defpos);
    }
  }
}

export function drop(w: TxWork, defpos: number, cascade: boolean): void {
  const s = w.local.snapshot();
  const trigger = s.trigger(defpos);
  if (trigger !== undefined) {
    w.reads.wroteTable(trigger.table);
    return dropRecord(w, defpos);
  }
  const view = s.view(defpos);
  if (view !== undefined) {
    dropDependentViews(w, s, defpos, `view ${view.name}`, cascade);
    dropRoutinesUsing(w, defpos, `view ${view.name}`, cascade);
    dropTriggersOf(w, defpos, `view ${view.name}`, cascade);
    w.reads.wroteTable(defpos);
    return dropRecord(w, defpos);
  }
  const table = s.table(defpos);
  if (table !== undefined) {
    dropDependentViews(w, s, defpos, `table ${table.name}`, cascade);
    dropRoutinesUsing(w, defpos, `table ${table.name}`, cascade);
    dropTriggersOf(w, defpos, `table ${table.name}`, cascade);
    const now = w.local.snapshot();
    for (const ix of table.indexes) if (ix.unique) referencing(w, now, table, ix, `table ${table.name}`, true, cascade);
    w.reads.addTable(defpos);
    return dropRecord(w, defpos);
  }
  const t = s.ownerOf(defpos);
  if (t === undefined) throw SqlError.of(SqlState.UndefinedObject, [String(defpos)]);
  w.reads.addTable(t.defpos);
  const i = indexPosition(t, defpos);
  if (i >= 0) {
    const ix = t.indexes[i]!;
    if (ix.unique) referencing(w, s, t, ix, `index ${ix.name}`, false, cascade);
    return dropRecord(w, defpos);
  }
  const col = columnByDefpos(t, defpos);
  if (col !== undefined) {
    dropTriggersOf(w, defpos, `column ${col.name}`, cascade);
    const dependent = t.indexes.filter((ix) => ix.columns.includes(defpos));
    for (const ix of dependent) if (ix.unique) referencing(w, s, t, ix, `column ${col.name}`, false, cascade);
    for (const ix of dependent) dropRecord(w, ix.defpos);
  }
  dropRecord(w, defpos);
}

/** The hint of a rename refused because a stored definition names what it renames (invariant 8). */
export const RENAME_REFUSED_HINT = 'Its definition names it; drop that object, rename, and create it again.';

/** Renames the table, column, index or CHECK `target` (invariant 8). */
export function rename(w: TxWork, target: number, name: string): void {
  const cur = w.local.current;
  const s = w.local.snapshot();
  const table = s.table(target);
  if (table !== undefined) {
    if (cur.tableNames.get(name) !== undefined || cur.viewNames.get(name) !== undefined) throw SqlError.of(SqlState.DuplicateTable, [name]);
    const v = s.dependentViews(target)[0];
    const r = s.dependentRoutines(target)[0];
    const t = s.triggersUsing(target)[0];
    const by = v !== undefined ? `view ${v.name}` : r !== undefined ? `${r.isFunction ? 'function' : 'procedure'} ${r.name}` : t !== undefined ? `trigger ${t.name}` : null;
    if (by !== null) {
      throw SqlError.of(SqlState.DependentObjectsStillExist, [`rename table ${table.name}`, by], { hint: RENAME_REFUSED_HINT });
    }
    w.reads.addTable(target);
    w.reads.addName(`table ${name}`);
  } else {
    const owner = cur.owners.get(target);
    const t = owner === undefined ? undefined : w.local.table(owner);
    if (t === undefined) throw SqlError.of(SqlState.UndefinedObject, [String(target)]);
    if (indexPosition(t, target) >= 0) {
      if (cur.indexNames.get(name) !== undefined) throw SqlError.of(SqlState.DuplicateObject, [`index ${name}`]);
      w.reads.addName(`index ${name}`);
    } else if (t.checks.some((c) => c.defpos === target)) {
      if (t.checks.some((c) => c.name === name)) throw SqlError.of(SqlState.DuplicateObject, [`check constraint ${name}`]);
    } else if (columnByName(t, name) !== undefined) {
      throw SqlError.of(SqlState.DuplicateColumn, [name], { detail: `Table ${t.name} already has a column ${name}.` });
    }
    w.reads.addTable(t.defpos);
  }
  w.add({ type: RecordType.Change, ppos: w.nextPosition(), target, name });
}
