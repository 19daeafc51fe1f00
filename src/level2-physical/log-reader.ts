/**
 * src/level2-physical/log-reader.ts — the dispatch from a record's type byte to its codec (Pyrrho's
 * `Reader.Create`), exhaustive over `RecordType`.
 *
 * 1. `CODECS` has an entry for every `RecordType`, so adding a kind without deciding how it is read is a
 *    compile error. EndOfFile and PTransaction map to null: neither may appear among a frame's records.
 * 2. An unknown or misplaced type byte is DataCorrupted naming the offset of that byte.
 */
import type { ByteReader, ByteWriter } from '../common/values/bytes';
import { AlterCodec, PColumnCodec } from './p-column';
import { ChangeCodec } from './change';
import { DeleteCodec } from './delete';
import { DropCodec } from './drop';
import { PCheckCodec } from './p-check';
import { PIndexCodec, PIndexPathsCodec } from './p-index';
import { PTableCodec, PTableOfCodec } from './p-table';
import { PTriggerCodec } from './p-trigger';
import { PViewCheckedCodec, PViewCodec } from './p-view';
import { PTypeCodec } from './p-type';
import { PMethodCodec } from './p-method';
import { PProcedureCodec } from './p-procedure';
import type { Physical } from './physical';
import type { PhysicalCodec } from './physical-codec';
import { RecordCodec } from './record';
import { RecordType } from './record-type';
import { UpdateCodec } from './update';
import { AuthenticateCodec, PRoleCodec, PUserCodec } from './p-user';
import { GrantCodec, RevokeCodec } from './grant';

type AnyCodec = PhysicalCodec<Physical>;

type CodecTable = {
  readonly [T in RecordType]: T extends Physical['type'] ? PhysicalCodec<Extract<Physical, { type: T }>> : null;
};

/** Every record kind → its codec, or null for kinds that are not records of a frame body. */
export const CODECS: CodecTable = {
  [RecordType.EndOfFile]: null,
  [RecordType.PTable]: PTableCodec,
  [RecordType.PTableOf]: PTableOfCodec,
  [RecordType.PColumn]: PColumnCodec,
  [RecordType.Record]: RecordCodec,
  [RecordType.Update]: UpdateCodec,
  [RecordType.Change]: ChangeCodec,
  [RecordType.Alter]: AlterCodec,
  [RecordType.Drop]: DropCodec,
  [RecordType.Delete]: DeleteCodec,
  [RecordType.PIndex]: PIndexCodec,
  [RecordType.PCheck]: PCheckCodec,
  [RecordType.PTrigger]: PTriggerCodec,
  [RecordType.PView]: PViewCodec,
  [RecordType.PViewChecked]: PViewCheckedCodec,
  [RecordType.PProcedure]: PProcedureCodec,
  [RecordType.PTransaction]: null,
  [RecordType.PType]: PTypeCodec,
  [RecordType.PMethod]: PMethodCodec,
  [RecordType.PIndexPaths]: PIndexPathsCodec,
  [RecordType.PUser]: PUserCodec,
  [RecordType.Grant]: GrantCodec,
  [RecordType.Revoke]: RevokeCodec,
  [RecordType.PRole]: PRoleCodec,
  [RecordType.Authenticate]: AuthenticateCodec,
};

/** Type byte → codec, as an array for a fast lookup while replaying. */
const BY_BYTE: (AnyCodec | null)[] = new Array<AnyCodec | null>(256).fill(null);
for (const [type, codec] of Object.entries(CODECS)) BY_BYTE[Number(type)] = codec as AnyCodec | null;

/** The codec for a record kind that may appear in a frame body. */
export function codecFor(type: Physical['type']): AnyCodec {
  return BY_BYTE[type]!;
}

/** Reads one record (type byte and fields); its type byte is at file position `ppos`. */
export function readPhysical(r: ByteReader, ppos: number): Physical {
  const at = r.offset;
  const type = r.readU8();
  const codec = BY_BYTE[type];
  if (codec === null || codec === undefined) {
    if (type === RecordType.PTransaction) throw r.corrupt('a transaction header inside a transaction', at);
    throw r.corrupt(`unknown record type ${type}`, at);
  }
  return codec.read(r, ppos);
}

/** Writes one record: its type byte, then its fields. */
export function writePhysical(w: ByteWriter, rec: Physical): void {
  w.writeU8(rec.type);
  codecFor(rec.type).write(w, rec);
}
