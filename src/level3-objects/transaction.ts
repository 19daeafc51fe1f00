/**
 * src/level3-objects/transaction.ts — `Transaction`: a snapshot, this transaction's own records on top of it,
 * and its read set; commit hands them to the `DatabaseFile`, which validates, appends and publishes.
 *
 * 1. `snapshot` is the committed state the transaction began from and `startPosition` its log position;
 *    `state` is the snapshot plus the transaction's own records (reads see own writes). Nothing the
 *    transaction does is visible to anyone else before commit.
 * 2. New objects get temp positions from TRANS_POS upward; commit relocates them (Level 2).
 * 3. An operation that fails adds no record: checks run first (transaction-ddl.ts, transaction-dml.ts), and
 *    an operation that fails after adding records (referential actions failing part-way, a drop of several
 *    objects, an internal error while installing) is undone by rebuilding the local state from the snapshot
 *    and the records that remain (`undo`; it costs something only on that failure path).
 * 4. After commit, rollback or a failed commit the transaction is over: every method but `rollback`
 *    (which is then a no-op) refuses with NoActiveSqlTransaction (25P01).
 * 5. Level 4 reports what it reads: `readRow`, `readKey`, `readRange`, `readTable` (see read-set.ts).
 * 6. Beginning is cheap (the local state and record list are made on the first write), because every
 *    autocommit statement begins one.
 * 7. Records are installed into the local state lazily, when something next reads it (a check, `state`,
 *    the next operation): an autocommit statement that writes one row checks it against the snapshot and
 *    commits it without ever installing it locally.
 * 8. `state` is a deferred snapshot (database-state.ts invariant 5): Level 4 asks for it before every
 *    statement, and freezing the local trees each time would make the next write copy their paths. If the
 *    local state has changed by the time a deferred state is first read, it is rebuilt from the snapshot
 *    and the first `count` records, the ones it covered. `state` is never asked for during an operation, so
 *    every deferred state covers at most the records an operation starts with, and `undo` (which only cuts
 *    what the failing operation added) never cuts into them.
 * 9. Inserted rows whose record would carry the table's full column list are kept as runs (record-run.ts):
 *    consecutive ones of one table share a `RecordRun`, so a bulk load keeps a row array per row and no
 *    record object. Counts (marks, `count`, deferred states) are in records, runs counting each row.
 * 10. `savepoint` / `undoTo` let Level 4 undo one failed statement inside a routine body whose handler
 *    continues (routines/); the statement asked for `state` before it ran, so the cut never reaches records a
 *    deferred state still in use covers (invariant 8).
 * 11. A point read (one key of a unique index, then its row) may go to the local state's draft of the table
 *    (`draftToRead`) instead of `state`: the draft holds the snapshot plus every record queued so far, as
 *    the `state` asked for at that moment would, without freezing it. A statement that reads one row and
 *    writes it (an UPDATE by key) would otherwise freeze the table's trees, and its write then copy their
 *    paths again, once per statement; unfrozen, the draft's trees change in place. The draft is good only
 *    until the next write: callers look it up afresh for each read.
 * 12. `rollbackTo` is SQL's ROLLBACK TO SAVEPOINT (Level 4 keeps the savepoints' names and marks): the records
 *    since the mark go, and the local state is rebuilt from the snapshot and the records left when next read, so
 *    no view made before the cut (whose token counts records that are gone) is handed out again. Statements
 *    between savepoints ask for `state` afresh and no stream outlives the call that opened it (session.ts
 *    invariant 11), so no earlier view is read after the cut. What the undone statements read stays in the
 *    read set, and the rows they wrote stay recorded as written: the commit may fail on them (40001), as it
 *    could have had the statements been kept — conservative, never wrong.
 */
import { assert } from '../common/assert';
import { keepShape } from '../common/shapes';
import { SqlError, SqlState } from '../common/errors';
import type { Value } from '../common/values/value';
import { TRANS_POS, type IndexKind, type KeyPath, type Physical, type RefAction, type UpdateValue } from '../level2-physical/physical';
import { entrySize, expandEntries, RecordRun, type LogEntry } from '../level2-physical/record-run';
import type { DecodedTransaction } from '../level2-physical/transaction-codec';
import type { SqlType } from '../common/values/sql-type';
import { DatabaseState, type DeferredSource, type StateParts } from './database-state';
import { applyRecord, applyRun } from './install';
import { ReadSet } from './read-set';
import type { RowRules } from './row-rules';
import { StateBuilder } from './state-builder';
import * as ddl from './transaction-ddl';
import * as types from './transaction-type';
import * as routineDdl from './transaction-routine';
import type { RoutineDef } from './transaction-routine';
import * as dml from './transaction-dml';
import * as batch from './transaction-dml-batch';
import * as security from './transaction-security';
import type { TableDraft } from './table-draft';
import type { TxWork } from './tx-work';

