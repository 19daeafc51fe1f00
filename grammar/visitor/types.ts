/**
 * grammar/visitor/types.ts — TypeVisitor: CST → AST for CREATE TYPE, CREATE METHOD, DROP TYPE and
 * CREATE TABLE … OF.
 */
import type { CstNode } from 'chevrotain';
import type { CreateMethod, CreateTableOf, CreateType, DropType, MethodKindName, MethodSpec, TypeFieldDef } from '../ast/types';
import type { PsmStatement } from '../ast/psm';
import type * as C from '../cst.generated';
import { at, foldName, one, spanOf } from './cst-helpers';
import { PsmVisitor } from './psm';

/** Builds the structured-type statement ASTs. */
export abstract class TypeVisitor extends PsmVisitor {
  createTypeStatement(ctx: C.CreateTypeStatementCstChildren, node: CstNode): CreateType {
    const under = ctx.under?.[0];
    return {
      kind: 'CreateType',
      name: foldName(one(ctx.typeName)),
      under: under === undefined ? null : foldName(under),
      fields: ctx.typeField.map((f) => this.typeField(f.children, f)),
      methods: (ctx.methodSpec ?? []).map((m) => this.methodSpec(m.children, m)),
      ...spanOf(node),
    };
  }

  typeField(ctx: C.TypeFieldCstChildren, node: CstNode): TypeFieldDef {
    const t = one(ctx.typeName);
    return { name: foldName(one(ctx.Name)), type: this.typeName(t.children, t), ...spanOf(node) };
  }

  methodSpec(ctx: C.MethodSpecCstChildren, node: CstNode): MethodSpec {
    const k = ctx.methodKind?.[0];
    const r = ctx.typeName?.[0];
    return {
      kind: 'MethodSpec',
      methodKind: (k === undefined ? 'INSTANCE' : k.image.toUpperCase()) as MethodKindName,
      name: foldName(one(ctx.Name)),
      params: (ctx.typeField ?? []).map((f) => this.typeField(f.children, f)),
      returns: r === undefined ? null : this.typeName(r.children, r),
      ...spanOf(node),
    };
  }

  createMethodStatement(ctx: C.CreateMethodStatementCstChildren, node: CstNode): CreateMethod {
    const spec = one(ctx.methodSpec);
    const body = one(ctx.methodBody);
    return {
      kind: 'CreateMethod',
      spec: this.methodSpec(spec.children, spec),
      typeName: foldName(one(ctx.Name)),
      body: this.methodBody(body.children, body),
      ...spanOf(node),
    };
  }

  methodBody(ctx: C.MethodBodyCstChildren, _node: CstNode): PsmStatement {
    const s = one(ctx.psmStatement);
    return this.psmStatement(s.children, s);
  }

  dropTypeStatement(ctx: C.DropTypeStatementCstChildren, node: CstNode): DropType {
    const b = ctx.dropBehavior?.[0];
    return {
      kind: 'DropType',
      name: foldName(one(ctx.Name)),
      cascade: b !== undefined && this.dropBehavior(b.children, b) === 'CASCADE',
      ...spanOf(node),
    };
  }

  createTableOfStatement(ctx: C.CreateTableOfStatementCstChildren, node: CstNode): CreateTableOf {
    return { kind: 'CreateTableOf', name: foldName(at(ctx.table, 0)), typeName: foldName(at(ctx.typeName, 0)), ...spanOf(node) };
  }
}
