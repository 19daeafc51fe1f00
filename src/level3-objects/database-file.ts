/**
 * src/level3-objects/database-file.ts — `DatabaseFile`: one open database (one log) per process, shared by
 * every connection: it replays the log on open, holds the latest committed `DatabaseState`, begins
 * transactions and runs the commit sequence.
 *
 * 1. `state` is always what replaying the log up to `state.position` gives: a commit installs its relocated
 *    records onto the latest committed state through the same `applyRecord` replay uses.
 * 2. Commit sequence (synchronous, so atomic within the process): check the records committed since the
 *    transaction's start against its read set → encode at the log's next payload position (relocating temp
 *    positions) → install onto the latest state → append the frame (one fsync) → publish the new state.
 *    A conflict or a failed append leaves `state`, the log and the remembered commits as they were.
 * 3. The records of recent commits are kept in memory (with what each did) so validation needs no file
 *    read; a commit is forgotten once every open transaction started after it.
 * 4. On open, a record the log holds that cannot be installed is corruption (DataCorrupted naming its
 *    offset), never skipped.
 * 5. A large transaction that wrote only rows, committing with nothing committed since it began and no other
 *    transaction open, publishes its own local state relocated (`publish.ts`) instead of installing its
 *    records again; the state is the same either way (invariant 1).
 * 6. A commit's frame (header room, then payload) is built in a buffer the file keeps for the next commit
 *    (small frames only) and appended without copying, so a one-row commit allocates no byte arrays. A log
 *    that keeps no bytes (':memory:') encodes each frame through a discarding writer of the kept size
 *    (bytes.ts invariant 6) and appends only its length: however large the transaction, its frame never
 *    takes more memory than that buffer.
 * 7. Checkpoints (checkpoint.ts) are a cache: open loads one only when it is whole and the log still holds
 *    the prefix it reflects, then replays the frames after it; a checkpoint that is missing, stale, damaged,
 *    of another version or of another log is ignored (`opened` says why) and the whole log is replayed. A
 *    checkpoint never fails an open, and the state is the same either way (invariant 1). Its CRC is checked
 *    while its body loads (on a worker when it is large, checkpoint-envelope.ts invariant 5), and what the
 *    body gave is used only once the CRC has matched; a body whose CRC fails is dropped, as one that cannot
 *    be decoded is.
 * 8. A checkpoint is written only by a writable file with a checkpoint store, of the latest committed state
 *    at a frame boundary, between commits (never inside one): by `checkpoint()`, and by `close` when the log
 *    has grown enough since the last one (`checkpointDue`). A failed write is remembered in
 *    `checkpointFailure`, never thrown by `close`, and leaves the log untouched.
 * 9. In the background: after a commit that leaves the log grown by `backgroundDue`'s amount since the last
 *    checkpoint, the latest state is encoded in steps on later turns of the event loop (checkpoint.ts
 *    invariant 6: the snapshot is immutable, so commits go on between steps) and written at the end. One such
 *    job at a time; `checkpoint()` and `close` cancel it (the one writes a newer state; the other may), and
 *    what it had written in pieces is removed. Its timers do not keep the process alive, and cancelling
 *    dequeues its next step, which holds the snapshot it encodes, so a closed file's state is garbage at once
 *    rather than after the next turn of the event loop.
 * 10. A frame larger than PIECE_SIZE is appended in pieces while it is encoded (log-file.ts invariant 8,
 *    decision 0027), so a commit of any size holds at most one piece of its frame in memory (a checkpoint
 *    likewise, checkpoint-store.ts invariant 4); the pieces are sealed — the commit point — only once the
 *    new state is built, and any failure before that removes them, as a failed append of a whole frame
 *    leaves nothing.
 */
