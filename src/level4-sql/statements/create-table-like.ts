/**
 * src/level4-sql/statements/create-table-like.ts — `LIKE s` in CREATE TABLE (the standard's, with PostgreSQL's
 * options): another table's columns, and what its options copy.
 *
 * 1. The columns of s come where LIKE is written among the column definitions, with their names, types and NOT
 *    NULL, always. INCLUDING DEFAULTS copies their DEFAULTs, IDENTITY their identity (else an identity column is
 *    a plain INTEGER NOT NULL), GENERATED their generation expressions (else a generated column is a plain one,
 *    its values given like any other's). Options apply left to right; ALL is every one of them.
 * 2. INCLUDING CONSTRAINTS copies s's CHECK constraints; INCLUDING INDEXES its primary key, UNIQUE constraints and
 *    indexes, document paths included (not the `_id` index of a DOCUMENT column, which the new table makes for
 *    itself). Copies are named as unnamed constraints and indexes of the new table are
 *    (names are one namespace per database). Foreign keys are never copied, nor rows, triggers or privileges.
 * 3. s must be a table (42P01 when there is none; 42809 for a view). A copied primary key where the statement
 *    declares one too is 42P16; a column name that two elements give is 42701.
 */
import { SqlError, SqlState } from '../../common/errors';
import { IndexKind, type KeyPath } from '../../level2-physical/physical';
import type { Table } from '../../level3-objects/table';
import type { TableIndex } from '../../level3-objects/table-index';
import type { Transaction } from '../../level3-objects/transaction';
import { parseExpression, type LikeTable } from '../parse';
import { addCheck, columnByName, constraintName, currentTable } from './constraints';

/** The table `like` names (invariant 3). */
export function likeSource(tx: Transaction, like: LikeTable): Table {
  const t = tx.state.tableByName(like.table);
  if (t !== undefined) return t;
  if (tx.state.viewByName(like.table) !== undefined) {
    throw SqlError.of(SqlState.WrongObjectType, [like.table, 'table'], { position: like.position, hint: 'LIKE copies the columns of a table.' });
  }
  throw SqlError.of(SqlState.UndefinedTable, [like.table], { position: like.position });
}

/** Adds the columns of `source` to `table` (invariant 1); `inKey` names the columns of the statement's primary key. */
export function addLikeColumns(tx: Transaction, table: number, source: Table, like: LikeTable, inKey: ReadonlySet<string>): void {
  const o = like.include;
  for (const c of source.columns) {
    const identity = o.identity ? c.identity : null;
    tx.addColumn(table, {
      name: c.name,
      type: c.type,
      notNull: c.notNull || inKey.has(c.name),
      defaultSql: o.defaults ? c.defaultSql : null,
      ...(identity === null ? {} : { identity }),
      ...(o.generated && c.generatedSql !== null ? { generatedSql: c.generatedSql } : {}),
    });
  }
}

/** Adds the CHECK constraints and keys and indexes `like` asks to copy from `source` (invariant 2). */
export function addLikeRules(tx: Transaction, table: number, source: Table, like: LikeTable): void {
  if (like.include.constraints) {
    for (const k of source.checks) addCheck(tx, table, null, null, parseExpression(k.sql), k.sql);
  }
  if (!like.include.indexes) return;
  for (const ix of source.indexes) {
    if (ix.kind === IndexKind.ForeignKey || isIdIndex(ix)) continue;
    // the statement's own primary key, or an earlier LIKE's, is already there
    if (ix.kind === IndexKind.PrimaryKey && currentTable(tx, table).primaryKey !== null) {
      throw SqlError.of(SqlState.InvalidTableDefinition, [`multiple primary keys for table ${currentTable(tx, table).name}`], { position: like.position });
    }
    copyIndex(tx, table, source, ix, like.position);
  }
}

/** The unique index on `doc._id` every DOCUMENT column has: the new table made its own (create-table.ts invariant 4). */
function isIdIndex(ix: TableIndex): boolean {
  const p = ix.parts?.length === 1 ? ix.parts[0]! : null;
  return ix.kind === IndexKind.Unique && p !== null && p.type === null && p.path?.length === 1 && p.path[0]!.name === '_id' && p.path[0]!.exact;
}

/** `ix` of `source` made again on `table`'s columns of the same names, named as an unnamed one would be. */
function copyIndex(tx: Transaction, tableDefpos: number, source: Table, ix: TableIndex, position: number): void {
  const table = currentTable(tx, tableDefpos);
  const names = ix.slots.map((slot) => source.columns.find((c) => c.slot === slot)!.name);
  const columns = names.map((n) => columnByName(table, n, position));
  const suffix = ix.kind === IndexKind.PrimaryKey ? 'PKEY' : ix.kind === IndexKind.Unique ? `${names.join('_')}_KEY` : `${names.join('_')}_IDX`;
  const paths: Array<KeyPath | null> | undefined = ix.parts?.map((p) => (p.path === null && p.type === null ? null : { steps: p.path ?? [], type: p.type }));
  tx.createIndex(table.defpos, {
    name: constraintName(tx, table, null, `${table.name}_${suffix}`),
    kind: ix.kind,
    columns: columns.map((c) => c.defpos),
    ...(paths === undefined ? {} : { paths }),
  });
}
