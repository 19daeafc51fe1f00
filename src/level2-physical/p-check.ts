/**
 * src/level2-physical/p-check.ts — codec of PCheck (RecordType 15), which defines a CHECK constraint.
 * Layout: docs/file-format.md, "PCheck (15)".
 *
 * 1. `column` is a varint: -1 for a table constraint.
 */
import type { ByteReader, ByteWriter } from '../common/values/bytes';
import type { PCheck } from './physical';
import { readOptionalRef, readRef, type PhysicalCodec, type Relocator } from './physical-codec';
import { RecordType } from './record-type';

/** PCheck: `varuint table`, `varint column`, `string name`, `string sql`. */
export const PCheckCodec: PhysicalCodec<PCheck> = {
  type: RecordType.PCheck,
  write(w: ByteWriter, rec: PCheck): void {
    w.writeVarUint(rec.table);
    w.writeVarInt(rec.column);
    w.writeString(rec.name);
    w.writeString(rec.sql);
  },
  read(r: ByteReader, ppos: number): PCheck {
    const table = readRef(r, ppos, 'table');
    const column = readOptionalRef(r, ppos, 'column');
    const name = r.readString();
    return { type: RecordType.PCheck, ppos, table, column, name, sql: r.readString() };
  },
  relocate(rec: PCheck, ppos: number, reloc: Relocator): PCheck {
    const table = reloc.pos(rec.table);
    const column = reloc.pos(rec.column);
    return rec.ppos === ppos && rec.table === table && rec.column === column ? rec : { ...rec, ppos, table, column };
  },
};
