/**
 * src/level2-physical/transaction-codec.test.ts — every record kind: byte fixtures (the tables in
 * docs/file-format.md), property round trips, relocation, bad bytes, and the replay speed bar.
 */
import fc from 'fast-check';
import { BSON } from 'bson';
import { SqlError } from '../common/errors';
import { DocDelta } from '../common/values/document/doc-delta';
import { ByteReader, ByteWriter, varUintSize } from '../common/values/bytes';
import { INTEGER, REAL, type SqlType } from '../common/values/sql-type';
import { ExactDecimal as Decimal, type Value } from '../common/values/value';
import { CODECS, readPhysical, writePhysical } from './log-reader';
import {
  IndexKind,
  RefAction,
  TRANS_POS,
  type Alter,
  type Physical,
  type PColumn,
  type KeyPath,
  type PIndex,
  type PIndexPaths,
  type Record,
  type Update,
} from './physical';
import { RecordType } from './record-type';
import { expandEntries, RecordRun, recordCount, type LogEntry } from './record-run';
import { decodeTransaction, encodeTransaction, writePayload } from './transaction-codec';

const HEADER = { user: 'alice', role: 'admin', timestamp: 1_700_000_000_000 };
const T = TRANS_POS;

function column(
  ppos: number,
  table: number,
  name: string,
  seq: number,
  dataType: SqlType,
  defaultSql: string | null = null,
): PColumn {
  return { type: RecordType.PColumn, ppos, table, name, seq, dataType, notNull: defaultSql !== null, defaultSql };
}

function index(ppos: number, table: number, name: string, kind: IndexKind, columns: number[], refIndex = -1): PIndex {
  const action = refIndex === -1 ? RefAction.Restrict : RefAction.NoAction;
  return { type: RecordType.PIndex, ppos, table, name, kind, columns, refIndex, onDelete: action, onUpdate: action };
}

function bytesOf(rec: Physical): number[] {
  const w = new ByteWriter();
  writePhysical(w, rec);
  return Array.from(w.finish());
}

function corrupt(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(SqlError);
    expect((e as SqlError).sqlState).toBe('XX001');
    return (e as SqlError).message;
  }
  throw new Error('expected DataCorrupted');
}

