/**
 * src/cli/pyrrhosvr.test.ts — the two programs together: `pyrrhosvr --port 0 --dir DATA` started as a
 * process, `pyrrhocmd -h:127.0.0.1 -p:PORT -u:user DATABASE` against it (-e, scripts on stdin, errors with
 * SQLSTATE and caret, exit codes) giving what it gives embedded, the password taken from PYRRHO_PASSWORD;
 * the interactive prompt over TCP (the progress line of a long statement, Ctrl-C cancelling it); and
 * pyrrhosvr's option parsing.
 * Runs the built programs (dist/; `npm test` builds first).
 */
import { type ChildProcess, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PyrrhoConnect } from '../client/pyrrho-connect';
import { cancelLongStatement, promptScreen } from './prompt-screen';
import { parseServerArgs } from './pyrrhosvr';

const DIST = path.resolve(__dirname, '..', '..', 'dist', 'src', 'cli');

function cmd(args: string[], cwd: string, input?: string): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [path.join(DIST, 'pyrrhocmd.js'), ...args], {
    cwd,
    input,
    encoding: 'utf8',
    env: { ...process.env, PYRRHO_PASSWORD: 'secret' },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('parseServerArgs', () => {
  it('takes spaced and = flags', () => {
    expect(parseServerArgs(['--port', '6000', '--host=0.0.0.0', '--dir', 'd'])).toMatchObject({ port: 6000, host: '0.0.0.0', dir: 'd' });
    expect(parseServerArgs(['--max-frame', '1024', '--stall-timeout=5000'])).toMatchObject({ maxFrameBytes: 1024, stallTimeoutMs: 5000 });
  });
  it('rejects bad usage', () => {
    expect(() => parseServerArgs(['--port', '70000'])).toThrow('bad port');
    expect(() => parseServerArgs(['--frob'])).toThrow('unknown option');
    expect(() => parseServerArgs(['--dir'])).toThrow('needs a value');
  });
});

describe('pyrrhocmd against pyrrhosvr', () => {
  let data: string;
  let work: string;
  let server: ChildProcess;
  let port = 0;
  let log = '';

  beforeAll(async () => {
    data = fs.mkdtempSync(path.join(os.tmpdir(), 'pyrrhosvr-data-'));
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'pyrrhosvr-work-'));
    server = spawn(process.execPath, [path.join(DIST, 'pyrrhosvr.js'), '--port', '0', '--dir', data], { stdio: ['ignore', 'pipe', 'pipe'] });
    server.stderr!.on('data', (b: Buffer) => (log += b.toString()));
    port = await new Promise<number>((resolve, reject) => {
      let out = '';
      server.stdout!.on('data', (b: Buffer) => {
        out += b.toString();
        const m = /listening on 127\.0\.0\.1:(\d+)/.exec(out);
        if (m) resolve(Number(m[1]));
      });
      server.once('exit', () => reject(new Error(`pyrrhosvr exited: ${log}`)));
    });
  });
  afterAll(async () => {
    const exited = new Promise((r) => server.once('exit', r));
    server.kill('SIGINT');
    await exited;
    fs.rmSync(data, { recursive: true, force: true });
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('runs -e and scripts as embedded does, in DATA/DATABASE.pfl on the server', () => {
    const remote = ['-h:127.0.0.1', `-p:${port}`, '-u:fred'];
    const made = cmd([...remote, '-e', "create table t (id int primary key, name varchar(10)); insert into t values (1, 'a'), (2, 'b')", 'shop'], work);
    expect(made.err).toBe('');
    expect(made.code).toBe(0);
    expect(fs.existsSync(path.join(data, 'shop.pfl'))).toBe(true);
    expect(fs.existsSync(path.join(work, 'shop.pfl'))).toBe(false);
    const remoteOut = cmd([...remote, '-e', 'select * from t order by id', 'shop'], work);
    // the same table printed embedded, from a copy made the same way
    cmd(['-e', "create table t (id int primary key, name varchar(10)); insert into t values (1, 'a'), (2, 'b')", 'local'], work);
    const localOut = cmd(['-e', 'select * from t order by id', 'local'], work);
    expect(remoteOut.out).toBe(localOut.out);
    expect(remoteOut.out).toContain('│  2 │ b    │');
    const script = cmd([...remote, 'shop'], work, 'insert into t values (3, \'c\');\nselect count(*) from t;\n');
    expect(script.code).toBe(0);
    expect(script.out).toContain('3');
  });

  it('reports errors with SQLSTATE and caret, exit code 1', () => {
    const r = cmd(['-h:127.0.0.1', `-p:${port}`, '-e', 'select nope from t', 'shop'], work);
    expect(r.code).toBe(1);
    expect(r.out + r.err).toMatch(/42703/);
    const local = cmd(['-e', 'select nope from t', 'local'], work);
    expect(r.out + r.err).toBe(local.out + local.err);
    const bad = cmd(['-h:127.0.0.1', `-p:${port}`, '-e', 'select 1', '../x'], work);
    expect(bad.code).toBe(1);
    expect(bad.out + bad.err).toMatch(/3D000/);
  });

  it('logs one line per connection and per error', async () => {
    await new Promise((r) => setTimeout(r, 100));
    expect(log).toMatch(/shop user=fred: closed by the client after \d+ commands/);
    expect(log).toMatch(/42703/);
  });

  it('the prompt over TCP shows a long statement\'s progress line, and Ctrl-C cancels it (57014)', async () => {
    const conn = new PyrrhoConnect(`Host=127.0.0.1;Port=${port};Files=progress;User=fred;Password=secret`);
    await conn.open();
    const screen = promptScreen(conn);
    await cancelLongStatement(screen);
    const mark = screen.length;
    screen.type('select count(*) from t\r');
    await screen.until(/│\s+3000 │/, mark);
    await screen.end();
    await conn.close();
  }, 60_000);

  it('a server that is not there is 08001', () => {
    const r = cmd(['-h:127.0.0.1', '-p:1', '-e', 'select 1', 'shop'], work);
    expect(r.code).toBe(1);
    expect(r.out + r.err).toMatch(/08001/);
  });
});
