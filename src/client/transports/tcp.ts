/**
 * src/client/transports/tcp.ts — `TcpTransport`: the driver over a socket to pyrrhosvr, speaking the wire
 * protocol of docs/protocol.md (frames and messages from src/protocol/).
 *
 * 1. `open` connects, says Hello (protocol version, database, user, role), answers the server's
 *    AuthRequest with the password and resolves on Ready; a refusal rejects with the server's SqlError, a
 *    socket that cannot connect with 08001.
 * 2. One command at a time: a call made while another runs waits its turn (as worker.ts). The transaction
 *    state is the one the server sent with its last reply.
 * 3. `execute` fetches every batch and answers a whole result; `stream` answers the first batch with the
 *    columns and fetches later ones on demand, so a reader of a million rows holds one batch at a time. The
 *    next command ends an open stream (the server drops its rows; the stream's `fetch` fails with 24000).
 * 4. `cancel` sends a Cancel frame while a command is in flight (the server then fails it with 57014); with
 *    none in flight it does nothing.
 * 5. If the socket closes or breaks, the command in flight fails with 08006 and every later call with 08003
 *    — or both with the error the server sent before closing, e.g. 57P01 when it stops.
 * 6. A server frame that breaks the protocol is 08P01 and ends the connection.
 * 7. A command given a `watch.progress` asks the server for Progress frames (docs/protocol.md); each goes to
 *    that callback while the command (or a fetch of its rows) is in flight, and to nothing else.
 * 8. A fetch that fails (the server's error while it pulled the rows, 57014 after a cancel) ends its stream:
 *    later fetches answer null.
 */
import * as net from 'net';
import * as os from 'os';
import { SqlError, SqlState } from '../../common/errors';
import { FrameDecoder } from '../../protocol/frame';
import {
  type ClientMessage,
  decodeServerMessage,
  encodeClientMessage,
  MessageType,
  PROTOCOL_VERSION,
  type ServerMessage,
  TxState,
} from '../../protocol/messages';
import { decodeRows, encodeParams, errorFromWire } from '../../protocol/values';
import type { ExecuteWatch, Parameters, QueryResult, StreamedResult, Transport } from '../transport';

/** Where and as whom to connect. */
export interface TcpSettings {
  readonly host: string;
  readonly port: number;
  readonly files: string;
  readonly user: string | null;
  readonly password: string | null;
  readonly role: string | null;
}

/** Rows asked for per batch by `execute` and, by default, by `stream`. */
const BATCH_ROWS = 4096;
/** The largest frame accepted from a server (its batches are far smaller). */
const CLIENT_MAX_FRAME = 256 * 1024 * 1024;

function closedError(): SqlError {
  return SqlError.of(SqlState.ConnectionDoesNotExist, ['the connection is closed']);
}

/** A transport over a socket to pyrrhosvr. */
export class TcpTransport implements Transport {
  private readonly decoder = new FrameDecoder(CLIENT_MAX_FRAME);
  private readonly inbox: ServerMessage[] = [];
  private waiter: { resolve: (m: ServerMessage) => void; reject: (e: unknown) => void } | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private tx = TxState.Idle;
  private inFlight = false;
  private ended: SqlError | null = null;
  private stream_: { stale: boolean } | null = null;
  /** where Progress frames go now (invariant 7) */
  private progress: ((rows: number) => void) | null = null;
  private readonly closedSocket: Promise<void>;

