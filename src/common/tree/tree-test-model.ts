/**
 * src/common/tree/tree-test-model.ts — test support (not API): a sorted-array model of `BTree`, random
 * operation sequences for fast-check, and the runner that checks a tree against the model after each one.
 * Used by `btree.property.test.ts` (real fan-out) and `btree.deep.property.test.ts` (tiny fan-out).
 *
 * 1. Every tree version made during a run is kept with a copy of its model; at the end each one must
 *    still read exactly as its model (persistence), whatever was done to later versions.
 * 2. Mismatches throw plain `Error`s naming the operation, so fast-check can shrink to a minimal case.
 */
import fc from 'fast-check';
import type { Bookmark } from './bookmark';
import { BTree, type Comparator } from './btree';
import { checkTree } from './check-tree';
import type { TreeBuilder } from './tree-builder';

/** An ordered map kept as a sorted array of entries: obviously right, and slow. */
export class SortedModel<K, V> {
  constructor(
    readonly compare: Comparator<K>,
    readonly entries: Array<[K, V]> = [],
  ) {}

  copy(): SortedModel<K, V> {
    return new SortedModel(this.compare, this.entries.map(([k, v]) => [k, v]));
  }

  /** Index of the first entry with key >= `key`. */
  lowerBound(key: K): number {
    let i = 0;
    while (i < this.entries.length && this.compare(this.entries[i]![0], key) < 0) i++;
    return i;
  }

  /** Index of the first entry with key > `key`. */
  upperBound(key: K): number {
    let i = 0;
    while (i < this.entries.length && this.compare(this.entries[i]![0], key) <= 0) i++;
    return i;
  }

  private indexOf(key: K): number {
    const i = this.lowerBound(key);
    return i < this.entries.length && this.compare(this.entries[i]![0], key) === 0 ? i : -1;
  }

  get(key: K): V | undefined {
    const i = this.indexOf(key);
    return i < 0 ? undefined : this.entries[i]![1];
  }

  has(key: K): boolean {
    return this.indexOf(key) >= 0;
  }

  set(key: K, value: V): void {
    const i = this.indexOf(key);
    if (i >= 0) this.entries[i]![1] = value;
    else this.entries.splice(this.lowerBound(key), 0, [key, value]);
  }

  delete(key: K): void {
    const i = this.indexOf(key);
    if (i >= 0) this.entries.splice(i, 1);
  }
}

/** A change that a persistent tree or a builder can make. */
export type Change<K> = { kind: 'set'; key: K; value: number } | { kind: 'delete'; key: K };

/** One step of a random run. */
export type Op<K> =
  | Change<K>
  | { kind: 'query'; key: K; position: number }
  | { kind: 'walk'; key: K; steps: number; forward: boolean }
  | { kind: 'batch'; changes: Change<K>[]; buildAt: number }
  | { kind: 'old'; version: number };

/** Random operations over keys drawn from `key` (stored keys) and `probe` (looked-up keys). */
export function opArbitrary<K>(key: fc.Arbitrary<K>, probe: fc.Arbitrary<K>, maxBatch: number): fc.Arbitrary<Op<K>> {
  const change: fc.Arbitrary<Change<K>> = fc.oneof(
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('set' as const), key, value: fc.nat(1000) }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), key }) },
  );
  return fc.oneof(
    { weight: 6, arbitrary: change },
    {
      weight: 3,
      arbitrary: fc.record({
        kind: fc.constant('query' as const),
        key: probe,
        position: fc.integer({ min: -2, max: 2 * maxBatch }),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('walk' as const),
        key: probe,
        steps: fc.nat(3 * maxBatch),
        forward: fc.boolean(),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('batch' as const),
        changes: fc.array(change, { maxLength: maxBatch, size: 'max' }),
        buildAt: fc.nat(maxBatch),
      }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('old' as const), version: fc.nat() }) },
  );
}

function fail(what: string, got: unknown, want: unknown): never {
  const show = (x: unknown): string => JSON.stringify(x, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));
  throw new Error(`${what}: got ${show(got)}, want ${show(want)}`);
}

function sameKey<K>(compare: Comparator<K>, a: K, b: K): boolean {
  return compare(a, b) === 0;
}

/** Checks a bookmark (or null) against the model entry at `index` (out of range = null). */
function checkBookmark<K>(
  what: string,
  b: Bookmark<K, number> | null,
  model: SortedModel<K, number>,
  index: number,
): void {
  const want = model.entries[index];
  if (want === undefined || index < 0) {
    if (b !== null) fail(what, b.key, null);
    return;
  }
  if (b === null) return fail(what, null, want[0]);
  if (!sameKey(model.compare, b.key, want[0]) || b.value !== want[1] || b.position !== index) {
    fail(what, [b.key, b.value, b.position], [want[0], want[1], index]);
  }
}

