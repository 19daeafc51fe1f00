/**
 * src/level4-sql/eval/expr-text.test.ts — EXPLAIN text of document literals and document paths.
 */
import { parseExpression } from '../parse';
import { exprText } from './expr-text';

describe('exprText', () => {
  test('a document literal renders with single-quoted keys, its values as written', () => {
    const e = parseExpression(`{a: 1, "b": [?, 'it''s', -2.50, 1e3], c: {d: null, e: TRUE}, f: /x\\/y/i, g: @p, h: []}`);
    expect(exprText(e)).toBe(`{'a': 1, 'b': [?, 'it''s', -2.50, 1e3], 'c': {'d': null, 'e': true}, 'f': /x\\/y/i, 'g': @p, 'h': []}`);
  });

  test('keys with quotes are escaped SQL-style; an empty document is {}', () => {
    expect(exprText(parseExpression(`{"it's": {}}`))).toBe(`{'it''s': {}}`);
  });

  test('a document inside an expression, and a path with an array position', () => {
    expect(exprText(parseExpression(`doc = {'$gt': 100}`))).toBe(`DOC = {'$gt': 100}`);
    expect(exprText(parseExpression('doc.tags.0'))).toBe('DOC.TAGS.0');
  });
});
