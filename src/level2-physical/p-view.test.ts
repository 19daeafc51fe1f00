/**
 * src/level2-physical/p-view.test.ts — PView (18): the bytes of docs/file-format.md's example, round trips,
 * relocation of `uses` and `replaces`, and corrupt input.
 */
import { ByteReader, ByteWriter } from '../common/values/bytes';
import { readPhysical, writePhysical } from './log-reader';
import type { PView } from './physical';
import { TRANS_POS, ViewCheckCode } from './physical';
import { Relocator } from './physical-codec';
import { PViewCodec } from './p-view';
import { RecordType } from './record-type';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex').replace(/(..)/g, '$1 ').trim();

function encode(rec: PView): Uint8Array {
  const w = new ByteWriter();
  writePhysical(w, rec);
  return w.finish();
}

const V: PView = { type: RecordType.PView, ppos: 100, name: 'V', columns: ['A'], sql: 'SELECT X FROM T', uses: [20], replaces: -1, check: ViewCheckCode.None };

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

test('a view WITH CHECK OPTION is a PViewChecked (102): the same fields, then the option', () => {
  const local: PView = { ...V, type: RecordType.PViewChecked, check: ViewCheckCode.Local };
  expect(hex(encode(local))).toBe('66 01 56 01 01 41 0f 53 45 4c 45 43 54 20 58 20 46 52 4f 4d 20 54 01 14 01 01');
  for (const rec of [local, { ...local, check: ViewCheckCode.Cascaded, uses: [3, 50], replaces: 60 }]) {
    expect(readPhysical(new ByteReader(encode(rec)), 100)).toEqual(rec);
  }
  const bytes = encode(local);
  bytes[bytes.length - 1] = 3;
  expect(() => readPhysical(new ByteReader(bytes), 100)).toThrow(/view check option 3/);
  // the kinds and options must agree: a PView never carries an option, a PViewChecked always does
  expect(() => encode({ ...V, check: ViewCheckCode.Cascaded })).toThrow(/check option/);
  expect(() => encode({ ...local, check: ViewCheckCode.None })).toThrow(/without a check option/);
});
