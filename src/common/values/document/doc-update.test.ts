/** src/common/values/document/doc-update.test.ts — MongoDB's update operators: every operator and every error. */
import { ObjectId } from 'bson';
import { Decimal } from '../value';
import { DocDelta } from './doc-delta';
import { compileUpdate, isOperatorUpdate, replaceDocument, resolveCurrentDate } from './doc-update';
import { docEquals, type Doc, type DocValue } from './doc-value';
import { sqlStateAndMessageOf as code } from '../../testing/sql-state-of';

/** Applies `u` to `doc`, checking that `doc` is left as it was. */
function upd(doc: Doc, u: Doc): Doc {
  const before = JSON.stringify(doc, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));
  const out = compileUpdate(u).apply(doc);
  expect(JSON.stringify(doc, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v))).toBe(before);
  return out;
}

/** Same values, same field order, same numeric kinds. */
function expectDoc(actual: DocValue, expected: DocValue): void {
  if (!docEquals(actual, expected)) expect(actual).toEqual(expected);
  expect(docEquals(actual, expected)).toBe(true);
}

const dec = (s: string): Decimal => new Decimal(s);

describe('isOperatorUpdate', () => {
  it('tells operator templates from replacements and refuses a mix (42D02)', () => {
    expect(isOperatorUpdate({ $set: { a: 1 }, $inc: { n: 1 } })).toBe(true);
    expect(isOperatorUpdate({ a: 1 })).toBe(false);
    expect(isOperatorUpdate({})).toBe(false);
    expect(code(() => isOperatorUpdate({ $set: { a: 1 }, b: 2 }))).toMatch(/^42D02 document operator \$set is not allowed beside plain fields/);
  });
});

describe('$set and $unset', () => {
  it('sets fields: an existing one keeps its place, a new one is appended', () => {
    const out = upd({ _id: 1, a: 1, b: 2 }, { $set: { a: 10, c: 3 } });
    expectDoc(out, { _id: 1, a: 10, b: 2, c: 3 });
    expect(Object.keys(out)).toEqual(['_id', 'a', 'b', 'c']);
  });

  it('appends the fields one update creates in path order (MongoDB 5.0), numeric names by number', () => {
    expect(Object.keys(upd({ a: 1 }, { $set: { z: 1, b: 2 }, $inc: { m: 1 } }))).toEqual(['a', 'b', 'm', 'z']);
    expectDoc(upd({ a: [] }, { $set: { 'a.10': 'x', 'a.2': 'y' } }).a!, [null, null, 'y', null, null, null, null, null, null, null, 'x']);
  });

  it('follows dotted paths, creating documents, and indexes into arrays', () => {
    expectDoc(upd({}, { $set: { 'a.b.c': 1 } }), { a: { b: { c: 1 } } });
    expectDoc(upd({ tags: ['p', 'q', 'r'] }, { $set: { 'tags.1': 'x' } }), { tags: ['p', 'x', 'r'] });
    expectDoc(upd({ a: [1] }, { $set: { 'a.3': 4 } }), { a: [1, null, null, 4] });
    expectDoc(upd({ a: [{ b: 1 }, { b: 2 }] }, { $set: { 'a.1.b': 5, 'a.2.c': 6 } }), { a: [{ b: 1 }, { b: 5 }, { c: 6 }] });
    expectDoc(upd({ a: { '0': 'x' } }, { $set: { 'a.0': 'y' } }), { a: { '0': 'y' } });
  });

  it('refuses to write through a scalar, null, or by name into an array (22D02)', () => {
    expect(code(() => upd({ a: 5 }, { $set: { 'a.b': 1 } }))).toMatch(/^22D02 cannot apply \$set to 'a\.b': cannot create the field 'b' inside int 5/);
    expect(code(() => upd({ a: null }, { $set: { 'a.b': 1 } }))).toMatch(/^22D02 .*inside null null/);
    expect(code(() => upd({ a: [1] }, { $set: { 'a.x': 1 } }))).toMatch(/^22D02 .*cannot create the field 'x' inside array \[1\]/);
    expect(code(() => upd({ a: [1] }, { $set: { 'a.0.b': 1 } }))).toMatch(/^22D02 .*inside int 1/);
    expect(code(() => upd({ a: [] }, { $set: { 'a.2000000': 1 } }))).toMatch(/^54000/);
  });

  it('shares unchanged subtrees and never changes its input', () => {
    const doc: Doc = { a: { x: [1, 2] }, b: { y: 1 } };
    const out = upd(doc, { $set: { 'b.z': 2 } });
    expect(out.a).toBe(doc.a);
    expect(out.b).not.toBe(doc.b);
    expectDoc(doc, { a: { x: [1, 2] }, b: { y: 1 } });
  });

  it('unsets fields; an array element becomes null; a missing path does nothing', () => {
    const out = upd({ a: 1, b: { c: 2, d: 3 }, e: [1, 2] }, { $unset: { a: '', 'b.c': 1, 'e.0': true, 'x.y': '', 'e.q': '' } });
    expectDoc(out, { b: { d: 3 }, e: [null, 2] });
    expectDoc(upd({ a: 5 }, { $unset: { 'a.b': '' } }), { a: 5 });
  });

  it('handles a field named "__proto__" as a field', () => {
    const out = upd({}, { $set: { '__proto__.x': 1 } });
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.keys(out)).toEqual(['__proto__']);
    expectDoc(upd(out, { $unset: { __proto__: '' } } as unknown as Doc), out);
  });
});

