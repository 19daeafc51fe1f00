/**
 * src/server/server-connection.ts — `ServerConnection`: one client socket of pyrrhosvr, from the Hello to
 * the close: framing, the handshake and authentication, and relaying commands to its database's engine
 * thread (docs/protocol.md, "Conversation").
 *
 * 1. States: hello → auth → opening → ready → closed. A frame that is not allowed in the current state
 *    (an Execute before Ready, a second Execute while one runs) is a protocol violation.
 * 2. A protocol violation (a bad length, a malformed body, an unexpected message) is answered with one
 *    Error frame (08P01) and the socket is ended; nothing else of the server is touched.
 * 3. A frame begun and not completed within `stallTimeoutMs`, or a client's part of the handshake (Hello and
 *    AuthResponse) not completed within it from the connect, closes the connection (logged). The server's
 *    own work (opening a database) is not counted, and an idle connection between commands is never timed out.
 * 4. Authentication: the Hello's user and the AuthResponse's password go to the engine thread, which opens the
 *    session as `Database.open(path, { user, password })` does (28P01 when refused, accepted while the database
 *    has no users); a Hello with no user name logs in as PUBLIC, never as the server process's own user.
 * 5. Every reply after Ready carries the transaction state the engine reported with it.
 * 6. Cancel sets the connection's cancel flag only while one of its commands is in flight, and the flag is
 *    cleared before each command is sent, so a cancel never reaches a later command.
 * 7. Closing (by the client, the server, a violation or a lost socket) closes the connection's session in
 *    the engine, which rolls back an open transaction; a running statement is cancelled first.
 * 8. Flow control: an Execute or Fetch that arrives while the socket still holds replies the client has not
 *    taken (`writableNeedDrain`) waits, with the socket paused, until it drains; so a client that asks
 *    without reading makes the server hold one batch, not every batch it asked for.
 * 9. A closed connection's socket is given CLOSE_GRACE_MS (or the stall timeout, if shorter) to hand its
 *    last bytes to a client that is not reading, then destroyed: such a client never holds up the server's stop.
 */
import type { Socket } from 'net';
import { SqlError, SqlState } from '../common/errors';
import { FrameDecoder } from '../protocol/frame';
import {
  AuthMethod,
  type ClientMessage,
  decodeClientMessage,
  encodeServerMessage,
  MessageType,
  PROTOCOL_VERSION,
  type ServerMessage,
  TxState,
} from '../protocol/messages';
import { errorToWire, type WireError } from '../protocol/values';
import type { EngineClient } from './database-host';
import type { DatabaseHost } from './database-host';
import type { FromEngine } from './engine-messages';

/** What a connection needs of its server. */
export interface ConnectionServer {
  readonly maxFrameBytes: number;
  readonly stallTimeoutMs: number;
  readonly batchBytes: number;
  readonly version: string;
  log(line: string): void;
  /** the host of database `name`, started (and recovered) if need be; rejects with 3D000 for a bad name */
  host(name: string): Promise<DatabaseHost>;
  closed(c: ServerConnection): void;
}

type State = 'hello' | 'auth' | 'opening' | 'ready' | 'closed';

/** How long a closed connection's unread bytes may keep its socket open (invariant 9). */
const CLOSE_GRACE_MS = 1000;

/** One client connection. */
export class ServerConnection implements EngineClient {
  private state: State = 'hello';
  private readonly decoder: FrameDecoder;
  private stallTimer: NodeJS.Timeout | null = null;
  private database = '';
  private user = '';
  private dbHost: DatabaseHost | null = null;
  private cancelFlag: Int32Array | null = null;
  private inFlight = false;
  private tx = TxState.Idle;
  private commands = 0;
  private readonly started = Date.now();
  private why = 'closed by the client';
  /** a command waiting for the socket to drain (invariant 8) */
  private deferred: ClientMessage | null = null;

