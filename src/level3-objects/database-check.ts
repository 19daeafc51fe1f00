/**
 * src/level3-objects/database-check.ts — `checkDatabase`: verifies a database file and its checkpoint without
 * writing anything (`pyrrhocmd --check FILE`, through `DatabaseFile.check`).
 *
 * 1. Nothing is written: the log is opened read-only (no torn tail cut off, no header written; the caller
 *    opens the store without the lock) and no checkpoint is written or removed.
 * 2. The log is verified completely: the header, every frame's CRC (the scan of `LogFile.open` and again as
 *    frames are read), every record's decoding, and the replay of every record into a state. The first
 *    problem is reported with its file offset; a torn tail is reported too (open would cut it off).
 * 3. A checkpoint, when there is one, is verified against the log: its own header and CRC, that the log holds
 *    the prefix it names (the first and last frames' lengths and CRCs, recomputed from the payloads), that its
 *    body loads, and that loading it and replaying the frames after it gives exactly the state of the full
 *    replay (`diffStates`). A checkpoint behind the log's end is `stale`, which is fine (open replays the rest).
 * 4. `ok` is true only when the log has no problem and no torn tail, and the checkpoint is absent, current or
 *    stale.
 */
import { SqlError } from '../common/errors';
import type { OpenedCheckpoint } from '../level1-datafile/checkpoint-envelope';
import type { CheckpointStore } from '../level1-datafile/checkpoint-store';
import { crc32 } from '../level1-datafile/crc32';
import { HEADER_SIZE } from '../level1-datafile/file-header';
import { LogFile } from '../level1-datafile/log-file';
import type { Store } from '../level1-datafile/store';
import { decodeTransaction } from '../level2-physical/transaction-codec';
import { readCheckpointBody } from './checkpoint';
import { DatabaseState } from './database-state';
import { applyRecord } from './install';
import { readCheckpoint, replayFrames } from './replay';
import { StateBuilder } from './state-builder';
import { diffStates } from './state-diff';

/** What `--check` found in a checkpoint (invariant 3). */
export type CheckpointStatus = 'none' | 'current' | 'stale' | 'unusable' | 'mismatch' | 'differs' | 'unchecked';

