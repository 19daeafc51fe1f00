/** src/level3-objects/transaction.test.ts — a transaction's own work: constraint checks, referential actions,
 *  schema changes, reads of its own writes. Commit and concurrency are in database-file.test.ts. */
import { SqlError, SqlState } from '../common/errors';
import { CHAR, INTEGER } from '../common/values/sql-type';
import { IndexKind, RefAction, TRANS_POS, type Physical } from '../level2-physical/physical';
import { RecordType } from '../level2-physical/record-type';
import { DatabaseState } from './database-state';
import { expandEntries, RecordRun, RUN_ROWS, type LogEntry } from '../level2-physical/record-run';
import type { RowRules } from './row-rules';
import { Transaction, type TransactionHost } from './transaction';
import type { DecodedTransaction } from '../level2-physical/transaction-codec';

class TestHost implements TransactionHost {
  commits: Physical[][] = [];
  ended = 0;
  commitTransaction(_tx: Transaction, records: readonly LogEntry[]): void {
    this.commits.push(expandEntries(records));
  }
  endTransaction(): void {
    this.ended++;
  }
  *committedLog(): IterableIterator<DecodedTransaction> {}
}

function col(name: string, notNull = false) {
  return { name, type: name === 'NAME' ? CHAR : INTEGER, notNull, defaultSql: null };
}

/** P(ID pk, NAME) and C(ID pk, P fk → P.ID with the given actions). */
function setup(onDelete = RefAction.Restrict, onUpdate = RefAction.Restrict) {
  const host = new TestHost();
  const tx = new Transaction(host, DatabaseState.empty(), 'tester');
  const p = tx.createTable('P');
  const pid = tx.addColumn(p, col('ID'));
  tx.addColumn(p, col('NAME', true));
  const ppk = tx.createIndex(p, { name: 'P_PK', kind: IndexKind.PrimaryKey, columns: [pid] });
  const c = tx.createTable('C');
  const cid = tx.addColumn(c, col('ID'));
  const cp = tx.addColumn(c, col('P'));
  tx.createIndex(c, { name: 'C_PK', kind: IndexKind.PrimaryKey, columns: [cid] });
  const cfk = tx.createIndex(c, { name: 'C_FK', kind: IndexKind.ForeignKey, columns: [cp], refIndex: ppk, onDelete, onUpdate });
  return { host, tx, p, c, ppk, cfk };
}

function sqlStateOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof SqlError) return e.sqlState;
    throw e;
  }
  throw new Error('expected an SqlError');
}

function rows(tx: Transaction, table: number): unknown[][] {
  return [...tx.state.table(table)!.rows.values()].map((r) => [...r]);
}

