/**
 * src/level2-physical/grant.test.ts — PUser (19), PRole (23), Authenticate (60), Grant (21) and Revoke (22): the
 * bytes of docs/file-format.md's examples, round trips, relocation and corrupt input.
 */
import { ByteReader, ByteWriter } from '../common/values/bytes';
import { GrantCodec } from './grant';
import { readPhysical, writePhysical } from './log-reader';
import { PUBLIC_GRANTEE, TRANS_POS, type Authenticate, type Grant, type Physical, type PRole, type PUser, type Revoke } from './physical';
import { Relocator } from './physical-codec';
import { RecordType } from './record-type';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex').replace(/(..)/g, '$1 ').trim();

function encode(rec: Physical): Uint8Array {
  const w = new ByteWriter();
  writePhysical(w, rec);
  return w.finish();
}

const U: PUser = { type: RecordType.PUser, ppos: 100, name: 'FRED', passwordHash: 'h' };
const R: PRole = { type: RecordType.PRole, ppos: 100, name: 'R', description: 'd' };
const A: Authenticate = { type: RecordType.Authenticate, ppos: 100, user: 40, passwordHash: 'h' };
/** GRANT SELECT (column 25) ON table 20 TO user 40 WITH GRANT OPTION */
const G: Grant = { type: RecordType.Grant, ppos: 100, privileges: 1, object: 20, objectName: '', columns: [25], grantee: 40, grantOption: true };

test('the examples of docs/file-format.md', () => {
  expect(hex(encode(U))).toBe('13 04 46 52 45 44 01 68');
  expect(hex(encode(R))).toBe('17 01 52 01 64');
  expect(hex(encode(A))).toBe('3c 28 01 68');
  expect(hex(encode(G))).toBe('15 01 28 00 01 19 50 01');
});

test('round trips, PUBLIC and routines by name, revokes', () => {
  const recs: Physical[] = [
    U,
    { ...U, passwordHash: '' },
    R,
    A,
    G,
    { ...G, columns: [], grantee: PUBLIC_GRANTEE, grantOption: false },
    { ...G, privileges: 32, object: -1, objectName: 'FUNCTION TOTAL', columns: [] },
    { ...G, type: RecordType.Revoke } as Revoke,
    { ...G, privileges: 64, object: 30, columns: [] },
  ];
  for (const rec of recs) expect(readPhysical(new ByteReader(encode(rec)), 100)).toEqual(rec);
});

test('relocation rewrites temporary objects, columns and grantees, and keeps the record when nothing moves', () => {
  const r = new Relocator();
  r.begin(200);
  r.define(TRANS_POS, 150);
  r.define(TRANS_POS + 1, 160);
  const rec: Grant = { ...G, ppos: 200, object: TRANS_POS, columns: [TRANS_POS + 1], grantee: PUBLIC_GRANTEE };
  const out = GrantCodec.relocate(rec, 200, r);
  expect([out.object, out.columns, out.grantee]).toEqual([150, [160], PUBLIC_GRANTEE]);
  expect(GrantCodec.relocate(G, 100, r)).toBe(G);
});

test('corrupt input: unknown privilege bits or flags, references that do not precede, counts beyond the bytes', () => {
  expect(() => readPhysical(new ByteReader(encode({ ...G, privileges: 0x80 })), 100)).toThrow(/unknown privilege bits/);
  const flags = encode(G);
  flags[flags.length - 1] = 2;
  expect(() => readPhysical(new ByteReader(flags), 100)).toThrow(/unknown grant flags/);
  expect(() => readPhysical(new ByteReader(encode({ ...G, grantee: 100 })), 100)).toThrow(/does not precede/);
  expect(() => readPhysical(new ByteReader(encode({ ...A, user: 120 })), 100)).toThrow(/does not precede/);
  const count = encode(G);
  count[4] = 0x7f;
  expect(() => readPhysical(new ByteReader(count), 100)).toThrow(/exceeds the bytes left/);
});