import { assert } from '../common/assert';
import { SqlError, SqlState } from '../common/errors';
import { ByteWriter } from '../common/values/bytes';
import { CHECKPOINT_HEADER_SIZE, CheckpointSeal, sealCheckpoint, type LogIdentity, type OpenedCheckpoint } from '../level1-datafile/checkpoint-envelope';
import type { CheckpointPieces, CheckpointStore } from '../level1-datafile/checkpoint-store';
import { HEADER_SIZE } from '../level1-datafile/file-header';
import { FRAME_HEADER_SIZE } from '../level1-datafile/frame';
import { LogFile, type Frame } from '../level1-datafile/log-file';
import type { Store } from '../level1-datafile/store';
import type { Physical } from '../level2-physical/physical';
import { recordCount, type LogEntry } from '../level2-physical/record-run';
import { type DecodedTransaction, decodeTransaction, writePayload } from '../level2-physical/transaction-codec';
import { checkpointSteps, isCatalogRecord, readCheckpointBody, writeCheckpointBody } from './checkpoint';
import { checkDatabase, type CheckReport } from './database-check';
import { readCheckpoint, replayFrames } from './replay';
import { findConflict, type CommittedTransaction } from './conflicts';
import { DatabaseState } from './database-state';
import { applyRecord } from './install';
import { publishable, publishedState } from './publish';
import type { ReadSet } from './read-set';
import { StateBuilder } from './state-builder';
import { forgetFrozenLookup } from './table-draft';
import { Transaction, type TransactionHost } from './transaction';

/** Frames up to this size are built in one buffer kept from commit to commit (invariant 6). */
const FRAME_WRITER_SIZE = 1 << 16;
/** Frames and checkpoints larger than this are written in pieces of this size as they are encoded (invariant 10). */
export const PIECE_SIZE = 8 << 20;
/** A guess at the bytes a record takes in a frame, for sizing a large transaction's buffer. */
const FRAME_BYTES_PER_RECORD = 48;

/** Log growth below which `close` writes no new checkpoint, and above which it always does (invariant 8). */
export const CHECKPOINT_MIN_GROWTH = 64 * 1024;
export const CHECKPOINT_MAX_GROWTH = 4 * 1024 * 1024;

/**
 * A checkpoint being encoded (invariant 10): a writer with room for the header, whose bytes go to the store
 * in pieces of `pieceSize` once they outgrow it; the body is about the log's size.
 */
class CheckpointOutput {
  readonly w: ByteWriter;
  private pieces: CheckpointPieces | null = null;
  private readonly seal = new CheckpointSeal();

  constructor(
    private readonly store: CheckpointStore,
    end: number,
    pieceSize: number,
  ) {
    this.w = ByteWriter.spilling(end + 4096, pieceSize, (piece) => {
      (this.pieces ??= store.begin()).append(piece);
      this.seal.add(piece);
    });
    for (let i = 0; i < CHECKPOINT_HEADER_SIZE; i++) this.w.writeU8(0);
  }

  /** Seals what was encoded as the checkpoint of `identity` and replaces the store's with it; returns its size. */
  commit(identity: LogIdentity): number {
    if (this.pieces === null) {
      const image = sealCheckpoint(this.w.finish(), identity);
      this.store.write(image);
      return image.length;
    }
    this.w.flush();
    this.pieces.commit(this.seal.header(identity));
    this.pieces = null;
    return this.w.length;
  }

  /** Forgets the pieces already written; the store's checkpoint stays as it was. */
  abort(): void {
    this.pieces?.abort();
    this.pieces = null;
  }
}

/** Options of `DatabaseFile.open`. */
export interface DatabaseFileOptions {
  /** never write: not the log, not a checkpoint (pyrrhocmd --check) */
  readonly readOnly?: boolean;
  /** where the checkpoint lives (invariant 7); absent or null: every open replays the whole log */
  readonly checkpoint?: CheckpointStore | null;
  /** log bytes since the last checkpoint that make `close` write one (default: `checkpointDue`'s rule) */
  readonly checkpointGrowth?: number;
  /** log bytes since the last checkpoint that start a background one (default: `backgroundDue`'s rule; null: never) */
  readonly backgroundGrowth?: number | null;
  /** frames and checkpoints larger than this many bytes are written in pieces of it (default PIECE_SIZE; tests use small ones) */
  readonly pieceSize?: number;
}

/** How an open made its state (invariant 7). */
export interface OpenReport {
  /** 'loaded': from a checkpoint and the frames after it; 'none': no checkpoint; 'ignored': one was unusable */
  readonly checkpoint: 'loaded' | 'none' | 'ignored';
  /** why the checkpoint was ignored */
  readonly reason: string | null;
  /** the log position the loaded checkpoint reflects (0 when none was loaded) */
  readonly position: number;
  /** frames replayed from the log */
  readonly frames: number;
}

/** A background checkpoint being encoded (invariant 9): its next step, queued on the event loop (close
 *  dequeues it, which cancels the job). */
