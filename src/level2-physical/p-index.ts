/**
 * src/level2-physical/p-index.ts — codecs of PIndex (RecordType 12), which defines an index or key constraint,
 * and PIndexPaths (RecordType 100), the same with key parts that are document paths.
 * Layouts: docs/file-format.md, "PIndex (12)" and "PIndexPaths (100)".
 *
 * 1. `kind`, `onDelete` and `onUpdate` are the numbers of `IndexKind` and `RefAction`; unknown numbers are
 *    DataCorrupted.
 * 2. `refIndex` is a varint: -1 when the index is not a foreign key.
 * 3. PIndexPaths writes each key part as its column, then a flags byte (bit 0: a path follows, bit 1: a type
 *    follows; 0 = the plain column), so a part is the column, a path, a type, or both. A path has at least
 *    one step; each step is its `exact` flag (0 or 1) and its name. Anything else is DataCorrupted.
 * 4. PIndexPaths keeps PIndex's field order with the column list replaced by the part list, so both share
 *    everything but that list.
 */
import { assert } from '../common/assert';
import type { ByteReader, ByteWriter } from '../common/values/bytes';
import { readSqlType, writeSqlType } from '../common/values/value-codec';
import { IndexKind, RefAction, type KeyPath, type PIndex, type PIndexPaths } from './physical';
import { readOptionalRef, readRef, type PhysicalCodec, type Relocator } from './physical-codec';
import { RecordType } from './record-type';

const INDEX_KINDS = IndexKind.ForeignKey;
const REF_ACTIONS = RefAction.SetDefault;

/** Part flags of a PIndexPaths key part (invariant 3). */
const HAS_PATH = 1;
const HAS_TYPE = 2;

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

type AnyIndex = PIndex | PIndexPaths;

function assertEnums(rec: AnyIndex): void {
  assert(rec.kind >= 0 && rec.kind <= INDEX_KINDS, `bad index kind ${rec.kind}`);
  assert(rec.onDelete >= 0 && rec.onDelete <= REF_ACTIONS, `bad referential action ${rec.onDelete}`);
  assert(rec.onUpdate >= 0 && rec.onUpdate <= REF_ACTIONS, `bad referential action ${rec.onUpdate}`);
}

/** The fields after the key list: refIndex, onDelete, onUpdate. */
function writeTail(w: ByteWriter, rec: AnyIndex): void {
  w.writeVarInt(rec.refIndex);
  w.writeU8(rec.onDelete);
  w.writeU8(rec.onUpdate);
}

interface Tail {
  readonly refIndex: number;
  readonly onDelete: RefAction;
  readonly onUpdate: RefAction;
}

function readTail(r: ByteReader, ppos: number): Tail {
  const refIndex = readOptionalRef(r, ppos, 'referenced index');
  const onDelete = readEnum(r, REF_ACTIONS, 'referential action') as RefAction;
  const onUpdate = readEnum(r, REF_ACTIONS, 'referential action') as RefAction;
  return { refIndex, onDelete, onUpdate };
}

/** Reads a count that must fit in the bytes left, `each` bytes at least per item. */
function readCount(r: ByteReader, what: string, each: number): number {
  const at = r.offset;
  const n = r.readVarUint();
  if (n * each > r.remaining) throw r.corrupt(`${what} count ${n} exceeds the bytes left`, at);
  return n;
}

/** PIndex: table, name, kind, columns, refIndex, onDelete, onUpdate. */
export const PIndexCodec: PhysicalCodec<PIndex> = {
  type: RecordType.PIndex,
  write(w: ByteWriter, rec: PIndex): void {
    assertEnums(rec);
    w.writeVarUint(rec.table);
    w.writeString(rec.name);
    w.writeU8(rec.kind);
    w.writeVarUint(rec.columns.length);
    for (const c of rec.columns) w.writeVarUint(c);
    writeTail(w, rec);
  },
  read(r: ByteReader, ppos: number): PIndex {
    const table = readRef(r, ppos, 'table');
    const name = r.readString();
    const kind = readEnum(r, INDEX_KINDS, 'index kind') as IndexKind;
    const n = readCount(r, 'column', 1);
    const columns: number[] = new Array<number>(n);
    for (let i = 0; i < n; i++) columns[i] = readRef(r, ppos, 'column');
    return { type: RecordType.PIndex, ppos, table, name, kind, columns, ...readTail(r, ppos) };
  },
  relocate(rec: PIndex, ppos: number, reloc: Relocator): PIndex {
    const table = reloc.pos(rec.table);
    const refIndex = reloc.pos(rec.refIndex);
    const columns = relocateColumns(rec.columns, reloc);
    if (rec.ppos === ppos && rec.table === table && rec.refIndex === refIndex && rec.columns === columns) return rec;
    return { ...rec, ppos, table, refIndex, columns };
  },
};

