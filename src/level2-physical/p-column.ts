/**
 * src/level2-physical/p-column.ts — codecs of PColumn (RecordType 3), which defines a column, and Alter
 * (RecordType 7), which redefines one; they share the column-definition fields.
 * Layouts: docs/file-format.md, "PColumn (3)" and "Alter (7)".
 *
 * 1. The flags byte: bit 0 NOT NULL, bit 1 a DEFAULT follows, bit 2 a generation expression follows (after the
 *    DEFAULT, if any), bit 3 an identity column's start and increment follow (after those), bit 4 (only with
 *    bit 3) the identity is GENERATED ALWAYS; other bits must be zero. Files written before generated or
 *    identity columns never set bits 2–4, so they read as before.
 */
import type { ByteReader, ByteWriter } from '../common/values/bytes';
import type { SqlType } from '../common/values/sql-type';
import { readSqlType, writeSqlType } from '../common/values/value-codec';
import type { Alter, Identity, PColumn } from './physical';
import { readRef, type PhysicalCodec, type Relocator } from './physical-codec';
import { RecordType } from './record-type';

const NOT_NULL = 1;
const HAS_DEFAULT = 2;
const GENERATED = 4;
const IDENTITY = 8;
const ALWAYS = 16;
const ALL_FLAGS = NOT_NULL | HAS_DEFAULT | GENERATED | IDENTITY | ALWAYS;

interface ColumnDefinition {
  readonly name: string;
  readonly seq: number;
  readonly dataType: SqlType;
  readonly notNull: boolean;
  readonly defaultSql: string | null;
  readonly generatedSql?: string | null;
  readonly identity?: Identity | null;
}

function writeDefinition(w: ByteWriter, d: ColumnDefinition): void {
  w.writeString(d.name);
  w.writeVarUint(d.seq);
  writeSqlType(w, d.dataType);
  const generated = d.generatedSql ?? null;
  const identity = d.identity ?? null;
  const identityFlags = identity === null ? 0 : IDENTITY | (identity.always ? ALWAYS : 0);
  w.writeU8((d.notNull ? NOT_NULL : 0) | (d.defaultSql !== null ? HAS_DEFAULT : 0) | (generated !== null ? GENERATED : 0) | identityFlags);
  if (d.defaultSql !== null) w.writeString(d.defaultSql);
  if (generated !== null) w.writeString(generated);
  if (identity !== null) {
    w.writeVarInt(identity.start);
    w.writeVarInt(identity.increment);
  }
}

function readDefinition(r: ByteReader): ColumnDefinition {
  const name = r.readString();
  const seq = r.readVarUint();
  const dataType = readSqlType(r);
  const at = r.offset;
  const flags = r.readU8();
  if ((flags & ~ALL_FLAGS) !== 0 || (flags & (IDENTITY | ALWAYS)) === ALWAYS) throw r.corrupt(`bad column flags ${flags}`, at);
  const defaultSql = flags & HAS_DEFAULT ? r.readString() : null;
  const def: ColumnDefinition = { name, seq, dataType, notNull: (flags & NOT_NULL) !== 0, defaultSql };
  const generated = flags & GENERATED ? { ...def, generatedSql: r.readString() } : def;
  if ((flags & IDENTITY) === 0) return generated;
  const start = r.readVarInt();
  const increment = r.readVarInt();
  if (increment <= 0) throw r.corrupt(`identity increment ${increment}`, at);
  return { ...generated, identity: { always: (flags & ALWAYS) !== 0, start, increment } };
}

/** PColumn: `varuint table`, then the column definition. */
export const PColumnCodec: PhysicalCodec<PColumn> = {
  type: RecordType.PColumn,
  write(w: ByteWriter, rec: PColumn): void {
    w.writeVarUint(rec.table);
    writeDefinition(w, rec);
  },
  read(r: ByteReader, ppos: number): PColumn {
    const table = readRef(r, ppos, 'table');
    return { type: RecordType.PColumn, ppos, table, ...readDefinition(r) };
  },
  relocate(rec: PColumn, ppos: number, reloc: Relocator): PColumn {
    const table = reloc.pos(rec.table);
    return rec.ppos === ppos && rec.table === table ? rec : { ...rec, ppos, table };
  },
};

/** Alter: `varuint column`, then the column's new definition. */
export const AlterCodec: PhysicalCodec<Alter> = {
  type: RecordType.Alter,
  write(w: ByteWriter, rec: Alter): void {
    w.writeVarUint(rec.column);
    writeDefinition(w, rec);
  },
  read(r: ByteReader, ppos: number): Alter {
    const column = readRef(r, ppos, 'column');
    return { type: RecordType.Alter, ppos, column, ...readDefinition(r) };
  },
  relocate(rec: Alter, ppos: number, reloc: Relocator): Alter {
    const column = reloc.pos(rec.column);
    return rec.ppos === ppos && rec.column === column ? rec : { ...rec, ppos, column };
  },
};
