/**
 * src/client/pyrrho-connect.ts — `PyrrhoConnect`, the ADO-style connection (Pyrrho's PyrrhoLink shape).
 *
 * 1. `open()` chooses the transport from the connection string: `Files=shop` alone is embedded;
 *    `Host=…` (with `Port=`, default 5433, `User=`, `Password=`, `Role=`) connects to pyrrhosvr over TCP
 *    (`transports/tcp.ts`), where `Files=shop` names DATA/shop.pfl on the server.
 * 2. One command at a time per connection; a transaction belongs to the connection that began it.
 * 3. `{ worker: true }` runs an embedded database on a worker thread (`transports/worker.ts`): the caller's
 *    thread stays free while a command runs, so `PyrrhoCommand.cancel` can stop it and its `onProgress`
 *    hears how far it has got. Without it the embedded database runs in the caller's thread.
 * 4. A transport's module (and what it needs: the protocol, worker threads, the embedded engine) is loaded by
 *    the first `open()` that uses it, not by `require('pyrrhodb')`.
 */
import { withCodeCache } from '../code-cache';
import { SqlError, SqlState } from '../common/errors';
import { PyrrhoPool, type PoolOptions } from './pyrrho-pool';
import { parseConnectionString, type ConnectionSettings } from './connection-string';
import { PyrrhoCommand } from './pyrrho-command';
import { PyrrhoTransaction } from './pyrrho-transaction';
import type { Transport } from './transport';
import type * as Embedded from './transports/embedded';
import type * as Tcp from './transports/tcp';
import type * as Worker from './transports/worker';

/* eslint-disable @typescript-eslint/no-require-imports -- each transport is loaded when a connection first uses it (invariant 4) */
const transports = {
  embedded: (): typeof Embedded.EmbeddedTransport => withCodeCache(() => require('./transports/embedded') as typeof Embedded).EmbeddedTransport,
  tcp: (): typeof Tcp.TcpTransport => withCodeCache(() => require('./transports/tcp') as typeof Tcp).TcpTransport,
  worker: (): typeof Worker.WorkerTransport => withCodeCache(() => require('./transports/worker') as typeof Worker).WorkerTransport,
};
/* eslint-enable @typescript-eslint/no-require-imports */

export type ConnectionState = 'Closed' | 'Open';

/** Options of a connection, beside its connection string. */
export interface ConnectOptions {
  /** run an embedded database on a worker thread, so commands can be cancelled and report progress (invariant 3) */
  readonly worker?: boolean;
  /** the password, in place of the connection string's `Password=` (which cannot hold a `;`) */
  readonly password?: string;
}

/** A connection to a pyrrhodb database, embedded or over TCP. */
export class PyrrhoConnect {
  /** A pool of open connections to one connection string (`pyrrho-pool.ts`). */
  static pool(connectionString: string, options: PoolOptions = {}): PyrrhoPool {
    return new PyrrhoPool(() => new PyrrhoConnect(connectionString), options);
  }

  readonly connectionString: string;
  private readonly settings: ConnectionSettings;
  private transport: Transport | null = null;
  private transaction: PyrrhoTransaction | null = null;

  constructor(
    connectionString: string,
    private readonly options: ConnectOptions = {},
  ) {
    this.connectionString = connectionString;
    this.settings = parseConnectionString(connectionString);
  }

  get state(): ConnectionState {
    return this.transport === null ? 'Closed' : 'Open';
  }

  /** Where the connection is attached, e.g. `shop.pfl`. */
  get description(): string {
    return this.transport?.description ?? this.settings.files;
  }

  /** True while a transaction (begun by statement or by `beginTransaction`) is open. */
  get inTransaction(): boolean {
    return this.transport?.inTransaction ?? false;
  }

  async open(): Promise<void> {
    if (this.transport !== null) return;
    const s = this.settings;
    if (s.host !== null) {
      this.transport = await transports.tcp().open({ host: s.host, port: s.port, files: s.files, user: s.user, password: this.options.password ?? s.password, role: s.role });
      return;
    }
    const files = this.settings.files;
    // User= (with Password=) opens the embedded database as that user, authenticated as Database.open does
    const login = s.user === null ? undefined : { user: s.user, password: this.options.password ?? s.password ?? '' };
    this.transport = this.options.worker === true ? await transports.worker().open(files, { login }) : transports.embedded().open(files, login);
  }

  /** A command on this connection, optionally with its text. */
  createCommand(commandText = ''): PyrrhoCommand {
    return new PyrrhoCommand(this, commandText);
  }

  /** Starts an explicit transaction; commands run inside it until commit or rollback. */
  async beginTransaction(): Promise<PyrrhoTransaction> {
    const transport = this.requireOpen();
    await transport.execute('begin transaction');
    this.transaction = new PyrrhoTransaction(this, transport);
    return this.transaction;
  }

  async close(): Promise<void> {
    const transport = this.transport;
    this.transport = null;
    this.transaction = null;
    if (transport !== null) await transport.close();
  }

  /** @internal the transport commands run on; throws when the connection is closed. */
  requireOpen(): Transport {
    if (this.transport === null) {
      throw SqlError.of(SqlState.ConnectionFailure, ['the connection is not open']);
    }
    return this.transport;
  }
}
