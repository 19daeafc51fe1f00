/**
 * tools/slt.test.ts — the sqllogictest parser (tools/slt-format.ts) and the public-suite runner (tools/slt.ts)
 * against small inline fixtures and a fake database that answers canned SQL, so no engine is loaded.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Decimal from 'decimal.js';
import { InternalError, SqlError, SqlState } from '../src/common/errors';
import {
  compareRows, conditionsAllow, hashValues, parseSltFile, sortRows,
  type EngineDatabase, type EngineResult, type QueryRecord, type SltRecord, type StatementRecord,
} from './slt-format';
import { main, renderSltValue, runSltText } from './slt';

/** A database that answers each SQL text from a table; unknown SQL is a syntax error. */
class CannedDatabase implements EngineDatabase {
  readonly executed: string[] = [];
  closed = false;
  constructor(private readonly answers: Readonly<Record<string, EngineResult | Error>>) {}
  execute(sql: string): EngineResult {
    this.executed.push(sql);
    const a = this.answers[sql];
    if (a === undefined) throw SqlError.of(SqlState.SyntaxError, [sql]);
    if (a instanceof Error) throw a;
    return a;
  }
  close(): void { this.closed = true; }
}

const OK: EngineResult = { columns: [], types: [], rows: [] };
function result(types: string[], rows: unknown[][]): EngineResult {
  return { columns: types.map((_t, i) => `c${i}`), types, rows };
}

function only<K extends SltRecord['kind']>(text: string, kind: K, dialect: 'slt' | 'pyrrho' = 'slt'): Extract<SltRecord, { kind: K }> {
  const recs = parseSltFile(text, dialect).records;
  expect(recs).toHaveLength(1);
  expect(recs[0]?.kind).toBe(kind);
  return recs[0] as Extract<SltRecord, { kind: K }>;
}

describe('parseSltFile (public dialect)', () => {
  test('statements, queries, conditions, thresholds and halt with their line numbers', () => {
    const text = [
      '# a comment', 'hash-threshold 8', '', 'statement ok', 'CREATE TABLE t1(a INTEGER,', '  b INTEGER)', '',
      'skipif mysql # comment after the engine', 'onlyif sqlite', 'query II rowsort label-7', 'SELECT a,',
      '# comment inside a record', 'b FROM t1', '----', '1', '2', '', 'query I nosort', 'SELECT 1', '----',
      '30 values hashing to 3c13dee48d9356ae19af2515e05e6b54', '', 'statement error', 'DROP TABLE nope', '', 'halt', '',
    ].join('\n');
    const recs = parseSltFile(text, 'slt').records;
    expect(recs.map((r) => [r.kind, r.line])).toEqual([
      ['hash-threshold', 2], ['statement', 4], ['query', 10], ['query', 18], ['statement', 23], ['halt', 26],
    ]);
    expect((recs[1] as StatementRecord).sql).toBe('CREATE TABLE t1(a INTEGER,\n  b INTEGER)');
    const q = recs[2] as QueryRecord;
    expect(q.conditions).toEqual([{ kind: 'skipif', engine: 'mysql' }, { kind: 'onlyif', engine: 'sqlite' }]);
    expect([q.types, q.sort, q.label, q.sql, q.dividerLine, q.endLine]).toEqual(['II', 'rowsort', 'label-7', 'SELECT a,\nb FROM t1', 14, 16]);
    expect(q.expected).toEqual({ kind: 'values', lines: ['1', '2'] });
    expect((recs[3] as QueryRecord).expected).toEqual({ kind: 'hash', count: 30, hash: '3c13dee48d9356ae19af2515e05e6b54' });
    expect((recs[4] as StatementRecord).expectError).toBe(true);
  });

  test('CRLF line ends and whitespace-only lines separate records', () => {
    const recs = parseSltFile('statement ok\r\nSELECT 1\r\n   \r\nquery T\r\nSELECT 2\r\n----\r\nx\r\n', 'slt').records;
    expect(recs.map((r) => r.kind)).toEqual(['statement', 'query']);
    expect((recs[0] as StatementRecord).sql).toBe('SELECT 1');
    expect((recs[1] as QueryRecord).expected).toEqual({ kind: 'values', lines: ['x'] });
  });

  test('a query without ---- expects nothing; extra words after statement ok are ignored', () => {
    expect(only('query I nosort\nSELECT 1', 'query').expected).toEqual({ kind: 'none' });
    expect(only('statement ok whatever\nSELECT 1', 'statement').sql).toBe('SELECT 1');
  });

  test.each([
    ['frobnicate\nSELECT 1', "unknown record type 'frobnicate'"],
    ['query X nosort\nSELECT 1', 'query needs type letters'],
    ['query N nosort\nSELECT 1', 'query needs type letters'],
    ['query I sideways\nSELECT 1', "unexpected 'sideways'"],
    ['statement ok', 'statement has no SQL'],
    ['statement maybe\nSELECT 1', "'ok' or 'error'"],
    ['query I nosort\n----\n1', 'query has no SQL'],
    ['restart', 'not part of the public format'],
    ['skipif mysql', 'conditions with no record'],
    ['hash-threshold lots', 'non-negative integer'],
    ['halt\nSELECT 1', 'halt takes no SQL'],
  ])('%j is an invalid record', (text, message) => {
    expect(only(text, 'invalid').message).toContain(message);
  });
});