describe('$inc and $mul', () => {
  it('adds and multiplies exactly across numbers, bigints and Decimals', () => {
    expectDoc(upd({ n: 1 }, { $inc: { n: 2, m: 5 } }), { n: 3, m: 5 });
    const big = upd({ n: Number.MAX_SAFE_INTEGER }, { $inc: { n: 2 } });
    expect(big.n).toBe(9007199254740993n);
    expect(upd({ n: 9007199254740993n }, { $inc: { n: -2 } }).n).toBe(Number.MAX_SAFE_INTEGER);
    expect(upd({ n: 2n ** 64n }, { $mul: { n: 2n ** 64n } }).n).toBe(2n ** 128n);
    expect(upd({ n: 3037000500 }, { $mul: { n: 3037000500 } }).n).toBe(9223372037000250000n);
    const d = upd({ p: dec('0.1') }, { $inc: { p: dec('0.2') } }).p;
    expect(d).toBeInstanceOf(Decimal);
    expect((d as Decimal).toFixed()).toBe('0.3');
    expect((upd({ p: 1 }, { $inc: { p: dec('0.5') } }).p as Decimal).toFixed()).toBe('1.5');
    expect((upd({ p: dec('1.5') }, { $mul: { p: 2n ** 70n } }).p as Decimal).toFixed()).toBe((3n * 2n ** 69n).toString());
    expect(upd({ p: 0.1 }, { $inc: { p: 0.2 } }).p).toBe(0.1 + 0.2);
    expect(upd({ p: 2n ** 60n }, { $inc: { p: 0.5 } }).p).toBe(2 ** 60 + 0.5);
  });

  it('$mul of a missing field stores a zero of the multiplier’s kind', () => {
    expectDoc(upd({}, { $mul: { a: 5, b: 2.5, c: dec('1.5') } }), { a: 0, b: 0, c: dec('0') });
    expect(upd({}, { $mul: { c: dec('1.5') } }).c).toBeInstanceOf(Decimal);
  });

  it('refuses non-numeric operands and fields (22D02) and overflow (22003)', () => {
    expect(code(() => compileUpdate({ $inc: { a: 'x' } }))).toMatch(/^22D02 cannot apply \$inc to 'a': the operand must be a number, not string "x"/);
    expect(code(() => compileUpdate({ $mul: { a: null } }))).toMatch(/^22D02/);
    expect(code(() => upd({ a: 'x' }, { $inc: { a: 1 } }))).toMatch(/^22D02 cannot apply \$inc to 'a': the field holds string "x", not a number/);
    expect(code(() => upd({ a: null }, { $mul: { a: 1 } }))).toMatch(/^22D02/);
    expect(code(() => upd({ a: 1e308 }, { $mul: { a: 10.5 } }))).toMatch(/^22003/);
  });
});

