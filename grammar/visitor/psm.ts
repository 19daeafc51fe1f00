/**
 * grammar/visitor/psm.ts — PsmVisitor: CST → AST for SQL/PSM statements and the routine statements.
 *
 * 1. A label after END must repeat the statement's label (42601 otherwise, and when the statement has none).
 * 2. A label before a statement that cannot be left or iterated (anything but BEGIN, WHILE, REPEAT, LOOP,
 *    FOR) is 42601.
 * 3. `SELECT … INTO` is allowed only as a body statement: `intoAllowed` is set while such a statement's
 *    query is visited (selectCore in query.ts reads it), and nowhere else.
 * 4. An SQLSTATE literal must be five digits or upper-case letters (42601 at the literal otherwise).
 */
import type { CstNode, IToken } from 'chevrotain';
import type { TypeName } from '../ast/expression';
import type {
  Call,
  CreateRoutine,
  DropRoutine,
  PsmConditionValue,
  PsmStatement,
  PsmTarget,
  ReturnsTable,
  RoutineParam,
} from '../ast/psm';
import type { Statement } from '../ast/statement';
import type * as C from '../cst.generated';
import { syntaxError } from '../syntax-error';
import { at, foldName, one, spanOf, unquote } from './cst-helpers';
import { TransactionVisitor } from './transaction';

const SQLSTATE_PATTERN = /^[0-9A-Z]{5}$/;

/** Builds the AST of PSM statements, CREATE FUNCTION / PROCEDURE, CALL and DROP FUNCTION / PROCEDURE. */
export abstract class PsmVisitor extends TransactionVisitor {
  psmStatement(ctx: C.PsmStatementCstChildren, node: CstNode): PsmStatement {
    const labelNode = ctx.statementLabel?.[0];
    const label = labelNode === undefined ? null : this.statementLabel(labelNode.children, labelNode);
    const s = this.unlabelled(ctx, node);
    if (label === null) return s;
    switch (s.kind) {
      case 'PsmCompound':
      case 'PsmWhile':
      case 'PsmRepeat':
      case 'PsmLoop':
      case 'PsmFor':
        if (s.label !== null && s.label !== label) throw labelMismatch(s.end, s.label, label);
        return { ...s, label, position: labelNode!.location!.startOffset };
      default:
        throw syntaxError(s.position, null, 'only BEGIN, WHILE, REPEAT, LOOP and FOR statements take a label');
    }
  }

  /** The statement without its label (an END label becomes its label, checked against the leading one). */
  private unlabelled(ctx: C.PsmStatementCstChildren, node: CstNode): PsmStatement {
    const span = spanOf(node);
    const n =
      ctx.compoundStatement ?? ctx.whileStatement ?? ctx.repeatStatement ?? ctx.loopStatement ?? ctx.forStatement ??
      ctx.declareStatement ?? ctx.setStatement ?? ctx.ifStatement ?? ctx.caseStatement ?? ctx.leaveStatement ??
      ctx.openStatement ?? ctx.fetchStatement ?? ctx.closeStatement ?? ctx.signalStatement ?? ctx.returnStatement ??
      ctx.callStatement;
    if (n !== undefined) {
      const c = n[0]!;
      return (this as unknown as Record<string, (ctx: unknown, node: CstNode) => PsmStatement>)[c.name]!.call(this, c.children, c);
    }
    const q = ctx.queryExpression?.[0];
    if (q !== undefined) {
      const saved = this.intoAllowed;
      this.intoAllowed = true;
      let into: PsmTarget[] | undefined;
      let query;
      try {
        this.intoTargets = undefined;
        query = this.query(q);
        into = this.intoTargets;
      } finally {
        this.intoAllowed = saved;
        this.intoTargets = undefined;
      }
      if (into !== undefined) return { kind: 'PsmSelectInto', query, targets: into, ...span };
      return { kind: 'PsmSql', statement: { kind: 'Select', query, ...spanOf(q) }, ...span };
    }
    return { kind: 'PsmSql', statement: this.embeddedStatement(ctx), ...span };
  }

