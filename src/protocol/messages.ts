/**
 * src/protocol/messages.ts — the messages of the wire protocol: their type bytes and the encoding of their
 * bodies (drawn byte by byte in docs/protocol.md, "Messages"). No sockets: a message becomes a frame
 * (frame.ts) and a frame becomes a message.
 *
 * 1. Type bytes are explicit and never reused: client messages are 0x01–0x7F, server messages 0x80–0xFF.
 * 2. Bodies are built from the primitive encodings of common/values/bytes.ts (varuint = unsigned LEB128,
 *    string = varuint byte length + UTF-8, bytes = varuint length + bytes); rows and parameters are the
 *    value encodings of values.ts.
 * 3. Every server reply after the handshake carries the connection's transaction state (`TxState`) after
 *    the command it answers.
 * 4. `decodeClientMessage` / `decodeServerMessage` accept exactly what the encoders write: an unknown type
 *    byte, a truncated body or bytes left over are a ProtocolViolation (08P01), never another error.
 */
import { SqlError, SqlState } from '../common/errors';
import { ByteReader, ByteWriter } from '../common/values/bytes';
import { encodeFrame } from './frame';
import type { WireError } from './values';

/** The four bytes a client's Hello starts with: `PYRR`. */
export const MAGIC = Uint8Array.of(0x50, 0x59, 0x52, 0x52);
/** The protocol version this code speaks. */
export const PROTOCOL_VERSION = 1;

/** Type bytes (invariant 1). */
export enum MessageType {
  Hello = 0x01,
  AuthResponse = 0x02,
  Execute = 0x10,
  Fetch = 0x11,
  CloseResult = 0x12,
  Cancel = 0x13,
  Terminate = 0x14,
  AuthRequest = 0x81,
  Ready = 0x82,
  ResultHeader = 0x90,
  RowBatch = 0x91,
  Error = 0x92,
  Progress = 0x93,
}

/** The bits of an Execute's flags byte. */
const EXECUTE_HAS_PARAMS = 1;
const EXECUTE_PROGRESS = 2;

/** How the server asks a client to prove who it is. */
export enum AuthMethod {
  /** the password in the AuthResponse, as UTF-8 (accepted while the server has no users) */
  Password = 1,
}

/** The transaction state of a connection after a command (invariant 3). */
export enum TxState {
  Idle = 0x49, // 'I'
  InTransaction = 0x54, // 'T'
}

/** A column of a result. */
export interface WireColumn {
  readonly name: string;
  readonly type: string;
  readonly declaredType: string;
}

/** Client → server. */
export type ClientMessage =
  | { readonly type: MessageType.Hello; readonly version: number; readonly database: string; readonly user: string; readonly role: string }
  | { readonly type: MessageType.AuthResponse; readonly data: Uint8Array }
  /** `progress`: the client wants Progress frames while the command runs */
  | { readonly type: MessageType.Execute; readonly sql: string; readonly params: Uint8Array | null; readonly fetchRows: number; readonly progress?: boolean }
  | { readonly type: MessageType.Fetch; readonly maxRows: number }
  | { readonly type: MessageType.CloseResult }
  | { readonly type: MessageType.Cancel }
  | { readonly type: MessageType.Terminate };

/** Server → client. */
export type ServerMessage =
  | { readonly type: MessageType.AuthRequest; readonly version: number; readonly method: AuthMethod }
  | { readonly type: MessageType.Ready; readonly tx: TxState; readonly server: string }
  | {
      readonly type: MessageType.ResultHeader;
      readonly tx: TxState;
      readonly rowsAffected: number;
      readonly columns: readonly WireColumn[];
    }
  /** `rows` is the encoding of values.ts `encodeRows` (a count, then each row) */
  | { readonly type: MessageType.RowBatch; readonly tx: TxState; readonly more: boolean; readonly rows: Uint8Array }
  | { readonly type: MessageType.Error; readonly tx: TxState; readonly error: WireError }
  /** not a reply: the rows the running command has got through so far (sent only when its Execute asked) */
  | { readonly type: MessageType.Progress; readonly rows: number };

function violation(why: string): SqlError {
  return SqlError.of(SqlState.ProtocolViolation, [why]);
}

/** The frame of a client message. */
export function encodeClientMessage(m: ClientMessage): Uint8Array {
  const w = new ByteWriter(64);
  switch (m.type) {
    case MessageType.Hello:
      w.writeRaw(MAGIC);
      w.writeVarUint(m.version);
      w.writeString(m.database);
      w.writeString(m.user);
      w.writeString(m.role);
      break;
    case MessageType.AuthResponse:
      w.writeBytes(m.data);
      break;
    case MessageType.Execute:
      w.writeString(m.sql);
      w.writeVarUint(m.fetchRows);
      w.writeU8((m.params === null ? 0 : EXECUTE_HAS_PARAMS) | (m.progress === true ? EXECUTE_PROGRESS : 0));
      if (m.params !== null) w.writeBytes(m.params);
      break;
    case MessageType.Fetch:
      w.writeVarUint(m.maxRows);
      break;
    case MessageType.CloseResult:
    case MessageType.Cancel:
    case MessageType.Terminate:
      break;
  }
  return encodeFrame(m.type, w.finish());
}

