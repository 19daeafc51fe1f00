#!/usr/bin/env node
/**
 * src/cli/pyrrhocmd.ts — `pyrrhocmd`, the SQL REPL and script runner.
 *
 * Usage: pyrrhocmd [-h:host] [-p:port] [-u:user] [-e SQL | -e:SQL] [-f FILE] DATABASE | --check DATABASE
 *   - DATABASE opens DATABASE.pfl in the current directory (embedded) unless -h names a server; then it is
 *     the server's DATA/DATABASE.pfl, reached over TCP as user -u (default: the OS user) with the password
 *     from the environment variable PYRRHO_PASSWORD, else asked for without echo when stdin is a terminal.
 *   - With -e, runs the SQL and exits; with -f FILE or input that is not a terminal, runs the script
 *     (statements end with `;`) and stops at the first error; otherwise an interactive `SQL>` prompt.
 * 1. pyrrhocmd talks only through the client (`PyrrhoConnect`), so it exercises what users do.
 * 2. Exit code: 0 when everything ran, 1 after an error in -e/script mode, 2 on bad usage.
 * 3. Interactively, an embedded database runs on a worker thread (`PyrrhoConnect` `{ worker: true }`), so the
 *    prompt's thread stays free while a statement runs: a statement still running after about a second
 *    shows its progress (`… 1,234,567 rows`, one line, erased before the result), and Ctrl-C then cancels
 *    it (it fails with 57014 and changes nothing; the shell goes on). Ctrl-C with nothing running clears
 *    the line being typed; Ctrl-D cancels a running statement and leaves. -e and scripts run the database
 *    in this thread, as nothing can interrupt them. Over TCP the same holds through the protocol's Progress
 *    frames and Cancel message; a statement stays the running one until its last row has been read.
 * 4. `--check DATABASE` verifies DATABASE.pfl and its checkpoint without opening it for writing (no lock, no
 *    checkpoint written; check-report.ts prints what it found) and exits 0 when both are clean, 1 otherwise.
 * 5. The code cache (src/code-cache.ts) is installed before anything else of the package is loaded.
 */
import { useCodeCache } from '../code-cache';
useCodeCache();

import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as readline from 'readline';
import { SqlError } from '../common/errors';
import type { PyrrhoCommand } from '../client/pyrrho-command';
import { PyrrhoConnect } from '../client/pyrrho-connect';
import type { PyrrhoReader } from '../client/pyrrho-reader';
import { checkDatabaseFile } from '../client/transports/embedded';
import { formatCheckReport } from './check-report';
import { isMetaCommand, META_HELP, parseMetaCommand } from './meta-commands';
import { type OutputMode, renderCsv, renderJson } from './output-format';
import { ProgressLine } from './progress-line';
import { blockDepth, bracketDepth, splitMetaCommands, splitStatements, unbracket } from './script';
import { caretLines, renderTable } from './table-format';

interface Options {
  host: string | null;
  port: number | null;
  user: string | null;
  exec: string | null;
  file: string | null;
  database: string | null;
  help: boolean;
  /** how results print: --csv, --json (else boxed tables) */
  mode: OutputMode;
  /** --check: verify the file instead of opening it (invariant 4) */
  check: boolean;
}

const USAGE = `usage: pyrrhocmd [-h:host] [-p:port] [-u:user] [-e SQL | -e:SQL] [-f FILE] DATABASE
       pyrrhocmd --check DATABASE
  DATABASE     opens DATABASE.pfl in the current directory (created if absent; DATABASE may end in .pfl); :memory: for a scratch database
  -e SQL       run SQL (one or more statements separated by ;) and exit
  -f FILE      run the statements in FILE and exit (stdin works too: pyrrhocmd shop < script.sql)
  -h:host -p:port   connect to a pyrrhosvr server (default port 5433) instead of opening the file here
  -u:user      the user to connect as (default: the OS user); the password comes from PYRRHO_PASSWORD, else it is asked for
  --csv, --json     print results as CSV or JSON instead of tables (for scripts)
  --check      verify DATABASE.pfl (every frame, record and the replay) and its checkpoint, without writing; exit 0 when clean
At the SQL> prompt: one statement per line, or [ … ] across lines; QUIT or EXIT to leave; HELP for help.`;

