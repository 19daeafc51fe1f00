/**
 * tools/slt.ts — runs public sqllogictest files (SQLite's suite) against the embedded engine and prints
 * `N passed, M failed, K skipped`. `npm run test:slt` → `node dist/tools/slt.js [--quiet|--verbose] [--strict]
 * [paths…]`; with no paths it runs every `*.test` under `../shared/sqllogictest` (relative to the repo root) and
 * says so and exits 0 when that folder is absent. Reads the test files; writes only to stdout.
 *
 * 1. Each file runs in a fresh `':memory:'` database, closed at the end even when records fail.
 * 2. We are engine `pyrrhodb`: records with no condition run, `onlyif pyrrhodb` runs, `onlyif <other>` and
 *    `skipif pyrrhodb` are skipped (and counted as skipped), as every non-reference engine does.
 * 3. Values are rendered as the reference runner renders them from SQLite (`renderSltValue`): NULL, `(empty)`,
 *    `I` as an integer (a REAL is truncated toward zero, text is read as a number), `R` with SQLite's `%.3f`
 *    (at most 16 significant digits), `T` as text,
 *    and every byte outside ' '..'~' as `@`.
 * 4. `statement error` passes on any SqlError (an object with a five-character `sqlState`) except class XX
 *    (internal error: the engine wraps stray TypeErrors in XX000); anything else thrown fails the record too,
 *    because that is a crash, not an SQL error.
 * 5. The exit code is 0 unless `--strict` is given and a record failed (conformance is tracked, not yet
 *    required: see docs/testing.md); 2 for usage errors such as a missing path.
 */
import { readFileSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import Decimal from 'decimal.js';
import { unreachable } from '../src/common/assert';
import {
  conditionsAllow, describeError, findRepoRoot, formatFailure, hashLine, hashValues, isSqlError, listTestFiles,
  openEmbedded, parseSltFile, sortRows,
  type EngineDatabase, type EngineResult, type FileResult, type QueryRecord, type SltRecord,
} from './slt-format';

/** Our name in `skipif` / `onlyif` lines. */
export const ENGINE_NAME = 'pyrrhodb';
const DEFAULT_SHOWN_FAILURES = 10;

/** How to run: the database to use (a fresh one per file) and the engine name conditions are judged by. */
export interface SltOptions {
  readonly open?: () => EngineDatabase;
  readonly engine?: string;
}

/** Runs one file from disk. Never throws for test failures; they are in the result. */
export function runSltFile(file: string, options: SltOptions = {}): FileResult {
  return runSltText(readFileSync(file, 'utf8'), file, options);
}

/** Runs the text of a file; `file` names it in failures. */
export function runSltText(text: string, file: string, options: SltOptions = {}): FileResult {
  const result: FileResult = { passed: 0, failed: 0, skipped: 0, failures: [] };
  const records = parseSltFile(text, 'slt').records;
  let db: EngineDatabase;
  try {
    db = (options.open ?? (() => openEmbedded(':memory:')))();
  } catch (e) {
    result.failures.push({ file, line: 1, message: `cannot open a database: ${describeError(e)}` });
    result.failed++;
    return result;
  }
  try {
    new SltRun(file, db, options.engine ?? ENGINE_NAME, result).run(records);
  } finally {
    try { db.close(); } catch (e) {
      result.failures.push({ file, line: 1, message: `close failed: ${describeError(e)}` });
      result.failed++;
    }
  }
  return result;
}

/** The state of one file's run: labels seen, counts. */
class SltRun {
  private readonly labels = new Map<string, { hash: string; line: number }>();

  constructor(
    private readonly file: string,
    private readonly db: EngineDatabase,
    private readonly engine: string,
    private readonly result: FileResult,
  ) {}

  run(records: readonly SltRecord[]): void {
    for (let i = 0; i < records.length; i++) {
      const rec = records[i] as SltRecord;
      if (rec.kind === 'invalid') { this.fail(rec.line, rec.message); continue; }
      if (!conditionsAllow(rec.conditions, this.engine)) {
        if (rec.kind === 'statement' || rec.kind === 'query') this.result.skipped++;
        continue;
      }
      switch (rec.kind) {
        case 'hash-threshold': break; // results are compared in the form the file gives (values or hash)
        case 'halt': this.skipRest(records, i + 1); return;
        case 'restart': this.fail(rec.line, 'restart is not part of the public format'); break;
        case 'connect': this.fail(rec.line, 'connect is not part of the public format'); break;
        case 'statement': this.statement(rec.line, rec.sql, rec.expectError); break;
        case 'query': this.query(rec); break;
        default: unreachable(rec, 'record');
      }
    }
  }

  private skipRest(records: readonly SltRecord[], from: number): void {
    for (let i = from; i < records.length; i++) {
      const k = (records[i] as SltRecord).kind;
      if (k === 'statement' || k === 'query') this.result.skipped++;
    }
  }

  private statement(line: number, sql: string, expectError: boolean): void {
    try {
      this.db.execute(sql);
    } catch (e) {
      const internal = isSqlError(e) && e.sqlState.startsWith('XX');
      if (expectError && isSqlError(e) && !internal) this.result.passed++;
      else if (expectError) this.fail(line, `expected an SQL error, got ${internal ? 'an internal error ' : ''}${describeError(e)}`, sql);
      else this.fail(line, `statement failed: ${describeError(e)}`, sql);
      return;
    }
    if (expectError) this.fail(line, 'statement succeeded but an error was expected', sql);
    else this.result.passed++;
  }

  private query(rec: QueryRecord): void {
    let res: EngineResult;
    try {
      res = this.db.execute(rec.sql);
    } catch (e) {
      this.fail(rec.line, `query failed: ${describeError(e)}`, rec.sql);
      return;
    }
    const problem = this.check(rec, res);
    if (problem === null) this.result.passed++;
    else this.fail(rec.line, problem.message, problem.detail === undefined ? rec.sql : `${rec.sql}\n${problem.detail}`);
  }

  /** Renders, sorts and compares one result; null when it matches. */
  private check(rec: QueryRecord, res: EngineResult): { message: string; detail?: string } | null {
    const ncols = res.columns?.length ?? res.rows[0]?.length ?? rec.types.length;
    if (ncols !== rec.types.length) return { message: `expected ${rec.types.length} columns, got ${ncols}` };
    const values = renderRows(rec, res);
    const needHash = rec.label !== null || rec.expected.kind === 'hash';
    const hash = needHash ? hashValues(values) : '';
    const mismatch = compareExpected(rec, values, hash);
    if (mismatch !== null || rec.label === null) return mismatch;
    const seen = this.labels.get(rec.label);
    if (seen === undefined) this.labels.set(rec.label, { hash, line: rec.line });
    else if (seen.hash !== hash) return { message: `result differs from the query labelled ${rec.label} at line ${seen.line}` };
    return null;
  }

  private fail(line: number, message: string, detail?: string): void {
    this.result.failed++;
    this.result.failures.push(detail === undefined ? { file: this.file, line, message } : { file: this.file, line, message, detail });
  }
}

/** Rendered values in result order after the record's sort mode. */
function renderRows(rec: QueryRecord, res: EngineResult): string[] {
  const types = res.types ?? [];
  const letters = rec.types;
  const n = letters.length;
  if (rec.sort === 'rowsort') {
    const rows = res.rows.map((row) => {
      const out = new Array<string>(n);
      for (let c = 0; c < n; c++) out[c] = renderSltValue(row[c], letters[c] as string, types[c] ?? '');
      return out;
    });
    return sortRows(rows, 'rowsort').flat();
  }
  const values = new Array<string>(res.rows.length * n);
  let k = 0;
  for (const row of res.rows) {
    for (let c = 0; c < n; c++) values[k++] = renderSltValue(row[c], letters[c] as string, types[c] ?? '');
  }
  if (rec.sort === 'valuesort') values.sort();
  return values;
}

function compareExpected(rec: QueryRecord, values: readonly string[], hash: string): { message: string; detail?: string } | null {
  const exp = rec.expected;
  switch (exp.kind) {
    case 'none':
      return values.length === 0 ? null : { message: `expected no rows, got ${values.length} values`, detail: listing(values) };
    case 'hash': {
      const want = hashLine(exp.count, exp.hash);
      const got = hashLine(values.length, hash);
      return want === got ? null : { message: `expected ${want}, got ${got}`, detail: listing(values) };
    }
    case 'values': {
      const lines = exp.lines;
      const n = Math.min(lines.length, values.length);
      for (let i = 0; i < n; i++) {
        if (lines[i] !== values[i]) {
          const where = `value ${i + 1} (row ${Math.floor(i / rec.types.length) + 1}, column ${(i % rec.types.length) + 1})`;
          return { message: `${where}: expected ${JSON.stringify(lines[i])}, got ${JSON.stringify(values[i])}`, detail: listing(values) };
        }
      }
      if (lines.length === values.length) return null;
      return { message: `expected ${lines.length} values, got ${values.length}`, detail: listing(values) };
    }
    default: return unreachable(exp, 'expected result');
  }
}

function listing(values: readonly string[]): string {
  if (values.length === 0) return 'actual: no values';
  const shown = values.slice(0, 40).join('\n');
  return values.length > 40 ? `actual:\n${shown}\n… ${values.length - 40} more` : `actual:\n${shown}`;
}

/** Renders one value as the reference runner does for type letter `I`, `R` or `T`; `sqlType` is the
 *  engine's column type name, used to tell a REAL from an INTEGER and a DATE from a TIMESTAMP. */
export function renderSltValue(v: unknown, letter: string, sqlType: string): string {
  if (v === null || v === undefined) return 'NULL';
  const text = letter === 'I' ? integerText(v, sqlType) : letter === 'R' ? realText(v) : plainText(v, sqlType);
  if (text === '') return '(empty)';
  return /^[\x20-\x7e]*$/.test(text) ? text : printable(text);
}

/** `sqlite3_column_int64`: integers as they are, reals truncated toward zero, text read as a number. */
function integerText(v: unknown, sqlType: string): string {
  if (typeof v === 'number') return truncatedText(v);
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'boolean') return v ? '1' : '0';
  if (Decimal.isDecimal(v)) return (v as Decimal).isZero() ? '0' : (v as Decimal).trunc().toFixed(0);
  if (typeof v === 'string') return truncatedText(Number.parseFloat(v));
  return plainText(v, sqlType);
}

