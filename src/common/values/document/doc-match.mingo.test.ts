/**
 * Differential test of doc-match.ts against mingo (a JavaScript implementation of MongoDB's query language):
 * seeded generated documents and filters, and every answer must agree with `new Query(filter).test(doc)`.
 *
 * The generators stay inside the corners where mingo follows MongoDB's manual. Where mingo departs from it,
 * the corner is left out here and pinned by unit tests in doc-match.test.ts instead:
 *  - documents compare with field order ignored (mingo) — generated documents keep one canonical key order;
 *  - arrays inside arrays, and arrays reached through an array of documents (`arr.x` where x is an array):
 *    mingo flattens or merges them — generated arrays hold scalars, or documents without arrays;
 *  - null, missing and negation through arrays of documents (`{'arr.s': null}` matches an element lacking s
 *    in MongoDB, not in mingo) — such paths get only non-null operands;
 *  - $type, $size and $all on values that may be arrays / reached through arrays (mingo tests the merged
 *    array, not each value); $all on a non-array; $in/$eq with an array operand through arrays;
 *  - comparisons with null, array or document operands (mingo sorts arrays and keys first);
 *  - $mod on booleans, null, numeric strings and fractional numbers (mingo uses JavaScript's %, MongoDB truncates and
 *    accepts numbers only); $type 'double'/'long'/'decimal' (JavaScript numbers carry no BSON type);
 *  - $and/$or/$nor below a field (mingo applies them to the whole document; here they apply to the field);
 *  - Pyrrho's partial nested documents (`{'sub': {'s': 1}}`) and `{}` — MongoDB means exact equality.
 */
import fc from 'fast-check';
import { Query } from 'mingo';
import { compileTemplate } from './doc-match';
import type { Doc, DocValue } from './doc-value';

// ---- documents ----------------------------------------------------------------------------------------------

const scalar = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: -3, max: 3 }) },
  { weight: 2, arbitrary: fc.constantFrom(1.5, -0.5, 2.25, 0.5) },
  { weight: 4, arbitrary: fc.constantFrom('a', 'b', 'c', 'ab', 'Ab', '', 'a\nb', 'ba') },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.constantFrom(0, 1000, 2000).map((t) => new Date(t)) },
) as fc.Arbitrary<DocValue>;
const int = fc.oneof(fc.integer({ min: -7, max: 7 }), fc.constantFrom('a', 'x7')) as fc.Arbitrary<DocValue>;

/** A record with optional fields, emitted in the order of `fields` (the canonical key order). */
function record(fields: Record<string, fc.Arbitrary<DocValue>>): fc.Arbitrary<Doc> {
  const names = Object.keys(fields);
  return fc.tuple(...names.map((n) => fc.option(fields[n]!, { freq: 3, nil: undefined }))).map((vals) => {
    const d: Doc = {};
    vals.forEach((v, k) => {
      if (v !== undefined) d[names[k]!] = v;
    });
    return d;
  });
}

const scalarArray = fc.array(scalar, { maxLength: 4 }) as fc.Arbitrary<DocValue>;
const intArray = fc.array(int, { maxLength: 3 }) as fc.Arbitrary<DocValue>;
const deep = record({ s: scalar });
const element = record({ s: scalar, i: int, d: deep }); // a document inside an array: no arrays below it
const sub = record({ s: scalar, i: fc.oneof(int, intArray), t: scalarArray, deep: fc.oneof(deep, scalar) });
const documentArb: fc.Arbitrary<Doc> = record({
  s: scalar,
  i: fc.oneof(int, intArray),
  t: scalarArray,
  sub: fc.oneof({ weight: 4, arbitrary: sub }, { weight: 1, arbitrary: scalar }),
  arr: fc.oneof(
    { weight: 4, arbitrary: fc.array(element, { maxLength: 4 }) },
    { weight: 1, arbitrary: scalar },
  ) as fc.Arbitrary<DocValue>,
});

