/**
 * src/level3-objects/conflicts.ts — the rules of optimistic concurrency: does a record committed by another
 * transaction since this one began invalidate what this one read or wrote? One rule per record kind, in an
 * exhaustive table over `RecordType`; rules return a description, never throw (commit throws one
 * `TransactionConflict`). The rules are tabulated in docs/concurrency.md.
 *
 * 1. Insert (Record): conflicts with a full scan of its table and with a key lookup or range read whose key
 *    the new row has (phantom). It also conflicts when this transaction's own local state holds the same
 *    unique key on a row this transaction inserted or changed (two inserts of one key) — checked against
 *    the local state rather than recorded as a read, so an insert records nothing per row.
 * 2. Update and Delete: as insert, for the old key and the new one, and also with a read of that row and
 *    with this transaction's own update or delete of that row (write/write); and when the old key of a
 *    referenced unique index goes away while a row this transaction inserted or changed references it (that
 *    conflict names the referenced table, whose change it is, and says what: "delete of a row referenced by …").
 *    (A new child of a parent this transaction deleted conflicts through rule 1: the delete scanned the
 *    referencing keys as a range read.)
 * 3. DDL records: conflict with any use (read or write) of a table they change, and with a catalog name
 *    this transaction created too. */
import { assert } from '../common/assert';
import { compareKeys } from '../common/values/value';
import { TRANS_POS, type Physical } from '../level2-physical/physical';
import { RecordType } from '../level2-physical/record-type';
import type { DatabaseState } from './database-state';
import type { ReadIndex } from './read-set';
import type { RecordEffect } from './state-builder';
import { hasNull, rowKey, seekPrefix, startsWith } from './table-index';

/** The kinds of conflict, as the error detail names them. */
export type ConflictKind = 'read/write' | 'write/write' | 'schema' | 'name';

/** Why a commit must fail. */
export interface Conflict {
  /** the table concerned, by name */
  readonly table: string;
  readonly kind: ConflictKind;
  /** a sentence for the error's detail */
  readonly description: string;
  /** what the committed change was, when the kind alone does not say (the message adds it in parentheses) */
  readonly change?: string;
}

/** A transaction committed to the file: its frame's extent, its records and what each did. */
export interface CommittedTransaction {
  /** file position of its frame */
  readonly start: number;
  /** log end after it */
  readonly end: number;
  readonly records: readonly Physical[];
  readonly effects: readonly RecordEffect[];
}

/** What the rules judge against: the committing transaction's reads and writes. */
export interface ConflictContext {
  readonly reads: ReadIndex;
  /** the transaction's final local state (its snapshot plus its own records) */
  readonly local: DatabaseState;
  /** a table's name for messages */
  readonly name: (table: number) => string;
}

type Rule<T extends RecordType> = (rec: Extract<Physical, { readonly type: T }>, effect: RecordEffect, cx: ConflictContext) => Conflict | null;

function noRule(_rec: never): Conflict | null {
  assert(false, 'a frame header is not a committed record');
}

function schemaRule(rec: Physical, effect: RecordEffect, cx: ConflictContext): Conflict | null {
  const { reads, name } = cx;
  assert(effect.kind === 'Schema', 'a DDL record has a schema effect');
  const what = `${RecordType[rec.type]} ${rec.ppos}`;
  for (const n of effect.names) {
    if (reads.names.has(n)) {
      const table = effect.tables.length > 0 ? name(effect.tables[0]!) : n;
      return { table, kind: 'name', description: `${n} was also created by a concurrent transaction (${what}).` };
    }
  }
  for (const t of effect.tables) {
    if (reads.touched.has(t)) {
      const table = name(t);
      return { table, kind: 'schema', description: `table ${table}, used by this transaction, was changed by a concurrent transaction (${what}).` };
    }
  }
  return null;
}

type RowEffect = RecordEffect & { kind: 'Row' };

function keyRule(effect: RowEffect, verb: string, cx: ConflictContext): Conflict | null {
  const { reads, name } = cx;
  const list = reads.indexesByTable.get(effect.table);
  if (list === undefined) return null;
  for (const r of list) {
    const hit =
      (effect.old !== null && reads.keyWasRead(r, rowKey(r, effect.old))) ||
      (effect.new !== null && reads.keyWasRead(r, rowKey(r, effect.new)));
    if (hit) {
      const table = name(effect.table);
      return {
        table,
        kind: 'read/write',
        description: `a key of ${r.name} on table ${table} read by this transaction was ${verb} a concurrent transaction (row ${effect.row}).`,
      };
    }
  }
  return null;
}

/** True when this transaction inserted the row or updated or deleted it. */
function isOwn(reads: ReadIndex, table: number, row: number): boolean {
  return row >= TRANS_POS || reads.written.get(table)?.has(row) === true;
}

