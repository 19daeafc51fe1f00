/**
 * grammar/visitor/expression.ts — ExpressionVisitor: CST → AST for value expressions, names and type names.
 *
 * 1. Every visitor method is `rule(children, node)`: it receives its own CST node so it can take its span from
 *    the node's location. Methods call each other directly (`this.rule(n.children, n)`), not through `visit`.
 * 2. The parser leaves operators flat (prefixes, a primary, infix steps); `climb` builds the tree by precedence
 *    climbing over the infix steps with the table in `precedence.ts`. An expression without operators costs
 *    no extra node.
 * 3. A parenthesised expression keeps its parentheses in its span, so source slices re-parse to the same tree
 *    (`(a + b) * c` stored as DEFAULT text must not lose its `(`).
 * 4. `?` parameters are collected in `positional`; SqlVisitor numbers them in source order per statement —
 *    those inside document literals too, so `{a: ?} = ?` numbers the document's `?` first.
 * 5. `documentLiteral` (a primary) is declared here and defined by DocumentVisitor (`document.ts`).
 * 6. A call's FILTER condition is its `filter` (Level 4 refuses it on what is not an aggregate). A call with an
 *    OVER clause becomes a WindowCall around its FunctionCall; `overClause` is declared here and
 *    defined by WindowVisitor (`window.ts`).
 * 7. `ROW(a, b)` (the keyword ROW, unquoted) is a RowValue, as `(a, b)` is; `(b AS d, c)` names row fields.
 */
import type { CstNode, IToken } from 'chevrotain';
import { InternalError } from '../../src/common/errors';
import type { BinaryOp, Case, DocNode, Expr, FunctionCall, Like, LiteralValue, Parameter, TypeName } from '../ast/expression';
import type { OrderItem, QueryExpression } from '../ast/query';
import type { WindowSpec } from '../ast/window';
import type * as C from '../cst.generated';
import { syntaxError } from '../syntax-error';
import * as K from '../tokens/keywords.generated';
import { StringLiteral } from '../tokens/literals';
import { sqlParser } from '../parser/sql-parser';
import { at, dottedName, endOf, foldName, one, spanOf, unquote } from './cst-helpers';
import { PRECEDENCE, binaryInfo } from './precedence';
import { type CallArguments, isCompareOp, literalValue, quantifiedCall, type SpecialArguments, specialCall, typedLiteral, typeNameOf } from './expression-forms';

/** Applies a predicate tail (`IS NULL`, `NOT BETWEEN 1 AND 2`, …) to its left operand. */
export type Tail = (left: Expr) => Expr;
/** Applies a tail that may be preceded by NOT (`[NOT] BETWEEN`, `[NOT] IN`, `[NOT] LIKE`). */
export type NegatableTail = (left: Expr, not: boolean) => Expr;

/** One infix step: `infix` and `arithmeticInfix` children have this shape. */
interface Step {
  operator?: IToken[];
  prefix?: IToken[];
  primary?: C.PrimaryCstNode[];
  predicateTail?: C.PredicateTailCstNode[];
}

/** The infix steps of one expression and how many `climb` has taken. */
interface Cursor {
  readonly steps: readonly { children: Step }[];
  next: number;
}

/**
 * Builds expression ASTs, names and type names from the CST. The visitor calls its rule methods directly (the
 * generated `SqlCstVisitor` interface types them), so it needs no Chevrotain base class — and no parser, which
 * is built only when the first statement is parsed.
 */
export abstract class ExpressionVisitor {
  /** Visits a node (or the first of a list) by calling the method named after its rule. */
  visit(node: CstNode | CstNode[] | undefined, param?: unknown): unknown {
    const target = Array.isArray(node) ? node[0] : node;
    if (target === undefined) return undefined;
    const method = (this as unknown as Record<string, (children: unknown, param: unknown) => unknown>)[target.name];
    return method!.call(this, target.children, param);
  }