function writePart(w: ByteWriter, column: number, part: KeyPath | null): void {
  w.writeVarUint(column);
  if (part === null) {
    w.writeU8(0);
    return;
  }
  assert(part.steps.length > 0 || part.type !== null, 'a key path with neither steps nor a type');
  w.writeU8((part.steps.length > 0 ? HAS_PATH : 0) | (part.type !== null ? HAS_TYPE : 0));
  if (part.steps.length > 0) {
    w.writeVarUint(part.steps.length);
    for (const s of part.steps) {
      w.writeU8(s.exact ? 1 : 0);
      w.writeString(s.name);
    }
  }
  if (part.type !== null) writeSqlType(w, part.type);
}

function readPart(r: ByteReader): KeyPath | null {
  const at = r.offset;
  const flags = r.readU8();
  if (flags > (HAS_PATH | HAS_TYPE)) throw r.corrupt(`bad key part flags ${flags}`, at);
  if (flags === 0) return null;
  const steps: { name: string; exact: boolean }[] = [];
  if (flags & HAS_PATH) {
    const countAt = r.offset;
    const n = readCount(r, 'path step', 2);
    if (n === 0) throw r.corrupt('a key path with no steps', countAt);
    for (let i = 0; i < n; i++) {
      const exactAt = r.offset;
      const exact = r.readU8();
      if (exact > 1) throw r.corrupt(`bad path step flag ${exact}`, exactAt);
      steps.push({ name: r.readString(), exact: exact === 1 });
    }
  }
  return { steps, type: flags & HAS_TYPE ? readSqlType(r) : null };
}

/** PIndexPaths: table, name, kind, parts (column, flags, path, type), refIndex, onDelete, onUpdate. */
export const PIndexPathsCodec: PhysicalCodec<PIndexPaths> = {
  type: RecordType.PIndexPaths,
  write(w: ByteWriter, rec: PIndexPaths): void {
    assertEnums(rec);
    assert(rec.paths.length === rec.columns.length, `index ${rec.name} has ${rec.columns.length} columns and ${rec.paths.length} paths`);
    w.writeVarUint(rec.table);
    w.writeString(rec.name);
    w.writeU8(rec.kind);
    w.writeVarUint(rec.columns.length);
    for (let i = 0; i < rec.columns.length; i++) writePart(w, rec.columns[i]!, rec.paths[i]!);
    writeTail(w, rec);
  },
  read(r: ByteReader, ppos: number): PIndexPaths {
    const table = readRef(r, ppos, 'table');
    const name = r.readString();
    const kind = readEnum(r, INDEX_KINDS, 'index kind') as IndexKind;
    const n = readCount(r, 'key part', 2);
    const columns: number[] = new Array<number>(n);
    const paths: (KeyPath | null)[] = new Array<KeyPath | null>(n);
    for (let i = 0; i < n; i++) {
      columns[i] = readRef(r, ppos, 'column');
      paths[i] = readPart(r);
    }
    return { type: RecordType.PIndexPaths, ppos, table, name, kind, columns, paths, ...readTail(r, ppos) };
  },
  relocate(rec: PIndexPaths, ppos: number, reloc: Relocator): PIndexPaths {
    const table = reloc.pos(rec.table);
    const refIndex = reloc.pos(rec.refIndex);
    const columns = relocateColumns(rec.columns, reloc);
    if (rec.ppos === ppos && rec.table === table && rec.refIndex === refIndex && rec.columns === columns) return rec;
    return { ...rec, ppos, table, refIndex, columns };
  },
};
