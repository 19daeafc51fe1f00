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
 * 4. A checkpoint too large to build whole is written in pieces (`begin`, decision 0027): the pieces go to the
 *    temp file as they come, the first beginning with the header's room; `commit(header)` writes the header
 *    over that room, then fsyncs and renames as `write` does, so invariant 1 holds for it too; `abort`
 *    removes the temp file. One checkpoint is written at a time.
 * 5. `FileCheckpointStore.read` reads a file of `BACKGROUND_CRC_FROM` bytes or more into shared memory, so that
 *    its CRC can be checked on a worker while the body loads (background-crc.ts, decision 0037); a smaller
 *    one into an ordinary buffer. The bytes are the same either way.
 */
import * as fs from 'fs';
import * as path from 'path';
import { SqlError, SqlState } from '../common/errors';
import { BACKGROUND_CRC_FROM, sharedBytes } from './background-crc';
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
  /** begins a checkpoint written in pieces (invariant 4) */
  begin(): CheckpointPieces;
  /** removes the checkpoint, if any */
  remove(): void;
}

/** A checkpoint being written in pieces (invariant 4). */
export interface CheckpointPieces {
  /** the next bytes; the first CHECKPOINT_HEADER_SIZE bytes written are the header's room */
  append(piece: Uint8Array): void;
  /** writes `header` over the room and replaces the checkpoint with what was appended, atomically */
  commit(header: Uint8Array): void;
  /** forgets what was appended; the checkpoint stays as it was */
  abort(): void;
}

/** Pieces gathered in memory and handed whole to `done` (the memory and fault-injecting stores). */
export class GatheredPieces implements CheckpointPieces {
  private readonly pieces: Uint8Array[] = [];

  constructor(private readonly done: (image: Uint8Array) => void) {}

  append(piece: Uint8Array): void {
    this.pieces.push(piece.slice());
  }

  commit(header: Uint8Array): void {
    const image = new Uint8Array(this.pieces.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of this.pieces) {
      image.set(p, at);
      at += p.length;
    }
    image.set(header, 0);
    this.pieces.length = 0;
    this.done(image);
  }

  abort(): void {
    this.pieces.length = 0;
  }
}

/** The checkpoint file of the log file `logPath`: `NAME.pck` for `NAME.pfl`, else `logPath.pck`. */
export function checkpointPathFor(logPath: string): string {
  return (logPath.endsWith('.pfl') ? logPath.slice(0, -4) : logPath) + CHECKPOINT_EXTENSION;
}

/** The bytes of the file `name`: in shared memory from BACKGROUND_CRC_FROM bytes on (invariant 5). */
function readWhole(name: string): Uint8Array {
  const fd = fs.openSync(name, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    if (size < BACKGROUND_CRC_FROM) return fs.readFileSync(fd);
    const bytes = sharedBytes(size);
    let at = 0;
    while (at < size) {
      const n = fs.readSync(fd, bytes, at, Math.min(size - at, 1 << 24), at);
      if (n === 0) break; // the file shrank since fstat: what was read is what there is
      at += n;
    }
    return at === size ? bytes : bytes.subarray(0, at);
  } finally {
    fs.closeSync(fd);
  }
}

/** A checkpoint in a file, replaced by write-to-temp, fsync and rename (invariant 1). */
export class FileCheckpointStore implements CheckpointStore {
  constructor(readonly name: string) {}

  read(): Uint8Array | null {
    try {
      return readWhole(this.name);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw SqlError.of(SqlState.IoError, [this.name, (e as Error).message], { cause: e });
    }
  }

  write(bytes: Uint8Array): void {
    const pieces = this.begin();
    pieces.append(bytes);
    pieces.commit(bytes.subarray(0, 0)); // the image carries its header already: nothing to write over it
  }

  begin(): CheckpointPieces {
    return new FilePieces(this.name);
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

/** The temp file a checkpoint is written to in pieces, then renamed (invariants 1 and 4). */
class FilePieces implements CheckpointPieces {
  private readonly temp: string;
  private fd: number | null = null;
  private written = 0;

  constructor(private readonly name: string) {
    this.temp = `${name}.tmp`;
    this.fd = this.io(() => fs.openSync(this.temp, 'w', 0o644));
  }

  append(piece: Uint8Array): void {
    this.writeAt(piece, this.written);
    this.written += piece.length;
  }

  commit(header: Uint8Array): void {
    this.writeAt(header, 0);
    this.io(() => fs.fsyncSync(this.fd!));
    this.close();
    this.io(() => fs.renameSync(this.temp, this.name));
    syncDirectory(this.name);
  }

  abort(): void {
    try {
      this.close();
    } catch {
      // the temp file goes either way
    }
    try {
      fs.unlinkSync(this.temp);
    } catch {
      // it may be gone already
    }
  }

  private writeAt(bytes: Uint8Array, position: number): void {
    const fd = this.fd;
    if (fd === null) throw SqlError.of(SqlState.IoError, [this.name, 'checkpoint write already finished']);
    let done = 0;
    while (done < bytes.length) done += this.io(() => fs.writeSync(fd, bytes, done, bytes.length - done, position + done));
  }

  private close(): void {
    const fd = this.fd;
    if (fd === null) return;
    this.fd = null;
    this.io(() => fs.closeSync(fd));
  }

  /** Runs an fs call; on failure the temp file is removed and the error is IoError (58030) naming the checkpoint. */
  private io<T>(f: () => T): T {
    try {
      return f();
    } catch (e) {
      if (!(e instanceof SqlError)) this.abort();
      throw e instanceof SqlError ? e : SqlError.of(SqlState.IoError, [this.name, (e as Error).message], { cause: e });
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

  begin(): CheckpointPieces {
    return new GatheredPieces((image) => this.write(image));
  }

  remove(): void {
    this.bytes = null;
  }
}
