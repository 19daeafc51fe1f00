/**
 * src/level4-sql/session.ts — one connection's session: parses, plans (with a cache), binds parameters and runs
 * statements inside transactions, over a DatabaseFile shared with the process's other sessions.
 *
 * 1. Autocommit: a statement outside BEGIN … COMMIT runs in its own transaction; success commits (a read-only
 *    one is simply dropped), any error rolls it back, so a failed statement leaves nothing behind.
 * 2. Explicit transactions: BEGIN/START TRANSACTION inside one raises 25001; COMMIT/ROLLBACK with none open
 *    raise InvalidTransactionState (25000). ANY error while one is open (syntax, binding, execution, or the
 *    COMMIT's own conflict) rolls it back and ends it, as Pyrrho does; the error's detail says so, and later
 *    statements run in autocommit until the next BEGIN — unless the transaction has a savepoint (invariant 12).
 * 3. Every error that leaves `execute`/`prepare` is an SqlError: anything else is a bug, wrapped as
 *    InternalError (XX000) with the original as `cause`; a blown JS stack becomes ProgramLimitExceeded (54000).
 * 4. Plans are cached by SQL text (LRU) and by prepared statement, and reused while the schema version of the
 *    state they run against equals the one they were planned against (versions are unique per schema, see
 *    DatabaseState). Statements are planned against the state of the transaction they run in, just before
 *    they run, so a text `CREATE TABLE t …; INSERT INTO t …` works.
 * 5. All reads go through the statement's transaction (`ExecContext.tx`), so its read set is complete.
 * 6. A read-only statement (`StatementPlan.readOnly`) in autocommit runs on a transaction that was begun on
 *    the latest committed state and at once rolled back: it reads that snapshot (consistent by
 *    construction, so there is nothing to validate) and records no reads. One is kept per session and
 *    replaced when the committed state changes, so such statements open and end no transaction at all.
 * 7. A SELECT whose result types depend on its parameters (`SELECT ? + 1`) is planned with the types of the
 *    values bound (eval/param-types.ts), so `types` always describe the rows; it is planned again when a
 *    later execution's values are of other kinds (NULL fits any). Other plans ignore parameter types.
 * 8. Plans read schemas (and, for costs, table sizes), never rows: rows are read at execution through the
 *    transaction. Inside a transaction, INSERT … VALUES is planned against `Transaction.schemaState`,
 *    which freezes none of the tables the transaction changed: preparing the next statement of a bulk
 *    load then costs nothing, and the load's trees stay the transaction's to relocate in place at commit.
 *    Other statements are planned against `Transaction.state`, whose table sizes are current.
 * 9. Limits (context.ts invariant 5): each statement of a text gets its own deadline, `timeoutMs` after it
 *    starts (the call's `timeoutMs`, else the session's `statementTimeoutMs`; 0 or none: no limit). A
 *    statement stopped by its deadline or by the session's cancel flag fails with 57014 like any error, so
 *    it changes nothing (and ends an explicit transaction, invariant 2).
 * 10. Users (access/): a session runs as its login (the user it was opened with, after `authenticateLogin`)
 *    in the role SET ROLE chose. Its `AuthInfo` is made again whenever the schema version of the state a
 *    statement runs on differs from the one it was made for (every security change bumps it), so a REVOKE
 *    committed by another connection holds from this connection's next statement (or, inside a transaction
 *    begun before it, at commit: a Revoke conflicts like DDL). Every statement is authorized against it
 *    before it runs (access/statement-access.ts); the owner's check is one test.
 * 11. Streamed rows (`executeRows`, the server's way to run a text): when the text's last statement is a
 *    read-only SELECT, its rows come from its open cursor as the caller pulls them (result-stream.ts), read
 *    from the snapshot the statement started on (autocommit: the committed state of invariant 6; inside a
 *    transaction: the transaction's state, which nothing else changes while the stream is open). The
 *    session's next call (execute, a prepared statement, executeRows, close) ends an open stream first. An
 *    error while rows are pulled is the statement's error (invariants 2, 3: it ends an explicit transaction).
 * 12. Savepoints (docs/decisions/0043-savepoints.md): SAVEPOINT name marks how many records the transaction
 *    has (outside one: 25P01); ROLLBACK TO [SAVEPOINT] name drops the records since the latest savepoint of
 *    that name and the savepoints after it, keeping it; RELEASE [SAVEPOINT] name forgets it and those after it
 *    (an unknown name: 3B001). An error in a transaction that has a savepoint does not end it but aborts it,
 *    as PostgreSQL does: every statement but ROLLBACK and ROLLBACK TO SAVEPOINT is then refused (25P02), and
 *    COMMIT rolls it back and says so (25P02). The failing statement may have left part of its work in the
 *    transaction (rows before the one that failed): an aborted transaction commits nothing, and ROLLBACK TO
 *    drops that work with the rest.
 * 13. Transaction modes: any ISOLATION LEVEL runs as the serializable transaction every transaction is, and
 *    SQLite's DEFERRED / IMMEDIATE / EXCLUSIVE take no lock (nothing does: conflicts are found at COMMIT). A
 *    transaction begun READ ONLY refuses, with 25006 and before it runs, every statement whose plan is not
 *    read-only (DML, DDL, and a SELECT that calls a routine, which might write).
 */
