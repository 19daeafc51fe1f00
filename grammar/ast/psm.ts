/**
 * grammar/ast/psm.ts — AST nodes for SQL/PSM: compound statements and the statements of routine bodies, and the
 * top-level routine statements (CREATE FUNCTION / PROCEDURE, CALL, DROP FUNCTION / PROCEDURE).
 *
 * 1. Names are folded as in expressions; a target or a cursor name written with dots keeps its parts
 *    (`NEW.C`, `F.A`), and Level 4 resolves them against the routine's variables.
 * 2. Labels are folded names; a labelled loop or block may repeat its label after END (checked by the
 *    visitor: a different label is 42601).
 * 3. Embedded SQL statements (queries, DML, DDL) are the ordinary `Statement` nodes, wrapped in `PsmSql`; a
 *    `SELECT … INTO` is a `PsmSelectInto` (its `query` is the select without the INTO list).
 * 4. A routine definition keeps its span, so Level 4 stores the CREATE text and parses it again at load.
 */
import type { Expr, Span, TypeName } from './expression';
import type { QueryExpression } from './query';
import type { Statement } from './statement';

/** A variable, parameter or row-variable field an assignment or INTO writes: name parts, folded. */
export interface PsmTarget extends Span {
  kind: 'PsmTarget';
  parts: string[];
}

/** `[label:] BEGIN [[NOT] ATOMIC] statements END [label]` */
export interface PsmCompound extends Span {
  kind: 'PsmCompound';
  label: string | null;
  atomic: boolean;
  body: PsmStatement[];
}

/** `DECLARE a, b type [DEFAULT expr]` */
export interface PsmDeclareVariable extends Span {
  kind: 'PsmDeclareVariable';
  names: string[];
  type: TypeName;
  default: Expr | null;
}

/** `DECLARE c CURSOR FOR query` */
export interface PsmDeclareCursor extends Span {
  kind: 'PsmDeclareCursor';
  name: string;
  query: QueryExpression;
}

/** `DECLARE name CONDITION [FOR SQLSTATE [VALUE] sqlstate-literal]` */
export interface PsmDeclareCondition extends Span {
  kind: 'PsmDeclareCondition';
  name: string;
  sqlState: string | null;
}

/** What a handler handles. */
export type PsmConditionValue =
  | { kind: 'SqlState'; sqlState: string; position: number }
  | { kind: 'SqlException'; position: number }
  | { kind: 'SqlWarning'; position: number }
  | { kind: 'NotFound'; position: number }
  | { kind: 'ConditionName'; name: string; position: number };

/** `DECLARE CONTINUE | EXIT | UNDO HANDLER FOR condition, … statement` */
export interface PsmDeclareHandler extends Span {
  kind: 'PsmDeclareHandler';
  handlerKind: 'CONTINUE' | 'EXIT' | 'UNDO';
  conditions: PsmConditionValue[];
  action: PsmStatement;
}

/** `SET target = expr` or `SET (t1, t2) = row-valued expr` */
export interface PsmSet extends Span {
  kind: 'PsmSet';
  targets: PsmTarget[];
  /** true for the parenthesised list form (the value is a row, a row subquery or a ROW(...)) */
  multiple: boolean;
  value: Expr;
}

/** `IF c THEN … ELSEIF c THEN … ELSE … END IF` */
export interface PsmIf extends Span {
  kind: 'PsmIf';
  branches: Array<{ condition: Expr; body: PsmStatement[] }>;
  else: PsmStatement[] | null;
}

/** `CASE [operand] WHEN v THEN … [ELSE …] END CASE` (simple when `operand` is set, else searched) */
export interface PsmCase extends Span {
  kind: 'PsmCase';
  operand: Expr | null;
  whens: Array<{ value: Expr; body: PsmStatement[] }>;
  else: PsmStatement[] | null;
}

/** `[label:] WHILE c DO … END WHILE [label]` */
export interface PsmWhile extends Span {
  kind: 'PsmWhile';
  label: string | null;
  condition: Expr;
  body: PsmStatement[];
}

/** `[label:] REPEAT … UNTIL c END REPEAT [label]` */
export interface PsmRepeat extends Span {
  kind: 'PsmRepeat';
  label: string | null;
  body: PsmStatement[];
  until: Expr;
}

