/**
 * src/level3-objects/table-column.ts — a column of a table as a snapshot sees it.
 *
 * 1. `defpos` is the ppos of the PColumn that defined the column; an Alter keeps it (and the slot).
 * 2. `slot` is the column's index in row arrays. It is assigned from the table's `slotCount` when the column
 *    is created and never reused, so dropping a column never moves another column's values.
 * 3. `seq` orders the live columns for `SELECT *`; it need not be dense (a dropped column leaves a gap).
 */
import type { SqlType } from '../common/values/sql-type';
import type { Alter, Identity, PColumn } from '../level2-physical/physical';

/** A live column of a table. Immutable. */
export interface TableColumn {
  readonly defpos: number;
  readonly table: number;
  readonly name: string;
  readonly seq: number;
  /** index into row arrays; assigned when the column is created, never reused */
  readonly slot: number;
  readonly type: SqlType;
  readonly notNull: boolean;
  readonly defaultSql: string | null;
  /** `GENERATED ALWAYS AS (expr)`: the SQL text Level 4 computes the column from; null for an ordinary column */
  readonly generatedSql: string | null;
  /** `GENERATED … AS IDENTITY`: Level 4 draws the column's values; null for an ordinary column */
  readonly identity: Identity | null;
}

/** The column a PColumn record defines, given the slot its table assigns it. */
export function columnFromRecord(rec: PColumn, slot: number): TableColumn {
  return {
    defpos: rec.ppos,
    table: rec.table,
    name: rec.name,
    seq: rec.seq,
    slot,
    type: rec.dataType,
    notNull: rec.notNull,
    defaultSql: rec.defaultSql,
    generatedSql: rec.generatedSql ?? null,
    identity: rec.identity ?? null,
  };
}

/** The column as an Alter record redefines it: identity, table and slot are kept. */
export function alterColumn(col: TableColumn, rec: Alter): TableColumn {
  return {
    defpos: col.defpos,
    table: col.table,
    name: rec.name,
    seq: rec.seq,
    slot: col.slot,
    type: rec.dataType,
    notNull: rec.notNull,
    defaultSql: rec.defaultSql,
    generatedSql: rec.generatedSql ?? null,
    identity: rec.identity ?? null,
  };
}

/** The same column under another name (a literal: every column has one hidden class, decision 0038). */
export function columnNamed(col: TableColumn, name: string): TableColumn {
  return {
    defpos: col.defpos,
    table: col.table,
    name,
    seq: col.seq,
    slot: col.slot,
    type: col.type,
    notNull: col.notNull,
    defaultSql: col.defaultSql,
    generatedSql: col.generatedSql,
    identity: col.identity,
  };
}

/** Orders columns by `seq` (then defpos, so the order is total). */
export function compareColumns(a: TableColumn, b: TableColumn): number {
  return a.seq - b.seq || a.defpos - b.defpos;
}
