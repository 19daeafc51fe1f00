/**
 * src/level2-physical/record-type.ts — the numbered kinds of log record.
 *
 * 1. Numbers reach disk: never reorder or reuse them. A retired kind keeps its number as `UnusedN`.
 * 2. Numbers follow Pyrrho's `Physical.Type` for the kinds both have, so `reference/pyrrho.md` maps onto them.
 * 3. Kinds Pyrrho does not have are numbered from 100 up, above every number Pyrrho uses (0–86), so a kind
 *    ported from Pyrrho later can still take Pyrrho's number.
 */
export enum RecordType {
  EndOfFile = 0,
  PTable = 1,
  PColumn = 3,
  Record = 4,
  Update = 5,
  Change = 6,
  Alter = 7,
  Drop = 8,
  Delete = 10,
  PIndex = 12,
  PCheck = 15,
  /** a trigger: its name, table, timing, event, UPDATE OF columns, definition text and dependencies (Pyrrho's PTrigger) */
  PTrigger = 17,
  /** a function or procedure: its name, kind, parameter count, CREATE text and the routines it calls (Pyrrho's PProcedure) */
  PProcedure = 16,
  /** a view: its name, column names, query text and the tables and views it reads (Pyrrho's PView) */
  PView = 18,
  /** a user: name and scrypt password hash (Pyrrho's PUser) */
  PUser = 19,
  PTransaction = 20,
  /** grants privileges on an object, or a role, to a user, a role or PUBLIC (Pyrrho's Grant) */
  Grant = 21,
  /** revokes what a Grant gave (Pyrrho's Revoke) */
  Revoke = 22,
  /** a role with a description (Pyrrho's PRole1, number 23; Pyrrho's older PRole 2 had no description) */
  PRole = 23,
  /** a user's new password hash (Pyrrho's Authenticate) */
  Authenticate = 60,
  /** a structured type: name, supertype, fields, the CREATE TYPE text, types it uses (Pyrrho's PType) */
  PType = 25,
  /** a method of a structured type: signature and body text (Pyrrho's PMethod) */
  PMethod = 26,
  /** a PIndex whose key parts may be document paths with a type (Pyrrho keeps paths as ColumnPath objects) */
  PIndexPaths = 100,
  /** a table created OF a structured type: a PTable that also names its type (Pyrrho keeps the type as the table's domain) */
  PTableOf = 101,
  /** a view WITH [LOCAL | CASCADED] CHECK OPTION: a PView that also says which (the standard's; Pyrrho has none) */
  PViewChecked = 102,
}
