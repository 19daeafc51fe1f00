/**
 * tools/sqltest.ts — runs our `sql-tests/` files (the `pyrrho` dialect of sqllogictest, specified in
 * `sql-tests/README.md`) through a `Connector` and reports `file:line: message` per failing record.
 * Library: `runSqlTestFile(path, options)` (used by `sql-tests/run.test.ts`). CLI: `node dist/tools/sqltest.js
 * [--verbose] [--connector embedded|tcp] [--complete FILE] [files or dirs…]` (default: all of `sql-tests/`).
 * Reads the test files; writes a temporary database directory per file (removed afterwards) and, in completion
 * mode, `FILE.new`.
 *
 * 1. Each file runs against a fresh file-backed database (`<tmp>/pyrrho-sqltest-*\/test`), so `restart` — close
 *    every connection, reopen — proves that the log replays. Named connections (`@B`) are further
 *    `open`s of the same path, opened on first use.
 * 2. Everything a connection does is awaited, so the asynchronous TCP connector (tools/tcp-connector.ts)
 *    runs beside `embeddedConnector` without changing the runner.
 * 3. Values render exactly (`renderValue`): INTEGER and NUMERIC digits never pass through float formatting.
 *    A type letter also asserts the column's type family (`typeLetter`); T accepts every non-I/N/R/B/D type.
 * 4. An error that is not an SqlError (no five-character `sqlState`) always fails the record: it is a crash.
 * 5. Completion mode rewrites only the records that failed, keeping every other line byte for byte.
 * 6. `connect NAME USER PASSWORD` opens connection @NAME as a user (sql-tests/README.md); the runner remembers
 *    the login, so after `restart` that connection reopens as the same user on first use.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import Decimal from 'decimal.js';
import { documentToJson } from '../src/common/values/document/doc-json';
import { StructValue } from '../src/common/values/struct-value';
import { Interval } from '../src/common/values/interval';
import type { DocValue } from '../src/common/values/document/doc-value';
import { unreachable } from '../src/common/assert';
import { SqlState } from '../src/common/sqlstate.generated';
import {
  conditionsAllow, describeError, findRepoRoot, formatFailure, hashLine, hashValues, isSqlError, listTestFiles,
  openEmbedded, parseSltFile, sortRows,
  type ConnectRecord, type EngineResult, type FileResult, type QueryRecord, type SltFile, type SltRecord, type StatementRecord,
} from './slt-format';
import { openTcp } from './tcp-connector';

/** One connection to a test database; results may be synchronous (embedded) or promised (TCP). */
export interface Connection {
  execute(sql: string): EngineResult | Promise<EngineResult>;
  close(): void | Promise<void>;
}

/** A user and password to open a connection with (`connect` records). */
export interface Login {
  readonly user: string;
  readonly password: string;
}

/** How a test file reaches the engine. `name` is what `skipif` / `onlyif` lines name. */
export interface Connector {
  readonly name: string;
  /** opens a connection; with `login`, as that user (else as the process's default user) */
  open(path: string, login?: Login): Connection | Promise<Connection>;
}

/** The public embedded API, `Database.open(path[, { user, password }])`. */
export const embeddedConnector: Connector = { name: 'embedded', open: (path, login) => openEmbedded(path, login) };

/** Every connector a test may name in a condition; the runnable ones are in `CONNECTORS`. */
export const CONDITION_NAMES: ReadonlySet<string> = new Set(['embedded', 'tcp']);
/** The driver over TCP to an in-process pyrrhosvr serving the file's directory (tools/tcp-connector.ts). */
export const tcpConnector: Connector = { name: 'tcp', open: (path, login) => openTcp(path, login) };

/** Connectors by name: every file runs through each (the TCP one needs the engine thread built into dist/). */
export const CONNECTORS: ReadonlyMap<string, Connector> = new Map([
  ['embedded', embeddedConnector],
  ['tcp', tcpConnector],
]);

