/**
 * src/level1-datafile/background-crc.ts — the CRC of a large byte range computed on another thread while this
 * one goes on: opening a large checkpoint checks its CRC while the body is being loaded (decision 0037).
 *
 * 1. `crcLater(bytes, start, end)` gives a `PendingCrc` whose `value()` is `crc32(bytes, start, end)`. It is
 *    computed on a worker thread when the bytes live in a SharedArrayBuffer, the range holds at least `from`
 *    bytes (`BACKGROUND_CRC_FROM` unless given) and a worker starts; otherwise on this thread, at `value()`.
 * 2. The bytes must not change until `value()` has returned: the worker reads them as they are.
 * 3. `value()` blocks (`Atomics.wait`) until the worker has answered. A worker that fails answers "failed"; one
 *    that has not started within `START_WAIT_MS`, or not finished within a generous time for its length, is
 *    given up on: `value()` then computes the CRC itself, so an answer never depends on the worker.
 * 4. The worker does nothing else, ends when it has answered, and never keeps the process alive (`unref`).
 * 5. `sharedBytes(length)` is a zeroed `Uint8Array` over a new SharedArrayBuffer, for a reader that wants its
 *    bytes checked this way.
 */
import { Worker } from 'node:worker_threads';
import { crc32 } from './crc32';

/** Ranges at least this long are checked on a worker (invariant 1): below it, starting one costs more than it saves. */
export const BACKGROUND_CRC_FROM = 16 * 1024 * 1024;

/** How long a worker may take to start before this thread computes the CRC itself (invariant 3). */
const START_WAIT_MS = 2000;

// the worker's states, in slot 0 of its Int32Array; the CRC goes in slot 1
const PENDING = 0;
const RUNNING = 1;
const DONE = 2;
const FAILED = 3;

/** What the worker runs: the CRC of its range, then its state (zlib's crc32, as crc32.ts uses for long inputs). */
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { bytes, start, end, state } = workerData;
Atomics.store(state, 0, ${RUNNING});
let answer = ${FAILED};
try {
  Atomics.store(state, 1, require('node:zlib').crc32(bytes.subarray(start, end)) | 0);
  answer = ${DONE};
} finally {
  Atomics.store(state, 0, answer);
  Atomics.notify(state, 0);
}
`;

/** A CRC being computed (invariant 1). */
export interface PendingCrc {
  /** whether a worker was started for it */
  readonly onWorker: boolean;
  /** The CRC, waiting for the worker if one computes it (invariant 3). */
  value(): number;
}

/** A zeroed byte array over a new SharedArrayBuffer (invariant 5). */
export function sharedBytes(length: number): Uint8Array {
  return new Uint8Array(new SharedArrayBuffer(length));
}

/** The CRC of `bytes[start, end)`, on a worker when invariant 1 allows. */
export function crcLater(bytes: Uint8Array, start: number, end: number, from = BACKGROUND_CRC_FROM): PendingCrc {
  const here: PendingCrc = { onWorker: false, value: () => crc32(bytes, start, end) };
  if (end - start < from || !(bytes.buffer instanceof SharedArrayBuffer)) return here;
  const state = new Int32Array(new SharedArrayBuffer(8));
  let worker: Worker;
  try {
    // no flags of this process (a profiler's, --expose-gc): the worker runs one zlib call
    worker = new Worker(WORKER_SOURCE, { eval: true, execArgv: [], workerData: { bytes, start, end, state } });
  } catch {
    return here;
  }
  worker.unref();
  // a worker that cannot run reports it on this thread's event loop, which an open does not return to: the
  // deadlines of invariant 3 cover that case
  worker.on('error', () => {});
  const startBy = Date.now() + START_WAIT_MS;
  // zlib checks about 2 GB/s here; allow 100 MB/s, and a few seconds more, before giving up
  const finishBy = startBy + 5000 + (end - start) / 100_000;
  return {
    onWorker: true,
    value(): number {
      for (;;) {
        const s = Atomics.load(state, 0);
        if (s === DONE) return Atomics.load(state, 1) >>> 0;
        const now = Date.now();
        if (s === FAILED || (s === PENDING && now > startBy) || now > finishBy) break;
        Atomics.wait(state, 0, s, 50);
      }
      void worker.terminate();
      return crc32(bytes, start, end);
    },
  };
}