describe('byte fixtures (docs/file-format.md)', () => {
  const INT: SqlType = { kind: 'INTEGER' };
  test('PTable, PColumn, Alter, Change, Drop', () => {
    expect(bytesOf({ type: RecordType.PTable, ppos: 50, name: 'T' })).toEqual([1, 1, 0x54]);
    const col = { ppos: 50, name: 'A', seq: 2, dataType: INT, notNull: true, defaultSql: '0' };
    expect(bytesOf({ type: RecordType.PColumn, table: 20, ...col })).toEqual([3, 20, 1, 0x41, 2, 1, 0, 3, 1, 0x30]);
    expect(bytesOf({ type: RecordType.Alter, column: 30, ...col, notNull: false, defaultSql: null })).toEqual([
      7, 30, 1, 0x41, 2, 1, 0, 0,
    ]);
    expect(bytesOf({ type: RecordType.Change, ppos: 50, target: 20, name: 'U' })).toEqual([6, 20, 1, 0x55]);
    expect(bytesOf({ type: RecordType.Drop, ppos: 50, target: 300 })).toEqual([8, 0xac, 0x02]);
  });

  test('PColumn and Alter of a generated column: flags bit 2, the expression after the DEFAULT', () => {
    const col = { ppos: 50, name: 'A', seq: 2, dataType: INT, notNull: false, defaultSql: null, generatedSql: 'B' };
    const bytes = bytesOf({ type: RecordType.PColumn, table: 20, ...col });
    expect(bytes).toEqual([3, 20, 1, 0x41, 2, 1, 0, 4, 1, 0x42]);
    const back = readPhysical(new ByteReader(Uint8Array.from(bytes)), 50);
    expect(back).toEqual({ type: RecordType.PColumn, table: 20, ...col });
    expect(bytesOf({ type: RecordType.Alter, column: 30, ...col, defaultSql: '0' })).toEqual([7, 30, 1, 0x41, 2, 1, 0, 6, 1, 0x30, 1, 0x42]);
    // a column written before generated columns existed reads as it always did, without the field
    const old = readPhysical(new ByteReader(Uint8Array.from([3, 20, 1, 0x41, 2, 1, 0, 0])), 50);
    expect(old).toEqual({ type: RecordType.PColumn, ppos: 50, table: 20, name: 'A', seq: 2, dataType: INT, notNull: false, defaultSql: null });
  });

  test('PColumn and Alter of an identity column: flags bits 3 and 4, then start and increment as varints', () => {
    const identity = { always: true, start: -5, increment: 10 };
    const col = { ppos: 50, name: 'A', seq: 2, dataType: INT, notNull: true, defaultSql: null, identity };
    const bytes = bytesOf({ type: RecordType.PColumn, table: 20, ...col });
    // flags 1 | 8 | 16; -5 zigzags to 9, 10 to 20
    expect(bytes).toEqual([3, 20, 1, 0x41, 2, 1, 0, 25, 9, 20]);
    expect(readPhysical(new ByteReader(Uint8Array.from(bytes)), 50)).toEqual({ type: RecordType.PColumn, table: 20, ...col });
    const byDefault = { ...col, identity: { always: false, start: 1, increment: 1 } };
    const alter = bytesOf({ type: RecordType.Alter, column: 30, ...byDefault });
    expect(alter).toEqual([7, 30, 1, 0x41, 2, 1, 0, 9, 2, 2]);
    expect(readPhysical(new ByteReader(Uint8Array.from(alter)), 50)).toEqual({ type: RecordType.Alter, column: 30, ...byDefault });
    // ALWAYS without IDENTITY, and an increment that is not positive, are corruption
    expect(() => readPhysical(new ByteReader(Uint8Array.from([3, 20, 1, 0x41, 2, 1, 0, 17])), 50)).toThrow(/bad column flags 17/);
    expect(() => readPhysical(new ByteReader(Uint8Array.from([3, 20, 1, 0x41, 2, 1, 0, 9, 2, 0])), 50)).toThrow(/identity increment 0/);
  });

  test('PIndex, PCheck', () => {
    const index: PIndex = {
      type: RecordType.PIndex,
      ppos: 90,
      table: 20,
      name: 'FK',
      kind: IndexKind.ForeignKey,
      columns: [30, 40],
      refIndex: 60,
      onDelete: RefAction.Cascade,
      onUpdate: RefAction.Restrict,
    };
    expect(bytesOf(index)).toEqual([12, 20, 2, 0x46, 0x4b, 3, 2, 30, 40, 120, 2, 0]);
    expect(bytesOf({ ...index, kind: IndexKind.PrimaryKey, columns: [30], refIndex: -1, onDelete: 0 })).toEqual([
      12, 20, 2, 0x46, 0x4b, 0, 1, 30, 1, 0, 0,
    ]);
    expect(bytesOf({ type: RecordType.PCheck, ppos: 90, table: 20, column: -1, name: 'C', sql: 'A>0' })).toEqual([
      15, 20, 1, 1, 0x43, 3, 0x41, 0x3e, 0x30,
    ]);
  });

  test('PIndexPaths: per key part the column, flags, path steps (exact flag, name) and type', () => {
    const rec: PIndexPaths = {
      type: RecordType.PIndexPaths,
      ppos: 90,
      table: 20,
      name: 'I',
      kind: IndexKind.Unique,
      columns: [30, 40, 30],
      paths: [
        { steps: [{ name: 'address', exact: false }, { name: 'Zip', exact: true }], type: null },
        null,
        { steps: [{ name: 'age', exact: false }], type: INT },
      ],
      refIndex: -1,
      onDelete: RefAction.Restrict,
      onUpdate: RefAction.Restrict,
    };
    const ascii = (t: string) => Array.from(t, (c) => c.charCodeAt(0));
    expect(bytesOf(rec)).toEqual([
      100, 20, 1, 0x49, 1, 3,
      30, 1, 2, 0, 7, ...ascii('address'), 1, 3, ...ascii('Zip'),
      40, 0,
      30, 3, 1, 0, 3, ...ascii('age'), 1, 0,
      1, 0, 0,
    ]);
    // a typed part without a path: flags 2, then the type
    expect(bytesOf({ ...rec, columns: [30], paths: [{ steps: [], type: { kind: 'CHAR', length: 5, fixed: false } }] })).toEqual([
      100, 20, 1, 0x49, 1, 1, 30, 2, 4, 3, 5, 1, 0, 0,
    ]);
  });

  test('Record, Update, Delete', () => {
    expect(bytesOf({ type: RecordType.Record, ppos: 90, table: 20, columns: [30, 40], values: [5, 'x'] })).toEqual([
      4, 20, 2, 30, 3, 10, 40, 8, 1, 0x78,
    ]);
    expect(bytesOf({ type: RecordType.Update, ppos: 95, table: 20, row: 90, prev: 90, columns: [40], values: [null] })).toEqual([
      5, 20, 90, 90, 1, 40, 0,
    ]);
    expect(bytesOf({ type: RecordType.Delete, ppos: 99, table: 20, row: 90 })).toEqual([10, 20, 90]);
  });

  test('an Update field holding a DocDelta: tag 14, then the template as BSON', () => {
    const template = { $inc: { n: 5 }, $set: { 'a.b': 'x' } };
    const rec: Update = { type: RecordType.Update, ppos: 95, table: 20, row: 90, prev: 90, columns: [40], values: [new DocDelta(template)] };
    const bytes = bytesOf(rec);
    const bson = Array.from(BSON.serialize(template));
    expect(bytes).toEqual([5, 20, 90, 90, 1, 40, 14, bson.length, ...bson]);
    const back = readPhysical(new ByteReader(Uint8Array.from(bytes), 95), 95) as Update;
    expect(back.values[0]).toBeInstanceOf(DocDelta);
    expect((back.values[0] as DocDelta).template).toEqual(template);
    expect((back.values[0] as DocDelta).applyTo({ n: 1 })).toEqual({ n: 6, a: { b: 'x' } });
    // the example in docs/file-format.md, "Update (5)"
    const example: Update = { ...rec, columns: [40], values: [new DocDelta({ $inc: { n: 5 } })] };
    expect(Buffer.from(bytesOf(example)).toString('hex')).toBe(
      '05145a5a0128' + '0e17' + '170000000324696e6300' + '0c000000106e000500000000' + '00',
    );
  });

  test('a transaction payload: header then records', () => {
    const table: Physical = { type: RecordType.PTable, ppos: T, name: 'T' };
    const { payload } = encodeTransaction({ user: 'u', role: 'r', timestamp: 3 }, [table], 24);
    expect(Array.from(payload)).toEqual([20, 1, 1, 0x75, 1, 0x72, 6, 1, 1, 0x54]);
  });
});