export interface SqlTestOptions {
  /** Default: `embeddedConnector`. */
  readonly connector?: Connector;
  /** Also produce the file with actual results in place of failing expectations. */
  readonly complete?: boolean;
  /** Where the per-file database directory is made. Default: the OS temp directory. */
  readonly tmpRoot?: string;
}

/** A run's counts and failures; `completed` is the rewritten text in completion mode. */
export interface SqlTestResult extends FileResult {
  completed?: string;
}

const KNOWN_STATES: ReadonlySet<string> = new Set(Object.values(SqlState));

/** Runs one file; in completion mode also writes `FILE.new`. */
export async function runSqlTestFile(file: string, options: SqlTestOptions = {}): Promise<SqlTestResult> {
  const result = await runSqlTestText(readFileSync(file, 'utf8'), file, options);
  if (result.completed !== undefined) writeFileSync(`${file}.new`, result.completed);
  return result;
}

/** Runs the text of a file (`file` names it in failures) against a fresh database in a temporary directory. */
export async function runSqlTestText(text: string, file: string, options: SqlTestOptions = {}): Promise<SqlTestResult> {
  const parsed = parseSltFile(text, 'pyrrho');
  const connector = options.connector ?? embeddedConnector;
  const only = /^# connectors: (.+)$/m.exec(text.slice(0, 2000));
  if (only !== null && !only[1]!.split(/[ ,]+/).includes(connector.name)) {
    // the file's header limits it to other connectors (sql-tests/README.md): every record is skipped
    const n = parsed.records.filter((r) => r.kind === 'statement' || r.kind === 'query').length;
    return { passed: 0, failed: 0, skipped: n, failures: [] };
  }
  const dir = mkdtempSync(join(options.tmpRoot ?? tmpdir(), 'pyrrho-sqltest-'));
  const run = new SqlTestRun(file, join(dir, 'test'), options.connector ?? embeddedConnector, parsed.lines);
  try {
    await run.run(parsed);
  } finally {
    await run.closeAll(0);
    rmSync(dir, { recursive: true, force: true });
  }
  const result: SqlTestResult = run.result;
  if (options.complete) result.completed = applyEdits(parsed.lines, run.edits);
  return result;
}

/** Replaces lines `from..to` (1-based, inclusive; `to = from - 1` inserts before `from`). */
interface Edit { readonly from: number; readonly to: number; readonly lines: readonly string[] }

type Outcome =
  | { readonly kind: 'ok'; readonly res: EngineResult }
  | { readonly kind: 'error'; readonly error: unknown }
  | { readonly kind: 'no-connection'; readonly message: string };

/** One file's run: the open connections, labels, hash threshold, counts and completion edits. */
class SqlTestRun {
  readonly result: SqlTestResult = { passed: 0, failed: 0, skipped: 0, failures: [] };
  readonly edits: Edit[] = [];
  private readonly conns = new Map<string, Connection>();
  /** the login of each connection a `connect` record opened (invariant 6) */
  private readonly logins = new Map<string, Login>();
  private readonly labels = new Map<string, { hash: string; line: number }>();
  private threshold = 0;

  constructor(
    private readonly file: string,
    private readonly dbPath: string,
    private readonly connector: Connector,
    private readonly lines: readonly string[],
  ) {}

  async run(parsed: SltFile): Promise<void> {
    if (parsed.header.name === null) this.fail(1, "missing '# name:' header");
    if (parsed.header.description === null) this.fail(1, "missing '# description:' header");
    const records = parsed.records;
    for (let i = 0; i < records.length; i++) {
      const rec = records[i] as SltRecord;
      if (rec.kind === 'invalid') { this.fail(rec.line, rec.message); continue; }
      const unknown = rec.conditions.find((c) => !CONDITION_NAMES.has(c.engine));
      if (unknown !== undefined) { this.fail(rec.line, `unknown condition '${unknown.engine}' (embedded or tcp)`); continue; }
      if (!conditionsAllow(rec.conditions, this.connector.name)) {
        if (rec.kind === 'statement' || rec.kind === 'query') this.result.skipped++;
        continue;
      }
      switch (rec.kind) {
        case 'hash-threshold': this.threshold = rec.threshold; break;
        case 'halt': this.skipRest(records, i + 1); return;
        case 'restart': if (!(await this.restart(rec.line))) { this.skipRest(records, i + 1); return; } break;
        case 'connect': await this.connect(rec); break;
        case 'statement': await this.statement(rec); break;
        case 'query': await this.query(rec); break;
        default: unreachable(rec, 'record');
      }
    }
  }

