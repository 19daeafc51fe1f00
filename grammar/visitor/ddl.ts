/**
 * grammar/visitor/ddl.ts — DdlVisitor: CST → AST for CREATE / DROP TABLE and INDEX, ALTER TABLE, DROP name.
 *
 * 1. DEFAULT and CHECK expressions keep their spans, so Level 4 stores `text.slice(expr.position, expr.end)`
 *    and re-parses it later with `parseExpression`.
 * 2. A constraint's position is where it starts, including any `CONSTRAINT name` prefix.
 * 3. `ON DELETE` or `ON UPDATE` given twice in one REFERENCES clause is a syntax error at the second one.
 * 4. Key lists give two parallel arrays: the columns (folded, as for plain names) and their key paths (null for
 *    a plain column; the steps after the column as written, and the `AS` type).
 * 5. Pyrrho's `ALTER TABLE t SET (cols) REFERENCES u …` becomes an AddConstraint of an unnamed foreign key, the
 *    same AST as `ADD FOREIGN KEY (cols) REFERENCES u …`.
 */
import type { CstNode } from 'chevrotain';
import type {
  AlterAction,
  AlterTable,
  ColumnConstraint,
  ColumnDef,
  CreateIndex,
  CreateTable,
  DropBehavior,
  DropIndex,
  AlterIndex,
  CreateTableAs,
  Truncate,
  DropObject,
  DropTable,
  IndexColumn,
  KeyPath,
  LikeOptions,
  LikeTable,
  ReferentialAction,
  References,
  TableConstraint,
} from '../ast/statement';
import type { Expr, TypeName } from '../ast/expression';
import type * as C from '../cst.generated';
import { InternalError, SqlError, SqlState } from '../../src/common/errors';
import { syntaxError } from '../syntax-error';
import * as K from '../tokens/keywords.generated';
import { dottedName, foldName, one, spanOf } from './cst-helpers';
import { DmlVisitor } from './dml';

/** What ALTER COLUMN does, before the column name is attached. */
export type ColumnAlteration =
  | { kind: 'SetDefault'; expr: Expr }
  | { kind: 'DropDefault' }
  | { kind: 'SetNotNull' }
  | { kind: 'DropNotNull' }
  | { kind: 'SetType'; type: TypeName };

/** One part of a key list: its column (folded), its document path or null, where it starts. */
export interface KeyPart {
  column: string;
  path: KeyPath | null;
  position: number;
}

/** Builds CREATE / DROP TABLE and INDEX and ALTER TABLE ASTs. */
export abstract class DdlVisitor extends DmlVisitor {
  createTableStatement(ctx: C.CreateTableStatementCstChildren, node: CstNode): CreateTable | CreateTableAs {
    const t = one(ctx.tableName);
    if (ctx.queryExpression !== undefined) {
      return {
        kind: 'CreateTableAs',
        name: this.tableName(t.children, t),
        ifNotExists: ctx.ifNotExists !== undefined,
        query: this.query(one(ctx.queryExpression)),
        withData: ctx.NO === undefined,
        ...spanOf(node),
      };
    }
    const columns: ColumnDef[] = [];
    const constraints: TableConstraint[] = [];
    const likes: LikeTable[] = [];
    for (const n of ctx.tableElement ?? []) {
      const element = this.tableElement(n.children, n);
      if (element.kind === 'ColumnDef') columns.push(element);
      else if (element.kind === 'LikeTable') likes.push({ ...element, at: columns.length });
      else constraints.push(element);
    }
    return {
      kind: 'CreateTable',
      name: this.tableName(t.children, t),
      ifNotExists: ctx.ifNotExists !== undefined,
      columns,
      constraints,
      likes,
      ...spanOf(node),
    };
  }

  ifNotExists(_ctx: C.IfNotExistsCstChildren, _node: CstNode): true {
    return true;
  }

  ifExists(_ctx: C.IfExistsCstChildren, _node: CstNode): true {
    return true;
  }

