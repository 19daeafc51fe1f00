/**
 * src/server/robustness.test.ts — what a bad or absent client does to pyrrhosvr: only its own connection
 * suffers. Malformed frames, unknown messages, messages out of turn, a length over the maximum (08P01 at
 * once, before the body), random bytes (fuzzed against the live server), truncated frames, a client that
 * stalls mid-frame or never finishes its handshake (closed after the stall timeout), a connection dropped
 * inside a transaction (rolled back), and a thousand idle connections — after each, a new client gets in
 * and is served, and memory stays bounded.
 * The engine threads run compiled code: `npm run build` first.
 */
import fc from 'fast-check';
import { encodeFrame } from '../protocol/frame';
import { encodeClientMessage, MessageType, PROTOCOL_VERSION } from '../protocol/messages';
import { RawClient, startTestServer, type TestServer } from '../../tools/test-server';

const STALL_MS = 300;
let ts: TestServer;

beforeAll(async () => {
  ts = await startTestServer({ stallTimeoutMs: STALL_MS, maxFrameBytes: 64 * 1024 });
  const c = await ts.connect();
  await c.createCommand('create table t (id int primary key, v varchar(20))').executeNonQuery();
  await c.createCommand("insert into t values (1, 'one')").executeNonQuery();
  await c.close();
});
afterAll(async () => {
  await ts.stop();
});

/** A new client still gets in and is served. */
async function stillServed(): Promise<void> {
  const c = await ts.connect();
  expect(await c.createCommand('select v from t where id = 1').executeScalar()).toBe('one');
  await c.close();
}

/** The error the server sent before closing, then the close. */
async function refused(raw: RawClient): Promise<string> {
  const m = await raw.next();
  await raw.closed;
  return m?.type === MessageType.Error ? m.error.sqlState : `no error (${JSON.stringify(m)})`;
}

test('a length over the maximum is 08P01 at once, without the body being sent, then closed', async () => {
  const raw = await RawClient.connect(ts.server.port);
  const before = process.memoryUsage().rss;
  raw.write(Uint8Array.of(0x7f, 0xff, 0xff, 0xff));
  expect(await refused(raw)).toBe('08P01');
  expect(process.memoryUsage().rss - before).toBeLessThan(64 * 1024 * 1024);
  expect(ts.log.some((l) => /over the maximum/.test(l))).toBe(true);
  await stillServed();
});

test('an unknown message type, a malformed body, and a message out of turn are 08P01', async () => {
  const unknown = await RawClient.connect(ts.server.port);
  unknown.write(encodeFrame(0x55, new Uint8Array(3)));
  expect(await refused(unknown)).toBe('08P01');

  const badMagic = await RawClient.connect(ts.server.port);
  badMagic.write(encodeFrame(MessageType.Hello, Uint8Array.of(1, 2, 3, 4, 1, 0, 0, 0)));
  expect(await refused(badMagic)).toBe('08P01');

  const early = await RawClient.connect(ts.server.port);
  early.write(encodeClientMessage({ type: MessageType.Execute, sql: 'select 1', params: null, fetchRows: 1 }));
  expect(await refused(early)).toBe('08P01');

  const version = await RawClient.connect(ts.server.port);
  version.write(encodeClientMessage({ type: MessageType.Hello, version: 99, database: 'shop', user: 'x', role: '' }));
  expect(await refused(version)).toBe('08P01');

  const truncated = await RawClient.connect(ts.server.port);
  await truncated.login();
  const exec = encodeClientMessage({ type: MessageType.Execute, sql: 'select 1', params: null, fetchRows: 1 });
  const cut = exec.slice(0, exec.length - 2);
  new DataView(cut.buffer).setUint32(0, cut.length - 4, false); // a whole frame whose body is cut short
  truncated.write(cut);
  expect(await refused(truncated)).toBe('08P01');
  await stillServed();
});

test('a client that stalls mid-frame, or never finishes its handshake, is closed after the stall timeout', async () => {
  const mid = await RawClient.connect(ts.server.port);
  await mid.login();
  const t0 = performance.now();
  mid.write(Uint8Array.of(0, 0, 0, 50, MessageType.Execute, 1));
  const silent = await RawClient.connect(ts.server.port);
  await Promise.all([mid.closed, silent.closed]);
  const waited = performance.now() - t0;
  expect(waited).toBeGreaterThanOrEqual(STALL_MS - 20);
  expect(waited).toBeLessThan(STALL_MS * 10);
  expect(ts.log.some((l) => l.includes('a frame stalled'))).toBe(true);
  expect(ts.log.some((l) => l.includes('the handshake did not complete'))).toBe(true);
  await stillServed();
});