  /** Throws unless every rule of the grammar has its method here (builds the parser; for tests). */
  validateVisitor(): void {
    const self = this as unknown as Record<string, unknown>;
    const missing = Object.keys(sqlParser().getGAstProductions()).filter((rule) => typeof self[rule] !== 'function');
    if (missing.length > 0) throw new Error(`visitor methods missing for rules: ${missing.join(', ')}`);
  }
  /** The `?` parameters met since SqlVisitor last numbered them. */
  protected positional: Parameter[] = [];

  /** Defined by QueryVisitor. */
  abstract queryExpression(ctx: C.QueryExpressionCstChildren, node: CstNode): QueryExpression;
  abstract orderByClause(ctx: C.OrderByClauseCstChildren, node: CstNode): OrderItem[];

  /** Defined by DocumentVisitor. */
  abstract documentLiteral(ctx: C.DocumentLiteralCstChildren, node: CstNode): DocNode;

  /** Defined by WindowVisitor. */
  abstract overClause(ctx: C.OverClauseCstChildren, node: CstNode): string | WindowSpec;

  /** Defined by WindowVisitor. */
  abstract filterClause(ctx: C.FilterClauseCstChildren, node: CstNode): Expr;

  /** Defined by WindowVisitor. */
  abstract withinGroupClause(ctx: C.WithinGroupClauseCstChildren, node: CstNode): OrderItem[];

  /** Visits an `expression` node. */
  protected expr(node: C.ExpressionCstNode): Expr {
    return this.expression(node.children, node);
  }

  protected query(node: C.QueryExpressionCstNode): QueryExpression {
    return this.queryExpression(node.children, node);
  }

  protected exprList(nodes: readonly C.ExpressionCstNode[] | undefined): Expr[] {
    const out: Expr[] = [];
    if (nodes !== undefined) for (const n of nodes) out.push(this.expression(n.children, n));
    return out;
  }

  expression(ctx: C.ExpressionCstChildren, _node: CstNode): Expr {
    const primary = one(ctx.primary);
    if (ctx.prefix === undefined && ctx.infix === undefined) return this.primary(primary.children, primary);
    return this.climb({ steps: ctx.infix ?? [], next: 0 }, ctx.prefix, 0, primary, 0);
  }

  arithmeticExpression(ctx: C.ArithmeticExpressionCstChildren, _node: CstNode): Expr {
    const primary = one(ctx.primary);
    if (ctx.prefix === undefined && ctx.arithmeticInfix === undefined) return this.primary(primary.children, primary);
    return this.climb({ steps: ctx.arithmeticInfix ?? [], next: 0 }, ctx.prefix, 0, primary, 0);
  }

  /** Visits an `arithmeticExpression` node. */
  protected arithmetic(node: C.ArithmeticExpressionCstNode): Expr {
    return this.arithmeticExpression(node.children, node);
  }

  /**
   * Builds `prefixes[k..] primary` and then takes infix steps while they bind at least as tightly as
   * `minPrecedence`, each step's right operand taking only steps that bind tighter (left associativity).
   */
  private climb(
    cursor: Cursor,
    prefixes: readonly IToken[] | undefined,
    k: number,
    primary: C.PrimaryCstNode,
    minPrecedence: number,
  ): Expr {
    let left: Expr;
    const prefix = prefixes?.[k];
    if (prefix !== undefined) {
      const not = prefix.tokenType === K.NOT;
      const own = not ? PRECEDENCE.COMPARISON : PRECEDENCE.UNARY;
      const operand = this.climb(cursor, prefixes, k + 1, primary, Math.max(own, minPrecedence));
      const op = not ? 'NOT' : prefix.image === '-' ? '-' : '+';
      left = { kind: 'Unary', op, operand, position: prefix.startOffset, end: operand.end };
    } else {
      left = this.primary(primary.children, primary);
    }
    const steps = cursor.steps;
    while (cursor.next < steps.length) {
      const step = steps[cursor.next]!.children;
      const operator = step.operator?.[0];
      const info = operator === undefined ? null : binaryInfo(operator);
      if ((info === null ? PRECEDENCE.COMPARISON : info.precedence) < minPrecedence) break;
      cursor.next++;
      if (info === null) {
        const tail = one(step.predicateTail);
        left = this.predicateTail(tail.children, tail)(left);
        continue;
      }
      const primary = one(step.primary);
      const quantified = primary.children.quantifiedSubquery?.[0];
      if (quantified !== undefined && info.op !== '^' && step.prefix === undefined && primary.children.memberStep === undefined && primary.children.castType === undefined) {
        left = this.quantified(left, info.op, quantified);
        continue;
      }
      const right = this.climb(cursor, step.prefix, 0, primary, info.precedence + 1);
      if (info.op === '^') {
        left = { kind: 'FunctionCall', name: 'POWER', args: [left, right], distinct: false, star: false, position: left.position, end: right.end };
        continue;
      }
      left = quantifiedCall(left, info.op, right) ?? { kind: 'Binary', op: info.op, left, right, position: left.position, end: right.end };
    }
    return left;
  }

