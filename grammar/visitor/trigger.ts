/**
 * grammar/visitor/trigger.ts — TriggerVisitor: CST → AST for CREATE TRIGGER and DROP TRIGGER.
 *
 * 1. Defaults as SQLite has them: no timing is BEFORE, no FOR EACH is FOR EACH ROW (ast/trigger.ts 1).
 * 2. A REFERENCING item without ROW or TABLE names a row (the standard's `OLD [ROW] AS o`).
 */
import type { CstNode, IToken } from 'chevrotain';
import type { PsmStatement } from '../ast/psm';
import type {
  CreateTrigger,
  DropTrigger,
  TriggerEvent,
  TriggerReferencing,
  TriggerTiming,
} from '../ast/trigger';
import type * as C from '../cst.generated';
import { foldName, one, spanOf } from './cst-helpers';
import { ViewVisitor } from './view';

/** Builds CREATE TRIGGER and DROP TRIGGER ASTs. */
export abstract class TriggerVisitor extends ViewVisitor {
  /** defined by PsmVisitor, later in the chain */
  abstract psmStatement(ctx: C.PsmStatementCstChildren, node: CstNode): PsmStatement;

  createTriggerStatement(ctx: C.CreateTriggerStatementCstChildren, node: CstNode): CreateTrigger {
    const timingNode = ctx.triggerTiming?.[0];
    const eventNode = one(ctx.triggerEvent);
    const event = this.triggerEvent(eventNode.children, eventNode);
    const t = one(ctx.tableName);
    const referencing: TriggerReferencing = { oldRow: null, newRow: null, oldTable: null, newTable: null };
    for (const r of ctx.referencingItem ?? []) {
      const item = this.referencingItem(r.children, r);
      referencing[item.slot] = item.name;
    }
    const when = ctx.expression?.[0];
    const body = one(ctx.psmStatement);
    return {
      kind: 'CreateTrigger',
      name: foldName(one(ctx.Name)),
      ifNotExists: ctx.ifNotExists !== undefined,
      temporary: ctx.TEMP !== undefined || ctx.TEMPORARY !== undefined,
      timing: timingNode === undefined ? 'BEFORE' : this.triggerTiming(timingNode.children, timingNode),
      event: event.event,
      columns: event.columns,
      columnsPosition: spanOf(eventNode).position,
      table: this.tableName(t.children, t),
      tablePosition: spanOf(t).position,
      referencing,
      forEachRow: ctx.STATEMENT === undefined,
      when: when === undefined ? null : this.expression(when.children, when),
      body: this.psmStatement(body.children, body),
      ...spanOf(node),
    };
  }

  triggerTiming(ctx: C.TriggerTimingCstChildren, _node: CstNode): TriggerTiming {
    return ctx.BEFORE !== undefined ? 'BEFORE' : ctx.AFTER !== undefined ? 'AFTER' : 'INSTEAD OF';
  }

  triggerEvent(ctx: C.TriggerEventCstChildren, _node: CstNode): { event: TriggerEvent; columns: string[] | null } {
    if (ctx.INSERT !== undefined) return { event: 'INSERT', columns: null };
    if (ctx.DELETE !== undefined) return { event: 'DELETE', columns: null };
    const names: IToken[] = ctx.Name ?? [];
    return { event: 'UPDATE', columns: names.length === 0 ? null : names.map(foldName) };
  }

  referencingItem(ctx: C.ReferencingItemCstChildren, _node: CstNode): { slot: keyof TriggerReferencing; name: string } {
    const table = ctx.TABLE !== undefined;
    const slot = ctx.OLD !== undefined ? (table ? 'oldTable' : 'oldRow') : table ? 'newTable' : 'newRow';
    return { slot, name: foldName(one(ctx.Name)) };
  }

  dropTriggerStatement(ctx: C.DropTriggerStatementCstChildren, node: CstNode): DropTrigger {
    return { kind: 'DropTrigger', name: foldName(one(ctx.Name)), ifExists: ctx.ifExists !== undefined, ...spanOf(node) };
  }
}
