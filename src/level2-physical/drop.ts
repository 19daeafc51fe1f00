/**
 * src/level2-physical/drop.ts — codec of Drop (RecordType 8), which drops a table, column, index or check.
 * Layout: docs/file-format.md, "Drop (8)".
 */
import type { ByteReader, ByteWriter } from '../common/values/bytes';
import type { Drop } from './physical';
import { readRef, type PhysicalCodec, type Relocator } from './physical-codec';
import { RecordType } from './record-type';

/** Drop: `varuint target`. */
export const DropCodec: PhysicalCodec<Drop> = {
  type: RecordType.Drop,
  write(w: ByteWriter, rec: Drop): void {
    w.writeVarUint(rec.target);
  },
  read(r: ByteReader, ppos: number): Drop {
    return { type: RecordType.Drop, ppos, target: readRef(r, ppos, 'target') };
  },
  relocate(rec: Drop, ppos: number, reloc: Relocator): Drop {
    const target = reloc.pos(rec.target);
    return rec.ppos === ppos && rec.target === target ? rec : { ...rec, ppos, target };
  },
};
