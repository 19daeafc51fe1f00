/**
 * grammar/visitor/access.test.ts — users, roles and privileges: CREATE/ALTER/DROP USER, CREATE/DROP ROLE, GRANT,
 * REVOKE, SET ROLE; names folded, PUBLIC and NONE only unquoted, the words of GRANT items kept for Level 4.
 */
import { parseStatement } from '../index';

const strip = (x: unknown): unknown => JSON.parse(JSON.stringify(x, (k, v) => (k === 'position' || k === 'end' ? undefined : v)));

test('users and roles', () => {
  expect(strip(parseStatement("CREATE USER fred PASSWORD 'it''s'"))).toEqual({ kind: 'CreateUser', name: 'FRED', password: "it's" });
  expect(strip(parseStatement(`ALTER USER "fred" PASSWORD ''`))).toEqual({ kind: 'AlterUser', name: 'fred', password: '' });
  expect(strip(parseStatement("create role clerk 'desk staff'"))).toEqual({ kind: 'CreateRole', name: 'CLERK', description: 'desk staff' });
  expect(strip(parseStatement('CREATE ROLE r'))).toEqual({ kind: 'CreateRole', name: 'R', description: '' });
  expect(strip(parseStatement('DROP USER fred'))).toEqual({ kind: 'DropPrincipal', what: 'USER', name: 'FRED' });
  expect(strip(parseStatement('DROP ROLE r'))).toEqual({ kind: 'DropPrincipal', what: 'ROLE', name: 'R' });
  // DROP name (Pyrrho) still works for other names
  expect(parseStatement('DROP t').kind).toBe('DropObject');
});

test('GRANT and REVOKE of privileges', () => {
  expect(strip(parseStatement('GRANT SELECT (a, "b"), DELETE ON TABLE t TO fred, ROLE r, PUBLIC WITH GRANT OPTION'))).toEqual({
    kind: 'Grant',
    items: [
      { word: 'SELECT', keyword: true, columns: ['A', 'b'] },
      { word: 'DELETE', keyword: true, columns: null },
    ],
    on: { objectKind: 'TABLE', name: 'T' },
    grantees: [
      { kind: null, name: 'FRED' },
      { kind: 'ROLE', name: 'R' },
      { kind: 'PUBLIC', name: 'PUBLIC' },
    ],
    grantOption: true,
  });
  expect(strip(parseStatement('GRANT ALL PRIVILEGES ON t TO "PUBLIC"'))).toMatchObject({ items: null, grantees: [{ kind: null, name: 'PUBLIC' }] });
  expect(strip(parseStatement('GRANT EXECUTE ON FUNCTION f TO USER u'))).toMatchObject({
    items: [{ word: 'EXECUTE', keyword: false }],
    on: { objectKind: 'FUNCTION', name: 'F' },
    grantees: [{ kind: 'USER', name: 'U' }],
  });
  expect(strip(parseStatement('REVOKE GRANT OPTION FOR UPDATE (x) ON t FROM fred'))).toMatchObject({
    kind: 'Revoke',
    items: [{ word: 'UPDATE', columns: ['X'] }],
    grantOption: true,
  });
});

test('GRANT and REVOKE of roles, SET ROLE', () => {
  expect(strip(parseStatement('GRANT clerk, auditor TO fred'))).toMatchObject({
    kind: 'Grant',
    items: [{ word: 'CLERK', keyword: false }, { word: 'AUDITOR', keyword: false }],
    on: null,
  });
  expect(strip(parseStatement('REVOKE clerk FROM PUBLIC'))).toMatchObject({ kind: 'Revoke', on: null, grantees: [{ kind: 'PUBLIC' }] });
  expect(strip(parseStatement('SET ROLE clerk'))).toEqual({ kind: 'SetRole', name: 'CLERK' });
  expect(strip(parseStatement('SET ROLE NONE'))).toEqual({ kind: 'SetRole', name: null });
  expect(strip(parseStatement('SET ROLE "NONE"'))).toEqual({ kind: 'SetRole', name: 'NONE' });
});

test('USER and CURRENT_ROLE stay names in expressions; the new keywords stay usable as names', () => {
  expect(parseStatement('SELECT user, current_role').kind).toBe('Select');
  expect(parseStatement('CREATE TABLE role (user INT, password VARCHAR(9), option INT, grant INT)').kind).toBe('CreateTable');
});