import { InternalError, SqlError, SqlState } from '../common/errors';
import { keepShape } from '../common/shapes';
import type { DatabaseState } from '../level3-objects/database-state';
import { DatabaseFile } from '../level3-objects/database-file';
import type { Transaction } from '../level3-objects/transaction';
import { type ExecLimits, ExecContext, NO_LIMITS, type Params } from './context';
import type { Statement } from './parse';
import { isControl, type ParsedText, parsedText, parseText } from './parsed-text';
import { paramsFit, paramTypesOf } from './eval/param-types';
import { bindParams, EMPTY_PARAMS } from './statements/bind-params';
import { affectedResult, type ResultSet } from './statements/result';
import { type StatementRows, wholeRows } from './statements/result-stream';
import { statementName } from './statements/explain';
import { planStatement, type StatementPlan } from './statements/statement-plan';
import { authenticateLogin, sessionAuth, type AuthInfo } from './access/auth';
import { authorize, planWithAccess } from './access/statement-access';

export { DatabaseFile };
export { authenticateLogin };
export type { AuthInfo };
export type { ResultSet };
export type { StatementRows };

/** How many distinct SQL texts a session keeps parsed and planned. */
export const PLAN_CACHE_SIZE = 128;

const ROLLED_BACK = 'The transaction has been rolled back.';
const ABORTED = 'The transaction is aborted: ROLLBACK TO SAVEPOINT or ROLLBACK to go on.';

/** Converts anything thrown into an SqlError (invariant 3). */
export function asSqlError(e: unknown): SqlError {
  if (e instanceof SqlError) return e;
  if (e instanceof RangeError && /call stack/i.test(e.message)) {
    return SqlError.of(SqlState.ProgramLimitExceeded, ['statement is too deeply nested'], { cause: e });
  }
  const message = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return new InternalError(message, { cause: e });
}

/** One connection to a database. */
export class Session {
  private tx: Transaction | null = null;
  /** the open transaction's savepoints, oldest first (invariant 12) */
  private savepoints: Array<{ readonly name: string; readonly mark: number }> = [];
  /** the error that aborted the open transaction, which has a savepoint (invariant 12); null when not aborted */
  private aborted: SqlError | null = null;
  /** the open transaction was begun READ ONLY (invariant 13) */
  private readOnlyTx = false;
  /** the autocommit reader of the latest committed state (see `snapshotReader`) */
  private reader: Transaction | null = null;
  private closed = false;
  private readonly cache = new Map<string, ParsedText>();
  /** the default statement timeout in ms (0: none; invariant 9) */
  statementTimeoutMs = 0;
  /** a flag another thread may set to cancel the running statement (pyrrhocmd's Ctrl-C) */
  cancelFlag: Int32Array | null = null;
  /** told the rows so far (visited plus pairs joined) during long statements (pyrrhocmd's progress line) */
  progress: ((rowsVisited: number) => void) | null = null;
  /** the limits of the statement running now */
  private limits: ExecLimits = NO_LIMITS;
  private timeoutMs = 0;
  /** the rows of the last executeRows, while they are being pulled (invariant 11) */
  private streaming: StatementRows | null = null;

  /** the role chosen by SET ROLE, or null (invariant 10) */
  private role: string | null = null;
  private auth: AuthInfo | null = null;
  private authVersion = -1;

  constructor(
    readonly file: DatabaseFile,
    /** the login the session runs as (invariant 10; authenticate it first with `authenticateLogin`) */
    private readonly user = 'guest',
  ) {}

