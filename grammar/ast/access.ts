/**
 * grammar/ast/access.ts — AST nodes for users, roles and privileges: CREATE/ALTER/DROP USER, CREATE/DROP
 * ROLE, GRANT, REVOKE, SET ROLE.
 *
 * 1. Names are folded as identifiers everywhere (an unquoted name is upper case); `PUBLIC` as a grantee is
 *    the unquoted word. 2. The grammar does not decide what a privilege word means: a GRANT with ON lists
 *    privileges (SELECT …, or a word such as EXECUTE), one without lists roles; Level 4 judges the words.
 */
import type { Span } from './expression';

/** `CREATE USER name PASSWORD 'pw'` */
export interface CreateUser extends Span {
  kind: 'CreateUser';
  name: string;
  password: string;
}

/** `ALTER USER name PASSWORD 'pw'` */
export interface AlterUser extends Span {
  kind: 'AlterUser';
  name: string;
  password: string;
}

/** `CREATE ROLE name ['description']` */
export interface CreateRole extends Span {
  kind: 'CreateRole';
  name: string;
  description: string;
}

/** `DROP USER name` / `DROP ROLE name` */
export interface DropPrincipal extends Span {
  kind: 'DropPrincipal';
  what: 'USER' | 'ROLE';
  name: string;
}

/** One item of a GRANT/REVOKE list: a privilege keyword with its columns, or a word (a role, EXECUTE …). */
export interface GrantItem {
  /** SELECT, INSERT, UPDATE, DELETE, REFERENCES; or, for `word`, the folded name */
  word: string;
  /** true when the item was a keyword privilege (not a name) */
  keyword: boolean;
  columns: string[] | null;
  position: number;
}

/** The object of `ON [TABLE | FUNCTION | PROCEDURE] name` */
export interface GrantObject {
  objectKind: 'TABLE' | 'FUNCTION' | 'PROCEDURE' | null;
  name: string;
  position: number;
}

/** A grantee: `PUBLIC` or `[USER | ROLE] name`. */
export interface Grantee {
  kind: 'PUBLIC' | 'USER' | 'ROLE' | null;
  name: string;
  position: number;
}

/** `GRANT items [ON object] TO grantees [WITH GRANT OPTION]`, `REVOKE [GRANT OPTION FOR] items [ON object] FROM grantees` */
export interface GrantStatement extends Span {
  kind: 'Grant' | 'Revoke';
  /** null: ALL PRIVILEGES */
  items: GrantItem[] | null;
  on: GrantObject | null;
  grantees: Grantee[];
  grantOption: boolean;
}

/** `SET ROLE name` (`SET ROLE NONE`: no role) */
export interface SetRole extends Span {
  kind: 'SetRole';
  name: string | null;
}

export type AccessStatement = CreateUser | AlterUser | CreateRole | DropPrincipal | GrantStatement | SetRole;