describe('Transaction: own work', () => {
  test('a state taken earlier keeps showing what it showed, however the transaction goes on', () => {
    const { tx, p } = setup();
    tx.insert(p, [1, 'one']);
    const s1 = tx.state; // deferred, never read before the transaction changes again
    const s1again = tx.state;
    expect(s1again).toBe(s1);
    tx.insert(p, [2, 'two']);
    const s2 = tx.state;
    const s2read = rows(tx, p);
    expect(sqlStateOf(() => tx.insert(p, [2, 'dup']))).toBe(SqlState.UniqueViolation);
    tx.insert(p, [3, 'three']);
    expect([...s1.table(p)!.rows.values()]).toEqual([[1, 'one']]);
    expect([...s2.table(p)!.rows.values()]).toEqual(s2read);
    expect(s2read).toEqual([[1, 'one'], [2, 'two']]);
    expect(rows(tx, p)).toEqual([[1, 'one'], [2, 'two'], [3, 'three']]);
    expect(s1.schemaVersion).toBe(tx.state.schemaVersion);
  });

  test('rollbackTo drops the records since a savepoint, rows, runs and schema alike, and the work goes on from there', () => {
    const { host, tx, p } = setup();
    tx.insert(p, [1, 'one']);
    expect(rows(tx, p)).toEqual([[1, 'one']]);
    const mark = tx.savepoint();
    tx.insert(p, [2, 'two']);
    tx.insert(p, [3, 'three']); // the two inserts share one run: the cut truncates it
    const t = tx.createTable('T');
    tx.addColumn(t, col('X'));
    expect(rows(tx, p)).toEqual([[1, 'one'], [2, 'two'], [3, 'three']]);
    const withT = tx.state.schemaVersion;
    tx.rollbackTo(mark);
    expect(rows(tx, p)).toEqual([[1, 'one']]);
    expect(tx.state.table(t)).toBeUndefined();
    // the rebuilt state's schema is drawn a new version: no plan made for the schema with T is taken for it
    expect(tx.state.schemaVersion).not.toBe(withT);
    // the keys the cut records held are free again, and the transaction goes on
    tx.insert(p, [2, 'again']);
    expect(rows(tx, p)).toEqual([[1, 'one'], [2, 'again']]);
    tx.rollbackTo(tx.savepoint()); // nothing since: nothing changes
    expect(rows(tx, p)).toEqual([[1, 'one'], [2, 'again']]);
    tx.commit();
    const committed = host.commits[0]!;
    expect(committed.flatMap((r) => (r.type === RecordType.Record ? [r.values] : []))).toEqual([[1, 'one'], [2, 'again']]);
    expect(committed.some((r) => r.type === RecordType.PTable && r.name === 'T')).toBe(false);
  });

  test('inserts are visible to the transaction by slot and by key, with temp positions', () => {
    const { tx, p, ppk } = setup();
    const r = tx.insert(p, [1, 'one']);
    expect(r).toBeGreaterThanOrEqual(TRANS_POS);
    expect(tx.state.table(p)!.rows.get(r)).toEqual([1, 'one']);
    expect(tx.state.index(ppk)!.tree.get([1])).toBe(r);
    expect(tx.hasWrites).toBe(true);
  });

  test('NOT NULL (declared, and implied by a primary key) → 23502, nothing added', () => {
    const { tx, p } = setup();
    const before = tx.pending.length;
    expect(sqlStateOf(() => tx.insert(p, [1, null]))).toBe(SqlState.NotNullViolation);
    expect(sqlStateOf(() => tx.insert(p, [null, 'x']))).toBe(SqlState.NotNullViolation);
    expect(tx.pending.length).toBe(before);
    const r = tx.insert(p, [1, 'x']);
    expect(sqlStateOf(() => tx.update(p, r, [[1, null]]))).toBe(SqlState.NotNullViolation);
    expect(tx.state.table(p)!.rows.get(r)).toEqual([1, 'x']);
  });

  test('a duplicate unique key → 23505 naming the index; NULLs never collide', () => {
    const { tx, p, c } = setup();
    tx.insert(p, [1, 'a']);
    const before = tx.pending.length;
    let err: SqlError | null = null;
    try {
      tx.insert(p, [1, 'b']);
    } catch (e) {
      err = e as SqlError;
    }
    expect(err?.sqlState).toBe(SqlState.UniqueViolation);
    expect(err?.message).toContain('P_PK');
    expect(err?.detail).toContain('(ID)=(1)');
    expect(tx.pending.length).toBe(before);
    const u = tx.createIndex(p, { name: 'P_NAME', kind: IndexKind.Unique, columns: [tx.state.table(p)!.columns[1]!.defpos] });
    expect(sqlStateOf(() => tx.insert(p, [2, 'a']))).toBe(SqlState.UniqueViolation);
    expect(tx.state.index(u)!.tree.size).toBe(1);
    tx.insert(c, [10, null]);
    tx.insert(c, [11, null]);
    expect(rows(tx, c)).toHaveLength(2);
  });

  test('an update may keep its own key, and moving a key onto another row → 23505', () => {
    const { tx, p } = setup();
    const r1 = tx.insert(p, [1, 'a']);
    tx.insert(p, [2, 'b']);
    expect(tx.update(p, r1, [[0, 1], [1, 'aa']])).toBe(true);
    expect(sqlStateOf(() => tx.update(p, r1, [[0, 2]]))).toBe(SqlState.UniqueViolation);
    expect(tx.state.table(p)!.rows.get(r1)).toEqual([1, 'aa']);
  });

  test('a child needs its parent (23503) unless its key has a NULL', () => {
    const { tx, p, c } = setup();
    expect(sqlStateOf(() => tx.insert(c, [10, 1]))).toBe(SqlState.ForeignKeyViolation);
    tx.insert(c, [10, null]);
    tx.insert(p, [1, 'a']);
    const child = tx.insert(c, [11, 1]);
    expect(sqlStateOf(() => tx.update(c, child, [[1, 2]]))).toBe(SqlState.ForeignKeyViolation);
  });

  test('RESTRICT: a referenced parent can be neither deleted nor re-keyed (23503)', () => {
    const { tx, p, c } = setup();
    const parent = tx.insert(p, [1, 'a']);
    const child = tx.insert(c, [10, 1]);
    const before = tx.pending.length;
    expect(sqlStateOf(() => tx.delete(p, parent))).toBe(SqlState.ForeignKeyViolation);
    expect(sqlStateOf(() => tx.update(p, parent, [[0, 5]]))).toBe(SqlState.ForeignKeyViolation);
    expect(tx.pending.length).toBe(before);
    expect(tx.update(p, parent, [[1, 'b']])).toBe(true);
    expect(tx.delete(c, child)).toBe(true);
    expect(tx.delete(p, parent)).toBe(true);
    expect(tx.delete(p, parent)).toBe(false);
    expect(rows(tx, p)).toEqual([]);
  });

  test('CASCADE deletes and re-keys children; SET NULL clears them', () => {
    const cascade = setup(RefAction.Cascade, RefAction.Cascade);
    const p1 = cascade.tx.insert(cascade.p, [1, 'a']);
    cascade.tx.insert(cascade.c, [10, 1]);
    cascade.tx.insert(cascade.c, [11, 1]);
    cascade.tx.update(cascade.p, p1, [[0, 2]]);
    expect(rows(cascade.tx, cascade.c).map((r) => r[1])).toEqual([2, 2]);
    cascade.tx.delete(cascade.p, p1);
    expect(rows(cascade.tx, cascade.c)).toEqual([]);

    const setNull = setup(RefAction.SetNull, RefAction.SetNull);
    const q1 = setNull.tx.insert(setNull.p, [1, 'a']);
    setNull.tx.insert(setNull.c, [10, 1]);
    setNull.tx.delete(setNull.p, q1);
    expect(rows(setNull.tx, setNull.c)).toEqual([[10, null]]);
  });

  test('SET DEFAULT asks the RowRules for the value and has them check the changed row', () => {
    const { tx, p, c } = setup(RefAction.SetDefault, RefAction.SetDefault);
    const p0 = tx.insert(p, [0, 'zero']);
    const p1 = tx.insert(p, [1, 'a']);
    tx.insert(c, [10, 1]);
    // without rules Level 3 cannot evaluate a DEFAULT
    expect(sqlStateOf(() => tx.delete(p, p1))).toBe(SqlState.FeatureNotSupported);
    const seen: unknown[][] = [];
    const rules: RowRules = {
      defaultValue: (t, column) => (t.name === 'C' && column.name === 'P' ? 0 : null),
      completeRow: (_t, row) => {
        seen.push(row.slice());
        return [];
      },
    };
    expect(tx.delete(p, p1, rules)).toBe(true);
    expect(rows(tx, c)).toEqual([[10, 0]]);
    expect(seen).toEqual([[10, 0]]);
    // the default key must exist: deleting it orphans the child (23503), and nothing changes
    expect(sqlStateOf(() => tx.delete(p, p0, rules))).toBe(SqlState.ForeignKeyViolation);
    expect(rows(tx, p)).toHaveLength(1);
    // a check the rules make refuses the action
    const refuse: RowRules = { ...rules, completeRow: () => { throw SqlError.of(SqlState.CheckViolation, ['C', 'C_CHECK']); } };
    expect(sqlStateOf(() => tx.update(p, p0, [[0, 7]], refuse))).toBe(SqlState.CheckViolation);
    expect(rows(tx, c)).toEqual([[10, 0]]);
  });

  test('a cascade that fails part-way is undone as a whole', () => {
    const { tx, p, c } = setup(RefAction.Cascade);
    const g = tx.createTable('G');
    const gc = tx.addColumn(g, col('C'));
    const cpk = tx.state.tableByName('C')!.primaryKey!.defpos;
    tx.createIndex(g, { name: 'G_FK', kind: IndexKind.ForeignKey, columns: [gc], refIndex: cpk });
    const parent = tx.insert(p, [1, 'a']);
    tx.insert(c, [10, 1]);
    tx.insert(c, [11, 1]);
    tx.insert(g, [11]);
    const before = tx.pending.length;
    const earlier = tx.state; // deferred; the failed delete rebuilds the local state under it
    expect(sqlStateOf(() => tx.delete(p, parent))).toBe(SqlState.ForeignKeyViolation);
    expect(tx.pending.length).toBe(before);
    expect(rows(tx, p)).toHaveLength(1);
    expect(rows(tx, c)).toHaveLength(2);
    expect(earlier.table(c)!.rows.size).toBe(2);
    expect(earlier.table(g)!.rows.size).toBe(1);
  });

  test('a row may reference itself', () => {
    const host = new TestHost();
    const tx = new Transaction(host, DatabaseState.empty(), 'tester');
    const t = tx.createTable('T');
    const id = tx.addColumn(t, col('ID'));
    const up = tx.addColumn(t, col('UP'));
    const pk = tx.createIndex(t, { name: 'T_PK', kind: IndexKind.PrimaryKey, columns: [id] });
    tx.createIndex(t, { name: 'T_UP', kind: IndexKind.ForeignKey, columns: [up], refIndex: pk, onDelete: RefAction.Cascade });
    const a = tx.insert(t, [1, 1]);
    tx.insert(t, [2, 1]);
    tx.insert(t, [3, 2]);
    expect(sqlStateOf(() => tx.insert(t, [4, 9]))).toBe(SqlState.ForeignKeyViolation);
    const lone = tx.insert(t, [7, 7]);
    tx.update(t, lone, [[0, 8], [1, 8]]);
    expect(sqlStateOf(() => tx.update(t, lone, [[0, 9]]))).toBe(SqlState.ForeignKeyViolation);
    expect(tx.state.table(t)!.rows.get(lone)).toEqual([8, 8]);
    tx.delete(t, a);
    expect(rows(tx, t)).toEqual([[8, 8]]);
  });

  test('schema errors: duplicate table, column, index name, second primary key', () => {
    const { tx, p, c } = setup();
    expect(sqlStateOf(() => tx.createTable('P'))).toBe(SqlState.DuplicateTable);
    expect(sqlStateOf(() => tx.addColumn(p, col('ID')))).toBe(SqlState.DuplicateColumn);
    const cols = tx.state.table(c)!.columns.map((x) => x.defpos);
    expect(sqlStateOf(() => tx.createIndex(c, { name: 'P_PK', kind: IndexKind.Unique, columns: cols }))).toBe(SqlState.DuplicateObject);
    expect(sqlStateOf(() => tx.createIndex(c, { name: 'X', kind: IndexKind.PrimaryKey, columns: cols }))).toBe(SqlState.InvalidTableDefinition);
    expect(sqlStateOf(() => tx.createIndex(c, { name: 'Y', kind: IndexKind.ForeignKey, columns: cols, refIndex: -5 }))).toBe(SqlState.InvalidForeignKey);
  });

  test('a new index checks the existing rows', () => {
    const { tx, p, c } = setup();
    tx.insert(p, [1, 'a']);
    tx.insert(p, [2, 'a']);
    const name = tx.state.table(p)!.columns[1]!.defpos;
    expect(sqlStateOf(() => tx.createIndex(p, { name: 'U', kind: IndexKind.Unique, columns: [name] }))).toBe(SqlState.UniqueViolation);
    const n = tx.createIndex(p, { name: 'N', kind: IndexKind.NonUnique, columns: [name] });
    expect(tx.state.index(n)!.tree.size).toBe(2);
    const d = tx.createTable('D');
    const dp = tx.addColumn(d, col('P'));
    tx.insert(d, [7]);
    const ppk = tx.state.tableByName('P')!.primaryKey!.defpos;
    expect(sqlStateOf(() => tx.createIndex(d, { name: 'D_FK', kind: IndexKind.ForeignKey, columns: [dp], refIndex: ppk }))).toBe(SqlState.ForeignKeyViolation);
    expect(tx.state.table(c)!.indexes).toHaveLength(2);
  });

  test('adding a NOT NULL column without default to a table with rows → 23502; altering NOT NULL checks rows', () => {
    const { tx, p } = setup();
    const r = tx.insert(p, [1, 'a']);
    expect(sqlStateOf(() => tx.addColumn(p, col('X', true)))).toBe(SqlState.NotNullViolation);
    const x = tx.addColumn(p, { ...col('X'), defaultSql: '0' });
    expect(tx.state.table(p)!.rows.get(r)![2] ?? null).toBeNull();
    expect(sqlStateOf(() => tx.alterColumn(x, { notNull: true, name: 'Y' }))).toBe(SqlState.NotNullViolation);
    tx.update(p, r, [[2, 5]]);
    tx.alterColumn(x, { name: 'Y', notNull: true });
    expect(tx.state.column(x)!.name).toBe('Y');
  });

  test('drops: a referenced table or key is protected (2BP01); dropping a column drops its indexes', () => {
    const { tx, p, c, ppk, cfk } = setup();
    expect(sqlStateOf(() => tx.drop(p))).toBe(SqlState.DependentObjectsStillExist);
    expect(sqlStateOf(() => tx.drop(ppk))).toBe(SqlState.DependentObjectsStillExist);
    const cp = tx.state.tableByName('C')!.columns[1]!.defpos;
    tx.drop(cp);
    expect(tx.state.index(cfk)).toBeUndefined();
    expect(tx.state.referencingIndexes(ppk)).toEqual([]);
    tx.drop(p);
    expect(tx.state.tableByName('P')).toBeUndefined();
    expect(tx.state.table(c)!.columns.map((x) => x.name)).toEqual(['ID']);
    expect(sqlStateOf(() => tx.drop(123456))).toBe(SqlState.UndefinedObject);
  });

  test('renames (invariant 8 of transaction-ddl.ts): references by defpos follow; a taken name or a view naming the table refuses', () => {
    const { tx, p, c, ppk, cfk } = setup();
    tx.insert(p, [1, 'a']);
    const name = tx.state.table(p)!.columns[1]!.defpos;
    const k = tx.addCheck(p, { column: name, name: 'P_NAME_SET', sql: "NAME <> ''" });
    expect(sqlStateOf(() => tx.rename(p, 'C'))).toBe(SqlState.DuplicateTable);
    expect(sqlStateOf(() => tx.rename(name, 'ID'))).toBe(SqlState.DuplicateColumn);
    let detail: string | undefined;
    try {
      tx.rename(name, 'ID');
    } catch (e) {
      detail = (e as SqlError).detail;
    }
    expect(detail).toBe('Table P already has a column ID.');
    expect(sqlStateOf(() => tx.rename(ppk, 'C_FK'))).toBe(SqlState.DuplicateObject);
    expect(sqlStateOf(() => tx.rename(123456, 'X'))).toBe(SqlState.UndefinedObject);
    tx.rename(p, 'PARENT');
    tx.rename(name, 'LABEL');
    tx.rename(ppk, 'PARENT_PK');
    tx.rename(k, 'PARENT_LABEL_SET');
    expect(sqlStateOf(() => tx.addCheck(p, { column: -1, name: 'PARENT_LABEL_SET', sql: '1 = 1' }))).toBe(SqlState.DuplicateObject);
    const s = tx.state;
    expect(s.tableByName('P')).toBeUndefined();
    expect(s.tableByName('PARENT')!.defpos).toBe(p);
    expect(s.table(p)!.columns.map((x) => x.name)).toEqual(['ID', 'LABEL']);
    expect(s.indexByName('P_PK')).toBeUndefined();
    expect(s.indexByName('PARENT_PK')!.defpos).toBe(ppk);
    expect(s.table(p)!.primaryKey!.name).toBe('PARENT_PK');
    expect(s.table(p)!.checks.map((x) => x.name)).toEqual(['PARENT_LABEL_SET']);
    expect(s.referencingIndexes(ppk).map((x) => x.defpos)).toEqual([cfk]);
    expect(sqlStateOf(() => tx.insert(c, [10, 2]))).toBe(SqlState.ForeignKeyViolation);
    tx.insert(c, [10, 1]);
    tx.createView({ name: 'V', columns: [], sql: 'SELECT * FROM parent', uses: [p] });
    expect(sqlStateOf(() => tx.rename(p, 'PARENTS'))).toBe(SqlState.DependentObjectsStillExist);
    expect(tx.state.tableByName('PARENT')!.defpos).toBe(p);
  });

  test('deleteMany: a row that references another row of the batch goes with it; a child left behind refuses the whole batch', () => {
    const host = new TestHost();
    const tx = new Transaction(host, DatabaseState.empty(), 'tester');
    const n = tx.createTable('N');
    const id = tx.addColumn(n, col('ID'));
    const up = tx.addColumn(n, col('UP'));
    const pk = tx.createIndex(n, { name: 'N_PK', kind: IndexKind.PrimaryKey, columns: [id] });
    tx.createIndex(n, { name: 'N_UP', kind: IndexKind.ForeignKey, columns: [up], refIndex: pk, onDelete: RefAction.NoAction });
    const [r1, r2, r3, r4] = [tx.insert(n, [1, null]), tx.insert(n, [2, 1]), tx.insert(n, [3, 2]), tx.insert(n, [4, 1])];
    expect(sqlStateOf(() => tx.delete(n, r2!))).toBe(SqlState.ForeignKeyViolation);
    expect(sqlStateOf(() => tx.deleteMany(n, [r1!, r2!]))).toBe(SqlState.ForeignKeyViolation);
    expect(rows(tx, n)).toHaveLength(4); // the failed batch left nothing
    expect(tx.deleteMany(n, [r3!, r2!, r3!])).toBe(2);
    expect(rows(tx, n)).toEqual([
      [1, null],
      [4, 1],
    ]);
    expect(tx.delete(n, r1!, null, new Set([r1!, r4!]))).toBe(true); // row by row, with the statement's rows
    expect(tx.delete(n, r4!)).toBe(true);
    expect(rows(tx, n)).toEqual([]);
  });

  test('insert then update then delete of one new row in one transaction', () => {
    const { tx, p } = setup();
    const r = tx.insert(p, [1, 'a']);
    tx.update(p, r, [[1, 'b']]);
    const upd = tx.pending[tx.pending.length - 1]!;
    expect(upd).toMatchObject({ type: RecordType.Update, row: r, prev: r });
    tx.update(p, r, [[1, 'c']]);
    expect(tx.pending[tx.pending.length - 1]).toMatchObject({ prev: upd.ppos });
    expect(tx.state.table(p)!.rows.get(r)).toEqual([1, 'c']);
    tx.delete(p, r);
    expect(tx.state.table(p)!.rows.size).toBe(0);
  });

  test('commit hands the records to the host once; the transaction is then over', () => {
    const { tx, host, p } = setup();
    const n = tx.pending.length;
    tx.commit();
    expect(host.commits).toHaveLength(1);
    expect(host.commits[0]).toHaveLength(n);
    expect(host.ended).toBe(1);
    expect(tx.isOpen).toBe(false);
    expect(sqlStateOf(() => tx.insert(p, [1, 'a']))).toBe(SqlState.NoActiveSqlTransaction);
    expect(sqlStateOf(() => tx.commit())).toBe(SqlState.NoActiveSqlTransaction);
    tx.rollback();
    expect(host.ended).toBe(1);
  });

  test('a transaction with no records ends without the host committing', () => {
    const host = new TestHost();
    const tx = new Transaction(host, DatabaseState.empty(), 'tester');
    tx.readTable(5);
    tx.commit();
    expect(host.commits).toHaveLength(0);
    expect(host.ended).toBe(1);
  });
});

