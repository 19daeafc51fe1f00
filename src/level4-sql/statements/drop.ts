/**
 * src/level4-sql/statements/drop.ts — executes DROP TABLE, DROP INDEX and Pyrrho's DROP name.
 *
 * 1. A missing object raises UndefinedTable (42P01) or UndefinedObject (42704) unless IF EXISTS is given.
 * 2. A table or unique index that another table's foreign key references cannot be dropped: Level 3 raises
 *    DependentObjectsStillExist (2BP01). That is RESTRICT, also the behaviour when neither word is given;
 *    CASCADE drops those foreign keys first. Dropping a table drops its columns, indexes and checks with it.
 * 3. DROP INDEX drops indexes made by CREATE INDEX and UNIQUE keys; a primary key or foreign key is a
 *    constraint and is dropped with ALTER TABLE … DROP CONSTRAINT (2BP01 here).
 * 4. DROP TABLE of a view is WrongObjectType (42809); a table that views read is refused (2BP01) unless CASCADE,
 *    which drops those views (and the foreign keys of other tables that reference the table) too.
 * 5. DROP name (Pyrrho's, with no object kind) drops the table or view of that name, else the index or key
 *    constraint (primary key, unique key, foreign key: index names are unique in the database) of that name,
 *    else the structured type, else the one routine of that name; none is UndefinedObject (42704). CHECK constraints, whose names are per table, are dropped with
 *    ALTER TABLE … DROP CONSTRAINT.
 */
import { SqlError, SqlState } from '../../common/errors';
import { IndexKind } from '../../level2-physical/physical';
import type { Transaction } from '../../level3-objects/transaction';
import type { DropIndex, DropObject, DropTable } from '../parse';
import { noSuchTable } from '../system/system-tables';

/** Runs DROP TABLE; returns false when IF EXISTS found nothing. */
export function dropTable(tx: Transaction, stmt: DropTable): boolean {
  // `DROP TABLE a, b`: all in the statement's one transaction (an error undoes them all); a table that another
  // of them still references (2BP01) is tried again after the rest, so the order written does not matter
  let pending = [{ name: stmt.name, position: stmt.position }, ...stmt.more];
  let dropped = false;
  while (pending.length > 0) {
    const blocked: typeof pending = [];
    let firstError: unknown = null;
    for (const item of pending) {
      const table = tx.state.tableByName(item.name);
      if (table === undefined) {
        if (tx.state.viewByName(item.name) !== undefined) {
          throw SqlError.of(SqlState.WrongObjectType, [item.name, 'table'], { position: item.position, hint: 'Use DROP VIEW to drop a view.' });
        }
        if (stmt.ifExists) continue;
        throw noSuchTable(item.name, item.position);
      }
      try {
        tx.drop(table.defpos, stmt.behavior === 'CASCADE');
        dropped = true;
      } catch (e) {
        if (!(e instanceof SqlError) || e.sqlState !== SqlState.DependentObjectsStillExist || pending.length === 1) throw e;
        firstError ??= e;
        blocked.push(item);
      }
    }
    if (blocked.length === pending.length) throw firstError;
    pending = blocked;
  }
  return dropped;
}

/** Runs DROP INDEX; returns false when IF EXISTS found nothing. */
export function dropIndex(tx: Transaction, stmt: DropIndex): boolean {
  const ix = tx.state.indexByName(stmt.name);
  if (ix === undefined) {
    if (stmt.ifExists) return false;
    throw SqlError.of(SqlState.UndefinedObject, [`index ${stmt.name}`], { position: stmt.position });
  }
  if (ix.kind === IndexKind.PrimaryKey || ix.kind === IndexKind.ForeignKey) {
    const table = tx.state.table(ix.table);
    throw SqlError.of(SqlState.DependentObjectsStillExist, [`drop index ${ix.name}`, `a constraint of table ${table?.name ?? '?'}`], {
      position: stmt.position,
      hint: 'Use ALTER TABLE … DROP CONSTRAINT.',
    });
  }
  tx.drop(ix.defpos);
  return true;
}

/** Runs Pyrrho's DROP name (invariant 4). */
export function dropObject(tx: Transaction, stmt: DropObject): void {
  const cascade = stmt.behavior === 'CASCADE';
  const s = tx.state;
  const table = s.tableByName(stmt.name);
  if (table !== undefined) return tx.drop(table.defpos, cascade);
  const view = s.viewByName(stmt.name);
  if (view !== undefined) return tx.drop(view.defpos, cascade);
  const ix = s.indexByName(stmt.name);
  if (ix !== undefined) return tx.drop(ix.defpos, cascade);
  const trigger = s.triggerByName(stmt.name);
  if (trigger !== undefined) return tx.drop(trigger.defpos, cascade);
  const type = s.udTypeByName(stmt.name);
  if (type !== undefined) return tx.dropType(type.defpos, cascade);
  // Pyrrho's DROP f drops a function or procedure too, when exactly one routine has the name
  const routines = [...s.routines()].filter((r) => r.name === stmt.name);
  if (routines.length === 1) return tx.dropRoutine(routines[0]!.defpos, cascade);
  throw SqlError.of(SqlState.UndefinedObject, [`table, view, index, trigger, type or routine ${stmt.name}`], { position: stmt.position });
}
