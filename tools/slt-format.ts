/**
 * tools/slt-format.ts — the sqllogictest file format: the parser shared by `tools/slt.ts` (the public suite)
 * and `tools/sqltest.ts` (our `sql-tests/`), and the format's result rules (sort modes, MD5 hashing, labels).
 * Reads text, writes nothing. The full spec of our dialect is `sql-tests/README.md`.
 *
 * 1. Records are separated by blank lines (a line of only whitespace is blank). A line starting with `#` is a
 *    comment wherever it appears and never ends a record, as in sqllogictest.c's `nextLine`.
 * 2. Every record carries the 1-based line of its command line (`line`) and of its last non-comment line
 *    (`endLine`); failures are reported at `line`, and completion mode rewrites `line..endLine`.
 * 3. The parser never throws on bad input: a malformed record becomes an `invalid` record carrying a message,
 *    so one typo costs one failure and the rest of the file still runs.
 * 4. Dialect `slt` accepts the public format as SQLite's runner does (extra tokens after `statement ok|error`
 *    are ignored). Dialect `pyrrho` adds: `@name` connections, a required SQLSTATE on `statement error` with an
 *    optional message substring, type letters N, B and D, an optional sort mode, and `restart`.
 * 5. Sorting compares rendered strings by UTF-16 code units, which equals `strcmp` on the ASCII text the
 *    public runner produces; hashing is MD5 over every rendered value followed by `\n`.
 * 6. Both runners reach the engine only through `openEmbedded` (Contract E's `Database.open`), loaded lazily.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** Which flavour of the format a file is written in. */
export type Dialect = 'slt' | 'pyrrho';
/** How a query's results are ordered before comparison. */
export type SortMode = 'nosort' | 'rowsort' | 'valuesort';

const SORT_MODES: ReadonlySet<string> = new Set(['nosort', 'rowsort', 'valuesort']);
const TYPE_PATTERN: Record<Dialect, RegExp> = { slt: /^[TIR]+$/, pyrrho: /^[ITRNBD]+$/ };
const HASH_LINE = /^(\d+) values hashing to ([0-9a-f]{32})$/;
const SQLSTATE_PATTERN = /^[0-9A-Z]{5}$/;
const CONNECTION_PATTERN = /^@[A-Za-z_][A-Za-z0-9_]*$/;

/** `skipif ENGINE` / `onlyif ENGINE` before a record's command line. */
export interface Condition {
  readonly kind: 'skipif' | 'onlyif';
  /** Lower-cased engine (or, in our dialect, connector) name. */
  readonly engine: string;
}

/** What a query's result section says. */
export type Expected =
  | { readonly kind: 'none' }
  | { readonly kind: 'values'; readonly lines: readonly string[] }
  | { readonly kind: 'hash'; readonly count: number; readonly hash: string };

interface RecordBase {
  readonly line: number;
  readonly endLine: number;
  readonly conditions: readonly Condition[];
}

/** `statement ok` / `statement error …` and its SQL. */
export interface StatementRecord extends RecordBase {
  readonly kind: 'statement';
  readonly sql: string;
  readonly expectError: boolean;
  /** Required by the `pyrrho` dialect on `statement error`; always null in `slt`. */
  readonly sqlState: string | null;
  /** Substring the error message must contain (`pyrrho` only). */
  readonly message: string | null;
  /** Connection name without the `@`; null = the default connection. */
  readonly connection: string | null;
}

/** `query <types> [sort] [label] [@conn]`, its SQL and expected results. */
export interface QueryRecord extends RecordBase {
  readonly kind: 'query';
  readonly sql: string;
  readonly types: string;
  readonly sort: SortMode;
  readonly label: string | null;
  readonly connection: string | null;
  readonly expected: Expected;
  /** Line of `----`, or null when the record has no result section. */
  readonly dividerLine: number | null;
}