  /** Infix steps are taken by `climb`; visiting one alone has no meaning. */
  infix(_ctx: C.InfixCstChildren, node: CstNode): never {
    throw new InternalError(`infix step at ${spanOf(node).position} visited outside its expression`);
  }

  /** Infix steps are taken by `climb`; visiting one alone has no meaning. */
  arithmeticInfix(_ctx: C.ArithmeticInfixCstChildren, node: CstNode): never {
    throw new InternalError(`infix step at ${spanOf(node).position} visited outside its expression`);
  }

  predicateTail(ctx: C.PredicateTailCstChildren, node: CstNode): Tail {
    const end = spanOf(node).end;
    const not = ctx.NOT !== undefined;
    if (ctx.IS !== undefined) {
      if (ctx.NULL !== undefined) {
        return (operand) => ({ kind: 'IsNull', operand, not, position: operand.position, end });
      }
      if (ctx.arithmeticExpression !== undefined) {
        const right = this.arithmetic(ctx.arithmeticExpression[0]!);
        return (left) => ({ kind: 'IsDistinct', left, right, not, position: left.position, end });
      }
      const truth = ctx.TRUE !== undefined ? true : ctx.FALSE !== undefined ? false : null;
      return (operand) => ({ kind: 'IsTruth', operand, not, truth, position: operand.position, end });
    }
    const regex = ctx.RegexOperator?.[0];
    if (regex !== undefined) {
      // `x ~ p` is REGEXP_LIKE(x, p), `~*` with flag 'i'; `!~` and `!~*` are their negations
      const pattern = this.arithmetic(one(ctx.regexPattern));
      const caseless = regex.image.endsWith('*');
      const flag: Expr = { kind: 'Literal', value: { type: 'string', value: 'i' }, position: regex.startOffset, end: regex.endOffset! + 1 };
      return (left) => {
        const call: Expr = { kind: 'FunctionCall', name: 'REGEXP_LIKE', args: caseless ? [left, pattern, flag] : [left, pattern], distinct: false, star: false, position: left.position, end };
        return regex.image.startsWith('!') ? { kind: 'Unary', op: 'NOT', operand: call, position: left.position, end } : call;
      };
    }
    let tail: NegatableTail;
    if (ctx.betweenTail !== undefined) tail = this.betweenTail(ctx.betweenTail[0]!.children, ctx.betweenTail[0]!);
    else if (ctx.inTail !== undefined) tail = this.inTail(ctx.inTail[0]!.children, ctx.inTail[0]!);
    else if (ctx.likeTail !== undefined) tail = this.likeTail(ctx.likeTail[0]!.children, ctx.likeTail[0]!);
    else tail = this.similarTail(one(ctx.similarTail).children, one(ctx.similarTail));
    return (left) => tail(left, not);
  }