  private embeddedStatement(ctx: C.PsmStatementCstChildren): Statement {
    const pick = <T extends CstNode>(items: T[] | undefined): T | undefined => items?.[0];
    const ins = pick(ctx.insertStatement);
    if (ins !== undefined) return this.insertStatement(ins.children, ins);
    const upd = pick(ctx.updateStatement);
    if (upd !== undefined) return this.updateStatement(upd.children, upd);
    const del = pick(ctx.deleteStatement);
    if (del !== undefined) return this.deleteStatement(del.children, del);
    const merge = pick(ctx.mergeStatement);
    if (merge !== undefined) return this.mergeStatement(merge.children, merge);
    const ct = pick(ctx.createTableStatement);
    if (ct !== undefined) return this.createTableStatement(ct.children, ct);
    const ci = pick(ctx.createIndexStatement);
    if (ci !== undefined) return this.createIndexStatement(ci.children, ci);
    const dt = pick(ctx.dropTableStatement);
    if (dt !== undefined) return this.dropTableStatement(dt.children, dt);
    const di = pick(ctx.dropIndexStatement);
    if (di !== undefined) return this.dropIndexStatement(di.children, di);
    const cv = pick(ctx.createViewStatement);
    if (cv !== undefined) return this.createViewStatement(cv.children, cv);
    const dv = one(ctx.dropViewStatement, 'psmStatement');
    return this.dropViewStatement(dv.children, dv);
  }

  statementLabel(ctx: C.StatementLabelCstChildren, _node: CstNode): string {
    return foldName(one(ctx.Name));
  }

  psmStatementList(ctx: C.PsmStatementListCstChildren, _node: CstNode): PsmStatement[] {
    return (ctx.psmStatement ?? []).map((n) => this.psmStatement(n.children, n));
  }

  private list(nodes: C.PsmStatementListCstNode[] | undefined, i = 0): PsmStatement[] {
    const n = at(nodes, i, 'psmStatementList');
    return this.psmStatementList(n.children, n);
  }

  compoundStatement(ctx: C.CompoundStatementCstChildren, node: CstNode): PsmStatement {
    return {
      kind: 'PsmCompound',
      label: endLabel(ctx.endLabel),
      atomic: ctx.ATOMIC !== undefined && ctx.NOT === undefined,
      body: this.list(ctx.psmStatementList),
      ...spanOf(node),
    };
  }

  declareStatement(ctx: C.DeclareStatementCstChildren, node: CstNode): PsmStatement {
    const span = spanOf(node);
    const kind = ctx.handlerKind?.[0];
    if (kind !== undefined) {
      const action = one(ctx.action);
      return {
        kind: 'PsmDeclareHandler',
        handlerKind: kind.image.toUpperCase() as 'CONTINUE' | 'EXIT' | 'UNDO',
        conditions: (ctx.conditionValue ?? []).map((n) => this.conditionValue(n.children, n)),
        action: this.psmStatement(action.children, action),
        ...span,
      };
    }
    const cursor = ctx.cursorName?.[0];
    if (cursor !== undefined) {
      return { kind: 'PsmDeclareCursor', name: foldName(cursor), query: this.query(one(ctx.queryExpression)), ...span };
    }
    const cond = ctx.conditionName?.[0];
    if (cond !== undefined) {
      const v = ctx.sqlStateValue?.[0];
      return { kind: 'PsmDeclareCondition', name: foldName(cond), sqlState: v === undefined ? null : this.sqlStateValue(v.children, v), ...span };
    }
    const t = one(ctx.typeName);
    const d = ctx.expression?.[0];
    return {
      kind: 'PsmDeclareVariable',
      names: (ctx.variable ?? []).map(foldName),
      type: this.typeName(t.children, t),
      default: d === undefined ? null : this.expr(d),
      ...span,
    };
  }

  sqlStateValue(ctx: C.SqlStateValueCstChildren, _node: CstNode): string {
    const tok = one(ctx.StringLiteral);
    const code = unquote(tok);
    if (!SQLSTATE_PATTERN.test(code)) throw syntaxError(tok.startOffset, tok.image, 'an SQLSTATE is five digits or upper-case letters');
    return code;
  }

  conditionValue(ctx: C.ConditionValueCstChildren, node: CstNode): PsmConditionValue {
    const position = spanOf(node).position;
    const v = ctx.sqlStateValue?.[0];
    if (v !== undefined) return { kind: 'SqlState', sqlState: this.sqlStateValue(v.children, v), position };
    if (ctx.SQLEXCEPTION !== undefined) return { kind: 'SqlException', position };
    if (ctx.SQLWARNING !== undefined) return { kind: 'SqlWarning', position };
    if (ctx.FOUND !== undefined) return { kind: 'NotFound', position };
    return { kind: 'ConditionName', name: foldName(one(ctx.Name)), position };
  }

