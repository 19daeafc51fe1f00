/** src/level3-objects/security.test.ts — the security catalog: installing users, roles, grants and revokes;
 *  the owner; the role in force; what `denied` answers for tables, columns and grant options. */
import { CHAR, INTEGER } from '../common/values/sql-type';
import { PUBLIC_GRANTEE, type Physical } from '../level2-physical/physical';
import { RecordType } from '../level2-physical/record-type';
import { DatabaseState } from './database-state';
import { install } from './install';
import { Privilege, type AccessNeed } from './security';

const T = 100;
const A = 110;
const B = 120;
const OWNER = 200;
const FRED = 210;
const CLERK = 220;
const AUDIT = 230;

function state(extra: Physical[] = []): DatabaseState {
  const recs: Physical[] = [
    { type: RecordType.PTable, ppos: T, name: 'T' },
    { type: RecordType.PColumn, ppos: A, table: T, name: 'A', seq: 0, dataType: INTEGER, notNull: false, defaultSql: null },
    { type: RecordType.PColumn, ppos: B, table: T, name: 'B', seq: 1, dataType: CHAR, notNull: false, defaultSql: null },
    { type: RecordType.PUser, ppos: OWNER, name: 'ALICE', passwordHash: '' },
    { type: RecordType.PUser, ppos: FRED, name: 'fred', passwordHash: 'h' },
    { type: RecordType.PRole, ppos: CLERK, name: 'CLERK', description: 'd' },
    { type: RecordType.PRole, ppos: AUDIT, name: 'AUDIT', description: '' },
    ...extra,
  ];
  let s = DatabaseState.empty();
  recs.forEach((r) => (s = install(s, r)));
  return s;
}

let next = 300;
function grant(privileges: number, object: number, grantee: number, columns: number[] = [], grantOption = false, type: RecordType.Grant | RecordType.Revoke = RecordType.Grant): Physical {
  return { type, ppos: next++, privileges, object, objectName: '', columns, grantee, grantOption };
}

const need = (privilege: Privilege, columns: number[] = []): AccessNeed => ({
  privilege,
  object: T,
  objectName: '',
  columns,
  columnNames: columns.map((c) => (c === A ? 'A' : 'B')),
  what: 'table T',
});

test('the first user is the owner; a database without users has everyone as owner', () => {
  expect(DatabaseState.empty().security.isOwner('anyone')).toBe(true);
  const s = state();
  expect(s.security.owner).toBe(OWNER);
  expect(s.security.isOwner('ALICE')).toBe(true);
  expect(s.security.isOwner('fred')).toBe(false);
});

test('a login matches its own spelling, else its upper-case form', () => {
  const sec = state().security;
  expect(sec.userByLogin('fred')?.defpos).toBe(FRED);
  expect(sec.userByLogin('FRED')).toBeUndefined();
  expect(sec.userByLogin('alice')?.defpos).toBe(OWNER);
});

test('table and column privileges, PUBLIC, and revokes', () => {
  const ids = (s: DatabaseState): number[] => s.security.authorizationIds('fred', null);
  let s = state([grant(Privilege.Select, T, FRED, [A])]);
  expect(s.security.denied(ids(s), need(Privilege.Select, [A]))).toBeNull();
  expect(s.security.denied(ids(s), need(Privilege.Select, [A, B]))).toBe('SELECT on column B of table T');
  expect(s.security.denied(ids(s), need(Privilege.Select))).toBeNull(); // count(*): one column suffices
  expect(s.security.denied(ids(s), need(Privilege.Update, [A]))).toBe('UPDATE on table T');
  s = install(s, grant(Privilege.Update | Privilege.Delete, T, PUBLIC_GRANTEE));
  expect(s.security.denied(ids(s), need(Privilege.Update, [A, B]))).toBeNull();
  s = install(s, grant(Privilege.Update, T, PUBLIC_GRANTEE, [], false, RecordType.Revoke));
  expect(s.security.denied(ids(s), need(Privilege.Update, [A]))).toBe('UPDATE on table T');
  expect(s.security.denied(ids(s), need(Privilege.Delete))).toBeNull();
  s = install(s, grant(Privilege.Select, T, FRED, [], false, RecordType.Revoke)); // no columns: from every column
  expect(s.security.denied(ids(s), need(Privilege.Select, [A]))).toBe('SELECT on table T');
  expect(s.security.holding(FRED, T, '')).toBeUndefined();
});

test('grant options are separate from the privileges and revoked on their own', () => {
  const ids = (s: DatabaseState): number[] => s.security.authorizationIds('fred', null);
  let s = state([grant(Privilege.Select, T, FRED, [], true), grant(Privilege.Insert, T, FRED)]);
  expect(s.security.denied(ids(s), need(Privilege.Select), true)).toBeNull();
  expect(s.security.denied(ids(s), need(Privilege.Insert), true)).toBe('INSERT on table T');
  s = install(s, grant(Privilege.Select, T, FRED, [], true, RecordType.Revoke));
  expect(s.security.denied(ids(s), need(Privilege.Select), true)).toBe('SELECT on table T');
  expect(s.security.denied(ids(s), need(Privilege.Select))).toBeNull();
});

test('the role in force: chosen and still granted, else the only one granted', () => {
  let s = state([grant(Privilege.Usage, CLERK, FRED)]);
  expect(s.security.roleInForce('fred', null)?.name).toBe('CLERK');
  expect(s.security.roleInForce('fred', 'AUDIT')).toBeNull();
  s = install(s, grant(Privilege.Usage, AUDIT, FRED));
  expect(s.security.roleInForce('fred', null)).toBeNull();
  expect(s.security.roleInForce('fred', 'AUDIT')?.name).toBe('AUDIT');
  s = install(s, grant(Privilege.Select, T, AUDIT));
  const ids = s.security.authorizationIds('fred', s.security.roleInForce('fred', 'AUDIT'));
  expect(s.security.denied(ids, need(Privilege.Select, [B]))).toBeNull();
  expect(s.security.denied(s.security.authorizationIds('fred', null), need(Privilege.Select))).toBe('SELECT on table T');
});

test('dropping a role removes its grants; dropping a user its privileges; both bump the schema version', () => {
  let s = state([grant(Privilege.Usage, CLERK, FRED), grant(Privilege.Select, T, CLERK), grant(Privilege.Select, T, FRED)]);
  const v = s.schemaVersion;
  s = install(s, { type: RecordType.Drop, ppos: next++, target: CLERK });
  expect(s.schemaVersion).not.toBe(v);
  expect(s.security.roleByName('CLERK')).toBeUndefined();
  expect(s.security.hasRole(FRED, CLERK)).toBe(false);
  expect([...s.security.holdings.values()].map((h) => h.grantee)).toEqual([FRED]);
  s = install(s, { type: RecordType.Drop, ppos: next++, target: FRED });
  expect(s.security.userByName('fred')).toBeUndefined();
  expect(s.security.holdings.size).toBe(0);
  expect(s.table(T)?.name).toBe('T');
});

test('Authenticate replaces the hash', () => {
  const s = state([{ type: RecordType.Authenticate, ppos: next++, user: FRED, passwordHash: 'new' }]);
  expect(s.security.userByName('fred')?.passwordHash).toBe('new');
});
