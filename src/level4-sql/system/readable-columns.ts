/**
 * src/level4-sql/system/readable-columns.ts — the columns of every table in column order, and those of them the
 * session may read (access/auth.ts: every column for the owner, else those it holds SELECT on); Role$Column and
 * information_schema.columns show the second.
 */
import type { Table } from '../../level3-objects/table';
import type { TableColumn } from '../../level3-objects/table-column';
import { Privilege } from '../../level3-objects/security';
import type { ExecContext } from '../context';

/** A column with its table and its position there (1, 2, …). */
export interface PlacedColumn {
  readonly table: Table;
  readonly column: TableColumn;
  readonly ordinal: number;
}

/** Every table's columns, tables in creation order, columns in their order. */
export function allColumns(ctx: ExecContext): PlacedColumn[] {
  const out: PlacedColumn[] = [];
  const tables = [...ctx.tx.state.tables()].sort((a, b) => a.defpos - b.defpos);
  for (const table of tables) [...table.columns].sort((a, b) => a.seq - b.seq).forEach((column, i) => out.push({ table, column, ordinal: i + 1 }));
  return out;
}

/** The columns the session may read. */
export function readableColumns(ctx: ExecContext): PlacedColumn[] {
  const auth = ctx.auth;
  const all = allColumns(ctx);
  if (auth === null || auth.owner) return all;
  const security = ctx.tx.state.security;
  return all.filter(({ table: t, column: c }) => {
    const need = { privilege: Privilege.Select, object: t.defpos, objectName: '', columns: [c.defpos], columnNames: [c.name], what: `table ${t.name}` };
    return security.denied(auth.ids, need) === null;
  });
}
