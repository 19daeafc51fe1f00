#!/usr/bin/env node
/**
 * src/cli/pyrrhocmd.ts — `pyrrhocmd`, the SQL REPL and script runner.
 *
 * Usage: pyrrhocmd [-h:host] [-p:port] [-e SQL | -e:SQL] [-f FILE] DATABASE
 *   - DATABASE opens DATABASE.pfl in the current directory (embedded) unless -h names a server.
 *   - With -e, runs the SQL and exits; with -f FILE or input that is not a terminal, runs the script
 *     (statements end with `;`) and stops at the first error; otherwise an interactive `SQL>` prompt.
 * 1. pyrrhocmd talks only through the client (`PyrrhoConnect`), so it exercises what users do.
 * 2. Exit code: 0 when everything ran, 1 after an error in -e/script mode, 2 on bad usage.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as readline from 'readline';
import { SqlError } from '../common/errors';
import { PyrrhoConnect } from '../client/pyrrho-connect';
import { bracketDepth, splitStatements, unbracket } from './script';
import { caretLines, renderTable } from './table-format';

interface Options {
  host: string | null;
  port: number | null;
  exec: string | null;
  file: string | null;
  database: string | null;
  help: boolean;
}

const USAGE = `usage: pyrrhocmd [-h:host] [-p:port] [-e SQL | -e:SQL] [-f FILE] DATABASE
  DATABASE     opens DATABASE.pfl in the current directory (created if absent; DATABASE may end in .pfl); :memory: for a scratch database
  -e SQL       run SQL (one or more statements separated by ;) and exit
  -f FILE      run the statements in FILE and exit (stdin works too: pyrrhocmd shop < script.sql)
  -h:host -p:port   connect to a pyrrhosvr server instead of opening the file here
At the SQL> prompt: one statement per line, or [ … ] across lines; QUIT or EXIT to leave; HELP for help.`;

const HELP = `One statement per line (several may be separated by ;), or several lines inside [ … ].
  create table t (id int primary key, name varchar(20), price numeric(7,2))
  insert into t values (1, 'lamp', 19.99), (2, 'desk', 120)
  select name, price from t where id = 1        explain select … shows the plan
  begin transaction … commit | rollback          (the prompt is SQL-T> inside a transaction)
Ctrl-C clears the line; QUIT, EXIT or Ctrl-D leaves (an open transaction is rolled back).
docs/sql-dialect.md lists the SQL; errors show their SQLSTATE (docs/sqlstate.md).`;

/** Parses argv (without node and script); throws a string describing bad usage. */
export function parseArgs(argv: readonly string[]): Options {
  const o: Options = { host: null, port: null, exec: null, file: null, database: null, help: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    const inline = (flag: string): string | null => (a.startsWith(`${flag}:`) ? a.slice(flag.length + 1) : null);
    const next = (): string => {
      const v = argv[++i];
      if (v === undefined) throw `${a} needs a value`;
      return v;
    };
    if (a === '--help' || a === '-?') o.help = true;
    else if (a === '-e') o.exec = next();
    else if (inline('-e') !== null) o.exec = inline('-e');
    else if (a === '-f') o.file = next();
    else if (inline('-f') !== null) o.file = inline('-f');
    else if (a === '-h') o.host = next();
    else if (inline('-h') !== null) o.host = inline('-h');
    else if (a === '-p' || inline('-p') !== null) {
      const v = a === '-p' ? next() : (inline('-p') as string);
      const port = Number(v);
      if (!Number.isInteger(port) || port <= 0 || port > 65535) throw `bad port '${v}'`;
      o.port = port;
    } else if (a.startsWith('-') && a !== '-') throw `unknown option ${a}`;
    else if (o.database === null) o.database = a;
    else throw `unexpected argument ${a}`;
  }
  if (!o.help && o.database === null) throw 'no DATABASE given';
  if (o.exec !== null && o.file !== null) throw '-e and -f cannot be used together';
  return o;
}

/** Runs statements against a connection and writes what a person should see. */
export class Shell {
  constructor(
    readonly conn: PyrrhoConnect,
    private readonly write: (text: string) => void,
  ) {}

  /** Runs every statement of `text`; returns false at the first error (after reporting it). With
   *  `script` set, errors also say at which line of the script the failing statement starts. */
  async run(text: string, script = false): Promise<boolean> {
    for (const stmt of splitStatements(text)) {
      const sql = unbracket(stmt.text);
      if (sql.trim() === '') continue;
      const line = script ? text.slice(0, stmt.offset).split('\n').length : null;
      if (!(await this.runOne(sql, line))) return false;
    }
    return true;
  }

  private async runOne(sql: string, line: number | null): Promise<boolean> {
    try {
      const cmd = this.conn.createCommand(sql);
      const reader = await cmd.executeReader();
      const n = reader.fieldCount;
      if (n === 0) {
        const k = reader.recordsAffected;
        this.write(/^\s*(insert|update|delete)\b/i.test(sql) ? `${k} record${k === 1 ? '' : 's'} affected` : 'ok');
        return true;
      }
      const columns: string[] = [];
      const types: string[] = [];
      const declaredTypes: string[] = [];
      for (let i = 0; i < n; i++) {
        columns.push(reader.getName(i));
        types.push(reader.getFieldType(i));
        declaredTypes.push(reader.getDataTypeName(i));
      }
      const rows: unknown[][] = [];
      while (await reader.read()) rows.push(columns.map((_c, i) => reader.getValue(i)));
      this.write(renderTable({ columns, types, declaredTypes, rows }));
      return true;
    } catch (e) {
      this.write(describeError(e, sql, line));
      return false;
    }
  }
}

