/**
 * src/level2-physical/p-procedure.ts — codec of PProcedure (RecordType 16, Pyrrho's number), which defines a
 * function or procedure. Layout: docs/file-format.md, "PProcedure (16)".
 *
 * 1. The CREATE statement is stored as SQL text; Level 4 parses it again when the routine is first called
 *    (Level 3 cannot parse).
 * 2. `uses` lists the routines the body calls, the tables and views it reads or changes and the types it
 *    constructs or declares, each a reference to an earlier record, so Level 3 can keep
 *    dependencies (DROP … RESTRICT / CASCADE) without parsing.
 * 3. Counts must fit in the bytes left (each reference takes at least one byte).
 */
import type { ByteReader, ByteWriter } from '../common/values/bytes';
import type { PProcedure } from './physical';
import { readRef, type PhysicalCodec, type Relocator } from './physical-codec';
import { RecordType } from './record-type';

/** PProcedure: `string name`, `varuint kind` (1 function, 0 procedure), `varuint arity`, `string sql`,
 *  `varuint m` + m × `varuint use`. */
export const PProcedureCodec: PhysicalCodec<PProcedure> = {
  type: RecordType.PProcedure,
  write(w: ByteWriter, rec: PProcedure): void {
    w.writeString(rec.name);
    w.writeVarUint(rec.isFunction ? 1 : 0);
    w.writeVarUint(rec.arity);
    w.writeString(rec.sql);
    w.writeVarUint(rec.uses.length);
    for (const u of rec.uses) w.writeVarUint(u);
  },
  read(r: ByteReader, ppos: number): PProcedure {
    const name = r.readString();
    const at = r.offset;
    const kind = r.readVarUint();
    if (kind > 1) throw r.corrupt(`routine kind ${kind}`, at);
    const arity = r.readVarUint();
    const sql = r.readString();
    const countAt = r.offset;
    const m = r.readVarUint();
    if (m > r.remaining) throw r.corrupt(`routine dependency count ${m} exceeds the bytes left`, countAt);
    const uses: number[] = [];
    for (let i = 0; i < m; i++) uses.push(readRef(r, ppos, 'routine dependency'));
    return { type: RecordType.PProcedure, ppos, name, isFunction: kind === 1, arity, sql, uses };
  },
  relocate(rec: PProcedure, ppos: number, reloc: Relocator): PProcedure {
    const uses = rec.uses.map((u) => reloc.pos(u));
    const same = rec.ppos === ppos && uses.every((u, i) => u === rec.uses[i]);
    return same ? rec : { ...rec, ppos, uses };
  },
};