/** Full check: structure, size, forward iteration, backward walk with bookmarks. */
export function checkWhole<K>(what: string, tree: BTree<K, number>, model: SortedModel<K, number>): void {
  checkTree(tree);
  if (tree.size !== model.entries.length) fail(`${what} size`, tree.size, model.entries.length);
  let i = 0;
  for (const [k, v] of tree) {
    const want = model.entries[i]!;
    if (!sameKey(tree.compare, k, want[0]) || v !== want[1]) fail(`${what} entry ${i}`, [k, v], want);
    i++;
  }
  if (i !== model.entries.length) fail(`${what} entries`, i, model.entries.length);
  let j = model.entries.length - 1;
  for (let b = tree.last(); b !== null; b = b.previous(), j--) checkBookmark(`${what} backward ${j}`, b, model, j);
  if (j !== -1) fail(`${what} backward walk ended early`, j, -1);
}

/** Point checks of one key and one position. */
function checkQuery<K>(tree: BTree<K, number>, model: SortedModel<K, number>, key: K, position: number): void {
  if (tree.get(key) !== model.get(key)) fail('get', tree.get(key), model.get(key));
  if (tree.has(key) !== model.has(key)) fail('has', tree.has(key), model.has(key));
  const lo = model.lowerBound(key);
  const hi = model.upperBound(key);
  if (tree.rank(key) !== lo) fail('rank', tree.rank(key), lo);
  checkBookmark('seek', tree.seek(key), model, lo);
  checkBookmark('seekAfter', tree.seekAfter(key), model, hi);
  checkBookmark('seekLast', tree.seekLast(key), model, hi - 1);
  checkBookmark('seekBefore', tree.seekBefore(key), model, lo - 1);
  checkBookmark(`at(${position})`, tree.at(position), model, position);
}

/** Steps `steps` times from a seek, forward or backward, checking each bookmark. */
function checkWalk<K>(
  tree: BTree<K, number>,
  model: SortedModel<K, number>,
  key: K,
  steps: number,
  forward: boolean,
): void {
  let index = forward ? model.lowerBound(key) : model.upperBound(key) - 1;
  let b = forward ? tree.seek(key) : tree.seekLast(key);
  for (let s = 0; s <= steps && b !== null; s++) {
    checkBookmark(`walk step ${s}`, b, model, index);
    b = forward ? b.next() : b.previous();
    index += forward ? 1 : -1;
  }
  checkBookmark('walk end', b, model, index);
}

/** Applies one change to a builder and its model, checking the builder's view of the key. */
function applyToBuilder<K>(b: TreeBuilder<K, number>, model: SortedModel<K, number>, c: Change<K>): void {
  if (c.kind === 'set') {
    b.set(c.key, c.value);
    model.set(c.key, c.value);
  } else {
    b.delete(c.key);
    model.delete(c.key);
  }
  if (b.get(c.key) !== model.get(c.key)) fail('builder get', b.get(c.key), model.get(c.key));
  if (b.has(c.key) !== model.has(c.key)) fail('builder has', b.has(c.key), model.has(c.key));
  if (b.size !== model.entries.length) fail('builder size', b.size, model.entries.length);
}

/**
 * Runs `ops` from an empty tree (or from `start` and the model of its entries), checking against the model as
 * it goes and every version at the end.
 */
export function runOps<K>(compare: Comparator<K>, ops: readonly Op<K>[], start?: { tree: BTree<K, number>; entries: Array<[K, number]> }): void {
  const versions: Array<{ tree: BTree<K, number>; model: SortedModel<K, number> }> = [];
  let tree = start?.tree ?? BTree.empty<K, number>(compare);
  let model = new SortedModel<K, number>(compare, start?.entries.map(([k, v]) => [k, v]) ?? []);
  const keep = (): void => void versions.push({ tree, model: model.copy() });
  keep();
  for (const op of ops) {
    switch (op.kind) {
      case 'set':
        tree = tree.set(op.key, op.value);
        model.set(op.key, op.value);
        keep();
        break;
      case 'delete': {
        const before = tree;
        tree = tree.delete(op.key);
        if (!model.has(op.key) && tree !== before) fail('delete of an absent key made a new tree', false, true);
        model.delete(op.key);
        keep();
        break;
      }
      case 'query':
        checkQuery(tree, model, op.key, op.position);
        break;
      case 'walk':
        checkWalk(tree, model, op.key, op.steps, op.forward);
        break;
      case 'batch': {
        const b = tree.builder();
        model = model.copy();
        op.changes.forEach((c, i) => {
          if (i === op.buildAt) {
            tree = b.build();
            keep();
          }
          applyToBuilder(b, model, c);
        });
        tree = b.build();
        keep();
        break;
      }
      case 'old': {
        const v = versions[op.version % versions.length]!;
        checkWhole(`version ${op.version % versions.length}`, v.tree, v.model);
        break;
      }
    }
    if (tree.size !== model.entries.length) fail(`size after ${op.kind}`, tree.size, model.entries.length);
  }
  versions.forEach((v, i) => checkWhole(`version ${i} of ${versions.length}`, v.tree, v.model));
}
