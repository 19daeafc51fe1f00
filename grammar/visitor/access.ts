/**
 * grammar/visitor/access.ts — AccessVisitor: CST → AST for users, roles and privileges (ast/access.ts).
 *
 * 1. `PUBLIC` (grantee) and `NONE` (SET ROLE) count only unquoted: `"PUBLIC"` is a user or role of that name.
 */
import type { CstNode } from 'chevrotain';
import type {
  AlterUser,
  CreateRole,
  CreateUser,
  DropPrincipal,
  GrantItem,
  GrantObject,
  GrantStatement,
  Grantee,
  SetRole,
} from '../ast/access';
import type * as C from '../cst.generated';
import { QuotedIdentifier } from '../tokens/literals';
import { one, spanOf, unquote } from './cst-helpers';
import { TypeVisitor } from './types';

/** True when a one-part name was written as the unquoted word `word`. */
function isWord(ctx: C.TableNameCstChildren, word: string): boolean {
  const t = ctx.Name[0]!;
  return ctx.Name.length === 1 && t.tokenType !== QuotedIdentifier && t.image.toUpperCase() === word;
}

/** Builds the ASTs of users, roles and privileges. */
export abstract class AccessVisitor extends TypeVisitor {
  private principalName(n: C.TableNameCstNode[]): string {
    const t = one(n);
    return this.tableName(t.children, t);
  }

  createUserStatement(ctx: C.CreateUserStatementCstChildren, node: CstNode): CreateUser {
    return { kind: 'CreateUser', name: this.principalName(ctx.tableName), password: unquote(one(ctx.StringLiteral)), ...spanOf(node) };
  }

  alterUserStatement(ctx: C.AlterUserStatementCstChildren, node: CstNode): AlterUser {
    return { kind: 'AlterUser', name: this.principalName(ctx.tableName), password: unquote(one(ctx.StringLiteral)), ...spanOf(node) };
  }

  createRoleStatement(ctx: C.CreateRoleStatementCstChildren, node: CstNode): CreateRole {
    const d = ctx.StringLiteral?.[0];
    return { kind: 'CreateRole', name: this.principalName(ctx.tableName), description: d === undefined ? '' : unquote(d), ...spanOf(node) };
  }

  dropPrincipalStatement(ctx: C.DropPrincipalStatementCstChildren, node: CstNode): DropPrincipal {
    return { kind: 'DropPrincipal', what: ctx.USER !== undefined ? 'USER' : 'ROLE', name: this.principalName(ctx.tableName), ...spanOf(node) };
  }

  grantStatement(ctx: C.GrantStatementCstChildren, node: CstNode): GrantStatement {
    return this.grantOrRevoke('Grant', ctx.grantItems, ctx.grantObject, ctx.granteeList, ctx.OPTION !== undefined, node);
  }

  revokeStatement(ctx: C.RevokeStatementCstChildren, node: CstNode): GrantStatement {
    return this.grantOrRevoke('Revoke', ctx.grantItems, ctx.grantObject, ctx.granteeList, ctx.OPTION !== undefined, node);
  }

  private grantOrRevoke(
    kind: 'Grant' | 'Revoke',
    items: C.GrantItemsCstNode[],
    on: C.GrantObjectCstNode[] | undefined,
    grantees: C.GranteeListCstNode[],
    grantOption: boolean,
    node: CstNode,
  ): GrantStatement {
    const i = one(items);
    const o = on?.[0];
    const g = one(grantees);
    return {
      kind,
      items: this.grantItems(i.children, i),
      on: o === undefined ? null : this.grantObject(o.children, o),
      grantees: this.granteeList(g.children, g),
      grantOption,
      ...spanOf(node),
    };
  }

  grantItems(ctx: C.GrantItemsCstChildren, _node: CstNode): GrantItem[] | null {
    if (ctx.PRIVILEGES !== undefined) return null;
    return (ctx.grantItem ?? []).map((n) => this.grantItem(n.children, n));
  }

  grantItem(ctx: C.GrantItemCstChildren, node: CstNode): GrantItem {
    const position = spanOf(node).position;
    const cols = ctx.parenthesizedColumns?.[0];
    const columns = cols === undefined ? null : this.parenthesizedColumns(cols.children, cols);
    const kw = ctx.SELECT?.[0] ?? ctx.INSERT?.[0] ?? ctx.UPDATE?.[0] ?? ctx.REFERENCES?.[0] ?? ctx.DELETE?.[0];
    if (kw !== undefined) return { word: kw.image.toUpperCase(), keyword: true, columns, position };
    return { word: this.principalName(ctx.tableName!), keyword: false, columns: null, position };
  }

  grantObject(ctx: C.GrantObjectCstChildren, node: CstNode): GrantObject {
    const k = ctx.TABLE !== undefined ? 'TABLE' : ctx.FUNCTION !== undefined ? 'FUNCTION' : ctx.PROCEDURE !== undefined ? 'PROCEDURE' : null;
    return { objectKind: k, name: this.principalName(ctx.tableName), position: spanOf(node).position };
  }

  granteeList(ctx: C.GranteeListCstChildren, _node: CstNode): Grantee[] {
    return ctx.grantee.map((n) => this.grantee(n.children, n));
  }

  grantee(ctx: C.GranteeCstChildren, node: CstNode): Grantee {
    const t = one(ctx.tableName);
    const position = spanOf(node).position;
    const kind = ctx.USER !== undefined ? 'USER' : ctx.ROLE !== undefined ? 'ROLE' : null;
    if (kind === null && isWord(t.children, 'PUBLIC')) return { kind: 'PUBLIC', name: 'PUBLIC', position };
    return { kind, name: this.tableName(t.children, t), position };
  }

  setRoleStatement(ctx: C.SetRoleStatementCstChildren, node: CstNode): SetRole {
    const t = one(ctx.tableName);
    return { kind: 'SetRole', name: isWord(t.children, 'NONE') ? null : this.tableName(t.children, t), ...spanOf(node) };
  }
}
