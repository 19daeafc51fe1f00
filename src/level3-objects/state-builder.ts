/**
 * src/level3-objects/state-builder.ts — `StateBuilder`, a transient (mutable, private) copy of a
 * `DatabaseState` that records are installed into, and `TableDraft`, one table being changed in it.
 *
 * 1. Nobody else can see a builder, so it changes its trees in place through `TreeBuilder`s (log replay,
 *    a commit, a transaction's own changes all install through it). `snapshot()` freezes the current
 *    contents into an immutable `DatabaseState` in time proportional to the tables changed; the builder
 *    stays usable afterwards and never changes a snapshot it handed out.
 * 2. DML works on a `TableDraft` (rows and index trees as transients); DDL works on whole `Table` objects
 *    (`table()` materialises a draft, `putTable()` replaces it), because DDL is rare and DML is hot.
 * 3. When `effects` is on (a commit), each installed record leaves one `RecordEffect` (in record order)
 *    for the conflict checks of transactions that commit later (`conflicts.ts`).
 */
import type { BTree } from '../common/tree/btree';
import type { TreeBuilder } from '../common/tree/tree-builder';
import type { Row } from '../common/values/value';
import { DatabaseState, nextSchemaVersion, type StateParts } from './database-state';
import type { TableColumn } from './table-column';
import { withTree, type IndexKey, type TableIndex } from './table-index';
import { withContents, type Table } from './table';

/** What one installed record did, kept for later conflict checks. */
export type RecordEffect =
  | { readonly kind: 'Row'; readonly table: number; readonly row: number; readonly old: Row | null; readonly new: Row | null }
  | { readonly kind: 'Schema'; readonly tables: readonly number[]; readonly names: readonly string[] };

/** A tree being changed: its last frozen version, plus a builder over it once written. */
export class Transient<K, V> {
  private builder: TreeBuilder<K, V> | null = null;

  constructor(private tree: BTree<K, V>) {}

  get size(): number {
    return this.builder !== null ? this.builder.size : this.tree.size;
  }

  get(key: K): V | undefined {
    return this.builder !== null ? this.builder.get(key) : this.tree.get(key);
  }

  set(key: K, value: V): void {
    (this.builder ??= this.tree.builder()).set(key, value);
  }

  delete(key: K): void {
    (this.builder ??= this.tree.builder()).delete(key);
  }

  /** The current contents as an immutable tree (later writes start a new builder). */
  frozen(): BTree<K, V> {
    if (this.builder !== null) {
      this.tree = this.builder.build();
      this.builder = null;
    }
    return this.tree;
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

/** A table whose rows and index trees are being changed in place (invariant 2). */
export class TableDraft {
  readonly rows: Transient<number, Row>;
  readonly trees: Transient<IndexKey, number>[];
  readonly updates: Transient<number, number>;
  private dirty = false;
  private slots: Map<number, number> | null = null;

  constructor(private meta: Table) {
    this.rows = new Transient(meta.rows);
    this.updates = new Transient(meta.updates);
    this.trees = meta.indexes.map((ix) => new Transient(ix.tree));
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

  /** The current index tree at position `i` of `schema.indexes`, frozen. */
  indexTree(i: number): BTree<IndexKey, number> {
    return this.trees[i]!.frozen();
  }

  /** The table with every change so far, frozen. */
  table(): Table {
    if (!this.dirty) return this.meta;
    const m = this.meta;
    const indexes = new Array<TableIndex>(m.indexes.length);
    for (let i = 0; i < indexes.length; i++) {
      const ix = m.indexes[i]!;
      const tree = this.trees[i]!.frozen();
      indexes[i] = tree === ix.tree ? ix : withTree(ix, tree);
    }
    this.meta = withContents(m, this.rows.frozen(), this.updates.frozen(), indexes);
    this.dirty = false;
    return this.meta;
  }
}

type MutableParts = { -readonly [P in keyof StateParts]: StateParts[P] };

function copyParts(p: StateParts): MutableParts {
  return {
    position: p.position,
    schemaVersion: p.schemaVersion,
    tables: p.tables,
    tableNames: p.tableNames,
    indexNames: p.indexNames,
    owners: p.owners,
    references: p.references,
  };
}

/** A transient copy of a snapshot that records are installed into (invariant 1). */
export class StateBuilder {
  private parts: MutableParts;
  private readonly drafts = new Map<number, TableDraft>();
  private cached: DatabaseState | null;
  /** one entry per installed record when collecting (invariant 3), else null */
  readonly effects: RecordEffect[] | null;

  constructor(base: DatabaseState, options: { effects?: boolean } = {}) {
    this.parts = copyParts(base.parts);
    this.cached = base;
    this.effects = options.effects === true ? [] : null;
  }

  /** The parts, for the installers (`install.ts`) to replace catalogs. @internal */
  get catalog(): MutableParts {
    this.cached = null;
    return this.parts;
  }

  /** Read-only view of the catalogs. */
  get current(): StateParts {
    return this.parts;
  }

  /** The table with this defpos, with every change so far. */
  table(defpos: number): Table | undefined {
    const d = this.drafts.get(defpos);
    return d !== undefined ? d.table() : this.parts.tables.get(defpos);
  }

  /** The draft of a table, for reading its current rows and index entries without freezing. */
  peek(defpos: number): TableDraft | undefined {
    let d = this.drafts.get(defpos);
    if (d === undefined) {
      const t = this.parts.tables.get(defpos);
      if (t === undefined) return undefined;
      d = new TableDraft(t);
      this.drafts.set(defpos, d);
    }
    return d;
  }

  /** The draft of a table, marked changed: the caller is about to write its rows or index trees. */
  edit(defpos: number): TableDraft | undefined {
    const d = this.peek(defpos);
    if (d !== undefined) {
      d.touch();
      this.cached = null;
    }
    return d;
  }

  /** Replaces (or adds) a whole table; its draft, if any, is dropped. */
  putTable(table: Table): void {
    this.drafts.delete(table.defpos);
    this.parts.tables = this.parts.tables.set(table.defpos, table);
    this.cached = null;
  }

  /** Removes a table (its catalog entries are the caller's job). */
  removeTable(defpos: number): void {
    this.drafts.delete(defpos);
    this.parts.tables = this.parts.tables.delete(defpos);
    this.cached = null;
  }

  /** Notes that a DDL record was installed. */
  schemaChanged(): void {
    this.parts.schemaVersion = nextSchemaVersion();
    this.cached = null;
  }

  /** Records what a record did, when collecting effects. */
  effect(e: RecordEffect): void {
    if (this.effects !== null) this.effects.push(e);
  }

  /** Freezes the current contents (at `position`, or the base position) into an immutable snapshot. */
  snapshot(position?: number): DatabaseState {
    if (position !== undefined && position !== this.parts.position) {
      this.parts.position = position;
      this.cached = null;
    }
    if (this.cached !== null) return this.cached;
    let tables = this.parts.tables;
    for (const [defpos, d] of this.drafts) {
      const t = d.table();
      if (tables.get(defpos) !== t) tables = tables.set(defpos, t);
    }
    this.parts.tables = tables;
    this.cached = new DatabaseState(copyParts(this.parts));
    return this.cached;
  }
}
