/**
 * src/level3-objects/install-trigger.ts — the installers of PTrigger and of a Drop whose target is a trigger,
 * used by `install.ts` and `install-schema.ts`.
 *
 * 1. A PTrigger's name is free and its table (or view), UPDATE OF columns and `uses` exist (asserted: the
 *    transaction checked them); a Drop of a table or view expects its triggers, and the triggers that use it,
 *    to have been dropped first (asserted in install-schema.ts).
 * 2. Both bump `schemaVersion` (plans of the trigger's table fire a different set of triggers) and name the
 *    trigger's table in their effect, so a concurrent write to it conflicts as any DDL on it would; the
 *    trigger's name is the effect's `trigger NAME`, so two concurrent creations of one name conflict.
 */
import { assert } from '../common/assert';
import type { PTrigger } from '../level2-physical/physical';
import type { StateBuilder } from './state-builder';
import { triggerFromRecord } from './trigger';

export function installTrigger(b: StateBuilder, rec: PTrigger): void {
  const cat = b.catalog;
  assert(cat.triggers.get(rec.ppos) === undefined, `PTrigger ${rec.ppos} is already defined`);
  assert(cat.triggerNames.get(rec.name) === undefined, `trigger name ${rec.name} is already taken`);
  assert(cat.tables.get(rec.table) !== undefined || cat.views.get(rec.table) !== undefined, `trigger ${rec.name} is on unknown object ${rec.table}`);
  for (const c of rec.columns) assert(cat.owners.get(c) === rec.table, `trigger ${rec.name} names unknown column ${c}`);
  for (const u of rec.uses) {
    const known = cat.tables.get(u) ?? cat.views.get(u) ?? cat.routines.get(u) ?? cat.types.get(u);
    assert(known !== undefined, `trigger ${rec.name} uses unknown object ${u}`);
  }
  cat.triggers = cat.triggers.set(rec.ppos, triggerFromRecord(rec));
  cat.triggerNames = cat.triggerNames.set(rec.name, rec.ppos);
  b.schemaChanged();
  b.effect({ kind: 'Schema', tables: [rec.table], names: [`trigger ${rec.name}`] });
}

/** Removes the trigger `defpos` (a Drop naming it). */
export function dropTrigger(b: StateBuilder, defpos: number): void {
  const cat = b.catalog;
  const t = cat.triggers.get(defpos)!;
  cat.triggers = cat.triggers.delete(defpos);
  cat.triggerNames = cat.triggerNames.delete(t.name);
  b.schemaChanged();
  b.effect({ kind: 'Schema', tables: [t.table], names: [] });
}