  tableElement(ctx: C.TableElementCstChildren, _node: CstNode): ColumnDef | TableConstraint | LikeTable {
    const c = ctx.columnDefinition?.[0];
    if (c !== undefined) return this.columnDefinition(c.children, c);
    const like = ctx.likeTable?.[0];
    if (like !== undefined) return this.likeTable(like.children, like);
    const t = one(ctx.tableConstraint);
    return this.tableConstraint(t.children, t);
  }

  /** `LIKE s` and its options, applied left to right (ALL sets or clears every one). */
  likeTable(ctx: C.LikeTableCstChildren, node: CstNode): LikeTable {
    const t = one(ctx.tableName);
    const include: LikeOptions = { defaults: false, constraints: false, indexes: false, identity: false, generated: false };
    for (const o of ctx.likeOption ?? []) {
      const on = o.children.INCLUDING !== undefined;
      const what = one(o.children.what).image.toUpperCase();
      if (what === 'ALL') for (const k of Object.keys(include) as Array<keyof LikeOptions>) include[k] = on;
      else include[what.toLowerCase() as keyof LikeOptions] = on;
    }
    return { kind: 'LikeTable', table: this.tableName(t.children, t), at: 0, include, ...spanOf(node) };
  }

  likeOption(_ctx: C.LikeOptionCstChildren, node: CstNode): never {
    throw new InternalError(`LIKE option at ${spanOf(node).position} visited outside its LIKE`);
  }

  columnDefinition(ctx: C.ColumnDefinitionCstChildren, node: CstNode): ColumnDef {
    const type = one(ctx.typeName);
    const constraints: ColumnConstraint[] = [];
    for (const n of ctx.columnConstraint ?? []) constraints.push(this.columnConstraint(n.children, n));
    return {
      kind: 'ColumnDef',
      name: foldName(one(ctx.Name)),
      type: this.typeName(type.children, type),
      constraints,
      ...spanOf(node),
    };
  }

  constraintName(ctx: C.ConstraintNameCstChildren, _node: CstNode): string {
    return foldName(one(ctx.Name));
  }

  private nameOf(nodes: C.ConstraintNameCstNode[] | undefined): string | null {
    const n = nodes?.[0];
    return n === undefined ? null : this.constraintName(n.children, n);
  }

  columnConstraint(ctx: C.ColumnConstraintCstChildren, node: CstNode): ColumnConstraint {
    const name = this.nameOf(ctx.constraintName);
    const position = spanOf(node).position;
    if (ctx.NOT !== undefined) return { kind: 'NotNull', name, position };
    if (ctx.NULL !== undefined) return { kind: 'Null', name, position };
    if (ctx.PRIMARY !== undefined) return { kind: 'PrimaryKey', name, position };
    if (ctx.UNIQUE !== undefined) return { kind: 'Unique', name, position };
    const defaultValue = ctx.defaultValue?.[0];
    if (defaultValue !== undefined) return { kind: 'Default', name, position, expr: this.expr(defaultValue) };
    if (ctx.check !== undefined) return { kind: 'Check', name, position, expr: this.expr(ctx.check[0]!) };
    if (ctx.IDENTITY !== undefined) {
      const opts = ctx.identityOptions?.[0];
      const given = opts === undefined ? { start: null, increment: null } : this.identityOptions(opts.children, opts);
      return { kind: 'Identity', name, position, always: ctx.ALWAYS !== undefined, ...given };
    }
    if (ctx.generated !== undefined) {
      const by = ctx.byDefault?.[0];
      if (by !== undefined) throw syntaxError(spanOf(by).position, 'BY', 'BY DEFAULT is for identity columns: GENERATED BY DEFAULT AS IDENTITY.');
      return { kind: 'Generated', name, position, expr: this.expr(ctx.generated[0]!) };
    }
    const r = one(ctx.referencesClause, 'column constraint');
    return { kind: 'ColumnReferences', name, position, references: this.referencesClause(r.children, r) };
  }

  byDefault(_ctx: C.ByDefaultCstChildren, _node: CstNode): true {
    return true;
  }

