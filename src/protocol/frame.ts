/**
 * src/protocol/frame.ts — framing of the wire protocol (docs/protocol.md, "Frames"): every frame is a 4-byte
 * big-endian length, then that many bytes: a message type byte and the message body.
 *
 * 1. The length counts the bytes after it (type byte included), so it is at least 1 and at most the maximum
 *    frame size of the side that reads it (default `DEFAULT_MAX_FRAME_BYTES`, 16 MiB). A length outside that
 *    range is a protocol violation (08P01) reported as soon as the 4 length bytes have arrived, before any
 *    byte of the body is awaited and without allocating what the length claims.
 * 2. `FrameDecoder.push` takes bytes split anywhere (a frame over many chunks, many frames in one chunk) and
 *    returns the frames completed by them, in order; a frame's bytes are copied once, when it is complete.
 * 3. After a violation the decoder is poisoned: every later `push` throws the same error (a connection that
 *    broke framing cannot be resynchronised).
 * 4. `partial` is true while a frame has begun (at least one byte of it received) and is not complete: what
 *    a server's stall timer watches.
 */
import { SqlError, SqlState } from '../common/errors';

/** Bytes of the length prefix. */
export const LENGTH_BYTES = 4;
/** The default maximum of a frame's length (type byte + body), 16 MiB. */
export const DEFAULT_MAX_FRAME_BYTES = 16 * 1024 * 1024;

/** One frame: its type byte and its body (a fresh array, the decoder keeps no reference). */
export interface Frame {
  readonly type: number;
  readonly body: Uint8Array;
}

/** The bytes of a frame: length, type, body (invariant 1). */
export function encodeFrame(type: number, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(LENGTH_BYTES + 1 + body.length);
  new DataView(out.buffer).setUint32(0, 1 + body.length, false);
  out[LENGTH_BYTES] = type;
  out.set(body, LENGTH_BYTES + 1);
  return out;
}

/** Cuts a byte stream into frames (invariants 1–4). */
export class FrameDecoder {
  private readonly chunks: Uint8Array[] = [];
  private buffered = 0;
  /** the length of the frame being received, once its 4 length bytes are in; -1 before */
  private length = -1;
  private poisoned: SqlError | null = null;

  constructor(readonly maxFrameBytes: number = DEFAULT_MAX_FRAME_BYTES) {}

  /** True while a frame has begun and is not complete (invariant 4). */
  get partial(): boolean {
    return this.buffered > 0 || this.length >= 0;
  }

  /** Takes more bytes; returns the frames they complete (invariant 2). */
  push(chunk: Uint8Array): Frame[] {
    if (this.poisoned !== null) throw this.poisoned;
    const out: Frame[] = [];
    if (chunk.length === 0) return out;
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    for (;;) {
      if (this.length < 0) {
        if (this.buffered < LENGTH_BYTES) return out;
        const head = this.take(LENGTH_BYTES);
        const n = new DataView(head.buffer, head.byteOffset, LENGTH_BYTES).getUint32(0, false);
        if (n < 1 || n > this.maxFrameBytes) {
          this.poisoned = SqlError.of(SqlState.ProtocolViolation, [
            n < 1 ? 'a frame length of 0' : `a frame of ${n} bytes is over the maximum of ${this.maxFrameBytes}`,
          ]);
          this.chunks.length = 0;
          this.buffered = 0;
          throw this.poisoned;
        }
        this.length = n;
      }
      if (this.buffered < this.length) return out;
      const bytes = this.take(this.length);
      this.length = -1;
      out.push({ type: bytes[0]!, body: bytes.subarray(1) });
    }
  }

  /** Removes the first `n` buffered bytes (n ≤ buffered) as one fresh array. */
  private take(n: number): Uint8Array {
    const out = new Uint8Array(n);
    let filled = 0;
    while (filled < n) {
      const c = this.chunks[0]!;
      const use = Math.min(c.length, n - filled);
      out.set(c.subarray(0, use), filled);
      filled += use;
      if (use === c.length) this.chunks.shift();
      else this.chunks[0] = c.subarray(use);
    }
    this.buffered -= n;
    return out;
  }
}