/** Rule 1: the committed row's new unique key is held in the local state by a row of this transaction. */
function ownKeyRule(effect: RowEffect, verb: string, cx: ConflictContext): Conflict | null {
  const t = effect.new === null ? undefined : cx.local.table(effect.table);
  if (t === undefined) return null;
  for (const ix of t.indexes) {
    if (!ix.unique) continue;
    const key = rowKey(ix, effect.new!);
    if (hasNull(key)) continue;
    const row = ix.tree.get(key);
    if (row !== undefined && row !== effect.row && isOwn(cx.reads, t.defpos, row)) {
      return {
        table: t.name,
        kind: 'write/write',
        description: `a key of ${ix.name} on table ${t.name} written by this transaction was also ${verb} a concurrent transaction.`,
      };
    }
  }
  return null;
}

/** Rule 2: a referenced key that goes away is referenced by a row of this transaction. */
function ownReferenceRule(effect: RowEffect, verb: string, cx: ConflictContext): Conflict | null {
  const t = effect.old === null ? undefined : cx.local.table(effect.table);
  if (t === undefined) return null;
  for (const ix of t.indexes) {
    if (!ix.unique) continue;
    const key = rowKey(ix, effect.old!);
    if (hasNull(key) || (effect.new !== null && compareKeys(key, rowKey(ix, effect.new)) === 0)) continue;
    for (const fk of cx.local.referencingIndexes(ix.defpos)) {
      for (let b = seekPrefix(fk.tree, key); b !== null && startsWith(b.key, key); b = b.next()) {
        if (!isOwn(cx.reads, fk.table, b.value)) continue;
        const child = cx.name(fk.table);
        const what = effect.new === null ? 'delete' : 'key update';
        return {
          table: t.name,
          kind: 'read/write',
          change: `${what} of a row referenced by table ${child}`,
          description: `row ${effect.row} of table ${t.name}, referenced through ${fk.name} by a row of table ${child} this transaction wrote, was ${verb} a concurrent transaction.`,
        };
      }
    }
  }
  return null;
}

function rowRule(verb: string, rowLevel: boolean) {
  return (_rec: Physical, effect: RecordEffect, cx: ConflictContext): Conflict | null => {
    assert(effect.kind === 'Row', 'a DML record has a row effect');
    const { reads, name } = cx;
    const t = effect.table;
    if (reads.tables.has(t)) {
      const table = name(t);
      return { table, kind: 'read/write', description: `table ${table} was scanned by this transaction and a row of it was ${verb} a concurrent transaction.` };
    }
    if (rowLevel && reads.rows.get(t)?.has(effect.row) === true) {
      const table = name(t);
      return { table, kind: 'read/write', description: `row ${effect.row} of table ${table}, read by this transaction, was ${verb} a concurrent transaction.` };
    }
    if (rowLevel && reads.written.get(t)?.has(effect.row) === true) {
      const table = name(t);
      return { table, kind: 'write/write', description: `row ${effect.row} of table ${table} was changed by this transaction and ${verb} a concurrent transaction.` };
    }
    return keyRule(effect, verb, cx) ?? ownKeyRule(effect, verb, cx) ?? ownReferenceRule(effect, verb, cx);
  };
}

/** The conflict rule of every record kind (invariants 1–3). */
const RULES: { readonly [T in RecordType]: Rule<T> } = {
  [RecordType.EndOfFile]: noRule,
  [RecordType.PTransaction]: noRule,
  [RecordType.PTable]: schemaRule,
  [RecordType.PTableOf]: schemaRule,
  [RecordType.PColumn]: schemaRule,
  [RecordType.Alter]: schemaRule,
  [RecordType.Change]: schemaRule,
  [RecordType.PIndex]: schemaRule,
  [RecordType.PIndexPaths]: schemaRule,
  [RecordType.PCheck]: schemaRule,
  [RecordType.PView]: schemaRule,
  [RecordType.PViewChecked]: schemaRule,
  [RecordType.PTrigger]: schemaRule,
  [RecordType.PType]: schemaRule,
  [RecordType.PMethod]: schemaRule,
  [RecordType.PProcedure]: schemaRule,
  [RecordType.Drop]: schemaRule,
  [RecordType.Record]: rowRule('inserted by', false),
  [RecordType.Update]: rowRule('updated by', true),
  [RecordType.Delete]: rowRule('deleted by', true),
  [RecordType.PUser]: schemaRule,
  [RecordType.PRole]: schemaRule,
  [RecordType.Authenticate]: schemaRule,
  [RecordType.Grant]: schemaRule,
  [RecordType.Revoke]: schemaRule,
};

/** The conflict (if any) between one committed record and what this transaction read and wrote. */
export function recordConflict(rec: Physical, effect: RecordEffect, cx: ConflictContext): Conflict | null {
  return (RULES[rec.type] as (r: Physical, e: RecordEffect, c: ConflictContext) => Conflict | null)(rec, effect, cx);
}

/** The first conflict between the transactions committed since `since` and the committing transaction. */
export function findConflict(commits: Iterable<CommittedTransaction>, since: number, cx: ConflictContext): Conflict | null {
  for (const c of commits) {
    if (c.start < since) continue;
    for (let i = 0; i < c.records.length; i++) {
      const found = recordConflict(c.records[i]!, c.effects[i]!, cx);
      if (found !== null) return found;
    }
  }
  return null;
}
