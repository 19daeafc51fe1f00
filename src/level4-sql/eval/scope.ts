/**
 * src/level4-sql/eval/scope.ts — Scope: the columns an expression can see, and where each sits in the row.
 *
 * 1. A scope describes the row layout of one rowset: `entries[i].index` is the position in the row array
 *    (for a base table: the column's slot), `width` the length rows are treated as having.
 * 2. `level` is the query nesting level (0 = the statement's query); `outer` is the scope of the enclosing
 *    query, searched when a name is not found here (correlated references).
 * 3. `entries` are in star-expansion order; `unqualified` entries answer bare names, `star` ones expand `*`.
 *    A USING/NATURAL join hides the two joined columns from bare names and `*` and adds a merged entry.
 * 4. `leaf` numbers the FROM item an entry comes from, so the planner can tell which tables a predicate reads.
 * 5. An `ungrouped` entry is a column of a grouped query that is not a grouping column: naming it is 42803.
 */
import { SqlError, SqlState } from '../../common/errors';
import type { SqlType } from '../../common/values/sql-type';
import type { Table } from '../../level3-objects/table';
import { Privilege } from '../../level3-objects/security';
import { noteColumn } from '../access/access-recorder';

/** Notes a read of a base-table column for the privilege check (access/access-recorder.ts). */
function noteRead(e: ScopeEntry): ScopeEntry {
  if (e.columnDefpos !== null && e.tableDefpos !== null) noteColumn(Privilege.Select, e.tableDefpos, e.columnDefpos, e.name);
  return e;
}

/** One visible column. */
export interface ScopeEntry {
  /** the name a qualified reference uses: the alias, else the table name; null for merged USING columns */
  readonly table: string | null;
  readonly name: string;
  readonly type: SqlType;
  /** position in the row array */
  readonly index: number;
  /** the FROM item it belongs to (-1: none; -2: computed by a join from both sides) */
  readonly leaf: number;
  /** identity of the column within its query level (kept when a join shifts the entry) */
  readonly key: string;
  readonly unqualified: boolean;
  readonly star: boolean;
  readonly ungrouped: boolean;
  /** the base-table column, when it is one */
  readonly tableDefpos: number | null;
  readonly columnDefpos: number | null;
}

/** Where a name resolved: the entry and the level of the scope that holds it. */
export interface Resolved {
  readonly entry: ScopeEntry;
  readonly level: number;
}

/** The visible columns of a rowset (see the file header). */
export class Scope {
  constructor(
    readonly entries: readonly ScopeEntry[],
    readonly width: number,
    readonly level: number,
    readonly outer: Scope | null,
  ) {}

  /** A scope with no columns at level 0. */
  static empty(): Scope {
    return new Scope([], 0, 0, null);
  }

  /** The columns of a base table (index = slot), at level 0 with no outer scope. */
  static forTable(table: Table, alias: string | null): Scope {
    return Scope.forTableAt(table, alias, 0, null, 0);
  }

  /** The columns of a base table at a given level. */
  static forTableAt(table: Table, alias: string | null, level: number, outer: Scope | null, leaf: number): Scope {
    const name = alias ?? table.name;
    const entries: ScopeEntry[] = table.columns.map((c) => ({
      table: name,
      name: c.name,
      type: c.type,
      index: c.slot,
      leaf,
      key: `${leaf}.${c.slot}`,
      unqualified: true,
      star: true,
      ungrouped: false,
      tableDefpos: table.defpos,
      columnDefpos: c.defpos,
    }));
    return new Scope(entries, table.slotCount, level, outer);
  }

  /** Columns named `names` with types `types` (a derived table or VALUES), indexes 0..n-1. */
  static forColumns(
    table: string | null,
    names: readonly string[],
    types: readonly SqlType[],
    level: number,
    outer: Scope | null,
    leaf: number,
  ): Scope {
    const entries: ScopeEntry[] = names.map((n, i) => ({
      table,
      name: n,
      type: types[i]!,
      index: i,
      leaf,
      key: `${leaf}.${i}`,
      unqualified: true,
      star: true,
      ungrouped: false,
      tableDefpos: null,
      columnDefpos: null,
    }));
    return new Scope(entries, names.length, level, outer);
  }

  /** An empty scope at `level` whose names resolve in `outer`. */
  static emptyAt(level: number, outer: Scope | null): Scope {
    return new Scope([], 0, level, outer);
  }

  /** The same entries seen from another level / outer scope. */
  reparent(level: number, outer: Scope | null): Scope {
    return new Scope(this.entries, this.width, level, outer);
  }

  /** The entries with their indexes moved by `offset` (the right side of a join). */
  shifted(offset: number): ScopeEntry[] {
    return this.entries.map((e) => ({ ...e, index: e.index + offset }));
  }

  /** Entries that `*` (table null) or `t.*` expands to, in order. */
  starEntries(table: string | null, position?: number): ScopeEntry[] {
    if (table === null) return this.entries.filter((e) => e.star).map(noteRead);
    const found = this.entries.filter((e) => e.table === table);
    if (found.length === 0) throw SqlError.of(SqlState.UndefinedTable, [table], { position });
    return found.map(noteRead);
  }

  /** Resolves a column reference (parts already case-folded) here or in an outer scope. */
  resolve(parts: readonly string[], position?: number): Resolved {
    const text = parts.join('.');
    let tableSeen = false;
    for (let s: Scope | null = this; s !== null; s = s.outer) {
      const r = s.lookupHere(parts, text, position);
      if (r === 'table') {
        tableSeen = true;
        continue;
      }
      if (r !== null) return { entry: noteRead(r), level: s.level };
    }
    if (parts.length >= 2 && !tableSeen) {
      throw SqlError.of(SqlState.UndefinedTable, [parts.slice(0, -1).join('.')], { position });
    }
    throw SqlError.of(SqlState.UndefinedColumn, [text], { position });
  }

  /** One entry for `parts` in this scope only; 'table' when the table is here but not the column. */
  private lookupHere(parts: readonly string[], text: string, position?: number): ScopeEntry | 'table' | null {
    const name = parts[parts.length - 1]!;
    const table = parts.length >= 2 ? parts[parts.length - 2]! : null;
    let found: ScopeEntry | null = null;
    let tableHere = false;
    for (const e of this.entries) {
      if (table === null ? !e.unqualified : e.table !== table) continue;
      tableHere = true;
      if (e.name !== name) continue;
      if (found !== null && found.index !== e.index) {
        throw SqlError.of(SqlState.AmbiguousColumn, [text], { position });
      }
      found = e;
    }
    if (found === null) return table !== null && tableHere ? 'table' : null;
    if (found.ungrouped) {
      throw SqlError.of(SqlState.GroupingError, [text], { position });
    }
    return found;
  }
}