  /** START WITH and INCREMENT BY, each at most once. */
  identityOptions(ctx: C.IdentityOptionsCstChildren, _node: CstNode): { start: number | null; increment: number | null } {
    const once = (nodes: C.SignedIntegerCstNode[] | undefined, what: string): number | null => {
      if (nodes === undefined) return null;
      if (nodes.length > 1) throw syntaxError(spanOf(nodes[1]!).position, what, `${what} is given twice.`);
      return this.signedInteger(nodes[0]!.children, nodes[0]!);
    };
    return { start: once(ctx.start, 'START'), increment: once(ctx.increment, 'INCREMENT') };
  }

  /** The integer's value (Level 4 checks that it is a safe integer). */
  signedInteger(ctx: C.SignedIntegerCstChildren, _node: CstNode): number {
    const n = Number(one(ctx.IntegerLiteral).image);
    return ctx.AdditiveOperator?.[0]?.image === '-' ? -n : n;
  }

  tableConstraint(ctx: C.TableConstraintCstChildren, node: CstNode): TableConstraint {
    const name = this.nameOf(ctx.constraintName);
    const span = spanOf(node);
    const check = ctx.expression?.[0];
    if (check !== undefined) return { kind: 'CheckConstraint', name, expr: this.expr(check), ...span };
    const keys = ctx.keyColumns?.[0];
    if (keys !== undefined) {
      const parts = this.keyColumns(keys.children, keys);
      const columns = parts.map((p) => p.column);
      const keyPaths = parts.map((p) => p.path);
      if (ctx.PRIMARY !== undefined) return { kind: 'PrimaryKeyConstraint', name, columns, keyPaths, ...span };
      return { kind: 'UniqueConstraint', name, columns, keyPaths, ...span };
    }
    const cols = one(ctx.parenthesizedColumns, 'foreign key');
    const columns = this.parenthesizedColumns(cols.children, cols);
    const r = one(ctx.referencesClause, 'foreign key');
    return { kind: 'ForeignKeyConstraint', name, columns, references: this.referencesClause(r.children, r), ...span };
  }

  parenthesizedColumns(ctx: C.ParenthesizedColumnsCstChildren, _node: CstNode): string[] {
    const list = one(ctx.nameList);
    return this.nameList(list.children, list);
  }

  keyColumns(ctx: C.KeyColumnsCstChildren, _node: CstNode): KeyPart[] {
    const out: KeyPart[] = [];
    for (const n of ctx.keyColumn) out.push(this.keyColumn(n.children, n));
    return out;
  }

  keyColumn(ctx: C.KeyColumnCstChildren, node: CstNode): KeyPart {
    const column = foldName(one(ctx.Name));
    const position = spanOf(node).position;
    const t = ctx.typeName?.[0];
    if (ctx.Name.length === 1 && ctx.arrayPosition === undefined && t === undefined) {
      return { column, path: null, position };
    }
    const { steps } = dottedName(ctx.Name, ctx.arrayPosition, 1);
    return { column, path: { steps, type: t === undefined ? null : this.typeName(t.children, t) }, position };
  }

  referencesClause(ctx: C.ReferencesClauseCstChildren, node: CstNode): References {
    const t = one(ctx.tableName);
    const cols = ctx.parenthesizedColumns?.[0];
    let onDelete: ReferentialAction | null = null;
    let onUpdate: ReferentialAction | null = null;
    for (const n of ctx.referentialTrigger ?? []) {
      const { event, action } = this.referentialTrigger(n.children, n);
      if ((event === 'DELETE' ? onDelete : onUpdate) !== null) {
        throw syntaxError(spanOf(n).position, 'ON', `ON ${event} is given more than once`);
      }
      if (event === 'DELETE') onDelete = action;
      else onUpdate = action;
    }
    return {
      kind: 'References',
      table: this.tableName(t.children, t),
      columns: cols === undefined ? null : this.parenthesizedColumns(cols.children, cols),
      onDelete,
      onUpdate,
      ...spanOf(node),
    };
  }