describe('parseSltFile (pyrrho dialect)', () => {
  test('connections, SQLSTATEs and message substrings', () => {
    expect(only('statement ok @B\nINSERT', 'statement', 'pyrrho')).toMatchObject({ connection: 'B', expectError: false });
    const code = SqlState.UniqueViolation;
    expect(only(`statement error ${code} @con_2 duplicate key value\nINSERT`, 'statement', 'pyrrho'))
      .toMatchObject({ connection: 'con_2', sqlState: code, message: 'duplicate key value' });
    expect(only(`statement error ${code} @B\nINSERT`, 'statement', 'pyrrho')).toMatchObject({ connection: 'B', message: null });
    expect(only(`statement error ${code} violates unique\nINSERT`, 'statement', 'pyrrho'))
      .toMatchObject({ connection: null, message: 'violates unique' });
  });

  test('query options: sort, label and @conn are each optional', () => {
    expect(only('query INRBDT\nSELECT 1', 'query', 'pyrrho')).toMatchObject({ types: 'INRBDT', sort: 'nosort', label: null, connection: null });
    expect(only('query II rowsort lbl @B\nSELECT 1', 'query', 'pyrrho')).toMatchObject({ sort: 'rowsort', label: 'lbl', connection: 'B' });
    expect(only('query I @B\nSELECT 1', 'query', 'pyrrho')).toMatchObject({ sort: 'nosort', label: null, connection: 'B' });
    expect(only('query I mylabel\nSELECT 1', 'query', 'pyrrho')).toMatchObject({ sort: 'nosort', label: 'mylabel' });
    expect(only('restart', 'restart', 'pyrrho').line).toBe(1);
  });

  test.each([
    ['statement error\nINSERT', 'five-character SQLSTATE'],
    ['statement error 235\nINSERT', 'five-character SQLSTATE'],
    ['statement ok B\nINSERT', 'connection names are written @name'],
    ['statement ok @B extra\nINSERT', "unexpected 'extra'"],
    ['query I @B @C\nSELECT 1', 'two connections'],
    ['query I rowsort nosort\nSELECT 1', "unexpected 'nosort'"],
    ['query I a b\nSELECT 1', "unexpected 'b'"],
    ['statement ok\nINSERT\n----\n1', "no '----'"],
  ])('%j is an invalid record', (text, message) => {
    expect(only(text, 'invalid', 'pyrrho').message).toContain(message);
  });

  test('the # name: / # description: header', () => {
    const f = parseSltFile('# name: basic/01.test\n# description: first steps\n# more\n\nstatement ok\nSELECT 1\n', 'pyrrho');
    expect(f.header).toEqual({ name: 'basic/01.test', description: 'first steps' });
    expect(parseSltFile('statement ok\nSELECT 1\n# name: late\n', 'pyrrho').header).toEqual({ name: null, description: null });
  });
});

describe('format rules', () => {
  test('conditions: skipif names us → skip; every onlyif must name us', () => {
    expect(conditionsAllow([], 'pyrrhodb')).toBe(true);
    expect(conditionsAllow([{ kind: 'skipif', engine: 'mysql' }], 'pyrrhodb')).toBe(true);
    expect(conditionsAllow([{ kind: 'skipif', engine: 'pyrrhodb' }], 'pyrrhodb')).toBe(false);
    expect(conditionsAllow([{ kind: 'onlyif', engine: 'sqlite' }], 'pyrrhodb')).toBe(false);
    expect(conditionsAllow([{ kind: 'onlyif', engine: 'pyrrhodb' }], 'pyrrhodb')).toBe(true);
  });

  test('MD5 of values each followed by a newline', () => {
    expect(hashValues([])).toBe('d41d8cd98f00b204e9800998ecf8427e');
    expect(hashValues(['a'])).toBe('60b725f10c9c85c70d97880dfe8191b3');
  });

  test('rowsort compares column by column as strings; valuesort sorts every value', () => {
    expect(compareRows(['10', 'b'], ['9', 'a'])).toBeLessThan(0);
    expect(sortRows([['2', 'x'], ['10', 'z'], ['2', 'a']], 'rowsort')).toEqual([['10', 'z'], ['2', 'a'], ['2', 'x']]);
    expect(sortRows([['b', 'a'], ['c', 'A']], 'valuesort')).toEqual([['A'], ['a'], ['b'], ['c']]);
    const rows = [['2'], ['1']];
    expect(sortRows(rows, 'nosort')).toBe(rows);
  });
});

