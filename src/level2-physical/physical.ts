/**
 * src/level2-physical/physical.ts — the log records as plain data: one interface per record kind.
 *
 * 1. A record is data plus its codec (in its own file); applying it to a snapshot is Level 3's job
 *    (`level3-objects/install.ts`), judging conflicts too (`conflicts.ts`).
 * 2. `ppos` is the record's position in the file, which is also the defpos of what it defines. Before
 *    commit, a transaction's records carry positions at or above `TRANS_POS`; at commit they are relocated
 *    (`relocate`) to their real file positions, in order, so a record only refers to earlier records.
 * 3. Every reference to another object (table, column, row, index) is that object's defpos.
 * 4. An index whose key parts are all plain columns is always a `PIndex`; a `PIndexPaths` is written only when
 *    some part reaches into a document or fixes a type, so files without document keys keep PIndex's bytes.
 * 5. An Update's field value may be a `DocDelta` (an update template): the row's new value of that field is
 *    the template applied to its old value (Level 3's `install.ts` applies it).
 */
import type { DocDelta } from '../common/values/document/doc-delta';
import type { PathStep } from '../common/values/document/doc-path';
import type { SqlType } from '../common/values/sql-type';
import type { Value } from '../common/values/value';
import { RecordType } from './record-type';

/** Positions at or above this belong to uncommitted objects (Pyrrho's `Transaction.TransPos`). */
export const TRANS_POS = 2 ** 50;

/** The first record of every frame: who committed it and how many records follow. */
export interface PTransaction {
  readonly type: RecordType.PTransaction;
  readonly ppos: number;
  readonly nrecs: number;
  readonly user: string;
  readonly role: string;
  /** commit time, ms since the epoch */
  readonly timestamp: number;
}

/** Defines a table. */
export interface PTable {
  readonly type: RecordType.PTable;
  readonly ppos: number;
  readonly name: string;
}

/** Defines a table created OF a structured type (a typed table): a PTable that keeps a link to its type. */
export interface PTableOf {
  readonly type: RecordType.PTableOf;
  readonly ppos: number;
  readonly name: string;
  /** ppos of the PType the table's rows are values of */
  readonly udType: number;
}

/** Defines a column of a table (CREATE TABLE and ALTER TABLE ADD COLUMN). */
export interface PColumn {
  readonly type: RecordType.PColumn;
  readonly ppos: number;
  readonly table: number;
  readonly name: string;
  /** ordinal position among the table's columns, from 0 */
  readonly seq: number;
  readonly dataType: SqlType;
  readonly notNull: boolean;
  /** SQL text of the DEFAULT expression, or null */
  readonly defaultSql: string | null;
  /** `GENERATED ALWAYS AS (expr)`: the expression's SQL text; absent or null for an ordinary column */
  readonly generatedSql?: string | null;
  /** `GENERATED … AS IDENTITY`: absent or null for an ordinary column */
  readonly identity?: Identity | null;
}

/**
 * An identity column (`GENERATED {ALWAYS | BY DEFAULT} AS IDENTITY [(START WITH s INCREMENT BY i)]`): an INTEGER
 * column that an INSERT leaving it out fills with the next value; ALWAYS refuses a value given for it. Level 4
 * decides what the next value is (docs/sql-dialect.md).
 */
export interface Identity {
  readonly always: boolean;
  readonly start: number;
  /** positive */
  readonly increment: number;
}

/** Redefines an existing column (ALTER TABLE … ALTER COLUMN): every field is its new value. */
export interface Alter {
  readonly type: RecordType.Alter;
  readonly ppos: number;
  readonly column: number;
  readonly name: string;
  readonly seq: number;
  readonly dataType: SqlType;
  readonly notNull: boolean;
  readonly defaultSql: string | null;
  /** `GENERATED ALWAYS AS (expr)`: the expression's SQL text; absent or null for an ordinary column */
  readonly generatedSql?: string | null;
  /** `GENERATED … AS IDENTITY`: absent or null for an ordinary column */
  readonly identity?: Identity | null;
}

/** Renames an object (table, column, index). */
export interface Change {
  readonly type: RecordType.Change;
  readonly ppos: number;
  readonly target: number;
  readonly name: string;
}

/** Numbered on disk: never reorder. */
export enum IndexKind {
  PrimaryKey = 0,
  Unique = 1,
  NonUnique = 2,
  ForeignKey = 3,
}

/** Numbered on disk: never reorder. */
export enum RefAction {
  Restrict = 0,
  NoAction = 1,
  Cascade = 2,
  SetNull = 3,
  SetDefault = 4,
}

/** Defines an index or key constraint over columns of a table. */
export interface PIndex {
  readonly type: RecordType.PIndex;
  readonly ppos: number;
  readonly table: number;
  readonly name: string;
  readonly kind: IndexKind;
  /** column defposes, in key order */
  readonly columns: readonly number[];
  /** foreign keys: the referenced table's unique index; otherwise -1 */
  readonly refIndex: number;
  readonly onDelete: RefAction;
  readonly onUpdate: RefAction;
}