/** What a transaction needs of the database file it belongs to. @internal */
export interface TransactionHost {
  /** Validates against concurrent commits, appends and publishes; throws leaving the file unchanged. */
  commitTransaction(tx: Transaction, records: readonly LogEntry[], reads: ReadSet): void;
  /** The transaction is over (committed, rolled back or failed). */
  endTransaction(tx: Transaction): void;
  /** The committed transactions of the log that end at or before `upTo`, decoded, in log order. */
  committedLog(upTo: number): IterableIterator<DecodedTransaction>;
}

/** A serializable, optimistic transaction on one database file. */
export class Transaction implements TxWork, DeferredSource {
  /** the log position of `snapshot`; concurrent commits after it are checked at commit */
  readonly startPosition: number;
  /** @internal what this transaction has read and written */
  readonly reads = new ReadSet();
  /** records and runs of inserted rows (invariant 9) */
  private records: LogEntry[] | null = null;
  /** how many records `records` stands for */
  private count = 0;
  private builder: StateBuilder | null = null;
  /** how many records the builder has installed (invariant 7): all of `records` before `appliedEntry`,
   *  and the first `appliedRow` rows of a run at `appliedEntry` */
  private applied = 0;
  private appliedEntry = 0;
  private appliedRow = 0;
  private nextPos = TRANS_POS;
  private open = true;
  /** the role in force when it commits (written in the frame header), null: none */
  role: string | null = null;
  /** @internal (TxWork) the rules given to the DML operation running now (row-rules.ts) */
  rules: RowRules | null = null;

  /** @internal use `DatabaseFile.begin` */
  constructor(
    private readonly host: TransactionHost,
    /** the committed state this transaction began from */
    readonly snapshot: DatabaseState,
    /** who runs it (written in the commit's frame header) */
    readonly user: string,
  ) {
    this.startPosition = snapshot.position;
  }

  /**
   * The committed transactions this transaction's snapshot reflects, read from the log in order (the `Log$`
   * system table): records as written, each with its file position.
   */
  committedLog(): IterableIterator<DecodedTransaction> {
    return this.host.committedLog(this.startPosition);
  }

  /** The snapshot plus this transaction's own changes (deferred: frozen only if something reads it, invariant 8). */
  get state(): DatabaseState {
    if (this.records === null) return this.snapshot;
    return this.local.view(this, this.count);
  }

  /**
   * `state` for planning a statement whose plan depends on schemas alone (an INSERT of given values): the
   * same schemas, but a table this transaction has changed may show its rows as of an earlier statement,
   * so nothing may read rows from it. Unlike `state`, it freezes nothing (state-builder.ts invariant 5), so
   * a bulk load's trees stay the transaction's own and its commit relocates them in place.
   */
  get schemaState(): DatabaseState {
    if (this.records === null) return this.snapshot;
    return this.local.schemaView();
  }

  /**
   * @internal The draft of table `defpos` in the local state, to read single entries from without freezing
   * it (invariant 11); null when the transaction has written nothing (read `snapshot`, which is then
   * `state`) or has no such table. Valid until the transaction's next write.
   */
  draftToRead(defpos: number): TableDraft | null {
    if (this.records === null) return null;
    return this.local.peek(defpos) ?? null;
  }

  /** The schema version of `state`, found without making a snapshot of it (a statement's plan check). */
  get schemaVersion(): number {
    if (this.records === null) return this.snapshot.schemaVersion;
    return this.local.current.schemaVersion;
  }

  /** @internal (DeferredSource) the snapshot with the first `count` records installed (invariant 8) */
  resolveDeferred(count: number): StateParts {
    assert(count <= this.count, 'a deferred state outlived the records it covered');
    const b = new StateBuilder(this.snapshot);
    let left = count;
    for (const e of this.records ?? []) {
      if (left === 0) break;
      if (e instanceof RecordRun) {
        const n = Math.min(left, e.rows.length);
        applyRun(b, e, 0, n);
        left -= n;
      } else {
        applyRecord(b, e);
        left--;
      }
    }
    return b.snapshot().parts;
  }

  get hasWrites(): boolean {
    return this.count > 0;
  }

  /** False once committed, rolled back or failed. */
  get isOpen(): boolean {
    return this.open;
  }

