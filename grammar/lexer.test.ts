/**
 * grammar/lexer.test.ts — token order, keyword categories, literals, comments, lexical error tokens, and the
 * document mode that `{` enters.
 */
import type { IToken } from 'chevrotain';
import { tokenMatcher } from './chevrotain';
import { buildLexer, tokenize } from './lexer';
import { KEYWORD_RESERVED, KEYWORD_TOKENS, NonReservedKeyword } from './tokens/keywords.generated';
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
        expect(token.tokenType.CATEGORIES ?? []).toEqual(reserved ? [] : [NonReservedKeyword]);
        expect(tokenMatcher(token, NonReservedKeyword)).toBe(!reserved);
        expect(tokenMatcher(token, Name)).toBe(!reserved);
      }
    }
  });

  test('a word with a non-ASCII letter or a `$` is never a keyword; a quoted keyword is an identifier', () => {
    // 'ſ' (long s) upper-cases to 'S': without the ASCII check `ſelect` would read as SELECT
    expect(types('\u017felect select$ "select" sel_ect')).toEqual(['Identifier', 'Identifier', 'QuotedIdentifier', 'Identifier']);
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

  test("PostgreSQL's match operators are one token each, with the text saying which", () => {
    expect(types('a ~ b ~* c !~ d !~* e != f ^ g')).toEqual(['Identifier', 'RegexOperator', 'Identifier', 'RegexOperator', 'Identifier', 'RegexOperator', 'Identifier', 'RegexOperator', 'Identifier', 'NotEquals', 'Identifier', 'Caret', 'Identifier']);
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

describe('document mode', () => {
  test('{ enters it and } leaves it: / is a regex inside, division outside', () => {
    expect(types("a / {k: /x/i, 'j': [1]} / b")).toEqual([
      'Identifier',
      'Slash',
      'LBrace',
      'BareKey',
      'Colon',
      'RegexLiteral',
      'Comma',
      'StringLiteral',
      'Colon',
      'LBracket',
      'DocInteger',
      'RBracket',
      'RBrace',
      'Slash',
      'Identifier',
    ]);
  });

  test('nested braces push and pop one level each', () => {
    expect(types('{a: {b: {}}, c: 1} x')).toEqual([
      'LBrace',
      'BareKey',
      'Colon',
      'LBrace',
      'BareKey',
      'Colon',
      'LBrace',
      'RBrace',
      'RBrace',
      'Comma',
      'BareKey',
      'Colon',
      'DocInteger',
      'RBrace',
      'Identifier',
    ]);
  });

  test('numbers take a leading minus and keep their text', () => {
    expect(types('{a: [-1, 2, -2.5, .5, 3., 1e3, -1.5E-3, 123456789012345678901234567890]}').slice(4, -2)).toEqual([
      'DocInteger',
      'Comma',
      'DocInteger',
      'Comma',
      'DocDecimal',
      'Comma',
      'DocDecimal',
      'Comma',
      'DocDecimal',
      'Comma',
      'DocReal',
      'Comma',
      'DocReal',
      'Comma',
      'DocInteger',
    ]);
    expect(tokenize('{a: -2.50}').tokens[3]!.image).toBe('-2.50');
  });

  test('true, false, null in any case; longer words and $-words are bare keys', () => {
    expect(types('{TRUE False null nullable $gt _id a1$}').slice(1, -1)).toEqual([
      'DocTrue',
      'DocFalse',
      'DocNull',
      'BareKey',
      'BareKey',
      'BareKey',
      'BareKey',
    ]);
  });

  test('strings: single-quoted SQL strings and double-quoted JSON strings with escapes', () => {
    expect(types(`{'it''s' "a\\\"b" "\\u00e9" ? @p}`).slice(1, -1)).toEqual([
      'StringLiteral',
      'DocString',
      'DocString',
      'QuestionMark',
      'NamedParameter',
    ]);
    expect(tokenize(String.raw`{"a\\"b"}`).tokens[1]!.image).toBe(String.raw`"a\\"`);
  });

  test('regex literals: \/ and a class may hold a slash; flags are letters; comments win over regexes', () => {
    expect(tokenize('{r: /a\\/b[/]c/gi}').tokens[3]!.image).toBe('/a\\/b[/]c/gi');
    expect(types('{a: 1 /* note */, -- line\n b: 2}')).toEqual([
      'LBrace',
      'BareKey',
      'Colon',
      'DocInteger',
      'Comma',
      'BareKey',
      'Colon',
      'DocInteger',
      'RBrace',
    ]);
  });

  test.each([
    ["{a: 'x", 'UnterminatedString', 4],
    ['{a: "x', 'UnterminatedDocString', 4],
    ['{a: /x', 'UnterminatedRegex', 4],
    ['{a: //}', 'UnterminatedRegex', 4],
    ['{a: 1 /* x', 'UnterminatedComment', 6],
  ])('%s leaves an error token', (text, name, offset) => {
    const errors = tokenize(text).groups[ERROR_GROUP] ?? [];
    expect(errors.map((t) => [t.tokenType.name, t.startOffset])[0]).toEqual([name, offset]);
  });

  test('a } outside a document and SQL punctuation inside one are unexpected characters', () => {
    expect(tokenize('SELECT }').errors[0]!.offset).toBe(7);
    expect(tokenize('{a: (1)}').errors[0]!.offset).toBe(4);
    expect(tokenize('{a: 1; b: 2}').errors[0]!.offset).toBe(5);
  });
});

describe('the lexer definition', () => {
  test("passes Chevrotain's definition checks, which tokenize skips at run time", () => {
    expect(buildLexer(true).lexerDefinitionErrors).toEqual([]);
  });
});
