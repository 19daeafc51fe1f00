/**
 * src/level2-physical/p-transaction.ts — codec of PTransaction (RecordType 20), the header that opens every
 * frame. Layout: docs/file-format.md, "PTransaction (20)".
 *
 * 1. It is always the first record of a frame and appears nowhere else; its ppos is the frame's payload
 *    position. It is not a `Physical` (transaction-codec.ts writes it, not the record dispatcher).
 */
import { ByteWriter, type ByteReader } from '../common/values/bytes';
import type { PTransaction } from './physical';
import { RecordType } from './record-type';

/** `string user`, `string role`, `varint timestamp` encoded, remembered for the last three (commits in one
 *  millisecond by one user repeat them all). */
let lastUser: string | null = null;
let lastRole: string | null = null;
let lastTimestamp = NaN;
let lastTail: Uint8Array = new Uint8Array(0);

function tailBytes(user: string, role: string, timestamp: number): Uint8Array {
  if (user !== lastUser || role !== lastRole || timestamp !== lastTimestamp) {
    const w = new ByteWriter(32 + 3 * (user.length + role.length));
    w.writeString(user);
    w.writeString(role);
    w.writeVarInt(timestamp);
    lastTail = w.finish().slice();
    lastUser = user;
    lastRole = role;
    lastTimestamp = timestamp;
  }
  return lastTail;
}

/** PTransaction: `varuint nrecs`, `string user`, `string role`, `varint timestamp` (ms since the epoch). */
export const PTransactionCodec = {
  type: RecordType.PTransaction,
  write(w: ByteWriter, rec: Omit<PTransaction, 'type' | 'ppos'>): void {
    w.writeVarUint(rec.nrecs);
    w.writeRaw(tailBytes(rec.user, rec.role, rec.timestamp));
  },
  read(r: ByteReader, ppos: number): PTransaction {
    const at = r.offset;
    const nrecs = r.readVarUint();
    if (nrecs > r.remaining) throw r.corrupt(`record count ${nrecs} exceeds the bytes left`, at);
    const user = r.readString();
    const role = r.readString();
    return { type: RecordType.PTransaction, ppos, nrecs, user, role, timestamp: r.readVarInt() };
  },
} as const;
