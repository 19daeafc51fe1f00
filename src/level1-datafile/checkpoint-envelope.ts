/**
 * src/level1-datafile/checkpoint-envelope.ts — the fixed header of a checkpoint: magic, versions, the CRC of
 * everything after it, and the identity of the log prefix the checkpoint reflects (docs/file-format.md,
 * "Checkpoint"). Level 1 knows only that a body follows; Level 3 (`checkpoint.ts`) says what it holds.
 *
 * 1. A checkpoint is `CHECKPOINT_HEADER_SIZE` header bytes then the body. Bytes 12–15 hold the CRC-32 of
 *    bytes 16 to the end, so a torn, truncated or damaged checkpoint is always detected; bytes 16–23 its total
 *    length, so truncation is named as such.
 * 2. The identity (`LogIdentity`) names the log prefix: its end (a frame boundary), the first frame's length
 *    and CRC (which file this is) and the last frame's position, length and CRC (that the prefix ends where
 *    the checkpoint was taken). A log matches when the frame headers at those positions say the same
 *    (log-file.ts `resume`); payload bytes before `end` are not read again on a checkpoint open —
 *    `pyrrhocmd --check` reads them all.
 * 3. `openCheckpoint` never throws for bad bytes: it returns the reason the checkpoint is unusable, and the
 *    caller replays the whole log instead.
 * 4. A checkpoint written in pieces (checkpoint-store.ts invariant 4) is sealed by a `CheckpointSeal` that saw
 *    every piece: it keeps the length and the CRC of the bytes after the header room, and makes the header
 *    from them at the end — the CRC of bytes 16–63 joined to the body's (`crc32Combine`), so the header is
 *    the one `sealCheckpoint` writes into a whole image.
 * 5. `openCheckpoint(bytes, true)` leaves the CRC to be checked while the caller loads the body (a worker
 *    computes it when the bytes are shared and long, background-crc.ts): the header is checked at once, the
 *    CRC's verdict comes from `crcMismatch()`, and the caller asks for it before it uses anything the body
 *    gave (decision 0037). Without `deferCrc` the CRC is checked before `openCheckpoint` returns, and
 *    `crcMismatch()` answers null.
 */
import { crcLater } from './background-crc';
import { crc32, crc32Combine } from './crc32';
import { FORMAT_VERSION } from './file-header';
import { FRAME_HEADER_SIZE } from './frame';

/** `PYRRHOCP` in ASCII. */
export const CHECKPOINT_MAGIC = Uint8Array.of(0x50, 0x59, 0x52, 0x52, 0x48, 0x4f, 0x43, 0x50);
/** The checkpoint layout this engine writes and reads; any other is ignored (and rebuilt). */
export const CHECKPOINT_VERSION = 2;
/** Bytes before the body. */
export const CHECKPOINT_HEADER_SIZE = 64;

/** The log prefix a checkpoint reflects (invariant 2). */
export interface LogIdentity {
  /** the log's end when the checkpoint was taken: a frame boundary */
  readonly end: number;
  readonly firstLength: number;
  readonly firstCrc: number;
  readonly lastPosition: number;
  readonly lastLength: number;
  readonly lastCrc: number;
}

/** A checkpoint whose header is good, and whose CRC is good or being checked (invariant 5). */
export interface OpenedCheckpoint {
  readonly identity: LogIdentity;
  /** the body (a view of the checkpoint's bytes) */
  readonly body: Uint8Array;
  /** file offset of the body's first byte */
  readonly bodyOffset: number;
  /** why the checkpoint cannot be used after all (its CRC does not match), or null (invariant 5) */
  crcMismatch(): string | null;
}

const CRC_CHECKED = (): null => null;

function putU32(b: Uint8Array, i: number, n: number): void {
  b[i] = n & 0xff;
  b[i + 1] = (n >>> 8) & 0xff;
  b[i + 2] = (n >>> 16) & 0xff;
  b[i + 3] = n >>> 24;
}

function u32(b: Uint8Array, i: number): number {
  return (b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24)) >>> 0;
}

function putU64(b: Uint8Array, i: number, n: number): void {
  putU32(b, i, n % 0x1_0000_0000);
  putU32(b, i + 4, Math.floor(n / 0x1_0000_0000));
}

function u64(b: Uint8Array, i: number): number {
  return u32(b, i) + u32(b, i + 4) * 0x1_0000_0000;
}

/** Follows the bytes of a checkpoint as they are written and makes its header at the end (invariant 4). */
export class CheckpointSeal {
  private length = 0;
  private bodyCrc = 0;

