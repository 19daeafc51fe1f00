/**
 * src/level4-sql/access/auth.ts — who a connection is: authenticating a login against a database, and the
 * user, role and privileges a session's statements run with.
 *
 * 1. A login with a password is checked against the user's scrypt hash; an unknown user, a user without a
 *    password and a wrong password all fail alike with 28P01, after the same amount of work (no hint which).
 * 2. While a database has no users, every login is accepted and is the owner (level3 security.ts invariant 3).
 * 3. An `AuthInfo` belongs to one security catalog and one chosen role: sessions make a new one when the
 *    schema version changes (every security change bumps it) or SET ROLE runs, so the privileges checked are
 *    always those of the state the statement runs on; the owner's checks are skipped outright.
 */
import { SqlError, SqlState } from '../../common/errors';
import type { DatabaseState } from '../../level3-objects/database-state';
import { verifyPassword } from '../../level3-objects/password-hash';
import type { Security } from '../../level3-objects/security';

/** A session's identity against one security catalog (invariant 3). */
export interface AuthInfo {
  /** the login as given (the OS user name for embedded connections opened without a user) */
  readonly login: string;
  /** the user's name in the database (the login when the database has no such user) */
  readonly user: string;
  /** the role in force, or null */
  readonly role: string | null;
  /** true for the owner, and for everyone while the database has no users */
  readonly owner: boolean;
  /** the grantees whose privileges apply (the user, PUBLIC, the role in force) */
  readonly ids: readonly number[];
  readonly security: Security;
}

/** The identity of `login` with `chosenRole` (SET ROLE; null: the default) under `sec`. */
export function sessionAuth(sec: Security, login: string, chosenRole: string | null): AuthInfo {
  const u = sec.userByLogin(login);
  const user = u?.name ?? login;
  const role = sec.roleInForce(user, chosenRole);
  return {
    login,
    user,
    role: role?.name ?? null,
    owner: !sec.hasUsers || (u !== undefined && u.defpos === sec.owner),
    ids: sec.authorizationIds(user, role),
    security: sec,
  };
}

/** The hash of a random password nobody knows, made with the parameters of every new hash: an unknown user or a
 *  user without a password is checked against it, so every failure costs one scrypt (invariant 1). */
const DECOY = 'scrypt$16384$8$1$mxQB6sQaWB21vbgzciFzFw==$BXr3UkPFEkjMSyGn/IDSIxhefTJJTrqoKWV96shKdsE=';

/**
 * Checks `login` / `password` against the users of `state` (invariants 1, 2); returns the login to open the
 * session with, or throws 28P01.
 */
export function authenticateLogin(state: DatabaseState, login: string, password: string | undefined): string {
  const sec = state.security;
  if (!sec.hasUsers) return login;
  const u = typeof login === 'string' ? sec.userByLogin(login) : undefined;
  const pw = typeof password === 'string' ? password : '';
  const stored = u !== undefined && u.passwordHash !== '' ? u.passwordHash : DECOY;
  const ok = verifyPassword(pw, stored);
  if (!ok || u === undefined || u.passwordHash === '' || typeof password !== 'string') throw SqlError.of(SqlState.InvalidPassword);
  return login;
}
