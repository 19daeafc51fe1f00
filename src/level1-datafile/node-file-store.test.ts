/**
 * src/level1-datafile/node-file-store.test.ts — the file store on a real disk: I/O, the lock between processes,
 * stale-lock takeover after SIGKILL, and a writer killed with SIGKILL in mid-commit losing nothing it reported.
 * Child processes run this directory's code transpiled on the fly, so the test does not depend on a build.
 */
import { spawn, spawnSync, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';
import { SqlError } from '../common/errors';
import { LogFile } from './log-file';
import { NodeFileStore, RESERVE_STEP } from './node-file-store';

const ROOT = path.resolve(__dirname, '..', '..');
let tmp: string;
let lib: string;

/** Transpiles common/ and level1-datafile/ into `out`, so child processes can require them. */
function transpile(out: string): void {
  const dir = path.join(ROOT, 'src', 'level1-datafile');
  const files = ['src/common/errors.ts', 'src/common/sqlstate.generated.ts', 'src/common/assert.ts'].concat(
    fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
      .map((f) => `src/level1-datafile/${f}`),
  );
  for (const f of files) {
    const js = ts.transpileModule(fs.readFileSync(path.join(ROOT, f), 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    }).outputText;
    const target = path.join(out, f.replace(/\.ts$/, '.js'));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, js);
  }
}

const CHILD = `
const [mode, lib, file] = process.argv.slice(2);
const { NodeFileStore } = require(lib + '/src/level1-datafile/node-file-store.js');
const { LogFile } = require(lib + '/src/level1-datafile/log-file.js');
if (mode === 'try') {
  try { NodeFileStore.open(file).close(); console.log(JSON.stringify({ ok: true })); }
  catch (e) { console.log(JSON.stringify({ code: e.sqlState, message: e.message })); }
} else if (mode === 'hold') {
  NodeFileStore.open(file);
  console.log('ready');
  setInterval(() => {}, 1000);
} else if (mode === 'write') {
  const log = LogFile.open(NodeFileStore.open(file));
  let i = 0;
  for (const f of log.frames()) i++;
  for (;;) {
    const p = new Uint8Array(100 + (i % 300));
    new DataView(p.buffer).setUint32(0, i, true);
    p.fill(i & 0xff, 4);
    log.append(p);
    process.stdout.write(i + '\\n');
    i++;
  }
}`;

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pyrrho-l1-'));
  lib = path.join(tmp, 'lib');
  transpile(lib);
  fs.writeFileSync(path.join(tmp, 'child.js'), CHILD);
});

afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

function child(mode: string, file: string): ChildProcess {
  return spawn(process.execPath, [path.join(tmp, 'child.js'), mode, lib, file], { stdio: ['ignore', 'pipe', 'inherit'] });
}

function tryInChild(file: string): { ok?: boolean; code?: string; message?: string } {
  const r = spawnSync(process.execPath, [path.join(tmp, 'child.js'), 'try', lib, file], { encoding: 'utf8' });
  return JSON.parse(r.stdout) as { ok?: boolean; code?: string; message?: string };
}

function waitFor(p: ChildProcess, pattern: RegExp): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const onData = (d: Buffer): void => {
      seen += d.toString();
      if (pattern.test(seen)) {
        p.stdout!.off('data', onData);
        resolve();
      }
    };
    p.stdout!.on('data', onData);
    p.once('exit', (code) => reject(new Error(`child exited (${code}) before ${pattern}: ${seen}`)));
  });
}

function killed(p: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (p.exitCode !== null || p.signalCode !== null) resolve();
    else p.once('exit', () => resolve());
  });
}

function lockError(f: () => unknown): SqlError {
  try {
    f();
  } catch (e) {
    expect((e as SqlError).sqlState).toBe('55P03');
    return e as SqlError;
  }
  throw new Error('expected LockNotAvailable');
}

