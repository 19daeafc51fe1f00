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
 * 6. Open with `resume` (a checkpoint's `LogIdentity`) scans only from `resume.end` when the frame headers at
 *    the identity's first and last frames say what it recorded (checkpoint-envelope.ts invariant 2); the
 *    frames before are trusted as a checkpoint open trusts them. Otherwise it scans every frame, as without
 *    it, and `resumeRefused` says why. Either way invariant 2 holds for the frames it scans.
 * 7. `identity()` names the log as it stands (first and last frame, end), for the checkpoint written next.
 * 8. A frame too large to build whole is appended in pieces (`appendPiece`, decision 0027): the first piece
 *    begins with FRAME_HEADER_SIZE bytes of room, each piece is appended at the end of the one before and
 *    its CRC chained on, and `sealPieces` writes the header over the room (`Store.patch`), then syncs once:
 *    the commit point, as for a frame appended whole. Until then `end` does not move and the unsealed bytes
 *    are a torn tail (the header room is zeros), so a crash at any moment loses the frame and nothing else;
 *    `abandonPieces`, or a failure of any step, truncates them away (invariant 3).
 * 9. Zeros from where a frame would start to the end of the file are not a torn tail but the log's end: a
 *    store may reserve space ahead of its appends (node-file-store.ts invariant 5, decision 0039), and a crash
 *    leaves it there. Open cuts them off unless read-only and reports nothing. A frame torn part-way into them
 *    is still a torn tail (its first bytes are not zeros), reported with the zeros after it.
 */
import { assert } from '../common/assert';
import { SqlError, SqlState } from '../common/errors';
import { checkHeader, encodeHeader, HEADER_SIZE, isHeaderPrefix } from './file-header';
import type { LogIdentity } from './checkpoint-envelope';
import { crc32 } from './crc32';
import { encodeFrame, findValidFrame, FRAME_HEADER_SIZE, frameHeaderAt, FrameWindow, inspectFrame, MAX_FRAME_LENGTH, sealFrame } from './frame';
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
  /** the log prefix a checkpoint reflects: scan only after it when the log still holds it (invariant 6) */
  readonly resume?: LogIdentity | null;
}

/** A frame's position, payload length and CRC: the first and last frames name a log (invariant 7). */
interface FrameMark {
  readonly position: number;
  readonly length: number;
  readonly crc: number;
}

