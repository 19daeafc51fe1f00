/**
 * grammar/visitor/document.test.ts — document literals (DocNodes, spans, parameters, escapes, 22D01 errors) and
 * dotted names with document paths (ColumnRef steps, array positions).
 */
import { SqlError } from '../../src/common/errors';
import {
  parseExpression,
  parseStatement,
  type ColumnRef,
  type DocNode,
  type DocumentLiteral,
  type Expr,
  type Parameter,
} from '../index';

function literal(text: string): DocumentLiteral {
  const e = parseExpression(text);
  if (e.kind !== 'DocumentLiteral') throw new Error(`not a document literal: ${e.kind}`);
  return e;
}

/** A compact rendering: numbers as `int:…`/`num:…`/`real:…`, strings quoted, params as `?n` / `@name`. */
function show(n: DocNode): string {
  switch (n.type) {
    case 'object':
      return `{${n.fields.map((f) => `${JSON.stringify(f.key)}: ${show(f.value)}`).join(', ')}}`;
    case 'array':
      return `[${n.items.map(show).join(', ')}]`;
    case 'integer':
      return `int:${n.text}`;
    case 'numeric':
      return `num:${n.text}`;
    case 'real':
      return `real:${n.text}`;
    case 'string':
      return JSON.stringify(n.value);
    case 'boolean':
      return String(n.value);
    case 'null':
      return 'null';
    case 'regex':
      return `regex(${JSON.stringify(n.pattern)}, ${JSON.stringify(n.flags)})`;
    case 'param':
      return n.param.name === null ? `?${n.param.index}` : `@${n.param.name}`;
  }
}

function errorOf(f: () => unknown): SqlError {
  try {
    f();
  } catch (e) {
    if (e instanceof SqlError) return e;
    throw e;
  }
  throw new Error('no error');
}

