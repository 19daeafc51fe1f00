/**
 * grammar/ast/statement.ts — AST nodes for statements: DDL, DML, transaction control, EXPLAIN.
 *
 * 1. Names are folded as in expressions. 2. Expressions that are stored in the catalog (DEFAULT, CHECK)
 *    keep their span, so Level 4 stores `text.slice(position, end)`.
 */
import type { CreateMethod, CreateTableOf, CreateType, DropType } from './types';
import type { Expr, NameStep, Span, TypeName } from './expression';
import type { FromItem, QueryExpression, SelectItem } from './query';
import type { CreateTrigger, DropTrigger } from './trigger';
import type { Call, CreateRoutine, DropRoutine } from './psm';
import type { AccessStatement } from './access';

export type ReferentialAction = 'RESTRICT' | 'NO ACTION' | 'CASCADE' | 'SET NULL' | 'SET DEFAULT';

/** `REFERENCES table [(cols)] [ON DELETE action] [ON UPDATE action]` */
export interface References extends Span {
  kind: 'References';
  table: string;
  columns: string[] | null;
  onDelete: ReferentialAction | null;
  onUpdate: ReferentialAction | null;
}

/** A column constraint, in the order written. */
export type ColumnConstraint =
  | { kind: 'NotNull'; name: string | null; position: number }
  | { kind: 'Null'; name: string | null; position: number }
  | { kind: 'PrimaryKey'; name: string | null; position: number }
  | { kind: 'Unique'; name: string | null; position: number }
  | { kind: 'Default'; name: string | null; position: number; expr: Expr }
  | { kind: 'Check'; name: string | null; position: number; expr: Expr }
  | { kind: 'ColumnReferences'; name: string | null; position: number; references: References }
  /** `GENERATED ALWAYS AS (expr) [STORED]`: a column computed from the others of its row */
  | { kind: 'Generated'; name: string | null; position: number; expr: Expr }
  /** `GENERATED {ALWAYS | BY DEFAULT} AS IDENTITY [(START WITH s INCREMENT BY i)]`: null where not written */
  | { kind: 'Identity'; name: string | null; position: number; always: boolean; start: number | null; increment: number | null };

export interface ColumnDef extends Span {
  kind: 'ColumnDef';
  name: string;
  type: TypeName;
  constraints: ColumnConstraint[];
}

/**
 * A key part's document path and declared type: `doc.address.zip` (steps `address`, `zip`), `h.i AS INT`,
 * `doc.tags.0`. `steps` are the parts after the column, as written (never folded). A key part that is a
 * plain column has no KeyPath (null in `keyPaths`); `g AS INT` has one with no steps.
 */
export interface KeyPath {
  steps: NameStep[];
  type: TypeName | null;
}

/**
 * A table constraint: `[CONSTRAINT n] PRIMARY KEY (a, b)` etc. For PRIMARY KEY and UNIQUE, `columns` holds
 * each key part's column (folded) and `keyPaths` the parallel document paths (null for a plain column).
 */
export type TableConstraint =
  | {
      kind: 'PrimaryKeyConstraint';
      name: string | null;
      columns: string[];
      keyPaths: Array<KeyPath | null>;
      position: number;
      end: number;
    }
  | {
      kind: 'UniqueConstraint';
      name: string | null;
      columns: string[];
      keyPaths: Array<KeyPath | null>;
      position: number;
      end: number;
    }
  | { kind: 'CheckConstraint'; name: string | null; expr: Expr; position: number; end: number }
  | {
      kind: 'ForeignKeyConstraint';
      name: string | null;
      columns: string[];
      references: References;
      position: number;
      end: number;
    };

export interface CreateTable extends Span {
  kind: 'CreateTable';
  name: string;
  ifNotExists: boolean;
  columns: ColumnDef[];
  constraints: TableConstraint[];
  /** `LIKE s [INCLUDING | EXCLUDING …]` elements, each with the number of column definitions written before it */
  likes: LikeTable[];
}

/** What `LIKE s` copies besides the columns' names, types and NOT NULL (INCLUDING … / EXCLUDING …, left to right). */
export interface LikeOptions {
  defaults: boolean;
  constraints: boolean;
  indexes: boolean;
  identity: boolean;
  generated: boolean;
}

/** `LIKE s [{INCLUDING | EXCLUDING} {DEFAULTS | CONSTRAINTS | INDEXES | IDENTITY | GENERATED | ALL}]…` in CREATE TABLE */
export interface LikeTable extends Span {
  kind: 'LikeTable';
  table: string;
  /** how many column definitions come before it: its columns go there */
  at: number;
  include: LikeOptions;
}

/** `CREATE TABLE name AS query [WITH [NO] DATA]`: a table with the query's columns, filled with its rows unless NO DATA */
export interface CreateTableAs extends Span {
  kind: 'CreateTableAs';
  name: string;
  ifNotExists: boolean;
  query: QueryExpression;
  withData: boolean;
}

