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
 * 5. `append` is done with `bytes` when it returns: it never keeps the array, so the caller may reuse it.
 */

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
  /** make every appended byte durable (fdatasync) */
  sync(): void;
  /** cut the store to `length` bytes (length ≤ size) */
  truncate(length: number): void;
  /** release the file and its lock; further calls fail. Idempotent. */
  close(): void;
}