  psmTarget(ctx: C.PsmTargetCstChildren, node: CstNode): PsmTarget {
    return { kind: 'PsmTarget', parts: ctx.Name.map(foldName), ...spanOf(node) };
  }

  psmTargetList(ctx: C.PsmTargetListCstChildren, _node: CstNode): PsmTarget[] {
    return ctx.psmTarget.map((n) => this.psmTarget(n.children, n));
  }

  setStatement(ctx: C.SetStatementCstChildren, node: CstNode): PsmStatement {
    const one1 = ctx.psmTarget?.[0];
    const list = ctx.psmTargetList?.[0];
    const targets = one1 !== undefined ? [this.psmTarget(one1.children, one1)] : this.psmTargetList(list!.children, list!);
    return { kind: 'PsmSet', targets, multiple: one1 === undefined, value: this.expr(one(ctx.expression)), ...spanOf(node) };
  }

  ifStatement(ctx: C.IfStatementCstChildren, node: CstNode): PsmStatement {
    const branches = ctx.condition.map((c, i) => ({ condition: this.expr(c), body: this.list(ctx.then, i) }));
    return { kind: 'PsmIf', branches, else: ctx.else === undefined ? null : this.list(ctx.else), ...spanOf(node) };
  }

  caseStatement(ctx: C.CaseStatementCstChildren, node: CstNode): PsmStatement {
    const operand = ctx.operand?.[0];
    return {
      kind: 'PsmCase',
      operand: operand === undefined ? null : this.expr(operand),
      whens: ctx.when.map((w, i) => ({ value: this.expr(w), body: this.list(ctx.then, i) })),
      else: ctx.else === undefined ? null : this.list(ctx.else),
      ...spanOf(node),
    };
  }

  whileStatement(ctx: C.WhileStatementCstChildren, node: CstNode): PsmStatement {
    return {
      kind: 'PsmWhile',
      label: endLabel(ctx.endLabel),
      condition: this.expr(one(ctx.expression)),
      body: this.list(ctx.psmStatementList),
      ...spanOf(node),
    };
  }

  repeatStatement(ctx: C.RepeatStatementCstChildren, node: CstNode): PsmStatement {
    return {
      kind: 'PsmRepeat',
      label: endLabel(ctx.endLabel),
      body: this.list(ctx.psmStatementList),
      until: this.expr(one(ctx.expression)),
      ...spanOf(node),
    };
  }

  loopStatement(ctx: C.LoopStatementCstChildren, node: CstNode): PsmStatement {
    return { kind: 'PsmLoop', label: endLabel(ctx.endLabel), body: this.list(ctx.psmStatementList), ...spanOf(node) };
  }

  leaveStatement(ctx: C.LeaveStatementCstChildren, node: CstNode): PsmStatement {
    return { kind: ctx.LEAVE !== undefined ? 'PsmLeave' : 'PsmIterate', label: foldName(one(ctx.Name)), ...spanOf(node) };
  }

  forStatement(ctx: C.ForStatementCstChildren, node: CstNode): PsmStatement {
    const v = ctx.variable?.[0];
    const c = ctx.cursorName?.[0];
    return {
      kind: 'PsmFor',
      label: endLabel(ctx.endLabel),
      variable: v === undefined ? null : foldName(v),
      cursor: c === undefined ? null : foldName(c),
      query: this.query(one(ctx.queryExpression)),
      body: this.list(ctx.psmStatementList),
      ...spanOf(node),
    };
  }

  openStatement(ctx: C.OpenStatementCstChildren, node: CstNode): PsmStatement {
    return { kind: 'PsmOpen', cursor: foldName(one(ctx.Name)), ...spanOf(node) };
  }

  closeStatement(ctx: C.CloseStatementCstChildren, node: CstNode): PsmStatement {
    return { kind: 'PsmClose', cursor: foldName(one(ctx.Name)), ...spanOf(node) };
  }

