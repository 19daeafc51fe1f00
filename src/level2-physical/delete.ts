/**
 * src/level2-physical/delete.ts — codec of Delete (RecordType 10), which deletes a row.
 * Layout: docs/file-format.md, "Delete (10)".
 */
import type { ByteReader, ByteWriter } from '../common/values/bytes';
import type { Delete } from './physical';
import { readRef, type PhysicalCodec, type Relocator } from './physical-codec';
import { RecordType } from './record-type';

/** Delete: `varuint table`, `varuint row`. */
export const DeleteCodec: PhysicalCodec<Delete> = {
  type: RecordType.Delete,
  write(w: ByteWriter, rec: Delete): void {
    w.writeVarUint(rec.table);
    w.writeVarUint(rec.row);
  },
  read(r: ByteReader, ppos: number): Delete {
    const table = readRef(r, ppos, 'table');
    return { type: RecordType.Delete, ppos, table, row: readRef(r, ppos, 'row') };
  },
  relocate(rec: Delete, ppos: number, reloc: Relocator): Delete {
    const table = reloc.pos(rec.table);
    const row = reloc.pos(rec.row);
    return rec.ppos === ppos && rec.table === table && rec.row === row ? rec : { ...rec, ppos, table, row };
  },
};