describe('$min, $max, $currentDate', () => {
  it('replaces only when the operand is smaller / larger in BSON order', () => {
    expectDoc(upd({ a: 5, b: 5 }, { $min: { a: 3, b: 7, c: 1 } }), { a: 3, b: 5, c: 1 });
    expectDoc(upd({ a: 5, b: 5 }, { $max: { a: 3, b: dec('7.5') } }), { a: 5, b: dec('7.5') });
    expectDoc(upd({ a: 5 }, { $max: { a: 'x' } }), { a: 'x' });
    expectDoc(upd({ a: 5 }, { $min: { a: null } }), { a: null });
    expectDoc(upd({ d: new Date(10) }, { $max: { d: new Date(20) } }), { d: new Date(20) });
  });

  it('resolves $currentDate to a $set of the given time', () => {
    const now = new Date(Date.UTC(2024, 0, 31, 12));
    const r = resolveCurrentDate({ $inc: { n: 1 }, $currentDate: { a: true, 'b.c': { $type: 'date' } } }, now);
    expectDoc(r, { $inc: { n: 1 }, $set: { a: now, 'b.c': now } });
    const merged = resolveCurrentDate({ $set: { x: 1 }, $currentDate: { y: true } }, now);
    expectDoc(merged, { $set: { x: 1, y: now } });
    const t: Doc = { $set: { x: 1 } };
    expect(resolveCurrentDate(t, now)).toBe(t);
    expectDoc(upd({}, r), { a: now, b: { c: now }, n: 1 });
    expect(code(() => resolveCurrentDate({ $set: { a: 1 }, $currentDate: { a: true } }, now))).toMatch(/^22D03/);
    expect(code(() => compileUpdate({ $currentDate: { a: { $type: 'timestamp' } } }))).toMatch(/^22D02 .*timestamp is not supported/);
    expect(code(() => compileUpdate({ $currentDate: { a: 1 } }))).toMatch(/^22D02 .*true or \{"\$type": "date"\}/);
    const d = compileUpdate({ $currentDate: { a: true } }).apply({}).a;
    expect(d).toBeInstanceOf(Date);
  });
});

describe('$rename', () => {
  it('moves a value, unsetting the old name and appending the new one', () => {
    expect(Object.keys(upd({ a: 1, c: 3, b: 2 }, { $rename: { a: 'c' } }))).toEqual(['b', 'c']);
    expectDoc(upd({ a: 1, c: 3, b: 2 }, { $rename: { a: 'c' } }), { b: 2, c: 1 });
    expectDoc(upd({ a: { b: [1] } }, { $rename: { 'a.b': 'c.d' } }), { a: {}, c: { d: [1] } });
    expectDoc(upd({ a: 1 }, { $rename: { x: 'y' } }), { a: 1 });
  });

  it('refuses array paths (22D02), a non-string name (22D02) and the same or nested names (22D03)', () => {
    expect(code(() => upd({ a: [{ b: 1 }] }, { $rename: { 'a.0.b': 'c' } }))).toMatch(/^22D02 .*source cannot be inside an array/);
    expect(code(() => upd({ a: 1, x: [1] }, { $rename: { a: 'x.0' } }))).toMatch(/^22D02 .*destination cannot be inside an array/);
    expect(code(() => upd({ a: 1, x: [{}] }, { $rename: { a: 'x.0.y' } }))).toMatch(/^22D02 .*destination cannot be inside an array/);
    expect(code(() => compileUpdate({ $rename: { a: 5 } }))).toMatch(/^22D02 .*must be a string/);
    expect(code(() => compileUpdate({ $rename: { a: 'a' } }))).toMatch(/^22D03/);
    expect(code(() => compileUpdate({ $rename: { a: 'a.b' } }))).toMatch(/^22D03/);
    expect(code(() => upd({ a: 1, b: 5 }, { $rename: { a: 'b.c' } }))).toMatch(/^22D02 .*inside int 5/);
  });
});