/** `CASCADE` drops what depends on the object too; `RESTRICT` (and no word) refuses when something does. */
export type DropBehavior = 'CASCADE' | 'RESTRICT';

export interface DropTable extends Span {
  kind: 'DropTable';
  name: string;
  /** `DROP TABLE a, b, …`: the tables after the first, dropped in the same statement */
  more: Array<{ name: string; position: number }>;
  ifExists: boolean;
  behavior: DropBehavior | null;
}

/** Pyrrho's `DROP name [CASCADE | RESTRICT]`: drops the object of that name, whatever its kind. */
export interface DropObject extends Span {
  kind: 'DropObject';
  name: string;
  behavior: DropBehavior | null;
}

/** `CREATE [OR REPLACE] VIEW v [(c1, c2)] AS query [WITH [CASCADED | LOCAL] CHECK OPTION]`; `query`'s span is the text stored. */
export interface CreateView extends Span {
  kind: 'CreateView';
  name: string;
  orReplace: boolean;
  columns: string[] | null;
  query: QueryExpression;
  /** WITH [CASCADED | LOCAL] CHECK OPTION (CASCADED when neither is written); null without one */
  checkOption: 'CASCADED' | 'LOCAL' | null;
}

/** `DROP VIEW [IF EXISTS] v [CASCADE | RESTRICT]` */
export interface DropView extends Span {
  kind: 'DropView';
  name: string;
  ifExists: boolean;
  cascade: boolean;
}

/** A key part of CREATE INDEX: its column (folded), ASC / DESC, and where it starts. */
export interface IndexColumn {
  name: string;
  descending: boolean;
  position: number;
}

/** `CREATE [UNIQUE] INDEX i ON t (a, doc.address.zip, doc.age AS INT DESC)`; `keyPaths` parallels `columns`. */
export interface CreateIndex extends Span {
  kind: 'CreateIndex';
  /** null when not written: the index is named after its table and columns */
  name: string | null;
  table: string;
  unique: boolean;
  ifNotExists: boolean;
  columns: IndexColumn[];
  keyPaths: Array<KeyPath | null>;
}

export interface DropIndex extends Span {
  kind: 'DropIndex';
  name: string;
  ifExists: boolean;
}

export type AlterAction =
  | { kind: 'AddColumn'; column: ColumnDef; position: number; ifNotExists?: boolean }
  | { kind: 'DropColumn'; name: string; position: number; ifExists?: boolean }
  | { kind: 'AddConstraint'; constraint: TableConstraint; position: number }
  | { kind: 'DropConstraint'; name: string; position: number }
  /** `DROP PRIMARY KEY [(cols)]`; Pyrrho names the key's columns, which must then be the key's */
  | { kind: 'DropPrimaryKey'; columns: string[] | null; position: number }
  | { kind: 'SetDefault'; column: string; expr: Expr; position: number }
  | { kind: 'DropDefault'; column: string; position: number }
  | { kind: 'SetNotNull'; column: string; position: number }
  | { kind: 'DropNotNull'; column: string; position: number }
  /** `ALTER [COLUMN] c SET DATA TYPE t` or `… TYPE t` */
  | { kind: 'SetType'; column: string; type: TypeName; position: number }
  /** `RENAME TO name`: the table's new name */
  | { kind: 'RenameTable'; name: string; position: number }
  /** `RENAME [COLUMN] column TO name` */
  | { kind: 'RenameColumn'; column: string; name: string; position: number }
  /** `RENAME CONSTRAINT constraint TO name`: a key, foreign key or CHECK of the table */
  | { kind: 'RenameConstraint'; constraint: string; name: string; position: number };

/** `TRUNCATE [TABLE] t, … [CASCADE | RESTRICT]`: every row of the tables goes */
export interface Truncate extends Span {
  kind: 'Truncate';
  tables: string[];
  behavior: DropBehavior | null;
}

/** `ALTER INDEX name RENAME TO newName`: an index or key, by its database-wide name */
export interface AlterIndex extends Span {
  kind: 'AlterIndex';
  name: string;
  newName: string;
}

export interface AlterTable extends Span {
  kind: 'AlterTable';
  table: string;
  action: AlterAction;
}

export type InsertSource =
  | { kind: 'InsertValues'; rows: Expr[][]; position: number }
  | { kind: 'InsertQuery'; query: QueryExpression; position: number }
  | { kind: 'InsertDefaultValues'; position: number };

/**
 * What an INSERT does when a row's key collides with an existing row: `REPLACE` (SQLite's `REPLACE INTO` /
 * `INSERT OR REPLACE`: the old rows go), or PostgreSQL's `ON CONFLICT [(cols)] DO NOTHING | DO UPDATE SET … [WHERE …]`.
 */
