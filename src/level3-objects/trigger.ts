/**
 * src/level3-objects/trigger.ts — `Trigger`, a trigger in a snapshot: its name, the table or view it is on,
 * when and on what it fires, its definition text and the objects it depends on.
 *
 * 1. Level 3 never parses the definition: Level 4 parses `sql` (the whole CREATE TRIGGER text) when it plans a
 *    statement that fires the trigger (level2 PTrigger invariant 1).
 * 2. Trigger names are one namespace per database (SQLite's and PostgreSQL's `42710` on a clash).
 * 3. A trigger's defpos is the ppos of its PTrigger. A table's triggers go when the table goes (the
 *    transaction writes their Drops first); a trigger that `uses` an object keeps it from being dropped
 *    unless CASCADE (then the trigger is dropped first).
 */
import type { PTrigger } from '../level2-physical/physical';

/** A trigger (see the file header). */
export interface Trigger extends Omit<PTrigger, 'type' | 'ppos'> {
  /** the ppos of the PTrigger that defined it */
  readonly defpos: number;
}

/** The trigger a PTrigger record defines. */
export function triggerFromRecord(rec: PTrigger): Trigger {
  const { type: _type, ppos, ...def } = rec;
  return { defpos: ppos, ...def };
}
