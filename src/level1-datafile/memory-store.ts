/**
 * src/level1-datafile/memory-store.ts — a `Store` held in memory, for ':memory:' databases and tests.
 *
 * 1. Same semantics as the file store except durability: `durable` is false and `sync` does nothing.
 * 2. Bytes live in chunks that are never moved or copied once written (4 KiB first, doubling up to
 *    CHUNK_MAX, then CHUNK_MAX each): fresh memory is costly to touch, and a doubling buffer touches
 *    everything again on every growth. `read` copies, so callers never alias the store.
 * 3. With `keepContent: false` the store counts bytes but keeps none (a ':memory:' database never reads its
 *    log back, so its rows need not be held twice); reading a discarded range is an IoError. Such a store
 *    also counts a frame by its length alone (`appendLength`, decision 0020): its bytes were never built.
 */
import { InternalError, SqlError, SqlState } from '../common/errors';
import { checkPatch, type Store } from './store';

const CHUNK_MIN = 4096;
const CHUNK_MAX = 1 << 20;

/** An in-memory byte store. */
export class MemoryStore implements Store {
  readonly durable = false;
  readonly readOnly: boolean;
  /** chunk i holds bytes [starts[i], starts[i] + chunks[i].length) */
  private readonly chunks: Uint8Array[] = [];
  private readonly starts: number[] = [];
  private length = 0;
  private closed = false;
  private readonly keepContent: boolean;

  get keepsContent(): boolean {
    return this.keepContent;
  }

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
      this.put(options.initial);
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
    return this.copy(start, end);
  }

  /** A fresh array of bytes [start, end), which lie within the length. */
  private copy(start: number, end: number): Uint8Array {
    const out = new Uint8Array(end - start);
    let i = this.chunkAt(start);
    for (let at = start; at < end; i++) {
      const chunk = this.chunks[i]!;
      const from = at - this.starts[i]!;
      const n = Math.min(chunk.length - from, end - at);
      out.set(chunk.subarray(from, from + n), at - start);
      at += n;
    }
    return out;
  }

  append(bytes: Uint8Array, expectedEnd: number): boolean {
    this.checkWritable();
    if (expectedEnd !== this.length) return false;
    if (this.keepContent) this.put(bytes);
    else this.length += bytes.length;
    return true;
  }

  appendLength(length: number, expectedEnd: number): boolean {
    this.checkWritable();
    if (this.keepContent) throw new InternalError(`${this.name} keeps its content: append the bytes`);
    if (expectedEnd !== this.length) return false;
    this.length += length;
    return true;
  }

  patch(position: number, bytes: Uint8Array): void {
    this.checkWritable();
    checkPatch(this.name, position, bytes.length, this.length);
    if (!this.keepContent) return;
    let i = this.chunkAt(position);
    for (let done = 0; done < bytes.length; i++) {
      const chunk = this.chunks[i]!;
      const from = position + done - this.starts[i]!;
      const n = Math.min(chunk.length - from, bytes.length - done);
      chunk.set(bytes.subarray(done, done + n), from);
      done += n;
    }
  }

  sync(): void {
    this.check();
  }

  truncate(length: number): void {
    this.checkWritable();
    if (length >= this.length) return;
    this.length = Math.max(0, length);
    // chunks wholly past the end go; the last one kept is written on from the new end
    while (this.chunks.length > 0 && this.starts[this.starts.length - 1]! >= this.length && this.length > 0) {
      this.chunks.pop();
      this.starts.pop();
    }
    if (this.length === 0) {
      this.chunks.length = 0;
      this.starts.length = 0;
    }
  }

  close(): void {
    this.closed = true;
  }

  /** A copy of the whole content (tests). */
  snapshot(): Uint8Array {
    return this.copy(0, this.length);
  }

  /** The index of the chunk holding byte `position` (the last chunk starting at or before it). */
  private chunkAt(position: number): number {
    let i = this.chunks.length - 1;
    while (i > 0 && this.starts[i]! > position) i--;
    return i;
  }

  /** Appends `bytes` at the end (invariant 2). */
  private put(bytes: Uint8Array): void {
    let done = 0;
    while (done < bytes.length) {
      let i = this.chunks.length - 1;
      if (i < 0 || this.length === this.starts[i]! + this.chunks[i]!.length) {
        const size = i < 0 ? CHUNK_MIN : Math.min(CHUNK_MAX, this.chunks[i]!.length * 2);
        this.chunks.push(new Uint8Array(size));
        this.starts.push(this.length);
        i++;
      }
      const chunk = this.chunks[i]!;
      const at = this.length - this.starts[i]!;
      const n = Math.min(chunk.length - at, bytes.length - done);
      chunk.set(done === 0 && n === bytes.length ? bytes : bytes.subarray(done, done + n), at);
      done += n;
      this.length += n;
    }
  }

  private check(): void {
    if (this.closed) throw SqlError.of(SqlState.IoError, [this.name, 'store is closed']);
  }

  private checkWritable(): void {
    this.check();
    if (this.readOnly) throw SqlError.of(SqlState.IoError, [this.name, 'store is read-only']);
  }
}
