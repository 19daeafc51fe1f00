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
 */
import { assert } from '../common/assert';
import { SqlError, SqlState } from '../common/errors';
import { LogFile } from '../level1-datafile/log-file';
import type { Store } from '../level1-datafile/store';
import type { Physical } from '../level2-physical/physical';
import { decodeTransaction, encodeTransaction } from '../level2-physical/transaction-codec';
import { findConflict, type CommittedTransaction } from './conflicts';
import { DatabaseState } from './database-state';
import { applyRecord } from './install';
import type { ReadSet } from './read-set';
import { StateBuilder } from './state-builder';
import { Transaction, type TransactionHost } from './transaction';

/** Replays every frame of the log into a fresh snapshot (invariant 4). */
function replay(log: LogFile, name: string): DatabaseState {
  const b = new StateBuilder(DatabaseState.empty());
  for (const frame of log.frames()) {
    const { records } = decodeTransaction(frame.payload, frame.payloadPosition, name);
    for (const rec of records) {
      try {
        applyRecord(b, rec);
      } catch (e) {
        const why = e instanceof Error ? e.message : String(e);
        throw SqlError.of(SqlState.DataCorrupted, [name, rec.ppos, `record cannot be installed: ${why}`], { cause: e });
      }
    }
  }
  return b.snapshot(log.end);
}

/** One open database file, shared by every connection to it in this process. */
export class DatabaseFile implements TransactionHost {
  private current: DatabaseState;
  /** start position → transactions open from it; keys are in ascending order (positions only grow) */
  private readonly openFrom = new Map<number, number>();
  private openCount = 0;
  private recent: CommittedTransaction[] = [];
  private closed = false;

  private constructor(
    private readonly store: Store,
    private readonly log: LogFile,
    readonly readOnly: boolean,
  ) {
    this.current = replay(log, store.name);
  }

  /** Opens the log on `store` (writing its header when empty) and replays it. */
  static open(store: Store, options: { readOnly?: boolean } = {}): DatabaseFile {
    const readOnly = options.readOnly === true;
    const log = LogFile.open(store, { readOnly });
    try {
      return new DatabaseFile(store, log, readOnly);
    } catch (e) {
      log.close();
      throw e;
    }
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
    this.openFrom.set(p, (this.openFrom.get(p) ?? 0) + 1);
    this.openCount++;
    return tx;
  }

  /** Closes the log; transactions still open can no longer commit. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.recent = [];
    this.log.close();
  }

  private checkOpen(): void {
    if (this.closed) throw SqlError.of(SqlState.ConnectionFailure, [`database ${this.store.name} is closed`]);
  }

  /** @internal the commit sequence (invariant 2) */
  commitTransaction(tx: Transaction, records: readonly Physical[], reads: ReadSet): void {
    this.checkOpen();
    if (this.readOnly) {
      throw SqlError.of(SqlState.InvalidTransactionState, [`database ${this.store.name} is open read-only`]);
    }
    const last = this.recent[this.recent.length - 1];
    if (last !== undefined && last.start >= tx.startPosition) this.validate(tx, reads);
    const payloadPosition = this.log.nextPayloadPosition();
    const header = { user: tx.user, role: tx.user, timestamp: Date.now() };
    const encoded = encodeTransaction(header, records, payloadPosition);
    const b = new StateBuilder(this.current, { effects: this.openCount > 1 });
    for (const rec of encoded.records) applyRecord(b, rec);
    const end = payloadPosition + encoded.payload.length;
    const next = b.snapshot(end);
    const frame = this.log.append(encoded.payload);
    assert(frame.payloadPosition === payloadPosition && this.log.end === end, 'the frame landed where it was encoded for');
    this.current = next;
    if (b.effects !== null) this.recent.push({ start: frame.position, end, records: encoded.records, effects: b.effects });
  }

  /** Checks the commits made since `tx` began against what it read and wrote (TransactionConflict). */
  private validate(tx: Transaction, reads: ReadSet): void {
    const local = tx.state;
    const name = (t: number) => this.current.table(t)?.name ?? tx.snapshot.table(t)?.name ?? `#${t}`;
    const conflict = findConflict(this.recent, tx.startPosition, { reads: reads.index(tx.snapshot, local), local, name });
    if (conflict !== null) {
      throw SqlError.of(SqlState.TransactionConflict, [`${conflict.kind} on table ${conflict.table}`], {
        detail: `${conflict.description} The transaction has been rolled back.`,
      });
    }
  }

  /** @internal forgets the transaction and the commits no open transaction needs (invariant 3) */
  endTransaction(tx: Transaction): void {
    const p = tx.startPosition;
    const n = this.openFrom.get(p) ?? 0;
    if (n <= 1) this.openFrom.delete(p);
    else this.openFrom.set(p, n - 1);
    this.openCount--;
    if (this.recent.length === 0) return;
    if (this.openCount === 0) {
      this.recent = [];
      return;
    }
    const oldest = this.openFrom.keys().next().value as number;
    let drop = 0;
    while (drop < this.recent.length && this.recent[drop]!.end <= oldest) drop++;
    if (drop > 0) this.recent = this.recent.slice(drop);
  }
}
