/**
 * src/common/values/document/doc-update.mingo.test.ts — differential test of the update operators against
 * mingo (a JavaScript implementation of MongoDB's update language): seeded generated documents and update
 * templates, thousands of cases, and the answers must agree.
 *
 * Where the two differ the case is classified rather than compared, and each class is one where MongoDB's
 * manual decides against mingo (docs/documents.md lists them):
 * 1. We raise 22D02 where mingo silently skips the field (`$inc` of a string, `$push` onto a non-array, `$set`
 *    through a scalar, `$pop`/`$pull`/`$pullAll` of a non-array): MongoDB errors, so must we. Checked by
 *    running mingo on that one field alone and seeing it change nothing.
 * 2. A path through a field holding null (`$set: {'b.x': 1}` on `{b: null}`): MongoDB errors ("cannot create
 *    field 'x' in element {b: null}"); mingo replaces the null by a document.
 * 3. A field name into an array (`$push: {'a.x.y': 0}` on `{a: [{}]}`): MongoDB errors (no implicit traversal
 *    of arrays in update paths; that needs the positional operators, which are not supported); mingo updates
 *    every element.
 * 4. `$rename` from or into a path through an array: MongoDB errors ("cannot be an array element"); mingo
 *    renames.
 * 5. `$push` with `$position`, `$slice` or `$sort`, and `$addToSet` with `$each`, onto a missing field: MongoDB
 *    works on an empty array (applying the modifiers, keeping one of equal values); mingo stores `$each` as
 *    it is. mingo is given the empty array explicitly in that case.
 * 6. Fields where mingo's answer is not MongoDB's; when the results differ the template is compared again
 *    without those fields:
 *    - `$min`/`$max` against an array: MongoDB compares the whole array in BSON order (above numbers,
 *      strings and documents); mingo compares by elements;
 *    - `$addToSet` onto an array already holding equal elements: MongoDB adds what is missing and leaves the
 *      array alone; mingo adds nothing, or drops the duplicates;
 *    - `$push … $sort: 1|-1` over elements that are arrays or documents: MongoDB sorts in BSON order
 *      (documents field by field, arrays after numbers, strings and documents); mingo orders them otherwise;
 *    - `$pull` of a plain document (a query on element documents) from an array holding scalars: MongoDB
 *      removes only matching documents; mingo also removes a scalar equal to a field's value;
 *    - `$pullAll` from an array holding arrays: MongoDB removes elements equal to a listed value; mingo also
 *      removes an array that contains one.
 * 7. Field order: MongoDB 5.0 applies an update's fields in path order and `$rename` appends the new name at
 *    the end; mingo follows the template's order and renames in place. So new fields are compared as a set
 *    (existing fields must keep their order), and documents after a `$rename` are compared ignoring order.
 */
import fc from 'fast-check';
import { update } from 'mingo';
import { SqlError } from '../../errors';
import { compileUpdate } from './doc-update';
import { peek } from './doc-update-apply';
import { docEquals, docHashKey, isDoc, type Doc, type DocValue } from './doc-value';

// ---------------------------------------------------------------- generators

const NAMES = ['a', 'b', 'c', 'n', 'arr', 'd'] as const;
const INNER = ['x', 'y', 'z', '0', '1'] as const;

const scalar: fc.Arbitrary<DocValue> = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: -20, max: 20 }) },
  { weight: 1, arbitrary: fc.constantFrom(0.5, -2.25, 1.5, 100.125) },
  { weight: 2, arbitrary: fc.constantFrom('p', 'q', 'r', 'apple', 'avocado') },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.constantFrom(new Date(1000), new Date(2000)) },
);

const { value } = fc.letrec<{ value: DocValue; doc: Doc; array: DocValue[] }>((tie) => ({
  value: fc.oneof({ depthSize: 'small', maxDepth: 3 }, scalar, scalar, tie('doc'), tie('array')),
  doc: fc
    .uniqueArray(fc.tuple(fc.constantFrom(...INNER), tie('value')), { maxLength: 3, selector: (e) => e[0] })
    .map((es) => Object.fromEntries(es) as Doc),
  array: fc.array(tie('value'), { maxLength: 4 }),
}));

const numberArray = fc.array(fc.integer({ min: 0, max: 6 }), { maxLength: 5 });
const docArray = fc.array(fc.record({ x: fc.integer({ min: 0, max: 3 }), y: fc.constantFrom('p', 'q') }, { requiredKeys: ['x'] }), {
  maxLength: 4,
});

