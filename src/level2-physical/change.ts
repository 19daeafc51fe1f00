/**
 * src/level2-physical/change.ts — codec of Change (RecordType 6), which renames a table, column or index.
 * Layout: docs/file-format.md, "Change (6)".
 */
import type { ByteReader, ByteWriter } from '../common/values/bytes';
import type { Change } from './physical';
import { readRef, type PhysicalCodec, type Relocator } from './physical-codec';
import { RecordType } from './record-type';

/** Change: `varuint target`, `string name`. */
export const ChangeCodec: PhysicalCodec<Change> = {
  type: RecordType.Change,
  write(w: ByteWriter, rec: Change): void {
    w.writeVarUint(rec.target);
    w.writeString(rec.name);
  },
  read(r: ByteReader, ppos: number): Change {
    const target = readRef(r, ppos, 'target');
    return { type: RecordType.Change, ppos, target, name: r.readString() };
  },
  relocate(rec: Change, ppos: number, reloc: Relocator): Change {
    const target = reloc.pos(rec.target);
    return rec.ppos === ppos && rec.target === target ? rec : { ...rec, ppos, target };
  },
};
