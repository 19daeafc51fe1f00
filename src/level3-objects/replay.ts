/**
 * src/level3-objects/replay.ts — making a state from the log: replaying frames into a builder, and finding
 * the checkpoint to start from. Shared by `DatabaseFile.open` and `pyrrhocmd --check` (database-check.ts).
 *
 * 1. A record the log holds that cannot be installed is corruption (DataCorrupted naming its offset), never
 *    skipped.
 * 2. `readCheckpoint` never throws: a checkpoint that cannot be read or opened is a reason, not an error.
 */
import { SqlError, SqlState } from '../common/errors';
import { openCheckpoint, type OpenedCheckpoint } from '../level1-datafile/checkpoint-envelope';
import type { CheckpointStore } from '../level1-datafile/checkpoint-store';
import type { LogFile } from '../level1-datafile/log-file';
import type { Physical } from '../level2-physical/physical';
import { decodeTransaction } from '../level2-physical/transaction-codec';
import { isCatalogRecord } from './checkpoint';
import { applyRecord } from './install';
import type { StateBuilder } from './state-builder';

/**
 * Replays the frames from log position `from` into `b`, adding catalog records to `catalog` when given
 * (invariant 1); returns the number of frames.
 */
export function replayFrames(log: LogFile, from: number, b: StateBuilder, catalog: Physical[] | null, name: string): number {
  let frames = 0;
  for (const frame of log.frames(from)) {
    frames++;
    const { records } = decodeTransaction(frame.payload, frame.payloadPosition, name);
    for (const rec of records) {
      try {
        applyRecord(b, rec);
      } catch (e) {
        const why = e instanceof Error ? e.message : String(e);
        throw SqlError.of(SqlState.DataCorrupted, [name, rec.ppos, `record cannot be installed: ${why}`], { cause: e });
      }
      if (catalog !== null && isCatalogRecord(rec)) catalog.push(rec);
    }
  }
  return frames;
}

/** The checkpoint in `store`, opened, or why there is none to use (invariant 2); with `deferCrc`, its CRC
 *  still being checked (checkpoint-envelope.ts invariant 5). */
export function readCheckpoint(store: CheckpointStore | null, deferCrc = false): OpenedCheckpoint | string | null {
  if (store === null) return null;
  try {
    const bytes = store.read();
    return bytes === null ? null : openCheckpoint(bytes, deferCrc);
  } catch (e) {
    return `checkpoint cannot be read: ${e instanceof Error ? e.message : String(e)}`;
  }
}

