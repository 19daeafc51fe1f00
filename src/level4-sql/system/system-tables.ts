/**
 * src/level4-sql/system/system-tables.ts — Pyrrho's system tables: read-only tables over the catalog and the
 * log, queryable with ordinary SQL (`select * from "Sys$Table"`, `table sys$column`).
 *
 * 1. A system table is found by name after the tables, views and CTEs of that name (a user's table hides it);
 *    its name matches case-insensitively, so Pyrrho's `"Sys$Table"` and the folded `SYS$TABLE` are one table.
 * 2. Rows are made when the rowset is opened, from the state of the running transaction (`ctx.tx.state`):
 *    they show the schema as the statement sees it, this transaction's own DDL included. `Log$` reads the
 *    committed log up to the transaction's snapshot (Level 3 `Transaction.committedLog`), never what is
 *    uncommitted.
 * 3. Column names are upper case as Pyrrho's are; every column is typed (INTEGER, CHAR, BOOLEAN, TIMESTAMP),
 *    so the tables join, filter and sort as any other.
 * 4. Writing to a system table is 42809 (it is not a base table): DML only ever looks up base tables and
 *    views, which these are not.
 */
import { SqlError, SqlState } from '../../common/errors';
import { BOOLEAN, CHAR, INTEGER, type SqlType, TIMESTAMP, typeToSql } from '../../common/values/sql-type';
import type { Row, Value } from '../../common/values/value';
import type { DatabaseState } from '../../level3-objects/database-state';
import { partText } from '../../level3-objects/key-part';
import { columnByDefpos, type Table } from '../../level3-objects/table';
import type { TableIndex } from '../../level3-objects/table-index';
import { IndexKind, RefAction, type Identity } from '../../level2-physical/physical';
import type { ExecContext } from '../context';
import { describeRecord } from './log-describe';
import { SYS_PRIVILEGE, SYS_ROLE, SYS_USER } from './security-tables';
import { ROLE_METHOD, ROLE_PROCEDURE, ROLE_TRIGGER, ROLE_TYPE } from './code-tables';
import { define, type SystemTable } from './define';
import { allColumns, type PlacedColumn, readableColumns } from './readable-columns';
import { INFO_COLUMNS, INFO_TABLES, INFO_VIEWS } from './information-schema';

export type { SystemTable } from './define';

const KIND_TEXT: Record<IndexKind, string> = {
  [IndexKind.PrimaryKey]: 'PRIMARY KEY',
  [IndexKind.Unique]: 'UNIQUE',
  [IndexKind.NonUnique]: 'INDEX',
  [IndexKind.ForeignKey]: 'FOREIGN KEY',
};

const ACTION_TEXT: Record<RefAction, string> = {
  [RefAction.Restrict]: 'RESTRICT',
  [RefAction.NoAction]: 'NO ACTION',
  [RefAction.Cascade]: 'CASCADE',
  [RefAction.SetNull]: 'SET NULL',
  [RefAction.SetDefault]: 'SET DEFAULT',
};

/** The text of each key part of `ix` in table `t`: a column name or a document path. */
function keyTexts(t: Table, ix: TableIndex): string[] {
  if (ix.parts !== null) return ix.parts.map((p) => partText(t, p));
  return ix.columns.map((c) => columnByDefpos(t, c)?.name ?? String(c));
}

function rowCount(t: Table): number {
  return t.rows.rank(Number.MAX_SAFE_INTEGER);
}

function tables(state: DatabaseState): Table[] {
  return [...state.tables()].sort((a, b) => a.defpos - b.defpos);
}

const SYS_TABLE = define(
  'Sys$Table',
  [
    ['POS', INTEGER],
    ['NAME', CHAR],
    ['KIND', CHAR],
    ['COLUMNS', INTEGER],
    ['ROWS', INTEGER],
    ['PRIMARY_KEY', CHAR],
    ['OF_TYPE', CHAR],
  ],
  (ctx) => {
    const state = ctx.tx.state;
    const out: Row[] = tables(state).map((t) => [
      t.defpos,
      t.name,
      'TABLE',
      t.columns.length,
      rowCount(t),
      t.primaryKey === null ? null : keyTexts(t, t.primaryKey).join(', '),
      t.ofType === -1 ? null : (state.udType(t.ofType)?.name ?? String(t.ofType)),
    ]);
    for (const v of [...state.views()].sort((a, b) => a.defpos - b.defpos)) {
      out.push([v.defpos, v.name, 'VIEW', v.columns.length > 0 ? v.columns.length : null, null, null, null]);
    }
    return out;
  },
);

const COLUMN_COLUMNS: ReadonlyArray<readonly [string, SqlType]> = [
  ['TABLE_NAME', CHAR],
  ['SEQ', INTEGER],
  ['NAME', CHAR],
  ['TYPE', CHAR],
  ['NOT_NULL', BOOLEAN],
  ['DEFAULT', CHAR],
  ['GENERATED', CHAR],
  ['IDENTITY', CHAR],
  ['POS', INTEGER],
];