  /** @internal the records this transaction will commit, in order */
  get pending(): readonly Physical[] {
    return expandEntries(this.records ?? []);
  }

  /** @internal (TxWork) the local state with every queued record installed, changed in place */
  get local(): StateBuilder {
    const b = (this.builder ??= new StateBuilder(this.snapshot));
    if (this.applied < this.count) this.install(b, this.records!);
    return b;
  }

  /** Installs the records not yet installed (invariant 7). */
  private install(b: StateBuilder, records: readonly LogEntry[]): void {
    while (this.appliedEntry < records.length) {
      const e = records[this.appliedEntry]!;
      if (e instanceof RecordRun) {
        const n = e.rows.length;
        if (this.appliedRow < n) {
          applyRun(b, e, this.appliedRow, n);
          this.applied += n - this.appliedRow;
          this.appliedRow = n;
        }
        // the last run may still grow: stay on it
        if (this.appliedEntry === records.length - 1) return;
        this.appliedRow = 0;
      } else {
        applyRecord(b, e);
        this.applied++;
      }
      this.appliedEntry++;
    }
  }

  /** @internal (TxWork) queues a record for commit; it is installed locally when next needed (invariant 7) */
  add(rec: Physical): void {
    (this.records ??= []).push(rec);
    this.count++;
  }

  /** @internal (TxWork) queues the Record `{ ppos, table, columns, values: row }`, in a run (invariant 9) */
  addRow(table: number, columns: readonly number[], row: readonly Value[], ppos: number): void {
    const records = (this.records ??= []);
    const last = records.length > 0 ? records[records.length - 1] : undefined;
    if (last instanceof RecordRun && last.table === table && last.columns === columns && last.next === ppos && !last.full) {
      last.push(row);
    }
    else {
      const run = new RecordRun(table, columns, ppos);
      run.push(row);
      records.push(run);
    }
    this.count++;
  }

  /** @internal (TxWork) a fresh temp position */
  nextPosition(): number {
    return this.nextPos++;
  }

  private live(): TxWork {
    if (!this.open) throw SqlError.of(SqlState.NoActiveSqlTransaction);
    return this;
  }

  /** Drops the records added since `mark` and rebuilds the local state without them (invariant 3). */
  private undo(mark: number): void {
    const records = this.records;
    if (records === null || this.count <= mark) return;
    let total = this.count;
    while (total > mark) {
      const e = records[records.length - 1]!;
      const size = entrySize(e);
      if (total - size >= mark) {
        records.pop();
        total -= size;
      } else {
        (e as RecordRun).truncate(mark - (total - size));
        total = mark;
      }
    }
    this.count = mark;
    if (this.applied > mark) {
      this.builder = null;
      this.applied = 0;
      this.appliedEntry = 0;
      this.appliedRow = 0;
    }
  }

  /** A mark for `undoTo`: how many records the transaction has now (invariant 10). */
  savepoint(): number {
    return this.count;
  }

  /**
   * Drops the records added since `savepoint()` returned `mark` (invariant 10): a statement of a routine body
   * that failed, when a handler carries on after it.
   */
  undoTo(mark: number): void {
    if (this.count > mark) this.undo(mark);
  }

  /** Drops the records added since `savepoint()` returned `mark`, for ROLLBACK TO SAVEPOINT (invariant 12). */
  rollbackTo(mark: number): void {
    this.live();
    if (this.count > mark) this.undo(mark);
    this.builder = null;
    this.applied = 0;
    this.appliedEntry = 0;
    this.appliedRow = 0;
  }

  /** Runs a schema operation; undoes whatever it added if it fails (invariant 3). */
  private guarded<T>(fn: (w: TxWork) => T): T {
    const w = this.live();
    const mark = this.count;
    try {
      return fn(w);
    } catch (e) {
      this.undo(mark);
      throw e;
    }
  }

  // ---- DDL: each returns the new object's defpos (a temp position until commit) ----

  createTable(name: string, ofType = -1): number {
    return this.guarded((w) => ddl.createTable(w, name, ofType));
  }

  addColumn(table: number, def: ddl.ColumnDef): number {
    return this.guarded((w) => ddl.addColumn(w, table, def));
  }

  alterColumn(column: number, def: { name?: string; type?: SqlType; notNull?: boolean; defaultSql?: string | null }): void {
    this.guarded((w) => ddl.alterColumn(w, column, def));
  }