  referentialTrigger(
    ctx: C.ReferentialTriggerCstChildren,
    _node: CstNode,
  ): { event: 'DELETE' | 'UPDATE'; action: ReferentialAction } {
    const a = one(ctx.referentialAction);
    return { event: ctx.DELETE !== undefined ? 'DELETE' : 'UPDATE', action: this.referentialAction(a.children, a) };
  }

  referentialAction(ctx: C.ReferentialActionCstChildren, _node: CstNode): ReferentialAction {
    if (ctx.RESTRICT !== undefined) return 'RESTRICT';
    if (ctx.NO !== undefined) return 'NO ACTION';
    if (ctx.CASCADE !== undefined) return 'CASCADE';
    return ctx.NULL !== undefined ? 'SET NULL' : 'SET DEFAULT';
  }

  createIndexStatement(ctx: C.CreateIndexStatementCstChildren, node: CstNode): CreateIndex {
    const t = one(ctx.tableName);
    const columns: IndexColumn[] = [];
    const keyPaths: Array<KeyPath | null> = [];
    for (const n of ctx.indexColumn) {
      const { column, path } = this.indexColumn(n.children, n);
      columns.push(column);
      keyPaths.push(path);
    }
    return {
      kind: 'CreateIndex',
      name: ctx.Name === undefined ? null : foldName(one(ctx.Name)),
      table: this.tableName(t.children, t),
      unique: ctx.UNIQUE !== undefined,
      ifNotExists: ctx.ifNotExists !== undefined,
      columns,
      keyPaths,
      ...spanOf(node),
    };
  }

  indexColumn(ctx: C.IndexColumnCstChildren, _node: CstNode): { column: IndexColumn; path: KeyPath | null } {
    const k = one(ctx.keyColumn);
    const { column, path, position } = this.keyColumn(k.children, k);
    return { column: { name: column, descending: ctx.DESC !== undefined, position }, path };
  }

  dropTableStatement(ctx: C.DropTableStatementCstChildren, node: CstNode): DropTable {
    const [t, ...rest] = ctx.tableName;
    const name = this.tableName(t!.children, t!);
    const more = rest.map((r) => ({ name: this.tableName(r.children, r), position: spanOf(r).position }));
    const b = ctx.dropBehavior?.[0];
    const behavior = b === undefined ? null : this.dropBehavior(b.children, b);
    return { kind: 'DropTable', name, more, ifExists: ctx.ifExists !== undefined, behavior, ...spanOf(node) };
  }

  dropBehavior(ctx: C.DropBehaviorCstChildren, _node: CstNode): DropBehavior {
    return ctx.CASCADE !== undefined ? 'CASCADE' : 'RESTRICT';
  }

  dropObjectStatement(ctx: C.DropObjectStatementCstChildren, node: CstNode): DropObject {
    const b = ctx.dropBehavior?.[0];
    const behavior = b === undefined ? null : this.dropBehavior(b.children, b);
    return { kind: 'DropObject', name: foldName(one(ctx.Name)), behavior, ...spanOf(node) };
  }

  dropIndexStatement(ctx: C.DropIndexStatementCstChildren, node: CstNode): DropIndex {
    return { kind: 'DropIndex', name: foldName(one(ctx.Name)), ifExists: ctx.ifExists !== undefined, ...spanOf(node) };
  }

  truncateStatement(ctx: C.TruncateStatementCstChildren, node: CstNode): Truncate {
    const b = ctx.dropBehavior?.[0];
    const identity = ctx.identity?.[0];
    // identity values come from the rows there are (decision 0042): once they are gone, the next value is START
    if (identity !== undefined && identity.tokenType === K.CONTINUE) {
      throw SqlError.of(SqlState.FeatureNotSupported, ['TRUNCATE … CONTINUE IDENTITY'], { position: identity.startOffset, hint: 'Identity values are drawn from the rows there are, so after TRUNCATE they start again (RESTART IDENTITY).' });
    }
    return {
      kind: 'Truncate',
      tables: ctx.tableName.map((t) => this.tableName(t.children, t)),
      behavior: b === undefined ? null : this.dropBehavior(b.children, b),
      ...spanOf(node),
    };
  }