describe('renderSltValue', () => {
  test('NULL, (empty), and non-printable bytes as @', () => {
    expect(renderSltValue(null, 'T', 'CHAR')).toBe('NULL');
    expect(renderSltValue(null, 'I', 'INTEGER')).toBe('NULL');
    expect(renderSltValue('', 'T', 'CHAR')).toBe('(empty)');
    expect(renderSltValue('a\tb', 'T', 'CHAR')).toBe('a@b');
    expect(renderSltValue('café', 'T', 'CHAR')).toBe('caf@@');
  });

  test('I: integers exact, reals truncated toward zero, text read as a number', () => {
    expect(renderSltValue(42, 'I', 'INTEGER')).toBe('42');
    expect(renderSltValue(12345678901234567890n, 'I', 'INTEGER')).toBe('12345678901234567890');
    expect(renderSltValue(2.7, 'I', 'REAL')).toBe('2');
    expect(renderSltValue(-2.7, 'I', 'REAL')).toBe('-2');
    expect(renderSltValue(-0.5, 'I', 'REAL')).toBe('0');
    expect(renderSltValue(new Decimal('-7.9'), 'I', 'NUMERIC')).toBe('-7');
    expect(renderSltValue('12abc', 'I', 'CHAR')).toBe('12');
    expect(renderSltValue('abc', 'I', 'CHAR')).toBe('0');
    expect(renderSltValue(true, 'I', 'BOOLEAN')).toBe('1');
  });

  test('R: three decimals, rounding half away from zero', () => {
    expect(renderSltValue(1 / 3, 'R', 'REAL')).toBe('0.333');
    expect(renderSltValue(2, 'R', 'INTEGER')).toBe('2.000');
    expect(renderSltValue(-1.0625, 'R', 'REAL')).toBe('-1.063');
    expect(renderSltValue(5n, 'R', 'INTEGER')).toBe('5.000');
    expect(renderSltValue(new Decimal('2.0005'), 'R', 'NUMERIC')).toBe('2.001');
    expect(renderSltValue(-9223372036854775808, 'R', 'REAL')).toBe('-9223372036854776000.000');
    expect(renderSltValue(12345678901234.567, 'R', 'REAL')).toBe('12345678901234.570');
    expect(renderSltValue(new Decimal('123456789012345678.5'), 'R', 'NUMERIC')).toBe('123456789012345700.000');
  });

  test('T: text as SQLite prints it', () => {
    expect(renderSltValue(2, 'T', 'REAL')).toBe('2.0');
    expect(renderSltValue(0.1 + 0.2, 'T', 'REAL')).toBe('0.3');
    expect(renderSltValue(1e20, 'T', 'REAL')).toBe('1.0e+20');
    expect(renderSltValue(7, 'T', 'INTEGER')).toBe('7');
    expect(renderSltValue(new Date(Date.UTC(2024, 0, 2)), 'T', 'DATE')).toBe('2024-01-02');
    expect(renderSltValue(new Date(Date.UTC(2024, 0, 2, 3, 4, 5)), 'T', 'TIMESTAMP')).toBe('2024-01-02 03:04:05');
  });
});

