/**
 * src/cli/meta-commands.ts — pyrrhocmd's meta-commands, in psql's spelling (`\dt`) and the sqlite3 shell's
 * (`.tables`): what they mean, never how they run.
 *
 * 1. A meta-command is a line that starts with `\` or `.` where a statement could start; it ends at the end
 *    of the line and takes no `;`.
 * 2. Catalog commands are ordinary queries over the system tables (`Sys$Table`, `Sys$Column`, `Sys$Index`,
 *    `Sys$User`, `Sys$Role`): no special path into the engine, so they work embedded and over TCP alike.
 * 3. A table name is folded as SQL folds an identifier: upper case unless written in double quotes.
 * 4. Anything else is answered with the list of meta-commands (an unknown one is an error line, not SQL).
 */
import type { OutputMode } from './output-format';

/** What a meta-command asks for. */
export type MetaCommand =
  | {
      readonly kind: 'queries';
      readonly queries: readonly { readonly title: string | null; readonly sql: string }[];
      /** said instead of the results when the first query finds no row */
      readonly ifNone?: string;
    }
  | { readonly kind: 'timing'; readonly on: boolean | null }
  | { readonly kind: 'format'; readonly mode: OutputMode }
  | { readonly kind: 'include'; readonly file: string }
  | { readonly kind: 'help' }
  | { readonly kind: 'error'; readonly message: string };

export const META_HELP = `Meta-commands (a line of their own; psql's and the sqlite3 shell's spellings both work):
  \\dt  .tables              tables and views, with their column and row counts
  \\d NAME  .schema NAME      a table's columns, keys and indexes (\\d alone: the tables)
  \\di [NAME]  .indexes       indexes and keys (of one table)
  \\du  .users               users and roles
  \\explain SQL  .explain SQL the plan of a statement (EXPLAIN SQL)
  \\timing [on|off]  .timer on|off   print how long each statement took
  \\format table|csv|json  .mode table|csv|json   how results print (also --csv / --json)
  \\i FILE  .read FILE        run the statements in FILE
  \\?  .help                  this list`;

/** True when `line` is a meta-command (invariant 1). */
export function isMetaCommand(line: string): boolean {
  return /^\s*[\\.][A-Za-z?]/.test(line);
}

/** The SQL string literal of `s`. */
function literal(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/** `name` folded as an SQL identifier (invariant 3). */
export function foldName(name: string): string {
  const t = name.trim();
  if (t.length >= 2 && t.startsWith('"') && t.endsWith('"')) return t.slice(1, -1).replace(/""/g, '"');
  return t.toUpperCase();
}

const TABLES = 'SELECT name, kind, columns, "ROWS", primary_key FROM "Sys$Table" ORDER BY kind, name';

function describe(name: string): MetaCommand {
  const n = literal(foldName(name));
  return {
    kind: 'queries',
    ifNone: `No table named ${foldName(name)}.`,
    queries: [
      {
        title: `Table ${foldName(name)}`,
        sql: `SELECT name, type, not_null, "DEFAULT", generated FROM "Sys$Column" WHERE table_name = ${n} ORDER BY seq`,
      },
      { title: 'Keys and indexes', sql: `SELECT name, kind, columns, "REFERENCES", on_delete, on_update FROM "Sys$Index" WHERE table_name = ${n} ORDER BY pos` },
    ],
  };
}

function indexes(name: string): MetaCommand {
  const where = name === '' ? '' : ` WHERE table_name = ${literal(foldName(name))}`;
  return { kind: 'queries', queries: [{ title: null, sql: `SELECT table_name, name, kind, columns, "REFERENCES" FROM "Sys$Index"${where} ORDER BY table_name, pos` }] };
}

const USERS: MetaCommand = {
  kind: 'queries',
  queries: [
    { title: 'Users', sql: 'SELECT * FROM "Sys$User"' },
    { title: 'Roles', sql: 'SELECT * FROM "Sys$Role"' },
  ],
};

function onOff(arg: string, what: string): boolean | null | string {
  const a = arg.toLowerCase();
  if (a === '') return null;
  if (a === 'on') return true;
  if (a === 'off') return false;
  return `${what} takes on or off, not '${arg}'`;
}

/** What the meta-command `line` asks for (see the file header). */
export function parseMetaCommand(line: string): MetaCommand {
  const m = /^\s*([\\.][A-Za-z?]+)\s*(.*?)\s*;?\s*$/.exec(line);
  if (m === null) return { kind: 'help' };
  const cmd = m[1]!.toLowerCase();
  const arg = m[2]!;
  switch (cmd) {
    case '\\dt':
    case '.tables':
      return { kind: 'queries', queries: [{ title: null, sql: TABLES }] };
    case '\\d':
    case '.schema':
      return arg === '' ? { kind: 'queries', queries: [{ title: null, sql: TABLES }] } : describe(arg);
    case '\\di':
    case '.indexes':
      return indexes(arg);
    case '\\du':
    case '.users':
      return USERS;
    case '\\explain':
    case '.explain':
      if (arg === '') return { kind: 'error', message: `${m[1]} needs a statement to explain` };
      return { kind: 'queries', queries: [{ title: null, sql: `EXPLAIN ${arg}` }] };
    case '\\timing':
    case '.timer': {
      const on = onOff(arg, m[1]!);
      return typeof on === 'string' ? { kind: 'error', message: on } : { kind: 'timing', on };
    }
    case '\\format':
    case '.mode': {
      const mode = arg.toLowerCase();
      if (mode === 'table' || mode === 'box' || mode === 'csv' || mode === 'json') return { kind: 'format', mode: mode === 'box' ? 'table' : mode };
      return { kind: 'error', message: `${m[1]} takes table, csv or json, not '${arg}'` };
    }
    case '\\i':
    case '\\include':
    case '.read':
      if (arg === '') return { kind: 'error', message: `${m[1]} needs a file name` };
      return { kind: 'include', file: arg.replace(/^'(.*)'$/, '$1') };
    case '\\?':
    case '.help':
      return { kind: 'help' };
    default:
      return { kind: 'error', message: `unknown meta-command ${m[1]} (\\? lists them)` };
  }
}
