/**
 * src/level3-objects/transaction-routine.ts — the transaction's work for CREATE and DROP of functions and
 * procedures: checks first, then records (transaction.ts invariant 3).
 *
 * 1. A routine's key (kind, name, parameter count) is unique: another with the same key is 42723-style
 *    DuplicateObject (42710).
 * 2. `uses` must name routines, tables, views or structured types that exist; the new routine touches each,
 *    so a concurrent DROP of one conflicts.
 * 3. Dropping a routine that others call is 2BP01 unless `cascade`: then the callers go first (callers of
 *    callers before them). Dropping a table, view or type a routine uses is likewise 2BP01 unless `cascade`,
 *    which drops the routine first (`dropRoutinesUsing`, called by transaction-ddl.ts and transaction-type.ts).
 */
import { SqlError, SqlState } from '../common/errors';
import { RecordType } from '../level2-physical/record-type';
import type { DatabaseState } from './database-state';
import { routineKey } from './routine';
import type { TxWork } from './tx-work';
import { dropTriggersOf } from './transaction-ddl';

/** The definition of a new routine. */
export interface RoutineDef {
  readonly name: string;
  readonly isFunction: boolean;
  readonly arity: number;
  readonly sql: string;
  readonly uses: readonly number[];
}

export function createRoutine(w: TxWork, def: RoutineDef): number {
  const cur = w.local.current;
  const key = routineKey(def.isFunction, def.name, def.arity);
  if (cur.routineKeys.get(key) !== undefined) {
    const what = `${def.isFunction ? 'function' : 'procedure'} ${def.name} with ${def.arity} parameters`;
    throw SqlError.of(SqlState.DuplicateObject, [what]);
  }
  for (const u of def.uses) {
    if (cur.routines.get(u) === undefined && cur.tables.get(u) === undefined && cur.views.get(u) === undefined && cur.types.get(u) === undefined) {
      throw SqlError.of(SqlState.UndefinedObject, [`object ${u} that routine ${def.name} uses`]);
    }
    w.reads.wroteTable(u);
  }
  w.reads.addName(`routine ${key}`);
  const ppos = w.nextPosition();
  w.add({ type: RecordType.PProcedure, ppos, name: def.name, isFunction: def.isFunction, arity: def.arity, sql: def.sql, uses: [...new Set(def.uses)] });
  return ppos;
}

export function dropRoutine(w: TxWork, defpos: number, cascade: boolean): void {
  const s = w.local.snapshot();
  const r = s.routine(defpos);
  if (r === undefined) throw SqlError.of(SqlState.UndefinedFunction, [`routine ${defpos}`]);
  dropCallers(w, s, defpos, `${r.isFunction ? 'function' : 'procedure'} ${r.name}`, cascade);
  dropTriggersOf(w, defpos, `${r.isFunction ? 'function' : 'procedure'} ${r.name}`, cascade);
  w.reads.wroteTable(defpos);
  w.add({ type: RecordType.Drop, ppos: w.nextPosition(), target: defpos });
}

function dropCallers(w: TxWork, s: DatabaseState, defpos: number, what: string, cascade: boolean): void {
  for (const caller of s.dependentRoutines(defpos)) {
    if (caller.defpos === defpos) continue;
    const name = `${caller.isFunction ? 'function' : 'procedure'} ${caller.name}`;
    if (!cascade) {
      throw SqlError.of(SqlState.DependentObjectsStillExist, [`drop ${what}`, name], { hint: 'Use DROP … CASCADE to drop the routines that call it too.' });
    }
    dropCallers(w, w.local.snapshot(), caller.defpos, name, cascade);
    if (w.local.current.routines.get(caller.defpos) !== undefined) {
      w.reads.wroteTable(caller.defpos);
      w.add({ type: RecordType.Drop, ppos: w.nextPosition(), target: caller.defpos });
    }
  }
}

/** Drops the routines that use table, view or type `defpos`, or refuses (2BP01) without `cascade` (invariant 3). */
export function dropRoutinesUsing(w: TxWork, defpos: number, what: string, cascade: boolean): void {
  for (const r of w.local.snapshot().dependentRoutines(defpos)) {
    if (w.local.current.routines.get(r.defpos) === undefined) continue;
    const name = `${r.isFunction ? 'function' : 'procedure'} ${r.name}`;
    if (!cascade) throw SqlError.of(SqlState.DependentObjectsStillExist, [`drop ${what}`, name], { hint: 'Use DROP … CASCADE to drop the routines that use it too.' });
    dropRoutine(w, r.defpos, true);
  }
}