  betweenTail(ctx: C.BetweenTailCstChildren, node: CstNode): NegatableTail {
    const end = spanOf(node).end;
    const low = this.arithmetic(at(ctx.arithmeticExpression, 0));
    const high = this.arithmetic(at(ctx.arithmeticExpression, 1));
    const symmetric = ctx.SYMMETRIC !== undefined;
    return (operand, not) => ({ kind: 'Between', operand, low, high, not, symmetric, position: operand.position, end });
  }

  inTail(ctx: C.InTailCstChildren, node: CstNode): NegatableTail {
    const end = spanOf(node).end;
    if (ctx.queryExpression !== undefined) {
      const query = this.query(ctx.queryExpression[0]!);
      return (operand, not) => ({ kind: 'InSubquery', operand, query, not, position: operand.position, end });
    }
    const list = this.exprList(ctx.expression);
    return (operand, not) => ({ kind: 'InList', operand, list, not, position: operand.position, end });
  }

  likeTail(ctx: C.LikeTailCstChildren, node: CstNode): NegatableTail {
    const tail = this.patternTail(ctx.arithmeticExpression, node, false);
    return ctx.ILIKE === undefined ? tail : (operand, not) => ({ ...(tail(operand, not) as Like), caseInsensitive: true });
  }

  similarTail(ctx: C.SimilarTailCstChildren, node: CstNode): NegatableTail {
    return this.patternTail(ctx.arithmeticExpression, node, true);
  }

  /** LIKE's and SIMILAR TO's tail: the pattern, then the optional ESCAPE character. */
  private patternTail(exprs: C.ArithmeticExpressionCstNode[], node: CstNode, similar: boolean): NegatableTail {
    const end = spanOf(node).end;
    const pattern = this.arithmetic(at(exprs, 0));
    const escapeNode = exprs[1];
    const escape = escapeNode === undefined ? null : this.arithmetic(escapeNode);
    return (operand, not) => ({ kind: 'Like', operand, pattern, escape, not, similar, position: operand.position, end });
  }

  primary(ctx: C.PrimaryCstChildren, node: CstNode): Expr {
    let e = this.primaryBase(ctx, node);
    for (const step of ctx.memberStep ?? []) e = this.memberStep(step.children, step, e);
    for (const step of ctx.arrow ?? []) e = this.arrow(step.children, step, e);
    const casts = ctx.castType;
    if (casts === undefined) return e;
    // the node spans the casts too: what they cast ends where the first "::" starts
    const first = ctx.DoubleColon![0]!.startOffset;
    if (e.end > first) e = { ...e, end: first };
    for (const t of casts) e = { kind: 'Cast', operand: e, type: this.typeName(t.children, t), position: e.position, end: spanOf(t).end };
    return e;
  }

  /**
   * `target -> 'key'` is the selector `target.key` with the key as an exact step (`-> 2`: the array element 2), so
   * it plans and compares as a selector does; `->> 'key'` is that selector as text (a CAST to VARCHAR). Only a
   * column or selector takes an arrow, and nothing follows `->>` (its text has no fields).
   */
  arrow(ctx: C.ArrowCstChildren, node: CstNode, target?: Expr): Expr {
    if (target === undefined) throw new InternalError('arrow is visited from primary');
    const key = one(ctx.key);
    const arrowToken = ctx.TextArrow?.[0] ?? one(ctx.Arrow);
    if (target.kind !== 'ColumnRef') {
      const why = target.kind === 'Cast' ? 'the text ->> gives has no fields' : '-> and ->> read a field of a document column or selector';
      throw syntaxError(arrowToken.startOffset, arrowToken.image, why);
    }
    const index = key.tokenType !== StringLiteral;
    const text = index ? key.image : unquote(key);
    const end = spanOf(node).end;
    const selector: Expr = { kind: 'ColumnRef', parts: [...target.parts, text], steps: [...target.steps, { text, quoted: !index }], position: target.position, end };
    if (ctx.TextArrow === undefined) return selector;
    return { kind: 'Cast', operand: selector, type: { kind: 'TypeName', name: 'VARCHAR', params: [], position: arrowToken.startOffset, end }, position: target.position, end };
  }