export interface HashThresholdRecord extends RecordBase { readonly kind: 'hash-threshold'; readonly threshold: number }
export interface HaltRecord extends RecordBase { readonly kind: 'halt' }
export interface RestartRecord extends RecordBase { readonly kind: 'restart' }
/** `connect NAME USER PASSWORD` / `connect error SQLSTATE NAME USER PASSWORD` (`pyrrho` only): opens the named
 *  connection as a user (closing the one of that name), or expects the open to fail with SQLSTATE. */
export interface ConnectRecord extends RecordBase {
  readonly kind: 'connect';
  readonly connection: string;
  readonly user: string;
  readonly password: string;
  /** the SQLSTATE the open must fail with, or null when it must succeed */
  readonly sqlState: string | null;
}
export interface InvalidRecord extends RecordBase { readonly kind: 'invalid'; readonly message: string }

/** One record of a test file. */
export type SltRecord =
  | StatementRecord | QueryRecord | HashThresholdRecord | HaltRecord | RestartRecord | ConnectRecord | InvalidRecord;

/** A parsed file: its records, the `# name:` / `# description:` header, and its lines (for completion). */
export interface SltFile {
  readonly records: readonly SltRecord[];
  readonly header: { readonly name: string | null; readonly description: string | null };
  readonly lines: readonly string[];
}

/** One failing record, reported as `file:line: message`; `detail` holds multi-line context. */
export interface TestFailure {
  readonly file: string;
  readonly line: number;
  readonly message: string;
  readonly detail?: string;
}

/** What running one file gave. Counts are of statement and query records. */
export interface FileResult {
  passed: number;
  failed: number;
  skipped: number;
  readonly failures: TestFailure[];
}

/** The result shape of the embedded API's `execute` (Contract E), as far as the runners need it. */
export interface EngineResult {
  readonly columns?: readonly string[];
  readonly types?: readonly string[];
  /** full declared types (`NUMERIC(6,2)`): rendering takes a NUMERIC's scale from here when given */
  readonly declaredTypes?: readonly string[];
  readonly rows: readonly (readonly unknown[])[];
}

interface Block {
  /** Non-comment lines of the block with their 1-based numbers. */
  readonly lines: readonly { readonly text: string; readonly no: number }[];
}

/** Parses a whole file. Never throws: bad records come back as `invalid`. */
export function parseSltFile(text: string, dialect: Dialect): SltFile {
  const lines = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  const records: SltRecord[] = [];
  for (const block of blocks(lines)) records.push(parseBlock(block, dialect));
  return { records, header: parseHeader(lines), lines };
}

/** Splits lines into blank-line-separated blocks of non-comment lines. */
function* blocks(lines: readonly string[]): Generator<Block> {
  let current: { text: string; no: number }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i] as string;
    if (text.trim() === '') {
      if (current.length > 0) yield { lines: current };
      current = [];
    } else if (!text.startsWith('#')) {
      current.push({ text, no: i + 1 });
    }
  }
  if (current.length > 0) yield { lines: current };
}

function parseHeader(lines: readonly string[]): SltFile['header'] {
  let name: string | null = null;
  let description: string | null = null;
  for (const line of lines) {
    if (line.trim() === '') continue;
    if (!line.startsWith('#')) break;
    const m = /^#\s*(name|description):\s*(.*)$/.exec(line);
    if (m?.[1] === 'name' && name === null) name = (m[2] as string).trim();
    if (m?.[1] === 'description' && description === null) description = (m[2] as string).trim();
  }
  return { name, description };
}