// ---- filters ------------------------------------------------------------------------------------------------

type Filter = Record<string, unknown>;

const nonNull = scalar.filter((v) => v !== null);
const regex = fc
  .tuple(fc.constantFrom('^a', 'b$', 'A', '^$', 'a|c', '.', '^b', 'a.b'), fc.constantFrom('', 'i', 'm', 's', 'im'))
  .map(([p, o]) => new RegExp(p, o));
const regexOp = fc.oneof(
  regex.map((r) => ({ $regex: r })),
  regex.map((r) => ({ $regex: r.source, $options: r.flags })),
  regex.map((r) => ({ $regex: r.source })),
);
const cmpOp = fc.constantFrom('$gt', '$gte', '$lt', '$lte');
const inList = (member: fc.Arbitrary<unknown>): fc.Arbitrary<unknown[]> =>
  fc.array(fc.oneof({ weight: 4, arbitrary: member }, { weight: 1, arbitrary: regex }), { maxLength: 4 });
const typeNames = fc.constantFrom(
  'number', 'string', 'bool', 'null', 'object', 'array', 'int', 'date', 2, 8, 9, 10, 16, 3, 4,
); // prettier-ignore

/** Operators on one path; `safe` when no array of documents lies on the path (null and negations allowed). */
function pathOperators(safe: boolean, scalarValued: boolean): fc.Arbitrary<unknown> {
  const operand = safe ? scalar : nonNull;
  const ops: Array<fc.Arbitrary<unknown>> = [
    operand,
    regex,
    operand.map((v) => ({ $eq: v })),
    operand.map((v) => ({ $ne: v })),
    fc.tuple(cmpOp, nonNull).map(([op, v]) => ({ [op]: v })),
    fc.tuple(cmpOp, nonNull, cmpOp, nonNull).map(([a, x, b, y]) => ({ [a]: x, [b]: y })),
    inList(operand).map((l) => ({ $in: l })),
    inList(operand).map((l) => ({ $nin: l })),
    regexOp,
    fc.boolean().map((b) => ({ $exists: b })),
    fc.oneof(regex, fc.tuple(cmpOp, nonNull).map(([op, v]) => ({ [op]: v })), regexOp).map((n) => ({ $not: n })),
  ];
  if (safe) ops.push(fc.constantFrom([], ['a'], [1, 2], ['a', 'b']).map((a) => ({ $eq: a })));
  if (scalarValued) {
    ops.push(fc.oneof(typeNames, fc.array(typeNames, { minLength: 1, maxLength: 3 })).map((t) => ({ $type: t })));
  }
  return fc.oneof(...ops);
}

/** $elemMatch in value form on an array of scalars. */
const elemMatchValue = fc
  .array(
    fc.oneof(
      fc.tuple(cmpOp, nonNull).map(([op, v]) => [op, v] as const),
      nonNull.map((v) => ['$ne', v] as const),
      inList(scalar).map((l) => ['$in', l] as const),
      typeNames.map((t) => ['$type', t] as const),
    ),
    { minLength: 1, maxLength: 2 },
  )
  .map((pairs) => ({ $elemMatch: Object.fromEntries(pairs) }));

const arrayOfScalarsOps = fc.oneof(
  fc.integer({ min: 0, max: 4 }).map((n) => ({ $size: n })),
  fc.array(fc.oneof(nonNull, regex), { minLength: 0, maxLength: 3 }).map((a) => ({ $all: a })),
  elemMatchValue,
);

const modOp = fc
  .tuple(fc.constantFrom(1, 2, 3, -3), fc.integer({ min: -2, max: 2 }))
  .map(([d, r]) => ({ $mod: [d, r] }));

/** A filter on the documents inside `arr` (object-form $elemMatch) — paths relative to the element. */
const elementFilter: fc.Arbitrary<Filter> = fc
  .array(
    fc.oneof(
      fc.tuple(fc.constantFrom('s', 'd.s', 'zz', 'd'), pathOperators(true, true)),
      fc.tuple(fc.constant('i'), modOp),
    ),
    { minLength: 1, maxLength: 2 },
  )
  .map((pairs) => Object.fromEntries(pairs));

