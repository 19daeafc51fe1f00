/**
 * src/server/streaming.test.ts — results streamed from the engine's open cursor (engine-thread.ts invariant 5,
 * session.ts invariant 11): a million-row result read over TCP with the engine's heap measured as it goes,
 * readers abandoned mid-result (closed, or ended by the next command, or by a dropped socket) releasing their
 * cursor, an error in a later batch, other connections served while one streams (measured), a client that
 * asks for batches without reading them (flow control: the server holds about one), and progress frames
 * over TCP. The engine threads run compiled code: `npm run build` first.
 */
import { encodeClientMessage, MessageType } from '../protocol/messages';
import { RawClient, startTestServer, type TestServer } from '../../tools/test-server';
import type { PyrrhoConnect } from '../client/pyrrho-connect';
import { rejectionOf } from '../common/testing/rejection-of';

const MiB = 1024 * 1024;

let ts: TestServer;
beforeAll(async () => {
  ts = await startTestServer();
  const c = await ts.connect('gen');
  await c.createCommand('create table g (i int primary key, s varchar(100))').executeNonQuery();
  const values = Array.from({ length: 1000 }, (_, i) => `(${i}, '${String(i).padEnd(100, 'x')}')`).join(',');
  await c.createCommand(`insert into g values ${values}`).executeNonQuery();
  await c.close();
});
afterAll(async () => {
  await ts.stop();
});

/** A million rows, each with a fresh 200-character string: holding them all costs well over 200 MiB. */
const MILLION = 'select a.i * 1000 + b.i as n, a.s || b.s as t from g a, g b';

async function stats(): Promise<{ sessions: number; openCursors: number; heapUsed: number }> {
  const s = await ts.server.engineStats('gen');
  if (s === null) throw new Error('the engine of gen is not running');
  return s;
}

async function until(what: () => Promise<boolean>, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await what())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

test('a million rows over TCP: the engine holds a batch, not the result (heap measured)', async () => {
  const c = await ts.connect('gen');
  const base = (await stats()).heapUsed;
  const r = await c.createCommand(MILLION).executeReader();
  let count = 0;
  let sum = 0;
  let chars = 0;
  let peak = 0;
  while (await r.read()) {
    sum += r.getValue(0) as number;
    chars += (r.getValue(1) as string).length;
    if (++count % 50_000 === 0) peak = Math.max(peak, (await stats()).heapUsed - base);
  }
  expect(count).toBe(1_000_000);
  expect(sum).toBe((999_999 * 1_000_000) / 2);
  expect(chars).toBe(200 * 1_000_000);
  // holding every row would take over 200 MiB of strings alone; the engine's heap grew by a fraction of that
  expect(peak).toBeLessThan(64 * MiB);
  expect((await stats()).openCursors).toBe(0);
  await c.close();
}, 120_000);

test('a reader abandoned mid-result releases its cursor: closed, ended by the next command, or dropped', async () => {
  const c = await ts.connect('gen');
  const q = c.createCommand(MILLION);
  q.fetchSize = 100;
  const closed = await q.executeReader();
  expect(await closed.read()).toBe(true);
  expect((await stats()).openCursors).toBe(1);
  await closed.close();
  await until(async () => (await stats()).openCursors === 0);

  const ended = await q.executeReader();
  expect(await ended.read()).toBe(true);
  expect((await stats()).openCursors).toBe(1);
  expect(await c.createCommand('select count(*) from g').executeScalar()).toBe(1000);
  expect((await stats()).openCursors).toBe(0);
  expect((await rejectionOf(ended.read().then(async () => { for (let i = 0; i < 200; i++) await ended.read(); }))).sqlState).toBe('24000');

  const before = (await stats()).sessions;
  const other = await ts.connect('gen');
  const dropped = await other.createCommand(MILLION).executeReader();
  expect(await dropped.read()).toBe(true);
  expect((await stats()).openCursors).toBe(1);
  await other.close(); // the session ends with its cursor
  await until(async () => {
    const s = await stats();
    return s.openCursors === 0 && s.sessions === before;
  });
  await c.close();
}, 60_000);

test('an error in a later batch fails that read; the reader ends and the connection goes on', async () => {
  const c = await ts.connect('gen');
  const q = c.createCommand('select 1000 / (999 - i) from g order by i');
  q.fetchSize = 100;
  const r = await q.executeReader();
  let n = 0;
  const e = await rejectionOf(
    (async () => {
      while (await r.read()) n++;
    })(),
  );
  expect(e.sqlState).toBe('22012');
  expect(n).toBeGreaterThanOrEqual(900);
  expect(n).toBeLessThan(1000);
  expect(await r.read()).toBe(false);
  expect((await stats()).openCursors).toBe(0);
  expect(await c.createCommand('select count(*) from g').executeScalar()).toBe(1000);
  await c.close();
});

test('while one connection streams a million rows, another is served at once (measured)', async () => {
  const a = await ts.connect('gen');
  const b = await ts.connect('gen');
  const point = b.createCommand('select s from g where i = ?');
  point.parameters.add(0);
  await point.executeScalar();
  let rows = 0;
  let done = false;
  const reading = (async () => {
    const r = await a.createCommand(MILLION).executeReader();
    while (await r.read()) rows++;
    done = true;
  })();
  while (rows < 10_000) await new Promise((r) => setTimeout(r, 5));
  const latencies: number[] = [];
  for (let i = 0; i < 100; i++) {
    point.parameters.clear();
    point.parameters.add(i * 7);
    const t0 = performance.now();
    expect(await point.executeScalar()).toBe(String(i * 7).padEnd(100, 'x'));
    latencies.push(performance.now() - t0);
  }
  const duringStream = !done;
  await reading;
  expect(rows).toBe(1_000_000);
  expect(duringStream).toBe(true); // the point queries were all answered while the stream was still going
  latencies.sort((x, y) => x - y);
  const median = latencies[50]!;
  const worst = latencies[99]!;
  expect(median).toBeLessThan(20);
  expect(worst).toBeLessThan(200);
  await Promise.all([a.close(), b.close()]);
}, 120_000);

