/**
 * src/level2-physical/p-trigger.test.ts — PTrigger (17): the bytes of docs/file-format.md's example, round
 * trips, relocation of the table, columns and uses, and corrupt input.
 */
import { ByteReader, ByteWriter } from '../common/values/bytes';
import { readPhysical, writePhysical } from './log-reader';
import { type PTrigger, TRANS_POS, TriggerEventCode, TriggerTimingCode } from './physical';
import { Relocator } from './physical-codec';
import { PTriggerCodec } from './p-trigger';
import { RecordType } from './record-type';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex').replace(/(..)/g, '$1 ').trim();

function encode(rec: PTrigger): Uint8Array {
  const w = new ByteWriter();
  writePhysical(w, rec);
  return w.finish();
}

const SQL = 'CREATE TRIGGER R AFTER UPDATE OF B ON T INSERT INTO L VALUES (1)';
const R: PTrigger = {
  type: RecordType.PTrigger,
  ppos: 100,
  name: 'R',
  table: 20,
  timing: TriggerTimingCode.After,
  event: TriggerEventCode.Update,
  forEachRow: true,
  columns: [30],
  sql: SQL,
  uses: [40],
};

test('the example of docs/file-format.md', () => {
  const sqlHex = hex(new TextEncoder().encode(SQL));
  expect(hex(encode(R))).toBe(`11 01 52 14 01 01 01 01 1e 40 ${sqlHex} 01 28`);
});

test('round trips: every timing and event, statement triggers, no columns or uses', () => {
  const recs: PTrigger[] = [
    R,
    { ...R, timing: TriggerTimingCode.Before, event: TriggerEventCode.Insert, forEachRow: false, columns: [], uses: [] },
    { ...R, name: 'Ünï', timing: TriggerTimingCode.InsteadOf, event: TriggerEventCode.Delete, uses: [3, 50, 7] },
  ];
  for (const rec of recs) expect(readPhysical(new ByteReader(encode(rec)), 100)).toEqual(rec);
});

test('relocation rewrites temporary references, and keeps the record when nothing moves', () => {
  const r = new Relocator();
  r.begin(200);
  r.define(TRANS_POS + 1, 150);
  const rec: PTrigger = { ...R, ppos: 200, table: TRANS_POS + 1, columns: [TRANS_POS + 1], uses: [20, TRANS_POS + 1] };
  const out = PTriggerCodec.relocate(rec, 200, r);
  expect([out.table, out.columns, out.uses]).toEqual([150, [150], [20, 150]]);
  expect(PTriggerCodec.relocate(R, 100, r)).toBe(R);
});

test('corrupt input: an unknown timing or event, a reference that does not precede the record, a count beyond the bytes', () => {
  const bytes = encode(R);
  bytes[4] = 7; // timing
  expect(() => readPhysical(new ByteReader(bytes), 100)).toThrow(/trigger timing 7 is unknown/);
  const bytes2 = encode(R);
  bytes2[5] = 9; // event
  expect(() => readPhysical(new ByteReader(bytes2), 100)).toThrow(/trigger event 9 is unknown/);
  expect(() => readPhysical(new ByteReader(encode({ ...R, uses: [100] })), 100)).toThrow(/does not precede/);
  const bytes3 = encode(R);
  bytes3[7] = 0x7f; // column count
  expect(() => readPhysical(new ByteReader(bytes3), 100)).toThrow(/exceeds the bytes left/);
});
