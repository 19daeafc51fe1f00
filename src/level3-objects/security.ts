/**
 * src/level3-objects/security.ts — `Security`, the users, roles and privileges of a snapshot (Pyrrho's User,
 * Role and the privileges its roles hold), and the question every statement asks of it: may this user, in
 * this role, do this?
 *
 * 1. Immutable: installers (install-security.ts) make a new `Security` with changed maps; DDL of this kind is
 *    rare and the maps are small, so copying them is the clear choice.
 * 2. Names are already case-folded (identifier rules); a login name matches its own spelling first, else its
 *    upper-case form (`userByLogin`).
 * 3. The owner is the user of the first PUser installed. While a database has no users, everyone is the
 *    owner (`isOwner` with no users is true for anyone), so databases without users behave as before.
 *    The owner holds every privilege and may do all DDL; it cannot be dropped.
 * 4. A holding is what one grantee (user, role or PUBLIC) holds on one object (table, view, role, or a
 *    routine by name): table-level privilege bits, per-column bits, and the bits it may grant on. A role
 *    granted to a grantee is the Usage bit on the role.
 * 5. The privileges in force for a statement are those of the user, of PUBLIC, and of the role in force
 *    (`roleInForce`): the role set by SET ROLE, else the one role granted to the user when there is exactly
 *    one (Pyrrho's rule), else none.
 * 6. A privilege on a table is held for the whole table (table-level bit) or column by column; a statement
 *    that needs it on columns needs it on each of them, and one that names no column needs the table-level
 *    bit or the bit on at least one column.
 */
import { PUBLIC_GRANTEE } from '../level2-physical/physical';

/** Privilege bits, as stored in Grant and Revoke records: never renumber. */
export enum Privilege {
  Select = 1,
  Insert = 2,
  Update = 4,
  Delete = 8,
  References = 16,
  Execute = 32,
  Usage = 64,
}

/** The privileges on a table or view (ALL PRIVILEGES). */
export const TABLE_PRIVILEGES = Privilege.Select | Privilege.Insert | Privilege.Update | Privilege.Delete | Privilege.References;

/** The SQL names of the privilege bits, in the order statements list them. */
export const PRIVILEGE_NAMES: readonly (readonly [Privilege, string])[] = [
  [Privilege.Select, 'SELECT'],
  [Privilege.Insert, 'INSERT'],
  [Privilege.Update, 'UPDATE'],
  [Privilege.Delete, 'DELETE'],
  [Privilege.References, 'REFERENCES'],
  [Privilege.Execute, 'EXECUTE'],
  [Privilege.Usage, 'USAGE'],
];

/** The names of the bits set in `bits`, comma-separated. */
export function privilegeText(bits: number): string {
  return PRIVILEGE_NAMES.filter(([b]) => (bits & b) !== 0)
    .map(([, n]) => n)
    .join(', ');
}

/** A user. */
export interface User {
  readonly defpos: number;
  readonly name: string;
  /** scrypt hash (password-hash.ts), '' for none */
  readonly passwordHash: string;
}

/** A role. */
export interface Role {
  readonly defpos: number;
  readonly name: string;
  readonly description: string;
}

/** Column-level bits of a holding. */
export interface ColumnBits {
  readonly privileges: number;
  readonly grantable: number;
}

/** What one grantee holds on one object (invariant 4). */
export interface Holding {
  readonly grantee: number;
  /** table, view or role defpos; -1 for a routine named by `objectName` */
  readonly object: number;
  readonly objectName: string;
  readonly privileges: number;
  readonly grantable: number;
  readonly columns: ReadonlyMap<number, ColumnBits>;
}

/** The key of a holding in `Security.holdings`. */
export function holdingKey(grantee: number, object: number, objectName: string): string {
  return object === -1 ? `${grantee}|${objectName}` : `${grantee}|${object}`;
}

/** One thing a statement needs: `privilege` on `object` (for `columns`, when it reads or writes some). */
export interface AccessNeed {
  readonly privilege: Privilege;
  /** table, view or role defpos; -1 for a routine named by `objectName` */
  readonly object: number;
  readonly objectName: string;
  /** column defposes, parallel to `columnNames`; empty when the statement names no column */
  readonly columns: readonly number[];
  readonly columnNames: readonly string[];
  /** what to call the object in a message: `table T` */
  readonly what: string;
}