describe('$push', () => {
  it('appends one value, creating the array when missing', () => {
    expectDoc(upd({ a: [1] }, { $push: { a: [2, 3], b: 'x' } }), { a: [1, [2, 3]], b: ['x'] });
  });

  it('takes $each, $position, $sort and $slice', () => {
    expectDoc(upd({ a: [1, 2, 3] }, { $push: { a: { $each: [4, 5] } } }), { a: [1, 2, 3, 4, 5] });
    expectDoc(upd({ a: [1, 2, 3] }, { $push: { a: { $each: [4, 5], $position: 1 } } }), { a: [1, 4, 5, 2, 3] });
    expectDoc(upd({ a: [1, 2, 3] }, { $push: { a: { $each: [4], $position: -1 } } }), { a: [1, 2, 4, 3] });
    expectDoc(upd({ a: [1, 2, 3] }, { $push: { a: { $each: [4], $position: 99 } } }), { a: [1, 2, 3, 4] });
    expectDoc(upd({ a: [1, 2, 3] }, { $push: { a: { $each: [4, 5], $slice: -3 } } }), { a: [3, 4, 5] });
    expectDoc(upd({ a: [1, 2, 3] }, { $push: { a: { $each: [4, 5], $slice: 2 } } }), { a: [1, 2] });
    expectDoc(upd({ a: [1, 2, 3] }, { $push: { a: { $each: [], $slice: 0 } } }), { a: [] });
    expectDoc(upd({ a: [3, 1] }, { $push: { a: { $each: [2], $sort: -1 } } }), { a: [3, 2, 1] });
    expectDoc(
      upd({ a: [{ s: 2, n: 'b' }, { s: 1, n: 'a' }] }, { $push: { a: { $each: [{ s: 3, n: 'c' }, { n: 'z' }], $sort: { s: 1 }, $slice: 3 } } }),
      { a: [{ n: 'z' }, { s: 1, n: 'a' }, { s: 2, n: 'b' }] },
    );
  });

  it('refuses a non-array field and bad modifiers', () => {
    expect(code(() => upd({ a: 1 }, { $push: { a: 2 } }))).toMatch(/^22D02 cannot apply \$push to 'a': the field holds int 1, not an array/);
    expect(code(() => upd({ a: null }, { $push: { a: 2 } }))).toMatch(/^22D02/);
    expect(code(() => compileUpdate({ $push: { a: { $each: 5 } } }))).toMatch(/^22D02 .*\$each must be an array/);
    expect(code(() => compileUpdate({ $push: { a: { $slice: 2 } } }))).toMatch(/^22D02 .*need \$each/);
    expect(code(() => compileUpdate({ $push: { a: { $each: [1], $position: 1.5 } } }))).toMatch(/^22D02 .*\$position must be an integer/);
    expect(code(() => compileUpdate({ $push: { a: { $each: [1], $sort: 2 } } }))).toMatch(/^22D02 .*\$sort/);
    expect(code(() => compileUpdate({ $push: { a: { $each: [1], $foo: 1 } } }))).toMatch(/^42D01 unknown document operator \$foo/);
    expect(code(() => compileUpdate({ $push: { a: { $each: [1], b: 1 } } }))).toMatch(/^42D02/);
  });
});

