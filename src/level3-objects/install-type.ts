/**
 * src/level3-objects/install-type.ts — the installers of PType and PMethod, and of a Drop of a structured type,
 * used by the table in `install.ts`.
 *
 * 1. A PType's supertype and used types must exist, its name must be free (asserted: the transaction checked).
 * 2. A PMethod is added to its type's `methods`; one that replaces a declaration takes its place.
 * 3. A Drop of a type expects the transaction to have dropped what uses it (subtypes, types with fields of it,
 *    columns of it) first (asserted); its methods go with it.
 * 4. Effects name the type's defpos and `type NAME`, so concurrent DDL on one type conflicts (conflicts.ts).
 */
import { assert } from '../common/assert';
import type { PMethod, PType } from '../level2-physical/physical';
import type { StateBuilder } from './state-builder';
import { methodFromRecord, typeFromRecord } from './ud-type';

function schemaEffect(b: StateBuilder, defpos: number, names: readonly string[]): void {
  b.schemaChanged();
  b.effect({ kind: 'Schema', tables: [defpos], names });
}

export function installType(b: StateBuilder, rec: PType): void {
  const cat = b.catalog;
  assert(cat.types.get(rec.ppos) === undefined, `PType ${rec.ppos} is already defined`);
  assert(cat.typeNames.get(rec.name) === undefined, `type name ${rec.name} is already taken`);
  for (const u of rec.uses) assert(cat.types.get(u) !== undefined, `type ${rec.name} uses unknown type ${u}`);
  const under = rec.under === -1 ? undefined : cat.types.get(rec.under);
  assert(rec.under === -1 || under !== undefined, `type ${rec.name} is under unknown type ${rec.under}`);
  cat.types = cat.types.set(rec.ppos, typeFromRecord(rec, under));
  cat.typeNames = cat.typeNames.set(rec.name, rec.ppos);
  schemaEffect(b, rec.ppos, [`type ${rec.name}`]);
}

export function installMethod(b: StateBuilder, rec: PMethod): void {
  const cat = b.catalog;
  const t = cat.types.get(rec.udType);
  assert(t !== undefined, `PMethod ${rec.ppos} names unknown type ${rec.udType}`);
  const m = methodFromRecord(rec);
  let methods;
  if (rec.replaces === -1) methods = [...t.methods, m];
  else {
    const i = t.methods.findIndex((x) => x.defpos === rec.replaces);
    assert(i >= 0, `PMethod ${rec.ppos} replaces unknown method ${rec.replaces}`);
    methods = t.methods.map((x, j) => (j === i ? m : x));
  }
  cat.types = cat.types.set(t.defpos, { ...t, methods });
  schemaEffect(b, t.defpos, []);
}

/** Drops structured type `defpos` (invariant 3); true when `defpos` is a type. */
export function dropType(b: StateBuilder, defpos: number): boolean {
  const cat = b.current;
  const t = cat.types.get(defpos);
  if (t === undefined) return false;
  for (const other of cat.types.values()) {
    assert(other.defpos === defpos || !other.uses.includes(defpos), `type ${other.name} still uses type ${t.name}`);
  }
  const c = b.catalog;
  c.types = c.types.delete(defpos);
  c.typeNames = c.typeNames.delete(t.name);
  schemaEffect(b, defpos, []);
  return true;
}