const document: fc.Arbitrary<Doc> = fc
  .record(
    {
      _id: fc.integer({ min: 1, max: 3 }),
      a: value,
      b: scalar,
      n: fc.integer({ min: -5, max: 5 }),
      arr: fc.oneof(numberArray, docArray, fc.array(scalar, { maxLength: 3 })),
      d: fc.record({ x: value, y: fc.record({ z: scalar }, { requiredKeys: [] }) }, { requiredKeys: [] }),
    },
    { requiredKeys: ['_id'] },
  )
  .map((d) => d as Doc);

const path = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NAMES) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...NAMES), fc.constantFrom(...INNER)).map(([p, q]) => `${p}.${q}`) },
  { weight: 1, arbitrary: fc.constantFrom('d.y.z', 'arr.0.x', 'arr.1.y', 'new.deep.field', 'a.x.y') },
);

const number = fc.oneof(fc.integer({ min: -4, max: 4 }), fc.constantFrom(0.5, 2.5, -1.25));

const pushOperand: fc.Arbitrary<DocValue> = fc.oneof(
  scalar,
  fc
    .record(
      {
        $each: fc.array(fc.oneof(fc.integer({ min: 0, max: 6 }), scalar), { maxLength: 3 }),
        $position: fc.integer({ min: -3, max: 4 }),
        $slice: fc.integer({ min: -3, max: 4 }),
        $sort: fc.constantFrom(1, -1),
      },
      { requiredKeys: ['$each'] },
    )
    .map((r) => {
      // MongoDB applies the modifiers in a fixed order whatever their order in the template; keep $each first
      const o: Doc = { $each: r.$each };
      if (r.$position !== undefined) o.$position = r.$position;
      if (r.$sort !== undefined) o.$sort = r.$sort;
      if (r.$slice !== undefined) o.$slice = r.$slice;
      return o;
    }),
);

const pullOperand: fc.Arbitrary<DocValue> = fc.oneof(
  fc.integer({ min: 0, max: 6 }),
  scalar,
  fc.integer({ min: 0, max: 6 }).map((n) => ({ $gte: n })),
  fc.array(fc.integer({ min: 0, max: 6 }), { maxLength: 3 }).map((xs) => ({ $in: xs })),
  fc.integer({ min: 0, max: 3 }).map((x) => ({ x })),
);

type OpGen = readonly [string, fc.Arbitrary<DocValue>];
const OPERATORS: readonly OpGen[] = [
  ['$set', value],
  ['$unset', fc.constant('')],
  ['$inc', number],
  ['$mul', number],
  ['$min', scalar],
  ['$max', scalar],
  ['$rename', fc.constantFrom(...NAMES, 'e', 'd.w', 'new.name')],
  ['$push', pushOperand],
  ['$addToSet', fc.oneof(scalar, fc.array(fc.integer({ min: 0, max: 6 }), { maxLength: 3 }).map((e) => ({ $each: e })))],
  ['$pop', fc.constantFrom(1, -1)],
  ['$pull', pullOperand],
  ['$pullAll', fc.array(fc.oneof(fc.integer({ min: 0, max: 6 }), scalar), { maxLength: 3 })],
];

const NUMERIC_PATHS = fc.constantFrom('n', 'n', 'c', 'new.count', 'arr.0', 'arr.1.x');
const ARRAY_PATHS = fc.constantFrom('arr', 'arr', 'arr', 'c', 'd.x', 'list.items');

/** Each operator's fields: mostly paths where it makes sense, sometimes any path (so clashes are tested too). */
function fieldsOf(op: string, gen: fc.Arbitrary<DocValue>): fc.Arbitrary<Array<[string, string, DocValue]>> {
  const likely = op === '$inc' || op === '$mul' ? NUMERIC_PATHS : ARRAY_OPS.has(op) ? ARRAY_PATHS : path;
  const p = fc.oneof({ weight: 4, arbitrary: likely }, { weight: 1, arbitrary: path });
  return fc.array(fc.tuple(p, gen).map(([k, v]) => [op, k, v] as [string, string, DocValue]), { minLength: 1, maxLength: 2 });
}

const ARRAY_OPS: ReadonlySet<string> = new Set(['$push', '$addToSet', '$pop', '$pull', '$pullAll']);

/** Templates of 1–3 operators; fields mostly on different top-level names, so that most templates are valid. */
const template: fc.Arbitrary<Doc> = fc
  .uniqueArray(fc.constantFrom(...OPERATORS), { minLength: 1, maxLength: 3, selector: (o) => o[0] })
  .chain((ops) => fc.tuple(...ops.map(([name, gen]) => fieldsOf(name, gen))))
  .chain((lists) => {
    const all = lists.flat();
    const roots = new Set<string>();
    const distinct = all.filter(([, k]) => {
      const root = k.split('.')[0]!;
      if (roots.has(root)) return false;
      roots.add(root);
      return true;
    });
    // one template in eight keeps every field, so conflicting paths (22D03) are generated too
    return fc.integer({ min: 0, max: 7 }).map((i) => (i === 0 ? all : distinct));
  })
  .map((fields) => {
    const t: Doc = {};
    for (const [op, k, v] of fields) {
      const o = (t[op] ??= {}) as Doc;
      o[k] = v;
    }
    return t;
  });

