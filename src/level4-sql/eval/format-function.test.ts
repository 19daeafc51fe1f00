/** src/level4-sql/eval/format-function.test.ts — FORMAT's specifiers, widths, positions and errors; the quoting functions. */
import Decimal from 'decimal.js';
import { sqlStateOf } from '../../common/testing/sql-state-of';
import { formatText, quoteIdent, quoteLiteral } from './format-function';

describe('FORMAT', () => {
  it('writes %s as text (NULL as nothing), %L as a literal (NULL as NULL), %I as a quoted name', () => {
    expect(formatText('%s|%s|%L|%L|%I', ['a', null, "it's", null, 'Emp "x"'])).toBe(`a||'it''s'|NULL|"Emp ""x"""`);
    expect(formatText('%s and %L', [new Decimal('2.50'), 3])).toBe("2.5 and '3'");
  });

  it('takes arguments in order, by position, and the one after a position next', () => {
    expect(formatText('%s %s', ['a', 'b', 'unused'])).toBe('a b');
    expect(formatText('%2$s %1$s %s', ['a', 'b', 'c'])).toBe('b a b');
    expect(formatText('%1$s %1$L', ['x'])).toBe("x 'x'");
  });

  it('pads to a width, right-justified, or left with -; %% is a percent sign', () => {
    expect(formatText('[%5s][%-5s][%2s]', ['ab', 'ab', 'abcd'])).toBe('[   ab][ab   ][abcd]');
    expect(formatText('100%% of %s', ['it'])).toBe('100% of it');
    expect(formatText('[%3s]', ['é'])).toBe('[  é]');
  });

  it('refuses what it cannot format', () => {
    expect(sqlStateOf(() => formatText('%s %s', ['a']))).toBe('22023');
    expect(sqlStateOf(() => formatText('%x', ['a']))).toBe('22023');
    expect(sqlStateOf(() => formatText('ends in %', ['a']))).toBe('22023');
    expect(sqlStateOf(() => formatText('%0$s', ['a']))).toBe('22023');
    expect(sqlStateOf(() => formatText('%I', [null]))).toBe('22004');
  });
});

test('QUOTE_IDENT and QUOTE_LITERAL double what they quote with', () => {
  expect(quoteIdent('a"b')).toBe('"a""b"');
  expect(quoteLiteral("o'k")).toBe("'o''k'");
});