interface CheckpointJob {
  next: NodeJS.Immediate | null;
  /** what it has encoded, and written in pieces when large (invariant 10) */
  readonly out: CheckpointOutput;
}

/** One open database file, shared by every connection to it in this process. */
export class DatabaseFile implements TransactionHost {
  private current: DatabaseState;
  /** distinct start positions of open transactions, ascending (positions only grow), and how many each */
  private readonly openStarts: number[] = [];
  private readonly openCounts: number[] = [];
  private openCount = 0;
  private recent: CommittedTransaction[] = [];
  private closed = false;
  /** reused for every commit's frame (invariant 6) */
  private writer: ByteWriter | null = null;
  /** every installed catalog record, in log order, while there is a checkpoint store (checkpoint.ts invariant 1) */
  private readonly catalog: Physical[] | null;
  /** the log position of the checkpoint loaded or last written (0: none) */
  private checkpointEnd = 0;
  private readonly checkpointGrowth: number | undefined;
  private readonly backgroundGrowth: number | null | undefined;
  /** invariant 10 */
  private readonly pieceSize: number;
  /** the background checkpoint being encoded (invariant 9) */
  private job: CheckpointJob | null = null;
  /** How open made the state (invariant 7). */
  readonly opened: OpenReport;
  /** Why the last checkpoint write failed, if it did (invariant 8). */
  checkpointFailure: Error | null = null;

  private constructor(
    private readonly store: Store,
    private readonly log: LogFile,
    readonly readOnly: boolean,
    private readonly checkpoints: CheckpointStore | null,
    found: OpenedCheckpoint | string | null,
    options: DatabaseFileOptions,
  ) {
    this.checkpointGrowth = options.checkpointGrowth;
    this.backgroundGrowth = options.backgroundGrowth;
    this.pieceSize = options.pieceSize ?? PIECE_SIZE;
    this.catalog = checkpoints === null ? null : [];
    let reason = typeof found === 'string' ? found : null;
    let b: StateBuilder | null = null;
    let from = HEADER_SIZE;
    if (found !== null && typeof found !== 'string') {
      if (!log.resumed) reason = log.resumeRefused;
      else {
        try {
          const loaded = readCheckpointBody(found.body, found.bodyOffset, checkpoints!.name, found.identity.end);
          // the CRC was checked while the body loaded; nothing loaded is used before its verdict (invariant 7)
          reason = found.crcMismatch();
          if (reason === null) {
            b = loaded.builder;
            if (this.catalog !== null) for (const rec of loaded.catalog) this.catalog.push(rec);
            from = this.checkpointEnd = found.identity.end;
          }
        } catch (e) {
          reason = found.crcMismatch() ?? `checkpoint cannot be loaded: ${e instanceof Error ? e.message : String(e)}`;
        }
      }
    }
    b ??= new StateBuilder(DatabaseState.empty());
    const frames = replayFrames(log, from, b, this.catalog, store.name);
    this.current = b.snapshot(log.end);
    const checkpoint = this.checkpointEnd > 0 ? 'loaded' : reason === null ? 'none' : 'ignored';
    this.opened = { checkpoint, reason, position: this.checkpointEnd, frames };
  }

  /**
   * Opens the log on `store` (writing its header when empty) and makes its state: from the checkpoint in
   * `options.checkpoint` and the frames after it when it is usable, else by replaying every frame (invariant 7).
   */
  static open(store: Store, options: DatabaseFileOptions = {}): DatabaseFile {
    const readOnly = options.readOnly === true;
    const checkpoints = options.checkpoint ?? null;
    // the checkpoint's CRC is checked while its body loads (invariant 7, decision 0037)
    const found = readCheckpoint(checkpoints, true);
    const resume = found !== null && typeof found !== 'string' ? found.identity : null;
    const log = LogFile.open(store, { readOnly, resume });
    try {
      return new DatabaseFile(store, log, readOnly, checkpoints, found, options);
    } catch (e) {
      log.close();
      throw e;
    }
  }

  /**
   * Verifies the log in `store` and the checkpoint in `checkpoints` without writing anything
   * (`pyrrhocmd --check`; database-check.ts).
   */
  static check(store: Store, checkpoints: CheckpointStore | null): CheckReport {
    return checkDatabase(store, checkpoints);
  }

