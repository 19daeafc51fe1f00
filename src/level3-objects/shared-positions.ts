/**
 * src/level3-objects/shared-positions.ts — an index's leaves share the rows tree's arrays of row positions
 * where they hold the same positions, leaf for leaf: a table whose rows are in key order (keyed by an ascending
 * id, the common case) keeps one array of positions per leaf for its rows tree and its primary key, not two
 * (8 bytes a row).
 *
 * 1. Only for a tree just built and not yet handed out (publish.ts): `shareRowPositions` changes its leaves'
 *    `values` in place.
 * 2. Arrays of frozen leaves (owner null) are never changed in place (node.ts invariant 4; insert.ts already
 *    keeps a leaf's keys array in the copy that replaces a value), so one array serves two trees as safely as
 *    it serves two versions of one tree. checkpoint.ts builds an index stored in the rows' order on the row
 *    leaves' key arrays directly.
 * 3. A leaf shares only when its positions equal the rows leaf's at the same place, entry for entry; any
 *    difference (rows not in key order, leaves cut elsewhere) leaves it as it is.
 */
import type { BTree } from '../common/tree/btree';
import type { Row } from '../common/values/value';
import type { TreeKey } from './table-index';

/** Makes `index`'s leaves use `rows`' key arrays where they hold the same positions (invariants 1 and 3). */
export function shareRowPositions(rows: BTree<number, Row>, index: BTree<TreeKey, number>): void {
  if (rows.size === 0 || rows.size !== index.size) return;
  const rowLeaves = rows.leaves();
  const indexLeaves = index.leaves();
  if (rowLeaves.length !== indexLeaves.length) return;
  for (let l = 0; l < rowLeaves.length; l++) {
    const positions = rowLeaves[l]!.keys;
    const leaf = indexLeaves[l]!;
    const values = leaf.values;
    if (values === positions || values.length !== positions.length) continue;
    let same = true;
    for (let i = 0; i < values.length; i++) {
      if (values[i] !== positions[i]) {
        same = false;
        break;
      }
    }
    if (same) leaf.values = positions;
  }
}
