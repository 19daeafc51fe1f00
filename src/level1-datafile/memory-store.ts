/**
 * src/level1-datafile/memory-store.ts — a `Store` held in memory, for ':memory:' databases and tests.
 *
 * 1. Same semantics as the file store except durability: `durable` is false and `sync` does nothing.
 * 2. The buffer grows by doubling; `read` copies, so callers never alias the store.
 * 3. With `keepContent: false` the store counts bytes but keeps none (a ':memory:' database never reads its
 *    log back, so its rows need not be held twice); reading a discarded range is an IoError.
 */
import { SqlError, SqlState } from '../common/errors';
import type { Store } from './store';

/** An in-memory byte store. */
export class MemoryStore implements Store {
  readonly durable = false;
  readonly readOnly: boolean;
  private buf = new Uint8Array(4096);
  private length = 0;
  private closed = false;
  private readonly keepContent: boolean;

  /**
   * @param options.initial bytes to start with (copied), e.g. a file image in a test
   * @param options.keepContent false: count appended bytes without keeping them (default true)
   */
  constructor(
    readonly name = ':memory:',
    options: { readOnly?: boolean; initial?: Uint8Array; keepContent?: boolean } = {},
  ) {
    this.readOnly = options.readOnly ?? false;
    this.keepContent = options.keepContent ?? true;
    if (options.initial !== undefined) {
      this.keepContent = true;
      this.put(options.initial, 0);
    }
  }

  size(): number {
    this.check();
    return this.length;
  }

  read(position: number, length: number): Uint8Array {
    this.check();
    const start = Math.min(Math.max(0, position), this.length);
    const end = Math.min(this.length, start + Math.max(0, length));
    if (!this.keepContent && end > start) {
      throw SqlError.of(SqlState.IoError, [this.name, 'this store does not keep what is written to it']);
    }
    return this.buf.slice(start, end);
  }

  append(bytes: Uint8Array, expectedEnd: number): boolean {
    this.checkWritable();
    if (expectedEnd !== this.length) return false;
    if (this.keepContent) this.put(bytes, this.length);
    else this.length += bytes.length;
    return true;
  }

  sync(): void {
    this.check();
  }

  truncate(length: number): void {
    this.checkWritable();
    if (length < this.length) this.length = Math.max(0, length);
  }

  close(): void {
    this.closed = true;
  }

  /** A copy of the whole content (tests). */
  snapshot(): Uint8Array {
    return this.buf.slice(0, this.length);
  }

  private put(bytes: Uint8Array, at: number): void {
    const need = at + bytes.length;
    if (need > this.buf.length) {
      let capacity = this.buf.length * 2;
      while (capacity < need) capacity *= 2;
      const next = new Uint8Array(capacity);
      next.set(this.buf.subarray(0, this.length));
      this.buf = next;
    }
    this.buf.set(bytes, at);
    this.length = need;
  }

  private check(): void {
    if (this.closed) throw SqlError.of(SqlState.IoError, [this.name, 'store is closed']);
  }

  private checkWritable(): void {
    this.check();
    if (this.readOnly) throw SqlError.of(SqlState.IoError, [this.name, 'store is read-only']);
  }
}