  /**
   * Writes a checkpoint of the latest committed state (invariant 8) unless the file is read-only, has no
   * checkpoint store or no frame, or the last checkpoint is already at the log's end. Returns the checkpoint's
   * size in bytes (0 when none was written); throws when the write fails (the old checkpoint, if any, stays).
   */
  checkpoint(): number {
    this.checkOpen();
    const store = this.checkpoints;
    if (this.readOnly || store === null || this.catalog === null || !this.store.keepsContent) return 0;
    const identity = this.log.identity();
    if (identity === null || identity.end <= this.checkpointEnd) return 0;
    assert(this.current.position === identity.end, 'the latest state reflects the whole log');
    // a background checkpoint of an older state would write the same temp file: this one supersedes it
    this.cancelJob();
    const out = new CheckpointOutput(store, identity.end, this.pieceSize);
    let size: number;
    try {
      writeCheckpointBody(out.w, this.current, this.catalog);
      size = out.commit(identity);
    } catch (e) {
      out.abort();
      throw e;
    }
    this.checkpointEnd = identity.end;
    return size;
  }

  /** Stops the background checkpoint, if one is running (invariant 9): its next step never runs, and what it
   *  wrote is removed. */
  private cancelJob(): void {
    const job = this.job;
    if (job === null) return;
    // dequeued, the next step never runs, and nothing keeps the snapshot it encodes
    if (job.next !== null) clearImmediate(job.next);
    job.next = null;
    job.out.abort();
    this.job = null;
  }

  /**
   * True when the log has grown enough since the last checkpoint to start one in the background (invariant 9):
   * by the `backgroundGrowth` option, else by a quarter of the log at the last checkpoint and at least
   * CHECKPOINT_MAX_GROWTH — so encoding the whole state again is paid at most once per quarter of growth.
   */
  get backgroundDue(): boolean {
    if (this.backgroundGrowth === null) return false;
    const grown = this.log.end - Math.max(this.checkpointEnd, HEADER_SIZE);
    if (grown <= 0) return false;
    return grown >= (this.backgroundGrowth ?? Math.max(CHECKPOINT_MAX_GROWTH, Math.floor(this.checkpointEnd / 4)));
  }

  /** True while a background checkpoint is being encoded (invariant 9). */
  get checkpointing(): boolean {
    return this.job !== null;
  }

  /** Starts a background checkpoint when one is due and none is running (invariant 9). */
  private afterCommit(): void {
    if (this.job !== null || this.readOnly || this.checkpoints === null || this.catalog === null || !this.backgroundDue) return;
    const identity = this.log.identity();
    if (identity === null) return;
    const out = new CheckpointOutput(this.checkpoints, identity.end, this.pieceSize);
    const job: CheckpointJob = { next: null, out };
    this.job = job;
    const steps = checkpointSteps(out.w, this.current, this.catalog.slice());
    const step = (): void => {
      let more = false;
      try {
        if (this.closed) return;
        if (steps.next().done !== true) {
          more = true;
          job.next = setImmediate(step).unref();
          return;
        }
        // `checkpoint()` cancels a running job, so none newer can have been written meanwhile
        assert(identity.end > this.checkpointEnd, 'no newer checkpoint was written while the job ran');
        out.commit(identity);
        this.checkpointEnd = identity.end;
      } catch (e) {
        this.checkpointFailure = e instanceof Error ? e : new Error(String(e));
      } finally {
        if (!more) {
          job.next = null;
          out.abort();
          if (this.job === job) this.job = null;
        }
      }
    };
    job.next = setImmediate(step).unref();
  }

  /**
   * True when the log has grown enough since the last checkpoint for `close` to write one: by the
   * `checkpointGrowth` option, else by a 32nd of the log at the last checkpoint, clamped to
   * [CHECKPOINT_MIN_GROWTH, CHECKPOINT_MAX_GROWTH] — so reopening replays little, and a small change to a
   * large database does not rewrite its checkpoint on every close.
   */
  get checkpointDue(): boolean {
    const grown = this.log.end - Math.max(this.checkpointEnd, HEADER_SIZE);
    if (grown <= 0) return false;
    const limit =
      this.checkpointGrowth ?? Math.min(CHECKPOINT_MAX_GROWTH, Math.max(CHECKPOINT_MIN_GROWTH, Math.floor(this.checkpointEnd / 32)));
    return grown >= limit;
  }

  /** The latest committed state. */
  get state(): DatabaseState {
    return this.current;
  }

  /** The store's name (file path or ':memory:'). */
  get name(): string {
    return this.store.name;
  }

