/**
 * src/level2-physical/p-trigger.ts — codec of PTrigger (RecordType 17, Pyrrho's number), which defines a trigger.
 * Layout: docs/file-format.md, "PTrigger (17)".
 *
 * 1. The whole CREATE TRIGGER text is stored; Level 4 parses it again when the trigger is planned (Level 3
 *    cannot parse). The fields Level 3 and the catalogs need without parsing are stored beside it: the table
 *    or view it is on, when it fires (`timing`), on what (`event`), per row or per statement, and the
 *    columns of `UPDATE OF`.
 * 2. `columns` (UPDATE OF) and `uses` (the other tables, views, routines and types its WHEN and body name) are references to
 *    earlier records, so Level 3 keeps dependencies (DROP … RESTRICT / CASCADE) without parsing.
 * 3. Enum bytes outside their range and counts beyond the bytes left are corruption.
 */
import type { ByteReader, ByteWriter } from '../common/values/bytes';
import type { PTrigger } from './physical';
import { TriggerEventCode, TriggerTimingCode } from './physical';
import { readRef, type PhysicalCodec, type Relocator } from './physical-codec';
import { RecordType } from './record-type';

function readCount(r: ByteReader, what: string): number {
  const at = r.offset;
  const n = r.readVarUint();
  if (n > r.remaining) throw r.corrupt(`${what} count ${n} exceeds the bytes left`, at);
  return n;
}

function readEnum(r: ByteReader, max: number, what: string): number {
  const at = r.offset;
  const b = r.readU8();
  if (b > max) throw r.corrupt(`${what} ${b} is unknown`, at);
  return b;
}

function readRefs(r: ByteReader, ppos: number, what: string): number[] {
  const n = readCount(r, what);
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(readRef(r, ppos, what));
  return out;
}

/** PTrigger: `string name`, `varuint table`, `u8 timing`, `u8 event`, `u8 forEachRow`, `varuint n` + n ×
 *  `varuint column`, `string sql`, `varuint m` + m × `varuint use`. */
export const PTriggerCodec: PhysicalCodec<PTrigger> = {
  type: RecordType.PTrigger,
  write(w: ByteWriter, rec: PTrigger): void {
    w.writeString(rec.name);
    w.writeVarUint(rec.table);
    w.writeU8(rec.timing);
    w.writeU8(rec.event);
    w.writeU8(rec.forEachRow ? 1 : 0);
    w.writeVarUint(rec.columns.length);
    for (const c of rec.columns) w.writeVarUint(c);
    w.writeString(rec.sql);
    w.writeVarUint(rec.uses.length);
    for (const u of rec.uses) w.writeVarUint(u);
  },
  read(r: ByteReader, ppos: number): PTrigger {
    const name = r.readString();
    const table = readRef(r, ppos, 'trigger table');
    const timing = readEnum(r, TriggerTimingCode.InsteadOf, 'trigger timing') as TriggerTimingCode;
    const event = readEnum(r, TriggerEventCode.Delete, 'trigger event') as TriggerEventCode;
    const forEachRow = readEnum(r, 1, 'trigger granularity') === 1;
    const columns = readRefs(r, ppos, 'trigger column');
    const sql = r.readString();
    const uses = readRefs(r, ppos, 'trigger dependency');
    return { type: RecordType.PTrigger, ppos, name, table, timing, event, forEachRow, columns, sql, uses };
  },
  relocate(rec: PTrigger, ppos: number, reloc: Relocator): PTrigger {
    const table = reloc.pos(rec.table);
    const columns = rec.columns.map((c) => reloc.pos(c));
    const uses = rec.uses.map((u) => reloc.pos(u));
    const same =
      rec.ppos === ppos && table === rec.table && columns.every((c, i) => c === rec.columns[i]) && uses.every((u, i) => u === rec.uses[i]);
    return same ? rec : { ...rec, ppos, table, columns, uses };
  },
};