/** The frame of a server message. */
export function encodeServerMessage(m: ServerMessage): Uint8Array {
  const w = new ByteWriter(64);
  switch (m.type) {
    case MessageType.AuthRequest:
      w.writeVarUint(m.version);
      w.writeU8(m.method);
      break;
    case MessageType.Ready:
      w.writeU8(m.tx);
      w.writeString(m.server);
      break;
    case MessageType.ResultHeader:
      w.writeU8(m.tx);
      w.writeVarUint(m.rowsAffected);
      w.writeVarUint(m.columns.length);
      for (const c of m.columns) {
        w.writeString(c.name);
        w.writeString(c.type);
        w.writeString(c.declaredType);
      }
      break;
    case MessageType.RowBatch:
      w.writeU8(m.tx);
      w.writeU8(m.more ? 1 : 0);
      w.writeRaw(m.rows);
      break;
    case MessageType.Error:
      w.writeU8(m.tx);
      writeError(w, m.error);
      break;
    case MessageType.Progress:
      w.writeVarUint(m.rows);
      break;
  }
  return encodeFrame(m.type, w.finish());
}

const HAS_DETAIL = 1;
const HAS_HINT = 2;
const HAS_POSITION = 4;

function writeError(w: ByteWriter, e: WireError): void {
  w.writeString(e.sqlState);
  w.writeString(e.name);
  w.writeString(e.message);
  const flags = (e.detail !== undefined ? HAS_DETAIL : 0) | (e.hint !== undefined ? HAS_HINT : 0) | (e.position !== undefined ? HAS_POSITION : 0);
  w.writeU8(flags);
  if (e.detail !== undefined) w.writeString(e.detail);
  if (e.hint !== undefined) w.writeString(e.hint);
  if (e.position !== undefined) w.writeVarUint(e.position);
}

function readError(r: ByteReader): WireError {
  const sqlState = r.readString();
  if (!/^[0-9A-Z]{5}$/.test(sqlState)) throw violation(`'${sqlState}' is not an SQLSTATE`);
  const name = r.readString();
  const message = r.readString();
  const flags = r.readU8();
  if ((flags & ~(HAS_DETAIL | HAS_HINT | HAS_POSITION)) !== 0) throw violation(`unknown error flags ${flags}`);
  const out: { -readonly [K in keyof WireError]: WireError[K] } = { name, sqlState, message };
  if ((flags & HAS_DETAIL) !== 0) out.detail = r.readString();
  if ((flags & HAS_HINT) !== 0) out.hint = r.readString();
  if ((flags & HAS_POSITION) !== 0) out.position = r.readVarUint();
  return out;
}

function readTx(r: ByteReader): TxState {
  const t = r.readU8();
  if (t !== TxState.Idle && t !== TxState.InTransaction) throw violation(`unknown transaction state ${t}`);
  return t;
}

/** Runs `read` over `body`; any decoding failure or leftover byte is 08P01 (invariant 4). */
function decodeWith<T>(type: number, body: Uint8Array, read: (r: ByteReader) => T): T {
  const r = new ByteReader(body, 0, `message 0x${type.toString(16)}`);
  let m: T;
  try {
    m = read(r);
  } catch (e) {
    if (e instanceof SqlError && e.sqlState === SqlState.ProtocolViolation) throw e;
    throw violation(`malformed message 0x${type.toString(16)}: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (r.offset !== body.length) throw violation(`${body.length - r.offset} bytes left over after message 0x${type.toString(16)}`);
  return m;
}

/** The client message a frame holds (invariant 4). */
export function decodeClientMessage(type: number, body: Uint8Array): ClientMessage {
  return decodeWith(type, body, (r): ClientMessage => {
    switch (type) {
      case MessageType.Hello: {
        const magic = r.readRaw(MAGIC.length);
        if (!magic.every((b, i) => b === MAGIC[i])) throw violation('the connection did not start with a pyrrhodb Hello');
        return { type, version: r.readVarUint(), database: r.readString(), user: r.readString(), role: r.readString() };
      }
      case MessageType.AuthResponse:
        return { type, data: r.readBytes() };
      case MessageType.Execute: {
        const sql = r.readString();
        const fetchRows = r.readVarUint();
        const flags = r.readU8();
        if ((flags & ~(EXECUTE_HAS_PARAMS | EXECUTE_PROGRESS)) !== 0) throw violation(`bad Execute flags ${flags}`);
        const params = (flags & EXECUTE_HAS_PARAMS) !== 0 ? r.readBytes() : null;
        return { type, sql, fetchRows, params, progress: (flags & EXECUTE_PROGRESS) !== 0 };
      }
      case MessageType.Fetch:
        return { type, maxRows: r.readVarUint() };
      case MessageType.CloseResult:
      case MessageType.Cancel:
      case MessageType.Terminate:
        return { type };
      default:
        throw violation(`unknown client message type 0x${type.toString(16)}`);
    }
  });
}

/** The server message a frame holds (invariant 4). */
export function decodeServerMessage(type: number, body: Uint8Array): ServerMessage {
  return decodeWith(type, body, (r): ServerMessage => {
    switch (type) {
      case MessageType.AuthRequest: {
        const version = r.readVarUint();
        const method = r.readU8();
        if (method !== AuthMethod.Password) throw violation(`unknown authentication method ${method}`);
        return { type, version, method };
      }
      case MessageType.Ready:
        return { type, tx: readTx(r), server: r.readString() };
      case MessageType.ResultHeader: {
        const tx = readTx(r);
        const rowsAffected = r.readVarUint();
        const n = r.readVarUint();
        const columns: WireColumn[] = [];
        for (let i = 0; i < n; i++) columns.push({ name: r.readString(), type: r.readString(), declaredType: r.readString() });
        return { type, tx, rowsAffected, columns };
      }
      case MessageType.RowBatch: {
        const tx = readTx(r);
        const more = r.readU8();
        if (more > 1) throw violation(`bad more flag ${more}`);
        return { type, tx, more: more === 1, rows: r.readRaw(body.length - r.offset) };
      }
      case MessageType.Error:
        return { type, tx: readTx(r), error: readError(r) };
      case MessageType.Progress:
        return { type, rows: r.readVarUint() };
      default:
        throw violation(`unknown server message type 0x${type.toString(16)}`);
    }
  });
}