  /** `.x` or `.m(args)` after the primary `target`: a FieldAccess or a MethodCall spanning both. */
  memberStep(ctx: C.MemberStepCstChildren, node: CstNode, target?: Expr): Expr {
    if (target === undefined) throw new InternalError('memberStep is visited from primary');
    const name = foldName(one(ctx.Name));
    const span = { position: target.position, end: spanOf(node).end };
    const args = ctx.functionArguments?.[0];
    if (args === undefined) return { kind: 'FieldAccess', target, field: name, ...span };
    const { special, ...callArgs } = this.functionArguments(args.children, args);
    if (special !== undefined || callArgs.star || callArgs.distinct) {
      throw syntaxError(spanOf(node).position, name, 'A method call takes plain arguments.');
    }
    return { kind: 'MethodCall', target, name, args: callArgs.args, ...span };
  }

  private primaryBase(ctx: C.PrimaryCstChildren, node: CstNode): Expr {
    if (ctx.namedPrimary !== undefined) return this.namedPrimary(ctx.namedPrimary[0]!.children, ctx.namedPrimary[0]!);
    const value = literalValue(ctx);
    if (value !== null) return { kind: 'Literal', value, ...spanOf(node) };
    if (ctx.QuestionMark !== undefined) {
      const p: Parameter = { kind: 'Parameter', index: null, name: null, ...spanOf(node) };
      this.positional.push(p);
      return p;
    }
    if (ctx.NamedParameter !== undefined) {
      return { kind: 'Parameter', index: null, name: ctx.NamedParameter[0]!.image.slice(1), ...spanOf(node) };
    }
    const parenthesized = ctx.parenthesized?.[0];
    if (parenthesized !== undefined) return this.parenthesized(parenthesized.children, parenthesized);
    const caseNode = ctx.caseExpression?.[0];
    if (caseNode !== undefined) return this.caseExpression(caseNode.children, caseNode);
    const cast = ctx.castExpression?.[0];
    if (cast !== undefined) return this.castExpression(cast.children, cast);
    const doc = ctx.documentLiteral?.[0];
    if (doc !== undefined) {
      return { kind: 'DocumentLiteral', value: this.documentLiteral(doc.children, doc), ...spanOf(node) };
    }
    const interval = ctx.intervalLiteral?.[0];
    if (interval !== undefined) return this.intervalLiteral(interval.children, interval);
    const keywordCall = ctx.keywordCall?.[0];
    if (keywordCall !== undefined) return this.keywordCall(keywordCall.children, keywordCall);
    const array = ctx.arrayConstructor?.[0];
    if (array !== undefined) return this.arrayConstructor(array.children, array);
    if (ctx.DEFAULT !== undefined) return { kind: 'DefaultValue', ...spanOf(node) };
    const quantified = ctx.quantifiedSubquery?.[0];
    if (quantified !== undefined) {
      const word = one(quantified.children.quantifier);
      throw syntaxError(word.startOffset, word.image, `${word.image.toUpperCase()} (subquery) is the right operand of a comparison: x > ${word.image.toUpperCase()} (SELECT …)`);
    }
    const exists = one(ctx.existsExpression, 'primary');
    return this.existsExpression(exists.children, exists);
  }

