/**
 * src/level1-datafile/node-file-store.ts — a `Store` over one file, with synchronous positional I/O and the lock.
 *
 * 1. A writable open takes `<path>.lock` (lock-file.ts) BEFORE opening the file, so a second process gets a
 *    clear LockNotAvailable, never a half-read file; `close` releases it. Read-only opens take no lock.
 * 2. The store tracks its size itself (one writer process holds the lock); `append` writes at that size only
 *    when it equals `expectedEnd`, looping until every byte is written. No O_APPEND: writes are positional.
 * 3. `sync` is fdatasync. Creating the file also syncs its directory, so the new name survives a crash.
 * 4. Every fs error becomes SqlError IoError (58030) naming the path; the cause is kept.
 * 5. Appends keep the file's size ahead of the log's end (decision 0039): when an append would pass the size,
 *    the file is first extended (`ftruncate`, a sparse hole) to the next multiple of RESERVE_STEP, so the
 *    fdatasync of most commits writes data only, not a new file size. `size()` and `read` stop at the log's
 *    end; the zeros after it are not the log's (log-file.ts invariant 9). Nothing is reserved before the
 *    header (an append at 0), so a file torn while it was created is never a large run of zeros. `truncate`
 *    and `close` cut the file back to the log's end; after a crash the zeros stay until the next writable open.
 *    A read-only store (another process's `--check`) may see the file shrink while it reads the zeros: what
 *    is gone past the end of the file reads as zeros, which is what it was.
 */
import * as fs from 'fs';
import * as path from 'path';
import { InternalError, SqlError, SqlState } from '../common/errors';
import { LockFile } from './lock-file';
import { checkPatch, type Store } from './store';

/** How far ahead of the log's end appends extend the file (invariant 5). */
export const RESERVE_STEP = 1 << 20;

/** Options for `NodeFileStore.open`. */
export interface FileStoreOptions {
  /** open without the lock and refuse writes (pyrrhocmd --check) */
  readonly readOnly?: boolean;
}

/** A database file on disk. */
export class NodeFileStore implements Store {
  readonly durable = true;
  readonly keepsContent = true;
  private fd: number | null;
  /** the log's end: bytes appended */
  private length: number;
  /** the file's size on disk: `length` and the zeros reserved after it (invariant 5) */
  private reserved: number;

  private constructor(
    readonly name: string,
    fd: number,
    readonly readOnly: boolean,
    private readonly lock: LockFile | null,
  ) {
    this.fd = fd;
    this.length = fs.fstatSync(fd).size;
    this.reserved = this.length;
  }

  /** Opens (creating unless read-only) the file at `filePath`. */
  static open(filePath: string, options: FileStoreOptions = {}): NodeFileStore {
    const readOnly = options.readOnly ?? false;
    if (readOnly) return new NodeFileStore(filePath, openFile(filePath, 'r'), true, null);
    const lock = LockFile.acquire(`${filePath}.lock`);
    try {
      const existed = fs.existsSync(filePath);
      const fd = openFile(filePath, existed ? 'r+' : 'wx+');
      if (!existed) syncDirectory(filePath);
      return new NodeFileStore(filePath, fd, false, lock);
    } catch (e) {
      lock.release();
      throw e;
    }
  }

  size(): number {
    this.handle();
    return this.length;
  }

  read(position: number, length: number): Uint8Array {
    const fd = this.handle();
    const start = Math.min(Math.max(0, position), this.length);
    const n = Math.min(this.length, start + Math.max(0, length)) - start;
    const out = new Uint8Array(n);
    let done = 0;
    while (done < n) {
      const got = this.io(() => fs.readSync(fd, out, done, n - done, start + done));
      // a read-only store's file may shrink under it when the writer cuts its reserved zeros (invariant 5)
      if (got === 0 && this.readOnly) break;
      if (got === 0) throw SqlError.of(SqlState.IoError, [this.name, `unexpected end of file at ${start + done}`]);
      done += got;
    }
    return out;
  }

  appendLength(): boolean {
    throw new InternalError(`${this.name} keeps its content: append the bytes`);
  }

  append(bytes: Uint8Array, expectedEnd: number): boolean {
    const fd = this.writable();
    if (expectedEnd !== this.length) return false;
    if (expectedEnd > 0 && expectedEnd + bytes.length > this.reserved) this.reserve(expectedEnd + bytes.length);
    let done = 0;
    try {
      while (done < bytes.length) {
        done += this.io(() => fs.writeSync(fd, bytes, done, bytes.length - done, expectedEnd + done));
      }
    } finally {
      this.length = expectedEnd + done;
    }
    return true;
  }

  patch(position: number, bytes: Uint8Array): void {
    const fd = this.writable();
    checkPatch(this.name, position, bytes.length, this.length);
    let done = 0;
    while (done < bytes.length) {
      done += this.io(() => fs.writeSync(fd, bytes, done, bytes.length - done, position + done));
    }
  }

  sync(): void {
    const fd = this.writable();
    this.io(() => fs.fdatasyncSync(fd));
  }

  truncate(length: number): void {
    const fd = this.writable();
    if (length >= this.length && this.reserved === this.length) return;
    const to = Math.max(0, Math.min(length, this.length));
    this.io(() => fs.ftruncateSync(fd, to));
    this.length = to;
    this.reserved = to;
  }

  close(): void {
    if (this.fd === null) return;
    const fd = this.fd;
    try {
      // the reserved zeros go (invariant 5); if cutting them fails, the next open cuts them
      if (!this.readOnly && this.reserved > this.length) fs.ftruncateSync(fd, this.length);
    } catch {
      // harmless: zeros after the log's end are read as its end
    }
    this.fd = null;
    try {
      this.io(() => fs.closeSync(fd));
    } finally {
      this.lock?.release();
    }
  }

  /** Extends the file to the next multiple of RESERVE_STEP at or past `end` (invariant 5). */
  private reserve(end: number): void {
    const fd = this.writable();
    const size = Math.ceil(end / RESERVE_STEP) * RESERVE_STEP;
    this.io(() => fs.ftruncateSync(fd, size));
    this.reserved = size;
  }

  private handle(): number {
    if (this.fd === null) throw SqlError.of(SqlState.IoError, [this.name, 'file is closed']);
    return this.fd;
  }

  private writable(): number {
    const fd = this.handle();
    if (this.readOnly) throw SqlError.of(SqlState.IoError, [this.name, 'file is open read-only']);
    return fd;
  }

  private io<T>(f: () => T): T {
    try {
      return f();
    } catch (e) {
      throw SqlError.of(SqlState.IoError, [this.name, (e as Error).message], { cause: e });
    }
  }
}

function openFile(filePath: string, flags: string): number {
  try {
    return fs.openSync(filePath, flags, 0o644);
  } catch (e) {
    throw SqlError.of(SqlState.IoError, [filePath, (e as Error).message], { cause: e });
  }
}

/** Makes a newly created or renamed directory entry durable; a no-op where directories cannot be opened (Windows). */
export function syncDirectory(filePath: string): void {
  let fd: number | null = null;
  try {
    fd = fs.openSync(path.dirname(path.resolve(filePath)), 'r');
    fs.fsyncSync(fd);
  } catch {
    // directory fsync is best effort: not supported on every platform
  } finally {
    if (fd !== null) fs.closeSync(fd);
  }
}
