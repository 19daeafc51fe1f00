/** Tests of doc-path.ts: SQL selectors into documents and the splitting of dotted keys. */
import fc from 'fast-check';
import { SqlError } from '../../errors';
import { docValueFromJs } from './doc-from-js';
import { arrayIndexOf, parseDottedPath, PathReader, selectPath, type PathStep } from './doc-path';
import type { DocValue } from './doc-value';

const steps = (...names: string[]): PathStep[] => names.map((name) => ({ name, exact: false }));
const exact = (...names: string[]): PathStep[] => names.map((name) => ({ name, exact: true }));

describe('selectPath', () => {
  const doc: DocValue = {
    _id: 'd1',
    b: { C: 23, c: 'lower' },
    City: 'Paris',
    tags: ['x', 'y', { k: 1 }],
    nested: [[1, 2]],
    when: new Date(0),
  };

  test('into documents by name, with the case-insensitive fallback', () => {
    expect(selectPath(doc, steps('_id'))).toBe('d1');
    expect(selectPath(doc, steps('b', 'C'))).toBe(23);
    expect(selectPath(doc, steps('b', 'c'))).toBe('lower'); // exact spelling wins
    expect(selectPath(doc, steps('city'))).toBe('Paris');
    expect(selectPath(doc, steps('CITY'))).toBe('Paris');
  });

  test('an exact step never ignores case', () => {
    expect(selectPath(doc, exact('city'))).toBeUndefined();
    expect(selectPath(doc, exact('City'))).toBe('Paris');
  });

  test('into arrays only by a canonical position', () => {
    expect(selectPath(doc, steps('tags', '0'))).toBe('x');
    expect(selectPath(doc, steps('tags', '2', 'k'))).toBe(1);
    expect(selectPath(doc, steps('nested', '0', '1'))).toBe(2);
    expect(selectPath(doc, steps('tags', '3'))).toBeUndefined();
    expect(selectPath(doc, steps('tags', '01'))).toBeUndefined();
    expect(selectPath(doc, steps('tags', '-1'))).toBeUndefined();
    expect(selectPath(doc, steps('tags', 'k'))).toBeUndefined(); // no implicit traversal
    expect(selectPath(doc, steps('tags', 'length'))).toBeUndefined();
  });

  test('missing paths and paths through scalars are undefined', () => {
    expect(selectPath(doc, steps('zz'))).toBeUndefined();
    expect(selectPath(doc, steps('_id', 'x'))).toBeUndefined();
    expect(selectPath(doc, steps('when', 'x'))).toBeUndefined();
    expect(selectPath(null, steps('a'))).toBeUndefined();
    expect(selectPath(undefined, steps('a'))).toBeUndefined();
    expect(selectPath(5, [])).toBe(5);
  });

  test('own fields only', () => {
    expect(selectPath({}, steps('constructor'))).toBeUndefined();
    expect(selectPath({}, steps('toString'))).toBeUndefined();
    expect(selectPath({}, steps('__proto__'))).toBeUndefined();
    const withProto = JSON.parse('{"__proto__": 7, "constructor": 8}') as DocValue;
    expect(selectPath(withProto, steps('__proto__'))).toBe(7);
    expect(selectPath(withProto, steps('CONSTRUCTOR'))).toBe(8);
  });
});

describe('arrayIndexOf and parseDottedPath', () => {
  test('canonical non-negative integers only', () => {
    expect(arrayIndexOf('0')).toBe(0);
    expect(arrayIndexOf('17')).toBe(17);
    for (const s of ['', '01', '-1', '1e2', '1.0', ' 1', 'x', '9999999999999999']) expect(arrayIndexOf(s)).toBe(-1);
  });

  test('dotted keys split into segments; an empty segment is 22D01', () => {
    expect(parseDottedPath('a')).toEqual(['a']);
    expect(parseDottedPath('a.b.0')).toEqual(['a', 'b', '0']);
    for (const bad of ['', 'a.', '.a', 'a..b']) {
      expect(() => parseDottedPath(bad)).toThrow(SqlError);
      try {
        parseDottedPath(bad);
      } catch (e) {
        expect((e as SqlError).sqlState).toBe('22D01');
      }
    }
  });
});

describe('PathReader (invariant 4)', () => {
  // field names that collide ignoring case, names Object.prototype has, numeric names
  const name = fc.constantFrom('a', 'A', 'b', 'B', 'city', 'City', 'CITY', 'constructor', 'toString', '0', '1', '__proto__');
  const leafValue = fc.oneof(fc.integer(), fc.string({ maxLength: 3 }), fc.constant(null), fc.boolean());
  const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
    v: fc.oneof({ depthSize: 'small' }, leafValue, leafValue, tie('doc'), fc.array(tie('v'), { maxLength: 3 })),
    doc: fc.dictionary(name, tie('v'), { maxKeys: 5 }),
  })).v;
  const step = fc.record({ name, exact: fc.boolean() });

  it('reads what selectPath reads, one reader over documents of many shapes, shaped and plain', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 3 }), fc.array(value, { minLength: 1, maxLength: 40 }), (steps, values) => {
        const reader = new PathReader(steps);
        // each value twice: as the engine stores it (shape classes) and as a plain object
        const docs = values.flatMap((v) => [docValueFromJs(v, 'test'), v as DocValue]);
        for (let round = 0; round < 2; round++) {
          for (const d of docs) expect(Object.is(reader.read(d), selectPath(d, steps))).toBe(true);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('remembers the field of a shape, and changes with the shape', () => {
    const one = docValueFromJs({ City: 'Paris', n: 1 }, 'test');
    const other = docValueFromJs({ city: 'Lyon', City: 'x' }, 'test');
    const r = new PathReader(steps('city'));
    expect([r.read(one), r.read(other), r.read(one), r.read({ CITY: 'Nice' } as DocValue)]).toEqual(['Paris', 'Lyon', 'Paris', 'Nice']);
    expect(new PathReader(exact('city')).read(one)).toBeUndefined();
    expect(new PathReader(steps('toString')).read(one)).toBeUndefined();
  });
});
