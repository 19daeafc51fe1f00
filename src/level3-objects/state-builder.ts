/**
 * src/level3-objects/state-builder.ts — `StateBuilder`, a transient (mutable, private) copy of a
 * `DatabaseState` that records are installed into; the tables it changes are `TableDraft`s (table-draft.ts).
 *
 * 1. Nobody else can see a builder, so it changes its trees in place through `TreeBuilder`s (log replay,
 *    a commit, a transaction's own changes all install through it). `snapshot()` freezes the current
 *    contents into an immutable `DatabaseState` in time proportional to the tables changed; the builder
 *    stays usable afterwards and never changes a snapshot it handed out.
 * 2. DML works on a `TableDraft` (rows and index trees as transients); DDL works on whole `Table` objects
 *    (`table()` materialises a draft, `putTable()` replaces it), because DDL is rare and DML is hot.
 * 3. When `effects` is on (a commit), each installed record leaves one `RecordEffect` (in record order)
 *    for the conflict checks of transactions that commit later (`conflicts.ts`).
 * 4. `view` hands out a deferred snapshot (database-state.ts invariant 5) that this builder freezes if it
 *    has not changed by the time the snapshot is first read, and its `rebuild` source remakes otherwise.
 * 5. The catalogs always hold every table's current schema: DML changes only a draft's trees, and DDL
 *    replaces the whole table (invariant 2). So `schemaView` can hand out the catalogs as they stand,
 *    without freezing a draft: schemas current, a changed table's trees as of its last freeze. It is for
 *    planning a statement whose plan depends on schemas alone; reading rows needs `view` or `snapshot`.
 * 6. A builder reads its base's catalogs until its first change to one, and only then copies them: a
 *    transaction's local state that only checks a row (an autocommit INSERT: transaction.ts invariant 7)
 *    never copies them.
 */
import { assert } from '../common/assert';
import { keepShape } from '../common/shapes';
import type { Row } from '../common/values/value';
import { DatabaseState, nextSchemaVersion, type DeferredSource, type StateParts } from './database-state';
import { TableDraft } from './table-draft';
import type { Table } from './table';

/** What one installed record did, kept for later conflict checks. */
export type RecordEffect =
  | { readonly kind: 'Row'; readonly table: number; readonly row: number; readonly old: Row | null; readonly new: Row | null }
  | { readonly kind: 'Schema'; readonly tables: readonly number[]; readonly names: readonly string[] };

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
    views: p.views,
    viewNames: p.viewNames,
    triggers: p.triggers,
    triggerNames: p.triggerNames,
    types: p.types,
    typeNames: p.typeNames,
    routines: p.routines,
    routineKeys: p.routineKeys,
    security: p.security,
  };
}

/** A transient copy of a snapshot that records are installed into (invariant 1). */
export class StateBuilder implements DeferredSource {
  private parts: MutableParts;
  /** `parts` is this builder's own copy, not the base's (invariant 6) */
  private ownParts = false;
  /** the drafts made: the first one in a field (most builders edit one table), the others in a map */
  private firstDraft: TableDraft | null = null;
  private moreDrafts: Map<number, TableDraft> | null = null;
  private cached: DatabaseState | null;
  /** bumped by every change, so a deferred snapshot knows whether the builder still holds its contents */
  private generation = 0;
  /** the generation and token of the last view handed out, and who rebuilds older ones */
  private viewGeneration = -1;
  private viewToken = -1;
  private rebuild: DeferredSource | null = null;
  /** one entry per installed record when collecting (invariant 3), else null */
  readonly effects: RecordEffect[] | null;

  constructor(base: DatabaseState, options?: { effects?: boolean }) {
    // shared with `base` until the first change (invariant 6)
    this.parts = base.parts as MutableParts;
    this.cached = base;
    this.effects = options !== undefined && options.effects === true ? [] : null;
  }

  /** The parts, copied first if they are still the base's (invariant 6). */
  private own(): MutableParts {
    if (!this.ownParts) {
      this.parts = copyParts(this.parts);
      this.ownParts = true;
    }
    return this.parts;
  }

  /** The parts, for the installers (`install.ts`) to replace catalogs. @internal */
  get catalog(): MutableParts {
    this.changed();
    return this.own();
  }

  /** Read-only view of the catalogs. */
  get current(): StateParts {
    return this.parts;
  }

  /** The table with this defpos, with every change so far. */
  table(defpos: number): Table | undefined {
    const d = this.draft(defpos);
    return d !== undefined ? d.table() : this.parts.tables.get(defpos);
  }

