/**
 * src/level3-objects/transaction-type.ts — the structured-type operations of a `Transaction`: CREATE TYPE,
 * a method's declaration or definition, and DROP TYPE.
 *
 * 1. Every check runs before a record is added, so a failing operation leaves nothing behind.
 * 2. Type names are their own namespace (42710 for a second type of one name). A type refers to the types it
 *    uses (supertype, field types, types in its methods' signatures) by defpos; creating one touches them, so a
 *    concurrent drop of a used type conflicts at commit.
 * 3. DROP TYPE of a type that another type uses, that a column has, or that a table was created OF, is refused
 *    (2BP01) unless `cascade`: then the dependent types go first (their dependents before them), the tables OF
 *    the type are dropped, and the columns of the type are dropped (a table all of whose columns are of the
 *    type is dropped whole). Views, routines and triggers that use the type (constructing its values, declaring
 *    variables or parameters of it: their `uses`) refuse the drop the same way; CASCADE drops them first.
 */
import { SqlError, SqlState } from '../common/errors';
import { MethodKind, type PMethod, type PType } from '../level2-physical/physical';
import { RecordType } from '../level2-physical/record-type';
import * as ddl from './transaction-ddl';
import { dropRoutinesUsing } from './transaction-routine';
import type { TxWork } from './tx-work';
import type { UdType } from './ud-type';

/** The definition of a new structured type: its PType record without the position. */
export type TypeDef = Omit<PType, 'type' | 'ppos'>;

/** The definition of a method: its PMethod record without the position; a declaration has an empty `sql`, a body of a declared one names it in `replaces`. */
export type MethodDef = Omit<PMethod, 'type' | 'ppos'>;

function touchTypes(w: TxWork, uses: readonly number[]): void {
  for (const u of uses) {
    if (w.local.current.types.get(u) === undefined) throw SqlError.of(SqlState.UndefinedObject, [`type ${u}`]);
    w.reads.wroteTable(u);
  }
}

export function createType(w: TxWork, def: TypeDef): number {
  const cur = w.local.current;
  if (cur.typeNames.get(def.name) !== undefined) throw SqlError.of(SqlState.DuplicateObject, [`type ${def.name}`]);
  touchTypes(w, def.uses);
  w.reads.addName(`type ${def.name}`);
  const ppos = w.nextPosition();
  w.add({ type: RecordType.PType, ppos, ...def, fields: [...def.fields], uses: [...new Set(def.uses)] });
  return ppos;
}

export function createMethod(w: TxWork, def: MethodDef): number {
  const t = w.local.current.types.get(def.udType);
  if (t === undefined) throw SqlError.of(SqlState.UndefinedObject, [`type ${def.udType}`]);
  if (def.replaces !== -1 && !t.methods.some((m) => m.defpos === def.replaces)) {
    throw SqlError.of(SqlState.UndefinedFunction, [`method ${def.name} of type ${t.name}`]);
  }
  touchTypes(w, [def.udType, ...def.uses]);
  const ppos = w.nextPosition();
  w.add({ type: RecordType.PMethod, ppos, ...def, params: [...def.params], uses: [...new Set(def.uses)] });
  return ppos;
}

function usesType(t: UdType, defpos: number): boolean {
  return t.uses.includes(defpos) || t.methods.some((m) => m.uses.includes(defpos));
}

/** Drops structured type `t` (invariant 3). */
export function dropType(w: TxWork, t: UdType, cascade: boolean): void {
  for (const other of [...w.local.current.types.values()]) {
    if (other.defpos === t.defpos || !usesType(other, t.defpos)) continue;
    if (!cascade) {
      throw SqlError.of(SqlState.DependentObjectsStillExist, [`drop type ${t.name}`, `type ${other.name}`], { hint: 'Use DROP TYPE … CASCADE to drop the dependent objects too.' });
    }
    if (w.local.current.types.get(other.defpos) !== undefined) dropType(w, other, cascade);
  }
  for (const table of [...w.local.current.tables.values()]) {
    if (table.ofType === t.defpos) {
      if (!cascade) {
        throw SqlError.of(SqlState.DependentObjectsStillExist, [`drop type ${t.name}`, `table ${table.name} (OF ${t.name})`], {
          hint: 'Use DROP TYPE … CASCADE to drop the dependent objects too.',
        });
      }
      ddl.drop(w, table.defpos, true);
      continue;
    }
    const cols = table.columns.filter((c) => c.type.kind === 'TYPE' && c.type.name === t.name);
    if (cols.length === 0) continue;
    if (!cascade) {
      throw SqlError.of(SqlState.DependentObjectsStillExist, [`drop type ${t.name}`, `column ${cols[0]!.name} of table ${table.name}`], {
        hint: 'Use DROP TYPE … CASCADE to drop the dependent objects too.',
      });
    }
    if (cols.length === table.columns.length) ddl.drop(w, table.defpos, true);
    else for (const c of cols) ddl.drop(w, c.defpos, true);
  }
  const what = `type ${t.name}`;
  ddl.dropDependentViews(w, w.local.snapshot(), t.defpos, what, cascade);
  dropRoutinesUsing(w, t.defpos, what, cascade);
  ddl.dropTriggersOf(w, t.defpos, what, cascade);
  w.reads.wroteTable(t.defpos);
  w.add({ type: RecordType.Drop, ppos: w.nextPosition(), target: t.defpos });
}

export { MethodKind };
