/**
 * src/level3-objects/crash-machine.ts — test support: a "machine" whose log bytes and checkpoint store outlive
 * each "process" (a DatabaseFile over a FaultyStore made from those bytes), for crash tests. Nothing in the
 * engine imports it.
 *
 * 1. `start` opens a process over the bytes kept so far, with a checkpoint written at every close
 *    (`checkpointGrowth: 1`); `log` and `checkpoints` take faults to inject (faulty-store.ts,
 *    faulty-checkpoint-store.ts).
 * 2. `stop` ends the process as a crash would: the log keeps only the bytes its last successful sync made
 *    durable (a checkpoint write never touches the log); the process's close still runs, and writes a
 *    checkpoint when one is due, as a clean shutdown before the crash would.
 * 3. `reopen` starts a process and checks that its state equals a full replay of the same log, checkpoint
 *    or not (the log stays the truth).
 */
import { MemoryCheckpointStore } from '../level1-datafile/checkpoint-store';
import { FaultyCheckpointStore } from '../level1-datafile/faulty-checkpoint-store';
import { FaultyStore } from '../level1-datafile/faulty-store';
import { MemoryStore } from '../level1-datafile/memory-store';
import { DatabaseFile } from './database-file';
import { diffStates } from './state-diff';

export class CrashMachine {
  image: Uint8Array = new Uint8Array(0);
  readonly memory = new MemoryCheckpointStore();
  readonly checkpoints = new FaultyCheckpointStore(this.memory);
  log: FaultyStore | null = null;

  start(): DatabaseFile {
    this.log = new FaultyStore(new MemoryStore('crash.pfl', this.image.length > 0 ? { initial: this.image } : {}));
    return DatabaseFile.open(this.log, { checkpoint: this.checkpoints, checkpointGrowth: 1 });
  }

  /** Closes the file (which writes a checkpoint when one is due), then keeps the synced bytes (invariant 2). */
  stop(f: DatabaseFile): void {
    const log = this.log!;
    this.image = log.inner.read(0, log.syncedSize);
    f.close();
  }

  /** Opens the bytes as they are; throws when the state differs from a full replay of the log (invariant 3). */
  reopen(): DatabaseFile {
    const f = this.start();
    const full = DatabaseFile.open(new MemoryStore('copy.pfl', { initial: this.image }));
    const diff = diffStates(full.state, f.state);
    full.close();
    if (diff !== null) throw new Error(`reopened state differs from a full replay of the log: ${diff}`);
    return f;
  }
}