  /** Who the session's statements run as, for the state `tx` runs on (or the committed one) (invariant 10). */
  authFor(tx: Transaction | null): AuthInfo {
    const version = tx !== null ? tx.schemaVersion : this.file.state.schemaVersion;
    const cached = this.auth;
    if (cached !== null && this.authVersion === version) return cached;
    const state = tx !== null ? tx.schemaState : this.file.state;
    const auth = sessionAuth(state.security, this.user, this.role);
    this.auth = auth;
    this.authVersion = version;
    return auth;
  }

  /** Begins a transaction as the session's user, in its role. */
  private beginTx(): Transaction {
    const auth = this.authFor(null);
    const tx = this.file.begin(auth.user);
    tx.role = auth.role;
    return tx;
  }

  /** SET ROLE: a role granted to the user (0P000 otherwise), or NONE. */
  private setRole(name: string | null, position: number): void {
    const sec = (this.tx !== null ? this.tx.schemaState : this.file.state).security;
    if (name !== null) {
      const r = sec.roleByName(name);
      if (r === undefined) throw SqlError.of(SqlState.UndefinedObject, [`role ${name}`], { position });
      const user = this.authFor(this.tx).user;
      if (!sec.mayUseRole(user, r.defpos)) throw SqlError.of(SqlState.InvalidRoleSpecification, [`role ${name} has not been granted to ${user}`], { position });
    }
    this.role = name;
    this.authVersion = -1;
  }