/**
 * One key part of a `PIndexPaths` that is not a plain column: the value found at `steps` inside the column's
 * document (no steps: the column's value itself), converted to `type` when one is given
 * (`doc.address.zip`, `doc.age AS INTEGER`). At least one of the two is present.
 */
export interface KeyPath {
  readonly steps: readonly PathStep[];
  readonly type: SqlType | null;
}

/** Defines an index or key constraint some of whose key parts are document paths (invariant 4). */
export interface PIndexPaths {
  readonly type: RecordType.PIndexPaths;
  readonly ppos: number;
  readonly table: number;
  readonly name: string;
  readonly kind: IndexKind;
  /** column defposes, in key order */
  readonly columns: readonly number[];
  /** parallel to `columns`: the path and type of each key part, null for the column itself */
  readonly paths: readonly (KeyPath | null)[];
  /** foreign keys: the referenced table's unique index; otherwise -1 */
  readonly refIndex: number;
  readonly onDelete: RefAction;
  readonly onUpdate: RefAction;
}

/** Defines a CHECK constraint; `column` is -1 for a table constraint. */
export interface PCheck {
  readonly type: RecordType.PCheck;
  readonly ppos: number;
  readonly table: number;
  readonly column: number;
  readonly name: string;
  /** SQL text of the search condition */
  readonly sql: string;
}

/** A view's CHECK OPTION (PViewChecked; numbers reach disk). */
export enum ViewCheckCode {
  None = 0,
  Local = 1,
  Cascaded = 2,
}

/**
 * Defines a view (CREATE [OR REPLACE] VIEW): the query text is stored and parsed again by Level 4 when the view
 * is used. `uses` names (by defpos) the tables and views the query reads, so Level 3 can refuse dropping one of
 * them; `replaces` is the view this one replaces (OR REPLACE), or -1. A view WITH CHECK OPTION is a
 * PViewChecked, whose `check` is Local or Cascaded; a PView's is None.
 */
export type PView = ViewRecord<RecordType.PView> | ViewRecord<RecordType.PViewChecked>;

/** The fields of a PView or PViewChecked (`T`). */
export interface ViewRecord<T extends RecordType.PView | RecordType.PViewChecked> {
  readonly type: T;
  readonly ppos: number;
  readonly name: string;
  /** the column names given in `CREATE VIEW v (a, b)`, empty when none were given */
  readonly columns: readonly string[];
  /** SQL text of the query */
  readonly sql: string;
  /** defposes of the tables and views the query reads, each once */
  readonly uses: readonly number[];
  /** the view this one replaces, or -1 */
  readonly replaces: number;
  /** None for a PView; Local or Cascaded for a PViewChecked */
  readonly check: ViewCheckCode;
}

/** When a trigger fires (PTrigger; numbers reach disk). */
export enum TriggerTimingCode {
  Before = 0,
  After = 1,
  InsteadOf = 2,
}

/** What fires a trigger (PTrigger; numbers reach disk). */
export enum TriggerEventCode {
  Insert = 0,
  Update = 1,
  Delete = 2,
}

/**
 * Defines a trigger (CREATE TRIGGER): the definition's text is stored and parsed again by Level 4; `table` is
 * the table or view it is on, `columns` the columns of UPDATE OF, `uses` the other tables and views its WHEN
 * and body name, so Level 3 can refuse (or cascade) dropping one of them.
 */
export interface PTrigger {
  readonly type: RecordType.PTrigger;
  readonly ppos: number;
  readonly name: string;
  readonly table: number;
  readonly timing: TriggerTimingCode;
  readonly event: TriggerEventCode;
  readonly forEachRow: boolean;
  /** UPDATE OF columns (defposes); empty: any column */
  readonly columns: readonly number[];
  /** SQL text of the whole CREATE TRIGGER statement */
  readonly sql: string;
  /** defposes of the other tables and views the trigger names, each once */
  readonly uses: readonly number[];
}

/** A field of a structured type, or a parameter of a method: a name and a type. */
export interface TypeField {
  readonly name: string;
  readonly dataType: SqlType;
}

/** Defines a structured type (CREATE TYPE; Pyrrho's PType): see p-type.ts. */
export interface PType {
  readonly type: RecordType.PType;
  readonly ppos: number;
  readonly name: string;
  /** the supertype (UNDER), or -1 */
  readonly under: number;
  /** the fields this type adds to its supertype's, in order */
  readonly fields: readonly TypeField[];
  /** the CREATE TYPE statement as written */
  readonly sql: string;
  /** defposes of the structured types it refers to (supertype, field types), each once */
  readonly uses: readonly number[];
}

/** Numbered on disk: never reorder. */
export enum MethodKind {
  Instance = 0,
  Static = 1,
  Constructor = 2,
  Overriding = 3,
}

