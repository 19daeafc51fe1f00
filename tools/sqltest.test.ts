/**
 * tools/sqltest.test.ts — the sql-tests runner (tools/sqltest.ts) against inline fixtures and a toy connector,
 * so these tests do not load the engine: the toy keeps a key/value map per database path (surviving close, as
 * a file does) and answers a handful of commands.
 */
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import Decimal from 'decimal.js';
import { SqlError, SqlState } from '../src/common/errors';
import type { EngineResult } from './slt-format';
import { main, renderValue, runSqlTestText, typeLetter, type Connection, type Connector } from './sqltest';

/** Toy commands: `SET k v`, `GET k` (INTEGER), `ME` (this connection's number), `FAIL code words…`, `CRASH`,
 *  or any text in `canned`. State lives per path, so it survives a restart. */
class ToyConnector implements Connector {
  readonly paths: string[] = [];
  opened = 0;
  closed = 0;
  private readonly stores = new Map<string, Map<string, number>>();
  constructor(readonly name = 'embedded', private readonly canned: Readonly<Record<string, EngineResult>> = {}) {}

  open(path: string): Connection {
    this.paths.push(path);
    const id = ++this.opened;
    const store = this.stores.get(path) ?? new Map<string, number>();
    this.stores.set(path, store);
    return {
      execute: (sql) => this.execute(sql, store, id),
      close: () => { this.closed++; },
    };
  }

  private execute(sql: string, store: Map<string, number>, id: number): EngineResult {
    const [verb, a, ...rest] = sql.split(' ');
    const canned = this.canned[sql];
    if (canned !== undefined) return canned;
    switch (verb) {
      case 'SET': store.set(a ?? '', Number(rest[0])); return { columns: [], types: [], rows: [] };
      case 'GET': return { columns: [a ?? ''], types: ['INTEGER'], rows: store.has(a ?? '') ? [[store.get(a ?? '')]] : [] };
      case 'ME': return { columns: ['ME'], types: ['INTEGER'], rows: [[id]] };
      case 'FAIL': throw new SqlError(a as typeof SqlState.SyntaxError, rest.join(' '));
      case 'CRASH': throw new TypeError('undefined is not a function');
      default: throw SqlError.of(SqlState.SyntaxError, [sql]);
    }
  }
}

const HEADER = '# name: fixture.test\n# description: runner fixture\n\n';
const UNIQUE = SqlState.UniqueViolation;
const CHECK = SqlState.CheckViolation;

async function run(body: string, connector = new ToyConnector(), complete = false) {
  const r = await runSqlTestText(HEADER + body, 'fixture.test', { connector, complete });
  return { r, at: Object.fromEntries(r.failures.map((f) => [f.line, f.message])) };
}

