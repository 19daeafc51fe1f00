/**
 * src/database.ts — the embedded, synchronous public API (Contract E): `Database.open`, `execute`, `prepare`,
 * `close`, `inTransaction`, and `collection` (the MongoDB-style API of src/collection.ts).
 *
 * 1. `':memory:'` opens a NEW in-memory database every time; any other path `p` opens or creates `p.pfl`
 *    (resolved against the current directory) through the file store, which takes the file's lock. A path
 *    that already ends in `.pfl` names that file: `shop` and `shop.pfl` are the same database (never
 *    `shop.pfl.pfl`).
 * 2. A process-wide registry keyed by the resolved file path makes a second `open` of the same file another
 *    connection (Session) to the same DatabaseFile; the file is closed when its last connection closes.
 * 3. Every method of a closed Database (and of its prepared statements) raises ConnectionDoesNotExist
 *    (08003); `close` itself is idempotent and rolls back an open transaction.
 * 4. Everything thrown is an SqlError (the session converts stray errors to InternalError).
 * 5. A torn tail cut off at open is reported as a process warning with code PYRRHODB_TORN_TAIL.
 * 6. `statementTimeoutMs` (open) and `timeoutMs` (per call) limit each statement's running time: one that runs
 *    longer fails with 57014 and changes nothing. 0 means no limit; a negative or non-finite value is 22023.
 * 8. A file database keeps a checkpoint beside its log (`NAME.pck` for `NAME.pfl`, level1-datafile/
 *    checkpoint-store.ts): open loads it when usable, and the file writes a new one when its last connection
 *    closes and the log has grown enough. A checkpoint that cannot be written is reported as a process
 *    warning with code PYRRHODB_CHECKPOINT, never as an error.
 * 7. Users: `open(path, { user, password })` authenticates the user against the database's users (28P01 for
 *    an unknown user or a wrong password, alike; accepted while the database has no users) and runs the
 *    connection as that user. Without `user` the connection runs as the operating-system user
 *    (`os.userInfo().username`), as Pyrrho's embedded connections do: the owner when the database was set up
 *    by that user, else a user with PUBLIC's privileges (docs/sql-dialect.md "Users, roles and privileges").
 * 8. The engine (session, parser, planner, storage) is loaded by the first `open`, not by `require('pyrrhodb')`
 *    (src/engine.ts); this module refers to its classes by type only.
 */
import * as os from 'os';
import * as path from 'path';
import { withCodeCache } from './code-cache';
import { Collection } from './collection';
import { SqlError, SqlState } from './common/errors';
import type * as Engine from './engine';
import type { DatabaseFile, PreparedSql, ResultSet, Session, StatementRows } from './level4-sql/session';

let loadedEngine: typeof Engine | undefined;

/** The engine, loaded by the first `open` (src/engine.ts, invariant 8). */
function engine(): typeof Engine {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loadedEngine ??= withCodeCache(() => require('./engine') as typeof Engine);
  return loadedEngine;
}

export type { ResultSet, StatementRows };

/** What `Database.check` found (level3-objects/database-check.ts). */
export type CheckReport = ReturnType<typeof Engine.DatabaseFile.check>;

/** Parameter values: an array for `?` marks, an object for `@name` parameters (`{ '@a': 1 }` or `{ a: 1 }`). */
export type Parameters = readonly unknown[] | Readonly<Record<string, unknown>>;

/** Options of `Database.open`. */
export interface OpenOptions {
  /** each statement fails with 57014 after this many milliseconds (0 or absent: no limit) */
  readonly statementTimeoutMs?: number;
  /** run as this user (authenticated with `password`); absent: the operating-system user (invariant 7) */
  readonly user?: string;
  /** the user's password */
  readonly password?: string;
}

/** The login of a connection opened without a user: the operating-system user (invariant 7). */
function osLogin(): string {
  try {
    return os.userInfo().username;
  } catch {
    return 'guest';
  }
}

/** Options of one `execute`. */
export interface ExecuteOptions {
  /** this call's statements fail with 57014 after this many milliseconds each (0: no limit; absent: the open option) */
  readonly timeoutMs?: number;
}