describe('runSltText', () => {
  const FIXTURE = [
    'statement ok', 'CREATE', '',
    'statement ok', 'BROKEN', '',
    'statement error', 'BAD', '',
    'statement error', 'CRASH', '',
    'statement error', 'CREATE', '',
    'query IT nosort', 'PAIRS', '----', '1', 'a', '2', '(empty)', '',
    'query IT rowsort', 'PAIRS', '----', '1', 'a', '2', '(empty)', '',
    'query I valuesort', 'NUMS', '----', '1', '10', '2', '',
    'query I nosort', 'NUMS', '----', `3 values hashing to ${hashValues(['2', '10', '1'])}`, '',
    'query I nosort', 'NUMS', '----', '2', '10', '3', '',
    'query II nosort', 'NUMS', '----', '2', '',
    'onlyif sqlite', 'statement ok', 'SQLITE ONLY', '',
    'skipif pyrrhodb', 'statement ok', 'NOT US', '',
    'onlyif pyrrhodb', 'statement ok', 'CREATE', '',
    'query I nosort label-1', 'NUMS', '----', '2', '10', '1', '',
    'query I nosort label-1', 'NUMS', '----', '2', '10', '1', '',
    'query I nosort label-1', 'PAIRS1', '----', '1', '',
    'halt', '', 'statement ok', 'AFTER HALT', '', 'query I', 'AFTER HALT',
  ].join('\n');
  const answers = {
    CREATE: OK,
    BAD: SqlError.of(SqlState.SyntaxError, ['x']),
    CRASH: new TypeError('boom'),
    PAIRS: result(['INTEGER', 'CHAR'], [[2, ''], [1, 'a']]),
    NUMS: result(['INTEGER'], [[2], [10], [1]]),
    PAIRS1: result(['INTEGER'], [[1]]),
  };

  test('counts, failure lines and messages', () => {
    const db = new CannedDatabase(answers);
    const r = runSltText(FIXTURE, 'f.test', { open: () => db });
    const at = Object.fromEntries(r.failures.map((f) => [f.line, f.message]));
    expect(Object.keys(at).map(Number)).toEqual([4, 10, 13, 16, 44, 51, 82]);
    expect(at[4]).toMatch(/^statement failed: 42000 /);
    expect(at[10]).toMatch(/^expected an SQL error, got TypeError \(not an SqlError\): boom/);
    expect(at[13]).toBe('statement succeeded but an error was expected');
    expect(at[16]).toBe('value 1 (row 1, column 1): expected "1", got "2"');
    expect(at[44]).toBe('value 3 (row 3, column 1): expected "3", got "1"');
    expect(at[51]).toBe('expected 2 columns, got 1');
    expect(at[82]).toBe('result differs from the query labelled label-1 at line 68');
    expect({ passed: r.passed, failed: r.failed, skipped: r.skipped }).toEqual({ passed: 8, failed: 7, skipped: 4 });
    expect(db.executed).not.toContain('SQLITE ONLY');
    expect(db.executed).not.toContain('AFTER HALT');
    expect(db.closed).toBe(true);
  });

  test('the hash is MD5 over the sorted rendered values', () => {
    const text = `query I valuesort\nNUMS\n----\n3 values hashing to ${hashValues(['1', '10', '2'])}`;
    expect(runSltText(text, 'f.test', { open: () => new CannedDatabase(answers) })).toMatchObject({ passed: 1, failed: 0 });
  });

  test('an internal error (XX000) does not satisfy statement error', () => {
    const db = new CannedDatabase({ BUG: new InternalError('stray TypeError'), BAD: SqlError.of(SqlState.DivisionByZero) });
    const r = runSltText('statement error\nBUG\n\nstatement error\nBAD', 'f.test', { open: () => db });
    expect(r.failures.map((f) => [f.line, f.message])).toEqual([[1, 'expected an SQL error, got an internal error XX000 internal error: stray TypeError']]);
    expect(r.passed).toBe(1);
  });

  test('a database that cannot be opened is one failure', () => {
    const r = runSltText('statement ok\nCREATE', 'f.test', { open: () => { throw new Error('no engine'); } });
    expect(r.failures[0]?.message).toContain('cannot open a database');
    expect(r.failed).toBe(1);
  });
});

describe('main', () => {
  let dir: string;
  beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'slt-test-')); });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function write(name: string, failures: number): string {
    const records = Array.from({ length: failures }, () => 'statement ok\nBROKEN\n').join('\n');
    const file = join(dir, name);
    writeFileSync(file, `statement ok\nCREATE\n\n${records}`);
    return file;
  }

  test('prints per-file lines, the first 10 failures and the summary; exit 0 unless --strict', () => {
    const file = write('many.test', 12);
    const out: string[] = [];
    const open = { open: () => new CannedDatabase({ CREATE: OK }) };
    expect(main([file], (l) => out.push(l), open)).toBe(0);
    expect(out[0]).toMatch(/many\.test: 1 passed, 12 failed, 0 skipped \(\d+ ms\)$/);
    expect(out.filter((l) => /:\d+: statement failed/.test(l))).toHaveLength(10);
    expect(out).toContainEqual(expect.stringMatching(/… 2 more failures/));
    expect(out[out.length - 1]).toBe('1 passed, 12 failed, 0 skipped');
    expect(main(['--strict', '--verbose', '--quiet', file], () => undefined, open)).toBe(1);
    const quiet: string[] = [];
    main(['--quiet', '--verbose', dir], (l) => quiet.push(l), open);
    expect(quiet.filter((l) => /:\d+: statement failed/.test(l))).toHaveLength(12);
    expect(quiet.some((l) => /passed, .* \(\d+ ms\)/.test(l))).toBe(false);
  });

  test('usage errors exit 2', () => {
    expect(main(['--nope'], () => undefined)).toBe(2);
    expect(main([join(dir, 'missing.test')], () => undefined)).toBe(2);
  });
});