// ---------------------------------------------------------------- comparison

/** `v` with the fields that `orig` (at the same place) lacks sorted after the ones it has (file header, 7). */
function canon(v: DocValue, orig: DocValue | undefined, ignoreOrder: boolean): DocValue {
  if (Array.isArray(v)) return v.map((x, i) => canon(x, Array.isArray(orig) ? orig[i] : undefined, ignoreOrder));
  if (!isDoc(v)) return v;
  const o = isDoc(orig) ? orig : {};
  const keys = Object.keys(v);
  const old = ignoreOrder ? [] : keys.filter((k) => Object.prototype.hasOwnProperty.call(o, k));
  const added = keys.filter((k) => !old.includes(k)).sort();
  const out: Doc = {};
  for (const k of [...old, ...added]) out[k] = canon(v[k]!, o[k], ignoreOrder);
  return out;
}

/** A deep copy made in this realm (jest's `structuredClone` builds objects of another realm's prototypes). */
function clone(v: DocValue): DocValue {
  if (Array.isArray(v)) return v.map(clone);
  if (v instanceof Date) return new Date(v.getTime());
  if (!isDoc(v)) return v;
  const out: Doc = {};
  for (const k of Object.keys(v)) out[k] = clone(v[k]!);
  return out;
}

interface Tally {
  agree: number;
  bothError: number;
  mingoNoOp: number;
  renameThroughArray: number;
  pushOntoMissing: number;
  throughNull: number;
  minMaxArray: number;
  addToSetDuplicates: number;
  nameIntoArray: number;
  sortWithContainers: number;
  pullQueryOnScalars: number;
  pullAllNestedArrays: number;
}

function show(v: unknown): string {
  return JSON.stringify(v, function (this: { [k: string]: unknown }, k: string, x: unknown) {
    const raw = this[k];
    return raw instanceof Date ? `Date(${raw.getTime()})` : x;
  });
}

/** `doc` (a copy) with an empty array at each missing `$push`/`$addToSet` target with modifiers (header, 5). */
function withEmptyPushTargets(doc: Doc, t: Doc, tally: Tally): Doc {
  let copy = clone(doc) as Doc;
  for (const [op, minKeys] of [['$push', 2], ['$addToSet', 1]] as const) {
    const fields = t[op];
    if (!isDoc(fields)) continue;
    for (const key of Object.keys(fields)) {
      const operand = fields[key]!;
      if (!isDoc(operand) || Object.keys(operand).length < minKeys || peek(copy, key.split('.')).value !== undefined) continue;
      try {
        // the empty array is put in place by our $set: only the modifiers are under test here
        // (as plain objects, as a user of mingo has them: ours are of shape classes, doc-shape.ts)
        copy = clone(compileUpdate({ $set: { [key]: [] } }).apply(copy)) as Doc;
        tally.pushOntoMissing++;
      } catch {
        // a path through a scalar: both refuse or skip, as the comparison decides
      }
    }
  }
  return copy;
}

/** True when mingo, given only `{op: {path: operand}}`, leaves the document as it was. */
function mingoSkips(doc: Doc, op: string, path: string, operand: DocValue): boolean {
  const copy = clone(doc) as Doc;
  try {
    const changed: unknown = update(copy, { [op]: { [path]: clone(operand) } } as never, undefined, undefined, { cloneMode: 'deep' });
    void changed;
    return docEquals(copy, doc);
  } catch {
    return false;
  }
}

/** Why mingo's answer for one field of a template is not MongoDB's (file header, 6), or null. */
function hasSortOver(cur: DocValue | undefined, operand: DocValue): boolean {
  if (!isDoc(operand) || typeof operand.$sort !== 'number') return false;
  const elements = [...(Array.isArray(cur) ? cur : []), ...(Array.isArray(operand.$each) ? operand.$each : [])];
  return elements.some((e) => Array.isArray(e) || isDoc(e));
}