/** Declares or defines a method of a structured type (Pyrrho's PMethod): see p-method.ts. */
export interface PMethod {
  readonly type: RecordType.PMethod;
  readonly ppos: number;
  /** the structured type it belongs to */
  readonly udType: number;
  readonly name: string;
  readonly methodKind: MethodKind;
  readonly params: readonly TypeField[];
  /** the RETURNS type; null for a constructor */
  readonly returns: SqlType | null;
  /** the CREATE METHOD statement as written; empty for a declaration (from CREATE TYPE) */
  readonly sql: string;
  /** defposes of the other structured types its signature names */
  readonly uses: readonly number[];
  /** the declaration this definition gives a body to, or -1 */
  readonly replaces: number;
}

/**
 * Defines a function or procedure (CREATE FUNCTION / PROCEDURE): the whole CREATE text is stored and parsed again
 * by Level 4 when the routine is first called. `uses` names (by defpos) the other routines its body calls, so
 * Level 3 can refuse dropping one of them.
 */
export interface PProcedure {
  readonly type: RecordType.PProcedure;
  readonly ppos: number;
  readonly name: string;
  /** true for a function, false for a procedure */
  readonly isFunction: boolean;
  /** how many parameters it takes (routines overload by parameter count) */
  readonly arity: number;
  /** SQL text of the CREATE statement */
  readonly sql: string;
  /** defposes of the routines its body calls, each once */
  readonly uses: readonly number[];
}

/** Inserts a row; the row's defpos is this record's ppos. Field i is `columns[i]` (a column defpos) holding
 *  `values[i]`; `columns` may be shared by many records (it is never changed), so two records with the same
 *  columns cost one array between them. */
export interface Record {
  readonly type: RecordType.Record;
  readonly ppos: number;
  readonly table: number;
  readonly columns: readonly number[];
  readonly values: readonly Value[];
}

/** A field value of an Update: a value, or a document update template (invariant 5). */
export type UpdateValue = Value | DocDelta;

/** Updates a row: only the changed fields. */
export interface Update {
  readonly type: RecordType.Update;
  readonly ppos: number;
  readonly table: number;
  /** defpos of the row (its original Record) */
  readonly row: number;
  /** ppos of the row's previous version (Record or Update) */
  readonly prev: number;
  /** the changed fields, as in `Record`; a value may be a `DocDelta` (invariant 5) */
  readonly columns: readonly number[];
  readonly values: readonly UpdateValue[];
}

/** Deletes a row. */
export interface Delete {
  readonly type: RecordType.Delete;
  readonly ppos: number;
  readonly table: number;
  readonly row: number;
}

/** Drops an object: a table, a column, an index, a check, a view, a routine, a trigger, a structured type, a user or a role. */
export interface Drop {
  readonly type: RecordType.Drop;
  readonly ppos: number;
  readonly target: number;
}

/**
 * Defines a user (CREATE USER): the name (already case-folded) and the password as an scrypt hash with its
 * salt and parameters (`level3-objects/password-hash.ts`), or '' for a user without a password. The first
 * PUser of a database names its owner.
 */
export interface PUser {
  readonly type: RecordType.PUser;
  readonly ppos: number;
  readonly name: string;
  readonly passwordHash: string;
}

/** Defines a role (CREATE ROLE r ['description']). */
export interface PRole {
  readonly type: RecordType.PRole;
  readonly ppos: number;
  readonly name: string;
  readonly description: string;
}

/** Gives a user a new password hash (ALTER USER … PASSWORD). */
export interface Authenticate {
  readonly type: RecordType.Authenticate;
  readonly ppos: number;
  readonly user: number;
  readonly passwordHash: string;
}

/** The grantee that stands for every user (`TO PUBLIC`). */
export const PUBLIC_GRANTEE = -1;

/**
 * Grants (Grant) or revokes (Revoke) privileges: `privileges` is a set of `Privilege` bits (level3
 * security.ts) on `object` (a table, view or role by defpos) — or, when `object` is -1, on the routine named
 * `objectName` (`FUNCTION NAME` / `PROCEDURE NAME`: routines may be defined later) — for `columns` when the
 * list is not empty, to `grantee` (a user or role defpos, or PUBLIC_GRANTEE). A role granted to a user is
 * the Usage bit on the role. `grantOption`: WITH GRANT OPTION (on a Revoke: GRANT OPTION FOR, only the
 * option is taken away).
 */
export interface GrantFields {
  readonly ppos: number;
  readonly privileges: number;
  readonly object: number;
  readonly objectName: string;
  readonly columns: readonly number[];
  readonly grantee: number;
  readonly grantOption: boolean;
}

/** Grants privileges or a role (see GrantFields). */
export interface Grant extends GrantFields {
  readonly type: RecordType.Grant;
}

/** Revokes privileges or a role (see GrantFields). */
export interface Revoke extends GrantFields {
  readonly type: RecordType.Revoke;
}

/** Any record that can follow a PTransaction in a frame. */
export type Physical = PTable | PTableOf | PColumn | Alter | Change | PIndex | PIndexPaths | PCheck | PView | PProcedure | PTrigger | Record | Update | Delete | Drop
  | PUser | PRole | Authenticate | Grant | Revoke | PType | PMethod;
