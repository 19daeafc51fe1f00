/**
 * src/collection.mingo.test.ts — differential test of the collection API against mingo (a JavaScript
 * implementation of MongoDB's query language): seeded generated documents, filters, sorts, skips, limits and
 * projections, with and without an index on the sorted and filtered paths, and every `find` and
 * `countDocuments` must return what mingo's cursor returns.
 *
 * The generators stay in the corners where mingo follows MongoDB (doc-match.mingo.test.ts lists the others):
 * sorted and compared fields hold numbers and strings or are missing — no arrays (pyrrhodb compares whole
 * arrays, docs/documents.md), no null operands; every sort ends with `_id`, so ties have one order.
 */
import fc from 'fast-check';
import { Query } from 'mingo';
import { Database } from './database';

type Doc = Record<string, unknown>;

const value = fc.oneof(fc.integer({ min: -3, max: 3 }), fc.constantFrom('a', 'b', 'ab', ''));
const doc = (id: number): fc.Arbitrary<Doc> =>
  fc
    .record(
      {
        a: value,
        b: fc.record({ c: fc.integer({ min: -2, max: 2 }), d: fc.constantFrom('x', 'y') }, { requiredKeys: ['c'] }),
        tags: fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 3 }),
      },
      { requiredKeys: [] },
    )
    .map((d) => ({ _id: id, ...d }));

const filter: fc.Arbitrary<Doc> = fc.oneof(
  fc.constant({}),
  value.map((v) => ({ a: v })),
  value.map((v) => ({ a: { $gt: v } })),
  fc.integer({ min: -2, max: 2 }).map((v) => ({ 'b.c': { $lte: v } })),
  fc.integer({ min: 0, max: 3 }).map((v) => ({ tags: v })),
  fc.tuple(value, value).map(([x, y]) => ({ a: { $in: [x, y] } })),
  fc.boolean().map((e) => ({ b: { $exists: e } })),
  fc.tuple(value, fc.integer({ min: -2, max: 2 })).map(([x, y]) => ({ $or: [{ a: x }, { 'b.c': y }] })),
  fc.tuple(fc.integer({ min: -3, max: 3 }), fc.integer({ min: -3, max: 3 })).map(([x, y]) => ({ a: { $gte: Math.min(x, y), $lt: Math.max(x, y) } })),
);

const sortSpec: fc.Arbitrary<Record<string, 1 | -1> | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.constantFrom<1 | -1>(1, -1).map((d) => ({ a: d, _id: 1 as const })),
  fc.constantFrom<1 | -1>(1, -1).map((d) => ({ 'b.c': d, _id: -1 as const })),
  fc.constantFrom<1 | -1>(1, -1).map((d) => ({ _id: d })),
);

const projection: fc.Arbitrary<Record<string, 0 | 1> | undefined> = fc.constantFrom<Record<string, 0 | 1> | undefined>(undefined, { a: 1 }, { b: 0 }, { 'b.c': 1, _id: 0 }, { tags: 0, a: 0 });

interface Case {
  docs: Doc[];
  finds: Array<{ filter: Doc; sort: Record<string, 1 | -1> | undefined; skip: number; limit: number; projection: Record<string, 0 | 1> | undefined }>;
}

const cases: fc.Arbitrary<Case> = fc.integer({ min: 0, max: 12 }).chain((n) =>
  fc.record({
    docs: fc.tuple(...Array.from({ length: n }, (_, i) => doc(i))).map((ds) => ds as Doc[]),
    finds: fc.array(fc.record({ filter, sort: sortSpec, skip: fc.integer({ min: 0, max: 3 }), limit: fc.integer({ min: 0, max: 4 }), projection }), {
      minLength: 1,
      maxLength: 6,
    }),
  }),
);

/** mingo's answer: MongoDB's cursor order is filter, sort, skip, limit, then projection. */
function mingoFind(docs: readonly Doc[], f: Case['finds'][number]): Doc[] {
  let cursor = new Query(f.filter).find(docs as Doc[], f.projection);
  if (f.sort !== undefined) cursor = cursor.sort(f.sort);
  if (f.skip > 0) cursor = cursor.skip(f.skip);
  if (f.limit > 0) cursor = cursor.limit(f.limit);
  return cursor.all() as Doc[];
}

describe('the collection API agrees with mingo', () => {
  it.each([false, true])('on generated documents, filters, sorts, skips, limits and projections (indexed: %s)', (indexed) => {
    fc.assert(
      fc.property(cases, ({ docs, finds }) => {
        const db = Database.open(':memory:');
        try {
          const people = db.collection('people');
          if (docs.length > 0) people.insertMany(docs.map((d) => structuredClone(d)));
          if (indexed && docs.length > 0) {
            // an index needs its path in every document: index only what every generated document has
            if (docs.every((d) => typeof d['a'] === 'number')) people.createIndex({ a: 1 });
            people.createIndex({ _id: -1 });
          }
          for (const f of finds) {
            const options = { ...(f.sort ? { sort: f.sort } : {}), ...(f.skip > 0 ? { skip: f.skip } : {}), ...(f.limit > 0 ? { limit: f.limit } : {}), ...(f.projection ? { projection: f.projection } : {}) };
            const want = mingoFind(docs, f);
            const got = people.find(f.filter, options);
            const wantIds = f.sort === undefined ? [...want].sort((x, y) => Number(x['_id']) - Number(y['_id'])) : want;
            const gotIds = f.sort === undefined ? [...got].sort((x, y) => Number(x['_id']) - Number(y['_id'])) : got;
            if (f.sort === undefined && (f.skip > 0 || f.limit > 0)) {
              // without a sort, which documents a skip or limit keeps is the engine's order: compare the count only
              expect([f, got.length]).toEqual([f, want.length]);
            } else {
              expect([f, gotIds]).toEqual([f, wantIds]);
            }
            expect([f.filter, people.countDocuments(f.filter)]).toEqual([f.filter, new Query(f.filter).find(docs as Doc[]).all().length]);
          }
        } finally {
          db.close();
        }
      }),
      { numRuns: 200, seed: 20261204 },
    );
  });
});