describe('Transaction: inserted rows kept as runs (invariant 9)', () => {
  /** The entries the host was handed, as it saw them. */
  class EntryHost extends TestHost {
    entries: LogEntry[] = [];
    override commitTransaction(tx: Transaction, records: readonly LogEntry[]): void {
      this.entries = [...records];
      super.commitTransaction(tx, records);
    }
  }

  function setupRuns() {
    const host = new EntryHost();
    const tx = new Transaction(host, DatabaseState.empty(), 'tester');
    const p = tx.createTable('P');
    const pid = tx.addColumn(p, col('ID'));
    tx.addColumn(p, col('NAME'));
    tx.createIndex(p, { name: 'P_PK', kind: IndexKind.PrimaryKey, columns: [pid] });
    const q = tx.createTable('Q');
    tx.addColumn(q, col('ID'));
    return { host, tx, p, q };
  }

  test('consecutive full rows of one table share a run; another table, or a row with a NULL, starts anew', () => {
    const { host, tx, p, q } = setupRuns();
    const schema = tx.pending.length;
    tx.insert(p, [1, 'a']);
    tx.insert(p, [2, 'b']);
    tx.insert(q, [7]);
    tx.insert(p, [3, null]); // fields omit the NULL: a record of its own
    tx.insert(p, [4, 'd']);
    tx.insert(p, [5, 'e']);
    const pending = tx.pending.slice(schema);
    expect(pending.map((r) => r.type)).toEqual(Array(6).fill(RecordType.Record));
    expect(pending.map((r) => (r as unknown as { values: unknown[] }).values)).toEqual([[1, 'a'], [2, 'b'], [7], [3], [4, 'd'], [5, 'e']]);
    expect(rows(tx, p)).toEqual([[1, 'a'], [2, 'b'], [3, null], [4, 'd'], [5, 'e']]);
    tx.commit();
    const runs = host.entries.filter((e): e is RecordRun => e instanceof RecordRun);
    expect(runs.map((r) => r.rows.length)).toEqual([2, 1, 2]);
    expect(host.commits[0]!.slice(schema)).toEqual(pending);
  });

  test('a run holds at most RUN_ROWS rows: a longer load is several runs standing for the same records', () => {
    const { host, tx, p } = setupRuns();
    const schema = tx.pending.length;
    const n = 2 * RUN_ROWS + 5;
    for (let i = 0; i < n; i++) tx.insert(p, [i, `r${i}`]);
    const pending = tx.pending.slice(schema);
    expect(pending).toHaveLength(n);
    expect(pending.map((r) => (r as unknown as { values: unknown[] }).values[0])).toEqual([...Array(n).keys()]);
    // positions go on across runs with no gap
    expect(pending.every((r, i) => i === 0 || r.ppos === pending[i - 1]!.ppos + 1)).toBe(true);
    expect(tx.state.table(p)!.rows.size).toBe(n);
    tx.commit();
    const runs = host.entries.filter((e): e is RecordRun => e instanceof RecordRun);
    expect(runs.map((r) => r.rows.length)).toEqual([RUN_ROWS, RUN_ROWS, 5]);
    expect(host.commits[0]!.slice(schema)).toEqual(pending);
  });

  test('undo that cuts back into an earlier run leaves later runs out', () => {
    const { tx, p } = setupRuns();
    for (let i = 0; i < RUN_ROWS - 2; i++) tx.insert(p, [i, 'a']);
    const mark = tx.pending.length;
    for (let i = RUN_ROWS; i < RUN_ROWS + 10; i++) tx.insert(p, [i, 'b']);
    (tx as unknown as { undo(mark: number): void }).undo(mark);
    expect(tx.pending).toHaveLength(mark);
    expect(rows(tx, p)).toHaveLength(RUN_ROWS - 2);
    tx.insert(p, [RUN_ROWS + 3, 'c']);
    expect(rows(tx, p).at(-1)).toEqual([RUN_ROWS + 3, 'c']);
  });

  test('schemaVersion is the version of the state, before and after DDL inside the transaction', () => {
    const { tx, p } = setupRuns();
    expect(tx.schemaVersion).toBe(tx.state.schemaVersion);
    tx.insert(p, [1, 'a']);
    expect(tx.schemaVersion).toBe(tx.state.schemaVersion);
    const before = tx.schemaVersion;
    tx.createTable('R');
    expect(tx.schemaVersion).not.toBe(before);
    expect(tx.schemaVersion).toBe(tx.state.schemaVersion);
  });

  test('undo cuts a run part-way and the local state is rebuilt without the rows cut', () => {
    const { tx, p } = setupRuns();
    tx.insert(p, [1, 'a']);
    const mark = tx.pending.length;
    tx.insert(p, [2, 'b']);
    tx.insert(p, [3, 'c']);
    expect(rows(tx, p)).toHaveLength(3);
    (tx as unknown as { undo(mark: number): void }).undo(mark);
    expect(tx.pending).toHaveLength(mark);
    expect(rows(tx, p)).toEqual([[1, 'a']]);
    // the run goes on from where it was cut, and the key that was undone is free again
    tx.insert(p, [2, 'again']);
    expect(rows(tx, p)).toEqual([[1, 'a'], [2, 'again']]);
  });

  test('a deferred state covers exactly the rows of a run that existed when it was taken', () => {
    const { tx, p } = setupRuns();
    tx.insert(p, [1, 'a']);
    const before = tx.state;
    tx.insert(p, [2, 'b']);
    tx.insert(p, [3, 'c']);
    expect([...before.table(p)!.rows.values()]).toEqual([[1, 'a']]);
    expect(rows(tx, p)).toHaveLength(3);
  });
});