/** A key path: at least one step, or a type, or both. */
function keyPath(sqlType: fc.Arbitrary<SqlType>): fc.Arbitrary<KeyPath> {
  const steps = fc.array(fc.record({ name: fc.string({ maxLength: 8 }), exact: fc.boolean() }), { minLength: 1, maxLength: 3 });
  return fc.oneof(
    fc.record({ steps, type: fc.option(sqlType, { nil: null }) }),
    fc.record({ steps: fc.constant([]), type: sqlType }),
  );
}

/** Records whose references all point below `limit` (so they precede any record at or after it). */
function arbRecord(limit: number): fc.Arbitrary<Physical> {
  const ref = fc.integer({ min: 0, max: limit - 1 });
  const optRef = fc.oneof(fc.constant(-1), ref);
  const name = fc.string({ maxLength: 12 });
  const value: fc.Arbitrary<Value> = fc.oneof(
    fc.constant(null),
    fc.boolean(),
    fc.maxSafeInteger(),
    fc.bigInt({ min: 2n ** 60n, max: 2n ** 80n }),
    fc.double({ noNaN: true }),
    fc.string({ maxLength: 20 }),
    fc.date({ noInvalidDate: true }),
    fc.uint8Array({ maxLength: 8 }),
    fc.integer().map((n) => new Decimal(n).div(100)),
  );
  const fields = fc
    .array(fc.tuple(ref, value), { maxLength: 6 })
    .map((fs) => ({ columns: fs.map((f) => f[0]), values: fs.map((f) => f[1] as Value) }));
  const sqlType = fc.oneof(
    fc.constant<SqlType>({ kind: 'INTEGER' }),
    fc.nat(100).map((n): SqlType => ({ kind: 'CHAR', length: n, fixed: false })),
    fc.tuple(fc.nat(30), fc.nat(10)).map(([p, s]): SqlType => ({ kind: 'NUMERIC', precision: p, scale: s })),
  );
  const column = { name, seq: fc.nat(50), dataType: sqlType, notNull: fc.boolean(), defaultSql: fc.option(name) };
  const ppos = fc.constant(0);
  return fc.oneof(
    fc.record({ type: fc.constant(RecordType.PTable), ppos, name }),
    fc.record({ type: fc.constant(RecordType.PColumn), ppos, table: ref, ...column }),
    fc.record({ type: fc.constant(RecordType.Alter), ppos, column: ref, ...column }),
    fc.record({ type: fc.constant(RecordType.Change), ppos, target: ref, name }),
    fc.record({
      type: fc.constant(RecordType.PIndex),
      ppos,
      table: ref,
      name,
      kind: fc.constantFrom(IndexKind.PrimaryKey, IndexKind.Unique, IndexKind.NonUnique, IndexKind.ForeignKey),
      columns: fc.array(ref, { maxLength: 4 }),
      refIndex: optRef,
      onDelete: fc.integer({ min: 0, max: 4 }),
      onUpdate: fc.integer({ min: 0, max: 4 }),
    }),
    fc
      .record({
        table: ref,
        name,
        kind: fc.constantFrom(IndexKind.PrimaryKey, IndexKind.Unique, IndexKind.NonUnique, IndexKind.ForeignKey),
        parts: fc.array(fc.tuple(ref, fc.option(keyPath(sqlType), { nil: null })), { maxLength: 4 }),
        refIndex: optRef,
        onDelete: fc.integer({ min: 0, max: 4 }),
        onUpdate: fc.integer({ min: 0, max: 4 }),
      })
      .map(({ parts, ...rest }) => ({
        type: RecordType.PIndexPaths,
        ppos: 0,
        ...rest,
        columns: parts.map((p) => p[0]),
        paths: parts.map((p) => p[1]),
      })),
    fc.record({ type: fc.constant(RecordType.PCheck), ppos, table: ref, column: optRef, name, sql: name }),
    fc.tuple(ref, fields).map(([table, f]) => ({ type: RecordType.Record, ppos: 0, table, ...f })),
    fc.tuple(ref, ref, ref, fields).map(([table, row, prev, f]) => ({ type: RecordType.Update, ppos: 0, table, row, prev, ...f })),
    fc.record({ type: fc.constant(RecordType.Delete), ppos, table: ref, row: ref }),
    fc.record({ type: fc.constant(RecordType.Drop), ppos, target: ref }),
  ) as fc.Arbitrary<Physical>;
}

