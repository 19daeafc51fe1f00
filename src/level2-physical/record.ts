/**
 * src/level2-physical/record.ts — codec of Record (RecordType 4), which inserts a row, and the field list
 * that Update shares. Layout: docs/file-format.md, "Record (4)".
 *
 * 1. Fields are `varuint count`, then per field `varuint column` and a tagged value (value-codec.ts).
 * 2. This is the hot path of replay: decoding allocates the record, its field array and one pair per field,
 *    nothing else; relocation keeps the field array when no column is temporary.
 */
import type { ByteReader, ByteWriter } from '../common/values/bytes';
import { readValue, writeValue } from '../common/values/value-codec';
import type { Field, Record } from './physical';
import { readRef, type PhysicalCodec, type Relocator } from './physical-codec';
import { RecordType } from './record-type';

/** Writes `varuint count` then (column, value) pairs. */
export function writeFields(w: ByteWriter, fields: readonly Field[]): void {
  w.writeVarUint(fields.length);
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i]!;
    w.writeVarUint(f[0]);
    writeValue(w, f[1]);
  }
}

/** Reads a field list written by `writeFields` for the record at `ppos`. */
export function readFields(r: ByteReader, ppos: number): Field[] {
  const at = r.offset;
  const n = r.readVarUint();
  if (n * 2 > r.remaining) throw r.corrupt(`field count ${n} exceeds the bytes left`, at);
  const fields: Field[] = new Array<Field>(n);
  for (let i = 0; i < n; i++) {
    const column = readRef(r, ppos, 'column');
    fields[i] = [column, readValue(r)];
  }
  return fields;
}

/** The fields with their columns relocated; the same array when no column moves. */
export function relocateFields(fields: readonly Field[], reloc: Relocator): readonly Field[] {
  let out: Field[] | null = null;
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i]!;
    const column = reloc.pos(f[0]);
    if (column !== f[0] && out === null) out = fields.slice();
    if (out !== null) out[i] = column === f[0] ? f : [column, f[1]];
  }
  return out ?? fields;
}

/** Record: `varuint table`, fields. */
export const RecordCodec: PhysicalCodec<Record> = {
  type: RecordType.Record,
  write(w: ByteWriter, rec: Record): void {
    w.writeVarUint(rec.table);
    writeFields(w, rec.fields);
  },
  read(r: ByteReader, ppos: number): Record {
    const table = readRef(r, ppos, 'table');
    return { type: RecordType.Record, ppos, table, fields: readFields(r, ppos) };
  },
  relocate(rec: Record, ppos: number, reloc: Relocator): Record {
    const table = reloc.pos(rec.table);
    const fields = relocateFields(rec.fields, reloc);
    if (rec.ppos === ppos && rec.table === table && rec.fields === fields) return rec;
    return { type: RecordType.Record, ppos, table, fields };
  },
};
