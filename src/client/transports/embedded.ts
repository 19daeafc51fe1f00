/**
 * src/client/transports/embedded.ts — the in-process transport: the driver over `Database` (database.ts).
 *
 * 1. This is the only client file that may import the engine (STYLE's module table).
 * 2. Calls are synchronous underneath; the promise only gives the embedded and TCP transports one shape.
 */
import { Database } from '../../database';
import type { Parameters, QueryResult, Transport } from '../transport';

/** A transport over an embedded `Database` opened in this process. */
export class EmbeddedTransport implements Transport {
  private constructor(
    private readonly db: Database,
    readonly description: string,
  ) {}

  /** Opens (or creates) `files.pfl`, or an in-memory database for `:memory:`. */
  static open(files: string): EmbeddedTransport {
    const description = files === ':memory:' ? files : `${files}.pfl`;
    return new EmbeddedTransport(Database.open(files), description);
  }

  get inTransaction(): boolean {
    return this.db.inTransaction;
  }

  async execute(sql: string, params?: Parameters): Promise<QueryResult> {
    return this.db.execute(sql, params as never);
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