describe('NodeFileStore', () => {
  test('creates, appends at the expected end only, reads, truncates, and releases its lock', () => {
    const file = path.join(tmp, 'basic.pfl');
    const store = NodeFileStore.open(file);
    expect(fs.readFileSync(`${file}.lock`, 'utf8').trim()).toBe(String(process.pid));
    expect(store.size()).toBe(0);
    expect(store.append(Uint8Array.of(1, 2, 3), 0)).toBe(true);
    expect(store.append(Uint8Array.of(9), 0)).toBe(false);
    expect(store.append(Uint8Array.of(4, 5), 3)).toBe(true);
    store.sync();
    expect(Array.from(store.read(1, 3))).toEqual([2, 3, 4]);
    expect(Array.from(store.read(3, 100))).toEqual([4, 5]);
    store.truncate(2);
    expect(store.size()).toBe(2);
    store.close();
    store.close();
    expect(fs.existsSync(`${file}.lock`)).toBe(false);
    expect(Array.from(fs.readFileSync(file))).toEqual([1, 2]);
    expect(() => store.size()).toThrow(/i\/o error on .*basic.pfl: file is closed/);
  });

  test('a second open in the same process is a lock error naming this process', () => {
    const file = path.join(tmp, 'twice.pfl');
    const store = NodeFileStore.open(file);
    const e = lockError(() => NodeFileStore.open(file));
    expect(e.message).toBe(`database file ${file} is locked by process ${process.pid}`);
    expect(e.detail).toMatch(/already has the database open/);
    store.close();
    NodeFileStore.open(file).close();
  });

  test('read-only opens take no lock and refuse writes; a missing file is an i/o error', () => {
    const file = path.join(tmp, 'ro.pfl');
    const writer = NodeFileStore.open(file);
    writer.append(Uint8Array.of(1), 0);
    const reader = NodeFileStore.open(file, { readOnly: true });
    expect(Array.from(reader.read(0, 1))).toEqual([1]);
    expect(() => reader.append(Uint8Array.of(2), 1)).toThrow(/read-only/);
    reader.close();
    writer.close();
    expect(() => NodeFileStore.open(path.join(tmp, 'missing.pfl'), { readOnly: true })).toThrow(/i\/o error on/);
  });

  test('appends reserve the file ahead of the log (invariant 5); size() and read stop at the log; close cuts the zeros', () => {
    const file = path.join(tmp, 'reserve.pfl');
    const store = NodeFileStore.open(file);
    expect(store.append(Uint8Array.of(1, 2, 3), 0)).toBe(true);
    expect(fs.statSync(file).size).toBe(3); // nothing reserved before the header: a torn creation is never a big run of zeros
    expect(store.append(Uint8Array.of(4, 5), 3)).toBe(true);
    expect(fs.statSync(file).size).toBe(RESERVE_STEP);
    expect(store.size()).toBe(5);
    expect(Array.from(store.read(0, 100))).toEqual([1, 2, 3, 4, 5]);
    expect(store.append(new Uint8Array(RESERVE_STEP), 5)).toBe(true);
    expect(fs.statSync(file).size).toBe(2 * RESERVE_STEP);
    const reader = NodeFileStore.open(file, { readOnly: true });
    expect(reader.size()).toBe(2 * RESERVE_STEP); // another process sees the zeros too; the log reads them as its end
    store.truncate(RESERVE_STEP + 5); // the writer cuts its zeros while the reader has the file open: they read as zeros
    expect(Array.from(reader.read(RESERVE_STEP + 3, 4))).toEqual([0, 0, 0, 0]);
    expect(reader.read(2 * RESERVE_STEP - 8, 100)).toEqual(new Uint8Array(8));
    reader.close();
    store.truncate(4);
    expect(fs.statSync(file).size).toBe(4);
    store.append(Uint8Array.of(6), 4);
    store.close();
    expect(Array.from(fs.readFileSync(file))).toEqual([1, 2, 3, 4, 6]);
  });

  test('a log left with reserved zeros (a crash) opens at its last frame, nothing reported; read-only leaves the file be', () => {
    const file = path.join(tmp, 'crashed.pfl');
    const log = LogFile.open(NodeFileStore.open(file));
    log.append(Uint8Array.of(1, 2, 3));
    log.append(Uint8Array.of(4));
    const end = log.end;
    // a crash: the file as it stands while the log is open, reserved zeros and all
    const copy = path.join(tmp, 'crashed-copy.pfl');
    fs.copyFileSync(file, copy);
    log.close();
    expect(fs.statSync(copy).size).toBe(RESERVE_STEP);
    const ro = LogFile.open(NodeFileStore.open(copy, { readOnly: true }));
    expect([ro.tornTail, ro.end, fs.statSync(copy).size]).toEqual([null, end, RESERVE_STEP]);
    ro.close();
    const again = LogFile.open(NodeFileStore.open(copy));
    expect([again.tornTail, again.end, fs.statSync(copy).size]).toEqual([null, end, end]);
    expect(Array.from(again.frames(), (f) => Array.from(f.payload))).toEqual([[1, 2, 3], [4]]);
    again.append(Uint8Array.of(5));
    again.close();
    expect(fs.statSync(copy).size).toBe(end + 9);
  });

  test('the log over a real file: a torn tail is cut off on disk', () => {
    const file = path.join(tmp, 'log.pfl');
    const log = LogFile.open(NodeFileStore.open(file));
    log.append(Uint8Array.of(1, 2, 3));
    const end = log.end;
    log.close();
    fs.appendFileSync(file, Buffer.from([5, 0, 0, 0, 1, 2]));
    const again = LogFile.open(NodeFileStore.open(file));
    expect(again.tornTail).toEqual({ offset: end, length: 6 });
    expect(fs.statSync(file).size).toBe(end);
    expect(Array.from(again.frames(), (f) => Array.from(f.payload))).toEqual([[1, 2, 3]]);
    again.close();
  });
});