  /** A torn frame cut off the end of the log when it was opened, if any. */
  get tornTail(): { offset: number; length: number } | null {
    return this.log.tornTail;
  }

  /** Transactions begun and not yet ended. */
  get openTransactionCount(): number {
    return this.openCount;
  }

  /** Commits remembered for validating open transactions (invariant 3). */
  get rememberedCommitCount(): number {
    return this.recent.length;
  }

  /** Begins a transaction on the latest committed state. */
  begin(user = 'guest'): Transaction {
    this.checkOpen();
    const tx = new Transaction(this, this.current, user);
    const p = tx.startPosition;
    const n = this.openStarts.length;
    if (n > 0 && this.openStarts[n - 1] === p) this.openCounts[n - 1]!++;
    else {
      this.openStarts.push(p);
      this.openCounts.push(1);
    }
    this.openCount++;
    return tx;
  }

  /**
   * Writes a checkpoint when one is due (invariant 8; a failure is kept in `checkpointFailure`), then closes
   * the log; transactions still open can no longer commit.
   */
  close(): void {
    if (this.closed) return;
    this.cancelJob();
    if (!this.readOnly && this.checkpoints !== null && this.checkpointDue) {
      try {
        this.checkpoint();
      } catch (e) {
        this.checkpointFailure = e instanceof Error ? e : new Error(String(e));
      }
    }
    this.closed = true;
    this.recent = [];
    this.log.close();
  }

  /** @internal (TransactionHost) the committed frames before log position `upTo`, decoded in log order */
  *committedLog(upTo: number): IterableIterator<DecodedTransaction> {
    this.checkOpen();
    if (!this.store.keepsContent) {
      throw SqlError.of(SqlState.FeatureNotSupported, [`reading the log of ${this.store.name}, which keeps none (open a file to have one)`]);
    }
    for (const frame of this.log.frames()) {
      if (frame.position >= upTo) return;
      yield decodeTransaction(frame.payload, frame.payloadPosition, this.store.name);
    }
  }

  private checkOpen(): void {
    if (this.closed) throw SqlError.of(SqlState.ConnectionFailure, [`database ${this.store.name} is closed`]);
  }

  /** @internal the commit sequence (invariant 2) */
  commitTransaction(tx: Transaction, records: readonly LogEntry[], reads: ReadSet): void {
    this.checkOpen();
    if (this.readOnly) {
      throw SqlError.of(SqlState.InvalidTransactionState, [`database ${this.store.name} is open read-only`]);
    }
    // not `recent[recent.length - 1]`: reading index -1 of an empty array is a named-property lookup in V8,
    // 3% of an autocommit INSERT (decision 0040)
    const n = this.recent.length;
    if (n > 0 && this.recent[n - 1]!.start >= tx.startPosition) this.validate(tx, reads);
    const payloadPosition = this.log.nextPayloadPosition();
    const header = { user: tx.user, role: tx.role ?? tx.user, timestamp: Date.now() };
    const w = this.frameWriter(recordCount(records));
    try {
      if (this.openCount === 1 && tx.snapshot === this.current && publishable(tx.snapshot, records)) {
        // invariant 5: nobody needs this commit's effects, and the local state is the snapshot plus the records
        const relocator = writePayload(w, header, records, payloadPosition, null);
        const end = payloadPosition + w.length - FRAME_HEADER_SIZE;
        this.publish(publishedState(this.current, tx.local, records, relocator, end), w, end);
        this.afterCommit();
        return;
      }
      const relocated: Physical[] = [];
      writePayload(w, header, records, payloadPosition, relocated);
      const end = payloadPosition + w.length - FRAME_HEADER_SIZE;
      const b = new StateBuilder(this.current, { effects: this.openCount > 1 });
      for (const rec of relocated) applyRecord(b, rec);
      const framePosition = this.publish(b.snapshot(end), w, end);
      if (this.catalog !== null) for (const rec of relocated) if (isCatalogRecord(rec)) this.catalog.push(rec);
      if (b.effects !== null) this.recent.push({ start: framePosition, end, records: relocated, effects: b.effects });
      this.afterCommit();
    } catch (e) {
      // pieces of a large frame already appended are not a commit (log-file.ts invariant 8)
      this.log.abandonPieces(e);
      throw e;
    }
  }