const HELP = `One statement per line (several may be separated by ;), or several lines inside [ … ].
  create table t (id int primary key, name varchar(20), price numeric(7,2))
  insert into t values (1, 'lamp', 19.99), (2, 'desk', 120)
  select name, price from t where id = 1        explain select … shows the plan
  begin transaction … commit | rollback          (the prompt is SQL-T> inside a transaction)
Meta-commands on a line of their own: \dt or .tables (tables), \d NAME (a table's columns, keys and indexes),
\du (users and roles), \timing, \format csv|json|table, \i FILE; \? lists them all.
A statement running longer than a second shows the rows it has got through; Ctrl-C stops it (error 57014,
nothing changes). With nothing running, Ctrl-C clears the line; QUIT, EXIT or Ctrl-D leaves (an open
transaction is rolled back).
docs/sql-dialect.md lists the SQL; errors show their SQLSTATE (docs/sqlstate.md).`;

/** Parses argv (without node and script); throws a string describing bad usage. */
export function parseArgs(argv: readonly string[]): Options {
  const o: Options = { host: null, port: null, user: null, exec: null, file: null, database: null, help: false, mode: 'table', check: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    const inline = (flag: string): string | null => (a.startsWith(`${flag}:`) ? a.slice(flag.length + 1) : null);
    const next = (): string => {
      const v = argv[++i];
      if (v === undefined) throw `${a} needs a value`;
      return v;
    };
    if (a === '--help' || a === '-?') o.help = true;
    else if (a === '--csv') o.mode = 'csv';
    else if (a === '--json') o.mode = 'json';
    else if (a === '--check') o.check = true;
    else if (a === '-e') o.exec = next();
    else if (inline('-e') !== null) o.exec = inline('-e');
    else if (a === '-f') o.file = next();
    else if (inline('-f') !== null) o.file = inline('-f');
    else if (a === '-h') o.host = next();
    else if (inline('-h') !== null) o.host = inline('-h');
    else if (a === '-u') o.user = next();
    else if (inline('-u') !== null) o.user = inline('-u');
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
  if (o.check && (o.exec !== null || o.file !== null || o.host !== null)) throw '--check takes only a DATABASE (a file here)';
  return o;
}

/** Runs statements against a connection and writes what a person should see. */
export class Shell {
  private running: PyrrhoCommand | null = null;
  /** how results print (`\format`, `--csv`, `--json`) */
  mode: OutputMode = 'table';
  /** print each statement's time (`\timing`) */
  timing = false;
  /** files being run by `\i`, to refuse one that includes itself */
  private readonly including: string[] = [];

  constructor(
    readonly conn: PyrrhoConnect,
    private readonly write: (text: string) => void,
    private readonly progress: ProgressLine | null = null,
  ) {}

  /** Cancels the statement running now (it then fails with 57014); false when none is running. */
  cancel(): boolean {
    if (this.running === null) return false;
    this.running.cancel();
    return true;
  }

  /** Runs every statement of `text`; returns false at the first error (after reporting it). With
   *  `script` set, errors also say at which line of the script the failing statement starts. */
  async run(text: string, script = false): Promise<boolean> {
    for (const part of splitMetaCommands(text)) {
      if (part.meta) {
        if (!(await this.runMeta(part.text))) return false;
        continue;
      }
      for (const stmt of splitStatements(part.text)) {
        const sql = unbracket(stmt.text);
        if (sql.trim() === '') continue;
        const line = script ? text.slice(0, part.offset + stmt.offset).split('\n').length : null;
        if (!(await this.runOne(sql, line))) return false;
      }
    }
    return true;
  }

  /** Runs one meta-command (meta-commands.ts); false when it failed. */
  private async runMeta(line: string): Promise<boolean> {
    const m = parseMetaCommand(line);
    switch (m.kind) {
      case 'help':
        this.write(META_HELP);
        return true;
      case 'error':
        this.write(`Error: ${m.message}`);
        return false;
      case 'timing':
        this.timing = m.on ?? !this.timing;
        this.write(`Timing is ${this.timing ? 'on' : 'off'}.`);
        return true;
      case 'format':
        this.mode = m.mode;
        return true;
      case 'include':
        return this.include(m.file);
      case 'queries':
        if (m.ifNone !== undefined) {
          // the first query runs silently once to learn whether there is anything to show
          const probe = await this.execute(`SELECT count(*) FROM (${m.queries[0]!.sql}) AS q`).catch(() => null);
          if (probe !== null && (await probe.read()) && Number(probe.getValue(0)) === 0) {
            this.write(m.ifNone);
            return true;
          }
        }
        for (const q of m.queries) {
          if (q.title !== null && this.mode === 'table') this.write(q.title);
          if (!(await this.runOne(q.sql, null))) return false;
        }
        return true;
    }
  }

  /** `\i FILE`: the file's statements, stopping at the first error as a script does. */
  private async include(file: string): Promise<boolean> {
    const full = path.resolve(file);
    if (this.including.includes(full)) {
      this.write(`Error: ${file} includes itself`);
      return false;
    }
    let text: string;
    try {
      text = fs.readFileSync(full, 'utf8');
    } catch (e) {
      this.write(`Error: cannot read ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
      return false;
    }
    this.including.push(full);
    try {
      return await this.run(text, true);
    } finally {
      this.including.pop();
    }
  }

  private async runOne(sql: string, line: number | null): Promise<boolean> {
    const started = process.hrtime.bigint();
    const time = (): void => {
      if (this.timing) this.write(`Time: ${(Number(process.hrtime.bigint() - started) / 1e6).toFixed(3)} ms`);
    };
    try {
      const reader = await this.execute(sql);
      let n: number;
      const rows: unknown[][] = [];
      try {
        n = reader.fieldCount;
        // over TCP the rows arrive batch by batch: the command runs (progress, Ctrl-C) until they are all read
        while (n > 0 && (await reader.read())) rows.push(Array.from({ length: n }, (_c, i) => reader.getValue(i)));
      } finally {
        this.running = null;
        this.progress?.clear();
        await reader.close();
      }
      if (n === 0) {
        const k = reader.recordsAffected;
        // a statement that changes rows says how many (CREATE TABLE … AS too, when its query gave some)
        const changes = k > 0 || /^\s*(insert|update|delete|merge|replace|truncate)\b/i.test(sql);
        this.write(changes ? `${k} record${k === 1 ? '' : 's'} affected` : 'ok');
        time();
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
      const result = { columns, types, declaredTypes, rows };
      this.write(this.mode === 'csv' ? renderCsv(result) : this.mode === 'json' ? renderJson(result) : renderTable(result));
      time();
      return true;
    } catch (e) {
      this.write(describeError(e, sql, line));
      time();
      return false;
    }
  }

  /**
   * Starts one statement as the running command, its progress on the progress line; the caller reads its rows
   * and then ends the command (`running` null, the line erased), which this does itself when it fails.
   */
  private async execute(sql: string): Promise<PyrrhoReader> {
    const cmd = this.conn.createCommand(sql);
    const progress = this.progress;
    if (progress !== null) {
      progress.start();
      cmd.onProgress = (rows) => progress.update(rows);
    }
    this.running = cmd;
    try {
      return await cmd.executeReader();
    } catch (e) {
      this.running = null;
      progress?.clear();
      throw e;
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

/** Where the interactive shell reads and writes. */
export interface Terminal {
  readonly input: NodeJS.ReadableStream;
  readonly output: NodeJS.WritableStream;
  /** the history file, or null for none */
  readonly historyFile: string | null;
  /** how long a statement runs before its progress shows, in ms */
  readonly progressDelayMs?: number;
  /** how results print at first (`\format` changes it) */
  readonly mode?: OutputMode;
}

/** The `SQL>` prompt until QUIT, EXIT or the end of input (invariant 3 for Ctrl-C and progress). */
export async function interactive(conn: PyrrhoConnect, term: Terminal): Promise<void> {
  const out = (text: string): void => {
    term.output.write(text);
  };
  const progress = new ProgressLine(out, term.progressDelayMs);
  const shell = new Shell(conn, (t) => out(`${t}\n`), progress);
  shell.mode = term.mode ?? 'table';
  const historyFile = term.historyFile;
  let history: string[] = [];
  try {
    if (historyFile !== null) history = fs.readFileSync(historyFile, 'utf8').split('\n').filter(Boolean).reverse().slice(0, 500);
  } catch {
    history = [];
  }
  const rl = readline.createInterface({ input: term.input, output: term.output, terminal: true, history, historySize: 500 });
  out(`pyrrhodb: ${conn.description}. One statement per line, [ … ] for several lines, QUIT to leave.\n`);
  const prompt = (): void => rl.setPrompt(conn.inTransaction ? 'SQL-T> ' : 'SQL> ');
  let pending = '';
  prompt();
  rl.prompt();
  // Ctrl-C cancels the running statement, whose error then shows; with none running it clears what is
  // being typed (a line or a [ … ] block). It never leaves: QUIT or Ctrl-D do
  rl.on('SIGINT', () => {
    if (shell.cancel()) {
      progress.clear();
      out('^C\n');
      return;
    }
    const hadInput = pending !== '' || rl.line !== '';
    pending = '';
    (rl as unknown as { line: string }).line = '';
    out(hadInput ? '^C\n' : '^C (QUIT or Ctrl-D to leave)\n');
    prompt();
    rl.prompt();
  });
  // Ctrl-D (the end of input) while a statement runs leaves: the statement is cancelled, then the loop ends
  let ended = false;
  rl.on('close', () => {
    ended = true;
    shell.cancel();
  });
  for await (const line of rl) {
    const text = pending === '' ? line : `${pending}\n${line}`;
    if (pending === '' && /^\s*(quit|exit)\s*;?\s*$/i.test(line)) break;
    if (pending === '' && /^\s*help\s*;?\s*$/i.test(line)) {
      out(`${HELP}\n`);
    } else if (
      (text.trimStart().startsWith('[') && (bracketDepth(text) > 0 || !text.trimEnd().endsWith(']'))) ||
      (!isMetaCommand(text) && blockDepth(text) > 0)
    ) {
      // a [ … ] unit, or a compound statement (BEGIN … END), continues on the next line
      pending = text;
      rl.setPrompt('> ');
      rl.prompt();
      continue;
    } else {
      pending = '';
      if (text.trim() !== '') {
        await shell.run(text);
        if (historyFile !== null) appendHistory(historyFile, text);
      }
    }
    if (ended) break;
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
/** `--check DATABASE` (invariant 4). */
function check(database: string): number {
  try {
    const report = checkDatabaseFile(database);
    console.log(formatCheckReport(report));
    return report.ok ? 0 : 1;
  } catch (e) {
    console.error(describeError(e, ''));
    return 1;
  }
}

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
  if (options.check) return check(options.database!);
  const parts = [`Files=${options.database}`];
  if (options.host !== null) parts.push(`Host=${options.host}`);
  if (options.port !== null) parts.push(`Port=${options.port}`);
  if (options.user !== null) parts.push(`User=${options.user}`);
  const interactively = options.exec === null && options.file === null && process.stdin.isTTY === true;
  let password: string | undefined;
  if (options.host !== null) {
    password = process.env.PYRRHO_PASSWORD ?? (process.stdin.isTTY === true ? await askPassword(process.stdin, process.stdout) : undefined);
  }
  const conn = new PyrrhoConnect(parts.join(';'), { worker: interactively && options.host === null, password });
  try {
    await conn.open();
  } catch (e) {
    console.error(describeError(e, ''));
    return 1;
  }
  const shell = new Shell(conn, (t) => console.log(t));
  shell.mode = options.mode;
  try {
    if (options.exec !== null) return (await shell.run(options.exec)) ? 0 : 1;
    if (!interactively) {
      const script = readScript(options.file);
      if (script === null) return 1;
      return (await shell.run(script, true)) ? 0 : 1;
    }
    await interactive(conn, {
      input: process.stdin,
      output: process.stdout,
      historyFile: path.join(os.homedir(), '.pyrrhocmd_history'),
      mode: options.mode,
    });
    return 0;
  } finally {
    if (conn.inTransaction) console.error('pyrrhocmd: the open transaction has been rolled back (no COMMIT before the end)');
    await conn.close();
  }
}

/** Asks for a password on a terminal without echoing it; Ctrl-C or Ctrl-D gives up (empty password). */
export function askPassword(input: NodeJS.ReadStream, output: NodeJS.WriteStream): Promise<string> {
  return new Promise((resolve) => {
    output.write('Password: ');
    const wasRaw = input.isRaw;
    input.setRawMode?.(true);
    input.resume();
    let typed = '';
    const done = (): void => {
      input.off('data', onData);
      input.setRawMode?.(wasRaw);
      input.pause();
      output.write('\n');
      resolve(typed);
    };
    const onData = (b: Buffer): void => {
      for (const ch of b.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003' || ch === '\u0004') {
          typed = '';
          return done();
        }
        if (ch === '\u007f' || ch === '\b') typed = typed.slice(0, -1);
        else typed += ch;
      }
    };
    input.on('data', onData);
  });
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
