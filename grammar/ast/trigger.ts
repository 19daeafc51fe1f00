/**
 * grammar/ast/trigger.ts — AST nodes for CREATE TRIGGER (standard, Pyrrho and SQLite forms) and DROP TRIGGER.
 *
 * 1. Defaults are filled in by the visitor, so Level 4 sees one shape: a SQLite short form
 *    (`CREATE TRIGGER t UPDATE ON t1 BEGIN SELECT 1; END`) has timing BEFORE and FOR EACH ROW, as in SQLite.
 * 2. A body is a PSM statement (`BEGIN [ATOMIC] … END`, or one statement); `SET c = b + 3` / `SET new.c = …`
 *    assigns the new row's columns, which only a BEFORE row trigger may do (Level 4 checks).
 * 3. The whole definition's span is the text a PTrigger stores; Level 4 parses it again when the trigger fires.
 */
import type { Expr, Span } from './expression';
import type { PsmStatement } from './psm';

export type TriggerTiming = 'BEFORE' | 'AFTER' | 'INSTEAD OF';
export type TriggerEvent = 'INSERT' | 'UPDATE' | 'DELETE';

/** `REFERENCING OLD [ROW] AS o NEW [ROW] AS n OLD TABLE AS ot NEW TABLE AS nt` (null: not named). */
export interface TriggerReferencing {
  oldRow: string | null;
  newRow: string | null;
  oldTable: string | null;
  newTable: string | null;
}

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
  /** `BEGIN [ATOMIC] … END` or one statement (SQL/PSM, ast/psm.ts) */
  body: PsmStatement;
}

/** `DROP TRIGGER [IF EXISTS] t` */
export interface DropTrigger extends Span {
  kind: 'DropTrigger';
  name: string;
  ifExists: boolean;
}