  /** Creates an index or key constraint (a primary key too: that is how a table gets its key). `paths`, when
   *  given, is parallel to `columns`: a key part's document path and/or type (`doc.address.zip`, `doc.age AS
   *  INTEGER`), or null for the plain column. */
  createIndex(
    table: number,
    def: {
      name: string;
      kind: IndexKind;
      columns: readonly number[];
      paths?: readonly (KeyPath | null)[];
      refIndex?: number;
      onDelete?: RefAction;
      onUpdate?: RefAction;
    },
  ): number {
    return this.guarded((w) => ddl.createIndex(w, table, def));
  }

  addCheck(table: number, def: { column: number; name: string; sql: string }): number {
    return this.guarded((w) => ddl.addCheck(w, table, def));
  }

  /** Creates a function or procedure; returns its defpos (transaction-routine.ts). */
  createRoutine(def: RoutineDef): number {
    return this.guarded((w) => routineDdl.createRoutine(w, def));
  }

  /** Drops a function or procedure; one that others call is refused (2BP01) unless `cascade`. */
  dropRoutine(defpos: number, cascade = false): void {
    this.guarded((w) => routineDdl.dropRoutine(w, defpos, cascade));
  }

  /** Creates a view (or, with `replaces`, replaces one); returns its defpos. */
  createView(def: ddl.ViewDef): number {
    return this.guarded((w) => ddl.createView(w, def));
  }

  /** Creates a trigger (transaction-ddl.ts invariant 7); returns its defpos. */
  createTrigger(def: ddl.TriggerDef): number {
    return this.guarded((w) => ddl.createTrigger(w, def));
  }

  /** Creates a structured type; returns its defpos (transaction-type.ts). */
  createType(def: types.TypeDef): number {
    return this.guarded((w) => types.createType(w, def));
  }

  /** Declares a method of a structured type, or defines a declared one; returns its defpos. */
  createMethod(def: types.MethodDef): number {
    return this.guarded((w) => types.createMethod(w, def));
  }

  /** Drops a structured type (and, with `cascade`, what depends on it); transaction-type.ts invariant 3. */
  dropType(defpos: number, cascade = false): void {
    this.guarded((w) => {
      const t = w.local.current.types.get(defpos);
      if (t === undefined) throw SqlError.of(SqlState.UndefinedObject, [`type ${defpos}`]);
      types.dropType(w, t, cascade);
    });
  }

  /**
   * Drops a table (with everything on it), column (with its indexes and checks), index, check or view. A table
   * or view that views read, or a unique key that other tables' foreign keys reference, is refused (2BP01)
   * unless `cascade`, which drops those views and foreign keys first.
   */
  drop(defpos: number, cascade = false): void {
    this.guarded((w) => ddl.drop(w, defpos, cascade));
  }

  /**
   * Renames a table, column, index or CHECK (a Change record). The new name must be free (42P07, 42710, 42701);
   * a table that views, routines or triggers name in their stored text is refused (2BP01).
   */
  rename(defpos: number, name: string): void {
    this.guarded((w) => ddl.rename(w, defpos, name));
  }

  // ---- users, roles and privileges (transaction-security.ts); passwords arrive hashed ----

  createUser(name: string, passwordHash: string): number {
    return this.guarded((w) => security.createUser(w, name, passwordHash));
  }

  setPassword(user: number, passwordHash: string): void {
    this.guarded((w) => security.setPassword(w, user, passwordHash));
  }

  createRole(name: string, description: string): number {
    return this.guarded((w) => security.createRole(w, name, description));
  }

  grant(def: security.GrantDef): void {
    this.guarded((w) => security.grant(w, def));
  }

  revoke(def: security.GrantDef): void {
    this.guarded((w) => security.revoke(w, def));
  }

  /** Drops a user or role with the privileges granted to it. */
  dropUserOrRole(defpos: number): void {
    this.guarded((w) => security.dropUserOrRole(w, defpos));
  }

  // ---- DML: rows are full arrays by slot; Level 4 has applied defaults, casts and CHECKs ----

  /** Inserts a row; returns its defpos (a temp position until commit). The transaction may keep `row` as the
   *  stored row: the caller must not change it afterwards. */
  insert(table: number, row: Value[]): number {
    const w = this.live();
    const mark = this.count;
    try {
      return dml.insertRow(w, table, row);
    } catch (e) {
      this.undo(mark);
      throw e;
    }
  }

