/**
 * src/level3-objects/state-diff.ts — `diffStates`: the first difference between two snapshots, entry by
 * entry, or null when they hold the same database. `pyrrhocmd --check` uses it to compare a checkpoint with
 * a full replay, and the checkpoint tests to compare the two ways of opening.
 *
 * 1. Compared: the log position and every catalog (tables with their columns, rows, row versions, index
 *    definitions and entries, checks, `keyOrdered`, slot counts; the name, owner and reference catalogs;
 *    views, triggers, types, routines; users, roles and privileges). Not compared: `schemaVersion` (drawn
 *    from a process-wide counter, database-state.ts invariant 3) and functions (tree comparators).
 * 2. Trees are compared by their entries in order, never by shape: two trees built differently (bottom-up
 *    from a checkpoint, by inserts on replay) holding the same entries are the same.
 * 3. Values compare exactly: numbers by `Object.is` (so -0 and NaN count), bigints, strings, dates by time,
 *    byte arrays byte by byte, objects with an `equals` method (Decimal, ObjectId) by it and by their text,
 *    arrays and plain objects element by element — so 1 and 1n, or [1] and [1, null], differ.
 */
import { BTree } from '../common/tree/btree';
import { isDoc } from '../common/values/document/doc-value';
import type { DatabaseState } from './database-state';

/** The first difference between `a` and `b` (a path and what differs), or null (invariant 1). */
export function diffStates(a: DatabaseState, b: DatabaseState): string | null {
  if (a.position !== b.position) return `position: ${a.position} vs ${b.position}`;
  const pa = a.parts as unknown as Record<string, unknown>;
  const pb = b.parts as unknown as Record<string, unknown>;
  for (const key of Object.keys(pa)) {
    if (key === 'schemaVersion' || key === 'position') continue;
    const d = diffValues(pa[key], pb[key], key, 0);
    if (d !== null) return d;
  }
  return null;
}

function show(v: unknown): string {
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v === 'string') return JSON.stringify(v);
  if (v === null || typeof v !== 'object') return String(v);
  return Object.prototype.toString.call(v);
}

/** The first difference between two values found under `path`, or null (invariant 3). */
export function diffValues(a: unknown, b: unknown, path: string, depth: number): string | null {
  if (a === b) return null;
  const differ = (): string => `${path}: ${show(a)} vs ${show(b)}`;
  if (typeof a !== typeof b) return differ();
  switch (typeof a) {
    case 'number':
      return Object.is(a, b) ? null : differ();
    case 'function':
      return null;
    case 'object':
      break;
    default:
      return differ();
  }
  if (a === null || b === null) return differ();
  if (depth > 64) return `${path}: nested too deeply to compare`;
  const oa = a as object;
  const ob = b as object;
  // two documents are alike whether or not they were built by the same shape class (doc-shape.ts)
  if (isDoc(oa) && isDoc(ob)) return diffObjects(oa as Record<string, unknown>, ob as Record<string, unknown>, path, depth);
  if (Object.getPrototypeOf(oa) !== Object.getPrototypeOf(ob)) return `${path}: ${show(a)} vs ${show(b)} (different kinds)`;
  if (oa instanceof BTree) return diffTrees(oa, ob as BTree<unknown, unknown>, path, depth);
  if (oa instanceof Date) return oa.getTime() === (ob as Date).getTime() ? null : differ();
  if (oa instanceof Uint8Array) return sameBytes(oa, ob as Uint8Array) ? null : `${path}: bytes differ`;
  if (typeof (oa as { equals?: unknown }).equals === 'function' && !Array.isArray(oa)) {
    const same = (oa as { equals(x: unknown): boolean }).equals(ob) && String(oa) === String(ob);
    return same ? null : `${path}: ${String(oa)} vs ${String(ob)}`;
  }
  if (oa instanceof Map) return diffMaps(oa, ob as Map<unknown, unknown>, path, depth);
  if (oa instanceof Set) {
    const sb = ob as Set<unknown>;
    if (oa.size !== sb.size) return `${path}: set of ${oa.size} vs ${sb.size}`;
    for (const x of oa) if (!sb.has(x)) return `${path}: ${show(x)} only in the first set`;
    return null;
  }
  if (Array.isArray(oa)) {
    const xb = ob as unknown[];
    if (oa.length !== xb.length) return `${path}: ${oa.length} elements vs ${xb.length}`;
    for (let i = 0; i < oa.length; i++) {
      const d = diffValues(oa[i], xb[i], `${path}[${i}]`, depth + 1);
      if (d !== null) return d;
    }
    return null;
  }
  return diffObjects(oa as Record<string, unknown>, ob as Record<string, unknown>, path, depth);
}

function diffObjects(a: Record<string, unknown>, b: Record<string, unknown>, path: string, depth: number): string | null {
  const ka = Object.keys(a).filter((k) => a[k] !== undefined);
  const kb = Object.keys(b).filter((k) => b[k] !== undefined);
  if (ka.length !== kb.length || ka.some((k) => !(k in b) || b[k] === undefined)) {
    return `${path}: fields {${ka.join(', ')}} vs {${kb.join(', ')}}`;
  }
  for (const k of ka) {
    const d = diffValues(a[k], b[k], `${path}.${k}`, depth + 1);
    if (d !== null) return d;
  }
  return null;
}

function diffTrees(a: BTree<unknown, unknown>, b: BTree<unknown, unknown>, path: string, depth: number): string | null {
  if (a.size !== b.size) return `${path}: ${a.size} entries vs ${b.size}`;
  const ib = b.entries();
  let i = 0;
  for (const [ka, va] of a) {
    const next = ib.next();
    if (next.done === true) return `${path}: fewer entries in the second tree`;
    const [kb, vb] = next.value;
    const dk = diffValues(ka, kb, `${path}<key ${i}>`, depth + 1);
    if (dk !== null) return dk;
    const dv = diffValues(va, vb, `${path}[${show(ka)}]`, depth + 1);
    if (dv !== null) return dv;
    i++;
  }
  return null;
}

function diffMaps(a: Map<unknown, unknown>, b: Map<unknown, unknown>, path: string, depth: number): string | null {
  if (a.size !== b.size) return `${path}: map of ${a.size} vs ${b.size}`;
  for (const [k, v] of a) {
    if (!b.has(k)) return `${path}: key ${show(k)} only in the first map`;
    const d = diffValues(v, b.get(k), `${path}[${show(k)}]`, depth + 1);
    if (d !== null) return d;
  }
  return null;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