  /** Closes every connection; failures are reported at `line`. */
  async closeAll(line: number): Promise<boolean> {
    let ok = true;
    for (const [name, conn] of this.conns) {
      try { await conn.close(); } catch (e) {
        ok = false;
        this.fail(line, `closing ${name === '' ? 'the default connection' : `@${name}`} failed: ${describeError(e)}`);
      }
    }
    this.conns.clear();
    return ok;
  }

  private async restart(line: number): Promise<boolean> {
    if (!(await this.closeAll(line))) return false;
    try {
      this.conns.set('', await this.connector.open(this.dbPath));
      return true;
    } catch (e) {
      this.fail(line, `reopening the database after restart failed: ${describeError(e)}`);
      return false;
    }
  }

  /** A `connect` record (invariant 6): closes @NAME, opens it as the user, or expects the open to fail. */
  private async connect(rec: ConnectRecord): Promise<void> {
    const old = this.conns.get(rec.connection);
    this.conns.delete(rec.connection);
    this.logins.delete(rec.connection);
    if (old !== undefined) {
      try { await old.close(); } catch (e) { this.fail(rec.line, `closing @${rec.connection} failed: ${describeError(e)}`); return; }
    }
    const login = { user: rec.user, password: rec.password };
    let conn: Connection;
    try {
      conn = await this.connector.open(this.dbPath, login);
    } catch (e) {
      if (rec.sqlState !== null && isSqlError(e) && e.sqlState === rec.sqlState) { this.result.passed++; return; }
      this.fail(rec.line, `connect @${rec.connection} as ${rec.user} failed: ${describeError(e)}`);
      return;
    }
    if (rec.sqlState !== null) {
      try { await conn.close(); } catch { /* the failure below is the one to report */ }
      this.fail(rec.line, `connect @${rec.connection} as ${rec.user} succeeded, expected error ${rec.sqlState}`);
      return;
    }
    this.conns.set(rec.connection, conn);
    this.logins.set(rec.connection, login);
    this.result.passed++;
  }

  private skipRest(records: readonly SltRecord[], from: number): void {
    for (let i = from; i < records.length; i++) {
      const k = (records[i] as SltRecord).kind;
      if (k === 'statement' || k === 'query') this.result.skipped++;
    }
  }

  private async execute(sql: string, connection: string | null): Promise<Outcome> {
    const name = connection ?? '';
    let conn = this.conns.get(name);
    if (conn === undefined) {
      try {
        const login = this.logins.get(name);
        conn = await (login === undefined ? this.connector.open(this.dbPath) : this.connector.open(this.dbPath, login));
      } catch (e) {
        return { kind: 'no-connection', message: `cannot open ${name === '' ? 'the database' : `connection @${name}`}: ${describeError(e)}` };
      }
      this.conns.set(name, conn);
    }
    try {
      return { kind: 'ok', res: await conn.execute(sql) };
    } catch (error) {
      return { kind: 'error', error };
    }
  }

  private async statement(rec: StatementRecord): Promise<void> {
    const out = await this.execute(rec.sql, rec.connection);
    if (out.kind === 'no-connection') { this.fail(rec.line, out.message); return; }
    const problem = judgeStatement(rec, out);
    if (problem === null) { this.result.passed++; return; }
    this.fail(rec.line, problem, rec.sql);
    const conn = rec.connection === null ? '' : ` @${rec.connection}`;
    if (out.kind === 'ok') this.edit(rec.line, rec.line, [`statement ok${conn}`]);
    else if (isSqlError(out.error)) this.edit(rec.line, rec.line, [`statement error ${out.error.sqlState}${conn}`]);
  }