  private constructor(
    private readonly socket: net.Socket,
    readonly description: string,
  ) {
    this.closedSocket = new Promise((resolve) => socket.once('close', () => resolve()));
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (e: Error) => this.fail(SqlError.of(SqlState.ConnectionFailure, [e.message])));
    socket.on('close', () => this.fail(SqlError.of(SqlState.ConnectionFailure, ['the server closed the connection'])));
  }

  /** Connects and authenticates (invariant 1). */
  static async open(s: TcpSettings): Promise<TcpTransport> {
    const socket = net.connect({ host: s.host, port: s.port });
    socket.setNoDelay(true);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => {
        socket.off('error', reject);
        resolve();
      });
      socket.once('error', (e: Error) => reject(SqlError.of(SqlState.UnableToConnect, [`${s.host}:${s.port}: ${e.message}`])));
    });
    const t = new TcpTransport(socket, `${s.host}:${s.port}/${s.files}`);
    try {
      const user = s.user ?? os.userInfo().username;
      t.write({ type: MessageType.Hello, version: PROTOCOL_VERSION, database: s.files, user, role: s.role ?? '' });
      const ask = await t.reply();
      if (ask.type !== MessageType.AuthRequest) throw t.unexpected(ask);
      t.write({ type: MessageType.AuthResponse, data: new TextEncoder().encode(s.password ?? '') });
      const ready = await t.reply();
      if (ready.type !== MessageType.Ready) throw t.unexpected(ready);
    } catch (e) {
      socket.destroy();
      throw e;
    }
    return t;
  }

  get inTransaction(): boolean {
    return this.ended === null && this.tx === TxState.InTransaction;
  }

  async execute(sql: string, params?: Parameters, watch?: ExecuteWatch): Promise<QueryResult> {
    const bytes = encodeParams(params);
    const progress = watch?.progress ?? null;
    return this.turn(async () => {
      const head = await this.start(sql, bytes, BATCH_ROWS, progress);
      const rows = head.rows;
      let more = head.more;
      while (more) {
        const b = await this.fetchBatch(BATCH_ROWS, progress);
        for (const r of b.rows) rows.push(r);
        more = b.more;
      }
      return { columns: head.columns, types: head.types, declaredTypes: head.declaredTypes, rows, rowsAffected: head.rowsAffected };
    });
  }

  async stream(sql: string, params?: Parameters, batchRows = BATCH_ROWS, watch?: ExecuteWatch): Promise<StreamedResult> {
    const bytes = encodeParams(params);
    const progress = watch?.progress ?? null;
    return this.turn(async () => {
      const head = await this.start(sql, bytes, batchRows, progress);
      const mark = { stale: false };
      let more = head.more;
      if (more) this.stream_ = mark;
      const fetch = (): Promise<unknown[][] | null> =>
        this.turn(async () => {
          if (!more) return null;
          if (mark.stale) throw SqlError.of(SqlState.InvalidCursorState, ['another command ran on the connection after this reader was opened']);
          let b: { rows: unknown[][]; more: boolean };
          try {
            b = await this.fetchBatch(batchRows, progress);
          } catch (e) {
            more = false; // invariant 8: the server has dropped the rows
            if (this.stream_ === mark) this.stream_ = null;
            throw e;
          }
          more = b.more;
          if (!more && this.stream_ === mark) this.stream_ = null;
          return b.rows;
        });
      const close = (): Promise<void> =>
        this.turn(async () => {
          if (!more || mark.stale) return;
          more = false;
          if (this.stream_ === mark) this.stream_ = null;
          this.write({ type: MessageType.CloseResult });
        });
      return { ...head, fetch, close };
    });
  }

  /** Sends Cancel while a command is in flight (invariant 4). */
  cancel(): void {
    if (this.inFlight && this.ended === null) this.write({ type: MessageType.Cancel });
  }

  async close(): Promise<void> {
    if (this.ended === null) {
      this.ended = closedError();
      this.write({ type: MessageType.Terminate });
      this.socket.end();
    }
    await this.closedSocket;
  }

  /** Runs `f` after every earlier call has ended (invariant 2). */
  private turn<T>(f: () => Promise<T>): Promise<T> {
    const run = this.queue.then(() => {
      if (this.ended !== null) throw this.ended;
      return f();
    });
    this.queue = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  /** Sends Execute and reads its header and first batch. */
  private async start(sql: string, params: Uint8Array | null, fetchRows: number, progress: ((rows: number) => void) | null) {
    if (this.stream_ !== null) {
      this.stream_.stale = true; // invariant 3: the server drops its rows on this Execute
      this.stream_ = null;
    }
    this.inFlight = true;
    this.progress = progress;
    try {
      this.write({ type: MessageType.Execute, sql, params, fetchRows, progress: progress !== null });
      const head = await this.reply();
      if (head.type !== MessageType.ResultHeader) throw this.unexpected(head);
      const batch = await this.reply();
      if (batch.type !== MessageType.RowBatch) throw this.unexpected(batch);
      return {
        columns: head.columns.map((c) => c.name),
        types: head.columns.map((c) => c.type),
        declaredTypes: head.columns.map((c) => c.declaredType),
        rowsAffected: head.rowsAffected,
        rows: decodeRows(batch.rows),
        more: batch.more,
      };
    } finally {
      this.inFlight = false;
      this.progress = null;
    }
  }

  private async fetchBatch(maxRows: number, progress: ((rows: number) => void) | null): Promise<{ rows: unknown[][]; more: boolean }> {
    this.inFlight = true;
    this.progress = progress;
    try {
      this.write({ type: MessageType.Fetch, maxRows });
      const m = await this.reply();
      if (m.type !== MessageType.RowBatch) throw this.unexpected(m);
      return { rows: decodeRows(m.rows), more: m.more };
    } finally {
      this.inFlight = false;
      this.progress = null;
    }
  }

  /** The next reply; an Error reply is thrown as its SqlError; every reply sets the transaction state. */
  private async reply(): Promise<ServerMessage> {
    const m = await this.next();
    if ('tx' in m) this.tx = m.tx;
    if (m.type === MessageType.Error) throw errorFromWire(m.error);
    return m;
  }

  private next(): Promise<ServerMessage> {
    const m = this.inbox.shift();
    if (m !== undefined) return Promise.resolve(m);
    if (this.ended !== null) return Promise.reject(this.ended);
    return new Promise((resolve, reject) => {
      this.waiter = { resolve, reject };
    });
  }

  private onData(chunk: Buffer): void {
    try {
      for (const f of this.decoder.push(chunk)) {
        const m = decodeServerMessage(f.type, f.body);
        if (m.type === MessageType.Progress) {
          this.progress?.(m.rows); // invariant 7: not a reply
          continue;
        }
        const w = this.waiter;
        if (w !== null) {
          this.waiter = null;
          w.resolve(m);
        } else this.inbox.push(m);
      }
    } catch (e) {
      this.fail(e instanceof SqlError ? e : SqlError.of(SqlState.ProtocolViolation, [String(e)]));
      this.socket.destroy();
    }
  }

  private unexpected(m: ServerMessage): SqlError {
    const e = SqlError.of(SqlState.ProtocolViolation, [`the server sent message 0x${m.type.toString(16)} out of turn`]);
    this.fail(e);
    this.socket.destroy();
    return e;
  }

  /** The connection can do nothing more (invariant 5). */
  private fail(e: SqlError): void {
    // an error the server sent just before closing (57P01 at shutdown) explains the close better than the close does
    const sent = this.inbox.find((m) => m.type === MessageType.Error);
    const why = sent !== undefined && sent.type === MessageType.Error ? errorFromWire(sent.error) : null;
    if (this.ended === null) this.ended = why ?? closedError();
    this.tx = TxState.Idle;
    const w = this.waiter;
    this.waiter = null;
    if (w !== null) w.reject(why ?? e);
  }

  private write(m: ClientMessage): void {
    if (!this.socket.destroyed) this.socket.write(encodeClientMessage(m));
  }
}
