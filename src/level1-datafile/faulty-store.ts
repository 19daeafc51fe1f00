/**
 * src/level1-datafile/faulty-store.ts — a `Store` wrapper that injects faults, for crash and I/O-error tests
 * (SQLite's test_vfs.c in miniature).
 *
 * 1. Faults are armed relative to now: `failAppend(1)` fails the next append, `failAppend(3)` the third.
 *    An armed fault fires once.
 * 2. A failed append writes nothing; a torn append writes exactly its first `keep` bytes, then throws; a failed
 *    sync throws and makes nothing durable. All throw SqlError IoError (58030), as a real disk error would.
 * 3. `crash(keepUnsynced)` forgets every byte not made durable by a successful `sync` (keeping the first
 *    `keepUnsynced` of them, as a disk may), and clears armed faults: the store is then what a restarted
 *    process would find. Bytes present when the wrapper was made count as durable; a truncate is durable.
 * 4. `appends`, `patches` and `syncs` count the calls made, so tests can assert one sync per commit.
 * 5. A failed patch writes nothing and throws IoError.
 */
import { SqlError, SqlState } from '../common/errors';
import type { Store } from './store';

/** Wraps a store and misbehaves on request. */
export class FaultyStore implements Store {
  /** appends attempted since creation */
  appends = 0;
  /** syncs attempted since creation */
  syncs = 0;
  /** patches attempted since creation */
  patches = 0;
  private failPatchAt = 0;
  private durableSize: number;
  private failAppendAt = 0;
  private tearAppendAt = 0;
  private tearKeep = 0;
  private failSyncAt = 0;

  constructor(readonly inner: Store) {
    this.durableSize = inner.size();
  }

  get name(): string {
    return this.inner.name;
  }

  get durable(): boolean {
    return this.inner.durable;
  }

  get readOnly(): boolean {
    return this.inner.readOnly;
  }

  get keepsContent(): boolean {
    return this.inner.keepsContent;
  }

  /** Bytes that would survive a crash now. */
  get syncedSize(): number {
    return this.durableSize;
  }

  /** The n-th append from now (1 = the next) throws IoError and writes nothing. */
  failAppend(n = 1): this {
    this.failAppendAt = this.appends + n;
    return this;
  }

  /** The n-th append from now writes only its first `keep` bytes, then throws IoError. */
  tearAppend(n: number, keep: number): this {
    this.tearAppendAt = this.appends + n;
    this.tearKeep = keep;
    return this;
  }

  /** The n-th patch from now (1 = the next) throws IoError and writes nothing. */
  failPatch(n = 1): this {
    this.failPatchAt = this.patches + n;
    return this;
  }

  /** The n-th sync from now throws IoError; nothing becomes durable. */
  failSync(n = 1): this {
    this.failSyncAt = this.syncs + n;
    return this;
  }

  /** Simulates a power cut: unsynced bytes beyond the first `keepUnsynced` are lost; faults are disarmed. */
  crash(keepUnsynced = 0): void {
    const keep = Math.min(this.inner.size(), this.durableSize + Math.max(0, keepUnsynced));
    this.inner.truncate(keep);
    this.durableSize = keep;
    this.failAppendAt = this.tearAppendAt = this.failSyncAt = this.failPatchAt = 0;
  }

  size(): number {
    return this.inner.size();
  }

  read(position: number, length: number): Uint8Array {
    return this.inner.read(position, length);
  }

  /** Counts an append (of bytes or of a length) and fails it when it is the one `failAppend` named. */
  private countAppend(): number {
    const n = ++this.appends;
    if (n === this.failAppendAt) throw this.fault(`injected failure of append ${n}`);
    return n;
  }

  append(bytes: Uint8Array, expectedEnd: number): boolean {
    const n = this.countAppend();
    if (n === this.tearAppendAt) {
      const ok = this.inner.append(bytes.subarray(0, Math.min(this.tearKeep, bytes.length)), expectedEnd);
      throw this.fault(`injected torn append ${n} after ${ok ? Math.min(this.tearKeep, bytes.length) : 0} bytes`);
    }
    return this.inner.append(bytes, expectedEnd);
  }

  appendLength(length: number, expectedEnd: number): boolean {
    this.countAppend();
    return this.inner.appendLength(length, expectedEnd);
  }

  patch(position: number, bytes: Uint8Array): void {
    const n = ++this.patches;
    if (n === this.failPatchAt) throw this.fault(`injected failure of patch ${n}`);
    this.inner.patch(position, bytes);
  }

  sync(): void {
    const n = ++this.syncs;
    if (n === this.failSyncAt) throw this.fault(`injected failure of sync ${n}`);
    this.inner.sync();
    this.durableSize = this.inner.size();
  }

  truncate(length: number): void {
    this.inner.truncate(length);
    this.durableSize = Math.min(this.durableSize, this.inner.size());
  }

  close(): void {
    this.inner.close();
  }

  private fault(what: string): SqlError {
    return SqlError.of(SqlState.IoError, [this.name, what]);
  }
}
