/**
 * src/level3-objects/database-state.ts — `DatabaseState`, an immutable snapshot of a database (Pyrrho's
 * Level 3 `Database`, renamed because `Database` is the public facade).
 *
 * 1. Immutable: a snapshot never changes; `install` (through `StateBuilder`) makes a new one that shares
 *    every unchanged tree with the old (persistent B-trees, path copying). Readers never block.
 * 2. Every catalog is keyed by defpos or by the (already case-folded) name: tables by defpos and by name,
 *    index names, the owning table of every column, index and check, and for every unique index the foreign
 *    keys that reference it (by defpos, so they never go stale when trees change); views by defpos and name;
 *    triggers by defpos and name; structured types by defpos and name (ud-type.ts).
 * 3. `schemaVersion` is drawn from one process-wide counter each time a DDL record is installed, so two
 *    snapshots with different schemas never share a version (prepared plans re-plan on change).
 * 4. `position` is the log end this snapshot reflects (for a transaction's local state: its start).
 * 5. A snapshot may be deferred: its position and schema version are known at once, its catalogs are
 *    made on first use (a transaction hands one out per statement and most are never read). Deferral is
 *    invisible: the catalogs it produces are those of the moment it was made.
 */
import { BTree } from '../common/tree/btree';
import { compareNumbers } from '../common/tree/compare-numbers';
import type { TableColumn } from './table-column';
import type { TableIndex } from './table-index';
import { checkByDefpos, columnByDefpos, indexPosition, type Table, type TableCheck } from './table';
import type { Trigger } from './trigger';
import type { View } from './view';
import type { UdType } from './ud-type';
import { type Routine, routineKey } from './routine';
import { Security } from './security';

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The persistent catalogs of a snapshot (invariant 2). @internal */
export interface StateParts {
  readonly position: number;
  readonly schemaVersion: number;
  readonly tables: BTree<number, Table>;
  readonly tableNames: BTree<string, number>;
  readonly indexNames: BTree<string, number>;
  /** column, index and check defpos → defpos of the table that owns it */
  readonly owners: BTree<number, number>;
  /** unique index defpos → foreign-key index defposes that reference it */
  readonly references: BTree<number, readonly number[]>;
  /** views by defpos and by name (view.ts; names shared with tables, invariant 2 there) */
  readonly views: BTree<number, View>;
  readonly viewNames: BTree<string, number>;
  /** triggers by defpos and by name (trigger.ts) */
  readonly triggers: BTree<number, Trigger>;
  readonly triggerNames: BTree<string, number>;
  /** structured types by defpos and by name (ud-type.ts) */
  readonly types: BTree<number, UdType>;
  readonly typeNames: BTree<string, number>;
  /** functions and procedures by defpos, and by `routineKey` (kind, name, parameter count; routine.ts) */
  readonly routines: BTree<number, Routine>;
  readonly routineKeys: BTree<string, number>;
  /** users, roles and privileges (security.ts) */
  readonly security: Security;
}

/** What makes a deferred snapshot's catalogs (invariant 5): the same parts for a token whenever asked. @internal */
export interface DeferredSource {
  resolveDeferred(token: number): StateParts;
}

let schemaCounter = 0;

/** A fresh schema version (invariant 3). @internal */
export function nextSchemaVersion(): number {
  return ++schemaCounter;
}

/** An immutable snapshot of a database. */
export class DatabaseState {
  private static readonly EMPTY = new DatabaseState({
    position: 0,
    schemaVersion: 0,
    tables: BTree.empty<number, Table>(compareNumbers),
    tableNames: BTree.empty<string, number>(compareStrings),
    indexNames: BTree.empty<string, number>(compareStrings),
    owners: BTree.empty<number, number>(compareNumbers),
    references: BTree.empty<number, readonly number[]>(compareNumbers),
    views: BTree.empty<number, View>(compareNumbers),
    viewNames: BTree.empty<string, number>(compareStrings),
    triggers: BTree.empty<number, Trigger>(compareNumbers),
    triggerNames: BTree.empty<string, number>(compareStrings),
    types: BTree.empty<number, UdType>(compareNumbers),
    typeNames: BTree.empty<string, number>(compareStrings),
    routines: BTree.empty<number, Routine>(compareNumbers),
    routineKeys: BTree.empty<string, number>(compareStrings),
    security: Security.EMPTY,
  });

  /** The log end this snapshot reflects. */
  readonly position: number;
  /** Changes whenever a DDL record is installed. */
  readonly schemaVersion: number;
  private resolved: StateParts | null;
  private source: DeferredSource | null = null;
  private token = 0;

  /**
   * @internal use `StateBuilder`. With a `source`, the snapshot is deferred (invariant 5): `parts` then only
   * gives the position and schema version, and the source makes the catalogs from `token` on first use.
   */
  constructor(parts: StateParts);
  constructor(header: Pick<StateParts, 'position' | 'schemaVersion'>, source: DeferredSource, token: number);
  constructor(parts: Pick<StateParts, 'position' | 'schemaVersion'>, source?: DeferredSource, token = 0) {
    this.position = parts.position;
    this.schemaVersion = parts.schemaVersion;
    if (source === undefined) this.resolved = parts as StateParts;
    else {
      this.resolved = null;
      this.source = source;
      this.token = token;
    }
  }

