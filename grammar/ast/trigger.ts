/**
 * grammar/ast/trigger.ts — AST nodes for CREATE TRIGGER (standard, Pyrrho and SQLite forms) and DROP TRIGGER.
 *
 * 1. Defaults are filled in by the visitor, so Level 4 sees one shape: a SQLite short form
 *    (`CREATE TRIGGER t UPDATE ON t1 BEGIN SELECT 1; END`) has timing BEFORE and FOR EACH ROW, as in SQLite.
 * 2. A body is a list of actions (`BEGIN [ATOMIC] … END`, or one action): ordinary statements, or `SET` of
 *    the new row's columns (`set c = b + 3`, `set new.c = …`), which only a BEFORE row trigger may use.
 * 3. The whole definition's span is the text a PTrigger stores; Level 4 parses it again when the trigger fires.
 */
import type { Expr, Span } from './expression';
import type { Statement } from './statement';

export type TriggerTiming = 'BEFORE' | 'AFTER' | 'INSTEAD OF';
export type TriggerEvent = 'INSERT' | 'UPDATE' | 'DELETE';

/** `REFERENCING OLD [ROW] AS o NEW [ROW] AS n OLD TABLE AS ot NEW TABLE AS nt` (null: not named). */
export interface TriggerReferencing {
  oldRow: string | null;
  newRow: string | null;
  oldTable: string | null;
  newTable: string | null;
}

/** One target of a trigger's `SET`: `c` or `new.c` (parts folded), and its value. */
export interface TriggerAssignment {
  target: string[];
  value: Expr;
  position: number;
}

/** `SET c = expr [, …]` in a trigger body: assigns the new row's columns (BEFORE row triggers). */
export interface TriggerSet extends Span {
  kind: 'TriggerSet';
  assignments: TriggerAssignment[];
}

/** One action of a trigger body. */
export type TriggerAction = Statement | TriggerSet;

/** `CREATE [TEMP] TRIGGER [IF NOT EXISTS] t timing event ON table [REFERENCING …] [FOR EACH …] [WHEN c] body` */
export interface CreateTrigger extends Span {
  kind: 'CreateTrigger';
  name: string;
  ifNotExists: boolean;
  /** TEMP / TEMPORARY was written (accepted; the trigger is stored like any other) */
  temporary: boolean;
  timing: TriggerTiming;
  event: TriggerEvent;
  /** `UPDATE OF a, b`: the columns whose update fires it; null: any */
  columns: string[] | null;
  columnsPosition: number;
  table: string;
  tablePosition: number;
  referencing: TriggerReferencing;
  forEachRow: boolean;
  when: Expr | null;
  body: TriggerAction[];
}

/** `DROP TRIGGER [IF EXISTS] t` */
export interface DropTrigger extends Span {
  kind: 'DropTrigger';
  name: string;
  ifExists: boolean;
}