  private async query(rec: QueryRecord): Promise<void> {
    const out = await this.execute(rec.sql, rec.connection);
    if (out.kind === 'no-connection') { this.fail(rec.line, out.message); return; }
    if (out.kind === 'error') {
      this.fail(rec.line, `query failed: ${describeError(out.error)}`, rec.sql);
      if (isSqlError(out.error)) this.completeAsError(rec, out.error.sqlState);
      return;
    }
    const shape = resultShape(rec, out.res);
    if (typeof shape === 'string') { this.fail(rec.line, shape, rec.sql); this.completeQuery(rec, out.res, null); return; }
    const rows = sortRows(renderResult(out.res, shape.ncols), rec.sort);
    const problem = shape.typeProblem ?? compareResult(rec, rows, shape.ncols) ?? this.checkLabel(rec, rows);
    if (problem === null) { this.result.passed++; return; }
    const message = typeof problem === 'string' ? problem : problem.message;
    const detail = typeof problem === 'string' || problem.detail === undefined ? '' : `\n${problem.detail}`;
    this.fail(rec.line, message, `${rec.sql}${detail}`);
    this.completeQuery(rec, out.res, rows);
  }

  private checkLabel(rec: QueryRecord, rows: readonly (readonly string[])[]): string | null {
    if (rec.label === null) return null;
    const hash = hashValues(rows.flat());
    const seen = this.labels.get(rec.label);
    if (seen === undefined) { this.labels.set(rec.label, { hash, line: rec.line }); return null; }
    return seen.hash === hash ? null : `result differs from the query labelled ${rec.label} at line ${seen.line}`;
  }

  /** Completion: the actual type letters and rows (or hash) in place of the record's. */
  private completeQuery(rec: QueryRecord, res: EngineResult, sorted: readonly (readonly string[])[] | null): void {
    const ncols = columnCount(res, rec.types.length);
    const rows = sorted ?? sortRows(renderResult(res, ncols), rec.sort);
    const letters = lettersFor(rec.types, res.types ?? [], ncols);
    if (letters !== rec.types) {
      this.edit(rec.line, rec.line, [(this.lines[rec.line - 1] ?? '').replace(/^(\s*query\s+)\S+/, `$1${letters}`)]);
    }
    const flat = rows.flat();
    const body = this.threshold > 0 && flat.length > this.threshold
      ? [hashLine(flat.length, hashValues(flat))]
      : rows.map((r) => r.join('\t'));
    if (rec.dividerLine === null) this.edit(rec.endLine + 1, rec.endLine, ['----', ...body]);
    else this.edit(rec.dividerLine + 1, rec.endLine, body);
  }

  private completeAsError(rec: QueryRecord, sqlState: string): void {
    const conn = rec.connection === null ? '' : ` @${rec.connection}`;
    this.edit(rec.line, rec.line, [`statement error ${sqlState}${conn}`]);
    if (rec.dividerLine !== null) this.edit(rec.dividerLine, rec.endLine, []);
  }

  private edit(from: number, to: number, lines: readonly string[]): void {
    this.edits.push({ from, to, lines });
  }

  private fail(line: number, message: string, detail?: string): void {
    this.result.failed++;
    this.result.failures.push(detail === undefined ? { file: this.file, line, message } : { file: this.file, line, message, detail });
  }
}

