/**
 * grammar/visitor/window.ts — WindowVisitor: CST → AST for the tails of a function call (FILTER and OVER
 * clauses), window specifications, frames and the WINDOW clause's definitions.
 *
 * 1. `OVER w` gives the folded name; `OVER (…)` a WindowSpec (ast/window.ts invariant 1).
 * 2. A frame with one bound keeps `to` null (ast/window.ts invariant 2); the checks of which bounds may be
 *    combined are Level 4's (42P20), so the AST says only what was written.
 * 3. `orderItem` is declared here and defined by QueryVisitor.
 */
import type { CstNode } from 'chevrotain';
import type { Expr } from '../ast/expression';
import type { OrderItem } from '../ast/query';
import type { FrameBound, FrameBoundKind, WindowDefinition, WindowFrame, WindowSpec } from '../ast/window';
import type * as C from '../cst.generated';
import { foldName, one, spanOf } from './cst-helpers';
import { DocumentVisitor } from './document';

/** Builds the AST of window specifications. */
export abstract class WindowVisitor extends DocumentVisitor {
  /** Defined by QueryVisitor. */
  abstract orderItem(ctx: C.OrderItemCstChildren, node: CstNode): OrderItem;

  /** An aggregate's FILTER condition. */
  filterClause(ctx: C.FilterClauseCstChildren, _node: CstNode): Expr {
    return this.expr(one(ctx.expression));
  }

  /** The order items of WITHIN GROUP (ORDER BY …). */
  withinGroupClause(ctx: C.WithinGroupClauseCstChildren, _node: CstNode): OrderItem[] {
    const order = one(ctx.orderByClause);
    return this.orderByClause(order.children, order);
  }

  /** The window an OVER clause names, or its inline specification. */
  overClause(ctx: C.OverClauseCstChildren, _node: CstNode): string | WindowSpec {
    const spec = ctx.windowSpecification?.[0];
    if (spec !== undefined) return this.windowSpecification(spec.children, spec);
    return foldName(one(ctx.Name));
  }

  windowSpecification(ctx: C.WindowSpecificationCstChildren, node: CstNode): WindowSpec {
    const orderBy: OrderItem[] = [];
    for (const n of ctx.orderItem ?? []) orderBy.push(this.orderItem(n.children, n));
    const p = ctx.partitionBy?.[0];
    const f = ctx.windowFrame?.[0];
    return {
      kind: 'WindowSpec',
      base: ctx.base === undefined ? null : foldName(ctx.base[0]!),
      partitionBy: p === undefined ? [] : this.expressionList(p.children, p),
      orderBy,
      frame: f === undefined ? null : this.windowFrame(f.children, f),
      ...spanOf(node),
    };
  }

  windowFrame(ctx: C.WindowFrameCstChildren, node: CstNode): WindowFrame {
    const unit = ctx.ROWS !== undefined ? 'ROWS' : ctx.RANGE !== undefined ? 'RANGE' : 'GROUPS';
    const s = one(ctx.from);
    const e = ctx.to?.[0];
    return {
      kind: 'WindowFrame',
      unit,
      from: this.frameBound(s.children, s),
      to: e === undefined ? null : this.frameBound(e.children, e),
      ...spanOf(node),
    };
  }

  frameBound(ctx: C.FrameBoundCstChildren, node: CstNode): FrameBound {
    const preceding = ctx.PRECEDING !== undefined;
    let bound: FrameBoundKind;
    if (ctx.CURRENT !== undefined) bound = 'CURRENT ROW';
    else if (ctx.UNBOUNDED !== undefined) bound = preceding ? 'UNBOUNDED PRECEDING' : 'UNBOUNDED FOLLOWING';
    else bound = preceding ? 'PRECEDING' : 'FOLLOWING';
    const o = ctx.offset?.[0];
    return { kind: 'FrameBound', bound, offset: o === undefined ? null : this.arithmetic(o), ...spanOf(node) };
  }

  windowDefinition(ctx: C.WindowDefinitionCstChildren, node: CstNode): WindowDefinition {
    const spec = one(ctx.windowSpecification);
    return { kind: 'WindowDefinition', name: foldName(one(ctx.Name)), spec: this.windowSpecification(spec.children, spec), ...spanOf(node) };
  }
}