  /** Takes the next bytes of the checkpoint; the first CHECKPOINT_HEADER_SIZE bytes are the header's room. */
  add(piece: Uint8Array): void {
    const skip = Math.min(piece.length, Math.max(0, CHECKPOINT_HEADER_SIZE - this.length));
    this.bodyCrc = crc32(piece, skip, piece.length, this.bodyCrc);
    this.length += piece.length;
  }

  /** The header of the checkpoint of the log prefix `identity` whose bytes were all added, CRC last (invariant 1). */
  header(identity: LogIdentity): Uint8Array {
    const h = new Uint8Array(CHECKPOINT_HEADER_SIZE);
    h.set(CHECKPOINT_MAGIC, 0);
    h[8] = CHECKPOINT_VERSION & 0xff;
    h[9] = CHECKPOINT_VERSION >>> 8;
    h[10] = FORMAT_VERSION & 0xff;
    h[11] = FORMAT_VERSION >>> 8;
    putU64(h, 16, this.length);
    putU64(h, 24, identity.end);
    putU32(h, 32, identity.firstLength);
    putU32(h, 36, identity.firstCrc);
    putU64(h, 40, identity.lastPosition);
    putU32(h, 48, identity.lastLength);
    putU32(h, 52, identity.lastCrc);
    const bodyLength = Math.max(0, this.length - CHECKPOINT_HEADER_SIZE);
    putU32(h, 12, crc32Combine(crc32(h, 16, CHECKPOINT_HEADER_SIZE), this.bodyCrc, bodyLength));
    return h;
  }
}

/**
 * Fills in the header of `image` — `CHECKPOINT_HEADER_SIZE` bytes of room, then the body — for a checkpoint
 * of the log prefix `identity`, CRC last (invariant 1). Returns `image`.
 */
export function sealCheckpoint(image: Uint8Array, identity: LogIdentity): Uint8Array {
  const seal = new CheckpointSeal();
  seal.add(image);
  image.set(seal.header(identity), 0);
  return image;
}

/** The identity and body of a checkpoint, or why it cannot be used (invariant 3); with `deferCrc`, its CRC
 *  still being checked (invariant 5). */
export function openCheckpoint(bytes: Uint8Array, deferCrc = false): OpenedCheckpoint | string {
  if (bytes.length < CHECKPOINT_HEADER_SIZE) return `checkpoint is too short (${bytes.length} bytes) for its header`;
  for (let i = 0; i < CHECKPOINT_MAGIC.length; i++) {
    if (bytes[i] !== CHECKPOINT_MAGIC[i]) return 'not a pyrrhodb checkpoint (bad magic)';
  }
  const version = bytes[8]! | (bytes[9]! << 8);
  if (version !== CHECKPOINT_VERSION) return `checkpoint format version ${version} (this engine reads version ${CHECKPOINT_VERSION})`;
  const logVersion = bytes[10]! | (bytes[11]! << 8);
  if (logVersion !== FORMAT_VERSION) return `checkpoint of a version ${logVersion} log (this engine reads version ${FORMAT_VERSION})`;
  const length = u64(bytes, 16);
  if (length !== bytes.length) return `checkpoint is ${bytes.length} bytes, its header says ${length} (torn or truncated)`;
  const stored = u32(bytes, 12);
  const mismatch = (actual: number): string | null =>
    stored === actual ? null : `checkpoint checksum mismatch (stored ${hex(stored)}, computed ${hex(actual)})`;
  if (!deferCrc) {
    const bad = mismatch(crc32(bytes, 16, bytes.length));
    if (bad !== null) return bad;
  }
  const identity: LogIdentity = {
    end: u64(bytes, 24),
    firstLength: u32(bytes, 32),
    firstCrc: u32(bytes, 36),
    lastPosition: u64(bytes, 40),
    lastLength: u32(bytes, 48),
    lastCrc: u32(bytes, 52),
  };
  if (identity.lastPosition + FRAME_HEADER_SIZE + identity.lastLength !== identity.end) {
    // damage is the likelier cause: say so when the CRC shows it, as the undeferred check does
    const bad = deferCrc ? mismatch(crc32(bytes, 16, bytes.length)) : null;
    return bad ?? `checkpoint names a last frame at ${identity.lastPosition} that does not end at ${identity.end}`;
  }
  let crcMismatch: () => string | null = CRC_CHECKED;
  if (deferCrc) {
    const pending = crcLater(bytes, 16, bytes.length);
    crcMismatch = () => mismatch(pending.value());
  }
  return { identity, body: bytes.subarray(CHECKPOINT_HEADER_SIZE), bodyOffset: CHECKPOINT_HEADER_SIZE, crcMismatch };
}

function hex(n: number): string {
  return '0x' + n.toString(16).padStart(8, '0');
}