describe('runSqlTestText', () => {
  test('statements: ok, error with SQLSTATE and message substring, crashes and unknown codes', async () => {
    const { r, at } = await run([
      'statement ok', 'SET a 1', '',                                    // 4
      `statement error ${UNIQUE} duplicate key`, `FAIL ${UNIQUE} duplicate key value`, '', // 7
      `statement error ${UNIQUE}`, `FAIL ${CHECK} nope`, '',            // 10
      `statement error ${UNIQUE} other words`, `FAIL ${UNIQUE} duplicate key`, '', // 13
      `statement error ${UNIQUE}`, 'CRASH', '',                         // 16
      'statement error 99ZZZ', 'FAIL 99ZZZ made up', '',                // 19
      'statement ok', 'CRASH', '',                                      // 22
      `statement error ${UNIQUE}`, 'SET b 2', '',                       // 25
    ].join('\n'));
    expect(at).toEqual({
      10: `expected error ${UNIQUE}, got ${CHECK} nope`,
      13: 'expected a message containing "other words", got "duplicate key"',
      16: `expected error ${UNIQUE}, got TypeError (not an SqlError): undefined is not a function`,
      19: 'unknown SQLSTATE 99ZZZ (not in tools/sqlstate.txt)',
      22: 'statement failed: TypeError (not an SqlError): undefined is not a function',
      25: `statement succeeded but error ${UNIQUE} was expected`,
    });
    expect([r.passed, r.failed, r.skipped]).toEqual([2, 6, 0]);
  });

  test('queries: tab-separated rows, one value per line, sort modes, labels, type letters', async () => {
    const canned = {
      PAIRS: { columns: ['N', 'S'], types: ['INTEGER', 'VARCHAR(10)'], rows: [[2, 'b'], [10, ''], [1, null]] },
      NUM: { columns: ['X'], types: ['NUMERIC(6,2)'], rows: [[new Decimal('1.5')]] },
    };
    const { r, at } = await run([
      'query IT', 'PAIRS', '----', '2\tb', '10\t(empty)', '1\tNULL', '',  // 4
      'query IT rowsort', 'PAIRS', '----', '1\tNULL', '10\t(empty)', '2\tb', '', // 11
      'query IT valuesort', 'PAIRS', '----', '1', '10', '2', '(empty)', 'NULL', 'b', '', // 18
      'query IT', 'PAIRS', '----', '2', 'b', '10', '(empty)', '1', 'NULL', '', // 28
      'query N lbl', 'NUM', '----', '1.50', '',                          // 38
      'query II', 'PAIRS', '----', '2\tb', '',                            // 43
      'query IT', 'PAIRS', '----', '2\tb', '10\t(empty)', '',            // 48
      'query IT', 'PAIRS', '----', '2\tb', '10\tx', '1\tNULL', '',       // 54
      'query I lbl', 'ME', '----', '1', '',                               // 61
      'query I', 'GET nothing', '',                                       // 66
      'query I', 'ME', '',                                                // 69
      'query IT', 'PAIRS', '----', '2\tb\textra', '',                     // 72
    ].join('\n'), new ToyConnector('embedded', canned));
    expect(at).toEqual({
      43: 'column 2 (S) is VARCHAR(10): type letter T, the record says I',
      48: 'expected 2 rows, got 3',
      54: 'row 2: expected "10\\tx", got "10\\t(empty)"',
      61: 'result differs from the query labelled lbl at line 38',
      69: 'expected no rows (the record has no ---- section), got 1',
      72: 'expected row 1 has 3 tab-separated values, the query has 2 columns',
    });
    expect(r.failures.find((f) => f.line === 54)?.detail).toContain('expected:\n2\tb\n10\tx');
    expect([r.passed, r.failed]).toEqual([6, 6]);
  });

  test('a label must give the same result every time', async () => {
    const { at } = await run(['query I same', 'ME', '----', '1', '', 'query I same', 'ME @B', '----', '1', '',
      'query I same', 'ME', '----', '1', '', 'query I same @B', 'ME', '----', '2'].join('\n'));
    expect(at).toEqual({ 19: 'result differs from the query labelled same at line 4' });
  });

  test('named connections are further opens of the same path; restart closes them all and reopens', async () => {
    const toy = new ToyConnector();
    const { r, at } = await run([
      'statement ok', 'SET k 7', '',
      'query I', 'ME', '----', '1', '',
      'query I @B', 'ME', '----', '2', '',
      'query I @B', 'GET k', '----', '7', '',
      'statement ok @other', 'SET k 8', '',
      'restart', '',
      'query I', 'GET k', '----', '8', '',
      'query I', 'ME', '----', '4', '',
      'query I @B', 'ME', '----', '5', '',
    ].join('\n'), toy);
    expect(at).toEqual({});
    expect(r.passed).toBe(8);
    expect([toy.opened, toy.closed]).toEqual([5, 5]);
    expect(new Set(toy.paths).size).toBe(1);
    expect(toy.paths[0]).toMatch(/pyrrho-sqltest-[^/\\]+[/\\]test$/);
    expect(existsSync(dirname(toy.paths[0] as string))).toBe(false);
  });

  test('each run gets a fresh database directory', async () => {
    const toy = new ToyConnector();
    await run('statement ok\nSET k 1', toy);
    await run('query I\nGET k', toy);
    expect(new Set(toy.paths).size).toBe(2);
  });

  test('conditions name connectors; halt skips the rest; headers are required', async () => {
    const { r, at } = await run([
      'skipif embedded', 'statement ok', 'CRASH', '',
      'onlyif tcp', 'statement ok', 'CRASH', '',
      'onlyif embedded', 'statement ok', 'SET a 1', '',
      'onlyif sqlite', 'statement ok', 'SET a 1', '',
      'halt', '',
      'statement ok', 'CRASH', '', 'query I', 'CRASH',
    ].join('\n'));
    expect(at).toEqual({ 17: "unknown condition 'sqlite' (embedded or tcp)" });
    expect([r.passed, r.failed, r.skipped]).toEqual([1, 1, 4]);
    const tcp = await run('onlyif tcp\nstatement ok\nSET a 1\n\nskipif tcp\nstatement ok\nCRASH', new ToyConnector('tcp'));
    expect([tcp.r.passed, tcp.r.skipped]).toEqual([1, 1]);
    const bare = await runSqlTestText('statement ok\nSET a 1', 'bare.test', { connector: new ToyConnector() });
    expect(bare.failures.map((f) => f.message)).toEqual(["missing '# name:' header", "missing '# description:' header"]);
  });

  test('invalid records fail at their line and the file goes on', async () => {
    const { r, at } = await run('statement ok B\nSET a 1\n\nstatement ok\nSET a 2');
    expect(at[4]).toContain('connection names are written @name');
    expect(r.passed).toBe(1);
  });
});

