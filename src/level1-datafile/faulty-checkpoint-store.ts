/**
 * src/level1-datafile/faulty-checkpoint-store.ts — a `CheckpointStore` wrapper that fails or tears writes, for
 * the crash tests of checkpoints (the checkpoint twin of faulty-store.ts).
 *
 * 1. Faults are armed relative to now and fire once: `failWrite(1)` fails the next write, which leaves the old
 *    checkpoint as it was (a crash before the rename); `tearWrite(1, keep)` leaves only the first `keep`
 *    bytes of the new checkpoint in place of the old one (a file system that made the rename durable before
 *    the data), then throws. Both throw SqlError IoError (58030).
 * 2. A checkpoint written in pieces is gathered and counts as one write when committed, with the same faults.
 */
import { SqlError, SqlState } from '../common/errors';
import { GatheredPieces, type CheckpointPieces, type CheckpointStore } from './checkpoint-store';

/** Wraps a checkpoint store and misbehaves on request. */
export class FaultyCheckpointStore implements CheckpointStore {
  /** writes attempted since creation */
  writes = 0;
  private failAt = 0;
  private tearAt = 0;
  private tearKeep = 0;

  constructor(readonly inner: CheckpointStore) {}

  get name(): string {
    return this.inner.name;
  }

  /** The n-th write from now throws and changes nothing. */
  failWrite(n = 1): this {
    this.failAt = this.writes + n;
    return this;
  }

  /** The n-th write from now leaves the first `keep` bytes of its checkpoint, then throws. */
  tearWrite(n: number, keep: number): this {
    this.tearAt = this.writes + n;
    this.tearKeep = keep;
    return this;
  }

  read(): Uint8Array | null {
    return this.inner.read();
  }

  write(bytes: Uint8Array): void {
    const n = ++this.writes;
    if (n === this.failAt) throw this.fault(`injected failure of checkpoint write ${n}`);
    if (n === this.tearAt) {
      this.inner.write(bytes.subarray(0, Math.min(this.tearKeep, bytes.length)));
      throw this.fault(`injected torn checkpoint write ${n}`);
    }
    this.inner.write(bytes);
  }

  begin(): CheckpointPieces {
    return new GatheredPieces((image) => this.write(image));
  }

  remove(): void {
    this.inner.remove();
  }

  private fault(what: string): SqlError {
    return SqlError.of(SqlState.IoError, [this.name, what]);
  }
}
