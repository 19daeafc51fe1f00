/**
 * src/level2-physical/p-table.test.ts — PTableOf (101): the bytes of docs/file-format.md's example, a round
 * trip, relocation of the type reference, and a reference that does not precede the record.
 */
import { ByteReader, ByteWriter } from '../common/values/bytes';
import { readPhysical, writePhysical } from './log-reader';
import { TRANS_POS, type PTableOf } from './physical';
import { Relocator } from './physical-codec';
import { PTableOfCodec } from './p-table';
import { RecordType } from './record-type';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex').replace(/(..)/g, '$1 ').trim();

function encode(rec: PTableOf): Uint8Array {
  const w = new ByteWriter();
  writePhysical(w, rec);
  return w.finish();
}

const T: PTableOf = { type: RecordType.PTableOf, ppos: 200, name: 'PERSON', udType: 100 };

test('the PTableOf example of docs/file-format.md, and a round trip', () => {
  expect(hex(encode(T))).toBe('65 06 50 45 52 53 4f 4e 64');
  expect(readPhysical(new ByteReader(encode(T)), 200)).toEqual(T);
});

test('relocation rewrites a temporary type reference and keeps the record when nothing moves', () => {
  const r = new Relocator();
  r.begin(300);
  r.define(TRANS_POS + 1, 250);
  expect(PTableOfCodec.relocate({ ...T, ppos: 300, udType: TRANS_POS + 1 }, 300, r).udType).toBe(250);
  expect(PTableOfCodec.relocate(T, 200, r)).toBe(T);
});

test('a type reference that does not precede the record is corrupt', () => {
  expect(() => readPhysical(new ByteReader(encode({ ...T, udType: 200 })), 200)).toThrow(/does not precede/);
});