  /** Changes some slots of a row; false when the row is already gone. A value may be a `DocDelta` (an update
   *  template): the slot's new value is the delta applied to its old one, and the log keeps the delta.
   *  `rules` complete and check the rows that referential actions change (row-rules.ts). */
  update(table: number, rowid: number, changes: ReadonlyArray<readonly [slot: number, value: UpdateValue]>, rules: RowRules | null = null): boolean {
    // `dml` written out: one call per row of an UPDATE, so no closure is made for it
    const w = this.live();
    const mark = this.count;
    this.rules = rules;
    try {
      return dml.updateRow(w, table, rowid, changes);
    } catch (e) {
      this.undo(mark);
      throw e;
    } finally {
      this.rules = null;
    }
  }

  /** Changes many rows of one table as one statement: unique and foreign keys are judged at the end, so
   *  keys may shift (`id = id + 1`); returns how many rows were still there (transaction-dml-batch.ts). */
  updateMany(
    table: number,
    updates: ReadonlyArray<readonly [rowid: number, changes: ReadonlyArray<readonly [slot: number, value: UpdateValue]>]>,
    rules: RowRules | null = null,
  ): number {
    return this.dml(rules, (w) => batch.updateRows(w, table, updates));
  }

  /** Deletes many rows of one table as one statement: a row referencing another row of the batch goes with it,
   *  so NO ACTION and RESTRICT judge only the children left behind (transaction-dml-batch.ts invariant 5);
   *  returns how many rows were still there. */
  deleteMany(table: number, rowids: readonly number[], rules: RowRules | null = null): number {
    return this.dml(rules, (w) => batch.deleteRows(w, table, rowids));
  }

  /** Deletes rows of several tables as one statement (TRUNCATE): a row referencing a row of any of them that goes
   *  is no child of it; returns how many rows went (transaction-dml-batch.ts invariant 5). */
  deleteAcross(rowsByTable: ReadonlyMap<number, readonly number[]>): number {
    return this.dml(null, (w) => batch.deleteAcross(w, rowsByTable));
  }

  /** Deletes a row; false when it is already gone. `rules` as for `update`. `going`: the other rows of the
   *  table its statement deletes, which are then no children of it (transaction-dml-batch.ts invariant 5). */
  delete(table: number, rowid: number, rules: RowRules | null = null, going: ReadonlySet<number> | null = null): boolean {
    // `dml` written out, as in `update`
    const w = this.live();
    const mark = this.count;
    this.rules = rules;
    try {
      return dml.deleteRow(w, table, rowid, going);
    } catch (e) {
      this.undo(mark);
      throw e;
    } finally {
      this.rules = null;
    }
  }

  /** Runs a DML operation with `rules` in force; undoes whatever it added if it fails (invariant 3). */
  private dml<T>(rules: RowRules | null, fn: (w: TxWork) => T): T {
    const w = this.live();
    const mark = this.count;
    this.rules = rules;
    try {
      return fn(w);
    } catch (e) {
      this.undo(mark);
      throw e;
    } finally {
      this.rules = null;
    }
  }

  // ---- read set: Level 4 calls these as it reads ----

  /** False once the transaction has ended (an autocommit read's snapshot reader): the calls below then record
   *  nothing, and a caller may skip building what it would pass them. */
  get recordsReads(): boolean {
    return this.open;
  }

  readRow(table: number, rowid: number): void {
    if (this.open) this.reads.addRow(table, rowid);
  }

  /** A point lookup by a full unique key (found or not). */
  readKey(index: number, key: readonly Value[]): void {
    if (this.open) this.reads.addKey(index, key);
  }

  /** A scan of inclusive bounds (null = open; prefixes allowed). */
  readRange(index: number, low: readonly Value[] | null, high: readonly Value[] | null): void {
    if (this.open) this.reads.addRange(index, low, high);
  }

  /** A full scan of a table. */
  readTable(table: number): void {
    if (this.open) this.reads.addTable(table);
  }

  // ---- end ----

  /** Commits: TransactionConflict (40001) on conflict, other SqlErrors on I/O failure; either way nothing is written. */
  commit(): void {
    this.live();
    try {
      if (this.records !== null && this.count > 0) this.host.commitTransaction(this, this.records, this.reads);
    } finally {
      this.end();
    }
  }

  /** Abandons the transaction (a no-op once it is over). */
  rollback(): void {
    if (this.open) this.end();
  }

  private end(): void {
    this.open = false;
    this.host.endTransaction(this);
  }
}

/** A transaction of no database (decision 0018): between statements none may be open, and a full collection
 *  would then take the class's maps and every optimised function that checks them. */
const NO_HOST: TransactionHost = {
  commitTransaction: () => assert(false, 'a kept transaction has no database'),
  endTransaction: () => {},
  committedLog: () => [][Symbol.iterator](),
};
keepShape(() => new Transaction(NO_HOST, DatabaseState.empty(), ''));