function truncatedText(x: number): string {
  if (!Number.isFinite(x)) return '0';
  const t = Math.trunc(x);
  return Number.isSafeInteger(t) ? String(t === 0 ? 0 : t) : BigInt(t).toString();
}

/** `%.3f` of `sqlite3_column_double`. */
function realText(v: unknown): string {
  if (typeof v === 'number') return fixed3(v);
  if (typeof v === 'bigint') return `${v.toString()}.000`;
  if (typeof v === 'boolean') return v ? '1.000' : '0.000';
  if (Decimal.isDecimal(v)) {
    const d = v as Decimal;
    return d.abs().lt(1e13) ? d.toFixed(3, Decimal.ROUND_HALF_UP) : new Decimal(d.toPrecision(16, Decimal.ROUND_HALF_UP)).toFixed(3);
  }
  if (typeof v === 'string') {
    const x = Number.parseFloat(v);
    return fixed3(Number.isNaN(x) ? 0 : x);
  }
  return fixed3(Number(v));
}

/** SQLite's `%.3f`: three decimals, but never more than 16 significant digits (the rest print as zeros). */
function fixed3(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  return Math.abs(x) < 1e13 ? x.toFixed(3) : new Decimal(x.toPrecision(16)).toFixed(3);
}

/** `sqlite3_column_text`: strings as they are, INTEGER digits, REAL as SQLite's `%!.15g`. */
function plainText(v: unknown, sqlType: string): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return isRealType(sqlType) || !Number.isInteger(v) ? sqliteReal(v) : truncatedText(v);
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'boolean') return v ? '1' : '0';
  if (Decimal.isDecimal(v)) return (v as Decimal).toFixed();
  if (v instanceof Date) return isoText(v, sqlType);
  if (v instanceof Uint8Array) return Buffer.from(v).toString('latin1');
  return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x)) ?? String(v);
}