  fetchStatement(ctx: C.FetchStatementCstChildren, node: CstNode): PsmStatement {
    const l = one(ctx.psmTargetList);
    return { kind: 'PsmFetch', cursor: foldName(one(ctx.Name)), targets: this.psmTargetList(l.children, l), ...spanOf(node) };
  }

  signalStatement(ctx: C.SignalStatementCstChildren, node: CstNode): PsmStatement {
    const v = ctx.sqlStateValue?.[0];
    const name = ctx.Name?.[0];
    const m = ctx.expression?.[0];
    return {
      kind: 'PsmSignal',
      resignal: ctx.RESIGNAL !== undefined,
      sqlState: v === undefined ? null : this.sqlStateValue(v.children, v),
      condition: name === undefined ? null : foldName(name),
      message: m === undefined ? null : this.expr(m),
      ...spanOf(node),
    };
  }

  returnStatement(ctx: C.ReturnStatementCstChildren, node: CstNode): PsmStatement {
    const q = ctx.queryExpression?.[0];
    const e = ctx.expression?.[0];
    return {
      kind: 'PsmReturn',
      value: e === undefined ? null : this.expr(e),
      table: q === undefined ? null : this.query(q),
      ...spanOf(node),
    };
  }

  callStatement(ctx: C.CallStatementCstChildren, node: CstNode): Call {
    const l = ctx.expressionList?.[0];
    return { kind: 'Call', name: foldName(one(ctx.Name)), args: l === undefined ? [] : this.expressionList(l.children, l), ...spanOf(node) };
  }

  routineParameter(ctx: C.RoutineParameterCstChildren, node: CstNode): RoutineParam {
    const t = one(ctx.typeName);
    const mode = ctx.mode?.[0];
    return {
      kind: 'RoutineParam',
      mode: mode === undefined ? 'IN' : (mode.image.toUpperCase() as RoutineParam['mode']),
      name: foldName(one(ctx.Name)),
      type: this.typeName(t.children, t),
      ...spanOf(node),
    };
  }

  routineParameters(ctx: C.RoutineParametersCstChildren, _node: CstNode): RoutineParam[] {
    return (ctx.routineParameter ?? []).map((n) => this.routineParameter(n.children, n));
  }

  returnsClause(ctx: C.ReturnsClauseCstChildren, node: CstNode): TypeName | ReturnsTable {
    const t = ctx.typeName?.[0];
    if (t !== undefined) return this.typeName(t.children, t);
    const types = ctx.columnType ?? [];
    const columns = (ctx.column ?? []).map((c, i) => {
      const tn = at(types, i, 'columnType');
      return { name: foldName(c), type: this.typeName(tn.children, tn) };
    });
    return { kind: 'ReturnsTable', columns, ...spanOf(node) };
  }

  createRoutineStatement(ctx: C.CreateRoutineStatementCstChildren, node: CstNode): CreateRoutine {
    const p = one(ctx.routineParameters);
    const r = ctx.returnsClause?.[0];
    const b = one(ctx.psmStatement);
    return {
      kind: 'CreateRoutine',
      routineKind: ctx.FUNCTION !== undefined ? 'FUNCTION' : 'PROCEDURE',
      name: foldName(one(ctx.Name)),
      params: this.routineParameters(p.children, p),
      returns: r === undefined ? null : this.returnsClause(r.children, r),
      body: this.psmStatement(b.children, b),
      ...spanOf(node),
    };
  }

  dropRoutineStatement(ctx: C.DropRoutineStatementCstChildren, node: CstNode): DropRoutine {
    const b = ctx.dropBehavior?.[0];
    return {
      kind: 'DropRoutine',
      routineKind: ctx.FUNCTION !== undefined ? 'FUNCTION' : 'PROCEDURE',
      name: foldName(one(ctx.Name)),
      ifExists: ctx.ifExists !== undefined,
      paramTypes: ctx.LParen === undefined ? null : (ctx.typeName ?? []).map((t) => this.typeName(t.children, t)),
      cascade: b !== undefined && this.dropBehavior(b.children, b) === 'CASCADE',
      ...spanOf(node),
    };
  }
}

function endLabel(tokens: IToken[] | undefined): string | null {
  const t = tokens?.[0];
  return t === undefined ? null : foldName(t);
}

function labelMismatch(end: number, written: string, expected: string): Error {
  return syntaxError(end - written.length, written, `the label after END must be ${expected}`);
}

