/**
 * src/level2-physical/p-view.ts — codec of PView (RecordType 18, Pyrrho's number), which defines a view.
 * Layout: docs/file-format.md, "PView (18)".
 *
 * 1. The query is stored as SQL text; Level 4 parses it again when the view is used (Level 3 cannot parse).
 * 2. `uses` lists the tables and views the query reads (and the types it constructs), each a reference to an earlier record, so Level 3 can
 *    keep dependencies (DROP … RESTRICT / CASCADE) without parsing; `replaces` (varint, -1 for none) is the view
 *    an OR REPLACE supersedes.
 * 3. Counts must fit in the bytes left (each column name and each reference takes at least one byte).
 * 4. A view WITH CHECK OPTION is a PViewChecked (102): PView's fields and a byte, 1 LOCAL or 2 CASCADED. A view
 *    without one is still written as a PView, so files that have none read as before.
 */
import type { ByteReader, ByteWriter } from '../common/values/bytes';
import { assert } from '../common/assert';
import { ViewCheckCode, type PView, type ViewRecord } from './physical';
import { readOptionalRef, readRef, type PhysicalCodec, type Relocator } from './physical-codec';
import { RecordType } from './record-type';

function readCount(r: ByteReader, what: string): number {
  const at = r.offset;
  const n = r.readVarUint();
  if (n > r.remaining) throw r.corrupt(`${what} count ${n} exceeds the bytes left`, at);
  return n;
}

/** The fields PView and PViewChecked share: `string name`, `varuint n` + n × `string column`, `string sql`,
 *  `varuint m` + m × `varuint use`, `varint replaces`. */
function writeView(w: ByteWriter, rec: PView): void {
  w.writeString(rec.name);
  w.writeVarUint(rec.columns.length);
  for (const c of rec.columns) w.writeString(c);
  w.writeString(rec.sql);
  w.writeVarUint(rec.uses.length);
  for (const u of rec.uses) w.writeVarUint(u);
  w.writeVarInt(rec.replaces);
}

function readView(r: ByteReader, ppos: number): Omit<PView, 'type' | 'check'> {
  const name = r.readString();
  const n = readCount(r, 'view column');
  const columns: string[] = [];
  for (let i = 0; i < n; i++) columns.push(r.readString());
  const sql = r.readString();
  const m = readCount(r, 'view dependency');
  const uses: number[] = [];
  for (let i = 0; i < m; i++) uses.push(readRef(r, ppos, 'view dependency'));
  const replaces = readOptionalRef(r, ppos, 'replaced view');
  return { ppos, name, columns, sql, uses, replaces };
}

function relocateView<R extends PView>(rec: R, ppos: number, reloc: Relocator): R {
  const uses = rec.uses.map((u) => reloc.pos(u));
  const replaces = reloc.pos(rec.replaces);
  const same = rec.ppos === ppos && replaces === rec.replaces && uses.every((u, i) => u === rec.uses[i]);
  return same ? rec : { ...rec, ppos, uses, replaces };
}

/** PView (18): the shared fields (a view without CHECK OPTION). */
export const PViewCodec: PhysicalCodec<ViewRecord<RecordType.PView>> = {
  type: RecordType.PView,
  write(w: ByteWriter, rec): void {
    assert(rec.check === ViewCheckCode.None, `a PView with check option ${rec.check}`);
    writeView(w, rec);
  },
  read: (r, ppos) => ({ type: RecordType.PView, ...readView(r, ppos), check: ViewCheckCode.None }),
  relocate: relocateView,
};

/** PViewChecked (102): the shared fields, then `u8 check` (1 LOCAL, 2 CASCADED; invariant 4). */
export const PViewCheckedCodec: PhysicalCodec<ViewRecord<RecordType.PViewChecked>> = {
  type: RecordType.PViewChecked,
  write(w: ByteWriter, rec): void {
    assert(rec.check !== ViewCheckCode.None, 'a PViewChecked without a check option');
    writeView(w, rec);
    w.writeU8(rec.check);
  },
  read(r, ppos) {
    const fields = readView(r, ppos);
    const at = r.offset;
    const check = r.readU8();
    if (check !== ViewCheckCode.Local && check !== ViewCheckCode.Cascaded) throw r.corrupt(`view check option ${check}`, at);
    return { type: RecordType.PViewChecked, ...fields, check };
  },
  relocate: relocateView,
};
