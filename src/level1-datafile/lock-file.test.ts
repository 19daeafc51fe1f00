/** src/level1-datafile/lock-file.test.ts — the pid lock in one process: create, refuse, stale takeover, release. */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { SqlError } from '../common/errors';
import { LockFile, processIsAlive } from './lock-file';

let tmp: string;

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pyrrho-lock-'));
});

afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** The pid of a process that has exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  const pid = Number(r.stdout);
  expect(processIsAlive(pid)).toBe(false);
  return pid;
}

test('acquire writes our pid; a second acquire is LockNotAvailable; release deletes it', () => {
  const lockPath = path.join(tmp, 'a.pfl.lock');
  const lock = LockFile.acquire(lockPath);
  expect(fs.readFileSync(lockPath, 'utf8')).toBe(`${process.pid}\n`);
  let error: SqlError | null = null;
  try {
    LockFile.acquire(lockPath);
  } catch (e) {
    error = e as SqlError;
  }
  expect(error?.sqlState).toBe('55P03');
  expect(error?.message).toBe(`database file ${path.join(tmp, 'a.pfl')} is locked by process ${process.pid}`);
  expect(error?.hint).toContain(lockPath);
  lock.release();
  lock.release();
  expect(fs.existsSync(lockPath)).toBe(false);
  expect(fs.readdirSync(tmp).filter((f) => f.startsWith('a.pfl'))).toEqual([]);
});

test('a lock held by a dead process is taken over', () => {
  const lockPath = path.join(tmp, 'b.pfl.lock');
  fs.writeFileSync(lockPath, `${deadPid()}\n`);
  const lock = LockFile.acquire(lockPath);
  expect(fs.readFileSync(lockPath, 'utf8')).toBe(`${process.pid}\n`);
  lock.release();
});

test('a lock file that holds no pid is taken over', () => {
  for (const content of ['', 'garbage', '0', '-5']) {
    const lockPath = path.join(tmp, 'c.pfl.lock');
    fs.writeFileSync(lockPath, content);
    const lock = LockFile.acquire(lockPath);
    expect(fs.readFileSync(lockPath, 'utf8')).toBe(`${process.pid}\n`);
    lock.release();
  }
});

test('release leaves alone a lock that is no longer ours', () => {
  const lockPath = path.join(tmp, 'd.pfl.lock');
  const lock = LockFile.acquire(lockPath);
  fs.writeFileSync(lockPath, '1\n');
  lock.release();
  expect(fs.readFileSync(lockPath, 'utf8')).toBe('1\n');
  fs.rmSync(lockPath);
});

test('an unwritable directory is an i/o error, not a lock error', () => {
  expect(() => LockFile.acquire(path.join(tmp, 'no', 'such', 'dir', 'e.pfl.lock'))).toThrow(/i\/o error on/);
});
