/**
 * src/level3-objects/table.ts — a table as a snapshot sees it: live columns, rows by defpos, indexes, checks.
 *
 * 1. `rows` maps a row's defpos (the ppos of its Record) to its values by slot. A row may be shorter than
 *    `slotCount` (it was stored before a column was added): missing slots read NULL.
 * 2. `columns` are the live columns in seq order; `indexes` every index of the table (primary key first
 *    when there is one, then in creation order); `primaryKey` is also in `indexes`.
 * 3. Every index tree holds exactly one entry per row (see `table-index.ts`).
 * 4. `updates` remembers, for rows that have been updated, the ppos of their latest Update (an Update
 *    record names it as `prev`); a row never updated is absent, its version is its Record.
 * 5. `keyOrdered` true means `rows`, read in defpos order, are in primary-key order too (always true without a
 *    primary key), so a scan in key order (Pyrrho's row order) may read `rows` directly; false means it may not
 *    be, and such a scan goes through the primary key's tree. It is kept by install.ts: an inserted row (its
 *    defpos above every row's) keeps it when its key is above every key; a row whose key an Update changes
 *    clears it; adding a primary key computes it. So it is a function of the records installed, the same
 *    for a replay, for live transactions and for a checkpoint written from either.
 */
import { BTree } from '../common/tree/btree';
import { compareNumbers } from '../common/tree/compare-numbers';
import type { Row } from '../common/values/value';
import type { TableColumn } from './table-column';
import type { TableIndex } from './table-index';

/** A CHECK constraint; `column` is -1 for a table constraint. Level 4 evaluates `sql`. */
export interface TableCheck {
  readonly defpos: number;
  readonly table: number;
  readonly column: number;
  readonly name: string;
  readonly sql: string;
}

/** A check constraint, by the one literal every check is made by (decision 0038). */
export function tableCheck(defpos: number, table: number, column: number, name: string, sql: string): TableCheck {
  return { defpos, table, column, name, sql };
}

/** A table. Immutable: every change gives a new Table sharing the unchanged trees. */
export interface Table {
  readonly defpos: number;
  readonly name: string;
  /** live columns in seq order */
  readonly columns: readonly TableColumn[];
  /** row defpos → values by slot */
  readonly rows: BTree<number, Row>;
  readonly indexes: readonly TableIndex[];
  readonly primaryKey: TableIndex | null;
  readonly checks: readonly TableCheck[];
  /** slots ever assigned; rows are arrays of (at most) this length */
  readonly slotCount: number;
  /** row defpos → ppos of its latest Update (invariant 4) */
  readonly updates: BTree<number, number>;
  /** `rows` are in primary-key order (invariant 5) */
  readonly keyOrdered: boolean;
  /** the structured type a table created OF a type has (its PType's defpos), else -1 */
  readonly ofType: number;
}

const EMPTY_ROWS: BTree<number, Row> = BTree.empty<number, Row>(compareNumbers);
const EMPTY_UPDATES: BTree<number, number> = BTree.empty<number, number>(compareNumbers);

/** The empty tree of row defposes, shared by every new table. */
export function emptyRowTree(): BTree<number, Row> {
  return EMPTY_ROWS;
}

/** A new table with no columns, rows, indexes or checks. */
export function emptyTable(defpos: number, name: string, ofType = -1): Table {
  return {
    defpos,
    name,
    columns: [],
    rows: EMPTY_ROWS,
    indexes: [],
    primaryKey: null,
    checks: [],
    slotCount: 0,
    updates: EMPTY_UPDATES,
    keyOrdered: true,
    ofType,
  };
}

/** The fields a schema change may give a table (everything but its identity and contents). */
export type TableChange = Partial<Pick<Table, 'name' | 'columns' | 'indexes' | 'primaryKey' | 'checks' | 'slotCount' | 'keyOrdered'>>;

/** The same table with `change` applied. Every table is built by one of the three literals in this file, with the
 *  same fields in the same order, so that all tables share one hidden class: a copy made by object spread
 *  (`{ ...t, x }`) gets a class of its own that V8 may make afresh for the next copy, and every optimised function
 *  that had seen the old one is thrown away (decision 0038). */
export function tableWith(t: Table, change: TableChange): Table {
  return {
    defpos: t.defpos,
    name: change.name ?? t.name,
    columns: change.columns ?? t.columns,
    rows: t.rows,
    indexes: change.indexes ?? t.indexes,
    primaryKey: change.primaryKey !== undefined ? change.primaryKey : t.primaryKey,
    checks: change.checks ?? t.checks,
    slotCount: change.slotCount ?? t.slotCount,
    updates: t.updates,
    keyOrdered: change.keyOrdered ?? t.keyOrdered,
    ofType: t.ofType,
  };
}

/** The same table with new rows, row versions and index trees (`indexes` parallel to `table.indexes`), whose rows
 *  are in key order or not (invariant 5). */
export function withContents(
  table: Table,
  rows: BTree<number, Row>,
  updates: BTree<number, number>,
  indexes: readonly TableIndex[],
  keyOrdered: boolean,
): Table {
  let primaryKey: TableIndex | null = null;
  if (table.primaryKey !== null) {
    for (const ix of indexes) if (ix.defpos === table.primaryKey.defpos) primaryKey = ix;
  }
  return {
    defpos: table.defpos,
    name: table.name,
    columns: table.columns,
    rows,
    indexes,
    primaryKey,
    checks: table.checks,
    slotCount: table.slotCount,
    updates,
    keyOrdered,
    ofType: table.ofType,
  };
}

/** The live column called `name` (names are already case-folded), or undefined. */
export function columnByName(table: Table, name: string): TableColumn | undefined {
  for (const c of table.columns) if (c.name === name) return c;
  return undefined;
}

/** The live column with this defpos, or undefined. */
export function columnByDefpos(table: Table, defpos: number): TableColumn | undefined {
  for (const c of table.columns) if (c.defpos === defpos) return c;
  return undefined;
}

/** The live column stored in this slot, or undefined. */
export function columnBySlot(table: Table, slot: number): TableColumn | undefined {
  for (const c of table.columns) if (c.slot === slot) return c;
  return undefined;
}

/** The position of the index with this defpos in `table.indexes`, or -1. */
export function indexPosition(table: Table, defpos: number): number {
  const ix = table.indexes;
  for (let i = 0; i < ix.length; i++) if (ix[i]!.defpos === defpos) return i;
  return -1;
}

/** The check with this defpos, or undefined. */
export function checkByDefpos(table: Table, defpos: number): TableCheck | undefined {
  for (const c of table.checks) if (c.defpos === defpos) return c;
  return undefined;
}

/** The value of `slot` in `row` (NULL past the row's end). */
export function cell(row: Row, slot: number): Row[number] {
  return row[slot] ?? null;
}