  /** True while an explicit transaction (BEGIN … COMMIT/ROLLBACK) is open. */
  get inTransaction(): boolean {
    return this.tx !== null;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /**
   * @internal True when the open transaction has written a record: its COMMIT is validated and appended. One
   * that wrote nothing (its changes changed nothing) ends at COMMIT, serialized at its snapshot.
   */
  get hasWrites(): boolean {
    return this.tx !== null && this.tx.hasWrites;
  }

  /** Runs every statement of `sql` in order and returns the last one's result; `timeoutMs` as invariant 9. */
  execute(sql: string, params?: unknown, timeoutMs?: number): ResultSet {
    this.checkOpen();
    if (this.streaming !== null) this.endRows();
    try {
      this.timeoutMs = timeoutMs ?? this.statementTimeoutMs;
      return this.run(this.parsed(sql), params);
    } catch (e) {
      throw this.failed(e);
    }
  }

  /**
   * @internal As `execute`, but the last statement's rows are pulled by the caller: streamed from the open
   * cursor of a read-only SELECT, handed out from the whole result otherwise (invariant 11).
   */
  executeRows(sql: string, params?: unknown, timeoutMs?: number): StatementRows {
    this.checkOpen();
    if (this.streaming !== null) this.endRows();
    try {
      this.timeoutMs = timeoutMs ?? this.statementTimeoutMs;
      const text = this.parsed(sql);
      const bound = this.bind(text, params);
      const n = text.statements.length;
      if (n === 0) return wholeRows(affectedResult(0));
      for (let i = 0; i < n - 1; i++) this.runOne(text, i, bound);
      const last = this.runOne(text, n - 1, bound, true);
      return 'next' in last ? this.track(last) : wholeRows(last);
    } catch (e) {
      throw this.failed(e);
    }
  }

  /** True while rows of an `executeRows` are open (invariant 11). */
  get hasOpenRows(): boolean {
    return this.streaming !== null;
  }

  /** The stream as the session hands it out: errors as the statement's (invariant 11), ended by the next call. */
  private track(rows: StatementRows): StatementRows {
    let open = true;
    const end = (): void => {
      if (!open) return;
      open = false;
      rows.close();
      if (this.streaming === tracked) this.streaming = null;
    };
    const tracked: StatementRows = {
      columns: rows.columns,
      types: rows.types,
      declaredTypes: rows.declaredTypes,
      rowsAffected: rows.rowsAffected,
      next: () => {
        if (!open) return null;
        let row: unknown[] | null;
        try {
          row = rows.next();
        } catch (e) {
          end();
          throw this.failed(e);
        }
        if (row === null) end();
        return row;
      },
      close: end,
    };
    this.streaming = tracked;
    return tracked;
  }

  private endRows(): void {
    const open = this.streaming;
    this.streaming = null;
    open?.close();
  }

  /** Parses `sql` (and plans it when it is one statement) for repeated execution. */
  prepare(sql: string): PreparedSql {
    this.checkOpen();
    try {
      const shared = this.parsed(sql);
      const text = parsedText(shared.sql, shared.statements, shared.params, shared.explainOnly);
      if (text.statements.length === 1 && !isControl(text.statements[0]!)) {
        const stmt = text.statements[0]!;
        const state = this.planningState(stmt, this.tx);
        const plan = planWithAccess(stmt, state, () => planStatement(stmt, text.sql, state));
        if (!plan.ddl) text.plans[0] = plan;
      }
      return new PreparedSql(this, text);
    } catch (e) {
      throw this.failed(e);
    }
  }

  /** Rolls back an open transaction and ends the session; later calls raise 08003. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.endRows();
    this.reader = null;
    const tx = this.tx;
    this.endTx();
    if (tx !== null) safeRollback(tx);
  }

  /** @internal runs a prepared text */
  runPrepared(text: ParsedText, params: unknown, timeoutMs?: number): ResultSet {
    this.checkOpen();
    if (this.streaming !== null) this.endRows();
    try {
      this.timeoutMs = timeoutMs ?? this.statementTimeoutMs;
      return this.run(text, params);
    } catch (e) {
      throw this.failed(e);
    }
  }

  private checkOpen(): void {
    if (this.closed) throw SqlError.of(SqlState.ConnectionDoesNotExist, ['the database is closed']);
  }

  /** What an error leaving the session becomes (invariant 3); an open transaction is ended (2), or aborted
   *  when it has a savepoint (12). */
  private failed(e: unknown): SqlError {
    const err = asSqlError(e);
    const tx = this.tx;
    if (tx !== null && this.savepoints.length > 0) {
      this.aborted ??= err;
      addDetail(err, ABORTED);
    } else if (tx !== null) {
      this.endTx();
      safeRollback(tx);
      markRolledBack(err);
    }
    return err;
  }

  /** Forgets the open transaction with its savepoints (the caller commits or rolls it back). */
  private endTx(): void {
    this.tx = null;
    this.savepoints = [];
    this.aborted = null;
    this.readOnlyTx = false;
  }

  private parsed(sql: string): ParsedText {
    const hit = this.cache.get(sql);
    if (hit !== undefined) {
      this.cache.delete(sql);
      this.cache.set(sql, hit);
      return hit;
    }
    const text = parseText(sql);
    this.cache.set(sql, text);
    if (this.cache.size > PLAN_CACHE_SIZE) this.cache.delete(this.cache.keys().next().value as string);
    return text;
  }

  /** The parameter values of a run of `text`. */
  private bind(text: ParsedText, rawParams: unknown): Params {
    const unbound = text.explainOnly && (rawParams === undefined || rawParams === null);
    return unbound ? EMPTY_PARAMS : bindParams(text.params, rawParams, text.statements.length);
  }

  private run(text: ParsedText, rawParams: unknown): ResultSet {
    const params = this.bind(text, rawParams);
    const n = text.statements.length;
    if (n === 1) return this.runOne(text, 0, params);
    let result = n === 0 ? affectedResult(0) : null;
    for (let i = 0; i < n; i++) result = this.runOne(text, i, params);
    return result!;
  }

  /** Runs statement `i` of `text`; with `rows`, a read-only SELECT answers its open cursor instead (invariant 11). */
  private runOne(text: ParsedText, i: number, params: Params): ResultSet;
  private runOne(text: ParsedText, i: number, params: Params, rows: true): ResultSet | StatementRows;
  private runOne(text: ParsedText, i: number, params: Params, rows = false): ResultSet | StatementRows {
    const stmt = text.statements[i]!;
    this.limits = this.limitsNow();
    if (this.aborted !== null && stmt.kind !== 'Rollback' && stmt.kind !== 'Commit') {
      throw SqlError.of(SqlState.InFailedSqlTransaction, [], { position: stmt.position, detail: `The error that aborted it: ${this.aborted.message}` });
    }
    switch (stmt.kind) {
      case 'Begin':
        if (this.tx !== null) throw SqlError.of(SqlState.ActiveSqlTransaction, [], { position: stmt.position });
        this.tx = this.beginTx();
        this.readOnlyTx = stmt.readOnly;
        return affectedResult(0);
      case 'SetRole':
        this.setRole(stmt.name, stmt.position);
        return affectedResult(0);
      case 'Commit':
        return this.commit(stmt);
      case 'Rollback': {
        const tx = this.tx;
        if (tx === null) throw noTransaction('ROLLBACK', stmt);
        if (stmt.savepoint !== null) return this.rollbackTo(tx, stmt.savepoint, stmt);
        this.endTx();
        tx.rollback();
        return affectedResult(0);
      }
      case 'Savepoint':
        return this.savepoint(stmt);
      default:
        break;
    }
    const open = this.tx;
    if (open !== null) {
      const plan = this.planFor(text, i, open, params);
      // READ ONLY (invariant 13): a statement that may write is refused before it runs
      if (this.readOnlyTx && plan.readOnly !== true) throw SqlError.of(SqlState.ReadOnlySqlTransaction, [statementName(stmt)], { position: stmt.position });
      return this.runIn(open, plan, params, stmt, this.authFor(open), rows && plan.readOnly === true);
    }
    // Autocommit: the plan is made against the latest committed state, which a new transaction starts from.
    const plan = this.planFor(text, i, null, params);
    const auth = this.authFor(null);
    if (plan.readOnly === true) return this.runIn(this.snapshotReader(), plan, params, stmt, auth, rows);
    const tx = this.beginTx();
    try {
      const result = this.runIn(tx, plan, params, stmt, auth);
      if (tx.hasWrites) tx.commit();
      else tx.rollback();
      return result;
    } catch (e) {
      safeRollback(tx);
      throw e;
    }
  }

  /** ROLLBACK TO [SAVEPOINT] `name` (invariant 12): the transaction as it was at the savepoint, no longer aborted. */
  private rollbackTo(tx: Transaction, name: string, stmt: Statement): ResultSet {
    const at = this.savepointIndex(name, stmt);
    tx.rollbackTo(this.savepoints[at]!.mark);
    this.savepoints.length = at + 1;
    this.aborted = null;
    return affectedResult(0);
  }

  /** SAVEPOINT `name` or RELEASE [SAVEPOINT] `name` (invariant 12). */
  private savepoint(stmt: Extract<Statement, { kind: 'Savepoint' }>): ResultSet {
    const tx = this.tx;
    if (tx === null) {
      throw SqlError.of(SqlState.NoActiveSqlTransaction, [], { position: stmt.position, detail: `${stmt.release ? 'RELEASE SAVEPOINT' : 'SAVEPOINT'} can only be used in a transaction (BEGIN first).` });
    }
    if (stmt.release) this.savepoints.length = this.savepointIndex(stmt.name, stmt);
    else this.savepoints.push({ name: stmt.name, mark: tx.savepoint() });
    return affectedResult(0);
  }

  /** The index of the latest savepoint named `name`; 3B001 when there is none. */
  private savepointIndex(name: string, stmt: Statement): number {
    for (let i = this.savepoints.length - 1; i >= 0; i--) if (this.savepoints[i]!.name === name) return i;
    throw SqlError.of(SqlState.InvalidSavepointSpecification, [name], { position: stmt.position });
  }

  /**
   * A transaction over the latest committed state for autocommit reads (invariant 6): begun and at once
   * rolled back, so it holds the snapshot, records no reads and leaves nothing open; kept while the
   * committed state is unchanged.
   */
  private snapshotReader(): Transaction {
    const state = this.file.state;
    const cached = this.reader;
    if (cached !== null && cached.snapshot === state) return cached;
    const tx = this.beginTx();
    tx.rollback();
    this.reader = tx;
    return tx;
  }

  private commit(stmt: Statement): ResultSet {
    const tx = this.tx;
    if (tx === null) throw noTransaction('COMMIT', stmt);
    const aborted = this.aborted;
    this.endTx();
    if (aborted !== null) {
      // an aborted transaction commits nothing (invariant 12)
      tx.rollback();
      throw markRolledBack(SqlError.of(SqlState.InFailedSqlTransaction, [], { position: stmt.position, detail: `COMMIT of a transaction an error aborted (${aborted.message}).` }));
    }
    try {
      tx.commit();
    } catch (e) {
      safeRollback(tx);
      throw markRolledBack(asSqlError(e));
    }
    return affectedResult(0);
  }

  /**
   * The plan of statement `i` of `text` for the open transaction's state (or, with none, the latest committed
   * state) and these parameter values: made again when the schema has changed since, or when the plan is
   * typed by parameter values that these do not fit (invariant 7). A cached plan that holds is checked
   * against the schema version alone: the state itself is only looked at to plan anew.
   */
  private planFor(text: ParsedText, i: number, tx: Transaction | null, params: Params): StatementPlan {
    const plan = text.plans[i] ?? null;
    let typedBefore = false; // the schema holds and the cached plan is typed by parameters: type the new one
    const version = tx !== null ? tx.schemaVersion : this.file.state.schemaVersion;
    if (plan !== null && plan.schemaVersion === version) {
      const typed = plan.paramTypes;
      if (typed === undefined || typed === null || paramsFit(typed, params)) return plan;
      typedBefore = true;
    }
    const stmt = text.statements[i]!;
    const state = this.planningState(stmt, tx);
    let fresh = planWithAccess(stmt, state, () => planStatement(stmt, text.sql, state, typedBefore ? paramTypesOf(params) : null));
    const typed = fresh.paramTypes;
    if (typed !== undefined && typed !== null && !paramsFit(typed, params)) {
      fresh = planWithAccess(stmt, state, () => planStatement(stmt, text.sql, state, paramTypesOf(params)));
    }
    text.plans[i] = fresh.ddl ? null : fresh;
    return fresh;
  }

  /**
   * The state a statement is planned against: the transaction's (or, with none, the latest committed)
   * state; for INSERT … VALUES, whose plan reads schemas alone, the transaction's schema state, which
   * freezes none of the tables it has changed (invariant 8).
   */
  private planningState(stmt: Statement, tx: Transaction | null): DatabaseState {
    if (tx === null) return this.file.state;
    if (stmt.kind === 'Insert' && stmt.source.kind === 'InsertValues') return tx.schemaState;
    return tx.state;
  }

  /** Runs a plan in `tx` once the session may (invariant 10); with `rows`, opens a query's cursor (invariant 11). */
  private runIn(tx: Transaction, plan: StatementPlan, params: Params, stmt: Statement, auth: AuthInfo): ResultSet;
  private runIn(tx: Transaction, plan: StatementPlan, params: Params, stmt: Statement, auth: AuthInfo, rows: boolean): ResultSet | StatementRows;
  private runIn(tx: Transaction, plan: StatementPlan, params: Params, stmt: Statement, auth: AuthInfo, rows = false): ResultSet | StatementRows {
    authorize(stmt, plan, auth);
    const ctx = new ExecContext(tx, params, null, this.limits);
    ctx.auth = auth;
    if (rows && plan.openRows !== undefined) return plan.openRows(ctx);
    return plan.execute(ctx);
  }

  /** The limits of a statement starting now (invariant 9). */
  private limitsNow(): ExecLimits {
    const ms = this.timeoutMs;
    if (ms <= 0 && this.cancelFlag === null && this.progress === null) return NO_LIMITS;
    const deadline = ms > 0 ? performance.now() + ms : Infinity;
    return { deadline, cancel: this.cancelFlag, progress: this.progress };
  }
}

/** A statement text prepared on a session: parsed once, planned once per schema version. */
export class PreparedSql {
  constructor(
    private readonly session: Session,
    private readonly text: ParsedText,
  ) {}

