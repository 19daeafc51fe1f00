/**
 * src/client/pyrrho-transaction.ts — `PyrrhoTransaction`: commit or roll back what a connection began.
 *
 * 1. A transaction ends once: a second commit/rollback is SQLSTATE 25000. If the engine already ended it
 *    (an error rolls the whole transaction back), commit reports that as the engine does.
 */
import { SqlError, SqlState } from '../common/errors';
import type { PyrrhoConnect } from './pyrrho-connect';
import type { Transport } from './transport';

/** An explicit transaction on a connection. */
export class PyrrhoTransaction {
  private ended = false;

  constructor(
    readonly connection: PyrrhoConnect,
    private readonly transport: Transport,
  ) {}

  async commit(): Promise<void> {
    this.end();
    await this.transport.execute('commit');
  }

  async rollback(): Promise<void> {
    this.end();
    await this.transport.execute('rollback');
  }

  private end(): void {
    if (this.ended) throw SqlError.of(SqlState.InvalidTransactionState, ['the transaction has already ended']);
    this.ended = true;
  }
}
