/**
 * grammar/syntax-error.test.ts — every bad input is one SqlError 42601 at the offending token, never anything else.
 */
import fc from 'fast-check';
import { SqlError } from '../src/common/errors';
import { parseExpression, parseStatements } from './index';

function errorOf(text: string): SqlError {
  try {
    parseStatements(text);
  } catch (e) {
    if (e instanceof SqlError) return e;
    throw e;
  }
  throw new Error(`parsed without error: ${text}`);
}

describe('syntax errors point at the offending token', () => {
  test.each([
    // [text, position, quoted near text, detail]
    ['SELECT * FORM t', 9, '"FORM"', 'expected ";" or end of input'],
    ['SELECT a FROM', 13, 'end of input', 'expected TABLE, identifier, LATERAL or "("'],
    ['SELECT FROM t', 7, '"FROM"', 'expected an expression or "*"'],
    ['SELECT a FROM t WHERE', 21, 'end of input', 'expected an expression'],
    ['SELECT a FROM t ORDER a', 22, '"a"', 'expected BY'],
    ['INSERT t VALUES (1)', 7, '"t"', 'expected INTO'],
    ['INSERT INTO t (a b) VALUES (1)', 17, '"b"', 'expected ")"'],
    ['INSERT INTO t VALUES (1, 2', 26, 'end of input', 'expected ")"'],
    ['UPDATE t SET a = 1 WHERE', 24, 'end of input', 'expected an expression'],
    ['DELETE t', 7, '"t"', 'expected FROM'],
    ['CREATE TABLE t (a 1)', 18, '"1"', 'expected a type name'],
    ['CREATE TABLE t (a INT,)', 22, '")"', 'expected a column definition or table constraint'],
    ['CREATE TRIGGER t1r1 UPDATE ON t1', 32, 'end of input', 'expected BEGIN, WHILE, REPEAT, LOOP, FOR, DECLARE …'],
    ['CREATE TRIGGER t1r1 UPDATE t1', 27, '"t1"', 'expected ON'],
    ['DROP 1', 5, '"1"', 'expected TABLE, INDEX, identifier, VIEW, TRIGGER, TYPE …'],
    ['ALTER TABLE t FROB', 14, '"FROB"', 'expected ADD, DROP, SET, ALTER or RENAME'],
    ['ALTER TABLE t RENAME', 20, 'end of input', 'expected CONSTRAINT, COLUMN, identifier or TO'],
    ['ALTER TABLE t RENAME x y', 23, '"y"', 'expected TO'],
    ['SELECT CASE WHEN a THEN 1', 25, 'end of input', 'expected END'],
    ['SELECT CASE END', 12, '"END"', 'expected WHEN'],
    ['SELECT CAST(a AS) FROM t', 16, '")"', 'expected a type name'],
    ['SELECT 1 +', 10, 'end of input', 'expected an expression'],
    ['SELECT a BETWEEN 1 OR 2', 19, '"OR"', 'expected AND'],
    ['SELECT count(DISTINCT *) FROM t', 22, '"*"', 'expected an expression'],
    ['SELECT 1 FETCH FIRST 5 ROWS', 27, 'end of input', 'expected ONLY'],
    ['SELECT select', 7, '"select"', 'expected an expression or "*"'],
    ['CREATE TABLE t (a INT REFERENCES u ON DELETE NOTHING)', 45, '"NOTHING"', 'expected RESTRICT, NO, CASCADE or SET'],
    ['BEGIN; COMMIT WORK WORK', 19, '"WORK"', 'expected ";" or end of input'],
    ['SELEC * FROM t', 0, '"SELEC"', 'expected a statement'],
    ['SELECT 1; WIBBLE', 10, '"WIBBLE"', 'expected a statement'],
  ])('%s', (text, position, near, detail) => {
    const e = errorOf(text);
    expect(e.sqlState).toBe('42601');
    expect(e.message).toBe(`syntax error at or near ${near}`);
    expect(e.position).toBe(position);
    expect(e.detail).toBe(detail);
  });

  test('the end of input is the text length, after any trailing blanks or comments', () => {
    const text = 'SELECT a FROM  -- nothing follows\n  ';
    expect(errorOf(text).position).toBe(text.length);
  });
});