  /** The SQL text. */
  get sql(): string {
    return this.text.sql;
  }

  /** Runs the prepared text with these parameters; `timeoutMs` as the session's invariant 9. */
  execute(params?: unknown, timeoutMs?: number): ResultSet {
    return this.session.runPrepared(this.text, params, timeoutMs);
  }
}

function noTransaction(what: string, stmt: Statement): SqlError {
  return SqlError.of(SqlState.InvalidTransactionState, [`${what} without a transaction in progress`], {
    position: stmt.position,
  });
}

function markRolledBack(err: SqlError): SqlError {
  return addDetail(err, ROLLED_BACK);
}

/** Adds `sentence` to the error's detail, once. */
function addDetail(err: SqlError, sentence: string): SqlError {
  if (err.detail === undefined) err.detail = sentence;
  else if (!err.detail.includes(sentence)) err.detail = `${err.detail}${/[.!?]$/.test(err.detail) ? '' : '.'} ${sentence}`;
  return err;
}

/** Rolls back, ignoring a transaction that has already ended itself (a failed commit ends it). */
function safeRollback(tx: Transaction): void {
  try {
    tx.rollback();
  } catch {
    // the transaction was already over: nothing is left to undo
  }
}

// a session of no database (decision 0018): when every database is closed, a full collection would otherwise
// take the class's maps with the optimised statement path that checks them
keepShape(() => new Session(null as unknown as DatabaseFile));