/** `ALWAYS START 1 INCREMENT 1` / `BY DEFAULT …` for an identity column, NULL for any other. */
function identityText(id: Identity | null): string | null {
  return id === null ? null : `${id.always ? 'ALWAYS' : 'BY DEFAULT'} START ${id.start} INCREMENT ${id.increment}`;
}

/** Sys$Column's rows of `columns`. */
function columnRows(columns: readonly PlacedColumn[]): Row[] {
  return columns.map(({ table: t, column: c, ordinal }) => [t.name, ordinal, c.name, typeToSql(c.type), c.notNull, c.defaultSql, c.generatedSql, identityText(c.identity), c.defpos]);
}

const SYS_COLUMN = define('Sys$Column', COLUMN_COLUMNS, (ctx) => columnRows(allColumns(ctx)));
/** Pyrrho's name for the columns the current role sees: those the session may read (every column for the owner) */
const ROLE_COLUMN = define('Role$Column', COLUMN_COLUMNS, (ctx) => columnRows(readableColumns(ctx)));

const SYS_INDEX = define(
  'Sys$Index',
  [
    ['TABLE_NAME', CHAR],
    ['NAME', CHAR],
    ['KIND', CHAR],
    ['COLUMNS', CHAR],
    ['REFERENCES', CHAR],
    ['ON_DELETE', CHAR],
    ['ON_UPDATE', CHAR],
    ['POS', INTEGER],
  ],
  (ctx) => {
    const state = ctx.tx.state;
    const out: Row[] = [];
    for (const t of tables(state)) {
      for (const ix of t.indexes) {
        const fk = ix.kind === IndexKind.ForeignKey;
        const ref = fk ? (state.ownerOf(ix.refIndex)?.name ?? null) : null;
        out.push([
          t.name,
          ix.name,
          KIND_TEXT[ix.kind],
          keyTexts(t, ix).join(', '),
          ref,
          fk ? ACTION_TEXT[ix.onDelete] : null,
          fk ? ACTION_TEXT[ix.onUpdate] : null,
          ix.defpos,
        ]);
      }
    }
    return out;
  },
);

const SYS_KEY = define(
  'Sys$Key',
  [
    ['TABLE_NAME', CHAR],
    ['INDEX_NAME', CHAR],
    ['SEQ', INTEGER],
    ['COLUMN_NAME', CHAR],
    ['TYPE', CHAR],
  ],
  (ctx) => {
    const out: Row[] = [];
    for (const t of tables(ctx.tx.state)) {
      for (const ix of t.indexes) {
        const texts = keyTexts(t, ix);
        texts.forEach((text, i) => {
          const part = ix.parts?.[i];
          const type = part?.type ?? (part?.path ? null : (columnByDefpos(t, ix.columns[i]!)?.type ?? null));
          out.push([t.name, ix.name, i + 1, text, type === null ? null : typeToSql(type)]);
        });
      }
    }
    return out;
  },
);

const LOG = define(
  'Log$',
  [
    ['POS', INTEGER],
    ['TRANSACTION', INTEGER],
    ['TIME', TIMESTAMP],
    ['USER', CHAR],
    ['TYPE', CHAR],
    ['DESC', CHAR],
    ['AFFECTS', INTEGER],
  ],
  (ctx) => {
    const state = ctx.tx.state;
    const out: Row[] = [];
    for (const { header, records } of ctx.tx.committedLog()) {
      const time: Value = new Date(header.timestamp);
      for (const rec of records) {
        const d = describeRecord(rec, state);
        out.push([rec.ppos, header.ppos, time, header.user, d.type, d.desc, d.affects]);
      }
    }
    return out;
  },
);

const ALL: ReadonlyMap<string, SystemTable> = new Map(
  [SYS_TABLE, SYS_COLUMN, ROLE_COLUMN, SYS_INDEX, SYS_KEY, LOG, SYS_USER, SYS_ROLE, SYS_PRIVILEGE, ROLE_PROCEDURE, ROLE_TRIGGER, ROLE_TYPE, ROLE_METHOD, INFO_TABLES, INFO_COLUMNS, INFO_VIEWS].map((t) => [t.name.toUpperCase(), t]),
);

/** The system table named `name` (invariant 1), or undefined. */
export function findSystemTable(name: string): SystemTable | undefined {
  return ALL.get(name.toUpperCase());
}

/** Every system table, for documentation and tests. */
export function systemTables(): readonly SystemTable[] {
  return [...ALL.values()];
}

/**
 * The error for a statement that needs a base table named `name` and found none: 42809 when `name` is a system
 * table (invariant 4), else 42P01.
 */
export function noSuchTable(name: string, position: number): SqlError {
  const sys = findSystemTable(name);
  if (sys !== undefined) return SqlError.of(SqlState.WrongObjectType, [sys.name, 'base table (system tables are read-only)'], { position });
  return SqlError.of(SqlState.UndefinedTable, [name], { position });
}