describe('document literals', () => {
  const VALUE = 'expected a document value (string, number, true, false, null, regex, parameter, document or array)';
  test.each([
    // [text, position, quoted near text, detail]
    ['SELECT {a: 1', 12, 'end of input', 'expected "}"'],
    ['SELECT {a: {b: [1, 2}} FROM t', 20, '"}"', 'expected "]"'],
    ['SELECT {a: 1 FROM t', 13, '"FROM"', 'expected "}"'],
    ['SELECT {a 1}', 10, '"1"', 'expected ":"'],
    ["SELECT {'a' 'b'}", 12, `"'b'"`, 'expected ":"'],
    ['SELECT {a: b}', 11, '"b"', VALUE],
    ['SELECT {a: }', 11, '"}"', VALUE],
    ['SELECT {a: 1,}', 13, '"}"', 'expected key or string'],
    ['SELECT {1: 2}', 8, '"1"', 'expected "}"'],
    ['SELECT {a: [1,]}', 14, '"]"', VALUE],
    ['SELECT {a: 1 2}', 13, '"2"', 'expected "}"'],
    ['SELECT {a: - 1}', 11, '"-"', 'unexpected character'],
    // `[` is a token since ARRAY[…] came; a bare `[…]` is no expression (an array is ARRAY[…] or a document's)
    ['SELECT [1]', 7, '"["', 'expected an expression or "*"'],
  ])('%s', (text, position, near, detail) => {
    const e = errorOf(text);
    const expected = ['42601', `syntax error at or near ${near}`, position, detail];
    expect([e.sqlState, e.message, e.position, e.detail]).toEqual(expected);
  });

  test('a bad escape and a duplicate key are 22D01 with their position', () => {
    const escape = errorOf('SELECT {a: "x\\qy"}');
    const badEscape = ['22D01', 'invalid document: bad escape \\q in a string', 13];
    expect([escape.sqlState, escape.message, escape.position]).toEqual(badEscape);
    const duplicate = errorOf('INSERT INTO t VALUES ({a: 1, A: 2, a: 3})');
    const duplicateKey = ['22D01', 'invalid document: duplicate key "a"', 35];
    expect([duplicate.sqlState, duplicate.message, duplicate.position]).toEqual(duplicateKey);
  });

  test('a document nested too deeply to parse is 54000, not a RangeError', () => {
    const deep = `SELECT ${'{a: '.repeat(10000)}1${'}'.repeat(10000)}`;
    expect(() => parseStatements(deep)).toThrow(expect.objectContaining({ sqlState: '54000' }));
    expect(() => parseStatements(`SELECT {a: ${'['.repeat(10000)}${']'.repeat(10000)}}`)).toThrow(
      expect.objectContaining({ sqlState: '54000' }),
    );
    expect(parseStatements(`SELECT ${'{a: '.repeat(100)}1${'}'.repeat(100)}`)).toHaveLength(1);
  });
});