  /** The snapshot of a database with nothing in it. */
  static empty(): DatabaseState {
    return DatabaseState.EMPTY;
  }

  /** @internal the persistent catalogs (invariant 2) */
  get parts(): StateParts {
    const p = this.resolved;
    if (p !== null) return p;
    const r = this.source!.resolveDeferred(this.token);
    this.resolved = r;
    this.source = null;
    return r;
  }

  table(defpos: number): Table | undefined {
    return this.parts.tables.get(defpos);
  }

  tableByName(name: string): Table | undefined {
    const defpos = this.parts.tableNames.get(name);
    return defpos === undefined ? undefined : this.parts.tables.get(defpos);
  }

  /** Every table, by defpos. */
  tables(): Iterable<Table> {
    return this.parts.tables.values();
  }

  /** The table owning a column, index or check, or undefined. */
  ownerOf(defpos: number): Table | undefined {
    const t = this.parts.owners.get(defpos);
    return t === undefined ? undefined : this.parts.tables.get(t);
  }

  index(defpos: number): TableIndex | undefined {
    const t = this.ownerOf(defpos);
    if (t === undefined) return undefined;
    const i = indexPosition(t, defpos);
    return i < 0 ? undefined : t.indexes[i];
  }

  indexByName(name: string): TableIndex | undefined {
    const defpos = this.parts.indexNames.get(name);
    return defpos === undefined ? undefined : this.index(defpos);
  }

  column(defpos: number): TableColumn | undefined {
    const t = this.ownerOf(defpos);
    return t === undefined ? undefined : columnByDefpos(t, defpos);
  }

  check(defpos: number): TableCheck | undefined {
    const t = this.ownerOf(defpos);
    return t === undefined ? undefined : checkByDefpos(t, defpos);
  }

  view(defpos: number): View | undefined {
    return this.parts.views.get(defpos);
  }

  viewByName(name: string): View | undefined {
    const defpos = this.parts.viewNames.get(name);
    return defpos === undefined ? undefined : this.parts.views.get(defpos);
  }

  /** Every view, by defpos. */
  views(): Iterable<View> {
    return this.parts.views.values();
  }

  /** The views whose query reads the table or view `defpos` directly. */
  dependentViews(defpos: number): View[] {
    const out: View[] = [];
    for (const v of this.parts.views.values()) if (v.uses.includes(defpos)) out.push(v);
    return out;
  }

  trigger(defpos: number): Trigger | undefined {
    return this.parts.triggers.get(defpos);
  }

  triggerByName(name: string): Trigger | undefined {
    const defpos = this.parts.triggerNames.get(name);
    return defpos === undefined ? undefined : this.parts.triggers.get(defpos);
  }

  /** Every trigger, by defpos (so in creation order). */
  triggers(): Iterable<Trigger> {
    return this.parts.triggers.values();
  }

  /** The triggers on the table or view `defpos`, in creation order; empty (and cheap) when there are none. */
  triggersOn(defpos: number): Trigger[] {
    const all = this.parts.triggers;
    if (all.size === 0) return [];
    const out: Trigger[] = [];
    for (const t of all.values()) if (t.table === defpos) out.push(t);
    return out;
  }

  /** The triggers (on any table) that name the table, view or column `defpos` in their WHEN, body or UPDATE OF. */
  triggersUsing(defpos: number): Trigger[] {
    const out: Trigger[] = [];
    for (const t of this.parts.triggers.values()) if (t.uses.includes(defpos) || t.columns.includes(defpos)) out.push(t);
    return out;
  }

  udType(defpos: number): UdType | undefined {
    return this.parts.types.get(defpos);
  }

  udTypeByName(name: string): UdType | undefined {
    const defpos = this.parts.typeNames.get(name);
    return defpos === undefined ? undefined : this.parts.types.get(defpos);
  }

  /** Every structured type, by defpos. */
  udTypes(): Iterable<UdType> {
    return this.parts.types.values();
  }

  routine(defpos: number): Routine | undefined {
    return this.parts.routines.get(defpos);
  }

  /** The function (or procedure) `name` taking `arity` parameters (routine.ts invariant 2). */
  routineByName(isFunction: boolean, name: string, arity: number): Routine | undefined {
    const defpos = this.parts.routineKeys.get(routineKey(isFunction, name, arity));
    return defpos === undefined ? undefined : this.parts.routines.get(defpos);
  }

  /** Every function and procedure, by defpos. */
  routines(): Iterable<Routine> {
    return this.parts.routines.values();
  }

  /** The routines whose body calls the routine `defpos`. */
  dependentRoutines(defpos: number): Routine[] {
    const out: Routine[] = [];
    for (const r of this.parts.routines.values()) if (r.uses.includes(defpos)) out.push(r);
    return out;
  }

  /** The users, roles and privileges (security.ts). */
  get security(): Security {
    return this.parts.security;
  }

  /** Foreign keys (in any table) whose refIndex is this unique index. */
  referencingIndexes(indexDefpos: number): readonly TableIndex[] {
    const refs = this.parts.references.get(indexDefpos);
    if (refs === undefined) return [];
    const out: TableIndex[] = [];
    for (const r of refs) {
      const ix = this.index(r);
      if (ix !== undefined) out.push(ix);
    }
    return out;
  }
}