describe('$addToSet, $pop, $pull, $pullAll', () => {
  it('$addToSet adds values not already present (by value across numeric kinds)', () => {
    expectDoc(upd({ a: [1, 2] }, { $addToSet: { a: 2, b: 'x' } }), { a: [1, 2], b: ['x'] });
    expectDoc(upd({ a: [1, 2] }, { $addToSet: { a: { $each: [dec('2'), 3, 3, { x: 1 }] } } }), { a: [1, 2, 3, { x: 1 }] });
    expectDoc(upd({ a: [{ x: 1, y: 2 }] }, { $addToSet: { a: { y: 2, x: 1 } } }), { a: [{ x: 1, y: 2 }, { y: 2, x: 1 }] });
    expect(code(() => upd({ a: 'x' }, { $addToSet: { a: 1 } }))).toMatch(/^22D02 .*not an array/);
    expect(code(() => compileUpdate({ $addToSet: { a: { $each: [1], $slice: 1 } } }))).toMatch(/^42D01 .*\$slice/);
  });

  it('$pop removes the last (1) or first (-1) element; missing does nothing', () => {
    expectDoc(upd({ a: [1, 2, 3], b: [1, 2, 3] }, { $pop: { a: 1, b: -1, c: 1 } }), { a: [1, 2], b: [2, 3] });
    expectDoc(upd({ a: [] }, { $pop: { a: 1 } }), { a: [] });
    expect(code(() => compileUpdate({ $pop: { a: 2 } }))).toMatch(/^22D02 .*must be 1 or -1/);
    expect(code(() => upd({ a: 5 }, { $pop: { a: 1 } }))).toMatch(/^22D02 .*not an array/);
  });

  it('$pull removes equal values, values meeting a condition, and documents matching a query', () => {
    expectDoc(upd({ a: [1, 2, 3, 2] }, { $pull: { a: 2 } }), { a: [1, 3] });
    expectDoc(upd({ a: [1, 5, 7, 3] }, { $pull: { a: { $gte: 5 } } }), { a: [1, 3] });
    expectDoc(upd({ a: ['apple', 'kiwi', 'avocado'] }, { $pull: { a: /^a/ } }), { a: ['kiwi'] });
    expectDoc(upd({ a: ['x', 'y'] }, { $pull: { a: { $in: ['x', 'z'] } } }), { a: ['y'] });
    expectDoc(
      upd({ r: [{ item: 'A', score: 5 }, { item: 'B', score: 8, x: 1 }, 8] }, { $pull: { r: { score: 8, item: 'B' } } }),
      { r: [{ item: 'A', score: 5 }, 8] },
    );
    expectDoc(upd({ a: [[1, 2], [3]] }, { $pull: { a: [1, 2] } }), { a: [[3]] });
    expectDoc(upd({ a: 1 }, { $pull: { b: 1 } }), { a: 1 });
    expect(code(() => upd({ a: 5 }, { $pull: { a: 1 } }))).toMatch(/^22D02 .*not an array/);
    expect(code(() => compileUpdate({ $pull: { a: { $frob: 1 } } }))).toMatch(/^42D01/);
  });

  it('$pullAll removes every listed value', () => {
    expectDoc(upd({ a: [0, 5, 5, 1, 0, dec('1')] }, { $pullAll: { a: [0, 1] } }), { a: [5, 5] });
    expect(code(() => compileUpdate({ $pullAll: { a: 1 } }))).toMatch(/^22D02 .*must be an array/);
    expect(code(() => upd({ a: 'x' }, { $pullAll: { a: [1] } }))).toMatch(/^22D02/);
  });
});

describe('validation', () => {
  it.each([
    [{ $frob: { a: 1 } }, /^42D01 unknown document operator \$frob/],
    [{ $bit: { a: { and: 1 } } }, /^42D01 unknown document operator \$bit/],
    [{ $gt: { a: 1 } }, /^42D02 document operator \$gt is not allowed in an update/],
    [{ $set: { a: { $gt: 1 } } }, /^42D02 document operator \$gt is not allowed inside a value an update stores/],
    [{ $push: { a: [{ $x: 1 }] } }, /^42D02/],
    [{ $set: { 'a.$': 1 } }, /^42D01 unknown document operator \$/],
    [{ $set: { 'a.$[]': 1 } }, /^42D01/],
    [{ $set: { $a: 1 } }, /^42D02 document operator \$a is not allowed in an update path/],
    [{ $set: 5 }, /^22D02 cannot apply \$set to '': the operand must be a document of fields, not int 5/],
    [{ $set: { 'a..b': 1 } }, /^22D01 .*empty field name/],
    [{ $set: { '': 1 } }, /^22D01/],
    [{ $set: { a: 1, 'a.b': 2 } }, /^22D03 updating the path 'a\.b' would create a conflict at 'a'/],
    [{ $set: { 'a.b': 1 }, $inc: { a: 1 } }, /^22D03 updating the path 'a' would create a conflict at 'a\.b'/],
    [{ $set: { a: 1 }, $unset: { a: '' } }, /^22D03/],
    [{ $inc: { 'a.b': 1 }, $rename: { c: 'a.b.d' } }, /^22D03/],
    [{ $set: { ['a.'.repeat(100) + 'a']: 1 } }, /^54000/],
  ])('%j is refused', (template, expected) => {
    expect(code(() => compileUpdate(template as Doc))).toMatch(expected);
  });

  it('allows an empty operator and $setOnInsert (which does nothing without an insert)', () => {
    expectDoc(upd({ a: 1 }, { $set: {} }), { a: 1 });
    expectDoc(upd({ a: 1 }, { $setOnInsert: { b: 1 } }), { a: 1 });
    expect(code(() => compileUpdate({ $setOnInsert: { a: 1 }, $set: { a: 2 } }))).toMatch(/^22D03/);
  });
});