describe('lexical errors', () => {
  test.each([
    ['SELECT # FROM t', 7, '"#"', 'unexpected character'],
    ["SELECT 'abc FROM t", 7, `"'abc FROM t"`, 'unterminated quoted string'],
    ['SELECT "abc', 7, '""abc"', 'unterminated quoted identifier'],
    ['SELECT 1 /* no end', 9, '"/* no end"', 'unterminated /* comment'],
    ["SELECT X'0g'", 7, `"X'0g'"`, 'a blob literal needs an even number of hexadecimal digits'],
    ['SELECT ""', 7, '""""', 'zero-length quoted identifier'],
    ['SELECT }', 7, '"}"', 'unexpected character'],
    ["SELECT {a: 'x}", 11, `"'x}"`, 'unterminated quoted string'],
    ['SELECT {a: "x}', 11, '""x}"', 'unterminated quoted string'],
    ['SELECT {a: /x}', 11, '"/x}"', 'unterminated regular expression'],
    ['SELECT {a: (1)}', 11, '"("', 'unexpected character'],
  ])('%s', (text, position, near, detail) => {
    const e = errorOf(text);
    const expected = ['42601', `syntax error at or near ${near}`, position, detail];
    expect([e.sqlState, e.message, e.position, e.detail]).toEqual(expected);
  });

  test('the earlier of a lexical and a syntax error is reported', () => {
    expect(errorOf('SELECT FROM #').position).toBe(7);
    expect(errorOf('SELECT # FROM FROM').position).toBe(7);
  });

  test('a long offending text is shortened in the message', () => {
    const e = errorOf(`SELECT '${'x'.repeat(100)}`);
    expect(e.message.length).toBeLessThan(80);
  });
});

describe('nothing but SqlError escapes', () => {
  test('too deep nesting is program_limit_exceeded (54000), not a RangeError', () => {
    const deep = `SELECT ${'('.repeat(5000)}1${')'.repeat(5000)}`;
    expect(() => parseStatements(deep)).toThrow(expect.objectContaining({ sqlState: '54000' }));
    expect(() => parseExpression(`${'('.repeat(5000)}1${')'.repeat(5000)}`)).toThrow(
      expect.objectContaining({ sqlState: '54000' }),
    );
    expect(parseStatements('SELECT ((((((((((1))))))))))')).toHaveLength(1);
  });

  const fragments = [
    'SELECT', 'FROM', 'WHERE', 'INSERT', 'INTO', 'VALUES', 'UPDATE', 'SET', 'DELETE', 'CREATE', 'TABLE', 'INDEX',
    'DROP', 'ALTER', 'ADD', 'NOT', 'NULL', 'AND', 'OR', 'IN', 'IS', 'BETWEEN', 'LIKE', 'CASE', 'WHEN', 'THEN',
    'END', 'CAST', 'AS', 'EXISTS', 'JOIN', 'ON', 'UNION', 'ORDER', 'BY', 'LIMIT', 'OFFSET', 'FETCH', 'FIRST',
    'ROWS', 'ONLY', 'PRIMARY', 'KEY', 'DEFAULT', 'CHECK', 'REFERENCES', 'BEGIN', 'COMMIT', 'EXPLAIN', 'INT',
    'VARCHAR', 'a', 't', '"Q"', '1', '1.5', '1e3', "'s'", "X'0a'", '?', '@p', '(', ')', ',', ';', '.', '*', '+',
    '-', '/', '%', '||', '=', '<>', '<', '>=', "'", '"', '/*', '--', '#', '{', '\n',
    '}', '{a:', '[', ']', ':', 'true', '/x/i', '"s"', '-2.5', 'DOCARRAY',
  ];

  test('random token soup gives a result or a SqlError 42601 / 54000 / 22D01', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...fragments), { maxLength: 30 }), (parts) => {
        const text = parts.join(' ');
        try {
          parseStatements(text);
        } catch (e) {
          if (!(e instanceof SqlError)) throw e;
          expect(['42601', '54000', '22D01']).toContain(e.sqlState);
          expect(e.position).toBeGreaterThanOrEqual(0);
          expect(e.position).toBeLessThanOrEqual(text.length);
        }
      }),
      { numRuns: 500 },
    );
  });

  test('random characters give a result or a SqlError 42601 (22D01 for a bad document)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40, unit: 'binary' }), (text) => {
        try {
          parseStatements(text);
          parseExpression(text);
        } catch (e) {
          if (!(e instanceof SqlError)) throw e;
          expect(['42601', '22D01']).toContain(e.sqlState);
        }
      }),
      { numRuns: 300 },
    );
  });
});