  /**
   * `left op ALL | ANY | SOME (query)`: `= ANY` is IN and `<> ALL` is NOT IN (the standard defines IN so);
   * other comparisons are an InSubquery with `compare`. AND, OR and arithmetic operators are syntax errors.
   */
  private quantified(left: Expr, op: BinaryOp, node: C.QuantifiedSubqueryCstNode): Expr {
    const word = one(node.children.quantifier);
    const all = word.tokenType === K.ALL;
    const span = { position: left.position, end: spanOf(node).end };
    if (!isCompareOp(op)) throw syntaxError(word.startOffset, word.image, `${word.image.toUpperCase()} (…) follows a comparison operator, not ${op}`);
    const q = node.children.queryExpression?.[0];
    if (q === undefined) return { kind: 'QuantifiedArray', operand: left, op, all, array: this.expr(one(node.children.expression)), ...span };
    const query = this.query(q);
    if (op === '=' && !all) return { kind: 'InSubquery', operand: left, query, not: false, ...span };
    if (op === '<>' && all) return { kind: 'InSubquery', operand: left, query, not: true, ...span };
    return { kind: 'InSubquery', operand: left, query, not: false, compare: { op, all }, ...span };
  }

  quantifiedSubquery(_ctx: C.QuantifiedSubqueryCstChildren, node: CstNode): never {
    throw new InternalError(`quantified subquery at ${spanOf(node).position} visited outside its comparison`);
  }

  /** `ARRAY[a, b]`: a call of the built-in ARRAY, which makes the DOCARRAY of its arguments' values. */
  arrayConstructor(ctx: C.ArrayConstructorCstChildren, node: CstNode): Expr {
    const list = ctx.expressionList?.[0];
    const args = list === undefined ? [] : this.expressionList(list.children, list);
    return { kind: 'FunctionCall', name: 'ARRAY', args, distinct: false, star: false, ...spanOf(node) };
  }

  namedPrimary(ctx: C.NamedPrimaryCstChildren, node: CstNode): Expr {
    const span = spanOf(node);
    const names = ctx.Name;
    const string = ctx.StringLiteral?.[0];
    if (string !== undefined) return { kind: 'Literal', value: typedLiteral(at(names, 0), string), ...span };
    const args = ctx.functionArguments?.[0];
    if (args !== undefined && names.length === 1 && ctx.arrayPosition === undefined) {
      const over = ctx.overClause?.[0];
      const filter = ctx.filterClause?.[0];
      const { special, ...callArgs } = this.functionArguments(args.children, args);
      const plain: FunctionCall = { ...callArgs, name: foldName(at(names, 0)), ...span };
      const call = special === undefined ? plain : specialCall(plain, special);
      const within = ctx.withinGroupClause?.[0];
      if (within !== undefined) {
        if (call.orderBy !== undefined || special !== undefined || call.star || call.distinct) {
          throw syntaxError(within.location!.startOffset, 'WITHIN', 'WITHIN GROUP follows a list of plain arguments (no *, DISTINCT or ORDER BY inside the parentheses).');
        }
        call.orderBy = this.withinGroupClause(within.children, within);
        call.withinGroup = true;
      }
      if (filter !== undefined) call.filter = this.filterClause(filter.children, filter);
      if (over === undefined && filter === undefined && within === undefined && special === undefined && at(names, 0).tokenType === K.ROW && !call.star && !call.distinct && call.args.length > 0) {
        return { kind: 'RowValue', items: call.args, names: null, ...span };
      }
      if (over === undefined) return call;
      call.end = endOf(filter ?? within ?? args);
      return { kind: 'WindowCall', call, over: this.overClause(over.children, over), ...span };
    }
    const { parts, steps } = dottedName(names, ctx.arrayPosition);
    const method = args;
    if (method !== undefined) {
      // `what.centre()`: the last name is the method, the names before it the structured value
      const { special, ...callArgs } = this.functionArguments(method.children, method);
      if (special !== undefined || callArgs.star || callArgs.distinct || parts.length < 2 || ctx.overClause !== undefined || ctx.filterClause !== undefined || ctx.withinGroupClause !== undefined) {
        throw syntaxError(span.position, parts[parts.length - 1] ?? null, 'A method call takes plain arguments and follows a structured value.');
      }
      const target: Expr = { kind: 'ColumnRef', parts: parts.slice(0, -1), steps: steps.slice(0, -1), position: span.position, end: method.location!.startOffset };
      return { kind: 'MethodCall', target, name: parts[parts.length - 1]!, args: callArgs.args, ...span };
    }
    return { kind: 'ColumnRef', parts, steps, ...span };
  }