describe('_id', () => {
  it('refuses to change _id (22D04) but allows setting the same value', () => {
    const id = new ObjectId();
    expect(code(() => upd({ _id: 1, a: 1 }, { $set: { _id: 2 } }))).toMatch(/^22D04 the _id field of a document cannot be changed: the update would change it from 1 to 2/);
    expect(code(() => upd({ _id: 1 }, { $unset: { _id: '' } }))).toMatch(/^22D04/);
    expect(code(() => upd({ _id: 1 }, { $inc: { _id: 1 } }))).toMatch(/^22D04/);
    expect(code(() => upd({ _id: { a: 1 } }, { $set: { '_id.a': 2 } }))).toMatch(/^22D04/);
    expect(code(() => upd({ _id: 1, x: 2 }, { $rename: { x: '_id' } }))).toMatch(/^22D04/);
    expectDoc(upd({ _id: id, a: 1 }, { $set: { _id: id, a: 2 } }), { _id: id, a: 2 });
    expectDoc(upd({ _id: 1 }, { $set: { _id: dec('1') } }), { _id: 1 });
  });

  it('replaceDocument keeps the old _id first and refuses another (22D04)', () => {
    const out = replaceDocument({ _id: 7, a: 1 }, { b: 2, _id: 7 });
    expectDoc(out, { _id: 7, b: 2 });
    expect(Object.keys(out)).toEqual(['_id', 'b']);
    expectDoc(replaceDocument({ _id: 7, a: 1 }, {}), { _id: 7 });
    expectDoc(replaceDocument({ a: 1 }, { b: 1 }), { b: 1 });
    expect(code(() => replaceDocument({ _id: 7 }, { _id: 8 }))).toMatch(/^22D04 .*replacement has _id 8, the document 7/);
    expect(code(() => replaceDocument({ _id: 7 }, { $set: { a: 1 } }))).toMatch(/^42D02/);
    expectDoc(compileUpdate({ c: 1 }).apply({ _id: 1, a: 2 }), { _id: 1, c: 1 });
  });
});

describe('DocDelta', () => {
  it('applies its template, treats NULL as an empty document and memoises the last base', () => {
    const delta = new DocDelta({ $inc: { n: 1 }, $push: { tags: 'x' } });
    const base: Doc = { _id: 1, n: 1, tags: [] };
    const r1 = delta.applyTo(base);
    expectDoc(r1, { _id: 1, n: 2, tags: ['x'] });
    expect(delta.applyTo(base)).toBe(r1);
    expectDoc(delta.applyTo(null), { n: 1, tags: ['x'] });
    expectDoc(delta.applyTo({ _id: 2, n: 5, tags: ['y'] }), { _id: 2, n: 6, tags: ['y', 'x'] });
    expectDoc(base, { _id: 1, n: 1, tags: [] });
  });

  it('validates when made and refuses an unresolved $currentDate or a non-document', () => {
    expect(code(() => new DocDelta({ $frob: {} }))).toMatch(/^42D01/);
    expect(code(() => new DocDelta({ $currentDate: { a: true } }))).toMatch(/^XX000/);
    expect(code(() => new DocDelta({ $set: { a: 1 } }).applyTo([1]))).toMatch(/^22D02/);
  });
});