describe('round trips (property)', () => {
  const payloadPosition = 1_000_000;

  test('every kind: encode then decode gives the records back, at their file positions', () => {
    const arbHeader = fc.record({ user: fc.string(), role: fc.string(), timestamp: fc.maxSafeInteger() });
    fc.assert(
      fc.property(arbHeader, fc.array(arbRecord(payloadPosition), { maxLength: 20 }), (header, records) => {
        const { payload, records: placed } = encodeTransaction(header, records, payloadPosition);
        const decoded = decodeTransaction(payload, payloadPosition, 'p.pfl');
        const nrecs = records.length;
        expect(decoded.header).toEqual({ type: RecordType.PTransaction, ppos: payloadPosition, nrecs, ...header });
        expect(decoded.records).toEqual(placed);
        expect(placed.map((r) => ({ ...r, ppos: 0 }))).toEqual(records);
        for (const rec of placed) expect(rec.ppos).toBeGreaterThan(payloadPosition);
      }),
      { numRuns: 500 },
    );
  });

  test('the record table covers every RecordType', () => {
    const types = Object.values(RecordType).filter((v): v is RecordType => typeof v === 'number');
    expect(Object.keys(CODECS).map(Number).sort((a, b) => a - b)).toEqual(types.sort((a, b) => a - b));
    for (const t of types) {
      const codec = CODECS[t];
      if (codec !== null) expect(codec.type).toBe(t);
    }
  });
});

