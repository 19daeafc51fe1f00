/**
 * src/level2-physical/p-view.test.ts — PView (18): the bytes of docs/file-format.md's example, round trips,
 * relocation of `uses` and `replaces`, and corrupt input.
 */
import { ByteReader, ByteWriter } from '../common/values/bytes';
import { readPhysical, writePhysical } from './log-reader';
import type { PView } from './physical';
import { TRANS_POS } from './physical';
import { Relocator } from './physical-codec';
import { PViewCodec } from './p-view';
import { RecordType } from './record-type';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex').replace(/(..)/g, '$1 ').trim();

function encode(rec: PView): Uint8Array {
  const w = new ByteWriter();
  writePhysical(w, rec);
  return w.finish();
}

const V: PView = { type: RecordType.PView, ppos: 100, name: 'V', columns: ['A'], sql: 'SELECT X FROM T', uses: [20], replaces: -1 };

test('the example of docs/file-format.md', () => {
  expect(hex(encode(V))).toBe('12 01 56 01 01 41 0f 53 45 4c 45 43 54 20 58 20 46 52 4f 4d 20 54 01 14 01');
});

test('round trips, with and without columns, several uses and a replaced view', () => {
  const recs: PView[] = [V, { ...V, columns: [], uses: [], sql: 'VALUES (1)' }, { ...V, name: 'Ünï', uses: [3, 50, 7], replaces: 60 }];
  for (const rec of recs) expect(readPhysical(new ByteReader(encode(rec)), 100)).toEqual(rec);
});

test('relocation rewrites temporary uses and replaces, and keeps the record when nothing moves', () => {
  const r = new Relocator();
  r.begin(200);
  r.define(TRANS_POS + 1, 150);
  const rec: PView = { ...V, ppos: 200, uses: [20, TRANS_POS + 1], replaces: TRANS_POS + 1 };
  const out = PViewCodec.relocate(rec, 200, r);
  expect(out.uses).toEqual([20, 150]);
  expect(out.replaces).toBe(150);
  expect(PViewCodec.relocate(V, 100, r)).toBe(V);
});

test('corrupt input: a use that does not precede the record, a count beyond the bytes', () => {
  expect(() => readPhysical(new ByteReader(encode({ ...V, uses: [100] })), 100)).toThrow(/does not precede/);
  const bytes = encode(V);
  bytes[3] = 0x7f; // ncols far beyond what is left
  expect(() => readPhysical(new ByteReader(bytes), 100)).toThrow(/exceeds the bytes left/);
});