/** The append-only, checksummed log of one database. */
export class LogFile {
  private ended = 0;
  private broken: string | null = null;
  /** the frame being appended in pieces (invariant 8): where it starts, bytes appended, CRC of its payload so far */
  private pieces: { position: number; written: number; crc: number } | null = null;
  private first: FrameMark | null = null;
  private last: FrameMark | null = null;
  /** true when open scanned only the frames after a checkpoint's prefix (invariant 6) */
  resumed = false;
  /** why a `resume` identity given to open was not used, or null */
  resumeRefused: string | null = null;

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
    let first: FrameMark | null = null;
    let last: FrameMark | null = null;
    const resume = options.resume ?? null;
    const refused = resume === null ? null : refuseResume(win, resume);
    if (resume !== null && refused === null) {
      p = resume.end;
      first = { position: HEADER_SIZE, length: resume.firstLength, crc: resume.firstCrc };
      last = { position: resume.lastPosition, length: resume.lastLength, crc: resume.lastCrc };
    }
    const made = (tail: TornTail | null, end: number): LogFile => {
      const log = new LogFile(store, readOnly, tail, end);
      log.first = first;
      log.last = last;
      log.resumed = resume !== null && refused === null;
      log.resumeRefused = refused;
      return log;
    };
    for (;;) {
      if (p === size) return made(null, size);
      const length = inspectFrame(win, p);
      if (typeof length === 'number') {
        last = { position: p, length, crc: frameHeaderAt(win, p)!.crc };
        first ??= last;
        p += FRAME_HEADER_SIZE + length;
        continue;
      }
      if (zerosTo(store, p, size)) {
        // space reserved ahead of the appends (invariant 9)
        if (!readOnly) store.truncate(p);
        return made(null, p);
      }
      const valid = findValidFrame(win, p + 1);
      if (valid >= 0) {
        const what = `${length}; a valid frame follows at offset ${valid}`;
        throw SqlError.of(SqlState.DataCorrupted, [store.name, p, what]);
      }
      if (!readOnly) store.truncate(p);
      return made({ offset: p, length: size - p }, p);
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

  /** The log as it stands: its end and its first and last frames (invariant 7); null while it has no frame. */
  identity(): LogIdentity | null {
    const { first, last } = this;
    if (first === null || last === null) return null;
    return {
      end: this.ended,
      firstLength: first.length,
      firstCrc: first.crc,
      lastPosition: last.position,
      lastLength: last.length,
      lastCrc: last.crc,
    };
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
    this.checkWhole();
    this.checkAppend(payload.length);
    return this.write(encodeFrame(payload));
  }

  /**
   * Appends a frame built in place: `frame` is FRAME_HEADER_SIZE bytes of room, then the payload; the log
   * fills in the header and appends it without copying, then syncs: the commit point. The returned
   * frame's payload is a view of `frame`.
   */
  appendFrame(frame: Uint8Array): Frame {
    this.checkWhole();
    this.checkAppend(frame.length - FRAME_HEADER_SIZE);
    sealFrame(frame);
    return this.write(frame);
  }

  /**
   * For a store that keeps no content: counts a frame of `length` bytes (header included) whose bytes were
   * never kept (bytes.ts invariant 6), as `appendFrame` would place it; returns its position. Such a log is
   * never read back, so the frame needs no checksum.
   */
  appendUnkept(length: number): number {
    this.checkWhole();
    this.checkAppend(length - FRAME_HEADER_SIZE);
    const position = this.ended;
    let appended: boolean;
    try {
      appended = this.store.appendLength(length, position);
    } catch (e) {
      this.undo(position, e);
      throw e;
    }
    if (!appended) throw movedError(this.store, position);
    this.ended = position + length;
    this.last = { position, length: length - FRAME_HEADER_SIZE, crc: 0 };
    this.first ??= this.last;
    return position;
  }

  /**
   * Appends the next piece of a frame too large to build whole (invariant 8). The first piece of a frame
   * starts with FRAME_HEADER_SIZE bytes of room for its header. Throws (having removed every piece) when the
   * store fails or the frame grows past MAX_FRAME_LENGTH.
   */
  appendPiece(piece: Uint8Array): void {
    let p = this.pieces;
    if (p === null) {
      this.checkWritable();
      assert(piece.length >= FRAME_HEADER_SIZE, 'the first piece of a frame holds its header room');
      p = this.pieces = { position: this.ended, written: 0, crc: 0 };
    }
    const skip = Math.max(0, FRAME_HEADER_SIZE - p.written);
    const payloadLength = p.written + piece.length - FRAME_HEADER_SIZE;
    try {
      if (payloadLength > MAX_FRAME_LENGTH) throw frameTooLarge(payloadLength);
      if (!this.store.append(piece, p.position + p.written)) throw movedError(this.store, p.position + p.written);
    } catch (e) {
      this.abandonPieces(e);
      throw e;
    }
    p.written += piece.length;
    p.crc = crc32(piece, Math.min(skip, piece.length), piece.length, p.crc);
  }

  /** True while a frame is being appended in pieces (invariant 8). */
  get appendingPieces(): boolean {
    return this.pieces !== null;
  }

  /**
   * Seals the frame whose pieces were appended — its header over the room the first piece left, then one
   * sync: the commit point (invariant 8). Returns the frame's position.
   */
  sealPieces(): number {
    const p = this.pieces;
    assert(p !== null && p.written > FRAME_HEADER_SIZE, 'a frame was appended in pieces');
    const header = new Uint8Array(FRAME_HEADER_SIZE);
    const length = p.written - FRAME_HEADER_SIZE;
    new DataView(header.buffer).setUint32(0, length, true);
    new DataView(header.buffer).setUint32(4, p.crc, true);
    try {
      this.store.patch(p.position, header);
      this.store.sync();
    } catch (e) {
      this.abandonPieces(e);
      throw e;
    }
    this.pieces = null;
    this.ended = p.position + p.written;
    this.last = { position: p.position, length, crc: p.crc };
    this.first ??= this.last;
    return p.position;
  }

  /** Removes the pieces of an unsealed frame (invariant 8); nothing when there are none. */
  abandonPieces(cause: unknown = new Error('abandoned')): void {
    const p = this.pieces;
    if (p === null) return;
    this.pieces = null;
    this.undo(p.position, cause);
  }

  private checkAppend(payloadLength: number): void {
    this.checkWritable();
    assert(payloadLength > 0, 'empty frame payload');
    if (payloadLength > MAX_FRAME_LENGTH) throw frameTooLarge(payloadLength);
  }

  /** The log may be written: not read-only, and no earlier failure left it unusable (invariant 3). */
  private checkWritable(): void {
    if (this.readOnly) throw SqlError.of(SqlState.IoError, [this.store.name, 'database is open read-only']);
    if (this.broken !== null) {
      const what = `an earlier write failed (${this.broken}); reopen the database`;
      throw SqlError.of(SqlState.IoError, [this.store.name, what]);
    }
  }

  /** A whole frame is not appended while one is being appended in pieces (invariant 8). */
  private checkWhole(): void {
    assert(this.pieces === null, 'no frame is being appended in pieces');
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
    const length = frame.length - FRAME_HEADER_SIZE;
    const crc = (frame[4]! | (frame[5]! << 8) | (frame[6]! << 16) | (frame[7]! << 24)) >>> 0;
    this.last = { position, length, crc };
    this.first ??= this.last;
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

/** Why the log does not hold the prefix `id` names (invariant 6), or null when it does. */
function refuseResume(win: FrameWindow, id: LogIdentity): string | null {
  if (id.end > win.limit) return `the log ends at ${win.limit}, before the checkpoint's position ${id.end}`;
  if (id.lastPosition < HEADER_SIZE) return `the checkpoint names a last frame at ${id.lastPosition}, inside the file header`;
  const first = frameHeaderAt(win, HEADER_SIZE);
  if (first === null || first.length !== id.firstLength || first.crc !== id.firstCrc) {
    return 'the log\'s first frame is not the one the checkpoint was taken from';
  }
  const last = frameHeaderAt(win, id.lastPosition);
  if (last === null || last.length !== id.lastLength || last.crc !== id.lastCrc) {
    return `the log has no frame at ${id.lastPosition} like the checkpoint's last one`;
  }
  return null;
}

/** Some file systems leave a zero-filled file after a crash during creation; a larger one is not ours. */
const ZERO_FILE_LIMIT = 4096;

function allZero(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i] !== 0) return false;
  return true;
}

/** True when every byte of the store from `from` to `to` is zero (invariant 9); reads a piece at a time. */
function zerosTo(store: Store, from: number, to: number): boolean {
  const PIECE = 1 << 16;
  for (let p = from; p < to; p += PIECE) if (!allZero(store.read(p, Math.min(PIECE, to - p)))) return false;
  return true;
}

/** 54000 for a transaction whose frame would exceed MAX_FRAME_LENGTH. */
function frameTooLarge(payloadLength: number): SqlError {
  return SqlError.of(SqlState.ProgramLimitExceeded, [`a transaction of ${payloadLength} bytes exceeds the frame limit of ${MAX_FRAME_LENGTH} bytes`]);
}

function movedError(store: Store, expected: number): SqlError {
  return SqlError.of(SqlState.IoError, [
    store.name,
    `the file was changed by someone else: expected it to end at ${expected}, it ends at ${store.size()}`,
  ]);
}
