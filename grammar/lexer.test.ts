/**
 * grammar/lexer.test.ts — token order, keyword categories, literals, comments and lexical error tokens.
 */
import { tokenMatcher, type IToken } from 'chevrotain';
import { tokenize } from './lexer';
import { KEYWORD_RESERVED, KEYWORD_TOKENS, Keyword, NonReservedKeyword } from './tokens/keywords.generated';
import { ERROR_GROUP, Name } from './tokens/literals';

function types(text: string): string[] {
  const result = tokenize(text);
  expect(result.errors).toEqual([]);
  return result.tokens.map((t) => t.tokenType.name);
}

function only(text: string): IToken {
  const tokens = tokenize(text).tokens;
  expect(tokens).toHaveLength(1);
  return tokens[0]!;
}

describe('keywords', () => {
  test('are case-insensitive', () => {
    expect(types('select SeLeCt SELECT')).toEqual(['SELECT', 'SELECT', 'SELECT']);
  });

  test('a longer word is an identifier, and longer keywords win over their prefixes', () => {
    expect(types('selection intx integer int in index into')).toEqual([
      'Identifier',
      'Identifier',
      'INTEGER',
      'INT',
      'IN',
      'INDEX',
      'INTO',
    ]);
  });

  test('every keyword in keywords.txt lexes to its own token, in the right categories', () => {
    expect(KEYWORD_TOKENS.length).toBe(KEYWORD_RESERVED.size);
    for (const [word, reserved] of KEYWORD_RESERVED) {
      for (const spelling of [word, word.toLowerCase()]) {
        const token = only(spelling);
        expect(token.tokenType.name).toBe(word);
        expect(tokenMatcher(token, Keyword)).toBe(true);
        expect(tokenMatcher(token, NonReservedKeyword)).toBe(!reserved);
        expect(tokenMatcher(token, Name)).toBe(!reserved);
      }
    }
  });

  test('identifiers, quoted identifiers and non-reserved keywords are all Names', () => {
    for (const text of ['abc', '"Mixed Case"', 'key', 'date', 'first']) expect(tokenMatcher(only(text), Name)).toBe(true);
    for (const text of ['select', 'from', 'null']) expect(tokenMatcher(only(text), Name)).toBe(false);
  });
});

describe('literals', () => {
  test('numbers: integers of any length, decimals and reals', () => {
    expect(types('1 123456789012345678901234567890 1.5 .5 2. 1e5 1.5E-3 .5e+2')).toEqual([
      'IntegerLiteral',
      'IntegerLiteral',
      'DecimalLiteral',
      'DecimalLiteral',
      'DecimalLiteral',
      'RealLiteral',
      'RealLiteral',
      'RealLiteral',
    ]);
    expect(only('123456789012345678901234567890').image).toBe('123456789012345678901234567890');
  });

  test("strings keep '' escapes in the token; blobs, quoted names and parameters", () => {
    expect(only("'it''s'").image).toBe("'it''s'");
    expect(types("'' X'0aFF' x'' \"a\"\"b\" ? @p_1")).toEqual([
      'StringLiteral',
      'BlobLiteral',
      'BlobLiteral',
      'QuotedIdentifier',
      'QuestionMark',
      'NamedParameter',
    ]);
  });

  test('a name starting with X is not a blob', () => {
    expect(types('xyz x')).toEqual(['Identifier', 'Identifier']);
  });
});

describe('operators and punctuation', () => {
  test('two-character operators win over their prefixes', () => {
    expect(types('<> != <= >= < > = || + - * / % ( ) , ; .')).toEqual([
      'NotEquals',
      'NotEquals',
      'LessEquals',
      'GreaterEquals',
      'Less',
      'Greater',
      'Equals',
      'Concat',
      'Plus',
      'Minus',
      'Star',
      'Slash',
      'Percent',
      'LParen',
      'RParen',
      'Comma',
      'Semicolon',
      'Dot',
    ]);
  });

  test('t.a is three tokens; .5 is a number', () => {
    expect(types('t.a')).toEqual(['Identifier', 'Dot', 'Identifier']);
    expect(types('t .5')).toEqual(['Identifier', 'DecimalLiteral']);
  });
});

describe('whitespace and comments', () => {
  test('are skipped, and offsets are kept', () => {
    const text = 'SELECT -- note\n  a /* multi\nline */ , b';
    const tokens = tokenize(text).tokens;
    expect(tokens.map((t) => [t.image, t.startOffset])).toEqual([
      ['SELECT', 0],
      ['a', text.indexOf('a /*')],
      [',', text.indexOf(',')],
      ['b', text.length - 1],
    ]);
  });

  test('a minus before a number is an operator, two are a comment', () => {
    expect(types('1 - -2')).toEqual(['IntegerLiteral', 'Minus', 'Minus', 'IntegerLiteral']);
    expect(types('1 --2')).toEqual(['IntegerLiteral']);
  });
});

describe('lexical errors', () => {
  test('an unknown character is a lexer error at its offset', () => {
    const result = tokenize('SELECT # FROM t');
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]!.offset).toBe(7);
  });

  test.each([
    ["SELECT 'abc", 'UnterminatedString', 7],
    ['SELECT "abc', 'UnterminatedQuotedIdentifier', 7],
    ['SELECT 1 /* abc', 'UnterminatedComment', 9],
  ])('%s leaves an error token', (text, name, offset) => {
    const errors = tokenize(text).groups[ERROR_GROUP] ?? [];
    expect(errors.map((t) => [t.tokenType.name, t.startOffset])[0]).toEqual([name, offset]);
  });
});
