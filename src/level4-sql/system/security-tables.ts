/**
 * src/level4-sql/system/security-tables.ts — the system tables of users, roles and privileges: `Sys$User`,
 * `Sys$Role` and `Sys$Privilege` (Pyrrho's Sys$User, Sys$Role and Role$Privilege), defined as those of
 * system-tables.ts are.
 *
 * 1. No password or hash is ever shown: `Sys$User` says only whether a user has a password.
 * 2. `Sys$Privilege` has one row per privilege held (a table-level one with COLUMN_NAME null, a column one per
 *    column), so `where GRANTEE = 'FRED'` lists what FRED holds; roles granted are PRIVILEGE 'USAGE' on
 *    OBJECT_TYPE 'ROLE'. Privileges on objects that have since been dropped are not shown.
 * 3. Rows come from the running transaction's state, as every system table's (system-tables.ts invariant 2).
 */
import { BOOLEAN, CHAR, INTEGER, type SqlType } from '../../common/values/sql-type';
import type { Row } from '../../common/values/value';
import { PUBLIC_GRANTEE } from '../../level2-physical/physical';
import type { DatabaseState } from '../../level3-objects/database-state';
import { PRIVILEGE_NAMES, type Holding } from '../../level3-objects/security';
import { columnByDefpos } from '../../level3-objects/table';
import type { ExecContext } from '../context';
import { define } from './define';

export const SYS_USER = define(
  'Sys$User',
  [
    ['POS', INTEGER],
    ['NAME', CHAR],
    ['OWNER', BOOLEAN],
    ['HAS_PASSWORD', BOOLEAN],
    ['ROLES', CHAR],
  ],
  (ctx) => {
    const sec = ctx.tx.state.security;
    return [...sec.users.values()]
      .sort((a, b) => a.defpos - b.defpos)
      .map((u) => {
        const roles = [...sec.roles.values()].filter((r) => sec.hasRole(u.defpos, r.defpos)).map((r) => r.name);
        return [u.defpos, u.name, u.defpos === sec.owner, u.passwordHash !== '', roles.length === 0 ? null : roles.join(', ')];
      });
  },
);

export const SYS_ROLE = define(
  'Sys$Role',
  [
    ['POS', INTEGER],
    ['NAME', CHAR],
    ['DESCRIPTION', CHAR],
  ],
  (ctx) => [...ctx.tx.state.security.roles.values()].sort((a, b) => a.defpos - b.defpos).map((r) => [r.defpos, r.name, r.description]),
);

/** The object of a holding as (type, name), or null when it no longer exists (invariant 2). */
function objectOf(state: DatabaseState, h: Holding): [string, string] | null {
  if (h.object === -1) {
    const space = h.objectName.indexOf(' ');
    return [h.objectName.slice(0, space), h.objectName.slice(space + 1)];
  }
  const t = state.table(h.object);
  if (t !== undefined) return ['TABLE', t.name];
  const v = state.view(h.object);
  if (v !== undefined) return ['VIEW', v.name];
  const r = state.security.roles.get(h.object);
  return r !== undefined ? ['ROLE', r.name] : null;
}

function granteeOf(state: DatabaseState, grantee: number): [string, string] {
  if (grantee === PUBLIC_GRANTEE) return ['PUBLIC', 'PUBLIC'];
  const sec = state.security;
  const u = sec.users.get(grantee);
  if (u !== undefined) return ['USER', u.name];
  return ['ROLE', sec.roles.get(grantee)?.name ?? String(grantee)];
}

export const SYS_PRIVILEGE = define(
  'Sys$Privilege',
  [
    ['OBJECT_TYPE', CHAR],
    ['OBJECT_NAME', CHAR],
    ['COLUMN_NAME', CHAR],
    ['GRANTEE_TYPE', CHAR],
    ['GRANTEE', CHAR],
    ['PRIVILEGE', CHAR],
    ['GRANTABLE', BOOLEAN],
  ],
  (ctx) => {
    const state = ctx.tx.state;
    const out: Row[] = [];
    for (const h of state.security.holdings.values()) {
      const obj = objectOf(state, h);
      if (obj === null) continue;
      const [gtype, gname] = granteeOf(state, h.grantee);
      const table = h.object === -1 ? undefined : state.table(h.object);
      for (const [bit, name] of PRIVILEGE_NAMES) {
        if ((h.privileges & bit) !== 0) out.push([obj[0], obj[1], null, gtype, gname, name, (h.grantable & bit) !== 0]);
        for (const [c, cb] of h.columns) {
          const col = table === undefined ? undefined : columnByDefpos(table, c);
          if (col !== undefined && (cb.privileges & bit) !== 0) out.push([obj[0], obj[1], col.name, gtype, gname, name, (cb.grantable & bit) !== 0]);
        }
      }
    }
    return out;
  },
);
