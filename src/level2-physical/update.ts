/**
 * src/level2-physical/update.ts — codec of Update (RecordType 5), which changes some fields of a row.
 * Layout: docs/file-format.md, "Update (5)".
 *
 * 1. Only the changed fields are stored (DESIGN.md, Level 2); `row` is the row's defpos (its Record) and
 *    `prev` the ppos of its latest version before this one (that Record or an earlier Update).
 * 2. A field of a document column updated with `$`-operators holds a `DocDelta`, the update template (value
 *    tag DocDelta), not the new document; Level 3 applies it when installing (physical.ts invariant 5).
 */
import type { ByteReader, ByteWriter } from '../common/values/bytes';
import type { Update } from './physical';
import { readRef, type PhysicalCodec, type Relocator } from './physical-codec';
import { RecordType } from './record-type';
import { readUpdateFields, writeFields } from './record';

/** Update: `varuint table`, `varuint row`, `varuint prev`, fields. */
export const UpdateCodec: PhysicalCodec<Update> = {
  type: RecordType.Update,
  write(w: ByteWriter, rec: Update): void {
    w.writeVarUint(rec.table);
    w.writeVarUint(rec.row);
    w.writeVarUint(rec.prev);
    writeFields(w, rec.columns, rec.values);
  },
  read(r: ByteReader, ppos: number): Update {
    const table = readRef(r, ppos, 'table');
    const row = readRef(r, ppos, 'row');
    const prev = readRef(r, ppos, 'previous version');
    const { columns, values } = readUpdateFields(r, ppos);
    return { type: RecordType.Update, ppos, table, row, prev, columns, values };
  },
  relocate(rec: Update, ppos: number, reloc: Relocator): Update {
    const table = reloc.pos(rec.table);
    const row = reloc.pos(rec.row);
    const prev = reloc.pos(rec.prev);
    const columns = reloc.columns(rec.columns);
    if (rec.ppos === ppos && rec.table === table && rec.row === row && rec.prev === prev && rec.columns === columns) {
      return rec;
    }
    return { type: RecordType.Update, ppos, table, row, prev, columns, values: rec.values };
  },
};