describe('document literals', () => {
  test("the issue's literal: keys in three spellings, nested documents and arrays, exact numbers", () => {
    const text = `{'b': {'C': 23}, "d": [1, 2.5, 'x'], e: null, f: true}`;
    const e = literal(text);
    expect(show(e.value)).toBe('{"b": {"C": int:23}, "d": [int:1, num:2.5, "x"], "e": null, "f": true}');
    expect([e.position, e.end]).toEqual([0, text.length]);
    expect(e.value).toEqual({
      type: 'object',
      position: 0,
      end: text.length,
      fields: [
        {
          key: 'b',
          keyPosition: 1,
          value: {
            type: 'object',
            position: 6,
            end: 15,
            fields: [{ key: 'C', keyPosition: 7, value: { type: 'integer', position: 12, end: 14, text: '23' } }],
          },
        },
        {
          key: 'd',
          keyPosition: 17,
          value: {
            type: 'array',
            position: 22,
            end: 35,
            items: [
              { type: 'integer', position: 23, end: 24, text: '1' },
              { type: 'numeric', position: 26, end: 29, text: '2.5' },
              { type: 'string', position: 31, end: 34, value: 'x' },
            ],
          },
        },
        { key: 'e', keyPosition: 37, value: { type: 'null', position: 40, end: 44 } },
        { key: 'f', keyPosition: 46, value: { type: 'boolean', position: 49, end: 53, value: true } },
      ],
    });
  });

  test('as an INSERT value, positions are offsets in the statement', () => {
    const text = `insert into a values ({'b': {'C': 23}, "d": [1, 2.5, 'x'], e: null, f: true})`;
    const s = parseStatement(text);
    if (s.kind !== 'Insert' || s.source.kind !== 'InsertValues') throw new Error('not INSERT VALUES');
    const e = s.source.rows[0]![0]!;
    expect(e.kind).toBe('DocumentLiteral');
    expect(text.slice(e.position, e.end)).toBe(`{'b': {'C': 23}, "d": [1, 2.5, 'x'], e: null, f: true}`);
    const d = (e as DocumentLiteral).value;
    if (d.type !== 'object') throw new Error('not an object');
    expect(d.fields.map((f) => text.slice(f.keyPosition, f.keyPosition + 3))).toEqual([`'b'`, `"d"`, 'e: ', 'f: ']);
  });

  test('empty documents and arrays, nested arrays', () => {
    expect(show(literal('{}').value)).toBe('{}');
    expect(show(literal('{ a : [ ] , b: {} }').value)).toBe('{"a": [], "b": {}}');
    expect(show(literal('{m: [[1, [2, []]], [{x: [3]}]]}').value)).toBe(
      '{"m": [[int:1, [int:2, []]], [{"x": [int:3]}]]}',
    );
  });

  test('numbers: negative, huge, decimal and exponent forms keep their text', () => {
    const big = '123456789012345678901234567890123456789';
    expect(show(literal(`{a: -12, b: ${big}, c: -${big}, d: 2.50, e: -.5, f: 2., g: 1e3, h: -1.5E-3, i: .5e+2}`).value)).toBe(
      `{"a": int:-12, "b": int:${big}, "c": int:-${big}, "d": num:2.50, "e": num:-.5, "f": num:2., ` +
        `"g": real:1e3, "h": real:-1.5E-3, "i": real:.5e+2}`,
    );
  });

  test('true, false and null in any case; as keys they are words as written', () => {
    expect(show(literal('{a: TRUE, b: False, c: NULL, true: 1, Null: 2, nullable: 3}').value)).toBe(
      '{"a": true, "b": false, "c": null, "true": int:1, "Null": int:2, "nullable": int:3}',
    );
  });

  test('bare keys may hold $ and _, and keep their case', () => {
    expect(show(literal(`{$gt: 1, _id: 'x', aB$9: 2, '$in': [1]}`).value)).toBe(
      '{"$gt": int:1, "_id": "x", "aB$9": int:2, "$in": [int:1]}',
    );
  });

  test("single-quoted strings are SQL strings: '' is a quote, backslashes are literal", () => {
    expect(show(literal(String.raw`{'it''s': 'a\nb', k: 'C:\dir\'}`).value)).toBe(
      String.raw`{"it's": "a\\nb", "k": "C:\\dir\\"}`,
    );
  });

  test('double-quoted strings are JSON strings with their escapes decoded', () => {
    const e = literal(String.raw`{"k\"ey": "q\" b\\ s\/ \b\f\n\r\t \u00e9\u0041 \ud83d\ude00", "'": "it's"}`);
    expect(e.value).toMatchObject({
      fields: [
        { key: 'k"ey', value: { value: 'q" b\\ s/ \b\f\n\r\t éA 😀' } },
        { key: "'", value: { value: "it's" } },
      ],
    });
  });

  test('regular expression literals: pattern as written, letter flags, \\/ and / in a class', () => {
    expect(show(literal(String.raw`{a: /a?b.*c/i, b: /^x\/y$/, c: /[/]+/gm, d: /\d{2,3}/}`).value)).toBe(
      String.raw`{"a": regex("a?b.*c", "i"), "b": regex("^x\\/y$", ""), "c": regex("[/]+", "gm"), "d": regex("\\d{2,3}", "")}`,
    );
  });

  test('comments and line breaks inside a document', () => {
    expect(show(literal('{a: 1, -- one\n /* two */ b: [2 /* x */]}').value)).toBe('{"a": int:1, "b": [int:2]}');
  });

  test('? inside a document is numbered in source order with the statement’s other ?s; @name keeps its case', () => {
    const s = parseStatement('SELECT ? FROM t WHERE doc = {a: ?, b: [?, @Who, {c: ?}]} AND x = ?');
    if (s.kind !== 'Select' || s.query.body.kind !== 'SelectCore') throw new Error('not a select core');
    const where = s.query.body.where;
    if (where?.kind !== 'Binary' || where.left.kind !== 'Binary') throw new Error('unexpected WHERE');
    const doc = where.left.right;
    if (doc.kind !== 'DocumentLiteral') throw new Error('not a document');
    expect(show(doc.value)).toBe('{"a": ?1, "b": [?2, @Who, {"c": ?3}]}');
    expect((where.right as { right: Parameter }).right.index).toBe(4);
    const first = doc.value.type === 'object' ? doc.value.fields[0]!.value : null;
    expect(first).toEqual({
      type: 'param',
      position: 32,
      end: 33,
      param: { kind: 'Parameter', index: 1, name: null, position: 32, end: 33 },
    });
  });

  test('a document is an operand like any other: division after it, comparison, IN, function arguments', () => {
    const e = parseExpression(`{'a': 1} / 2`);
    expect(e).toMatchObject({ kind: 'Binary', op: '/', left: { kind: 'DocumentLiteral' }, right: { kind: 'Literal' } });
    expect(parseExpression(`x = {'$gt': 100} and f({a: 1}) is null`)).toMatchObject({
      kind: 'Binary',
      op: 'AND',
      left: { kind: 'Binary', op: '=', right: { kind: 'DocumentLiteral' } },
      right: { kind: 'IsNull', operand: { kind: 'FunctionCall', args: [{ kind: 'DocumentLiteral' }] } },
    });
    expect(parseExpression('d IN ({a: 1}, {a: 2})')).toMatchObject({ kind: 'InList', list: [{}, {}] });
  });

  test('outside a document, / is division: a / b / c is left-associative', () => {
    expect(parseExpression('a / b / c')).toMatchObject({
      kind: 'Binary',
      op: '/',
      left: { kind: 'Binary', op: '/', left: { parts: ['A'] }, right: { parts: ['B'] } },
      right: { parts: ['C'] },
    });
    expect(parseExpression('{a: /x/} = d / 2')).toMatchObject({ right: { kind: 'Binary', op: '/' } });
  });

  test('a key given twice is 22D01 at the second key', () => {
    const e = errorOf(() => parseExpression(`{a: 1, b: {c: 1}, 'a': 2}`));
    expect([e.sqlState, e.message, e.position]).toEqual(['22D01', 'invalid document: duplicate key "a"', 18]);
    expect(errorOf(() => parseExpression(`{b: {c: 1, "c": 2}}`)).position).toBe(11);
    expect(literal('{a: {a: 1}}').value.type).toBe('object');
  });

  test.each([
    [String.raw`{a: "x\qy"}`, String.raw`bad escape \q in a string`, 6],
    [String.raw`{a: "ok", "b\x": 1}`, String.raw`bad escape \x in a string`, 12],
    [String.raw`{a: "\u12G4"}`, String.raw`bad escape \u12G4 in a string`, 5],
    [String.raw`{a: "\u12"}`, String.raw`bad escape \u12 in a string`, 5],
  ])('%s is 22D01 at the backslash', (text, message, position) => {
    const e = errorOf(() => parseExpression(text));
    expect([e.sqlState, e.message, e.position]).toEqual(['22D01', `invalid document: ${message}`, position]);
  });

  test('the source slice of a literal re-parses to the same tree', () => {
    const text = `select {a: [1, {b: ?}], c: /x/i} as d, ({}) from t`;
    const s = parseStatement(text);
    if (s.kind !== 'Select' || s.query.body.kind !== 'SelectCore') throw new Error('not a select core');
    const item = s.query.body.items[0]!;
    if (item.kind !== 'SelectExpr') throw new Error('not an expression');
    const again = literal(text.slice(item.expr.position, item.expr.end));
    expect(show(again.value)).toBe(show((item.expr as DocumentLiteral).value).replace('?1', '?0'));
  });
});