/** Null when a statement's outcome is what the record expects, else why not. */
function judgeStatement(rec: StatementRecord, out: Outcome & { kind: 'ok' | 'error' }): string | null {
  const unknownState = rec.sqlState !== null && !KNOWN_STATES.has(rec.sqlState)
    ? `unknown SQLSTATE ${rec.sqlState} (not in tools/sqlstate.txt)` : null;
  if (!rec.expectError) return out.kind === 'ok' ? null : `statement failed: ${describeError(out.error)}`;
  if (out.kind === 'ok') return unknownState ?? `statement succeeded but error ${rec.sqlState ?? ''} was expected`;
  if (unknownState !== null) return unknownState;
  if (!isSqlError(out.error) || out.error.sqlState !== rec.sqlState) {
    return `expected error ${rec.sqlState ?? ''}, got ${describeError(out.error)}`;
  }
  if (rec.message !== null && !out.error.message.includes(rec.message)) {
    return `expected a message containing ${JSON.stringify(rec.message)}, got ${JSON.stringify(out.error.message)}`;
  }
  return null;
}

function columnCount(res: EngineResult, fallback: number): number {
  return res.columns?.length ?? res.rows[0]?.length ?? fallback;
}

/** The column count must match the type letters; each letter must match its column's type family. */
function resultShape(rec: QueryRecord, res: EngineResult): { ncols: number; typeProblem: string | null } | string {
  const ncols = columnCount(res, rec.types.length);
  if (ncols !== rec.types.length) return `expected ${rec.types.length} columns, got ${ncols}`;
  const types = res.types ?? [];
  for (let c = 0; c < ncols; c++) {
    const family = typeLetter(types[c] ?? '');
    const letter = rec.types[c] as string;
    if (family !== null && family !== letter) {
      const name = res.columns?.[c] ?? `${c + 1}`;
      return { ncols, typeProblem: `column ${c + 1} (${name}) is ${types[c] ?? ''}: type letter ${family}, the record says ${letter}` };
    }
  }
  return { ncols, typeProblem: null };
}

function renderResult(res: EngineResult, ncols: number): string[][] {
  const types = res.declaredTypes ?? res.types ?? [];
  return res.rows.map((row) => {
    const out = new Array<string>(ncols);
    for (let c = 0; c < ncols; c++) out[c] = renderValue(row[c], types[c] ?? '');
    return out;
  });
}

type Mismatch = { readonly message: string; readonly detail?: string };

function compareResult(rec: QueryRecord, rows: readonly (readonly string[])[], ncols: number): Mismatch | null {
  const exp = rec.expected;
  switch (exp.kind) {
    case 'none':
      return rows.length === 0 ? null : { message: `expected no rows (the record has no ---- section), got ${rows.length}`, detail: showRows('actual', rows) };
    case 'hash': {
      const flat = rows.flat();
      const want = hashLine(exp.count, exp.hash);
      const got = hashLine(flat.length, hashValues(flat));
      return want === got ? null : { message: `expected ${want}, got ${got}`, detail: showRows('actual', rows) };
    }
    case 'values': {
      const expected = expectedRows(exp.lines, ncols);
      if (typeof expected === 'string') return { message: expected, detail: showRows('actual', rows) };
      return compareRowLists(sortRows(expected, rec.sort), rows);
    }
    default: return unreachable(exp, 'expected result');
  }
}

/** Expected lines as rows: tab-separated rows (DuckDB style), or one value per line (original sqllogictest). */
function expectedRows(lines: readonly string[], ncols: number): string[][] | string {
  const split = lines.map((l) => l.split('\t'));
  if (split.every((r) => r.length === ncols)) return split;
  if (ncols > 1 && split.every((r) => r.length === 1) && lines.length % ncols === 0) {
    const rows: string[][] = [];
    for (let i = 0; i < lines.length; i += ncols) rows.push(lines.slice(i, i + ncols));
    return rows;
  }
  const bad = split.findIndex((r) => r.length !== ncols);
  return `expected row ${bad + 1} has ${(split[bad] as string[]).length} tab-separated values, the query has ${ncols} columns`;
}

