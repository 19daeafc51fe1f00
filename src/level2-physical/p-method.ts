/**
 * src/level2-physical/p-method.ts — codec of PMethod (RecordType 26, Pyrrho's number): a method of a structured
 * type, declared in CREATE TYPE (no body) or defined by CREATE METHOD … FOR type (with its body).
 * Layout: docs/file-format.md, "PMethod (26)".
 *
 * 1. The signature (kind, name, parameters, result type) is stored as data, so Level 3 can list methods and
 *    tell overloads apart by parameter count without parsing; `sql` is the CREATE METHOD statement (empty for a
 *    declaration), which Level 4 parses again when the method is called (as views and routines are).
 * 2. `udType` is the type the method belongs to; `uses` lists the other structured types the signature names;
 *    `replaces` (-1 for none) is the declaration this definition gives a body to.
 */
import type { ByteReader, ByteWriter } from '../common/values/bytes';
import { readSqlType, writeSqlType } from '../common/values/value-codec';
import { MethodKind, type PMethod } from './physical';
import { readOptionalRef, readRef, type PhysicalCodec, type Relocator } from './physical-codec';
import { readFields, readUses, writeFields, writeUses } from './p-type';
import { RecordType } from './record-type';

/** PMethod: `varuint udType`, `string name`, `u8 kind`, parameters as fields, `u8 hasResult` [+ type],
 *  `string sql`, uses, `varint replaces`. */
export const PMethodCodec: PhysicalCodec<PMethod> = {
  type: RecordType.PMethod,
  write(w: ByteWriter, rec: PMethod): void {
    w.writeVarUint(rec.udType);
    w.writeString(rec.name);
    w.writeU8(rec.methodKind);
    writeFields(w, rec.params);
    w.writeU8(rec.returns === null ? 0 : 1);
    if (rec.returns !== null) writeSqlType(w, rec.returns);
    w.writeString(rec.sql);
    writeUses(w, rec.uses);
    w.writeVarInt(rec.replaces);
  },
  read(r: ByteReader, ppos: number): PMethod {
    const udType = readRef(r, ppos, 'method type');
    const name = r.readString();
    const at = r.offset;
    const methodKind = r.readU8();
    if (MethodKind[methodKind] === undefined) throw r.corrupt(`unknown method kind ${methodKind}`, at);
    const params = readFields(r, 'method parameter');
    const flagAt = r.offset;
    const hasResult = r.readU8();
    if (hasResult > 1) throw r.corrupt(`bad result flag ${hasResult}`, flagAt);
    const returns = hasResult === 1 ? readSqlType(r) : null;
    const sql = r.readString();
    const uses = readUses(r, ppos, 'method dependency');
    const replaces = readOptionalRef(r, ppos, 'declared method');
    return { type: RecordType.PMethod, ppos, udType, name, methodKind: methodKind as MethodKind, params, returns, sql, uses, replaces };
  },
  relocate(rec: PMethod, ppos: number, reloc: Relocator): PMethod {
    const udType = reloc.pos(rec.udType);
    const uses = rec.uses.map((u) => reloc.pos(u));
    const replaces = reloc.pos(rec.replaces);
    const same = rec.ppos === ppos && udType === rec.udType && replaces === rec.replaces && uses.every((u, i) => u === rec.uses[i]);
    return same ? rec : { ...rec, ppos, udType, uses, replaces };
  },
};