/** A timeout option checked (invariant 6): a number of milliseconds, or undefined when not given. */
function timeoutOption(v: unknown, name: string): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
    throw SqlError.of(SqlState.InvalidParameterValue, [`${name} must be a number of milliseconds >= 0, not ${String(v)}`]);
  }
  return v;
}

/** The options object itself checked: an object or undefined. */
function optionsObject<T>(v: T | undefined, what: string): T | undefined {
  if (v !== undefined && (typeof v !== 'object' || v === null)) {
    throw SqlError.of(SqlState.InvalidParameterValue, [`${what} options must be an object`]);
  }
  return v;
}

/** The suffix of database files. */
export const FILE_EXTENSION = '.pfl';

interface OpenFile {
  readonly file: DatabaseFile;
  connections: number;
}

/** Open database files of this process, by resolved path (invariant 2). */
const registry = new Map<string, OpenFile>();

function openShared(filePath: string): { file: DatabaseFile; release: () => void } {
  let entry = registry.get(filePath);
  if (entry === undefined) {
    const { checkpointPathFor, DatabaseFile, FileCheckpointStore, NodeFileStore } = engine();
    const store = NodeFileStore.open(filePath);
    let file: DatabaseFile;
    try {
      file = DatabaseFile.open(store, { checkpoint: new FileCheckpointStore(checkpointPathFor(filePath)) });
    } catch (e) {
      store.close();
      throw e;
    }
    if (file.tornTail !== null) {
      // DESIGN: a torn tail is cut off on open "and said so": a Node process warning, which a library may emit
      process.emitWarning(
        `${filePath}: cut off ${file.tornTail.length} bytes at offset ${file.tornTail.offset} left by an unfinished commit`,
        { code: 'PYRRHODB_TORN_TAIL' },
      );
    }
    entry = { file, connections: 0 };
    registry.set(filePath, entry);
  }
  const shared = entry;
  shared.connections++;
  const release = (): void => {
    shared.connections--;
    if (shared.connections === 0) {
      registry.delete(filePath);
      shared.file.close();
      const failure = shared.file.checkpointFailure;
      if (failure !== null) {
        // invariant 8: the log is intact; the next open replays what the checkpoint would have saved
        process.emitWarning(`${filePath}: no checkpoint written (${failure.message})`, { code: 'PYRRHODB_CHECKPOINT' });
      }
    }
  };
  return { file: shared.file, release };
}

/** The resolved path of the file `Database.open(dbPath)` opens: `dbPath.pfl`, or `dbPath` if it ends in `.pfl`. */
function databaseFilePath(dbPath: string): string {
  return path.resolve(dbPath.endsWith(FILE_EXTENSION) ? dbPath : dbPath + FILE_EXTENSION);
}

/** A connection to an embedded pyrrhodb database. */
export class Database {
  private released = false;

  private constructor(
    private readonly session: Session,
    private readonly release: () => void,
    /** `':memory:'` or the resolved path of the `.pfl` file */
    readonly name: string,
  ) {}

  /**
   * Opens (or creates) `dbPath.pfl` — or `dbPath` itself when it already ends in `.pfl` — or a new in-memory
   * database for `':memory:'`.
   */
  static open(dbPath: string, options?: OpenOptions): Database {
    if (typeof dbPath !== 'string' || dbPath.length === 0) {
      throw SqlError.of(SqlState.InvalidParameterValue, ['database path must be a non-empty string']);
    }
    const opts = optionsObject(options, 'open');
    const timeout = timeoutOption(opts?.statementTimeoutMs, 'statementTimeoutMs') ?? 0;
    const user = opts?.user;
    if (user !== undefined && (typeof user !== 'string' || user.length === 0)) {
      throw SqlError.of(SqlState.InvalidParameterValue, ['user must be a non-empty string']);
    }
    const { asSqlError, authenticateLogin, DatabaseFile, MemoryStore, Session } = engine();
    const session = (file: DatabaseFile): Session =>
      new Session(file, user === undefined ? osLogin() : authenticateLogin(file.state, user, opts?.password));
    let db: Database;
    try {
      if (dbPath === ':memory:') {
        const file = DatabaseFile.open(new MemoryStore(':memory:', { keepContent: false }));
        db = new Database(session(file), () => file.close(), dbPath);
      } else {
        const filePath = databaseFilePath(dbPath);
        const { file, release } = openShared(filePath);
        try {
          db = new Database(session(file), release, filePath);
        } catch (e) {
          release();
          throw e;
        }
      }
    } catch (e) {
      throw asSqlError(e);
    }
    db.session.statementTimeoutMs = timeout;
    return db;
  }

