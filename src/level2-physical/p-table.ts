/**
 * src/level2-physical/p-table.ts — codec of PTable (RecordType 1), which defines a table.
 * Layout: docs/file-format.md, "PTable (1)".
 */
import type { ByteReader, ByteWriter } from '../common/values/bytes';
import type { PTable } from './physical';
import type { PhysicalCodec } from './physical-codec';
import { RecordType } from './record-type';

/** PTable: `string name`. */
export const PTableCodec: PhysicalCodec<PTable> = {
  type: RecordType.PTable,
  write(w: ByteWriter, rec: PTable): void {
    w.writeString(rec.name);
  },
  read(r: ByteReader, ppos: number): PTable {
    return { type: RecordType.PTable, ppos, name: r.readString() };
  },
  relocate(rec: PTable, ppos: number): PTable {
    return rec.ppos === ppos ? rec : { ...rec, ppos };
  },
};