/** `[label:] LOOP … END LOOP [label]` */
export interface PsmLoop extends Span {
  kind: 'PsmLoop';
  label: string | null;
  body: PsmStatement[];
}

/** `LEAVE label` / `ITERATE label` */
export interface PsmLeave extends Span {
  kind: 'PsmLeave' | 'PsmIterate';
  label: string;
}

/** `[label:] FOR [v AS] [c CURSOR FOR] query DO … END FOR [label]` */
export interface PsmFor extends Span {
  kind: 'PsmFor';
  label: string | null;
  /** the row variable (`FOR v AS …`); the row's columns are visible as bare names as well */
  variable: string | null;
  cursor: string | null;
  query: QueryExpression;
  body: PsmStatement[];
}

/** `OPEN c` / `CLOSE c` */
export interface PsmCursorOp extends Span {
  kind: 'PsmOpen' | 'PsmClose';
  cursor: string;
}

/** `FETCH [[NEXT] FROM] c INTO t, …` */
export interface PsmFetch extends Span {
  kind: 'PsmFetch';
  cursor: string;
  targets: PsmTarget[];
}

/** `SIGNAL | RESIGNAL [SQLSTATE [VALUE] sqlstate-literal | condition] [SET MESSAGE_TEXT = expr]` */
export interface PsmSignal extends Span {
  kind: 'PsmSignal';
  resignal: boolean;
  /** null: RESIGNAL of the condition being handled */
  sqlState: string | null;
  condition: string | null;
  message: Expr | null;
}

/** `RETURN [expr]` or `RETURN TABLE (query)` */
export interface PsmReturn extends Span {
  kind: 'PsmReturn';
  value: Expr | null;
  table: QueryExpression | null;
}

/** `CALL name(args)` — also a top-level statement */
export interface Call extends Span {
  kind: 'Call';
  name: string;
  args: Expr[];
}

/** `SELECT items INTO t, … [FROM …]` */
export interface PsmSelectInto extends Span {
  kind: 'PsmSelectInto';
  query: QueryExpression;
  targets: PsmTarget[];
}

/** An SQL statement in a body: a query, DML or DDL. */
export interface PsmSql extends Span {
  kind: 'PsmSql';
  statement: Statement;
}

export type PsmStatement =
  | PsmCompound
  | PsmDeclareVariable
  | PsmDeclareCursor
  | PsmDeclareCondition
  | PsmDeclareHandler
  | PsmSet
  | PsmIf
  | PsmCase
  | PsmWhile
  | PsmRepeat
  | PsmLoop
  | PsmLeave
  | PsmFor
  | PsmCursorOp
  | PsmFetch
  | PsmSignal
  | PsmReturn
  | Call
  | PsmSelectInto
  | PsmSql;

/** A routine parameter: `[IN | OUT | INOUT] name type`. */
export interface RoutineParam extends Span {
  kind: 'RoutineParam';
  mode: 'IN' | 'OUT' | 'INOUT';
  name: string;
  type: TypeName;
}

/** `RETURNS TABLE (c type, …)`: the columns of a table-valued function. */
export interface ReturnsTable extends Span {
  kind: 'ReturnsTable';
  columns: Array<{ name: string; type: TypeName }>;
}

/** `CREATE FUNCTION f(params) RETURNS type body` / `CREATE PROCEDURE p(params) body` */
export interface CreateRoutine extends Span {
  kind: 'CreateRoutine';
  routineKind: 'FUNCTION' | 'PROCEDURE';
  name: string;
  params: RoutineParam[];
  /** null for a procedure */
  returns: TypeName | ReturnsTable | null;
  body: PsmStatement;
}

/** `DROP FUNCTION | PROCEDURE [IF EXISTS] name [(types)] [CASCADE | RESTRICT]` */
export interface DropRoutine extends Span {
  kind: 'DropRoutine';
  routineKind: 'FUNCTION' | 'PROCEDURE';
  name: string;
  ifExists: boolean;
  /** the parameter types written (selects an overload); null when no list was written */
  paramTypes: TypeName[] | null;
  cascade: boolean;
}