test('an idle connection between commands is not timed out', async () => {
  const c = await ts.connect();
  await new Promise((r) => setTimeout(r, STALL_MS * 2));
  expect(await c.createCommand('select count(*) from t').executeScalar()).toBe(1);
  await c.close();
});

test('a connection dropped inside a transaction is rolled back; its writes never appear', async () => {
  const raw = await RawClient.connect(ts.server.port);
  await raw.login();
  raw.write(encodeClientMessage({ type: MessageType.Execute, sql: 'begin transaction', params: null, fetchRows: 1 }));
  expect((await raw.next())?.type).toBe(MessageType.ResultHeader);
  await raw.next();
  raw.write(encodeClientMessage({ type: MessageType.Execute, sql: "insert into t values (2, 'two')", params: null, fetchRows: 1 }));
  const h = await raw.next();
  expect(h?.type === MessageType.ResultHeader && h.tx).toBe(0x54);
  await raw.next();
  raw.destroy(); // no Terminate: the server just loses the socket
  await raw.closed;
  const c = await ts.connect();
  await new Promise((r) => setTimeout(r, 50));
  expect(await c.createCommand('select count(*) from t').executeScalar()).toBe(1);
  await c.createCommand("insert into t values (2, 'again')").executeNonQuery();
  await c.createCommand('delete from t where id = 2').executeNonQuery();
  await c.close();
});

test('a half-closed connection (the client sends FIN and goes on listening) is closed and rolled back', async () => {
  const raw = await RawClient.connect(ts.server.port);
  await raw.login();
  raw.write(encodeClientMessage({ type: MessageType.Execute, sql: "begin transaction; insert into t values (3, 'three')", params: null, fetchRows: 1 }));
  const h = await raw.next();
  expect(h?.type === MessageType.ResultHeader && h.tx).toBe(0x54);
  await raw.next();
  raw.socket.end(); // half-close: nothing more will come from this client
  await raw.closed;
  await new Promise((r) => setTimeout(r, 50));
  const c = await ts.connect();
  expect(await c.createCommand('select count(*) from t where id = 3').executeScalar()).toBe(0);
  await c.close();
  expect(ts.log.some((l) => /raw: closed by the client/.test(l))).toBe(true);
});

test('random bytes and truncated or corrupted frames affect only their own connection (live fuzz)', async () => {
  const valid = [
    encodeClientMessage({ type: MessageType.Hello, version: PROTOCOL_VERSION, database: 'shop', user: 'f', role: '' }),
    encodeClientMessage({ type: MessageType.AuthResponse, data: new Uint8Array() }),
    encodeClientMessage({ type: MessageType.Execute, sql: 'select * from t', params: null, fetchRows: 10 }),
    encodeClientMessage({ type: MessageType.Fetch, maxRows: 10 }),
  ];
  const garbage = fc.oneof(
    fc.uint8Array({ minLength: 1, maxLength: 200 }),
    fc.tuple(fc.constantFrom(...valid), fc.nat(), fc.integer({ min: 0, max: 255 })).map(([f, at, b]) => {
      const g = f.slice();
      g[at % g.length] = b;
      return g;
    }),
    fc.tuple(fc.constantFrom(...valid), fc.nat()).map(([f, n]) => f.slice(0, n % f.length)),
  );
  const before = process.memoryUsage().rss;
  await fc.assert(
    fc.asyncProperty(fc.array(garbage, { minLength: 1, maxLength: 4 }), async (chunks) => {
      const raw = await RawClient.connect(ts.server.port);
      for (const c of chunks) raw.write(c);
      // whatever it is, the connection answers, closes, or waits for the rest of a frame (then the stall timer)
      await Promise.race([raw.closed, new Promise((r) => setTimeout(r, 30))]);
      raw.destroy();
    }),
    { numRuns: 150 },
  );
  await stillServed();
  const live = ts.server.connectionCount;
  expect(live).toBeLessThan(5);
  // the server's memory (and this test's own, in the same process) stays within 256 MiB of where it began
  expect(process.memoryUsage().rss - before).toBeLessThan(256 * 1024 * 1024);
}, 60_000);

test('a thousand idle connections: a new client still gets in, memory stays bounded', async () => {
  const before = process.memoryUsage().rss;
  const idle: RawClient[] = [];
  for (let i = 0; i < 1000; i++) {
    const raw = await RawClient.connect(ts.server.port);
    await raw.login();
    idle.push(raw);
  }
  const t0 = performance.now();
  await stillServed();
  expect(performance.now() - t0).toBeLessThan(2000);
  expect(process.memoryUsage().rss - before).toBeLessThan(256 * 1024 * 1024);
  for (const r of idle) r.destroy();
  await Promise.all(idle.map((r) => r.closed));
}, 60_000);