describe('the lock between processes', () => {
  test('a live holder in either process refuses the other; a SIGKILLed holder is taken over', async () => {
    const file = path.join(tmp, 'shared.pfl');
    const mine = NodeFileStore.open(file);
    const refused = tryInChild(file);
    expect(refused.code).toBe('55P03');
    expect(refused.message).toBe(`database file ${file} is locked by process ${process.pid}`);
    mine.close();
    expect(tryInChild(file)).toEqual({ ok: true });

    const holder = child('hold', file);
    await waitFor(holder, /ready/);
    const e = lockError(() => NodeFileStore.open(file));
    expect(e.message).toBe(`database file ${file} is locked by process ${holder.pid}`);
    NodeFileStore.open(file, { readOnly: true }).close();

    holder.kill('SIGKILL');
    await killed(holder);
    expect(fs.readFileSync(`${file}.lock`, 'utf8').trim()).toBe(String(holder.pid));
    const taken = NodeFileStore.open(file);
    expect(fs.readFileSync(`${file}.lock`, 'utf8').trim()).toBe(String(process.pid));
    taken.close();
  });
});

describe('a writer killed with SIGKILL', () => {
  test('loses no frame whose append returned and never leaves half a frame', async () => {
    const file = path.join(tmp, 'killed.pfl');
    for (const [round, delay] of [25, 120, 60].entries()) {
      const writer = child('write', file);
      let last = -1;
      let buffered = '';
      writer.stdout!.on('data', (d: Buffer) => {
        buffered += d.toString();
        const lines = buffered.split('\n');
        buffered = lines.pop()!;
        if (lines.length > 0) last = Number(lines[lines.length - 1]);
      });
      await waitFor(writer, /\n/);
      await new Promise((r) => setTimeout(r, delay));
      writer.kill('SIGKILL');
      await killed(writer);
      const log = LogFile.open(NodeFileStore.open(file));
      let i = 0;
      for (const f of log.frames()) {
        const view = new DataView(f.payload.buffer, f.payload.byteOffset, f.payload.byteLength);
        expect(view.getUint32(0, true)).toBe(i);
        expect(f.payload.length).toBe(100 + (i % 300));
        expect(f.payload[f.payload.length - 1]).toBe(i & 0xff);
        i++;
      }
      expect(last).toBeGreaterThanOrEqual(round);
      expect(i).toBeGreaterThan(last);
      log.close();
    }
  });
});
