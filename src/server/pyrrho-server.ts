/**
 * src/server/pyrrho-server.ts — `PyrrhoServer`: pyrrhosvr's listener. Serves every `DATA/*.pfl` (and creates
 * `DATA/name.pfl` on a first connect to `name`), one engine thread per database (docs/decisions/0012).
 *
 * 1. `start` opens (and so recovers) every database already in DATA before it listens: a client never
 *    reaches a database whose log has not been replayed, and a database that cannot open stops the start.
 * 2. A database name is a plain file name: letters, digits, `_` and `-`, at most 128 characters, never a path;
 *    anything else is refused with 3D000 before the file system is touched.
 * 3. It binds `host` (default 127.0.0.1, loopback only) and `port` (0: any free port; `port` tells which).
 * 4. One log line per connection (when it ends, saying why) and one per error (`log`, default stderr).
 * 5. `stop` stops listening, ends every connection with 57P01, shuts every engine down (open transactions
 *    rolled back, files closed) and resolves when all of that is done. It is idempotent.
 * 6. A database whose engine thread was lost is started again by the next connection to it.
 */
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';
import { SqlError, SqlState } from '../common/errors';
import { DEFAULT_MAX_FRAME_BYTES } from '../protocol/frame';
import { DatabaseHost, type EngineStats } from './database-host';
import { type ConnectionServer, ServerConnection } from './server-connection';
import { PRODUCT_NAME } from '../common/version';

/** Options of a server. */
export interface ServerOptions {
  /** the data directory (default: the current directory) */
  readonly dir?: string;
  /** default 127.0.0.1 */
  readonly host?: string;
  /** default 5433; 0 picks a free port */
  readonly port?: number;
  /** the largest frame a client may send, in bytes (default 16 MiB) */
  readonly maxFrameBytes?: number;
  /** a frame begun and not completed, or a handshake not completed, within this many ms closes the connection (default 30 s) */
  readonly stallTimeoutMs?: number;
  /** about how many bytes of rows one batch holds (default 256 KiB) */
  readonly batchBytes?: number;
  /** where log lines go (default: stderr) */
  readonly log?: (line: string) => void;
  /** `--init-admin`: every database served that has no users gets this user, with this password, as its owner */
  readonly initAdmin?: { readonly user: string; readonly password: string };
}

const NAME = /^[A-Za-z0-9_][A-Za-z0-9_-]{0,127}$/;

/** A running pyrrhosvr. */
export class PyrrhoServer implements ConnectionServer {
  readonly dir: string;
  readonly maxFrameBytes: number;
  readonly stallTimeoutMs: number;
  readonly batchBytes: number;
  private readonly initAdmin: { readonly user: string; readonly password: string } | null;
  readonly version = PRODUCT_NAME;
  private readonly hosts = new Map<string, Promise<DatabaseHost>>();
  private readonly connections = new Set<ServerConnection>();
  private readonly listener: net.Server;
  private nextId = 1;
  private stopping: Promise<void> | null = null;
  private readonly logLine: (line: string) => void;

  private constructor(options: ServerOptions) {
    this.dir = path.resolve(options.dir ?? '.');
    this.maxFrameBytes = options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
    this.stallTimeoutMs = options.stallTimeoutMs ?? 30_000;
    this.batchBytes = options.batchBytes ?? 256 * 1024;
    this.initAdmin = options.initAdmin ?? null;
    this.logLine = options.log ?? ((line) => process.stderr.write(`${new Date().toISOString()} ${line}\n`));
    this.listener = net.createServer((socket) => this.accept(socket));
    this.listener.maxConnections = 10_000;
  }

  /** Recovers every database in the directory, then listens (invariants 1, 3). */
  static async start(options: ServerOptions = {}): Promise<PyrrhoServer> {
    const server = new PyrrhoServer(options);
    if (!fs.existsSync(server.dir)) throw SqlError.of(SqlState.UnableToConnect, [`data directory ${server.dir} does not exist`]);
    try {
      for (const f of fs.readdirSync(server.dir).sort()) {
        if (f.endsWith('.pfl') && NAME.test(f.slice(0, -4))) await server.host(f.slice(0, -4));
      }
      await new Promise<void>((resolve, reject) => {
        server.listener.once('error', reject);
        server.listener.listen(options.port ?? 5433, options.host ?? '127.0.0.1', () => {
          server.listener.off('error', reject);
          resolve();
        });
      });
    } catch (e) {
      await server.stop();
      throw e;
    }
    server.listener.on('error', (e) => server.log(`listener error: ${e.message}`));
    return server;
  }

  /** The port listened on. */
  get port(): number {
    return (this.listener.address() as net.AddressInfo).port;
  }

  /** The address listened on. */
  get address(): string {
    return (this.listener.address() as net.AddressInfo).address;
  }

  /** Bytes written to client sockets and not yet taken by the kernel, over every connection (server-connection.ts invariant 8). */
  get bufferedBytes(): number {
    let n = 0;
    for (const c of this.connections) n += c.buffered;
    return n;
  }

  /** Connections open now. */
  get connectionCount(): number {
    return this.connections.size;
  }

  log(line: string): void {
    this.logLine(line);
  }

  /** The host of a database, started when first asked for (invariants 2, 6). */
  host(name: string): Promise<DatabaseHost> {
    if (this.stopping !== null) return Promise.reject(SqlError.of(SqlState.AdminShutdown, ['the server is stopping']));
    if (!NAME.test(name)) return Promise.reject(SqlError.of(SqlState.InvalidCatalogName, [JSON.stringify(name)]));
    const key = name; // names are file names: case as given
    let p = this.hosts.get(key);
    if (p === undefined) {
      p = DatabaseHost.start(name, path.join(this.dir, name), this.initAdmin);
      this.hosts.set(key, p);
      p.then(
        (h) => h.onLost(() => this.hosts.get(key) === p && this.hosts.delete(key)),
        (e: unknown) => {
          this.hosts.delete(key);
          this.log(`database ${name}: ${e instanceof Error ? e.message : String(e)}`);
        },
      );
    }
    return p;
  }

  /** What the engine of database `name` holds now (sessions, open cursors, heap), or null when it is not running. */
  async engineStats(name: string): Promise<EngineStats | null> {
    const p = this.hosts.get(name);
    if (p === undefined) return null;
    return (await p).stats();
  }

  closed(c: ServerConnection): void {
    this.connections.delete(c);
  }

  private accept(socket: net.Socket): void {
    if (this.stopping !== null) {
      socket.destroy();
      return;
    }
    const c = new ServerConnection(this.nextId++, socket, this);
    this.connections.add(c);
  }

  /** Invariant 5. */
  stop(): Promise<void> {
    this.stopping ??= this.shutDown();
    return this.stopping;
  }

  private async shutDown(): Promise<void> {
    const closedListener = new Promise<void>((resolve) => this.listener.close(() => resolve()));
    for (const c of [...this.connections]) c.terminate(SqlError.of(SqlState.AdminShutdown, ['the server is stopping']));
    const hosts = await Promise.allSettled([...this.hosts.values()]);
    await Promise.all(hosts.map((h) => (h.status === 'fulfilled' ? h.value.stop() : undefined)));
    this.hosts.clear();
    await closedListener;
  }
}