describe('relocation', () => {
  test('temporary positions become file positions, and every reference follows them', () => {
    const recs: Physical[] = [
      { type: RecordType.PTable, ppos: T + 1, name: 'T' },
      column(T + 2, T + 1, 'A', 0, { kind: 'INTEGER' }),
      column(T + 3, T + 1, 'B', 1, { kind: 'CHAR' }, "'x'"),
      index(T + 4, T + 1, 'PK', IndexKind.PrimaryKey, [T + 2]),
      index(T + 5, 7, 'FK', IndexKind.ForeignKey, [8, T + 3], T + 4),
      { type: RecordType.PCheck, ppos: T + 6, table: T + 1, column: T + 2, name: 'C', sql: 'A > 0' },
      { type: RecordType.Record, ppos: T + 7, table: T + 1, columns: [T + 2, T + 3], values: [1, 'b'] },
      { type: RecordType.Update, ppos: T + 8, table: T + 1, row: T + 7, prev: T + 7, columns: [T + 3], values: ['c'] },
      { type: RecordType.Update, ppos: T + 9, table: T + 1, row: T + 7, prev: T + 8, columns: [9], values: [2] },
      { type: RecordType.Delete, ppos: T + 10, table: T + 1, row: T + 7 },
      { type: RecordType.Change, ppos: T + 11, target: T + 1, name: 'U' },
      { type: RecordType.Alter, ppos: T + 12, column: T + 2, name: 'A', seq: 0, dataType: REAL, notNull: false, defaultSql: null },
      { type: RecordType.Drop, ppos: T + 13, target: T + 3 },
      { type: RecordType.Record, ppos: T + 14, table: 7, columns: [8], values: [5] },
      { ...index(T + 15, T + 1, 'PP', IndexKind.Unique, [T + 2, 8]), type: RecordType.PIndexPaths, paths: [{ steps: [{ name: 'a', exact: false }], type: INTEGER }, null] },
    ];
    const payloadPosition = 5000;
    const { payload, records } = encodeTransaction(HEADER, recs, payloadPosition);
    const at = new Map(recs.map((r, i) => [r.ppos, records[i]!.ppos]));
    const real = (p: number): number => (p >= T ? at.get(p)! : p);
    // each ppos is the offset of the record's type byte in the payload
    for (const rec of records) expect(payload[rec.ppos - payloadPosition]).toBe(rec.type);
    expect(records[1]).toMatchObject({ table: real(T + 1) });
    expect(records[4]).toMatchObject({ table: 7, columns: [8, real(T + 3)], refIndex: real(T + 4) });
    expect(records[5]).toMatchObject({ table: real(T + 1), column: real(T + 2) });
    expect(records[6]).toMatchObject({ columns: [real(T + 2), real(T + 3)], values: [1, 'b'] });
    expect(records[8]).toMatchObject({ row: real(T + 7), prev: real(T + 8), columns: [9], values: [2] });
    expect(records[9]).toMatchObject({ row: real(T + 7), table: real(T + 1) });
    expect(records[10]).toMatchObject({ target: real(T + 1) });
    expect((records[11] as Alter).column).toBe(real(T + 2));
    expect(records[12]).toMatchObject({ target: real(T + 3) });
    expect((records[13] as Record).columns).toBe((recs[13] as Record).columns);
    expect((records[13] as Record).values).toBe((recs[13] as Record).values);
    expect(records[14]).toMatchObject({ table: real(T + 1), columns: [real(T + 2), 8], paths: (recs[14] as PIndexPaths).paths });
    expect(decodeTransaction(payload, payloadPosition).records).toEqual(records);
    for (const rec of records) expect(rec.ppos).toBeLessThan(T);
  });

  test('a run of Records is written exactly as the Records it stands for, with or without relocated copies', () => {
    const table: Physical = { type: RecordType.PTable, ppos: T + 1, name: 'T' };
    const cols: Physical[] = [column(T + 2, T + 1, 'A', 0, { kind: 'INTEGER' }), column(T + 3, T + 1, 'B', 1, { kind: 'CHAR' })];
    const run = new RecordRun(T + 1, [T + 2, T + 3], T + 4);
    for (let i = 0; i < 5; i++) run.push([i, `r${i}`]);
    const after: Physical = { type: RecordType.Delete, ppos: T + 9, table: T + 1, row: T + 6 };
    const entries: LogEntry[] = [table, ...cols, run, after];
    const expanded = expandEntries(entries);
    expect(expanded.slice(3, 8)).toEqual([0, 1, 2, 3, 4].map((i) => ({ type: RecordType.Record, ppos: T + 4 + i, table: T + 1, columns: [T + 2, T + 3], values: [i, `r${i}`] })));
    const plain = encodeTransaction(HEADER, expanded, 700);
    const copies: Physical[] = [];
    const w1 = new ByteWriter();
    writePayload(w1, HEADER, entries, 700, copies);
    const w2 = new ByteWriter();
    const reloc = writePayload(w2, HEADER, entries, 700, null);
    expect(Array.from(w1.finish())).toEqual(Array.from(plain.payload));
    expect(Array.from(w2.finish())).toEqual(Array.from(plain.payload));
    expect(copies).toEqual(plain.records);
    expect(reloc.real(T + 6)).toBe(plain.records[5]!.ppos);
    expect(plain.records[8]).toMatchObject({ row: plain.records[5]!.ppos });
    expect(recordCount(entries)).toBe(9);
  });

  test('committed records re-encoded at their own position are returned as they are', () => {
    const first = encodeTransaction(HEADER, [{ type: RecordType.Record, ppos: T, table: 3, columns: [4], values: ['x'] }], 100);
    const again = encodeTransaction(HEADER, first.records, 100);
    expect(again.records[0]).toBe(first.records[0]);
    expect(Array.from(again.payload)).toEqual(Array.from(first.payload));
  });

  test('a reference to a temporary position no earlier record defines is an internal error', () => {
    const bad: Update = { type: RecordType.Update, ppos: T + 2, table: 3, row: T + 1, prev: T + 1, columns: [], values: [] };
    expect(() => encodeTransaction(HEADER, [bad], 100)).toThrow(/internal error: reference to temporary position/);
    const twice: Physical[] = [
      { type: RecordType.PTable, ppos: T, name: 'A' },
      { type: RecordType.PTable, ppos: T, name: 'B' },
    ];
    expect(() => encodeTransaction(HEADER, twice, 100)).toThrow(/defined twice/);
  });

  test('the encoder refuses what the decoder would refuse: forward references and unknown enums', () => {
    const forward: Physical = { type: RecordType.Record, ppos: T, table: 5000, columns: [], values: [] };
    expect(() => encodeTransaction(HEADER, [forward], 100)).toThrow(
      /internal error: reference to position 5000 from the record at/,
    );
    const badKind = index(T, 3, 'I', 9 as IndexKind, []);
    expect(() => encodeTransaction(HEADER, [badKind], 100)).toThrow(/internal error: bad index kind 9/);
  });
});

