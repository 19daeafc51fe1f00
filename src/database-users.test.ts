/**
 * src/database-users.test.ts — `Database.open(path, { user, password })`: authentication (28P01 alike for every
 * failure), the options checked, the file released after a failed login, the OS user as the default login,
 * `authenticateLogin` for the server, and the session running as the user.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import { join } from 'node:path';
import { Database } from './database';
import { SqlError } from './common/errors';
import { authenticateLogin, DatabaseFile, Session } from './level4-sql/session';
import { MemoryStore } from './level1-datafile/memory-store';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(os.tmpdir(), 'pyrrho-users-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function stateOf(fn: () => unknown): string | null {
  try {
    fn();
    return null;
  } catch (e) {
    expect(e).toBeInstanceOf(SqlError);
    return (e as SqlError).sqlState;
  }
}

test('a database without users accepts any user and password, as its owner', () => {
  const db = Database.open(join(dir, 'a'), { user: 'anyone', password: 'anything' });
  expect(db.execute('select user').rows).toEqual([['anyone']]);
  db.execute('create table t (x int)'); // the owner may change the schema
  db.close();
});

test('without a user, an embedded connection runs as the operating-system user', () => {
  const db = Database.open(join(dir, 'a'));
  expect(db.execute('select user').rows).toEqual([[os.userInfo().username]]);
  db.execute("create user fred password 'pw'");
  // the OS user set up the users, so it is the owner, by its upper-case name
  expect(db.execute('select user').rows).toEqual([[os.userInfo().username.toUpperCase()]]);
  expect(db.execute('select name from sys$user where owner').rows).toEqual([[os.userInfo().username.toUpperCase()]]);
  db.close();
});

test('the first user created by its own login becomes the owner, with its password', () => {
  const path = join(dir, 'a');
  const setup = Database.open(path, { user: 'admin' });
  setup.execute("create user admin password 'root pw'");
  setup.close();
  const db = Database.open(path, { user: 'admin', password: 'root pw' });
  expect(db.execute('select name, owner, has_password from sys$user').rows).toEqual([['ADMIN', true, true]]);
  db.execute('create table t (x int)');
  db.close();
});

test('unknown user, wrong password, no password: 28P01 alike, and the file is released', () => {
  const path = join(dir, 'a');
  const db = Database.open(path);
  db.execute("create user fred password 'pw'");
  db.close();
  const errors: SqlError[] = [];
  for (const opts of [{ user: 'fred', password: 'no' }, { user: 'nobody', password: 'pw' }, { user: 'fred' }]) {
    try {
      Database.open(path, opts).close();
    } catch (e) {
      errors.push(e as SqlError);
    }
  }
  expect(errors.map((e) => [e.sqlState, e.message, e.detail, e.hint])).toEqual(Array(3).fill(['28P01', 'authentication failed', undefined, undefined]));
  const ok = Database.open(path, { user: 'fred', password: 'pw' });
  expect(ok.execute('select user').rows).toEqual([['FRED']]);
  ok.close();
});

test('the user option must be a non-empty string', () => {
  expect(stateOf(() => Database.open(':memory:', { user: '' }))).toBe('22023');
  expect(stateOf(() => Database.open(':memory:', { user: 5 as unknown as string }))).toBe('22023');
});

test('authenticateLogin and Session: what the server calls for a login over the network', () => {
  const file = DatabaseFile.open(new MemoryStore(':memory:', { keepContent: false }));
  const owner = new Session(file, 'boss');
  owner.execute("create user boss password 'b'; create user fred password 'f'; create table t (x int); insert into t values (1)");
  expect(() => authenticateLogin(file.state, 'fred', 'x')).toThrow(/authentication failed/);
  const login = authenticateLogin(file.state, 'fred', 'f');
  const fred = new Session(file, login);
  expect(stateOf(() => fred.execute('select * from t'))).toBe('42501');
  owner.execute('grant select on t to fred');
  expect(fred.execute('select x, user from t').rows).toEqual([[1, 'FRED']]);
  owner.execute('revoke select on t from fred');
  expect(stateOf(() => fred.execute('select * from t'))).toBe('42501');
  file.close();
});
