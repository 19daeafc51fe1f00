/**
 * src/level2-physical/grant.ts — codecs of Grant (RecordType 21) and Revoke (22), Pyrrho's numbers: privileges
 * on a table, view or routine, or a role, given to or taken from a user, a role or PUBLIC. Layout:
 * docs/file-format.md, "Grant (21) and Revoke (22)".
 *
 * 1. `object` and `grantee` are varints: -1 means a routine named by `objectName` (routines may not be in the
 *    catalog yet) and PUBLIC respectively; any other value refers to an earlier record.
 * 2. Unknown privilege bits or flags are corruption (a newer file read by an older reader).
 * 3. The column count must fit in the bytes left (each reference takes at least one byte).
 */
import type { ByteReader, ByteWriter } from '../common/values/bytes';
import type { GrantFields, Grant, Revoke } from './physical';
import { readOptionalRef, readRef, type PhysicalCodec, type Relocator } from './physical-codec';
import { RecordType } from './record-type';

/** Every privilege bit a file may hold (level3 security.ts `Privilege`). */
const KNOWN_PRIVILEGES = 0x7f;

function writeFields(w: ByteWriter, rec: GrantFields): void {
  w.writeVarUint(rec.privileges);
  w.writeVarInt(rec.object);
  w.writeString(rec.objectName);
  w.writeVarUint(rec.columns.length);
  for (const c of rec.columns) w.writeVarUint(c);
  w.writeVarInt(rec.grantee);
  w.writeU8(rec.grantOption ? 1 : 0);
}

function readFields(r: ByteReader, ppos: number): Omit<GrantFields, 'ppos'> {
  let at = r.offset;
  const privileges = r.readVarUint();
  if ((privileges & ~KNOWN_PRIVILEGES) !== 0) throw r.corrupt(`unknown privilege bits ${privileges}`, at);
  const object = readOptionalRef(r, ppos, 'granted object');
  const objectName = r.readString();
  at = r.offset;
  const n = r.readVarUint();
  if (n > r.remaining) throw r.corrupt(`grant column count ${n} exceeds the bytes left`, at);
  const columns: number[] = [];
  for (let i = 0; i < n; i++) columns.push(readRef(r, ppos, 'granted column'));
  const grantee = readOptionalRef(r, ppos, 'grantee');
  at = r.offset;
  const flags = r.readU8();
  if (flags > 1) throw r.corrupt(`unknown grant flags ${flags}`, at);
  return { privileges, object, objectName, columns, grantee, grantOption: flags === 1 };
}

function relocateFields<T extends GrantFields>(rec: T, ppos: number, reloc: Relocator): T {
  const object = reloc.pos(rec.object);
  const grantee = reloc.pos(rec.grantee);
  const columns = rec.columns.map((c) => reloc.pos(c));
  const same = rec.ppos === ppos && object === rec.object && grantee === rec.grantee && columns.every((c, i) => c === rec.columns[i]);
  return same ? rec : { ...rec, ppos, object, grantee, columns };
}

/** Grant: `varuint privileges`, `varint object`, `string objectName`, `varuint n` + n × `varuint column`,
 *  `varint grantee`, `u8 flags` (bit 0: WITH GRANT OPTION). */
export const GrantCodec: PhysicalCodec<Grant> = {
  type: RecordType.Grant,
  write: writeFields,
  read: (r, ppos) => ({ type: RecordType.Grant, ppos, ...readFields(r, ppos) }),
  relocate: relocateFields,
};

/** Revoke: as Grant (flag bit 0: GRANT OPTION FOR). */
export const RevokeCodec: PhysicalCodec<Revoke> = {
  type: RecordType.Revoke,
  write: writeFields,
  read: (r, ppos) => ({ type: RecordType.Revoke, ppos, ...readFields(r, ppos) }),
  relocate: relocateFields,
};