const arrOps = fc.oneof(
  fc.integer({ min: 0, max: 3 }).map((n) => ({ $size: n })),
  elementFilter.map((f) => ({ $elemMatch: f })),
  fc
    .array(
      fc.oneof(
        elementFilter.map((f) => ({ $elemMatch: f })),
        element.filter((e) => Object.keys(e).length > 0),
      ),
      { minLength: 1, maxLength: 2 },
    )
    .filter((a) => a.every((m) => '$elemMatch' in m) || a.every((m) => !('$elemMatch' in m)))
    .map((a) => ({ $all: a })),
);

const SAFE_SCALAR_PATHS = ['s', 'sub.s', 'sub.deep.s', 'sub.deep', 't.0', 't.1', 'zz', 'sub.zz', 'sub'];
const SAFE_ARRAY_PATHS = ['i', 't', 'sub.t', 'sub.i', 'i.0', 'arr'];
const THROUGH_ARRAYS = ['arr.s', 'arr.i', 'arr.d.s', 'arr.0.s', 'arr.1.i', 'arr.d', 's.x', 't.x', 'sub.t.x'];

const fieldCondition: fc.Arbitrary<[string, unknown]> = fc.oneof(
  { weight: 5, arbitrary: fc.tuple(fc.constantFrom(...SAFE_SCALAR_PATHS), pathOperators(true, true)) },
  { weight: 4, arbitrary: fc.tuple(fc.constantFrom(...SAFE_ARRAY_PATHS), pathOperators(true, false)) },
  { weight: 3, arbitrary: fc.tuple(fc.constantFrom(...THROUGH_ARRAYS), pathOperators(false, false)) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom('t', 'sub.t'), arrayOfScalarsOps) },
  { weight: 2, arbitrary: fc.tuple(fc.constant('arr'), arrOps) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('i', 'sub.i', 'arr.i'), modOp) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('sub', 'sub.deep'), deep.map((d) => ({ $eq: d }))) },
);

const { filter: filterArb } = fc.letrec<{ filter: Filter }>((tie) => ({
  filter: fc
    .tuple(
      fc.array(fieldCondition, { minLength: 0, maxLength: 3 }),
      fc.option(
        fc.tuple(fc.constantFrom('$and', '$or', '$nor'), fc.array(tie('filter'), { minLength: 1, maxLength: 3 })),
        { freq: 4, depthSize: 'small' },
      ),
    )
    .map(([pairs, logical]) => {
      const f: Filter = Object.fromEntries(pairs);
      if (logical !== null) f[logical[0]] = logical[1];
      return f;
    }),
}));

// ---- the test -----------------------------------------------------------------------------------------------

function show(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => (x instanceof RegExp ? `/${x.source}/${x.flags}` : x));
}

describe('compileTemplate agrees with mingo', () => {
  test('generated documents and filters', () => {
    let checked = 0;
    let matched = 0;
    fc.assert(
      fc.property(filterArb, fc.array(documentArb, { minLength: 15, maxLength: 25 }), (filter, docs) => {
        const ours = compileTemplate(filter as unknown as DocValue);
        const theirs = new Query(filter);
        for (const doc of docs) {
          const expected = theirs.test(doc);
          if (ours(doc) !== expected) {
            throw new Error(`filter ${show(filter)} on ${show(doc)}: mingo says ${expected}`);
          }
          checked++;
          if (expected) matched++;
        }
      }),
      { numRuns: 1500, seed: 20240611 },
    );
    // the generators must exercise both answers
    expect(checked).toBeGreaterThan(20000);
    expect(matched / checked).toBeGreaterThan(0.1);
    expect(matched / checked).toBeLessThan(0.9);
  });
});
