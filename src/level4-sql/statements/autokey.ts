/**
 * src/level4-sql/statements/autokey.ts — Pyrrho's autokey: an INTEGER primary-key column left out of an INSERT
 * gets the next key.
 *
 * 1. It applies when the table's primary key is on plain columns (no document paths), its LAST column is of
 *    type INTEGER, has no DEFAULT and is no identity column (identity.ts gives those their values), and is
 *    not among the INSERT's target columns. The other key columns (the
 *    prefix) come from the row as built (given values and DEFAULTs).
 * 2. The next key is 1 + the greatest value of that column among the rows whose key starts with the row's
 *    prefix, or 1 when there is none (Pyrrho's `MTree.NextKey`): for a one-column key, max + 1 over the table,
 *    1 for an empty table. Values beyond 2^53 continue as bigints.
 * 3. The key tree is read once per execution, on the first row (the transaction's state as the statement
 *    begins); each prefix then remembers its next key, so the rows of one statement (multi-row VALUES,
 *    INSERT … SELECT) get consecutive keys, and keys the statement itself gave are never given twice.
 *    Reading the greatest key adds nothing to the read set: two transactions that take the same next key
 *    insert the same key, which conflicts at commit (40001) as any two inserts of one key do.
 * 4. A prefix holding NULL never matches a stored key (keys are NOT NULL): its next key is 1, and inserting it
 *    fails as any NULL key column does (23502).
 */
import { addInteger, compareValues, type Value } from '../../common/values/value';
import { seekPrefix, keyAt, startsWith, type TreeKey } from '../../level3-objects/table-index';
import { columnByDefpos, type Table } from '../../level3-objects/table';
import type { TableColumn } from '../../level3-objects/table-column';
import type { BTree } from '../../common/tree/btree';
import type { ExecContext } from '../context';

/** The autokey column of an INSERT into `table` with these targets, or null (invariant 1). */
export function autokeyColumn(table: Table, targets: readonly TableColumn[]): TableColumn | null {
  const pk = table.primaryKey;
  if (pk === null || pk.parts !== null) return null;
  const last = columnByDefpos(table, pk.columns[pk.columns.length - 1]!);
  if (last === undefined || last.type.kind !== 'INTEGER' || last.defaultSql !== null || last.identity !== null) return null;
  return targets.some((c) => c.defpos === last.defpos) ? null : last;
}

/** Gives the autokey column of each row of one execution its next key (invariants 2 and 3). */
export class Autokey {
  private tree: BTree<TreeKey, number> | null = null;
  /** next key by prefix (its values' text, `compareValues`-equal prefixes of INTEGER … columns agree) */
  private readonly next = new Map<string, Value>();

  constructor(
    private readonly table: Table,
    private readonly column: TableColumn,
  ) {}

  /** Sets the key column of `row` (by slot) to the next key for its prefix. */
  fill(ctx: ExecContext, row: Value[]): void {
    const pk = this.table.primaryKey!;
    const prefix: Value[] = [];
    for (let i = 0; i < pk.slots.length - 1; i++) prefix.push(row[pk.slots[i]!] ?? null);
    const id = prefix.length === 0 ? '' : JSON.stringify(prefix.map(keyText));
    let key = this.next.get(id);
    if (key === undefined) key = this.firstKey(ctx, prefix);
    row[this.column.slot] = key;
    this.next.set(id, addInteger(key as number | bigint, 1));
  }

  private firstKey(ctx: ExecContext, prefix: readonly Value[]): Value {
    if (this.tree === null) {
      this.tree = ctx.tx.state.table(this.table.defpos)?.primaryKey?.tree ?? null;
      if (this.tree === null) return 1;
    }
    let max: Value = null;
    if (prefix.length === 0) {
      const b = this.tree.last();
      if (b !== null) max = keyAt(b.key, 0);
    } else if (!prefix.includes(null)) {
      for (let b = seekPrefix(this.tree, prefix); b !== null && startsWith(b.key, prefix); b = b.next()) {
        const v = keyAt(b.key, prefix.length);
        if (max === null || compareValues(v, max) > 0) max = v;
      }
    }
    return max === null ? 1 : addInteger(max as number | bigint, 1);
  }
}

/** A prefix value as map-key text: INTEGER keys as decimal digits, anything else by its JSON. */
function keyText(v: Value): string {
  return typeof v === 'bigint' || typeof v === 'number' ? `n${v.toString()}` : JSON.stringify(v);
}
