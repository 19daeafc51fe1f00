/**
 * src/level4-sql/system/information-schema.ts — the standard's INFORMATION_SCHEMA.TABLES, COLUMNS and VIEWS over
 * the catalog, for code written to the standard (Pyrrho's own Sys$ and Role$ tables say more).
 *
 * 1. They are system tables named `information_schema.tables` …, found as the others are (system-tables.ts
 *    invariant 1): the qualified name, any case. The database has one schema, PUBLIC (names fold to upper case
 *    here, so it is written so); TABLE_CATALOG is NULL.
 * 2. A session sees what it may read: every table and view for the owner, else the tables with a column it may
 *    read (and of those columns only those) and the views it may SELECT from.
 * 3. COLUMNS: IS_NULLABLE and IS_IDENTITY are 'YES' / 'NO', IS_GENERATED 'ALWAYS' / 'NEVER'; DATA_TYPE is the
 *    type's name without its parameters, which CHARACTER_MAXIMUM_LENGTH, NUMERIC_PRECISION and NUMERIC_SCALE give.
 *    VIEWS: VIEW_DEFINITION is the query as written; CHECK_OPTION is 'CASCADED', 'LOCAL' or 'NONE'.
 */
import { CHAR, INTEGER, typeToSql } from '../../common/values/sql-type';
import type { Row } from '../../common/values/value';
import { ViewCheckCode } from '../../level2-physical/physical';
import { Privilege } from '../../level3-objects/security';
import type { ExecContext } from '../context';
import { define } from './define';
import { readableColumns } from './readable-columns';

const SCHEMA = 'PUBLIC';

/** The views the session may SELECT from (invariant 2). */
function readableViews(ctx: ExecContext) {
  const state = ctx.tx.state;
  const views = [...state.views()].sort((a, b) => a.defpos - b.defpos);
  const auth = ctx.auth;
  if (auth === null || auth.owner) return views;
  const need = (defpos: number, name: string) => ({ privilege: Privilege.Select, object: defpos, objectName: name, columns: [], columnNames: [], what: `view ${name}` });
  return views.filter((v) => state.security.denied(auth.ids, need(v.defpos, v.name)) === null);
}

export const INFO_TABLES = define(
  'information_schema.tables',
  [
    ['TABLE_CATALOG', CHAR],
    ['TABLE_SCHEMA', CHAR],
    ['TABLE_NAME', CHAR],
    ['TABLE_TYPE', CHAR],
  ],
  (ctx) => {
    const names = [...new Set(readableColumns(ctx).map((c) => c.table.name))];
    const out: Row[] = names.map((n) => [null, SCHEMA, n, 'BASE TABLE']);
    for (const v of readableViews(ctx)) out.push([null, SCHEMA, v.name, 'VIEW']);
    return out;
  },
);

export const INFO_COLUMNS = define(
  'information_schema.columns',
  [
    ['TABLE_CATALOG', CHAR],
    ['TABLE_SCHEMA', CHAR],
    ['TABLE_NAME', CHAR],
    ['COLUMN_NAME', CHAR],
    ['ORDINAL_POSITION', INTEGER],
    ['COLUMN_DEFAULT', CHAR],
    ['IS_NULLABLE', CHAR],
    ['DATA_TYPE', CHAR],
    ['CHARACTER_MAXIMUM_LENGTH', INTEGER],
    ['NUMERIC_PRECISION', INTEGER],
    ['NUMERIC_SCALE', INTEGER],
    ['IS_IDENTITY', CHAR],
    ['IS_GENERATED', CHAR],
    ['GENERATION_EXPRESSION', CHAR],
  ],
  (ctx) =>
    readableColumns(ctx).map(({ table, column: c, ordinal }) => {
      const t = c.type;
      return [
        null,
        SCHEMA,
        table.name,
        c.name,
        ordinal,
        c.defaultSql,
        c.notNull ? 'NO' : 'YES',
        typeToSql(t).replace(/\(.*\)$/, ''),
        t.kind === 'CHAR' ? (t.length ?? null) : null,
        t.kind === 'NUMERIC' ? (t.precision ?? null) : null,
        t.kind === 'NUMERIC' ? (t.scale ?? null) : null,
        c.identity === null ? 'NO' : 'YES',
        c.generatedSql === null ? 'NEVER' : 'ALWAYS',
        c.generatedSql,
      ];
    }),
);

const CHECK_OPTIONS: Readonly<Record<ViewCheckCode, string>> = {
  [ViewCheckCode.None]: 'NONE',
  [ViewCheckCode.Local]: 'LOCAL',
  [ViewCheckCode.Cascaded]: 'CASCADED',
};

export const INFO_VIEWS = define(
  'information_schema.views',
  [
    ['TABLE_CATALOG', CHAR],
    ['TABLE_SCHEMA', CHAR],
    ['TABLE_NAME', CHAR],
    ['VIEW_DEFINITION', CHAR],
    ['CHECK_OPTION', CHAR],
  ],
  (ctx) => readableViews(ctx).map((v) => [null, SCHEMA, v.name, v.sql, CHECK_OPTIONS[v.check]]),
);