/** ON CONFLICT's target: the columns of a unique key, or `ON CONSTRAINT name` (PostgreSQL's); null: none */
export type ConflictTarget = string[] | { constraint: string } | null;

export type InsertConflict =
  | { kind: 'Replace'; position: number }
  | { kind: 'DoNothing'; target: ConflictTarget; position: number }
  | { kind: 'DoUpdate'; target: ConflictTarget; assignments: Assignment[]; where: Expr | null; position: number };

/** `INSERT INTO t [AS alias] [(cols)] VALUES … | SELECT … | DEFAULT VALUES [ON CONFLICT …] [RETURNING …]` */
export interface Insert extends Span {
  kind: 'Insert';
  table: string;
  columns: string[] | null;
  source: InsertSource;
  /** `AS alias` (PostgreSQL), for ON CONFLICT's expressions */
  alias?: string | null;
  /** REPLACE / ON CONFLICT; absent or null: a collision is an error */
  conflict?: InsertConflict | null;
  /** `RETURNING items`; absent or null: no rows come back */
  returning?: SelectItem[] | null;
  /** `OVERRIDING SYSTEM VALUE` / `OVERRIDING USER VALUE` (identity columns); absent when not written */
  overriding?: 'SYSTEM' | 'USER';
}

export interface Assignment {
  column: string;
  value: Expr;
  position: number;
}

export interface Update extends Span {
  kind: 'Update';
  table: string;
  alias: string | null;
  assignments: Assignment[];
  /** `FROM` (PostgreSQL's): other tables the SET values and WHERE read; absent when not written */
  from?: FromItem[];
  where: Expr | null;
  returning?: SelectItem[] | null;
}

export interface Delete extends Span {
  kind: 'Delete';
  table: string;
  alias: string | null;
  /** `USING` (PostgreSQL's): other tables the WHERE reads; absent when not written */
  using?: FromItem[];
  where: Expr | null;
  returning?: SelectItem[] | null;
}

/** One `WHEN [NOT] MATCHED [AND cond] THEN …` clause of MERGE. */
export type MergeWhen =
  | { kind: 'MatchedUpdate'; condition: Expr | null; assignments: Assignment[]; position: number }
  | { kind: 'MatchedDelete'; condition: Expr | null; position: number }
  | { kind: 'NotMatchedInsert'; condition: Expr | null; columns: string[] | null; values: Expr[] | null; position: number };

/** `MERGE INTO t [alias] USING source [alias] ON cond WHEN …` (standard SQL) */
export interface Merge extends Span {
  kind: 'Merge';
  table: string;
  alias: string | null;
  /** a table name or a query */
  source: { kind: 'MergeTable'; name: string } | { kind: 'MergeQuery'; query: QueryExpression };
  sourceAlias: string | null;
  on: Expr;
  clauses: MergeWhen[];
}

/** `REINDEX [name]`: a table's or an index's indexes, or every index */
export interface Reindex extends Span {
  kind: 'Reindex';
  name: string | null;
}

export interface Select extends Span {
  kind: 'Select';
  query: QueryExpression;
}

/** `BEGIN [DEFERRED|IMMEDIATE|EXCLUSIVE] [TRANSACTION|WORK] [modes]`, `START TRANSACTION [modes]` */
export interface Begin extends Span {
  kind: 'Begin';
  /** READ ONLY was among the modes (the last of READ ONLY / READ WRITE counts) */
  readOnly: boolean;
}

/** `COMMIT [WORK]`, `END [TRANSACTION]` */
export interface Commit extends Span {
  kind: 'Commit';
}

/** `ROLLBACK [WORK]`, or `ROLLBACK [WORK] TO [SAVEPOINT] name` */
export interface Rollback extends Span {
  kind: 'Rollback';
  /** TO SAVEPOINT's name (folded as names are); null: the whole transaction */
  savepoint: string | null;
}

/** `SAVEPOINT name`, or `RELEASE [SAVEPOINT] name` */
export interface Savepoint extends Span {
  kind: 'Savepoint';
  release: boolean;
  /** folded as names are */
  name: string;
}

/** `EXPLAIN [ANALYZE] statement` */
export interface Explain extends Span {
  kind: 'Explain';
  /** `EXPLAIN ANALYZE`: run the statement and report what it did */
  analyze: boolean;
  statement: Statement;
}

export type Statement =
  | CreateTable
  | DropTable
  | DropObject
  | CreateIndex
  | DropIndex
  | AlterTable
  | AlterIndex
  | CreateTableAs
  | Truncate
  | Insert
  | Update
  | Delete
  | Select
  | Begin
  | Commit
  | Rollback
  | Savepoint
  | Explain
  | CreateView
  | DropView
  | Merge
  | Reindex
  | CreateTrigger
  | DropTrigger
  | CreateType
  | CreateMethod
  | DropType
  | CreateTableOf
  | CreateRoutine
  | DropRoutine
  | Call
  | AccessStatement;
