/**
 * src/level2-physical/p-type.test.ts — PType (25) and PMethod (26): the bytes of docs/file-format.md's example,
 * round trips, relocation of references, and corrupt input.
 */
import { ByteReader, ByteWriter } from '../common/values/bytes';
import { INTEGER, structType } from '../common/values/sql-type';
import { readPhysical, writePhysical } from './log-reader';
import { MethodKind, TRANS_POS, type PMethod, type PType } from './physical';
import { Relocator } from './physical-codec';
import { PMethodCodec } from './p-method';
import { PTypeCodec } from './p-type';
import { RecordType } from './record-type';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex').replace(/(..)/g, '$1 ').trim();

function encode(rec: PType | PMethod): Uint8Array {
  const w = new ByteWriter();
  writePhysical(w, rec);
  return w.finish();
}

const P: PType = {
  type: RecordType.PType,
  ppos: 100,
  name: 'P',
  under: -1,
  fields: [
    { name: 'X', dataType: INTEGER },
    { name: 'Y', dataType: INTEGER },
  ],
  sql: '…',
  uses: [],
};

const M: PMethod = {
  type: RecordType.PMethod,
  ppos: 120,
  udType: 100,
  name: 'CENTRE',
  methodKind: MethodKind.Instance,
  params: [{ name: 'K', dataType: INTEGER }],
  returns: structType('POINT'),
  sql: 'CREATE METHOD centre(k INT) RETURNS point FOR rect RETURN tl',
  uses: [40],
  replaces: 110,
};

test('the PType example of docs/file-format.md', () => {
  expect(hex(encode(P))).toBe('19 01 50 01 02 01 58 01 00 01 59 01 00 03 e2 80 a6 00');
});

test('round trips: a subtype with a structured field, declarations and definitions of every kind', () => {
  const types: PType[] = [P, { ...P, name: 'Q', under: 50, fields: [{ name: 'C', dataType: structType('POINT') }], uses: [50, 40] }];
  for (const rec of types) expect(readPhysical(new ByteReader(encode(rec)), 100)).toEqual(rec);
  const methods: PMethod[] = [
    M,
    { ...M, methodKind: MethodKind.Constructor, returns: null, params: [], sql: '', uses: [], replaces: -1 },
    { ...M, methodKind: MethodKind.Static },
    { ...M, methodKind: MethodKind.Overriding },
  ];
  for (const rec of methods) expect(readPhysical(new ByteReader(encode(rec)), 120)).toEqual(rec);
});

test('relocation rewrites temporary references and keeps the record when nothing moves', () => {
  const r = new Relocator();
  r.begin(200);
  r.define(TRANS_POS + 1, 150);
  r.define(TRANS_POS + 2, 160);
  const t = PTypeCodec.relocate({ ...P, ppos: 200, under: TRANS_POS + 1, uses: [TRANS_POS + 1, 20] }, 200, r);
  expect([t.under, t.uses]).toEqual([150, [150, 20]]);
  const m = PMethodCodec.relocate({ ...M, ppos: 200, udType: TRANS_POS + 1, replaces: TRANS_POS + 2, uses: [TRANS_POS + 1] }, 200, r);
  expect([m.udType, m.replaces, m.uses]).toEqual([150, 160, [150]]);
  expect(PTypeCodec.relocate(P, 100, r)).toBe(P);
  expect(PMethodCodec.relocate(M, 120, r)).toBe(M);
});

test('corrupt input: references that do not precede the record, counts beyond the bytes, bad kinds and flags', () => {
  expect(() => readPhysical(new ByteReader(encode({ ...P, under: 100 })), 100)).toThrow(/does not precede/);
  expect(() => readPhysical(new ByteReader(encode({ ...P, uses: [100] })), 100)).toThrow(/does not precede/);
  expect(() => readPhysical(new ByteReader(encode(M)), 100)).toThrow(/does not precede/);
  const bytes = encode(P);
  bytes[4] = 0x7f; // nfields far beyond what is left
  expect(() => readPhysical(new ByteReader(bytes), 100)).toThrow(/exceeds the bytes left/);
  const m = encode(M);
  const kindAt = 1 + 1 + 1 + 'CENTRE'.length; // type byte, udType, name length, name
  m[kindAt] = 9;
  expect(() => readPhysical(new ByteReader(m), 120)).toThrow(/unknown method kind 9/);
  const d = encode({ ...M, params: [], returns: null });
  d[kindAt + 2] = 2; // the result flag after kind and nparams
  expect(() => readPhysical(new ByteReader(d), 120)).toThrow(/bad result flag 2/);
});
