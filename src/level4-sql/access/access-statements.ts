/**
 * src/level4-sql/access/access-statements.ts — running CREATE/ALTER/DROP USER, CREATE/DROP ROLE, GRANT and
 * REVOKE in the statement's transaction (the records are Level 3's: transaction-security.ts).
 *
 * 1. Passwords are hashed here (level3 password-hash.ts) before anything else sees them.
 * 2. The owner: the first CREATE USER of a database with no users makes the session's user the owner — the
 *    new user itself when it is the session's login (`CREATE USER fred …` run as fred), else a user named
 *    by the login's upper-case form, without a password, written first (level3 security.ts invariant 3).
 * 3. GRANT and REVOKE of privileges: the owner may grant anything; another user needs the grant option on
 *    every privilege granted (42501). Roles are granted and revoked by the owner. A malformed grant (a role
 *    list with ON, a privilege that does not fit the object, columns of a view, a grant with no ON that names
 *    a privilege) is 0LP01. Unknown users and roles are 42704, unknown tables 42P01, columns 42703.
 * 4. EXECUTE ON FUNCTION/PROCEDURE name is recorded by name (`FUNCTION NAME`), whether or not the routine is
 *    defined yet; the routine planner checks calls through access-recorder.ts `noteRoutineCall`.
 */
import { SqlError, SqlState } from '../../common/errors';
import { PUBLIC_GRANTEE } from '../../level2-physical/physical';
import { hashPassword } from '../../level3-objects/password-hash';
import { Privilege, TABLE_PRIVILEGES, type AccessNeed } from '../../level3-objects/security';
import { columnByName } from '../../level3-objects/table';
import type { GrantDef } from '../../level3-objects/transaction-security';
import type { AlterUser, CreateRole, CreateUser, DropPrincipal, GrantItem, GrantStatement, Grantee } from '../parse';
import type { ExecContext } from '../context';
import type { AuthInfo } from './auth';

const KEYWORD_BITS: ReadonlyMap<string, Privilege> = new Map([
  ['SELECT', Privilege.Select],
  ['INSERT', Privilege.Insert],
  ['UPDATE', Privilege.Update],
  ['DELETE', Privilege.Delete],
  ['REFERENCES', Privilege.References],
]);

function invalid(message: string, position: number): SqlError {
  return SqlError.of(SqlState.InvalidGrantOperation, [message], { position });
}

function isOwner(ctx: ExecContext): boolean {
  return ctx.auth === null || ctx.auth.owner;
}

/** The session's login, upper-cased unless it was written with other characters (invariant 2). */
function ownerName(auth: AuthInfo | null): string {
  return (auth?.login ?? 'OWNER').toUpperCase();
}

export function createUser(ctx: ExecContext, stmt: CreateUser): void {
  const tx = ctx.tx;
  const sec = tx.state.security;
  const login = ctx.auth?.login ?? null;
  if (!sec.hasUsers && login !== stmt.name && login?.toUpperCase() !== stmt.name) {
    const owner = ownerName(ctx.auth);
    if (owner !== stmt.name) tx.createUser(owner, '');
  }
  tx.createUser(stmt.name, hashPassword(stmt.password));
}

export function alterUser(ctx: ExecContext, stmt: AlterUser): void {
  const u = ctx.tx.state.security.userByName(stmt.name);
  if (u === undefined) throw SqlError.of(SqlState.UndefinedObject, [`user ${stmt.name}`], { position: stmt.position });
  if (!isOwner(ctx) && ctx.auth!.user !== u.name) {
    throw SqlError.of(SqlState.InsufficientPrivilege, [`ALTER USER ${u.name}`], { position: stmt.position, detail: 'Users may change only their own password.' });
  }
  ctx.tx.setPassword(u.defpos, hashPassword(stmt.password));
}

export function createRole(ctx: ExecContext, stmt: CreateRole): void {
  ctx.tx.createRole(stmt.name, stmt.description);
}

export function dropPrincipal(ctx: ExecContext, stmt: DropPrincipal): void {
  const sec = ctx.tx.state.security;
  const p = stmt.what === 'USER' ? sec.userByName(stmt.name) : sec.roleByName(stmt.name);
  if (p === undefined) throw SqlError.of(SqlState.UndefinedObject, [`${stmt.what.toLowerCase()} ${stmt.name}`], { position: stmt.position });
  ctx.tx.dropUserOrRole(p.defpos);
}

function granteeOf(ctx: ExecContext, g: Grantee): number {
  if (g.kind === 'PUBLIC') return PUBLIC_GRANTEE;
  const sec = ctx.tx.state.security;
  const u = g.kind === 'ROLE' ? undefined : sec.userByName(g.name);
  if (u !== undefined) return u.defpos;
  const r = g.kind === 'USER' ? undefined : sec.roleByName(g.name);
  if (r !== undefined) return r.defpos;
  const what = g.kind === 'USER' ? 'user' : g.kind === 'ROLE' ? 'role' : 'user or role';
  throw SqlError.of(SqlState.UndefinedObject, [`${what} ${g.name}`], { position: g.position });
}

