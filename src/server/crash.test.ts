/**
 * src/server/crash.test.ts — pyrrhosvr as a process: it starts with `--port 0 --dir`, prints its listening
 * line, stops cleanly on SIGTERM (exit 0, files closed, an open transaction rolled back), and after SIGKILL
 * in the middle of many commits every commit it acknowledged is there when it starts again.
 * Runs dist/src/cli/pyrrhosvr.js: `npm run build` first.
 */
import { type ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PyrrhoConnect } from '../client/pyrrho-connect';

const ENTRY = path.resolve(__dirname, '..', '..', 'dist', 'src', 'cli', 'pyrrhosvr.js');

interface Running {
  readonly child: ChildProcess;
  readonly port: number;
  readonly exited: Promise<number | null>;
  stderr: string;
}

async function startServer(dir: string): Promise<Running> {
  const child = spawn(process.execPath, [ENTRY, '--port', '0', '--dir', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
  const run: { stderr: string } = { stderr: '' };
  child.stderr!.on('data', (b: Buffer) => (run.stderr += b.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /listening on [^:]+:(\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', () => reject(new Error(`pyrrhosvr exited: ${run.stderr}`)));
  });
  return Object.assign(run, { child, port, exited });
}

function conn(port: number): PyrrhoConnect {
  return new PyrrhoConnect(`Host=127.0.0.1;Port=${port};Files=shop;User=u;Password=p`);
}

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pyrrho-crash-'));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

test('SIGTERM stops the server cleanly: exit 0, an open transaction rolled back, the file unlocked', async () => {
  const s = await startServer(dir);
  const c = conn(s.port);
  await c.open();
  await c.createCommand('create table t (id int primary key)').executeNonQuery();
  await c.createCommand('insert into t values (1)').executeNonQuery();
  await c.beginTransaction();
  await c.createCommand('insert into t values (2)').executeNonQuery();
  s.child.kill('SIGTERM');
  expect(await s.exited).toBe(0);
  expect(s.stderr).toMatch(/SIGTERM: stopping/);
  await c.close();
  expect(fs.existsSync(path.join(dir, 'shop.pfl.lock'))).toBe(false);
  const again = await startServer(dir);
  const d = conn(again.port);
  await d.open();
  expect(await d.createCommand('select count(*) from t').executeScalar()).toBe(1);
  await d.createCommand('drop table t').executeNonQuery();
  await d.close();
  again.child.kill('SIGTERM');
  await again.exited;
});

test('after SIGKILL during commits, every acknowledged commit is there on restart', async () => {
  const s = await startServer(dir);
  const setup = conn(s.port);
  await setup.open();
  await setup.createCommand('create table acked (id int primary key, who int)').executeNonQuery();
  const acknowledged: number[] = [];
  let next = 0;
  let killed = false;
  const writers = Array.from({ length: 8 }, async (_, w) => {
    const c = conn(s.port);
    await c.open();
    for (;;) {
      const id = next++;
      try {
        await c.createCommand(`insert into acked values (${id}, ${w})`).executeNonQuery();
        acknowledged.push(id);
      } catch {
        return; // the server is gone
      }
      if (killed) return;
    }
  });
  await new Promise((r) => setTimeout(r, 600));
  killed = true;
  s.child.kill('SIGKILL');
  await s.exited;
  await Promise.all(writers);
  expect(acknowledged.length).toBeGreaterThan(20);
  const again = await startServer(dir);
  const c = conn(again.port);
  await c.open();
  const r = await c.createCommand('select id from acked').executeReader();
  const present = new Set<number>();
  while (await r.read()) present.add(r.getValue(0) as number);
  for (const id of acknowledged) expect(present.has(id)).toBe(true);
  expect(present.size).toBeLessThanOrEqual(next);
  await c.close();
  await setup.close().catch(() => undefined);
  again.child.kill('SIGTERM');
  expect(await again.exited).toBe(0);
}, 60_000);