function cornerOf(doc: Doc, op: string, key: string, operand: DocValue): keyof Tally | null {
  const cur = peek(doc, key.split('.')).value;
  if ((op === '$min' || op === '$max') && Array.isArray(cur)) return 'minMaxArray';
  if (op === '$push' && hasSortOver(cur, operand)) return 'sortWithContainers';
  if (op === '$pull' && isDoc(operand) && !Object.keys(operand).some((k) => k.startsWith('$')) && Array.isArray(cur) && cur.some((e) => !isDoc(e))) {
    return 'pullQueryOnScalars';
  }
  if (op === '$pullAll' && Array.isArray(cur) && cur.some((e) => Array.isArray(e))) return 'pullAllNestedArrays';
  if (op === '$addToSet' && Array.isArray(cur) && new Set(cur.map(docHashKey)).size < cur.length) return 'addToSetDuplicates';
  return null;
}

/** `t` without the fields of `cornerOf`, tallying them, or null when it has none. */
function withoutCorners(doc: Doc, t: Doc, tally: Tally): Doc | null {
  let removed = false;
  const out: Doc = {};
  for (const op of Object.keys(t)) {
    const fields = t[op] as Doc;
    const kept: Doc = {};
    for (const k of Object.keys(fields)) {
      const corner = cornerOf(doc, op, k, fields[k]!);
      if (corner === null) kept[k] = fields[k]!;
      else {
        tally[corner]++;
        removed = true;
      }
    }
    if (Object.keys(kept).length > 0) out[op] = kept;
  }
  return removed ? out : null;
}

function compare(doc: Doc, t: Doc, tally: Tally): void {
  let ours: Doc | SqlError;
  try {
    ours = compileUpdate(t).apply(doc);
  } catch (e) {
    if (!(e instanceof SqlError)) throw e;
    ours = e;
  }
  const theirs = withEmptyPushTargets(doc, t, tally);
  let changed: string[] | Error;
  try {
    changed = update(theirs, clone(t) as never, undefined, undefined, { cloneMode: 'deep' });
  } catch (e) {
    changed = e as Error;
  }
  const context = `document ${show(doc)} update ${show(t)}: ours ${ours instanceof SqlError ? ours.sqlState + ' ' + ours.message : show(ours)}, mingo ${changed instanceof Error ? 'throws ' + changed.message : show(theirs)}`;
  if (ours instanceof SqlError) {
    if (changed instanceof Error) {
      tally.bothError++;
      return;
    }
    if (ours.sqlState === '22D02' && /cannot create the field '[^']*' inside array /.test(ours.message)) {
      tally.nameIntoArray++;
      return;
    }
    if (ours.sqlState === '22D02' && /inside null null$/.test(ours.message)) {
      tally.throughNull++;
      return;
    }
    if (ours.sqlState === '22D02' && /inside an array/.test(ours.message) && '$rename' in t) {
      tally.renameThroughArray++;
      return;
    }
    // MongoDB errors where mingo quietly skips the field (file header, 1): mingo alone on that field changes nothing
    const m = /^cannot apply (\$\w+) to '([^']*)'/.exec(ours.message);
    const fields = m === null ? undefined : t[m[1]!];
    if (ours.sqlState === '22D02' && m !== null && isDoc(fields) && fields[m[2]!] !== undefined && mingoSkips(doc, m[1]!, m[2]!, fields[m[2]!]!)) {
      tally.mingoNoOp++;
      return;
    }
    throw new Error(`we refuse, mingo does not: ${context}`);
  }
  if (changed instanceof Error) throw new Error(`mingo refuses, we do not: ${context}`);
  const ignoreOrder = '$rename' in t;
  if (docEquals(canon(ours, doc, ignoreOrder), canon(theirs, doc, ignoreOrder))) {
    tally.agree++;
    return;
  }
  const reduced = withoutCorners(doc, t, tally);
  if (reduced === null) throw new Error(`different results: ${context}`);
  if (Object.keys(reduced).length > 0) compare(doc, reduced, tally);
}

const RUNS = 4000;

describe('update operators agree with mingo', () => {
  it('on thousands of generated documents and templates', () => {
    const tally: Tally = {
      agree: 0,
      bothError: 0,
      mingoNoOp: 0,
      renameThroughArray: 0,
      pushOntoMissing: 0,
      throughNull: 0,
      minMaxArray: 0,
      addToSetDuplicates: 0,
      nameIntoArray: 0,
      sortWithContainers: 0,
      pullQueryOnScalars: 0,
      pullAllNestedArrays: 0,
    };
    let cases = 0;
    fc.assert(
      fc.property(document, template, (doc, t) => {
        cases++;
        compare(doc, t, tally);
      }),
      { numRuns: RUNS, seed: 1111 },
    );
    expect(cases).toBe(RUNS);
    // most cases must be real comparisons, not classified differences
    if (process.env.SHOW_TALLY) console.log(tally);
    expect(tally.agree).toBeGreaterThan(RUNS * 0.6);
  });
});