/** The grants (one per distinct column list) a GRANT/REVOKE of privileges on an object makes (invariant 3). */
function privilegeGrants(ctx: ExecContext, stmt: GrantStatement): { defs: Omit<GrantDef, 'grantee'>[]; needs: AccessNeed[] } {
  const on = stmt.on!;
  const state = ctx.tx.state;
  const routine = on.objectKind === 'FUNCTION' || on.objectKind === 'PROCEDURE';
  const items: GrantItem[] = stmt.items ?? [{ word: routine ? 'EXECUTE' : 'ALL', keyword: false, columns: null, position: on.position }];
  if (routine) {
    for (const i of items) if (i.word !== 'EXECUTE') throw invalid(`${i.word} on ${on.objectKind!.toLowerCase()} ${on.name}`, i.position);
    const objectName = `${on.objectKind} ${on.name}`;
    const what = `${on.objectKind!.toLowerCase()} ${on.name}`;
    const need: AccessNeed = { privilege: Privilege.Execute, object: -1, objectName, columns: [], columnNames: [], what };
    return { defs: [{ privileges: Privilege.Execute, object: -1, objectName, columns: [], grantOption: stmt.grantOption }], needs: [need] };
  }
  const table = state.tableByName(on.name);
  const view = table === undefined ? state.viewByName(on.name) : undefined;
  if (table === undefined && view === undefined) throw SqlError.of(SqlState.UndefinedTable, [on.name], { position: on.position });
  const object = (table ?? view)!.defpos;
  const what = table !== undefined ? `table ${table.name}` : `view ${view!.name}`;
  const byColumns = new Map<string, { privileges: number; columns: number[]; names: string[] }>();
  for (const i of items) {
    const bit = i.keyword ? KEYWORD_BITS.get(i.word) : i.word === 'ALL' && stmt.items === null ? TABLE_PRIVILEGES : undefined;
    if (bit === undefined) throw invalid(`${i.word} on ${what}`, i.position);
    const columns: number[] = [];
    const names: string[] = [];
    for (const n of i.columns ?? []) {
      if (table === undefined) throw invalid(`column privileges on ${what}`, i.position);
      const c = columnByName(table, n);
      if (c === undefined) throw SqlError.of(SqlState.UndefinedColumn, [n], { position: i.position });
      columns.push(c.defpos);
      names.push(c.name);
    }
    const key = columns.join(',');
    const entry = byColumns.get(key) ?? { privileges: 0, columns, names };
    entry.privileges |= bit;
    byColumns.set(key, entry);
  }
  const defs: Omit<GrantDef, 'grantee'>[] = [];
  const needs: AccessNeed[] = [];
  for (const e of byColumns.values()) {
    defs.push({ privileges: e.privileges, object, objectName: '', columns: e.columns, grantOption: stmt.grantOption });
    for (let b = 1; b <= e.privileges; b <<= 1) {
      if ((e.privileges & b) !== 0) needs.push({ privilege: b as Privilege, object, objectName: '', columns: e.columns, columnNames: e.names, what });
    }
  }
  return { defs, needs };
}

/** The grants a GRANT/REVOKE of roles makes (no ON): every item must be a role. */
function roleGrants(ctx: ExecContext, stmt: GrantStatement): Omit<GrantDef, 'grantee'>[] {
  if (stmt.items === null) throw invalid('ALL PRIVILEGES without ON', stmt.position);
  const sec = ctx.tx.state.security;
  return stmt.items.map((i) => {
    if (i.keyword || i.columns !== null) throw invalid(`${i.word} without ON`, i.position);
    const r = sec.roleByName(i.word);
    if (r === undefined) throw SqlError.of(SqlState.UndefinedObject, [`role ${i.word}`], { position: i.position });
    return { privileges: Privilege.Usage, object: r.defpos, objectName: '', columns: [], grantOption: false };
  });
}

/** GRANT or REVOKE (invariants 3, 4). */
export function grantOrRevoke(ctx: ExecContext, stmt: GrantStatement): void {
  let defs: Omit<GrantDef, 'grantee'>[];
  if (stmt.on === null) {
    defs = roleGrants(ctx, stmt);
    if (stmt.grantOption && stmt.kind === 'Grant') throw invalid('WITH GRANT OPTION on a role', stmt.position);
    if (!isOwner(ctx)) throw SqlError.of(SqlState.InsufficientPrivilege, [`${stmt.kind.toUpperCase()} of a role`], { position: stmt.position, detail: 'Only the owner grants and revokes roles.' });
  } else {
    const made = privilegeGrants(ctx, stmt);
    defs = made.defs;
    if (!isOwner(ctx)) {
      const auth = ctx.auth!;
      const sec = ctx.tx.state.security;
      for (const need of made.needs) {
        const denied = sec.denied(auth.ids, need, true);
        if (denied !== null) throw SqlError.of(SqlState.InsufficientPrivilege, [`grant option for ${denied}`], { position: stmt.position });
      }
    }
  }
  const grantees = stmt.grantees.map((g) => granteeOf(ctx, g));
  for (const grantee of grantees) {
    for (const d of defs) {
      if (stmt.kind === 'Grant') ctx.tx.grant({ ...d, grantee });
      else ctx.tx.revoke({ ...d, grantee });
    }
  }
}