function parseBlock(block: Block, dialect: Dialect): SltRecord {
  const conditions: Condition[] = [];
  let i = 0;
  for (; i < block.lines.length; i++) {
    const tokens = tokenize((block.lines[i] as { text: string }).text);
    if (tokens[0] !== 'skipif' && tokens[0] !== 'onlyif') break;
    const engine = tokens[1];
    const at = block.lines[i] as { no: number };
    if (engine === undefined) return invalid(at.no, lastLine(block), conditions, `${tokens[0]} needs an engine name`);
    conditions.push({ kind: tokens[0], engine: engine.toLowerCase() });
  }
  const head = block.lines[i];
  const endLine = lastLine(block);
  if (head === undefined) return invalid(endLine, endLine, conditions, 'conditions with no record after them');
  const body = block.lines.slice(i + 1);
  const base = { line: head.no, endLine, conditions };
  const tokens = tokenize(head.text);
  switch (tokens[0]) {
    case 'statement': return parseStatement(base, head.text, tokens, body, dialect);
    case 'query': return parseQuery(base, tokens, body, dialect);
    case 'hash-threshold': return parseThreshold(base, tokens);
    case 'halt': return body.length === 0 ? { kind: 'halt', ...base } : invalidAt(base, 'halt takes no SQL');
    case 'restart':
      if (dialect === 'slt') return invalidAt(base, 'restart is not part of the public format');
      return body.length === 0 ? { kind: 'restart', ...base } : invalidAt(base, 'restart takes no SQL');
    case 'connect': {
      if (dialect === 'slt') return invalidAt(base, 'connect is not part of the public format');
      if (body.length > 0) return invalidAt(base, 'connect takes no SQL');
      // connect [error SQLSTATE] @NAME USER [PASSWORD …]: the password is the rest of the line (spaces kept)
      const m = /^\s*connect(?:\s+error\s+(\S+))?\s+(@\S+)\s+(\S+)(?:\s(.*))?$/.exec(head.text);
      if (m === null) return invalidAt(base, 'connect needs a connection @name, a user and a password');
      const code = m[1];
      if (code !== undefined && !SQLSTATE_PATTERN.test(code)) return invalidAt(base, 'connect error needs a five-character SQLSTATE');
      const conn = connectionName(m[2] as string);
      if (conn instanceof Error) return invalidAt(base, conn.message);
      return { kind: 'connect', ...base, connection: conn, user: m[3] as string, password: m[4] ?? '', sqlState: code ?? null };
    }
    default: return invalidAt(base, `unknown record type '${tokens[0] ?? ''}'`);
  }
}

type Base = Pick<RecordBase, 'line' | 'endLine' | 'conditions'>;
type BodyLine = { readonly text: string; readonly no: number };

function parseStatement(base: Base, head: string, tokens: string[], body: readonly BodyLine[], dialect: Dialect): SltRecord {
  const verb = tokens[1];
  if (verb !== 'ok' && verb !== 'error') return invalidAt(base, "statement must be followed by 'ok' or 'error'");
  if (body.length === 0) return invalidAt(base, 'statement has no SQL');
  if (body.some((l) => l.text === '----')) return invalidAt(base, "a statement has no '----' result section");
  const sql = body.map((l) => l.text).join('\n');
  const plain = { kind: 'statement' as const, ...base, sql, expectError: verb === 'error' };
  if (dialect === 'slt') return { ...plain, sqlState: null, message: null, connection: null };
  if (verb === 'ok') {
    if (tokens.length > 3) return invalidAt(base, `unexpected '${tokens[3]}' after statement ok`);
    const conn = tokens[2] === undefined ? null : connectionName(tokens[2]);
    if (conn instanceof Error) return invalidAt(base, conn.message);
    return { ...plain, sqlState: null, message: null, connection: conn };
  }
  const m = /^\s*statement\s+error(?:\s+(\S+))?(?:\s+(@\S+))?(?:\s+(.*))?$/.exec(head);
  const code = m?.[1];
  if (code === undefined || !SQLSTATE_PATTERN.test(code)) {
    return invalidAt(base, 'statement error needs a five-character SQLSTATE, e.g. statement error 23505');
  }
  const conn = m?.[2] === undefined ? null : connectionName(m[2]);
  if (conn instanceof Error) return invalidAt(base, conn.message);
  const message = m?.[3]?.trim() || null;
  return { ...plain, sqlState: code, message, connection: conn };
}