/** The users, roles and privileges of a snapshot (see the file header). */
export class Security {
  static readonly EMPTY = new Security(new Map(), new Map(), new Map(), new Map(), new Map(), -1);

  constructor(
    readonly users: ReadonlyMap<number, User>,
    readonly userNames: ReadonlyMap<string, number>,
    readonly roles: ReadonlyMap<number, Role>,
    readonly roleNames: ReadonlyMap<string, number>,
    readonly holdings: ReadonlyMap<string, Holding>,
    /** defpos of the owner (invariant 3), -1 while there are no users */
    readonly owner: number,
  ) {}

  /** True once a user has been created. */
  get hasUsers(): boolean {
    return this.owner !== -1;
  }

  userByName(name: string): User | undefined {
    const d = this.userNames.get(name);
    return d === undefined ? undefined : this.users.get(d);
  }

  /** The user a login name means: its own spelling, else its upper-case form (invariant 2). */
  userByLogin(login: string): User | undefined {
    return this.userByName(login) ?? this.userByName(login.toUpperCase());
  }

  roleByName(name: string): Role | undefined {
    const d = this.roleNames.get(name);
    return d === undefined ? undefined : this.roles.get(d);
  }

  /** True when the user named `name` is the owner, or there are no users (invariant 3). */
  isOwner(name: string): boolean {
    if (this.owner === -1) return true;
    return this.userNames.get(name) === this.owner;
  }

  holding(grantee: number, object: number, objectName: string): Holding | undefined {
    return this.holdings.get(holdingKey(grantee, object, objectName));
  }

  /** True when `grantee` (a user or PUBLIC) has been granted role `role`. */
  hasRole(grantee: number, role: number): boolean {
    const h = this.holding(grantee, role, '');
    return h !== undefined && (h.privileges & Privilege.Usage) !== 0;
  }

  /** True when the user may take role `role` (granted to the user or to PUBLIC). */
  mayUseRole(user: string, role: number): boolean {
    if (this.isOwner(user)) return true;
    const u = this.userNames.get(user);
    return (u !== undefined && this.hasRole(u, role)) || this.hasRole(PUBLIC_GRANTEE, role);
  }

  /** The role in force (invariant 5): `chosen` when it is still usable, else the user's only role; or null. */
  roleInForce(user: string, chosen: string | null): Role | null {
    if (chosen !== null) {
      const r = this.roleByName(chosen);
      return r !== undefined && this.mayUseRole(user, r.defpos) ? r : null;
    }
    const u = this.userNames.get(user);
    if (u === undefined) return null;
    let only: Role | null = null;
    for (const r of this.roles.values()) {
      if (!this.hasRole(u, r.defpos)) continue;
      if (only !== null) return null;
      only = r;
    }
    return only;
  }

  /** The grantees whose privileges a user has in a role (invariant 5). */
  authorizationIds(user: string, role: Role | null): number[] {
    const ids = [PUBLIC_GRANTEE];
    const u = this.userNames.get(user);
    if (u !== undefined) ids.push(u);
    if (role !== null) ids.push(role.defpos);
    return ids;
  }

  /**
   * The first column of `need` (or the object itself) that `ids` lack the privilege on, as a message
   * argument, or null when every part is allowed (invariant 6). `grantable`: the grant option is needed too.
   */
  denied(ids: readonly number[], need: AccessNeed, grantable = false): string | null {
    const bit = need.privilege;
    const holdings: Holding[] = [];
    for (const id of ids) {
      const h = this.holding(id, need.object, need.objectName);
      if (h === undefined) continue;
      if (((grantable ? h.grantable : h.privileges) & bit) !== 0) return null;
      holdings.push(h);
    }
    const onColumn = (c: number): boolean =>
      holdings.some((h) => {
        const cb = h.columns.get(c);
        return cb !== undefined && ((grantable ? cb.grantable : cb.privileges) & bit) !== 0;
      });
    const verb = PRIVILEGE_NAMES.find(([b]) => b === bit)?.[1] ?? String(bit);
    // with the privilege on no column at all, the object is what is missing
    const any = holdings.some((h) => [...h.columns.values()].some((cb) => ((grantable ? cb.grantable : cb.privileges) & bit) !== 0));
    if (!any) return `${verb} on ${need.what}`;
    if (need.columns.length === 0) return null;
    for (let i = 0; i < need.columns.length; i++) {
      if (!onColumn(need.columns[i]!)) return `${verb} on column ${need.columnNames[i]} of ${need.what}`;
    }
    return null;
  }
}
