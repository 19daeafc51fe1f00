/**
 * src/level2-physical/record.ts — codec of Record (RecordType 4), which inserts a row, and the field list
 * that Update shares. Layout: docs/file-format.md, "Record (4)".
 *
 * 1. Fields are `varuint count`, then per field `varuint column` and a tagged value (value-codec.ts). In
 *    memory they are two parallel arrays, `columns` and `values` (physical.ts).
 * 2. An Update's field list is the same, but its values may be `DocDelta`s (`readUpdateFields`); a Record's
 *    may not (`readFields` refuses the tag as corruption).
 * 3. This is the hot path of replay: decoding allocates the record and its values array; consecutive
 *    records with the same columns share one columns array (`readFields`), and relocation
 *    keeps the columns array when no column is temporary (and maps each distinct array once).
 */
import type { ByteReader, ByteWriter } from '../common/values/bytes';
import { readUpdateValue, readValue, writeValue } from '../common/values/value-codec';
import type { Value } from '../common/values/value';
import type { Record, UpdateValue } from './physical';
import { readRef, type PhysicalCodec, type Relocator } from './physical-codec';
import { RecordType } from './record-type';

/** Writes `varuint count` then (column, value) pairs. */
export function writeFields(w: ByteWriter, columns: readonly number[], values: readonly UpdateValue[]): void {
  const n = columns.length;
  w.writeVarUint(n);
  for (let i = 0; i < n; i++) {
    w.writeVarUint(columns[i]!);
    writeValue(w, values[i]!);
  }
}

/** The columns array of the last field list read, shared by the next one when equal (invariant 3). */
let lastColumns: readonly number[] = [];

function sameColumns(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The fields of a record as read: parallel columns and values. */
export interface Fields {
  readonly columns: readonly number[];
  readonly values: Value[];
}

/** Reads a field list written by `writeFields` for the record at `ppos`. */
export function readFields(r: ByteReader, ppos: number): Fields {
  const at = r.offset;
  const n = r.readVarUint();
  if (n * 2 > r.remaining) throw r.corrupt(`field count ${n} exceeds the bytes left`, at);
  const columns = new Array<number>(n);
  const values = new Array<Value>(n);
  for (let i = 0; i < n; i++) {
    columns[i] = readRef(r, ppos, 'column');
    values[i] = readValue(r);
  }
  return { columns: shared(columns), values };
}

/** `columns`, or the equal columns array of the last field list read (invariant 3). */
function shared(columns: readonly number[]): readonly number[] {
  if (sameColumns(columns, lastColumns)) return lastColumns;
  lastColumns = columns;
  return columns;
}

/** Reads an Update's field list: as `readFields`, but a value may be a `DocDelta` (invariant 2). */
export function readUpdateFields(r: ByteReader, ppos: number): { readonly columns: readonly number[]; readonly values: UpdateValue[] } {
  const at = r.offset;
  const n = r.readVarUint();
  if (n * 2 > r.remaining) throw r.corrupt(`field count ${n} exceeds the bytes left`, at);
  const columns = new Array<number>(n);
  const values = new Array<UpdateValue>(n);
  for (let i = 0; i < n; i++) {
    columns[i] = readRef(r, ppos, 'column');
    values[i] = readUpdateValue(r);
  }
  return { columns: shared(columns), values };
}

/** Writes a Record's fields (after its type byte) with every reference passed through `reloc`. */
export function writeRelocatedRecord(w: ByteWriter, rec: Record, reloc: Relocator): void {
  writeRelocatedRow(w, rec.table, rec.columns, rec.values, reloc);
}

/** `writeRelocatedRecord` for a Record given by its parts (a row of a `RecordRun`). */
export function writeRelocatedRow(w: ByteWriter, table: number, columns: readonly number[], values: readonly Value[], reloc: Relocator): void {
  w.writeVarUint(reloc.pos(table));
  writeFields(w, reloc.columns(columns), values);
}

/** Record: `varuint table`, fields. */
export const RecordCodec: PhysicalCodec<Record> = {
  type: RecordType.Record,
  write(w: ByteWriter, rec: Record): void {
    w.writeVarUint(rec.table);
    writeFields(w, rec.columns, rec.values);
  },
  read(r: ByteReader, ppos: number): Record {
    const table = readRef(r, ppos, 'table');
    const { columns, values } = readFields(r, ppos);
    return { type: RecordType.Record, ppos, table, columns, values };
  },
  relocate(rec: Record, ppos: number, reloc: Relocator): Record {
    const table = reloc.pos(rec.table);
    const columns = reloc.columns(rec.columns);
    if (rec.ppos === ppos && rec.table === table && rec.columns === columns) return rec;
    return { type: RecordType.Record, ppos, table, columns, values: rec.values };
  },
};
