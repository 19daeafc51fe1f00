/**
 * src/level3-objects/database-state.ts — `DatabaseState`, an immutable snapshot of a database (Pyrrho's
 * Level 3 `Database`, renamed because `Database` is the public facade).
 *
 * 1. Immutable: a snapshot never changes; `install` (through `StateBuilder`) makes a new one that shares
 *    every unchanged tree with the old (persistent B-trees, path copying). Readers never block.
 * 2. Every catalog is keyed by defpos or by the (already case-folded) name: tables by defpos and by name,
 *    index names, the owning table of every column, index and check, and for every unique index the foreign
 *    keys that reference it (by defpos, so they never go stale when trees change).
 * 3. `schemaVersion` is drawn from one process-wide counter each time a DDL record is installed, so two
 *    snapshots with different schemas never share a version (prepared plans re-plan on change).
 * 4. `position` is the log end this snapshot reflects (for a transaction's local state: its start).
 */
import { BTree } from '../common/tree/btree';
import type { TableColumn } from './table-column';
import type { TableIndex } from './table-index';
import { checkByDefpos, columnByDefpos, indexPosition, type Table, type TableCheck } from './table';

function compareNumbers(a: number, b: number): number {
  return a - b;
}
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
  });

  /** @internal use `StateBuilder` */
  constructor(readonly parts: StateParts) {}

  /** The snapshot of a database with nothing in it. */
  static empty(): DatabaseState {
    return DatabaseState.EMPTY;
  }

  /** The log end this snapshot reflects. */
  get position(): number {
    return this.parts.position;
  }

  /** Changes whenever a DDL record is installed. */
  get schemaVersion(): number {
    return this.parts.schemaVersion;
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