function isRealType(sqlType: string): boolean {
  return /^(REAL|DOUBLE|FLOAT)/i.test(sqlType);
}

/** SQLite's REAL text: 15 significant digits, trailing zeros dropped, at least one decimal (`2.0`, `0.3`). */
function sqliteReal(x: number): string {
  if (!Number.isFinite(x)) return x > 0 ? 'Inf' : x < 0 ? '-Inf' : 'NaN';
  if (Number.isInteger(x) && Math.abs(x) < 1e15) return `${x}.0`;
  const [mantissa, exponent] = x.toPrecision(15).split('e') as [string, string | undefined];
  let m = mantissa.includes('.') ? mantissa.replace(/0+$/, '') : mantissa;
  m = m.endsWith('.') ? `${m}0` : m.includes('.') ? m : `${m}.0`;
  if (exponent === undefined) return m;
  const e = Number(exponent);
  return `${m}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
}

function isoText(d: Date, sqlType: string): string {
  const iso = d.toISOString();
  if (/^DATE/i.test(sqlType)) return iso.slice(0, 10);
  const ms = iso.slice(20, 23);
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${ms === '000' ? '' : `.${ms}`}`;
}

/** Replaces every byte outside ' '..'~' of the UTF-8 text with '@' (one '@' per byte, as the C runner). */
function printable(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0) as number;
    if (code >= 0x20 && code <= 0x7e) out += ch;
    else out += '@'.repeat(Buffer.byteLength(ch, 'utf8'));
  }
  return out;
}

interface CliOptions { quiet: boolean; verbose: boolean; strict: boolean; paths: string[] }

function parseArgs(argv: readonly string[]): CliOptions | string {
  const out: CliOptions = { quiet: false, verbose: false, strict: false, paths: [] };
  for (const a of argv) {
    if (a === '--quiet') out.quiet = true;
    else if (a === '--verbose') out.verbose = true;
    else if (a === '--strict') out.strict = true;
    else if (a.startsWith('-')) return `unknown option ${a}`;
    else out.paths.push(a);
  }
  return out;
}

/** The command line: returns the exit code. `print` and the run options are injectable for tests. */
export function main(argv: readonly string[], print: (line: string) => void = console.log, run: SltOptions = {}): number {
  const opts = parseArgs(argv);
  if (typeof opts === 'string') {
    print(`slt: ${opts}\nusage: slt [--quiet] [--verbose] [--strict] [paths…]`);
    return 2;
  }
  let roots = opts.paths;
  if (roots.length === 0) {
    const shared = join(findRepoRoot(), '..', 'shared', 'sqllogictest');
    if (!existsSync(shared)) {
      print(`slt: no public sqllogictest folder at ${shared}; nothing to run`);
      return 0;
    }
    roots = [shared];
  }
  const missing = roots.find((p) => !existsSync(p));
  if (missing !== undefined) { print(`slt: no such file or directory: ${missing}`); return 2; }
  const total = runAll(roots.flatMap((r) => listTestFiles(r)), opts, print, run);
  print(`${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
  return opts.strict && total.failed > 0 ? 1 : 0;
}

function runAll(files: readonly string[], opts: CliOptions, print: (line: string) => void, run: SltOptions): FileResult {
  const total: FileResult = { passed: 0, failed: 0, skipped: 0, failures: [] };
  for (const file of files) {
    const name = relative(process.cwd(), file) || file;
    const started = Date.now();
    const r = runSltFile(file, run);
    const named = r.failures.map((f) => ({ ...f, file: name }));
    if (!opts.quiet) print(`${name}: ${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped (${Date.now() - started} ms)`);
    const shown = opts.verbose ? named : named.slice(0, DEFAULT_SHOWN_FAILURES);
    for (const f of shown) print(formatFailure(f, opts.verbose));
    if (shown.length < named.length) print(`${name}: … ${named.length - shown.length} more failures (--verbose shows all)`);
    total.passed += r.passed;
    total.failed += r.failed;
    total.skipped += r.skipped;
  }
  return total;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
