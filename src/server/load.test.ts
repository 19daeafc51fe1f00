/**
 * src/server/load.test.ts — many clients at once: 50 connections doing bank transfers in explicit
 * transactions, retrying on 40001, while readers sum every balance. Invariants: every sum a reader sees is
 * the total (each reads one consistent snapshot), no balance goes negative, and at the end every transfer
 * that committed is in the balances (sum unchanged, the transfer log's count equals the commits).
 * The engine threads run compiled code: `npm run build` first.
 */
import { SqlError } from '../common/errors';
import type { PyrrhoConnect } from '../client/pyrrho-connect';
import { startTestServer, type TestServer } from '../../tools/test-server';

const ACCOUNTS = 100;
const START = 1000;
const CLIENTS = 50;
const TRANSFERS_EACH = 6;
const READERS = 4;

let ts: TestServer;
beforeAll(async () => {
  ts = await startTestServer();
});
afterAll(async () => {
  await ts.stop();
});

let poor = 0;

/** One transfer in a transaction; true when it committed, false on a conflict (40001). */
async function transfer(c: PyrrhoConnect, from: number, to: number, amount: number, id: string): Promise<boolean> {
  const tx = await c.beginTransaction();
  try {
    const bal = (await c.createCommand(`select bal from acct where id = ${from}`).executeScalar()) as number;
    if (bal < amount) {
      poor++;
      await tx.rollback();
      return true; // nothing to move: a finished attempt
    }
    await c.createCommand(`update acct set bal = bal - ${amount} where id = ${from}`).executeNonQuery();
    await c.createCommand(`update acct set bal = bal + ${amount} where id = ${to}`).executeNonQuery();
    await c.createCommand(`insert into moves values ('${id}', ${from}, ${to}, ${amount})`).executeNonQuery();
    await tx.commit();
    return true;
  } catch (e) {
    if (e instanceof SqlError && e.sqlState === '40001') return false;
    throw e;
  }
}

test('50 clients transfer with retries on 40001 while readers sum the balances; invariants hold', async () => {
  const setup = await ts.connect('bank');
  await setup.createCommand('create table acct (id int primary key, bal int)').executeNonQuery();
  await setup.createCommand('create table moves (id varchar(20) primary key, src int, dst int, amount int)').executeNonQuery();
  const rows = Array.from({ length: ACCOUNTS }, (_, i) => `(${i}, ${START})`).join(', ');
  await setup.createCommand(`insert into acct values ${rows}`).executeNonQuery();
  const total = ACCOUNTS * START;

  let done = false;
  let sums = 0;
  let conflicts = 0;
  const readers = Array.from({ length: READERS }, async () => {
    const c = await ts.connect('bank');
    while (!done) {
      expect(await c.createCommand('select sum(bal) from acct').executeScalar()).toBe(total);
      expect(await c.createCommand('select count(*) from acct where bal < 0').executeScalar()).toBe(0);
      sums++;
    }
    await c.close();
  });
  let seed = 12345;
  const rand = (n: number): number => {
    seed = (seed * 48271) % 2147483647; // Park–Miller: exact in doubles
    return seed % n;
  };
  const writers = Array.from({ length: CLIENTS }, async (_, w) => {
    const c = await ts.connect('bank');
    for (let k = 0; k < TRANSFERS_EACH; k++) {
      const from = rand(ACCOUNTS);
      const to = (from + 1 + rand(ACCOUNTS - 1)) % ACCOUNTS;
      const amount = 1 + rand(50);
      let attempts = 0;
      while (!(await transfer(c, from, to, amount, `${w}-${k}`))) {
        conflicts++;
        if (++attempts > 200) throw new Error('a transfer never got through');
      }
    }
    await c.close();
  });
  await Promise.all(writers);
  done = true;
  await Promise.all(readers);

  expect(await setup.createCommand('select sum(bal) from acct').executeScalar()).toBe(total);
  const moved = (await setup.createCommand('select count(*) from moves').executeScalar()) as number;
  // every transfer either committed exactly once or found too little to move
  expect(moved + poor).toBe(CLIENTS * TRANSFERS_EACH);
  expect(moved).toBeGreaterThan(CLIENTS * TRANSFERS_EACH * 0.8);
  // every committed move is in the balances: replaying the moves from the start gives them
  const bal = new Array<number>(ACCOUNTS).fill(START);
  const r = await setup.createCommand('select src, dst, amount from moves').executeReader();
  while (await r.read()) {
    bal[r.getValue(0) as number]! -= r.getValue(2) as number;
    bal[r.getValue(1) as number]! += r.getValue(2) as number;
  }
  const now = await setup.createCommand('select id, bal from acct order by id').executeReader();
  while (await now.read()) expect(now.getValue(1)).toBe(bal[now.getValue(0) as number]);
  expect(sums).toBeGreaterThan(0);
  expect(conflicts).toBeGreaterThan(0); // the test did exercise the optimistic conflicts
  await setup.close();
}, 60_000);