function compareRowLists(want: readonly (readonly string[])[], got: readonly (readonly string[])[]): Mismatch | null {
  const n = Math.min(want.length, got.length);
  for (let i = 0; i < n; i++) {
    const w = (want[i] as readonly string[]).join('\t');
    const g = (got[i] as readonly string[]).join('\t');
    if (w !== g) return { message: `row ${i + 1}: expected ${JSON.stringify(w)}, got ${JSON.stringify(g)}`, detail: `${showRows('expected', want)}\n${showRows('actual', got)}` };
  }
  if (want.length === got.length) return null;
  return { message: `expected ${want.length} rows, got ${got.length}`, detail: `${showRows('expected', want)}\n${showRows('actual', got)}` };
}

function showRows(title: string, rows: readonly (readonly string[])[]): string {
  if (rows.length === 0) return `${title}: no rows`;
  const shown = rows.slice(0, 30).map((r) => r.join('\t'));
  if (rows.length > 30) shown.push(`… ${rows.length - 30} more`);
  return `${title}:\n${shown.join('\n')}`;
}

/** The record's own letters when they fit the result, else letters inferred from the column types. */
function lettersFor(original: string, types: readonly string[], ncols: number): string {
  let fits = original.length === ncols;
  let inferred = '';
  for (let c = 0; c < ncols; c++) {
    const family = typeLetter(types[c] ?? '');
    if (family !== null && family !== original[c]) fits = false;
    inferred += family ?? original[c] ?? 'T';
  }
  return fits ? original : inferred;
}