function parseQuery(base: Base, tokens: string[], body: readonly BodyLine[], dialect: Dialect): SltRecord {
  const types = tokens[1];
  if (types === undefined || !TYPE_PATTERN[dialect].test(types)) {
    const letters = dialect === 'slt' ? 'T, I, R' : 'I, T, R, N, B, D';
    return invalidAt(base, `query needs type letters (${letters}), got '${types ?? ''}'`);
  }
  const options = queryOptions(tokens.slice(2), dialect);
  if (options instanceof Error) return invalidAt(base, options.message);
  const divider = body.findIndex((l) => l.text === '----');
  const sqlLines = divider < 0 ? body : body.slice(0, divider);
  if (sqlLines.length === 0) return invalidAt(base, 'query has no SQL');
  const sql = sqlLines.map((l) => l.text).join('\n');
  const results = divider < 0 ? null : body.slice(divider + 1).map((l) => l.text);
  return {
    kind: 'query', ...base, sql, types, ...options,
    expected: expectedOf(results),
    dividerLine: divider < 0 ? null : (body[divider] as BodyLine).no,
  };
}

type QueryOptions = { sort: SortMode; label: string | null; connection: string | null };

/** `[sort] [label]` in `slt`; `[sort] [label] [@conn]` in `pyrrho` (a `@` token may stand anywhere). */
function queryOptions(rest: readonly string[], dialect: Dialect): QueryOptions | Error {
  const out: QueryOptions = { sort: 'nosort', label: null, connection: null };
  let sawSort = false;
  for (const token of rest) {
    if (dialect === 'pyrrho' && token.startsWith('@')) {
      if (out.connection !== null) return new Error(`two connections in one query record: '${token}'`);
      const conn = connectionName(token);
      if (conn instanceof Error) return conn;
      out.connection = conn;
    } else if (SORT_MODES.has(token) && !sawSort && out.label === null) {
      out.sort = token as SortMode;
      sawSort = true;
    } else if (out.label === null && !SORT_MODES.has(token) && (dialect === 'pyrrho' || sawSort)) {
      out.label = token;
    } else {
      return new Error(`unexpected '${token}' in query record (expected ${dialect === 'slt' ? 'query TYPES SORT [LABEL]' : 'query TYPES [SORT] [LABEL] [@CONN]'})`);
    }
  }
  return out;
}

function expectedOf(results: readonly string[] | null): Expected {
  if (results === null) return { kind: 'none' };
  const hash = results.length === 1 ? HASH_LINE.exec(results[0] as string) : null;
  if (hash) return { kind: 'hash', count: Number(hash[1]), hash: hash[2] as string };
  return { kind: 'values', lines: results };
}

function parseThreshold(base: Base, tokens: string[]): SltRecord {
  const n = tokens[1];
  if (n === undefined || !/^\d+$/.test(n)) return invalidAt(base, 'hash-threshold needs a non-negative integer');
  return { kind: 'hash-threshold', ...base, threshold: Number(n) };
}

function connectionName(token: string): string | Error {
  if (!CONNECTION_PATTERN.test(token)) {
    return new Error(`connection names are written @name (letters, digits, _), got '${token}'`);
  }
  return token.slice(1);
}

function tokenize(line: string): string[] {
  const t = line.trim();
  return t === '' ? [] : t.split(/\s+/);
}

function lastLine(block: Block): number {
  return (block.lines[block.lines.length - 1] as BodyLine).no;
}

function invalid(line: number, endLine: number, conditions: readonly Condition[], message: string): InvalidRecord {
  return { kind: 'invalid', line, endLine, conditions, message };
}

function invalidAt(base: Base, message: string): InvalidRecord {
  return { kind: 'invalid', ...base, message };
}

