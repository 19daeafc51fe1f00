/**
 * src/level2-physical/p-index.ts — codec of PIndex (RecordType 12), which defines an index or key constraint.
 * Layout: docs/file-format.md, "PIndex (12)".
 *
 * 1. `kind`, `onDelete` and `onUpdate` are the numbers of `IndexKind` and `RefAction`; unknown numbers are
 *    DataCorrupted.
 * 2. `refIndex` is a varint: -1 when the index is not a foreign key.
 */
import { assert } from '../common/assert';
import type { ByteReader, ByteWriter } from '../common/values/bytes';
import { IndexKind, RefAction, type PIndex } from './physical';
import { readOptionalRef, readRef, type PhysicalCodec, type Relocator } from './physical-codec';
import { RecordType } from './record-type';

const INDEX_KINDS = IndexKind.ForeignKey;
const REF_ACTIONS = RefAction.SetDefault;

function readEnum(r: ByteReader, max: number, what: string): number {
  const at = r.offset;
  const n = r.readU8();
  if (n > max) throw r.corrupt(`unknown ${what} ${n}`, at);
  return n;
}

function relocateColumns(columns: readonly number[], reloc: Relocator): readonly number[] {
  let out: number[] | null = null;
  for (let i = 0; i < columns.length; i++) {
    const c = reloc.pos(columns[i]!);
    if (c !== columns[i] && out === null) out = columns.slice();
    if (out !== null) out[i] = c;
  }
  return out ?? columns;
}

/** PIndex: table, name, kind, columns, refIndex, onDelete, onUpdate. */
export const PIndexCodec: PhysicalCodec<PIndex> = {
  type: RecordType.PIndex,
  write(w: ByteWriter, rec: PIndex): void {
    assert(rec.kind >= 0 && rec.kind <= INDEX_KINDS, `bad index kind ${rec.kind}`);
    assert(rec.onDelete >= 0 && rec.onDelete <= REF_ACTIONS, `bad referential action ${rec.onDelete}`);
    assert(rec.onUpdate >= 0 && rec.onUpdate <= REF_ACTIONS, `bad referential action ${rec.onUpdate}`);
    w.writeVarUint(rec.table);
    w.writeString(rec.name);
    w.writeU8(rec.kind);
    w.writeVarUint(rec.columns.length);
    for (const c of rec.columns) w.writeVarUint(c);
    w.writeVarInt(rec.refIndex);
    w.writeU8(rec.onDelete);
    w.writeU8(rec.onUpdate);
  },
  read(r: ByteReader, ppos: number): PIndex {
    const table = readRef(r, ppos, 'table');
    const name = r.readString();
    const kind = readEnum(r, INDEX_KINDS, 'index kind') as IndexKind;
    const at = r.offset;
    const n = r.readVarUint();
    if (n > r.remaining) throw r.corrupt(`column count ${n} exceeds the bytes left`, at);
    const columns: number[] = new Array<number>(n);
    for (let i = 0; i < n; i++) columns[i] = readRef(r, ppos, 'column');
    const refIndex = readOptionalRef(r, ppos, 'referenced index');
    const onDelete = readEnum(r, REF_ACTIONS, 'referential action') as RefAction;
    const onUpdate = readEnum(r, REF_ACTIONS, 'referential action') as RefAction;
    return { type: RecordType.PIndex, ppos, table, name, kind, columns, refIndex, onDelete, onUpdate };
  },
  relocate(rec: PIndex, ppos: number, reloc: Relocator): PIndex {
    const table = reloc.pos(rec.table);
    const refIndex = reloc.pos(rec.refIndex);
    const columns = relocateColumns(rec.columns, reloc);
    if (rec.ppos === ppos && rec.table === table && rec.refIndex === refIndex && rec.columns === columns) return rec;
    return { ...rec, ppos, table, refIndex, columns };
  },
};
