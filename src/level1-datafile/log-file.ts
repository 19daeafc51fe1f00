/**
 * src/level1-datafile/log-file.ts — the database log: a header, then one CRC-checked frame per committed
 * transaction (layout in docs/file-format.md, "File header" and "Frames").
 *
 * 1. Commit point: `append` writes the whole frame with one compare-and-append at `end`, then syncs exactly
 *    once; only then does `end` move and the frame count as committed.
 * 2. Open scans every frame. A bad frame with no valid frame after it is a torn tail: it is cut off (unless
 *    read-only) and reported in `tornTail`. A bad frame with a valid frame after it is corruption: open throws
 *    DataCorrupted (XX001) naming the file and the bad frame's offset. Nothing is skipped silently.
 * 3. A failed append or sync leaves the log as it was before the call (the partial frame is truncated away);
 *    if even that fails the log refuses further appends until reopened.
 * 4. A read-only log never writes: not the header of an empty file, not the truncation of a torn tail.
 * 5. A file torn while being created — shorter than the header and a prefix of it, or up to 4 KiB of zeros —
 *    is an empty database: its header is rewritten and the torn bytes reported.
 */
import { assert } from '../common/assert';
import { SqlError, SqlState } from '../common/errors';
import { checkHeader, encodeHeader, HEADER_SIZE, isHeaderPrefix } from './file-header';
import { encodeFrame, findValidFrame, FRAME_HEADER_SIZE, FrameWindow, inspectFrame, MAX_FRAME_LENGTH, sealFrame } from './frame';
import type { Store } from './store';

/** One committed transaction as read from the log. */
export interface Frame {
  /** file offset of the frame's length field */
  readonly position: number;
  /** file offset of the payload's first byte */
  readonly payloadPosition: number;
  readonly payload: Uint8Array;
}

/** Bytes cut off (or, read-only, ignored) at the end of the file on open. */
export interface TornTail {
  readonly offset: number;
  readonly length: number;
}

/** Options for `LogFile.open`. */
export interface LogFileOptions {
  readonly readOnly?: boolean;
}

/** The append-only, checksummed log of one database. */
export class LogFile {
  private ended = 0;
  private broken: string | null = null;

  private constructor(
    private readonly store: Store,
    readonly readOnly: boolean,
    readonly tornTail: TornTail | null,
    end: number,
  ) {
    this.ended = end;
  }

  /** Opens the log in `store`: writes the header of an empty store, checks it otherwise, then scans the frames. */
  static open(store: Store, options: LogFileOptions = {}): LogFile {
    const readOnly = (options.readOnly ?? false) || store.readOnly;
    const size = store.size();
    if (size < HEADER_SIZE || (size <= ZERO_FILE_LIMIT && allZero(store.read(0, size)))) {
      return LogFile.openShort(store, readOnly, size);
    }
    checkHeader(store.read(0, HEADER_SIZE), store.name);
    const win = new FrameWindow(store, size);
    let p = HEADER_SIZE;
    for (;;) {
      if (p === size) return new LogFile(store, readOnly, null, size);
      const length = inspectFrame(win, p);
      if (typeof length === 'number') {
        p += FRAME_HEADER_SIZE + length;
        continue;
      }
      const valid = findValidFrame(win, p + 1);
      if (valid >= 0) {
        const what = `${length}; a valid frame follows at offset ${valid}`;
        throw SqlError.of(SqlState.DataCorrupted, [store.name, p, what]);
      }
      if (!readOnly) store.truncate(p);
      return new LogFile(store, readOnly, { offset: p, length: size - p }, p);
    }
  }

  /** An empty file, or one torn while its header was written (a header prefix, or zeros). */
  private static openShort(store: Store, readOnly: boolean, size: number): LogFile {
    const bytes = store.read(0, size);
    if (!isHeaderPrefix(bytes) && !allZero(bytes)) checkHeader(bytes, store.name);
    const torn = size > 0 ? { offset: 0, length: size } : null;
    if (readOnly) return new LogFile(store, readOnly, torn, 0);
    if (size > 0) store.truncate(0);
    if (!store.append(encodeHeader(), 0)) throw movedError(store, 0);
    store.sync();
    return new LogFile(store, readOnly, torn, HEADER_SIZE);
  }

