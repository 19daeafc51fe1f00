/**
 * src/level1-datafile/frame.ts — one committed transaction on disk: `u32 length | u32 CRC-32 | payload`
 * (docs/file-format.md, "Frames"), and the window through which frames are read.
 *
 * 1. length and CRC are little-endian; the CRC covers the payload only; 0 < length ≤ MAX_FRAME_LENGTH.
 * 2. `inspectFrame` never throws for bad bytes: it returns the frame's length or a reason it is bad, so the
 *    caller decides between torn tail and corruption.
 * 3. `FrameWindow` reads the store in blocks of at least BLOCK_SIZE bytes; every block is a fresh array, so
 *    payload views handed out earlier stay valid after the window moves.
 */
import { crc32 } from './crc32';
import type { Store } from './store';

/** Bytes before each payload: length and CRC. */
export const FRAME_HEADER_SIZE = 8;
/** The largest payload accepted (1 GiB); a larger length is treated as damage. */
export const MAX_FRAME_LENGTH = 0x4000_0000;
const BLOCK_SIZE = 1 << 20;

/** The frame around a payload. */
export function encodeFrame(payload: Uint8Array): Uint8Array {
  const frame = new Uint8Array(FRAME_HEADER_SIZE + payload.length);
  frame.set(payload, FRAME_HEADER_SIZE);
  sealFrame(frame);
  return frame;
}

function putU32(b: Uint8Array, i: number, n: number): void {
  b[i] = n & 0xff;
  b[i + 1] = (n >>> 8) & 0xff;
  b[i + 2] = (n >>> 16) & 0xff;
  b[i + 3] = n >>> 24;
}

/** Writes length and CRC into the first FRAME_HEADER_SIZE bytes of `frame`, whose payload follows them. */
export function sealFrame(frame: Uint8Array): void {
  putU32(frame, 0, frame.length - FRAME_HEADER_SIZE);
  putU32(frame, 4, crc32(frame, FRAME_HEADER_SIZE, frame.length));
}

/** A cached stretch of a store, read in large blocks. */
export class FrameWindow {
  buf: Uint8Array = new Uint8Array(0);
  private start = 0;

  /** @param limit reads never go past this position */
  constructor(
    private readonly store: Store,
    readonly limit: number,
  ) {}

  /** Ensures [position, position + length) is loaded (length must fit below `limit`); returns its index in `buf`. */
  load(position: number, length: number): number {
    if (position >= this.start && position + length <= this.start + this.buf.length) return position - this.start;
    const want = Math.min(Math.max(length, BLOCK_SIZE), this.limit - position);
    this.buf = this.store.read(position, want);
    this.start = position;
    return 0;
  }
}

function u32(b: Uint8Array, i: number): number {
  return (b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24)) >>> 0;
}

/** The payload length of the frame at `position`, or a string saying why there is no valid frame there. */
export function inspectFrame(win: FrameWindow, position: number): number | string {
  const remaining = win.limit - position;
  if (remaining < FRAME_HEADER_SIZE) return `incomplete frame header (${remaining} of ${FRAME_HEADER_SIZE} bytes)`;
  let at = win.load(position, FRAME_HEADER_SIZE);
  const length = u32(win.buf, at);
  const sum = u32(win.buf, at + 4);
  if (length === 0) return 'zero frame length';
  if (length > MAX_FRAME_LENGTH) return `frame length ${length} is too large`;
  if (length > remaining - FRAME_HEADER_SIZE) {
    return `frame length ${length} runs past the end of the file (${remaining - FRAME_HEADER_SIZE} bytes left)`;
  }
  at = win.load(position, FRAME_HEADER_SIZE + length);
  const actual = crc32(win.buf, at + FRAME_HEADER_SIZE, at + FRAME_HEADER_SIZE + length);
  if (actual !== sum) return `frame checksum mismatch (stored ${hex(sum)}, computed ${hex(actual)})`;
  return length;
}

/** The length and stored CRC of the frame header at `position` (not checked: see `inspectFrame`). */
export function frameHeaderAt(win: FrameWindow, position: number): { length: number; crc: number } | null {
  if (win.limit - position < FRAME_HEADER_SIZE) return null;
  const at = win.load(position, FRAME_HEADER_SIZE);
  return { length: u32(win.buf, at), crc: u32(win.buf, at + 4) };
}

/** The first position after `from` where a valid frame starts, or -1. */
export function findValidFrame(win: FrameWindow, from: number): number {
  for (let q = from; q + FRAME_HEADER_SIZE < win.limit; q++) {
    const at = win.load(q, FRAME_HEADER_SIZE);
    const length = u32(win.buf, at);
    if (length === 0 || length > win.limit - q - FRAME_HEADER_SIZE) continue;
    if (typeof inspectFrame(win, q) === 'number') return q;
  }
  return -1;
}

function hex(n: number): string {
  return '0x' + n.toString(16).padStart(8, '0');
}
