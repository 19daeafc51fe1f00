/**
 * src/level2-physical/transaction-codec.ts — one committed transaction as one frame payload: a PTransaction
 * header, then its records in order (docs/file-format.md, "Transaction payload").
 *
 * 1. A record's ppos is the file offset of its type byte: `payloadPosition + offset in the payload`.
 * 2. Encoding relocates: records whose ppos is temporary (≥ TRANS_POS) get their real ppos, and every
 *    reference to a temporary position (table, column, row, prev, target, refIndex, columns[], fields'
 *    columns) is rewritten through the same map. A record may refer only to records before it.
 * 3. Decoding checks everything: the header comes first, the record count matches, every type byte and tag is
 *    known, nothing is left over. Bad bytes are DataCorrupted naming the absolute file offset.
 */
import { ByteReader, ByteWriter } from '../common/values/bytes';
import { codecFor, readPhysical } from './log-reader';
import { PTransactionCodec } from './p-transaction';
import { TRANS_POS, type Physical, type PTransaction } from './physical';
import { Relocator } from './physical-codec';
import { writeRelocatedRecord, writeRelocatedRow } from './record';
import { RecordRun, recordCount, type LogEntry } from './record-run';
import { RecordType } from './record-type';

/** A frame payload decoded. */
export interface DecodedTransaction {
  readonly header: PTransaction;
  readonly records: readonly Physical[];
}

/** Who committed a transaction, and when (ms since the epoch). */
export interface TransactionHeader {
  readonly user: string;
  readonly role: string;
  readonly timestamp: number;
}

/**
 * Encodes header + records into one frame payload that will start at `payloadPosition`, relocating temporary
 * positions. Returns the payload (a fresh array) and the relocated records, in the same order.
 */
export function encodeTransaction(
  header: TransactionHeader,
  records: readonly Physical[],
  payloadPosition: number,
): { payload: Uint8Array; records: Physical[] } {
  const w = new ByteWriter(64 + records.length * 24);
  const out: Physical[] = [];
  writePayload(w, header, records, payloadPosition, out);
  return { payload: w.finish(), records: out };
}

/**
 * Appends to `w` the payload `encodeTransaction` would return (the writer may already hold bytes before it,
 * such as room for a frame header: positions count from where the payload starts). `entries` are records
 * and runs of Records (record-run.ts), written as the records they stand for. Fills `out`, when given, with
 * the relocated records (runs expanded); without it a Record is written through the map and never copied.
 * Returns the temporary → real map.
 */
export function writePayload(
  w: ByteWriter,
  header: TransactionHeader,
  entries: readonly LogEntry[],
  payloadPosition: number,
  out: Physical[] | null,
): Relocator {
  const base = payloadPosition - w.length;
  w.writeU8(RecordType.PTransaction);
  const { user, role, timestamp } = header;
  const nrecs = recordCount(entries);
  PTransactionCodec.write(w, { nrecs, user, role, timestamp });
  const reloc = new Relocator(nrecs);
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    if (e instanceof RecordRun) writeRun(w, base, e, reloc, out);
    else writeRecord(w, base, e, reloc, out);
  }
  return reloc;
}

function writeRecord(w: ByteWriter, base: number, rec: Physical, reloc: Relocator, out: Physical[] | null): void {
  const ppos = base + w.length;
  reloc.begin(ppos);
  if (out === null && rec.type === RecordType.Record) {
    w.writeU8(rec.type);
    writeRelocatedRecord(w, rec, reloc);
  } else {
    const codec = codecFor(rec.type);
    const moved = codec.relocate(rec, ppos, reloc);
    w.writeU8(rec.type);
    codec.write(w, moved);
    if (out !== null) out.push(moved);
  }
  if (rec.ppos >= TRANS_POS) reloc.define(rec.ppos, ppos);
}

/** The Records a run stands for, one after another (record-run.ts invariant 1). */
function writeRun(w: ByteWriter, base: number, run: RecordRun, reloc: Relocator, out: Physical[] | null): void {
  const { rows, table, columns, first } = run;
  for (let i = 0; i < rows.length; i++) {
    if (out !== null) {
      writeRecord(w, base, run.record(i), reloc, out);
      continue;
    }
    const ppos = base + w.length;
    reloc.begin(ppos);
    w.writeU8(RecordType.Record);
    writeRelocatedRow(w, table, columns, rows[i]!, reloc);
    if (first + i >= TRANS_POS) reloc.define(first + i, ppos);
  }
}

/** Decodes a frame payload that starts at file position `payloadPosition` in the file named `source`. */
export function decodeTransaction(payload: Uint8Array, payloadPosition: number, source = ''): DecodedTransaction {
  const r = new ByteReader(payload, payloadPosition, source);
  const type = r.readU8();
  if (type !== RecordType.PTransaction) throw r.corrupt(`expected a transaction header, found record type ${type}`, 0);
  const header = PTransactionCodec.read(r, payloadPosition);
  const records: Physical[] = new Array<Physical>(header.nrecs);
  for (let i = 0; i < header.nrecs; i++) records[i] = readPhysical(r, payloadPosition + r.offset);
  if (!r.atEnd) throw r.corrupt(`${r.remaining} bytes after the last of ${header.nrecs} records`);
  return { header, records };
}
