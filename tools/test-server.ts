/**
 * tools/test-server.ts — helpers for the server's tests (src/server/*.test.ts; not used by the server): a server on a free
 * port over a fresh temporary directory, driver connections to it, and raw sockets that speak (or break)
 * the protocol by hand.
 *
 * 1. The engine threads run the compiled entry (dist/src/server/engine-thread.js): `npm run build` first.
 */
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { PyrrhoConnect } from '../src/client/pyrrho-connect';
import { FrameDecoder, type Frame } from '../src/protocol/frame';
import { decodeServerMessage, encodeClientMessage, MessageType, PROTOCOL_VERSION, type ServerMessage } from '../src/protocol/messages';
import { PyrrhoServer, type ServerOptions } from '../src/server/pyrrho-server';

/** A server on a free port with its own data directory and captured log lines. */
export interface TestServer {
  readonly server: PyrrhoServer;
  readonly dir: string;
  readonly log: string[];
  connect(files?: string): Promise<PyrrhoConnect>;
  connectionString(files?: string): string;
  stop(): Promise<void>;
}

/** Starts a server over a new temporary directory (or `dir`). */
export async function startTestServer(options: ServerOptions = {}): Promise<TestServer> {
  const dir = options.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'pyrrho-svr-'));
  const log: string[] = [];
  const server = await PyrrhoServer.start({ port: 0, ...options, dir, log: (l) => log.push(l) });
  const connectionString = (files = 'shop'): string => `Host=127.0.0.1;Port=${server.port};Files=${files};User=tester;Password=pw`;
  return {
    server,
    dir,
    log,
    connectionString,
    async connect(files = 'shop') {
      const c = new PyrrhoConnect(connectionString(files));
      await c.open();
      return c;
    },
    async stop() {
      await server.stop();
      if (options.dir === undefined) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A socket that speaks frames by hand. */
export class RawClient {
  private readonly decoder = new FrameDecoder(1 << 30);
  private readonly frames: Frame[] = [];
  private waiters: (() => void)[] = [];
  readonly closed: Promise<void>;
  ended = false;

  private constructor(readonly socket: net.Socket) {
    this.closed = new Promise((resolve) =>
      socket.once('close', () => {
        this.ended = true;
        for (const w of this.waiters.splice(0)) w();
        resolve();
      }),
    );
    socket.on('error', () => undefined);
    socket.on('data', (b: Buffer) => {
      for (const f of this.decoder.push(b)) this.frames.push(f);
      for (const w of this.waiters.splice(0)) w();
    });
  }

  static async connect(port: number): Promise<RawClient> {
    const socket = net.connect({ host: '127.0.0.1', port });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    return new RawClient(socket);
  }

  write(bytes: Uint8Array): void {
    this.socket.write(bytes);
  }

  /** The next server message, or null once the socket has closed with none left. */
  async next(): Promise<ServerMessage | null> {
    for (;;) {
      const f = this.frames.shift();
      if (f !== undefined) return decodeServerMessage(f.type, f.body);
      if (this.ended) return null;
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  /** Hello + AuthResponse; resolves when Ready has arrived. */
  async login(database = 'shop'): Promise<void> {
    this.write(encodeClientMessage({ type: MessageType.Hello, version: PROTOCOL_VERSION, database, user: 'raw', role: '' }));
    const ask = await this.next();
    if (ask?.type !== MessageType.AuthRequest) throw new Error(`expected AuthRequest, got ${JSON.stringify(ask)}`);
    this.write(encodeClientMessage({ type: MessageType.AuthResponse, data: new Uint8Array() }));
    const ready = await this.next();
    if (ready?.type !== MessageType.Ready) throw new Error(`expected Ready, got ${JSON.stringify(ready)}`);
  }

  destroy(): void {
    this.socket.destroy();
  }
}