/** What `checkDatabase` found. */
export interface CheckReport {
  /** invariant 4 */
  readonly ok: boolean;
  readonly name: string;
  /** size of the log file */
  readonly bytes: number;
  /** zeros after the last frame: space the writer reserved ahead of its appends (log-file.ts invariant 9), left
   *  by a crash or by a writer that still has the file open */
  readonly reserved: number;
  readonly frames: number;
  readonly records: number;
  readonly tables: number;
  readonly rows: number;
  /** bytes at the end that open would cut off as an unfinished commit */
  readonly tornTail: { readonly offset: number; readonly length: number } | null;
  /** the first problem in the log, with its file offset when known */
  readonly problem: { readonly offset: number | null; readonly message: string } | null;
  readonly checkpoint: {
    readonly status: CheckpointStatus;
    /** why it is unusable, what differs, or how far behind it is */
    readonly detail: string | null;
    /** the log position it reflects (0 when none could be read) */
    readonly position: number;
  };
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function offsetOf(e: unknown): number | null {
  if (!(e instanceof SqlError)) return null;
  const m = /at offset (\d+)/.exec(e.message);
  return m === null ? null : Number(m[1]);
}

/** Verifies the log in `store` and the checkpoint in `checkpoints` (invariants 1–4). */
export function checkDatabase(store: Store, checkpoints: CheckpointStore | null): CheckReport {
  const bytes = store.size();
  let frames = 0;
  let records = 0;
  let problem: CheckReport['problem'] = null;
  let log: LogFile;
  try {
    log = LogFile.open(store, { readOnly: true });
  } catch (e) {
    const checkpoint = { status: 'unchecked' as const, detail: 'the log could not be opened', position: 0 };
    return { ok: false, name: store.name, bytes, reserved: 0, frames, records, tables: 0, rows: 0, tornTail: null, problem: { offset: offsetOf(e), message: messageOf(e) }, checkpoint };
  }
  const found = readCheckpoint(checkpoints);
  const opened = found !== null && typeof found !== 'string' ? found : null;
  const marks = new Map<number, { length: number; crc: number }>();
  const b = new StateBuilder(DatabaseState.empty());
  try {
    for (const frame of log.frames()) {
      frames++;
      if (frame.position === HEADER_SIZE || (opened !== null && frame.position === opened.identity.lastPosition)) {
        marks.set(frame.position, { length: frame.payload.length, crc: crc32(frame.payload, 0, frame.payload.length) });
      }
      const tx = decodeTransaction(frame.payload, frame.payloadPosition, store.name);
      for (const rec of tx.records) {
        records++;
        try {
          applyRecord(b, rec);
        } catch (e) {
          problem = { offset: rec.ppos, message: `record cannot be installed: ${messageOf(e)}` };
          break;
        }
      }
      if (problem !== null) break;
    }
  } catch (e) {
    problem = { offset: offsetOf(e), message: messageOf(e) };
  }
  let tables = 0;
  let rows = 0;
  let full: DatabaseState | null = null;
  if (problem === null) {
    try {
      full = b.snapshot(log.end);
      for (const t of full.tables()) {
        tables++;
        rows += t.rows.size;
      }
    } catch (e) {
      problem = { offset: null, message: `the replayed state is inconsistent: ${messageOf(e)}` };
    }
  }
  const checkpoint =
    found === null
      ? { status: 'none' as const, detail: null, position: 0 }
      : typeof found === 'string'
        ? { status: 'unusable' as const, detail: found, position: 0 }
        : checkAgainstLog(found, log, marks, full, checkpoints!.name);
  log.close();
  const tornTail = log.tornTail;
  const reserved = tornTail === null ? bytes - log.end : 0;
  const ok = problem === null && tornTail === null && ['none', 'current', 'stale'].includes(checkpoint.status);
  return { ok, name: store.name, bytes, reserved, frames, records, tables, rows, tornTail, problem, checkpoint };
}

/** Invariant 3: a readable checkpoint against the log scanned (`marks`) and its full replay (`full`). */
function checkAgainstLog(
  cp: OpenedCheckpoint,
  log: LogFile,
  marks: ReadonlyMap<number, { length: number; crc: number }>,
  full: DatabaseState | null,
  name: string,
): CheckReport['checkpoint'] {
  const id = cp.identity;
  const position = id.end;
  if (id.end > log.end) return { status: 'mismatch', detail: `it reflects the log up to ${id.end}, beyond the log's end ${log.end}`, position };
  const first = marks.get(HEADER_SIZE);
  const last = marks.get(id.lastPosition);
  if (first === undefined || first.length !== id.firstLength || first.crc !== id.firstCrc) {
    return { status: 'mismatch', detail: "the log's first frame is not the one it was taken from", position };
  }
  if (last === undefined || last.length !== id.lastLength || last.crc !== id.lastCrc) {
    return { status: 'mismatch', detail: `the log has no frame at ${id.lastPosition} like its last one`, position };
  }
  if (full === null) return { status: 'unchecked', detail: 'the log has a problem, so the checkpoint was not compared', position };
  let state: DatabaseState;
  try {
    const loaded = readCheckpointBody(cp.body, cp.bodyOffset, name, id.end);
    replayFrames(log, id.end, loaded.builder, null, log.name);
    state = loaded.builder.snapshot(log.end);
  } catch (e) {
    return { status: 'unusable', detail: `it cannot be loaded: ${messageOf(e)}`, position };
  }
  let diff: string | null;
  try {
    // rows are decoded as the comparison reaches them (checkpoint.ts invariant 7): a bad one throws here
    diff = diffStates(full, state);
  } catch (e) {
    return { status: 'unusable', detail: `a row in it cannot be decoded: ${messageOf(e)}`, position };
  }
  if (diff !== null) return { status: 'differs', detail: `loading it does not give the log's state: ${diff}`, position };
  if (id.end === log.end) return { status: 'current', detail: null, position };
  return { status: 'stale', detail: `${log.end - id.end} bytes of log after it`, position };
}
