/**
 * src/level3-objects/install-security.ts — the installers of PUser, PRole, Authenticate, Grant and Revoke, and
 * of a Drop whose target is a user or role; used by the tables in `install.ts` and `install-schema.ts`.
 *
 * 1. Each makes a new `Security` (security.ts invariant 1) and bumps `schemaVersion`, so plans and the
 *    sessions' cached privilege answers are made again after any change (a REVOKE takes effect on the next
 *    statement of every connection).
 * 2. Effects: a new user or role names `user NAME` / `role NAME` (two concurrent creations conflict); a
 *    Grant or Revoke on a table or view names that table, so it conflicts like DDL with any transaction
 *    that used the table; a Drop of a user or role, and role grants, name `user NAME` / `role NAME` too.
 * 3. The first PUser names the owner (security.ts invariant 3).
 * 4. Revoke without columns takes the bits away from the table and from every column; with columns, from
 *    those columns. With the grant option flag it takes away only the right to grant them.
 */
import { assert } from '../common/assert';
import type { Authenticate, Grant, PRole, PUser, Revoke } from '../level2-physical/physical';
import { holdingKey, Security, type ColumnBits, type Holding, type User } from './security';
import type { StateBuilder } from './state-builder';

function replace(b: StateBuilder, sec: Security, tables: readonly number[], names: readonly string[]): void {
  b.catalog.security = sec;
  b.schemaChanged();
  b.effect({ kind: 'Schema', tables, names });
}

function withUsers(s: Security, users: Map<number, User>, userNames: Map<string, number>, owner = s.owner): Security {
  return new Security(users, userNames, s.roles, s.roleNames, s.holdings, owner);
}

export function installUser(b: StateBuilder, rec: PUser): void {
  const s = b.current.security;
  assert(!s.userNames.has(rec.name), `user name ${rec.name} is already taken`);
  const users = new Map(s.users).set(rec.ppos, { defpos: rec.ppos, name: rec.name, passwordHash: rec.passwordHash });
  const names = new Map(s.userNames).set(rec.name, rec.ppos);
  replace(b, withUsers(s, users, names, s.owner === -1 ? rec.ppos : s.owner), [], [`user ${rec.name}`]);
}

export function installAuthenticate(b: StateBuilder, rec: Authenticate): void {
  const s = b.current.security;
  const u = s.users.get(rec.user);
  assert(u !== undefined, `Authenticate names unknown user ${rec.user}`);
  const users = new Map(s.users).set(u.defpos, { ...u, passwordHash: rec.passwordHash });
  replace(b, withUsers(s, users, new Map(s.userNames)), [], [`user ${u.name}`]);
}

export function installRole(b: StateBuilder, rec: PRole): void {
  const s = b.current.security;
  assert(!s.roleNames.has(rec.name), `role name ${rec.name} is already taken`);
  const roles = new Map(s.roles).set(rec.ppos, { defpos: rec.ppos, name: rec.name, description: rec.description });
  const names = new Map(s.roleNames).set(rec.name, rec.ppos);
  replace(b, new Security(s.users, s.userNames, roles, names, s.holdings, s.owner), [], [`role ${rec.name}`]);
}

/** The effect of a Grant or Revoke (invariant 2). */
function grantEffect(b: StateBuilder, s: Security, rec: Grant | Revoke): { tables: number[]; names: string[] } {
  const role = s.roles.get(rec.object);
  if (role !== undefined) return { tables: [], names: [`role ${role.name}`] };
  if (rec.object === -1) return { tables: [], names: [] };
  const cur = b.current;
  assert(cur.tables.get(rec.object) !== undefined || cur.views.get(rec.object) !== undefined, `Grant names unknown object ${rec.object}`);
  return { tables: [rec.object], names: [] };
}

function putHolding(s: Security, h: Holding): Security {
  const holdings = new Map(s.holdings);
  const key = holdingKey(h.grantee, h.object, h.objectName);
  if (h.privileges === 0 && h.grantable === 0 && h.columns.size === 0) holdings.delete(key);
  else holdings.set(key, h);
  return new Security(s.users, s.userNames, s.roles, s.roleNames, holdings, s.owner);
}

function emptyHolding(rec: Grant | Revoke): Holding {
  return { grantee: rec.grantee, object: rec.object, objectName: rec.objectName, privileges: 0, grantable: 0, columns: new Map() };
}

export function installGrant(b: StateBuilder, rec: Grant): void {
  const s = b.current.security;
  const old = s.holding(rec.grantee, rec.object, rec.objectName) ?? emptyHolding(rec);
  const option = rec.grantOption ? rec.privileges : 0;
  let h: Holding;
  if (rec.columns.length === 0) h = { ...old, privileges: old.privileges | rec.privileges, grantable: old.grantable | option };
  else {
    const columns = new Map(old.columns);
    for (const c of rec.columns) {
      const cb = columns.get(c) ?? { privileges: 0, grantable: 0 };
      columns.set(c, { privileges: cb.privileges | rec.privileges, grantable: cb.grantable | option });
    }
    h = { ...old, columns };
  }
  const { tables, names } = grantEffect(b, s, rec);
  replace(b, putHolding(s, h), tables, names);
}

export function installRevoke(b: StateBuilder, rec: Revoke): void {
  const s = b.current.security;
  const old = s.holding(rec.grantee, rec.object, rec.objectName) ?? emptyHolding(rec);
  const bits = rec.privileges;
  const take = (cb: ColumnBits): ColumnBits =>
    rec.grantOption ? { privileges: cb.privileges, grantable: cb.grantable & ~bits } : { privileges: cb.privileges & ~bits, grantable: cb.grantable & ~bits };
  const columns = new Map<number, ColumnBits>();
  for (const [c, cb] of old.columns) {
    const next = rec.columns.length === 0 || rec.columns.includes(c) ? take(cb) : cb;
    if (next.privileges !== 0 || next.grantable !== 0) columns.set(c, next);
  }
  const table = rec.columns.length === 0 ? take(old) : old;
  const h: Holding = { ...old, privileges: table.privileges, grantable: table.grantable, columns };
  const { tables, names } = grantEffect(b, s, rec);
  replace(b, putHolding(s, h), tables, names);
}

/** Installs a Drop of a user or role; false when `target` is neither (the Drop is the schema's). */
export function dropSecurityObject(b: StateBuilder, target: number): boolean {
  const s = b.current.security;
  const user = s.users.get(target);
  const role = s.roles.get(target);
  if (user === undefined && role === undefined) return false;
  assert(target !== s.owner, 'the owner cannot be dropped');
  const holdings = new Map<string, Holding>();
  for (const [k, h] of s.holdings) if (h.grantee !== target && h.object !== target) holdings.set(k, h);
  if (user !== undefined) {
    const users = new Map(s.users);
    users.delete(target);
    const names = new Map(s.userNames);
    names.delete(user.name);
    replace(b, new Security(users, names, s.roles, s.roleNames, holdings, s.owner), [], [`user ${user.name}`]);
  } else {
    const roles = new Map(s.roles);
    roles.delete(target);
    const names = new Map(s.roleNames);
    names.delete(role!.name);
    replace(b, new Security(s.users, s.userNames, roles, names, holdings, s.owner), [], [`role ${role!.name}`]);
  }
  return true;
}
