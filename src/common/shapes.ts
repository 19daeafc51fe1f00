/**
 * src/common/shapes.ts — keeps the hidden classes of short-lived objects alive between statements, so that a
 * full garbage collection does not throw away the engine's optimised code (decision 0018).
 *
 * V8 gives an instance of a class its hidden class (its "map") by transitions from the constructor's initial
 * map, one per field, and holds the maps those transitions lead to only weakly: a map lives while some object
 * has it. Cursors, bookmarks, execution contexts and a transaction's drafts live for one statement or one
 * transaction, so a full collection between statements finds no instance, and collects their maps. Every
 * optimised function that checked one of them is then discarded (V8's "weak objects" deoptimisation), and
 * the statements after run in the interpreter until V8 has compiled them again: measured, the 1,000 document
 * lookups after a full collection took 19–23 ms against 6 ms before it, point lookups 2× their steady time.
 *
 * 1. A module registers, once, a `maker` for each such class: a function building an instance from
 *    placeholders (empty trees, empty tables, nulls, a context of no transaction), detached from every
 *    database, so that a kept instance pins nothing but itself and a few empty objects.
 * 2. `refreshShapes` replaces the kept instances by new ones. An instance built now follows the transitions
 *    as they are now: when real instances have since widened a field's representation (a small integer
 *    field that met a double, a field that met both numbers and objects), V8 has replaced the maps, and the
 *    new instance keeps the new ones. A placeholder's own values may widen a field too; the maps that
 *    result are then the ones every later instance gets, and the ones kept.
 * 3. ExecContext calls `refreshShapes` for its first instance and then every `REFRESH_EVERY` instances, so a
 *    process keeps its current maps after a short warm-up at a cost of a few allocations per thousands of
 *    statements.
 */

/** Builds a detached instance of a class (invariant 1). */
export type ShapeMaker = () => object;

const makers: ShapeMaker[] = [];
let kept: readonly object[] = [];
let refreshing = false;

/** How many execution contexts pass between two refreshes (invariant 3); a power of two. */
export const REFRESH_EVERY = 4096;

/** Registers `make` (invariant 1); the instance is built at the next refresh. */
export function keepShape(make: ShapeMaker): void {
  makers.push(make);
}

/** Builds every registered instance afresh and keeps them, letting the previous ones go (invariant 2). */
export function refreshShapes(): void {
  if (refreshing) return; // a maker that builds an ExecContext may reach the refresh clock
  refreshing = true;
  try {
    kept = makers.map((make) => make());
  } finally {
    refreshing = false;
  }
}

/** The instances kept now (for tests). */
export function keptShapes(): readonly object[] {
  return kept;
}