/** The type letter for an engine type name: I, N, R, B, D, else T; null for NULL or an unknown type (any letter). */
export function typeLetter(sqlType: string): 'I' | 'N' | 'R' | 'B' | 'D' | 'T' | null {
  const base = sqlType.replace(/\(.*$/s, '').trim().toUpperCase();
  if (base === '' || base === 'NULL') return null;
  if (/^(INTEGER|INT|BIGINT|SMALLINT|TINYINT)$/.test(base)) return 'I';
  if (/^(NUMERIC|DECIMAL|DEC)$/.test(base)) return 'N';
  if (/^(REAL|DOUBLE|DOUBLE PRECISION|FLOAT)$/.test(base)) return 'R';
  if (/^(BOOLEAN|BOOL)$/.test(base)) return 'B';
  if (/^(DATE|TIME|TIMESTAMP)\b/.test(base)) return 'D';
  return 'T';
}

/** Renders one value of a column of engine type `sqlType` exactly as `sql-tests/README.md` specifies. */
export function renderValue(v: unknown, sqlType = ''): string {
  if (v === null || v === undefined) return 'NULL';
  const text = valueText(v, sqlType);
  if (text === '') return '(empty)';
  return /[\t\n\r]/.test(text) ? text.replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r') : text;
}

function valueText(v: unknown, sqlType: string): string {
  switch (typeof v) {
    case 'string': return v;
    case 'bigint': return v.toString();
    case 'boolean': return v ? 'TRUE' : 'FALSE';
    case 'number': return numberText(v, sqlType);
    case 'object': return objectText(v as object, sqlType);
    default: return String(v);
  }
}

/** REAL: shortest round-trip text. Anything else: integers as exact digits (never an exponent). */
function numberText(x: number, sqlType: string): string {
  if (typeLetter(sqlType) === 'R' || !Number.isInteger(x)) return String(x);
  return Number.isSafeInteger(x) ? String(x) : BigInt(x).toString();
}

function objectText(v: object, sqlType: string): string {
  if (Decimal.isDecimal(v)) {
    const scale = /^\s*(?:NUMERIC|DECIMAL|DEC)\s*\(\s*\d+\s*,\s*(\d+)\s*\)/i.exec(sqlType)?.[1];
    return scale === undefined ? (v as Decimal).toFixed() : (v as Decimal).toFixed(Number(scale));
  }
  if (v instanceof Date) return dateText(v, sqlType);
  if (v instanceof Uint8Array) return `X'${Buffer.from(v).toString('hex').toUpperCase()}'`;
  if (v instanceof Interval) return v.toString();
  if (v instanceof StructValue) return v.toString(); // Pyrrho's text: POINT(X=2,Y=4)
  return documentText(v);
}

/** DATE → YYYY-MM-DD; TIMESTAMP → YYYY-MM-DD HH:MM:SS[.fff] (UTC); an untyped Date at midnight → a date. */
function dateText(d: Date, sqlType: string): string {
  if (Number.isNaN(d.getTime())) return 'Invalid Date';
  const iso = d.toISOString();
  const type = sqlType.trim().toUpperCase();
  const midnight = iso.endsWith('T00:00:00.000Z');
  if (type.startsWith('DATE') || (type === '' && midnight)) return iso.slice(0, 10);
  const ms = iso.slice(20, 23);
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${ms === '000' ? '' : `.${ms}`}`;
}

/** Documents as one line of JSON in field order, exactly as pyrrhocmd and CAST(… AS VARCHAR) print them. */
function documentText(v: unknown): string {
  return documentToJson(v as DocValue);
}

function applyEdits(lines: readonly string[], edits: readonly Edit[]): string {
  const out = lines.slice();
  for (const e of edits.slice().sort((a, b) => b.from - a.from)) out.splice(e.from - 1, e.to - e.from + 1, ...e.lines);
  return out.join('\n');
}

/** Every `*.test` under `root` (default: the repo's `sql-tests/`), recursively, sorted. */
export function findSqlTestFiles(root: string = join(findRepoRoot(), 'sql-tests')): string[] {
  return existsSync(root) ? listTestFiles(root) : [];
}

interface CliOptions { verbose: boolean; connector: string; complete: string | null; paths: string[] }

function parseArgs(argv: readonly string[]): CliOptions | string {
  const out: CliOptions = { verbose: false, connector: 'embedded', complete: null, paths: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--verbose') out.verbose = true;
    else if (a === '--connector' || a === '--complete') {
      const value = argv[++i];
      if (value === undefined) return `${a} needs a value`;
      if (a === '--connector') out.connector = value;
      else out.complete = value;
    } else if (a.startsWith('-')) return `unknown option ${a}`;
    else out.paths.push(a);
  }
  return out;
}

/** The command line: returns the exit code (1 when a record failed, 2 for usage errors). */
export async function main(argv: readonly string[], print: (line: string) => void = console.log): Promise<number> {
  const opts = parseArgs(argv);
  const usage = 'usage: sqltest [--verbose] [--connector embedded|tcp] [--complete FILE] [files or dirs…]';
  if (typeof opts === 'string') { print(`sqltest: ${opts}\n${usage}`); return 2; }
  const connector = CONNECTORS.get(opts.connector);
  if (connector === undefined) { print(`sqltest: connector '${opts.connector}' is not available (have: ${[...CONNECTORS.keys()].join(', ')})`); return 2; }
  const roots = opts.complete !== null ? [opts.complete] : opts.paths.length > 0 ? opts.paths : [join(findRepoRoot(), 'sql-tests')];
  const missing = roots.find((p) => !existsSync(p));
  if (missing !== undefined) { print(`sqltest: no such file or directory: ${missing}`); return 2; }
  const total = { passed: 0, failed: 0, skipped: 0 };
  for (const file of roots.flatMap((r) => listTestFiles(r))) {
    const name = relative(process.cwd(), file) || file;
    const r = await runSqlTestFile(file, { connector, complete: opts.complete !== null });
    print(`${name}: ${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped`);
    for (const f of r.failures) print(formatFailure({ ...f, file: name }, opts.verbose));
    if (r.completed !== undefined) print(`wrote ${name}.new (${r.failures.length} records differ); review it with diff`);
    total.passed += r.passed;
    total.failed += r.failed;
    total.skipped += r.skipped;
  }
  print(`${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
  return opts.complete === null && total.failed > 0 ? 1 : 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => { process.exitCode = code; },
    (e: unknown) => { console.error(e); process.exitCode = 2; },
  );
}