  /** `LEFT(…)` / `RIGHT(…)`: a call of the function the reserved word names. */
  keywordCall(ctx: C.KeywordCallCstChildren, node: CstNode): Expr {
    const args = one(ctx.functionArguments);
    const { special, ...callArgs } = this.functionArguments(args.children, args);
    const call: FunctionCall = { ...callArgs, name: one(ctx.fn).image.toUpperCase(), ...spanOf(node) };
    return special === undefined ? call : specialCall(call, special);
  }

  /** A function call's arguments; `namedPrimary` adds the name and span (and reads the special forms). */
  functionArguments(ctx: C.FunctionArgumentsCstChildren, node: CstNode): CallArguments {
    if (ctx.trimSpec !== undefined) {
      const spec = ctx.trimSpec[0]!;
      const chars = ctx.trimCharacters === undefined ? [] : [this.expr(ctx.trimCharacters[0]!)];
      return {
        kind: 'FunctionCall',
        args: [this.expr(one(ctx.trimSource)), ...chars],
        distinct: false,
        star: false,
        special: { trim: spec.image.toUpperCase(), at: spanOf(node).position },
      };
    }
    const special = ctx.specialArguments?.[0];
    const order = ctx.orderByClause?.[0];
    return {
      kind: 'FunctionCall',
      args: this.exprList(ctx.expression),
      distinct: ctx.DISTINCT !== undefined,
      star: ctx.Star !== undefined,
      ...(special === undefined ? {} : { special: this.specialArguments(special.children, special) }),
      ...(order === undefined ? {} : { orderBy: this.orderByClause(order.children, order) }),
    };
  }

  specialArguments(ctx: C.SpecialArgumentsCstChildren, node: CstNode): SpecialArguments {
    const opt = (n: C.ExpressionCstNode[] | undefined): Expr | null => (n === undefined ? null : this.expr(n[0]!));
    return {
      from: opt(ctx.from),
      for: opt(ctx.for),
      in: opt(ctx.in),
      placing: opt(ctx.placing),
      at: spanOf(node).position,
    };
  }

  /** `INTERVAL '1-2' YEAR TO MONTH`, `INTERVAL '3' DAY`, `INTERVAL '2 hours'`. */
  intervalLiteral(ctx: C.IntervalLiteralCstChildren, node: CstNode): Expr {
    const q = ctx.intervalQualifier?.[0];
    const fields = q === undefined ? null : this.intervalQualifier(q.children, q);
    const value: LiteralValue = {
      type: 'interval',
      text: unquote(one(ctx.StringLiteral)),
      start: fields?.[0] ?? null,
      end: fields?.[1] ?? null,
    };
    return { kind: 'Literal', value, ...spanOf(node) };
  }

  /** The qualifier's start and end fields (`DAY` alone: [DAY, DAY]). */
  intervalQualifier(ctx: C.IntervalQualifierCstChildren, _node: CstNode): [string, string] {
    const start = at(ctx.intervalField, 0);
    const end = ctx.intervalField[1] ?? start;
    return [this.intervalField(start.children, start), this.intervalField(end.children, end)];
  }

  intervalField(ctx: C.IntervalFieldCstChildren, _node: CstNode): string {
    return one(ctx.field).image.toUpperCase();
  }

  caseExpression(ctx: C.CaseExpressionCstChildren, node: CstNode): Case {
    const whens: Case['whens'] = [];
    for (const w of ctx.whenClause) whens.push(this.whenClause(w.children, w));
    return {
      kind: 'Case',
      operand: ctx.operand === undefined ? null : this.expr(ctx.operand[0]!),
      whens,
      else: ctx.otherwise === undefined ? null : this.expr(ctx.otherwise[0]!),
      ...spanOf(node),
    };
  }

