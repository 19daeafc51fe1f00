/**
 * src/level2-physical/p-procedure.test.ts — PProcedure (16): the bytes of a small record, round trips,
 * relocation of `uses`, and corrupt input.
 */
import { ByteReader, ByteWriter } from '../common/values/bytes';
import { readPhysical, writePhysical } from './log-reader';
import type { PProcedure } from './physical';
import { TRANS_POS } from './physical';
import { Relocator } from './physical-codec';
import { PProcedureCodec } from './p-procedure';
import { RecordType } from './record-type';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex').replace(/(..)/g, '$1 ').trim();

function encode(rec: PProcedure): Uint8Array {
  const w = new ByteWriter();
  writePhysical(w, rec);
  return w.finish();
}

const F: PProcedure = { type: RecordType.PProcedure, ppos: 100, name: 'F', isFunction: true, arity: 1, sql: 'CREATE FUNCTION F', uses: [20] };

test('the layout of docs/file-format.md: name, kind, arity, sql, uses', () => {
  expect(hex(encode(F))).toBe('10 01 46 01 01 11 43 52 45 41 54 45 20 46 55 4e 43 54 49 4f 4e 20 46 01 14');
});

test('round trips: functions and procedures, with and without uses', () => {
  const recs: PProcedure[] = [F, { ...F, isFunction: false, arity: 0, uses: [] }, { ...F, name: 'Ünï', uses: [3, 50, 7] }];
  for (const rec of recs) expect(readPhysical(new ByteReader(encode(rec)), 100)).toEqual(rec);
});

test('relocation rewrites temporary uses and keeps the record when nothing moves', () => {
  const r = new Relocator();
  r.begin(200);
  r.define(TRANS_POS + 1, 150);
  const out = PProcedureCodec.relocate({ ...F, ppos: 200, uses: [20, TRANS_POS + 1] }, 200, r);
  expect(out.uses).toEqual([20, 150]);
  expect(PProcedureCodec.relocate(F, 100, r)).toBe(F);
});

test('corrupt input: a bad kind, a use that does not precede the record, a count beyond the bytes', () => {
  const bad = encode(F);
  bad[3] = 7; // kind
  expect(() => readPhysical(new ByteReader(bad), 100)).toThrow(/routine kind/);
  expect(() => readPhysical(new ByteReader(encode({ ...F, uses: [100] })), 100)).toThrow(/does not precede/);
  const bytes = encode(F);
  bytes[bytes.length - 2] = 0x7f;
  expect(() => readPhysical(new ByteReader(bytes), 100)).toThrow(/exceeds the bytes left/);
});
