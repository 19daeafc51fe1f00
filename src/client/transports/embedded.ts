/**
 * src/client/transports/embedded.ts — the in-process transport: the driver over `Database` (database.ts).
 *
 * 1. This is the only client file that may import the engine (STYLE's module table).
 * 2. Calls are synchronous underneath; the promise only gives the embedded and TCP transports one shape.
 *    So nothing else runs while a statement does: `cancel` has nothing to stop and no progress is reported
 *    (`worker.ts` runs the same engine on a worker thread, where both work).
 */
import { type CheckReport, Database } from '../../database';
import type { ExecuteWatch, Parameters, QueryResult, Transport } from '../transport';

export type { CheckReport };

/** Verifies a database file and its checkpoint without opening it for writing (`pyrrhocmd --check`). */
export function checkDatabaseFile(files: string): CheckReport {
  return Database.check(files);
}

/** A transport over an embedded `Database` opened in this process. */
export class EmbeddedTransport implements Transport {
  private constructor(
    private readonly db: Database,
    readonly description: string,
  ) {}

  /** Opens (or creates) `files.pfl`, or an in-memory database for `:memory:`. */
  static open(files: string, login?: { readonly user: string; readonly password: string }): EmbeddedTransport {
    const description = files === ':memory:' ? files : `${files}.pfl`;
    return new EmbeddedTransport(Database.open(files, login), description);
  }

  get inTransaction(): boolean {
    return this.db.inTransaction;
  }

  async execute(sql: string, params?: Parameters, _watch?: ExecuteWatch): Promise<QueryResult> {
    return this.db.execute(sql, params as never);
  }

  /** A statement has always ended by the time this can be called (invariant 2). */
  cancel(): void {}

  async close(): Promise<void> {
    this.db.close();
  }
}