  private draft(defpos: number): TableDraft | undefined {
    const first = this.firstDraft;
    if (first !== null && first.schema.defpos === defpos) return first;
    return this.moreDrafts === null ? undefined : this.moreDrafts.get(defpos);
  }

  private dropDraft(defpos: number): void {
    if (this.firstDraft !== null && this.firstDraft.schema.defpos === defpos) this.firstDraft = null;
    else this.moreDrafts?.delete(defpos);
  }

  /** The draft of a table, for reading its current rows and index entries without freezing. */
  peek(defpos: number): TableDraft | undefined {
    let d = this.draft(defpos);
    if (d === undefined) {
      const t = this.parts.tables.get(defpos);
      if (t === undefined) return undefined;
      d = new TableDraft(t);
      if (this.firstDraft === null) this.firstDraft = d;
      else (this.moreDrafts ??= new Map()).set(defpos, d);
    }
    return d;
  }

  /** The draft of a table, marked changed: the caller is about to write its rows or index trees. */
  edit(defpos: number): TableDraft | undefined {
    const d = this.peek(defpos);
    if (d !== undefined) {
      d.touch();
      this.changed();
    }
    return d;
  }

  /** Replaces (or adds) a whole table; its draft, if any, is dropped. */
  putTable(table: Table): void {
    this.dropDraft(table.defpos);
    const parts = this.own();
    parts.tables = parts.tables.set(table.defpos, table);
    this.changed();
  }

  /** Removes a table (its catalog entries are the caller's job). */
  removeTable(defpos: number): void {
    this.dropDraft(defpos);
    const parts = this.own();
    parts.tables = parts.tables.delete(defpos);
    this.changed();
  }

  /** Notes that a DDL record was installed. */
  schemaChanged(): void {
    this.own().schemaVersion = nextSchemaVersion();
    this.changed();
  }

  /** Records what a record did, when collecting effects. */
  effect(e: RecordEffect): void {
    if (this.effects !== null) this.effects.push(e);
  }

  /** Freezes the current contents (at `position`, or the base position) into an immutable snapshot. */
  snapshot(position?: number): DatabaseState {
    if (position !== undefined && position !== this.parts.position) {
      this.own().position = position;
      this.changed();
    }
    return (this.cached ??= new DatabaseState(this.freeze()));
  }

  /**
   * The current contents as a deferred snapshot (database-state.ts invariant 5): frozen on first use if the
   * builder has not changed since, else made by `rebuild(token)`, which must give the same contents.
   * Repeated calls without a change in between return the same snapshot.
   */
  view(rebuild: DeferredSource, token: number): DatabaseState {
    if (this.cached !== null) return this.cached;
    this.viewGeneration = this.generation;
    this.viewToken = token;
    this.rebuild = rebuild;
    return (this.cached = new DatabaseState(this.parts, this, token));
  }

  /**
   * The catalogs as they stand, no draft frozen (invariant 5): every schema current, the trees of a table
   * changed since its last freeze stale. For planning from schemas alone; never for reading rows.
   */
  schemaView(): DatabaseState {
    return new DatabaseState(copyParts(this.parts));
  }

  /** @internal (DeferredSource) the catalogs of the view made with `token` */
  resolveDeferred(token: number): StateParts {
    if (token === this.viewToken && this.generation === this.viewGeneration) return this.freeze();
    return this.rebuild!.resolveDeferred(token);
  }

  private changed(): void {
    this.cached = null;
    this.generation++;
  }

  /** Freezes every draft and returns a copy of the catalogs (the builder's contents do not change). */
  private freeze(): StateParts {
    if (this.firstDraft !== null) this.freezeDraft(this.firstDraft);
    if (this.moreDrafts !== null) for (const d of this.moreDrafts.values()) this.freezeDraft(d);
    return copyParts(this.parts);
  }

  private freezeDraft(d: TableDraft): void {
    // install.ts invariant 6: a statement's Updates may displace unique entries only until its last one
    if (d.displaced !== null && d.displaced.size > 0) {
      assert(false, `unique index entries of table ${d.schema.name} left displaced (${[...d.displaced].join(', ')})`);
    }
    const t = d.table();
    const tables = this.parts.tables;
    if (tables.get(t.defpos) !== t) this.own().tables = tables.set(t.defpos, t);
  }
}

// a builder lives for one transaction or one commit (shapes.ts)
keepShape(() => new StateBuilder(DatabaseState.empty()));
