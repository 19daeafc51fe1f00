/**
 * src/client/transports/embedded-worker.ts — the worker thread of the worker transport (`worker.ts`): opens
 * a `Database` here and runs the statements the main thread sends, one at a time.
 *
 * 1. With `embedded.ts`, the only client files that import the engine (STYLE's module table): this is the
 *    embedded transport's other half, run on another thread.
 * 2. The database watches the main thread's cancel flag (`Database.watch`), so a statement stops with 57014
 *    within 1,024 rows of the flag being set, and changes nothing. The flag is the main thread's to set and
 *    to clear; this side only reads it.
 * 3. Progress (rows visited so far) is posted at most once per `progressEveryMs` of a statement, the first
 *    after that much time, so a short statement posts none.
 * 4. Every reply carries `inTransaction` after the statement; an error is posted as its fields
 *    (worker-wire.ts invariant 3). After `close` the database is closed, `closed` is posted and the port
 *    closes, which lets the thread end.
 * 5. The code cache (src/code-cache.ts) is installed in this thread before the engine is loaded.
 */
import { useCodeCache } from '../../code-cache';
useCodeCache();

import { parentPort, workerData } from 'worker_threads';
import { Database } from '../../database';
import { decodeParams, encodeRows, errorToWire, type FromWorker, type ToWorker, type WorkerStart } from './worker-wire';

function post(port: NonNullable<typeof parentPort>, m: FromWorker, transfer: ArrayBuffer[] = []): void {
  port.postMessage(m, transfer);
}

function serve(port: NonNullable<typeof parentPort>, start: WorkerStart): void {
  let db: Database;
  try {
    db = Database.open(start.files, start.login);
  } catch (e) {
    post(port, { kind: 'open-failed', error: errorToWire(e) });
    port.close();
    return;
  }
  let current = 0;
  let last = 0;
  db.watch(start.cancel, (rows) => {
    const now = performance.now();
    if (now - last < start.progressEveryMs) return;
    last = now;
    post(port, { kind: 'progress', id: current, rows });
  });
  post(port, { kind: 'opened' });
  port.on('message', (m: ToWorker) => {
    if (m.kind === 'close') {
      db.close();
      post(port, { kind: 'closed' });
      port.close();
      return;
    }
    current = m.id;
    last = performance.now();
    try {
      const r = db.execute(m.sql, decodeParams(m.params));
      const rows = encodeRows(r.rows);
      post(
        port,
        {
          kind: 'result',
          id: m.id,
          columns: r.columns,
          types: r.types,
          declaredTypes: r.declaredTypes,
          rowsAffected: r.rowsAffected,
          rows,
          inTransaction: db.inTransaction,
        },
        [rows.buffer as ArrayBuffer],
      );
    } catch (e) {
      post(port, { kind: 'error', id: m.id, error: errorToWire(e), inTransaction: db.inTransaction });
    }
  });
}

if (parentPort !== null) serve(parentPort, workerData as WorkerStart);