describe('dotted names: ColumnRef steps', () => {
  function ref(text: string): ColumnRef {
    const e: Expr = parseExpression(text);
    if (e.kind !== 'ColumnRef') throw new Error(`not a column reference: ${e.kind}`);
    return e;
  }

  test('steps keep each part as written; parts are folded as before', () => {
    expect(ref('doc.Address."Zip Code".city')).toEqual({
      kind: 'ColumnRef',
      parts: ['DOC', 'ADDRESS', 'Zip Code', 'CITY'],
      steps: [
        { text: 'doc', quoted: false },
        { text: 'Address', quoted: false },
        { text: 'Zip Code', quoted: true },
        { text: 'city', quoted: false },
      ],
      position: 0,
      end: 27,
    });
    expect(ref('"a""b".key').steps).toEqual([
      { text: 'a"b', quoted: true },
      { text: 'key', quoted: false },
    ]);
  });

  test('array positions: doc.tags.0, doc.a.10.b, doc.m.0.1', () => {
    expect(ref('doc.tags.0')).toMatchObject({ parts: ['DOC', 'TAGS', '0'], end: 10 });
    expect(ref('doc.tags.0').steps[2]).toEqual({ text: '0', quoted: false });
    expect(ref('doc.a.10.b').parts).toEqual(['DOC', 'A', '10', 'B']);
    expect(ref('doc.m.0.1').parts).toEqual(['DOC', 'M', '0', '1']);
    expect(ref('d.0.x.00').steps.map((s) => s.text)).toEqual(['d', '0', 'x', '00']);
  });

  test('numbers, qualified names and long paths parse as before', () => {
    expect(parseExpression('1.5')).toMatchObject({ kind: 'Literal', value: { type: 'numeric', text: '1.5' } });
    expect(parseExpression('.5')).toMatchObject({ kind: 'Literal', value: { type: 'numeric', text: '.5' } });
    expect(ref('t.a').parts).toEqual(['T', 'A']);
    expect(ref('a.b.c.d').parts).toEqual(['A', 'B', 'C', 'D']);
    expect(parseExpression('t.a+.5')).toMatchObject({ kind: 'Binary', left: { parts: ['T', 'A'] } });
    expect(parseExpression('doc.tags.0 * 2')).toMatchObject({ kind: 'Binary', op: '*', left: { parts: ['DOC', 'TAGS', '0'] } });
  });

  test('a decimal that does not start with a dot does not continue a name', () => {
    expect(() => parseStatement('SELECT a 1.5 FROM t')).toThrow(expect.objectContaining({ sqlState: '42601', position: 9 }));
    expect(() => parseStatement('SELECT doc.a.1e3 FROM t')).toThrow(expect.objectContaining({ sqlState: '42601' }));
  });

  test('select-list items with paths, t.* still a star', () => {
    const s = parseStatement('SELECT t.*, t.doc.tags.0 AS first FROM t');
    if (s.kind !== 'Select' || s.query.body.kind !== 'SelectCore') throw new Error('not a select core');
    expect(s.query.body.items).toMatchObject([
      { kind: 'SelectStar', table: 'T' },
      { kind: 'SelectExpr', alias: 'FIRST', expr: { parts: ['T', 'DOC', 'TAGS', '0'] } },
    ]);
  });
});
