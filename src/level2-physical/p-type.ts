/**
 * src/level2-physical/p-type.ts — codec of PType (RecordType 25, Pyrrho's number), which defines a structured
 * type (CREATE TYPE). Layout: docs/file-format.md, "PType (25)".
 *
 * 1. The fields are stored as names and types (a field of a structured type names it, `SqlType` kind TYPE), so
 *    Level 3 knows the representation without parsing; `sql` keeps the statement as written.
 * 2. `under` is the supertype (-1 for none); `uses` lists every structured type the definition refers to (the
 *    supertype and the types of fields), each a reference to an earlier record, so DROP TYPE … RESTRICT can
 *    refuse without parsing.
 * 3. Counts must fit in the bytes left (each field and each reference takes at least one byte).
 */
import type { ByteReader, ByteWriter } from '../common/values/bytes';
import { readSqlType, writeSqlType } from '../common/values/value-codec';
import type { PType, TypeField } from './physical';
import { readOptionalRef, readRef, type PhysicalCodec, type Relocator } from './physical-codec';
import { RecordType } from './record-type';

/** Reads a count that must fit in the bytes left (invariant 3). */
export function readCount(r: ByteReader, what: string): number {
  const at = r.offset;
  const n = r.readVarUint();
  if (n > r.remaining) throw r.corrupt(`${what} count ${n} exceeds the bytes left`, at);
  return n;
}

/** Writes `varuint n` + n × (`string name`, type). */
export function writeFields(w: ByteWriter, fields: readonly TypeField[]): void {
  w.writeVarUint(fields.length);
  for (const f of fields) {
    w.writeString(f.name);
    writeSqlType(w, f.dataType);
  }
}

/** Reads what `writeFields` wrote. */
export function readFields(r: ByteReader, what: string): TypeField[] {
  const n = readCount(r, what);
  const out: TypeField[] = [];
  for (let i = 0; i < n; i++) out.push({ name: r.readString(), dataType: readSqlType(r) });
  return out;
}

/** Writes `varuint m` + m × `varuint use`. */
export function writeUses(w: ByteWriter, uses: readonly number[]): void {
  w.writeVarUint(uses.length);
  for (const u of uses) w.writeVarUint(u);
}

/** Reads what `writeUses` wrote: references that precede `ppos`. */
export function readUses(r: ByteReader, ppos: number, what: string): number[] {
  const m = readCount(r, what);
  const uses: number[] = [];
  for (let i = 0; i < m; i++) uses.push(readRef(r, ppos, what));
  return uses;
}

/** PType: `string name`, `varint under`, fields, `string sql`, uses. */
export const PTypeCodec: PhysicalCodec<PType> = {
  type: RecordType.PType,
  write(w: ByteWriter, rec: PType): void {
    w.writeString(rec.name);
    w.writeVarInt(rec.under);
    writeFields(w, rec.fields);
    w.writeString(rec.sql);
    writeUses(w, rec.uses);
  },
  read(r: ByteReader, ppos: number): PType {
    const name = r.readString();
    const under = readOptionalRef(r, ppos, 'supertype');
    const fields = readFields(r, 'type field');
    const sql = r.readString();
    const uses = readUses(r, ppos, 'type dependency');
    return { type: RecordType.PType, ppos, name, under, fields, sql, uses };
  },
  relocate(rec: PType, ppos: number, reloc: Relocator): PType {
    const under = reloc.pos(rec.under);
    const uses = rec.uses.map((u) => reloc.pos(u));
    const same = rec.ppos === ppos && under === rec.under && uses.every((u, i) => u === rec.uses[i]);
    return same ? rec : { ...rec, ppos, under, uses };
  },
};