  whenClause(ctx: C.WhenClauseCstChildren, _node: CstNode): { when: Expr; then: Expr } {
    return { when: this.expr(at(ctx.expression, 0)), then: this.expr(at(ctx.expression, 1)) };
  }

  castExpression(ctx: C.CastExpressionCstChildren, node: CstNode): Expr {
    const t = one(ctx.typeName);
    const operand = this.expr(one(ctx.expression));
    return { kind: 'Cast', operand, type: this.typeName(t.children, t), ...spanOf(node) };
  }

  existsExpression(ctx: C.ExistsExpressionCstChildren, node: CstNode): Expr {
    return { kind: 'Exists', query: this.query(one(ctx.queryExpression)), ...spanOf(node) };
  }

  parenthesized(ctx: C.ParenthesizedCstChildren, node: CstNode): Expr {
    const span = spanOf(node);
    if (ctx.queryExpression !== undefined) {
      return { kind: 'ScalarSubquery', query: this.query(ctx.queryExpression[0]!), ...span };
    }
    const items = this.exprList(ctx.expression);
    const names = this.rowFieldNames(items, ctx.fieldName);
    if (items.length > 1 || names !== null) return { kind: 'RowValue', items, names, ...span };
    const inner = one(items);
    inner.position = span.position;
    inner.end = span.end;
    return inner;
  }

  /** The `AS name` of each row item (a name token belongs to the last item that ends before it), or null. */
  private rowFieldNames(items: readonly Expr[], tokens: readonly IToken[] | undefined): (string | null)[] | null {
    if (tokens === undefined) return null;
    const names: (string | null)[] = items.map(() => null);
    for (const t of tokens) {
      let i = items.length - 1;
      while (i > 0 && items[i]!.position > t.startOffset) i--;
      names[i] = foldName(t);
    }
    return names;
  }

  expressionList(ctx: C.ExpressionListCstChildren, _node: CstNode): Expr[] {
    return this.exprList(ctx.expression);
  }

  nameList(ctx: C.NameListCstChildren, _node: CstNode): string[] {
    const out: string[] = [];
    for (const t of ctx.Name) out.push(foldName(t));
    return out;
  }

  typeName(ctx: C.TypeNameCstChildren, node: CstNode): TypeName {
    const q = ctx.intervalQualifier?.[0];
    if (q !== undefined) {
      const [start, end] = this.intervalQualifier(q.children, q);
      return { kind: 'TypeName', name: start === end ? `INTERVAL ${start}` : `INTERVAL ${start} TO ${end}`, params: [], ...spanOf(node) };
    }
    const integer = ctx.integerType?.[0];
    if (integer !== undefined) return this.integerType(integer.children, integer);
    const numeric = ctx.numericType?.[0];
    if (numeric !== undefined) return this.numericType(numeric.children, numeric);
    const float = ctx.floatType?.[0];
    if (float !== undefined) return this.floatType(float.children, float);
    const character = ctx.characterType?.[0];
    if (character !== undefined) return this.characterType(character.children, character);
    const word = ctx.word?.[0];
    // a structured type's name: folded as names are ("quoted" keeps its case)
    if (word !== undefined && word.image.startsWith('"')) return { kind: 'TypeName', name: foldName(word), params: [], ...spanOf(node) };
    return typeNameOf(ctx.word, undefined, node);
  }

  /** The display width of `INT(11)` is dropped here: it changes nothing. */
  integerType(ctx: C.IntegerTypeCstChildren, node: CstNode): TypeName {
    return typeNameOf(ctx.word, undefined, node);
  }

  numericType(ctx: C.NumericTypeCstChildren, node: CstNode): TypeName {
    return typeNameOf(ctx.word, ctx.parameter, node);
  }

  floatType(ctx: C.FloatTypeCstChildren, node: CstNode): TypeName {
    return typeNameOf(ctx.word, ctx.parameter, node);
  }

  characterType(ctx: C.CharacterTypeCstChildren, node: CstNode): TypeName {
    return typeNameOf(ctx.word, ctx.parameter, node);
  }
}
