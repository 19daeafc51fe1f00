/**
 * src/level3-objects/key-order.ts — a table's rows in primary-key order (Pyrrho's row order) when its row tree,
 * keyed by defpos, is not already in that order (table.ts invariant 5).
 *
 * 1. `keyOrderOf(t)` gives the rows and their defposes in defpos order (`rows`, `rowids`) and `order`, the
 *    positions in those arrays of the rows in key order: the i-th row in key order is `rows[order[i]]`.
 * 2. Looking each row up by defpos while walking the key tree costs a tree descent per row (a full scan
 *    would be tens of times slower than walking the row tree). Instead the row tree is walked once into the two
 *    arrays, and `order` is found by one walk of the key tree with a binary search of each defpos in `rowids`.
 * 3. Results are cached per version of the trees, which are immutable: the arrays per row tree (every change
 *    to any row makes a new one), `order` per key tree (a change of keys, or an insert or delete, makes a new
 *    one; an update of other columns keeps it, and the set of defposes with it). Both caches are weak: an
 *    entry lives as long as its tree.
 */
import { assert } from '../common/assert';
import type { BTree } from '../common/tree/btree';
import { TreeCursor } from '../common/tree/tree-cursor';
import type { Row } from '../common/values/value';
import type { TreeKey } from './table-index';
import type { Table } from './table';

/** A table's rows in defpos order and the permutation that puts them in key order (invariant 1). */
export interface KeyOrder {
  readonly rowids: Float64Array;
  readonly rows: readonly Row[];
  readonly order: Int32Array;
}

interface ByPosition {
  readonly rowids: Float64Array;
  readonly rows: Row[];
}

const BY_POSITION = new WeakMap<BTree<number, Row>, ByPosition>();
const ORDER = new WeakMap<BTree<TreeKey, number>, Int32Array>();

/** The rows of `t` (which has a primary key) in key order (invariant 1). */
export function keyOrderOf(t: Table): KeyOrder {
  const pk = t.primaryKey;
  assert(pk !== null, `table ${t.name} has no primary key to order by`);
  const byPosition = byPositionOf(t.rows);
  let order = ORDER.get(pk.tree);
  if (order === undefined || order.length !== byPosition.rowids.length) {
    order = orderOf(pk.tree, byPosition.rowids);
    ORDER.set(pk.tree, order);
  }
  return { rowids: byPosition.rowids, rows: byPosition.rows, order };
}

function byPositionOf(tree: BTree<number, Row>): ByPosition {
  let cached = BY_POSITION.get(tree);
  if (cached !== undefined) return cached;
  const rowids = new Float64Array(tree.size);
  const rows = new Array<Row>(tree.size);
  const c = new TreeCursor(tree);
  for (let i = 0; c.advance(); i++) {
    rowids[i] = c.key;
    rows[i] = c.value;
  }
  cached = { rowids, rows };
  BY_POSITION.set(tree, cached);
  return cached;
}

/** Where each row of the key tree, in key order, sits in `rowids` (ascending defposes). */
function orderOf(keys: BTree<TreeKey, number>, rowids: Float64Array): Int32Array {
  const order = new Int32Array(rowids.length);
  const c = new TreeCursor(keys);
  let i = 0;
  while (c.advance()) {
    const rowid = c.value;
    let lo = 0;
    let hi = rowids.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (rowids[mid]! < rowid) lo = mid + 1;
      else hi = mid;
    }
    assert(rowids[lo] === rowid && i < order.length, `key entry for missing row ${rowid}`);
    order[i++] = lo;
  }
  assert(i === order.length, 'the key tree and the row tree hold different rows');
  return order;
}