describe('completion mode', () => {
  test('rewrites failing records with actual results and leaves every other line alone', async () => {
    const canned = { PAIRS: { columns: ['N', 'S'], types: ['INTEGER', 'CHAR'], rows: [[2, 'b'], [1, 'a']] } };
    const body = [
      '# a comment', 'statement ok', 'SET a 1', '',
      'query II rowsort', 'PAIRS', '----', 'wrong', '',
      'query IT', 'PAIRS', '',
      'statement ok @B', `FAIL ${UNIQUE} dup`, '',
      `statement error ${UNIQUE}`, 'SET c 3', '',
      'query I', `FAIL ${CHECK} no`, '----', '1', '',
      'query I', 'GET a', '----', '1', '',
    ].join('\n');
    const { r } = await run(body, new ToyConnector('embedded', canned), true);
    expect(r.completed).toBe(HEADER + [
      '# a comment', 'statement ok', 'SET a 1', '',
      'query IT rowsort', 'PAIRS', '----', '1\ta', '2\tb', '',
      'query IT', 'PAIRS', '----', '2\tb', '1\ta', '',
      `statement error ${UNIQUE} @B`, `FAIL ${UNIQUE} dup`, '',
      'statement ok', 'SET c 3', '',
      `statement error ${CHECK}`, `FAIL ${CHECK} no`, '',
      'query I', 'GET a', '----', '1', '',
    ].join('\n'));
  });

  test('hash-threshold turns long results into a hash line', async () => {
    const canned = { MANY: { columns: ['N'], types: ['INTEGER'], rows: [[1], [2], [3]] } };
    const { r } = await run('hash-threshold 2\n\nquery I\nMANY\n----\n1', new ToyConnector('embedded', canned), true);
    expect(r.completed).toBe(`${HEADER}hash-threshold 2\n\nquery I\nMANY\n----\n3 values hashing to c0710d6b4f15dfa88f600b0e6b624077`);
  });
});

describe('renderValue and typeLetter', () => {
  test.each([
    [null, 'INTEGER', 'NULL'],
    ['', 'CHAR', '(empty)'],
    ['a\tb\nc', 'CHAR', 'a\\tb\\nc'],
    [42, 'INTEGER', '42'],
    [1e21, 'INTEGER', '1000000000000000000000'],
    [123456789012345678901234567890n, 'INTEGER', '123456789012345678901234567890'],
    [0.1, 'REAL', '0.1'],
    [2, 'REAL', '2'],
    [1e21, 'REAL', '1e+21'],
    [new Decimal('1.5'), 'NUMERIC(6,2)', '1.50'],
    [new Decimal('12345678901234567890.123'), 'NUMERIC', '12345678901234567890.123'],
    [new Decimal('1e-10'), 'DECIMAL', '0.0000000001'],
    [true, 'BOOLEAN', 'TRUE'],
    [false, 'BOOLEAN', 'FALSE'],
    [new Date(Date.UTC(2024, 1, 29)), 'DATE', '2024-02-29'],
    [new Date(Date.UTC(2024, 1, 29, 13, 5, 9, 250)), 'TIMESTAMP', '2024-02-29 13:05:09.250'],
    [new Date(Date.UTC(2024, 1, 29, 13, 5, 9)), 'TIMESTAMP', '2024-02-29 13:05:09'],
    [new Date(Date.UTC(2024, 1, 29)), '', '2024-02-29'],
    ['12:30:00', 'TIME', '12:30:00'],
    [new Uint8Array([10, 255]), 'BLOB', "X'0AFF'"],
    [{ a: 1, b: [true, null, 'x'], c: { d: 2n, e: new Decimal('1.10') } }, 'DOCUMENT', '{"a": 1, "b": [true, null, "x"], "c": {"d": 2, "e": 1.1}}'],
  ])('%p as %s renders %s', (v, type, text) => {
    expect(renderValue(v, type)).toBe(text);
  });

  test('type letters by type family', () => {
    expect(['INTEGER', 'BIGINT', 'NUMERIC(5,2)', 'DECIMAL', 'REAL', 'DOUBLE PRECISION', 'BOOLEAN', 'DATE',
      'TIMESTAMP', 'TIME', 'CHAR(3)', 'VARCHAR', 'DOCUMENT', 'BLOB'].map(typeLetter).join(''))
      .toBe('IINNRRBDDDTTTT');
    expect(typeLetter('NULL')).toBeNull();
    expect(typeLetter('')).toBeNull();
  });
});

describe('main', () => {
  test('usage errors exit 2 before anything runs', async () => {
    const out: string[] = [];
    expect(await main(['--connector', 'odbc'], (l) => out.push(l))).toBe(2);
    expect(out[0]).toContain("connector 'odbc' is not available (have: embedded, tcp)");
    expect(await main(['--complete'], () => undefined)).toBe(2);
    expect(await main(['--bogus'], () => undefined)).toBe(2);
    expect(await main(['no/such/file.test'], () => undefined)).toBe(2);
  });
});
