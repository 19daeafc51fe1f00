/**
 * src/level1-datafile/checkpoint-store.ts — where a database's checkpoint lives: the `CheckpointStore`
 * interface, `FileCheckpointStore` (the file `NAME.pck` beside `NAME.pfl`) and `MemoryCheckpointStore` (tests).
 * The checkpoint is a cache of the state the log gives (docs/decisions/0014-checkpoint.md); its bytes are
 * drawn in docs/file-format.md ("Checkpoint").
 *
 * 1. `write` replaces the checkpoint atomically: the bytes go to `NAME.pck.tmp`, are fsynced, and the temp
 *    file is renamed over `NAME.pck` (then the directory is fsynced, best effort). A crash at any moment
 *    leaves the old checkpoint or the new one, whole — or, on a file system that tears renames, bytes whose
 *    CRC fails, which open ignores.
 * 2. `read` returns null when there is no checkpoint; any other failure is IoError (58030), which callers
 *    treat as "no usable checkpoint" (a checkpoint never fails an open).
 * 3. Only the process holding the log's lock writes a checkpoint (`DatabaseFile.checkpoint`); read-only opens
 *    (`pyrrhocmd --check`) only read it.
 */
import * as fs from 'fs';
import * as path from 'path';
import { SqlError, SqlState } from '../common/errors';
import { syncDirectory } from './node-file-store';

/** The suffix of checkpoint files: `shop.pfl` has its checkpoint in `shop.pck`. */
export const CHECKPOINT_EXTENSION = '.pck';

/** A place holding at most one checkpoint. */
export interface CheckpointStore {
  /** file path or a test name (for messages) */
  readonly name: string;
  /** the checkpoint's bytes, or null when there is none (invariant 2) */
  read(): Uint8Array | null;
  /** replaces the checkpoint with `bytes`, atomically (invariant 1) */
  write(bytes: Uint8Array): void;
  /** removes the checkpoint, if any */
  remove(): void;
}

/** The checkpoint file of the log file `logPath`: `NAME.pck` for `NAME.pfl`, else `logPath.pck`. */
export function checkpointPathFor(logPath: string): string {
  return (logPath.endsWith('.pfl') ? logPath.slice(0, -4) : logPath) + CHECKPOINT_EXTENSION;
}

/** A checkpoint in a file, replaced by write-to-temp, fsync and rename (invariant 1). */
export class FileCheckpointStore implements CheckpointStore {
  constructor(readonly name: string) {}

  read(): Uint8Array | null {
    try {
      return fs.readFileSync(this.name);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw SqlError.of(SqlState.IoError, [this.name, (e as Error).message], { cause: e });
    }
  }

  write(bytes: Uint8Array): void {
    const temp = `${this.name}.tmp`;
    try {
      const fd = fs.openSync(temp, 'w', 0o644);
      try {
        let done = 0;
        while (done < bytes.length) done += fs.writeSync(fd, bytes, done, bytes.length - done, done);
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
      fs.renameSync(temp, this.name);
    } catch (e) {
      try {
        fs.unlinkSync(temp);
      } catch {
        // the temp file may not exist; the write has failed either way
      }
      throw SqlError.of(SqlState.IoError, [this.name, (e as Error).message], { cause: e });
    }
    syncDirectory(this.name);
  }

  remove(): void {
    try {
      fs.unlinkSync(this.name);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') {
        throw SqlError.of(SqlState.IoError, [this.name, (e as Error).message], { cause: e });
      }
    }
  }
}

/** A checkpoint held in memory (tests; a `:memory:` database has none). */
export class MemoryCheckpointStore implements CheckpointStore {
  /** the current checkpoint (tests may damage it) */
  bytes: Uint8Array | null = null;
  /** writes made */
  writes = 0;

  constructor(readonly name = '(memory checkpoint)') {}

  read(): Uint8Array | null {
    return this.bytes === null ? null : this.bytes.slice();
  }

  write(bytes: Uint8Array): void {
    this.writes++;
    this.bytes = bytes.slice();
  }

  remove(): void {
    this.bytes = null;
  }
}
