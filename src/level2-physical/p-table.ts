/**
 * src/level2-physical/p-table.ts — codecs of PTable (RecordType 1), which defines a table, and PTableOf (101),
 * which defines a table created OF a structured type.
 * Layout: docs/file-format.md, "PTable (1)" and "PTableOf (101)".
 *
 * 1. PTableOf's `udType` is a reference to an earlier PType record, relocated as every reference is.
 */
import type { ByteReader, ByteWriter } from '../common/values/bytes';
import type { PTable, PTableOf } from './physical';
import { readRef, type PhysicalCodec, type Relocator } from './physical-codec';
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

/** PTableOf: `string name`, `varuint udType`. */
export const PTableOfCodec: PhysicalCodec<PTableOf> = {
  type: RecordType.PTableOf,
  write(w: ByteWriter, rec: PTableOf): void {
    w.writeString(rec.name);
    w.writeVarUint(rec.udType);
  },
  read(r: ByteReader, ppos: number): PTableOf {
    const name = r.readString();
    return { type: RecordType.PTableOf, ppos, name, udType: readRef(r, ppos, 'table type') };
  },
  relocate(rec: PTableOf, ppos: number, reloc: Relocator): PTableOf {
    const udType = reloc.pos(rec.udType);
    return rec.ppos === ppos && udType === rec.udType ? rec : { ...rec, ppos, udType };
  },
};