  /**
   * The writer frames are built in (invariant 6), emptied, with room for the frame header. A transaction
   * too large for the kept buffer gets one sized for it at once, up to `pieceSize`: growing by doubling
   * would touch about twice the memory, and fresh memory is costly to touch. A frame larger than that is
   * appended in pieces of that size as it is encoded (invariant 10). A log that keeps no bytes (':memory:')
   * gets a discarding writer of the kept size, whatever the transaction's (bytes.ts invariant 6): it needs
   * the frame's length and its records' positions, never its bytes.
   */
  private frameWriter(recordCount: number): ByteWriter {
    if (!this.store.keepsContent) {
      const d = (this.writer ??= ByteWriter.discarding(FRAME_WRITER_SIZE));
      d.reset();
      for (let i = 0; i < FRAME_HEADER_SIZE; i++) d.writeU8(0);
      return d;
    }
    const estimate = 64 + recordCount * FRAME_BYTES_PER_RECORD;
    if (estimate > FRAME_WRITER_SIZE) this.writer = ByteWriter.spilling(estimate, this.pieceSize, this.appendPiece);
    const w = (this.writer ??= ByteWriter.spilling(FRAME_WRITER_SIZE, this.pieceSize, this.appendPiece));
    w.reset();
    for (let i = 0; i < FRAME_HEADER_SIZE; i++) w.writeU8(0);
    return w;
  }

  /** Where a frame writer's full buffer goes (invariant 10). */
  private readonly appendPiece = (piece: Uint8Array): void => this.log.appendPiece(piece);

  /** Appends the frame built in `w` (the commit point), makes `next` the latest state, and returns the frame's
   *  position. */
  private publish(next: DatabaseState, w: ByteWriter, end: number): number {
    const payloadPosition = this.log.nextPayloadPosition();
    let position: number;
    if (this.log.appendingPieces) {
      w.flush();
      position = this.log.sealPieces();
      this.writer = null;
    } else if (this.store.keepsContent) {
      const bytes = w.finish();
      // a large transaction's buffer is not kept for the life of the file
      if (bytes.length > FRAME_WRITER_SIZE) this.writer = null;
      position = this.log.appendFrame(bytes).position;
    } else {
      position = this.log.appendUnkept(w.length);
      // a single write larger than the buffer (a big document) grew it: such a buffer is not kept either
      if (w.length > FRAME_WRITER_SIZE) this.writer = null;
    }
    assert(position + FRAME_HEADER_SIZE === payloadPosition && this.log.end === end, 'the frame landed where it was encoded for');
    this.current = next;
    // the trees a lookup remembered belong to states older than `next` (table-draft.ts invariant 7)
    forgetFrozenLookup();
    return position;
  }

  /** Checks the commits made since `tx` began against what it read and wrote (TransactionConflict). */
  private validate(tx: Transaction, reads: ReadSet): void {
    const local = tx.state;
    const name = (t: number) =>
      this.current.table(t)?.name ?? tx.snapshot.table(t)?.name ?? this.current.view(t)?.name ?? tx.snapshot.view(t)?.name ?? `#${t}`;
    const conflict = findConflict(this.recent, tx.startPosition, { reads: reads.index(tx.snapshot, local), local, name });
    if (conflict !== null) {
      const change = conflict.change === undefined ? '' : ` (${conflict.change})`;
      throw SqlError.of(SqlState.TransactionConflict, [`${conflict.kind} on table ${conflict.table}${change}`], {
        detail: `${conflict.description} The transaction has been rolled back.`,
      });
    }
  }

  /** @internal forgets the transaction and the commits no open transaction needs (invariant 3) */
  endTransaction(tx: Transaction): void {
    const p = tx.startPosition;
    const starts = this.openStarts;
    let i = starts.length - 1;
    while (i >= 0 && starts[i] !== p) i--;
    assert(i >= 0, 'an ending transaction was open');
    if (--this.openCounts[i]! === 0) {
      if (i === starts.length - 1) {
        starts.pop();
        this.openCounts.pop();
      } else {
        starts.splice(i, 1);
        this.openCounts.splice(i, 1);
      }
    }
    this.openCount--;
    if (this.recent.length === 0) return;
    if (this.openCount === 0) {
      this.recent = [];
      return;
    }
    const oldest = starts[0]!;
    let drop = 0;
    while (drop < this.recent.length && this.recent[drop]!.end <= oldest) drop++;
    if (drop > 0) this.recent = this.recent.slice(drop);
  }
}
