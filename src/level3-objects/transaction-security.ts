/**
 * src/level3-objects/transaction-security.ts — the security operations of a `Transaction`: create user and
 * role, change a password, grant, revoke, drop a user or role.
 *
 * 1. Every check runs before the record is added (tx-work.ts invariant 1): a duplicate name is 42710, an
 *    unknown user, role or object 42704, dropping the owner 42501.
 * 2. Who may do these things is Level 4's question (the owner, or a holder of the grant option); Level 3
 *    checks only that the objects exist.
 * 3. Like DDL, they remember the names they create (two concurrent CREATE USER fred conflict), and a Grant or
 *    Revoke on a table or view counts as a write of it (security.ts, install-security.ts invariant 2).
 * 4. Passwords arrive already hashed (password-hash.ts): Level 3 never sees one.
 */
import { SqlError, SqlState } from '../common/errors';
import { PUBLIC_GRANTEE } from '../level2-physical/physical';
import { RecordType } from '../level2-physical/record-type';
import type { TxWork } from './tx-work';

/** A grant or revoke, as the transaction is given it (the fields of a Grant record). */
export interface GrantDef {
  readonly privileges: number;
  /** table, view or role defpos; -1 for a routine named by `objectName` */
  readonly object: number;
  readonly objectName: string;
  readonly columns: readonly number[];
  /** a user or role defpos, or PUBLIC_GRANTEE */
  readonly grantee: number;
  readonly grantOption: boolean;
}

export function createUser(w: TxWork, name: string, passwordHash: string): number {
  if (w.local.current.security.userNames.has(name)) throw SqlError.of(SqlState.DuplicateObject, [`user ${name}`]);
  const ppos = w.nextPosition();
  w.reads.addName(`user ${name}`);
  w.add({ type: RecordType.PUser, ppos, name, passwordHash });
  return ppos;
}

export function setPassword(w: TxWork, user: number, passwordHash: string): void {
  const u = w.local.current.security.users.get(user);
  if (u === undefined) throw SqlError.of(SqlState.UndefinedObject, [`user ${user}`]);
  w.reads.addName(`user ${u.name}`);
  w.add({ type: RecordType.Authenticate, ppos: w.nextPosition(), user, passwordHash });
}

export function createRole(w: TxWork, name: string, description: string): number {
  if (w.local.current.security.roleNames.has(name)) throw SqlError.of(SqlState.DuplicateObject, [`role ${name}`]);
  const ppos = w.nextPosition();
  w.reads.addName(`role ${name}`);
  w.add({ type: RecordType.PRole, ppos, name, description });
  return ppos;
}

function checkGrant(w: TxWork, def: GrantDef): void {
  const cur = w.local.current;
  const sec = cur.security;
  if (def.grantee !== PUBLIC_GRANTEE && !sec.users.has(def.grantee) && !sec.roles.has(def.grantee)) {
    throw SqlError.of(SqlState.UndefinedObject, [`user or role ${def.grantee}`]);
  }
  // a concurrent drop of the grantee or of a granted role conflicts (invariant 3)
  const name = (d: number): string | null => {
    const u = sec.users.get(d);
    if (u !== undefined) return `user ${u.name}`;
    const r = sec.roles.get(d);
    return r !== undefined ? `role ${r.name}` : null;
  };
  const grantee = name(def.grantee);
  if (grantee !== null) w.reads.addName(grantee);
  if (def.object === -1) return;
  const role = sec.roles.get(def.object);
  if (role !== undefined) return w.reads.addName(`role ${role.name}`);
  if (cur.tables.get(def.object) === undefined && cur.views.get(def.object) === undefined) {
    throw SqlError.of(SqlState.UndefinedObject, [`object ${def.object}`]);
  }
  for (const c of def.columns) {
    if (cur.owners.get(c) !== def.object) throw SqlError.of(SqlState.UndefinedColumn, [String(c)]);
  }
  w.reads.wroteTable(def.object);
}

export function grant(w: TxWork, def: GrantDef): void {
  checkGrant(w, def);
  w.add({ type: RecordType.Grant, ppos: w.nextPosition(), ...def, columns: [...def.columns] });
}

export function revoke(w: TxWork, def: GrantDef): void {
  checkGrant(w, def);
  w.add({ type: RecordType.Revoke, ppos: w.nextPosition(), ...def, columns: [...def.columns] });
}

/** Drops a user or role and every privilege granted to it (or, for a role, every grant of it). */
export function dropUserOrRole(w: TxWork, defpos: number): void {
  const sec = w.local.current.security;
  const user = sec.users.get(defpos);
  const role = sec.roles.get(defpos);
  if (user === undefined && role === undefined) throw SqlError.of(SqlState.UndefinedObject, [`user or role ${defpos}`]);
  if (defpos === sec.owner) throw SqlError.of(SqlState.InsufficientPrivilege, [`the owner ${user!.name} cannot be dropped`]);
  w.reads.addName(user !== undefined ? `user ${user.name}` : `role ${role!.name}`);
  w.add({ type: RecordType.Drop, ppos: w.nextPosition(), target: defpos });
}
