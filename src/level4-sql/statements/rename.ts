/**
 * src/level4-sql/statements/rename.ts — ALTER TABLE's RENAME TO, RENAME [COLUMN] and RENAME CONSTRAINT, and
 * ALTER INDEX … RENAME TO.
 *
 * 1. A rename is one Change record (Level 3 `Transaction.rename`): everything that refers to the object by
 *    defpos (rows, indexes, foreign keys, grants, the UPDATE OF list of a trigger) follows it. What does not are
 *    the stored SQL texts, which refer by name and are parsed again when used: a rename that would leave one
 *    naming something that is no longer there is refused (2BP01 DependentObjectsStillExist), and the error
 *    names the object whose text stands in the way.
 * 2. A table: refused when a view reads it or a routine or trigger names it (Level 3, their `uses`), or when
 *    one of its own CHECKs, defaults or generated columns names it (`t.a`). A trigger on the table that does
 *    not name it in its WHEN or body is bound by defpos and stays.
 * 3. A column: refused when its name appears (grammar/names-in.ts) in one of the table's CHECKs, defaults or
 *    generated columns, in a view that reads the table (or that selects `*` from it and gave no column names
 *    of its own: its columns would change name), or in a routine that uses the table or a trigger on it or
 *    naming it. The check is by name, not by binding, so it may refuse where a text mentions another object
 *    of the same name; it never lets a text go stale.
 * 4. A constraint: a key, foreign key or CHECK of the table, found by name as ALTER TABLE … DROP CONSTRAINT
 *    finds it (42704 when none); ALTER INDEX renames any index or key by its database-wide name, as DROP INDEX
 *    finds it (42704 when none). Nothing stored refers to a constraint or an index by name.
 * 5. The new name must be free: 42P07 for a table or view of that name, 42701 for a column of the table, 42710
 *    for an index anywhere in the database or a CHECK of the table (Level 3 decides; the error gets the
 *    statement's position).
 */
import { SqlError, SqlState } from '../../common/errors';
import { IndexKind } from '../../level2-physical/physical';
import type { DatabaseState } from '../../level3-objects/database-state';
import type { Table } from '../../level3-objects/table';
import type { Transaction } from '../../level3-objects/transaction';
import { RENAME_REFUSED_HINT } from '../../level3-objects/transaction-ddl';
import { atPosition } from '../eval/type-rules';
import { namesIn } from '../parse';
import { columnByName } from './constraints';

/** A stored text that refers by name, and what to call its owner in an error. */
interface StoredText {
  readonly what: string;
  readonly sql: string;
  /** the `*` of `select *` exposes the table's column names (a view without column names of its own) */
  readonly starExposes?: boolean;
}

/** The table's own texts: CHECKs, defaults and generated columns. */
function ownTexts(table: Table): StoredText[] {
  const out: StoredText[] = table.checks.map((k) => ({ what: `constraint ${k.name}`, sql: k.sql }));
  for (const c of table.columns) {
    if (c.generatedSql !== null) out.push({ what: `generated column ${c.name}`, sql: c.generatedSql });
    if (c.defaultSql !== null) out.push({ what: `the default of column ${c.name}`, sql: c.defaultSql });
  }
  return out;
}

/** Every stored text that may name a column of `table` (invariant 3). */
function textsOverColumns(state: DatabaseState, table: Table): StoredText[] {
  const out = ownTexts(table);
  for (const v of state.dependentViews(table.defpos)) out.push({ what: `view ${v.name}`, sql: v.sql, starExposes: v.columns.length === 0 });
  for (const r of state.dependentRoutines(table.defpos)) out.push({ what: `${r.isFunction ? 'function' : 'procedure'} ${r.name}`, sql: r.sql });
  const triggers = new Set([...state.triggersOn(table.defpos), ...state.triggersUsing(table.defpos)]);
  for (const t of triggers) out.push({ what: `trigger ${t.name}`, sql: t.sql });
  return out;
}

/** Refuses (2BP01) when one of `texts` names `name` (or exposes it through `*`). */
function refuseIfNamed(texts: readonly StoredText[], name: string, what: string, position: number, hint = RENAME_REFUSED_HINT): void {
  for (const t of texts) {
    const names = namesIn(t.sql);
    if (names.has(name) || (t.starExposes === true && names.has('*'))) {
      throw SqlError.of(SqlState.DependentObjectsStillExist, [what, t.what], { position, hint });
    }
  }
}

/** Runs `rename` and gives a Level 3 refusal the statement's position (invariant 5). */
function renaming(position: number, rename: () => void): void {
  try {
    rename();
  } catch (e) {
    throw atPosition(e, position);
  }
}

/** ALTER TABLE t RENAME TO name (invariant 2). */
export function renameTable(tx: Transaction, table: Table, name: string, position: number): void {
  refuseIfNamed(ownTexts(table), table.name, `rename table ${table.name}`, position);
  renaming(position, () => tx.rename(table.defpos, name));
}

/** Refuses (2BP01, `what` naming the operation) when a stored text over `table` names column `column` (invariant 3). */
export function refuseIfColumnNamed(tx: Transaction, table: Table, column: string, what: string, position: number, hint?: string): void {
  refuseIfNamed(textsOverColumns(tx.state, table), column, what, position, hint);
}

/** ALTER TABLE t RENAME [COLUMN] column TO name (invariant 3). */
export function renameColumn(tx: Transaction, table: Table, column: string, name: string, position: number): void {
  const c = columnByName(table, column, position);
  refuseIfColumnNamed(tx, table, c.name, `rename column ${c.name}`, position);
  renaming(position, () => tx.rename(c.defpos, name));
}

/** ALTER INDEX index RENAME TO name (invariant 4): any index or key, by its database-wide name. */
export function renameIndex(tx: Transaction, index: string, name: string, position: number): void {
  const ix = tx.state.indexByName(index);
  if (ix === undefined) throw SqlError.of(SqlState.UndefinedObject, [`index ${index}`], { position });
  renaming(position, () => tx.rename(ix.defpos, name));
}

/** ALTER TABLE t RENAME CONSTRAINT constraint TO name (invariant 4). */
export function renameConstraint(tx: Transaction, table: Table, constraint: string, name: string, position: number): void {
  const target =
    table.indexes.find((x) => x.name === constraint && x.kind !== IndexKind.NonUnique)?.defpos ??
    table.checks.find((x) => x.name === constraint)?.defpos;
  if (target === undefined) throw SqlError.of(SqlState.UndefinedObject, [`constraint ${constraint} of table ${table.name}`], { position });
  renaming(position, () => tx.rename(target, name));
}
