/**
 * src/level1-datafile/lock-file.ts — the one-writer-process lock: a file `<database>.lock` holding the owner's pid.
 *
 * 1. The lock file appears atomically with its content: the pid is written to a private temporary file which
 *    is then hard-linked to the lock path (link fails if the lock exists), so a reader never sees an empty lock.
 * 2. A lock whose pid is dead (`process.kill(pid, 0)` throws ESRCH) or whose content is not a pid is stale and
 *    is taken over: renamed aside (atomic, so only one taker wins), checked to be the lock that was judged
 *    stale (else put back), deleted, and the acquisition retried.
 * 3. A live holder — including this process itself — is SqlError LockNotAvailable (55P03) naming the database
 *    file and the pid; never a corruption error.
 * 4. `release` deletes the lock only if it still holds this process's pid. Idempotent.
 */
import * as fs from 'fs';
import { SqlError, SqlState } from '../common/errors';

const MAX_ATTEMPTS = 10;

function ioError(file: string, e: unknown): SqlError {
  return SqlError.of(SqlState.IoError, [file, (e as Error).message], { cause: e });
}

function codeOf(e: unknown): string | undefined {
  return (e as NodeJS.ErrnoException).code;
}

/** True unless the process certainly does not exist. */
export function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return codeOf(e) !== 'ESRCH';
  }
}

function readContent(path: string): string | null {
  try {
    return fs.readFileSync(path, 'latin1');
  } catch (e) {
    if (codeOf(e) === 'ENOENT') return null;
    throw ioError(path, e);
  }
}

function parsePid(content: string): number | null {
  const text = content.trim();
  if (!/^[0-9]{1,10}$/.test(text)) return null;
  const pid = Number(text);
  return pid > 0 ? pid : null;
}

/** Creates the lock holding our pid; false if a lock file already exists. */
function tryCreate(lockPath: string): boolean {
  const tmp = `${lockPath}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(tmp, `${process.pid}\n`);
    try {
      fs.linkSync(tmp, lockPath);
      return true;
    } catch (e) {
      if (codeOf(e) === 'EEXIST') return false;
      if (codeOf(e) !== 'EPERM' && codeOf(e) !== 'ENOTSUP' && codeOf(e) !== 'ENOSYS') throw e;
      return createExclusive(lockPath); // file systems without hard links
    }
  } catch (e) {
    throw e instanceof SqlError ? e : ioError(lockPath, e);
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

function createExclusive(lockPath: string): boolean {
  try {
    fs.writeFileSync(lockPath, `${process.pid}\n`, { flag: 'wx' });
    return true;
  } catch (e) {
    if (codeOf(e) === 'EEXIST') return false;
    throw ioError(lockPath, e);
  }
}

/** Moves a stale lock aside and deletes it, unless it changed since it was judged stale. */
function takeOver(lockPath: string, staleContent: string): void {
  const aside = `${lockPath}.${process.pid}.stale`;
  try {
    fs.renameSync(lockPath, aside);
  } catch (e) {
    if (codeOf(e) === 'ENOENT') return; // someone else removed it; retry
    throw ioError(lockPath, e);
  }
  try {
    if (readContent(aside) !== staleContent) {
      // another process took the lock over between our read and our rename: give it back
      try {
        fs.linkSync(aside, lockPath);
      } catch (e) {
        if (codeOf(e) !== 'EEXIST') throw ioError(lockPath, e);
      }
    }
  } finally {
    fs.rmSync(aside, { force: true });
  }
}

/** An exclusive lock on a database file, held until `release`. */
export class LockFile {
  private released = false;

  private constructor(readonly path: string) {}

  /**
   * Takes the lock at `lockPath` (`<database>.lock`), taking over a stale one.
   * @throws SqlError LockNotAvailable when a live process holds it; IoError when the file system refuses
   */
  static acquire(lockPath: string): LockFile {
    const database = lockPath.endsWith('.lock') ? lockPath.slice(0, -5) : lockPath;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      if (tryCreate(lockPath)) return new LockFile(lockPath);
      const content = readContent(lockPath);
      if (content === null) continue; // released meanwhile
      const pid = parsePid(content);
      if (pid !== null && processIsAlive(pid)) {
        throw SqlError.of(SqlState.LockNotAvailable, [database, pid], {
          detail: pid === process.pid ? 'This process already has the database open.' : undefined,
          hint: `If process ${pid} is not using the database, delete ${lockPath}.`,
        });
      }
      takeOver(lockPath, content);
    }
    throw SqlError.of(SqlState.IoError, [lockPath, 'could not acquire the lock: it keeps changing']);
  }

  /** Deletes the lock file if it is still ours. */
  release(): void {
    if (this.released) return;
    this.released = true;
    const content = readContent(this.path);
    if (content !== null && parsePid(content) === process.pid) fs.rmSync(this.path, { force: true });
  }
}