  alterIndexStatement(ctx: C.AlterIndexStatementCstChildren, node: CstNode): AlterIndex {
    return { kind: 'AlterIndex', name: foldName(one(ctx.index)), newName: foldName(one(ctx.newName)), ...spanOf(node) };
  }

  alterTableStatement(ctx: C.AlterTableStatementCstChildren, node: CstNode): AlterTable {
    const t = one(ctx.tableName);
    const a = one(ctx.alterAction);
    const table = this.tableName(t.children, t);
    return { kind: 'AlterTable', table, action: this.alterAction(a.children, a), ...spanOf(node) };
  }

  alterAction(ctx: C.AlterActionCstChildren, node: CstNode): AlterAction {
    const position = spanOf(node).position;
    if (ctx.renameAction !== undefined) return this.renameAction(one(ctx.renameAction).children, node);
    if (ctx.columnDefinition !== undefined) {
      const c = ctx.columnDefinition[0]!;
      return { kind: 'AddColumn', column: this.columnDefinition(c.children, c), position, ...(ctx.ifNotExists === undefined ? {} : { ifNotExists: true }) };
    }
    if (ctx.tableConstraint !== undefined) {
      const c = ctx.tableConstraint[0]!;
      return { kind: 'AddConstraint', constraint: this.tableConstraint(c.children, c), position };
    }
    if (ctx.constraint !== undefined) return { kind: 'DropConstraint', name: foldName(ctx.constraint[0]!), position };
    if (ctx.PRIMARY !== undefined) {
      const cols = ctx.primaryKey?.[0];
      return { kind: 'DropPrimaryKey', columns: cols === undefined ? null : this.parenthesizedColumns(cols.children, cols), position };
    }
    if (ctx.referencesClause !== undefined) {
      // Pyrrho's SET (cols) REFERENCES …: a foreign key constraint with no name
      const cols = one(ctx.foreignKey);
      const r = one(ctx.referencesClause);
      const constraint: TableConstraint = {
        kind: 'ForeignKeyConstraint',
        name: null,
        columns: this.parenthesizedColumns(cols.children, cols),
        references: this.referencesClause(r.children, r),
        position: spanOf(cols).position,
        end: spanOf(node).end,
      };
      return { kind: 'AddConstraint', constraint, position };
    }
    const column = foldName(one(ctx.column));
    const change = ctx.alterColumnAction?.[0];
    if (change === undefined) return { kind: 'DropColumn', name: column, position, ...(ctx.ifExists === undefined ? {} : { ifExists: true }) };
    const alteration = this.alterColumnAction(change.children, change);
    return { ...alteration, column, position };
  }

  renameAction(ctx: C.RenameActionCstChildren, node: CstNode): AlterAction {
    const position = spanOf(node).position;
    const name = foldName(one(ctx.newName));
    if (ctx.constraint !== undefined) return { kind: 'RenameConstraint', constraint: foldName(one(ctx.constraint)), name, position };
    if (ctx.column !== undefined) return { kind: 'RenameColumn', column: foldName(one(ctx.column)), name, position };
    return { kind: 'RenameTable', name, position };
  }

  alterColumnAction(ctx: C.AlterColumnActionCstChildren, _node: CstNode): ColumnAlteration {
    if (ctx.typeName !== undefined) return { kind: 'SetType', type: this.typeName(one(ctx.typeName).children, one(ctx.typeName)) };
    if (ctx.expression !== undefined) return { kind: 'SetDefault', expr: this.expr(ctx.expression[0]!) };
    if (ctx.DEFAULT !== undefined) return { kind: 'DropDefault' };
    return ctx.SET !== undefined ? { kind: 'SetNotNull' } : { kind: 'DropNotNull' };
  }
}