async function progressOf(c: PyrrhoConnect, sql: string): Promise<number[]> {
  const cmd = c.createCommand(sql);
  const seen: number[] = [];
  cmd.onProgress = (n) => seen.push(n);
  expect(await cmd.executeScalar()).toBe(20 * 1000 - 190); // c.i = k leaves 1000 - k pairs
  return seen;
}

test('progress crosses TCP as Progress frames, only to a command that asked for it', async () => {
  const c = await ts.connect('gen');
  // twenty million triples: well over the 250 ms between two reports, however fast the machine
  const slow = 'select count(*) from g a, g b, g c where c.i < 20 and a.i + b.i + c.i = 999';
  const seen = await progressOf(c, slow);
  expect(seen.length).toBeGreaterThan(0);
  for (let i = 1; i < seen.length; i++) expect(seen[i]!).toBeGreaterThan(seen[i - 1]!);
  // a raw client that does not ask gets no Progress frame, one that asks does
  const raw = await RawClient.connect(ts.server.port);
  await raw.login('gen');
  const kinds = async (progress: boolean): Promise<number[]> => {
    raw.write(encodeClientMessage({ type: MessageType.Execute, sql: slow, params: null, fetchRows: 10, progress }));
    const out: number[] = [];
    for (;;) {
      const m = await raw.next();
      if (m === null) throw new Error('closed');
      out.push(m.type);
      if (m.type === MessageType.RowBatch || m.type === MessageType.Error) return out;
    }
  };
  expect(await kinds(false)).toEqual([MessageType.ResultHeader, MessageType.RowBatch]);
  const asked = await kinds(true);
  expect(asked.filter((t) => t === MessageType.Progress).length).toBeGreaterThan(0);
  expect(asked.slice(-2)).toEqual([MessageType.ResultHeader, MessageType.RowBatch]);
  raw.destroy();
  await c.close();
}, 60_000);

test('a client that asks for batches without reading them makes the server hold about one (flow control)', async () => {
  const raw = await RawClient.connect(ts.server.port);
  await raw.login('gen');
  raw.write(encodeClientMessage({ type: MessageType.Execute, sql: MILLION, params: null, fetchRows: 1_000_000 }));
  expect((await raw.next())?.type).toBe(MessageType.ResultHeader);
  expect((await raw.next())?.type).toBe(MessageType.RowBatch);
  raw.socket.pause(); // from here on this client reads nothing
  let most = 0;
  for (let i = 0; i < 120; i++) {
    await new Promise((r) => setTimeout(r, 25)); // time for the server to answer each (a Fetch in flight would be 08P01)
    raw.write(encodeClientMessage({ type: MessageType.Fetch, maxRows: 1_000_000 }));
    most = Math.max(most, ts.server.bufferedBytes);
  }
  await new Promise((r) => setTimeout(r, 100));
  most = Math.max(most, ts.server.bufferedBytes);
  // 120 batches of 256 KiB asked for (30 MiB): what the kernel did not take waits in one batch at most
  expect((await stats()).openCursors).toBe(1);
  expect(ts.log.filter((l) => /08P01/.test(l))).toEqual([]);
  expect(most).toBeLessThan(1024 * 1024);
  raw.destroy();
  await raw.closed;
  await until(async () => (await stats()).openCursors === 0 && ts.server.bufferedBytes === 0);
  const c = await ts.connect('gen');
  expect(await c.createCommand('select count(*) from g').executeScalar()).toBe(1000);
  await c.close();
}, 60_000);

test("a client that reads nothing does not hold up the server's stop", async () => {
  const own = await startTestServer();
  try {
    const c = await own.connect('gen');
    await c.createCommand('create table g (i int primary key, s varchar(100))').executeNonQuery();
    const values = Array.from({ length: 1000 }, (_, i) => `(${i}, '${String(i).padEnd(100, 'x')}')`).join(',');
    await c.createCommand(`insert into g values ${values}`).executeNonQuery();
    await c.close();
    const raw = await RawClient.connect(own.server.port);
    await raw.login('gen');
    raw.write(encodeClientMessage({ type: MessageType.Execute, sql: MILLION, params: null, fetchRows: 1_000_000 }));
    expect((await raw.next())?.type).toBe(MessageType.ResultHeader);
    expect((await raw.next())?.type).toBe(MessageType.RowBatch);
    raw.socket.pause();
    for (let i = 0; i < 60 && own.server.bufferedBytes === 0; i++) {
      await new Promise((r) => setTimeout(r, 25));
      raw.write(encodeClientMessage({ type: MessageType.Fetch, maxRows: 1_000_000 }));
    }
    await new Promise((r) => setTimeout(r, 25));
    expect(own.server.bufferedBytes).toBeGreaterThan(0);
    const t0 = performance.now();
    await own.stop();
    expect(performance.now() - t0).toBeLessThan(5000);
    raw.destroy();
  } finally {
    await own.stop();
  }
}, 60_000);
