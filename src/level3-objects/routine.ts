/**
 * src/level3-objects/routine.ts — `Routine`, a function or procedure in a snapshot: its name, kind, parameter
 * count, CREATE text and the routines its body calls.
 *
 * 1. Level 3 never parses the text: Level 4 parses `sql` when the routine is first called, and computed `uses`
 *    when it was created (level2 PProcedure invariant 2).
 * 2. Routines overload by parameter count: a name and an arity identify one function, and one procedure; a
 *    function and a procedure may share a name.
 * 3. A routine's defpos is the ppos of the PProcedure that defined it.
 */
import type { PProcedure } from '../level2-physical/physical';

/** A function or procedure (see the file header). */
export interface Routine {
  readonly defpos: number;
  readonly name: string;
  readonly isFunction: boolean;
  readonly arity: number;
  /** SQL text of its CREATE statement */
  readonly sql: string;
  /** defposes of the routines its body calls */
  readonly uses: readonly number[];
}

/** The routine a PProcedure record defines. */
export function routineFromRecord(rec: PProcedure): Routine {
  return { defpos: rec.ppos, name: rec.name, isFunction: rec.isFunction, arity: rec.arity, sql: rec.sql, uses: rec.uses };
}

/** The key under which a routine is found by name: kind, name and parameter count (invariant 2). */
export function routineKey(isFunction: boolean, name: string, arity: number): string {
  return `${isFunction ? 'F' : 'P'}:${name}/${arity}`;
}
