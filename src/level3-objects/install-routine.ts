/**
 * src/level3-objects/install-routine.ts — installing PProcedure records and the Drop of a routine.
 *
 * 1. A routine's key (kind, name, parameter count) is unique: the transaction refused a duplicate before the
 *    record was made (asserted here).
 * 2. A Drop of a routine expects the transaction to have dropped the routines that call it (asserted).
 * 3. Both are schema changes: they bump the schema version (plans that call routines are made again) and
 *    record the effect `routine KEY`, which concurrent DDL on the same routine conflicts with.
 */
import { assert } from '../common/assert';
import type { PProcedure } from '../level2-physical/physical';
import { routineFromRecord, routineKey } from './routine';
import type { StateBuilder } from './state-builder';

function effect(b: StateBuilder, defpos: number, key: string): void {
  b.schemaChanged();
  b.effect({ kind: 'Schema', tables: [defpos], names: [`routine ${key}`] });
}

export function installProcedure(b: StateBuilder, rec: PProcedure): void {
  const cat = b.catalog;
  const key = routineKey(rec.isFunction, rec.name, rec.arity);
  assert(cat.routines.get(rec.ppos) === undefined, `PProcedure ${rec.ppos} is already defined`);
  assert(cat.routineKeys.get(key) === undefined, `routine ${key} is already defined`);
  for (const u of rec.uses) {
    const known = cat.routines.get(u) ?? cat.tables.get(u) ?? cat.views.get(u) ?? cat.types.get(u);
    assert(known !== undefined, `routine ${rec.name} uses unknown object ${u}`);
  }
  cat.routines = cat.routines.set(rec.ppos, routineFromRecord(rec));
  cat.routineKeys = cat.routineKeys.set(key, rec.ppos);
  effect(b, rec.ppos, key);
}

/** True when `defpos` is a routine; then drops it. */
export function dropRoutine(b: StateBuilder, defpos: number): boolean {
  const cat = b.catalog;
  const r = cat.routines.get(defpos);
  if (r === undefined) return false;
  for (const other of cat.routines.values()) assert(!other.uses.includes(defpos), `routine ${other.name} still calls ${r.name}`);
  const key = routineKey(r.isFunction, r.name, r.arity);
  cat.routines = cat.routines.delete(defpos);
  cat.routineKeys = cat.routineKeys.delete(key);
  effect(b, defpos, key);
  return true;
}
