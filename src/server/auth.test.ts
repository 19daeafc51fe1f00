/**
 * src/server/auth.test.ts — logins and privileges through pyrrhosvr: passwords checked as `Database.open`
 * checks them (28P01 for a wrong password or an unknown user, alike), `--init-admin` making the first user the
 * owner, privileges enforced per statement over the wire, and a login with no name never taken for the owner.
 * Runs the built engine thread (dist/; `npm test` builds first).
 */
import { PyrrhoConnect } from '../client/pyrrho-connect';
import { SqlError } from '../common/errors';
import { startTestServer, type TestServer } from '../../tools/test-server';

async function refusal(cs: string): Promise<SqlError> {
  const c = new PyrrhoConnect(cs);
  try {
    await c.open();
  } catch (e) {
    expect(e).toBeInstanceOf(SqlError);
    return e as SqlError;
  } finally {
    await c.close().catch(() => undefined);
  }
  throw new Error('the login was accepted');
}

async function scalar(c: PyrrhoConnect, sql: string): Promise<unknown> {
  return c.createCommand(sql).executeScalar();
}

describe('logins over TCP', () => {
  let t: TestServer;
  let port: number;
  const cs = (user: string, password: string): string => `Host=127.0.0.1;Port=${port};Files=shop;User=${user};Password=${password}`;

  beforeAll(async () => {
    t = await startTestServer({ initAdmin: { user: 'admin', password: 's3cret' } });
    port = t.server.port;
  });
  afterAll(async () => t.stop());

  it('--init-admin makes the first user the owner, with its password', async () => {
    const admin = new PyrrhoConnect(cs('admin', 's3cret'));
    await admin.open();
    expect(await scalar(admin, 'select user')).toBe('ADMIN');
    await admin.createCommand('create table t (id int primary key, secret varchar(10))').executeNonQuery();
    await admin.createCommand("insert into t values (1, 'x')").executeNonQuery();
    await admin.createCommand("create user fred password 'pw'").executeNonQuery();
    await admin.createCommand('grant select (id) on t to fred').executeNonQuery();
    await admin.close();
  });

  it('refuses a wrong password, an unknown user and a nameless login alike (28P01)', async () => {
    const wrong = await refusal(cs('admin', 'nope'));
    const unknown = await refusal(cs('nobody', 's3cret'));
    const nameless = await refusal(`Host=127.0.0.1;Port=${port};Files=shop;Password=s3cret`);
    for (const e of [wrong, unknown, nameless]) expect(e.sqlState).toBe('28P01');
    expect(unknown.message).toBe(wrong.message);
  });

  it('checks every statement against the privileges of the login (42501)', async () => {
    const fred = new PyrrhoConnect(cs('fred', 'pw'));
    await fred.open();
    expect(await scalar(fred, 'select id from t')).toBe(1);
    let err: unknown = null;
    try {
      await scalar(fred, 'select secret from t');
    } catch (e) {
      err = e;
    }
    expect((err as SqlError).sqlState).toBe('42501');
    await fred.close();
  });
});