/** Whether a record guarded by `conditions` runs on `engine`: no `skipif` names it and every `onlyif` does. */
export function conditionsAllow(conditions: readonly Condition[], engine: string): boolean {
  for (const c of conditions) {
    if (c.kind === 'skipif' ? c.engine === engine : c.engine !== engine) return false;
  }
  return true;
}

/** Compares rows of rendered values column by column, as sqllogictest's `rowCompare` does with strcmp. */
export function compareRows(a: readonly string[], b: readonly string[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i] as string;
    const y = b[i] as string;
    if (x !== y) return x < y ? -1 : 1;
  }
  return a.length - b.length;
}

/** Applies a sort mode to rows of rendered values (a new array; `nosort` returns the input). */
export function sortRows(rows: readonly (readonly string[])[], mode: SortMode): readonly (readonly string[])[] {
  switch (mode) {
    case 'nosort': return rows;
    case 'rowsort': return rows.slice().sort(compareRows);
    case 'valuesort': {
      const values: string[] = [];
      for (const row of rows) for (const v of row) values.push(v);
      values.sort();
      return values.map((v) => [v]);
    }
  }
}

/** MD5 of every value followed by a newline (sqllogictest's result hash). */
export function hashValues(values: readonly string[]): string {
  const h = createHash('md5');
  if (values.length > 0) h.update(values.join('\n') + '\n');
  return h.digest('hex');
}

/** The text a hashed result section holds: `N values hashing to H`. */
export function hashLine(count: number, hash: string): string {
  return `${count} values hashing to ${hash}`;
}

/** Whether an error is a database error (any object with a five-character `sqlState`), not a crash. */
export function isSqlError(e: unknown): e is Error & { sqlState: string } {
  if (!(e instanceof Error)) return false;
  const state = (e as { sqlState?: unknown }).sqlState;
  return typeof state === 'string' && state.length === 5;
}

/** One-line description of a thrown value: `SQLSTATE message`, or the class and message of a crash. */
export function describeError(e: unknown): string {
  if (isSqlError(e)) return `${e.sqlState} ${firstLine(e.message)}`;
  if (e instanceof Error) return `${e.name} (not an SqlError): ${firstLine(e.message)}`;
  return `non-Error thrown: ${String(e)}`;
}

/** The first line of a text, for one-line messages. */
export function firstLine(text: string): string {
  const i = text.indexOf('\n');
  return i < 0 ? text : `${text.slice(0, i)} …`;
}

/** `file:line: message`, plus the detail lines when asked. */
export function formatFailure(f: TestFailure, withDetail = false): string {
  const head = `${f.file}:${f.line}: ${f.message}`;
  return withDetail && f.detail ? `${head}\n${f.detail.replace(/^/gm, '    ')}` : head;
}

/** A connection as both runners use it: Contract E's `Database`, reduced to what they call. */
export interface EngineDatabase {
  execute(sql: string): EngineResult;
  close(): void;
}

/** Opens `path` (or ':memory:') through the public embedded API, `Database.open` from `src/index.ts`. The
 *  engine is loaded on first use, so the parser and the runners' unit tests (which use fakes) do not load it. */
export function openEmbedded(path: string, login?: { readonly user: string; readonly password: string }): EngineDatabase {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const engine = require('../src/index') as typeof import('../src/index');
  return login === undefined ? engine.Database.open(path) : engine.Database.open(path, login);
}

/** The repository root: the nearest directory at or above `from` holding package.json (works from tools/ and dist/tools/). */
export function findRepoRoot(from: string = __dirname): string {
  let dir = resolve(from);
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return resolve(from);
    dir = parent;
  }
}

/** Every `*.test` file under `dir` (or `dir` itself if it is a file), recursively, in sorted order. */
export function listTestFiles(dir: string): string[] {
  if (!statSync(dir).isDirectory()) return [dir];
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listTestFiles(full));
    else if (entry.isFile() && entry.name.endsWith('.test')) out.push(full);
  }
  return out;
}