/** The error as a person should read it: SQLSTATE, message, where (a caret under the position, or the
 *  statement's first line; the script line when known), detail, hint. */
export function describeError(e: unknown, sql: string, scriptLine: number | null = null): string {
  if (!(e instanceof SqlError)) return `Error: ${e instanceof Error ? e.message : String(e)}`;
  const lines = [`Error ${e.sqlState}: ${e.message}${scriptLine === null ? '' : ` (statement at line ${scriptLine})`}`];
  if (e.position !== undefined) lines.push(...caretLines(sql, e.position).map((l) => `  ${l}`));
  else if (sql.trim() !== '') {
    const first = sql.trim().split('\n')[0] as string;
    lines.push(`  in: ${first.length > 100 ? `${first.slice(0, 100)}…` : first}`);
  }
  if (e.detail) lines.push(`Detail: ${e.detail}`);
  if (e.hint) lines.push(`Hint: ${e.hint}`);
  return lines.join('\n');
}

async function interactive(shell: Shell): Promise<void> {
  const historyFile = path.join(os.homedir(), '.pyrrhocmd_history');
  let history: string[] = [];
  try {
    history = fs.readFileSync(historyFile, 'utf8').split('\n').filter(Boolean).reverse().slice(0, 500);
  } catch {
    history = [];
  }
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout, history, historySize: 500 });
  console.log(`pyrrhodb: ${shell.conn.description}. One statement per line, [ … ] for several lines, QUIT to leave.`);
  const prompt = (): void => rl.setPrompt(shell.conn.inTransaction ? 'SQL-T> ' : 'SQL> ');
  let pending = '';
  prompt();
  rl.prompt();
  // Ctrl-C clears what is being typed (a line or a [ … ] block); it never leaves: QUIT or Ctrl-D do
  rl.on('SIGINT', () => {
    const hadInput = pending !== '' || rl.line !== '';
    pending = '';
    (rl as unknown as { line: string }).line = '';
    process.stdout.write(hadInput ? '^C\n' : '^C (QUIT or Ctrl-D to leave)\n');
    prompt();
    rl.prompt();
  });
  for await (const line of rl) {
    const text = pending === '' ? line : `${pending}\n${line}`;
    if (pending === '' && /^\s*(quit|exit)\s*;?\s*$/i.test(line)) break;
    if (pending === '' && /^\s*help\s*;?\s*$/i.test(line)) {
      console.log(HELP);
    } else if (text.trimStart().startsWith('[') && (bracketDepth(text) > 0 || !text.trimEnd().endsWith(']'))) {
      pending = text;
      rl.setPrompt('> ');
      rl.prompt();
      continue;
    } else {
      pending = '';
      if (text.trim() !== '') {
        await shell.run(text);
        appendHistory(historyFile, text);
      }
    }
    prompt();
    rl.prompt();
  }
  rl.close();
}

function appendHistory(file: string, text: string): void {
  try {
    fs.appendFileSync(file, text.replace(/\n/g, ' ') + '\n');
  } catch {
    // history is a convenience: an unwritable home directory must not stop the shell
  }
}

/** Entry point; returns the process exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  let options: Options;
  try {
    options = parseArgs(argv);
  } catch (why) {
    console.error(`pyrrhocmd: ${String(why)}\n${USAGE}`);
    return 2;
  }
  if (options.help) {
    console.log(USAGE);
    return 0;
  }
  const parts = [`Files=${options.database}`];
  if (options.host !== null) parts.push(`Host=${options.host}`);
  if (options.port !== null) parts.push(`Port=${options.port}`);
  const conn = new PyrrhoConnect(parts.join(';'));
  try {
    await conn.open();
  } catch (e) {
    console.error(describeError(e, ''));
    return 1;
  }
  const shell = new Shell(conn, (t) => console.log(t));
  try {
    if (options.exec !== null) return (await shell.run(options.exec)) ? 0 : 1;
    if (options.file !== null || !process.stdin.isTTY) {
      const script = readScript(options.file);
      if (script === null) return 1;
      return (await shell.run(script, true)) ? 0 : 1;
    }
    await interactive(shell);
    return 0;
  } finally {
    if (conn.inTransaction) console.error('pyrrhocmd: the open transaction has been rolled back (no COMMIT before the end)');
    await conn.close();
  }
}

/** The script from a file, or from stdin when `file` is null; null (after saying why) when unreadable. */
function readScript(file: string | null): string | null {
  try {
    return fs.readFileSync(file ?? 0, 'utf8');
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message;
    console.error(`pyrrhocmd: cannot read ${file ?? 'standard input'}: ${why}`);
    return null;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      console.error(describeError(e, ''));
      process.exitCode = 1;
    },
  );
}
