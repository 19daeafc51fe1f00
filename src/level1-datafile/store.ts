/**
 * src/level1-datafile/store.ts — the `Store` interface: a byte container that only grows at its end, with the
 * compare-and-append that is the commit point.
 *
 * 1. `append(bytes, expectedEnd)` writes only when the store still ends at `expectedEnd` (otherwise it writes
 *    nothing and returns false), so a commit validated against one end can never land after another commit —
 *    the same shape a replicated log with compare-and-append would have (DESIGN.md, "Not yet").
 * 2. `append` does not sync; `sync` makes everything appended so far durable (fdatasync). The log file calls
 *    `sync` exactly once per frame.
 * 3. `read` returns a fresh array (callers may keep it) clipped to the store's size; it never returns bytes
 *    beyond `size()`.
 * 4. Failures are SqlError IoError (58030) naming the store.
 * 5. `append` and `patch` are done with `bytes` when they return: they never keep the array, so the caller may
 *    reuse it.
 * 6. `patch` overwrites bytes already appended and not yet synced — only to fill in the header of a frame
 *    whose payload was appended in pieces (log-file.ts invariant 8). It never changes the size.
 */
import { InternalError } from '../common/errors';

/** A growable byte container holding one database log. */
export interface Store {
  /** file path or ':memory:' (for messages) */
  readonly name: string;
  /** true when `sync` makes bytes survive a crash */
  readonly durable: boolean;
  /** true when the store refuses `append` and `truncate` */
  readonly readOnly: boolean;
  /** false when the store keeps no bytes to read back (a ':memory:' log that only counts them) */
  readonly keepsContent: boolean;
  /** current length in bytes */
  size(): number;
  /** the bytes in [position, position + length), clipped to the store's size; a fresh array */
  read(position: number, length: number): Uint8Array;
  /** write bytes at expectedEnd if the store still ends there; false (nothing written) otherwise. No sync. */
  append(bytes: Uint8Array, expectedEnd: number): boolean;
  /** a store that keeps no content (`keepsContent` false) counts `length` bytes appended at expectedEnd, as
   *  `append` would count them; a store that keeps content refuses (InternalError: it needs the bytes) */
  appendLength(length: number, expectedEnd: number): boolean;
  /** overwrite [position, position + bytes.length), which lies within the store, with `bytes` (invariant 6). No sync. */
  patch(position: number, bytes: Uint8Array): void;
  /** make every appended byte durable (fdatasync) */
  sync(): void;
  /** cut the store to `length` bytes (length ≤ size) */
  truncate(length: number): void;
  /** release the file and its lock; further calls fail. Idempotent. */
  close(): void;
}

/** A patch must lie within what was appended (store.ts invariant 6). */
export function checkPatch(name: string, position: number, length: number, size: number): void {
  if (position < 0 || position + length > size) {
    throw new InternalError(`${name}: patch of [${position}, ${position + length}) outside the ${size} bytes appended`);
  }
}