describe('bad bytes are DataCorrupted naming the offset', () => {
  const payloadPosition = 2000;
  const sample: Physical[] = [
    { type: RecordType.PTable, ppos: T, name: 'T' },
    column(T + 1, T, 'A', 0, { kind: 'NUMERIC', precision: 5, scale: 2 }, '1'),
    index(T + 2, T, 'I', IndexKind.Unique, [T + 1]),
    { type: RecordType.Record, ppos: T + 3, table: T, columns: [T + 1, T + 1], values: [new Decimal('1.25'), 2n ** 70n] },
    { type: RecordType.Update, ppos: T + 4, table: T, row: T + 3, prev: T + 3, columns: [T + 1], values: [2.5] },
    { type: RecordType.PCheck, ppos: T + 5, table: T, column: -1, name: 'C', sql: 'A > 0' },
    { type: RecordType.Change, ppos: T + 6, target: T, name: 'U' },
    { type: RecordType.Delete, ppos: T + 7, table: T, row: T + 3 },
    { type: RecordType.Drop, ppos: T + 8, target: T + 2 },
    {
      ...index(T + 9, T, 'J', IndexKind.NonUnique, [T + 1, T + 1]),
      type: RecordType.PIndexPaths,
      paths: [{ steps: [{ name: 'a', exact: true }, { name: 'b', exact: false }], type: null }, { steps: [], type: REAL }],
    },
  ];
  const { payload, records } = encodeTransaction(HEADER, sample, payloadPosition);

  test('every truncation', () => {
    for (let cut = 0; cut < payload.length; cut++) {
      corrupt(() => decodeTransaction(payload.subarray(0, cut), payloadPosition, 'b.pfl'));
    }
  });

  test('trailing bytes', () => {
    const longer = new Uint8Array(payload.length + 2);
    longer.set(payload);
    expect(corrupt(() => decodeTransaction(longer, payloadPosition, 'b.pfl'))).toBe(
      `database file b.pfl is corrupt at offset ${payloadPosition + payload.length}: 2 bytes after the last of 10 records`,
    );
  });

  test('a payload that does not start with a transaction header', () => {
    expect(corrupt(() => decodeTransaction(Uint8Array.of(4, 0), 10, 'b.pfl'))).toBe(
      'database file b.pfl is corrupt at offset 10: expected a transaction header, found record type 4',
    );
  });

  test('an unknown type byte, or a header among the records', () => {
    const at = records[6]!.ppos;
    for (const [byte, what] of [
      [99, 'unknown record type 99'],
      [0, 'unknown record type 0'],
      [20, 'a transaction header inside a transaction'],
    ] as const) {
      const bad = payload.slice();
      bad[at - payloadPosition] = byte;
      const message = corrupt(() => decodeTransaction(bad, payloadPosition, 'b.pfl'));
      expect(message).toBe(`database file b.pfl is corrupt at offset ${at}: ${what}`);
    }
  });

  test('a bad value tag inside a Record', () => {
    const rec = records[3]!;
    const bad = payload.slice();
    const column = (rec as Record).columns[0]!;
    // type byte, table, field count, column, then the first value's tag
    const tagAt = rec.ppos - payloadPosition + 1 + varUintSize((rec as Record).table) + 1 + varUintSize(column);
    expect(bad[tagAt]).toBe(6);
    bad[tagAt] = 77;
    expect(corrupt(() => decodeTransaction(bad, payloadPosition))).toBe(
      `database file (memory) is corrupt at offset ${payloadPosition + tagAt}: unknown value tag 77`,
    );
  });

  test('bad enums, flags and forward references', () => {
    const r = (bytes: number[], ppos = 100): string =>
      corrupt(() => readPhysical(new ByteReader(Uint8Array.from(bytes), ppos, 'e.pfl'), ppos));
    expect(r([12, 20, 1, 0x49, 9, 0, 1, 0, 0])).toMatch(/offset 104: unknown index kind 9/);
    expect(r([12, 20, 1, 0x49, 0, 0, 1, 7, 0])).toMatch(/offset 107: unknown referential action 7/);
    expect(r([3, 20, 1, 0x41, 0, 1, 0, 32])).toMatch(/offset 107: bad column flags 32/);
    expect(r([10, 20, 100])).toMatch(/offset 102: row 100 does not precede the record at 100/);
    expect(r([15, 20, 5, 1, 0x43, 0])).toMatch(/column -3 does not precede/);
    expect(r([4, 20, 200, 1])).toMatch(/offset 102: field count 200 exceeds the bytes left/);
    expect(r([3, 20, 1, 0x41, 0, 42, 0, 0])).toMatch(/offset 105: unknown type kind 42/);
  });

  test('a DocDelta anywhere but in an Update is corruption', () => {
    const w = new ByteWriter();
    writePhysical(w, { type: RecordType.Update, ppos: 95, table: 20, row: 90, prev: 90, columns: [40], values: [new DocDelta({ $inc: { n: 1 } })] });
    const update = Array.from(w.finish());
    // the same field list under a Record's type byte: type, table, then the fields (skipping row and prev)
    const record = [4, 20, ...update.slice(4)];
    expect(corrupt(() => readPhysical(new ByteReader(Uint8Array.from(record), 100, 'e.pfl'), 100))).toMatch(
      /offset 104: an update template where a value belongs/,
    );
  });

  test('bad PIndexPaths key parts', () => {
    const r = (bytes: number[], ppos = 100): string =>
      corrupt(() => readPhysical(new ByteReader(Uint8Array.from(bytes), ppos, 'e.pfl'), ppos));
    // type 100, table 20, name "I", kind 2, 1 part: column 30, then the part's flags …
    const head = [100, 20, 1, 0x49, 2, 1, 30];
    const tail = [1, 0, 0];
    expect(r([...head, 4, ...tail])).toMatch(/offset 107: bad key part flags 4/);
    expect(r([...head, 1, 0, ...tail])).toMatch(/offset 108: a key path with no steps/);
    expect(r([...head, 1, 1, 2, 1, 0x61, ...tail])).toMatch(/offset 109: bad path step flag 2/);
    expect(r([...head, 1, 90, 0, 1, 0x61, ...tail])).toMatch(/offset 108: path step count 90 exceeds the bytes left/);
    expect(r([...head, 2, 42, 0, ...tail])).toMatch(/offset 108: unknown type kind 42/);
    expect(r([100, 20, 1, 0x49, 2, 40, 30, 0])).toMatch(/offset 105: key part count 40 exceeds the bytes left/);
    expect(r([100, 20, 1, 0x49, 2, 1, 100, 0, ...tail])).toMatch(/offset 106: column 100 does not precede the record at 100/);
  });

  test('a PIndexPaths with only plain parts reads back as written', () => {
    const w = new ByteWriter();
    const rec: Physical = { ...index(90, 20, 'I', IndexKind.Unique, [30]), type: RecordType.PIndexPaths, paths: [null] };
    writePhysical(w, rec);
    expect(readPhysical(new ByteReader(w.finish(), 90), 90)).toEqual(rec);
  });
});

describe('at scale', () => {
  test('100k Record records round-trip (their speed is measured by npm run bench, not asserted here)', () => {
    const recs: Record[] = new Array<Record>(100_000);
    for (let i = 0; i < 100_000; i++) {
      recs[i] = { type: RecordType.Record, ppos: T + i, table: 16, columns: [30, 40, 50, 60], values: [i, i * 7, `name-${i}`, i * 0.5] };
    }
    const { payload } = encodeTransaction(HEADER, recs, 100);
    const decoded = decodeTransaction(payload, 100).records as Record[];
    expect(decoded).toHaveLength(100_000);
    expect(decoded[99_999]!.columns[2]).toBe(50);
    expect(decoded[99_999]!.values).toEqual([99_999, 99_999 * 7, 'name-99999', 99_999 * 0.5]);
    // relocated: consecutive records, each at the position where its bytes start
    expect(decoded[1]!.ppos - decoded[0]!.ppos).toBeGreaterThan(0);
    expect(decoded.every((r, i) => i === 0 || r.ppos > decoded[i - 1]!.ppos)).toBe(true);
  });
});