  constructor(
    readonly id: number,
    private readonly socket: Socket,
    private readonly server: ConnectionServer,
  ) {
    this.decoder = new FrameDecoder(server.maxFrameBytes);
    socket.setNoDelay(true);
    socket.setKeepAlive(true, 10_000);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (e: Error) => this.close(`socket error: ${e.message}`));
    socket.on('close', () => this.close(this.why));
    this.armStall(); // the handshake must complete in time (invariant 3)
  }

  /** Where the client is, for the log. */
  get peer(): string {
    return `${this.socket.remoteAddress ?? '?'}:${this.socket.remotePort ?? '?'}`;
  }

  /** Ends the connection from the server's side, telling the client why (57P01 on shutdown). */
  terminate(error: SqlError): void {
    if (this.state === 'closed') return;
    this.send({ type: MessageType.Error, tx: this.tx, error: errorToWire(error) });
    this.why = error.message;
    this.socket.end();
    this.close(error.message);
  }

  private onData(chunk: Buffer): void {
    if (this.state === 'closed') return;
    let frames;
    try {
      frames = this.decoder.push(chunk);
    } catch (e) {
      this.violation(e);
      return;
    }
    for (const f of frames) {
      if ((this.state as State) === 'closed') return;
      let m: ClientMessage;
      try {
        m = decodeClientMessage(f.type, f.body);
      } catch (e) {
        this.violation(e);
        return;
      }
      this.onMessage(m);
    }
    this.armStall();
  }

  /** Starts, keeps or stops the stall timer (invariant 3). */
  private armStall(): void {
    const handshake = this.state === 'hello' || this.state === 'auth';
    if (!handshake && !this.decoder.partial) {
      if (this.stallTimer !== null) clearTimeout(this.stallTimer);
      this.stallTimer = null;
      return;
    }
    if (this.stallTimer !== null && handshake) return; // the handshake deadline runs from the connect
    if (this.stallTimer !== null) clearTimeout(this.stallTimer);
    this.stallTimer = setTimeout(() => {
      this.stallTimer = null;
      const what = this.state === 'hello' || this.state === 'auth' ? 'the handshake did not complete' : 'a frame stalled';
      this.server.log(`#${this.id} ${this.peer}: ${what} for ${this.server.stallTimeoutMs} ms; closing`);
      this.why = what;
      this.socket.destroy();
      this.close(what);
    }, this.server.stallTimeoutMs);
    this.stallTimer.unref();
  }

  private violation(e: unknown): void {
    const err = e instanceof SqlError ? e : SqlError.of(SqlState.ProtocolViolation, [String(e)]);
    this.server.log(`#${this.id} ${this.peer}: ${err.sqlState} ${err.message}; closing`);
    this.terminate(err.sqlState === SqlState.ProtocolViolation ? err : SqlError.of(SqlState.ProtocolViolation, [err.message]));
  }

  private unexpected(m: ClientMessage): void {
    this.violation(SqlError.of(SqlState.ProtocolViolation, [`message 0x${m.type.toString(16)} is not allowed now (${this.state})`]));
  }

  private onMessage(m: ClientMessage): void {
    if (m.type === MessageType.Terminate) {
      this.why = 'closed by the client';
      this.socket.end();
      this.close(this.why);
      return;
    }
    if (m.type === MessageType.Cancel) {
      if (this.inFlight && this.cancelFlag !== null) Atomics.store(this.cancelFlag, 0, 1);
      return;
    }
    switch (this.state) {
      case 'hello':
        if (m.type !== MessageType.Hello) return this.unexpected(m);
        return this.hello(m);
      case 'auth':
        if (m.type !== MessageType.AuthResponse) return this.unexpected(m);
        return this.authenticate(new TextDecoder().decode(m.data));
      case 'ready':
        return this.command(m);
      default:
        return this.unexpected(m);
    }
  }

  private hello(m: Extract<ClientMessage, { type: MessageType.Hello }>): void {
    if (m.version !== PROTOCOL_VERSION) {
      this.violation(SqlError.of(SqlState.ProtocolViolation, [`protocol version ${m.version} is not supported (this server speaks ${PROTOCOL_VERSION})`]));
      return;
    }
    this.database = m.database;
    this.user = m.user;
    this.state = 'auth';
    this.send({ type: MessageType.AuthRequest, version: PROTOCOL_VERSION, method: AuthMethod.Password });
  }

  /** Invariant 4: the engine thread authenticates the login as `Database.open` does. */
  private authenticate(password: string): void {
    this.state = 'opening';
    this.server.host(this.database).then(
      (host) => {
        if (this.state !== 'opening') return;
        this.dbHost = host;
        host.attach(this.id, this);
        host.send({ kind: 'open', conn: this.id, user: this.user, password });
      },
      (e: unknown) => this.refuse(e),
    );
  }

  private refuse(e: unknown): void {
    const err = e instanceof SqlError ? e : SqlError.of(SqlState.ConnectionFailure, [String(e)]);
    this.server.log(`#${this.id} ${this.peer} ${this.database}: ${err.sqlState} ${err.message}`);
    this.terminate(err);
  }

  /** Bytes written to the socket and not yet taken by the kernel (invariant 8). */
  get buffered(): number {
    return this.socket.writableLength;
  }

  private command(m: ClientMessage): void {
    const host = this.dbHost!;
    if (this.inFlight) return this.unexpected(m);
    if ((m.type === MessageType.Execute || m.type === MessageType.Fetch) && this.socket.writableNeedDrain) {
      this.inFlight = true; // invariant 8: the command is in flight, waiting for the client to read
      this.deferred = m;
      this.socket.pause();
      this.socket.once('drain', () => {
        const d = this.deferred;
        this.deferred = null;
        this.inFlight = false;
        if (this.state !== 'ready' || d === null) return;
        this.socket.resume();
        this.command(d);
      });
      return;
    }
    switch (m.type) {
      case MessageType.Execute:
        this.inFlight = true;
        this.commands++;
        Atomics.store(this.cancelFlag!, 0, 0); // invariant 6
        host.send({
          kind: 'execute',
          conn: this.id,
          sql: m.sql,
          params: m.params,
          fetchRows: m.fetchRows,
          batchBytes: this.server.batchBytes,
          progress: m.progress === true,
        });
        return;
      case MessageType.Fetch:
        this.inFlight = true;
        Atomics.store(this.cancelFlag!, 0, 0); // invariant 6
        host.send({ kind: 'fetch', conn: this.id, maxRows: m.maxRows, batchBytes: this.server.batchBytes });
        return;
      case MessageType.CloseResult:
        host.send({ kind: 'close-result', conn: this.id });
        return;
      default:
        return this.unexpected(m);
    }
  }

  /** A reply of the engine (invariant 5). */
  onEngine(m: FromEngine): void {
    if (this.state === 'closed') return;
    switch (m.kind) {
      case 'opened':
        this.cancelFlag = m.cancel;
        this.state = 'ready';
        this.armStall();
        this.send({ type: MessageType.Ready, tx: TxState.Idle, server: this.server.version });
        return;
      case 'open-failed':
        this.refuse(SqlError.of(m.error.sqlState as never, [m.error.message]));
        return;
      case 'header':
        this.inFlight = false;
        this.tx = m.inTransaction ? TxState.InTransaction : TxState.Idle;
        this.send({
          type: MessageType.ResultHeader,
          tx: this.tx,
          rowsAffected: m.rowsAffected,
          columns: m.columns.map((name, i) => ({ name, type: m.types[i] ?? '', declaredType: m.declaredTypes[i] ?? '' })),
        });
        this.send({ type: MessageType.RowBatch, tx: this.tx, more: m.more, rows: m.rows });
        return;
      case 'batch':
        this.inFlight = false;
        this.tx = m.inTransaction ? TxState.InTransaction : TxState.Idle;
        this.send({ type: MessageType.RowBatch, tx: this.tx, more: m.more, rows: m.rows });
        return;
      case 'progress':
        if (this.inFlight) this.send({ type: MessageType.Progress, rows: m.rows });
        return;
      case 'error':
        this.inFlight = false;
        this.tx = m.inTransaction ? TxState.InTransaction : TxState.Idle;
        this.logError(m.error);
        this.send({ type: MessageType.Error, tx: this.tx, error: m.error });
        return;
      default:
        return;
    }
  }

  private logError(e: WireError): void {
    this.server.log(`#${this.id} ${this.peer} ${this.database} ${this.user}: ${e.sqlState} ${e.message}`);
  }

  engineLost(why: string): void {
    this.terminate(SqlError.of(SqlState.ConnectionFailure, [why]));
  }

  private send(m: ServerMessage): void {
    if (this.socket.writable) this.socket.write(encodeServerMessage(m));
  }

  /** Invariant 7; logs the connection's one line. Idempotent. */
  private close(why: string): void {
    if (this.state === 'closed') return;
    const was = this.state;
    this.state = 'closed';
    if (this.stallTimer !== null) clearTimeout(this.stallTimer);
    this.stallTimer = null;
    if (!this.socket.destroyed) {
      this.socket.destroySoon();
      // a client that does not read what is left (its last batch, the Error saying why) is cut off soon after
      if (this.socket.writableLength > 0) setTimeout(() => this.socket.destroy(), Math.min(this.server.stallTimeoutMs, CLOSE_GRACE_MS)).unref();
    }
    const host = this.dbHost;
    if (host !== null) {
      if (this.inFlight && this.cancelFlag !== null) Atomics.store(this.cancelFlag, 0, 1);
      host.detach(this.id);
      host.send({ kind: 'close', conn: this.id });
    }
    const secs = ((Date.now() - this.started) / 1000).toFixed(1);
    const who = was === 'hello' ? '' : ` ${this.database || '-'} user=${this.user || '-'}`;
    this.server.log(`#${this.id} ${this.peer}${who}: ${why} after ${this.commands} commands, ${secs} s`);
    this.server.closed(this);
  }
}