  /**
   * @internal pyrrhocmd --check's entry (not part of the public API in DESIGN.md's "Interfaces").
   * Verifies the database file `dbPath` (as `open` names it) and its checkpoint without opening it for
   * writing: no lock is taken and nothing is written (`pyrrhocmd --check`). A file that cannot be read at all
   * is an SqlError; everything else is in the report.
   */
  static check(dbPath: string): CheckReport {
    if (typeof dbPath !== 'string' || dbPath.length === 0 || dbPath === ':memory:') {
      throw SqlError.of(SqlState.InvalidParameterValue, ['check needs the path of a database file']);
    }
    const filePath = databaseFilePath(dbPath);
    const { checkpointPathFor, DatabaseFile, FileCheckpointStore, NodeFileStore } = engine();
    const store = NodeFileStore.open(filePath, { readOnly: true });
    try {
      return DatabaseFile.check(store, new FileCheckpointStore(checkpointPathFor(filePath)));
    } finally {
      store.close();
    }
  }

  /** @internal pyrrhocmd's hooks: a cancel flag another thread sets (Ctrl-C) and a progress callback */
  watch(cancelFlag: Int32Array | null, progress: ((rowsSoFar: number) => void) | null): void {
    this.session.cancelFlag = cancelFlag;
    this.session.progress = progress;
  }

  /** True while an explicit transaction (BEGIN … COMMIT/ROLLBACK) is open on this connection. */
  get inTransaction(): boolean {
    return this.session.inTransaction;
  }

  /** True once `close` has been called. */
  get closed(): boolean {
    return this.session.isClosed;
  }

  /** Runs the statements of `sql` in order; returns the last one's result. */
  execute(sql: string, params?: Parameters, options?: ExecuteOptions): ResultSet {
    return this.session.execute(sql, params, timeoutOption(optionsObject(options, 'execute')?.timeoutMs, 'timeoutMs'));
  }

  /**
   * @internal pyrrhosvr's engine: runs `sql` as `execute` does, but the last statement's rows are pulled one
   * at a time — from a read-only query's open cursor, without gathering them (session.ts invariant 11). This
   * connection's next call ends them.
   */
  executeRows(sql: string, params?: Parameters): StatementRows {
    return this.session.executeRows(sql, params);
  }

  /** Parses (and plans) `sql` once for repeated execution. */
  prepare(sql: string): PreparedStatement {
    return new PreparedStatement(this.session.prepare(sql));
  }

  /**
   * The MongoDB-style collection `name`: the table "name" (case kept) with one DOCUMENT column, created by the
   * first insert; see src/collection.ts.
   */
  collection(name: string): Collection {
    const closed = (): SqlError => SqlError.of(SqlState.ConnectionDoesNotExist, ['the database is closed']);
    if (this.session.isClosed) throw closed();
    return new Collection(this, name, (table) => {
      if (this.session.isClosed) throw closed();
      return this.session.file.state.tableByName(table) !== undefined;
    });
  }

  /** Rolls back an open transaction and closes the connection; the file closes with its last connection. */
  close(): void {
    if (this.released) return;
    this.released = true;
    try {
      this.session.close();
    } finally {
      this.release();
    }
  }
}

/** A statement prepared on a Database: parsed once, planned once per schema version. */
export class PreparedStatement {
  /** @internal use `Database.prepare` */
  constructor(private readonly prepared: PreparedSql) {}

  /** The SQL text. */
  get sql(): string {
    return this.prepared.sql;
  }

  /** Runs the statement with these parameters. */
  execute(params?: Parameters, options?: ExecuteOptions): ResultSet {
    return this.prepared.execute(params, timeoutOption(optionsObject(options, 'execute')?.timeoutMs, 'timeoutMs'));
  }
}