  /** The store's name (file path or ':memory:'). */
  get name(): string {
    return this.store.name;
  }

  /** File length: where the next frame goes. */
  get end(): number {
    return this.ended;
  }

  /** Where the payload of the next appended frame will start (records are relocated against it). */
  nextPayloadPosition(): number {
    return this.ended + FRAME_HEADER_SIZE;
  }

  /** Every frame from `from` (a frame position; default: the first) to the end, checked again as read. */
  *frames(from: number = HEADER_SIZE): IterableIterator<Frame> {
    const end = this.ended;
    if (end <= HEADER_SIZE) return;
    const win = new FrameWindow(this.store, end);
    let p = Math.max(from, HEADER_SIZE);
    while (p < end) {
      const length = inspectFrame(win, p);
      if (typeof length !== 'number') throw SqlError.of(SqlState.DataCorrupted, [this.store.name, p, length]);
      const at = win.load(p, FRAME_HEADER_SIZE + length) + FRAME_HEADER_SIZE;
      yield { position: p, payloadPosition: p + FRAME_HEADER_SIZE, payload: win.buf.subarray(at, at + length) };
      p += FRAME_HEADER_SIZE + length;
    }
  }

  /** Appends one frame and syncs it: the commit point. Returns the frame as written. */
  append(payload: Uint8Array): Frame {
    this.checkAppend(payload.length);
    return this.write(encodeFrame(payload));
  }

  /**
   * Appends a frame built in place: `frame` is FRAME_HEADER_SIZE bytes of room, then the payload; the log
   * fills in the header and appends it without copying, then syncs: the commit point. The returned
   * frame's payload is a view of `frame`.
   */
  appendFrame(frame: Uint8Array): Frame {
    this.checkAppend(frame.length - FRAME_HEADER_SIZE);
    sealFrame(frame);
    return this.write(frame);
  }

  private checkAppend(payloadLength: number): void {
    if (this.readOnly) throw SqlError.of(SqlState.IoError, [this.store.name, 'database is open read-only']);
    if (this.broken !== null) {
      const what = `an earlier write failed (${this.broken}); reopen the database`;
      throw SqlError.of(SqlState.IoError, [this.store.name, what]);
    }
    assert(payloadLength > 0, 'empty frame payload');
    if (payloadLength > MAX_FRAME_LENGTH) {
      throw SqlError.of(SqlState.ProgramLimitExceeded, [
        `a transaction of ${payloadLength} bytes exceeds the frame limit of ${MAX_FRAME_LENGTH} bytes`,
      ]);
    }
  }

  private write(frame: Uint8Array): Frame {
    const position = this.ended;
    let appended: boolean;
    try {
      appended = this.store.append(frame, position);
      if (appended) this.store.sync();
    } catch (e) {
      this.undo(position, e);
      throw e;
    }
    if (!appended) throw movedError(this.store, position);
    this.ended = position + frame.length;
    return { position, payloadPosition: position + FRAME_HEADER_SIZE, payload: frame.subarray(FRAME_HEADER_SIZE) };
  }

  /** Closes the store (and so releases the file lock). */
  close(): void {
    this.store.close();
  }

  /** Removes whatever a failed append left behind, or marks the log unusable. */
  private undo(position: number, cause: unknown): void {
    try {
      if (this.store.size() > position) this.store.truncate(position);
    } catch {
      this.broken = (cause as Error).message;
    }
  }
}

/** Some file systems leave a zero-filled file after a crash during creation; a larger one is not ours. */
const ZERO_FILE_LIMIT = 4096;

function allZero(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i] !== 0) return false;
  return true;
}

function movedError(store: Store, expected: number): SqlError {
  return SqlError.of(SqlState.IoError, [
    store.name,
    `the file was changed by someone else: expected it to end at ${expected}, it ends at ${store.size()}`,
  ]);
}
