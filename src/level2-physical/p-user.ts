/**
 * src/level2-physical/p-user.ts — codecs of PUser (RecordType 19), PRole (23) and Authenticate (60), Pyrrho's
 * numbers: users, roles and password changes. Layouts: docs/file-format.md, "PUser (19)", "PRole (23)",
 * "Authenticate (60)".
 *
 * 1. A password is stored only as its scrypt hash string (salt and parameters inside it); '' means none.
 * 2. Authenticate refers to an earlier PUser.
 */
import type { ByteReader, ByteWriter } from '../common/values/bytes';
import type { Authenticate, PRole, PUser } from './physical';
import { readRef, type PhysicalCodec, type Relocator } from './physical-codec';
import { RecordType } from './record-type';

/** PUser: `string name`, `string passwordHash`. */
export const PUserCodec: PhysicalCodec<PUser> = {
  type: RecordType.PUser,
  write(w: ByteWriter, rec: PUser): void {
    w.writeString(rec.name);
    w.writeString(rec.passwordHash);
  },
  read(r: ByteReader, ppos: number): PUser {
    const name = r.readString();
    return { type: RecordType.PUser, ppos, name, passwordHash: r.readString() };
  },
  relocate(rec: PUser, ppos: number, _reloc: Relocator): PUser {
    return rec.ppos === ppos ? rec : { ...rec, ppos };
  },
};

/** PRole: `string name`, `string description`. */
export const PRoleCodec: PhysicalCodec<PRole> = {
  type: RecordType.PRole,
  write(w: ByteWriter, rec: PRole): void {
    w.writeString(rec.name);
    w.writeString(rec.description);
  },
  read(r: ByteReader, ppos: number): PRole {
    const name = r.readString();
    return { type: RecordType.PRole, ppos, name, description: r.readString() };
  },
  relocate(rec: PRole, ppos: number, _reloc: Relocator): PRole {
    return rec.ppos === ppos ? rec : { ...rec, ppos };
  },
};

/** Authenticate: `varuint user`, `string passwordHash`. */
export const AuthenticateCodec: PhysicalCodec<Authenticate> = {
  type: RecordType.Authenticate,
  write(w: ByteWriter, rec: Authenticate): void {
    w.writeVarUint(rec.user);
    w.writeString(rec.passwordHash);
  },
  read(r: ByteReader, ppos: number): Authenticate {
    const user = readRef(r, ppos, 'user');
    return { type: RecordType.Authenticate, ppos, user, passwordHash: r.readString() };
  },
  relocate(rec: Authenticate, ppos: number, reloc: Relocator): Authenticate {
    const user = reloc.pos(rec.user);
    return rec.ppos === ppos && user === rec.user ? rec : { ...rec, ppos, user };
  },
};
