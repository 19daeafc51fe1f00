/**
 * src/level4-sql/statements/explain.test.ts — EXPLAIN through the public API: plain EXPLAIN without parameter
 * values, with them, prepared; EXPLAIN ANALYZE needing them; statements EXPLAIN cannot show.
 */
import { Database } from '../../database';
import { SqlError, SqlState } from '../../common/errors';
import { sqlStateOf } from '../../common/testing/sql-state-of';

let db: Database;
beforeAll(() => {
  db = Database.open(':memory:');
  db.execute('CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER); INSERT INTO t VALUES (1, 10)');
});
afterAll(() => db.close());

const plan = (sql: string, params?: unknown[] | Record<string, unknown>): unknown[] => db.execute(sql, params).rows.map((r) => r[0]);

test('plain EXPLAIN needs no parameter values: keys print as ? or @name', () => {
  expect(plan('EXPLAIN SELECT * FROM t WHERE id = ?')).toEqual(['Project (ID, V)', '  TrivialRowSet T key (ID) = (?)']);
  expect(plan('EXPLAIN SELECT v FROM t WHERE id = @k')).toEqual(['Project (V)', '  TrivialRowSet T key (ID) = (@k)']);
  expect(plan('EXPLAIN UPDATE t SET v = ? WHERE id = ?').join('\n')).toContain('key (ID) = (?)');
  expect(plan('EXPLAIN DELETE FROM t WHERE id = ?').join('\n')).toContain('key (ID) = (?)');
  const p = db.prepare('EXPLAIN SELECT * FROM t WHERE id = ?');
  expect(p.execute().rows).toHaveLength(2);
  expect(p.execute([2]).rows[1]![0]).toBe('  EmptyRowSet T key (ID) = (?)');
});

test('with values, constant keys are looked up', () => {
  expect(plan('EXPLAIN SELECT * FROM t WHERE id = ?', [1])[1]).toBe('  TrivialRowSet T key (ID) = (?)');
  expect(plan('EXPLAIN SELECT * FROM t WHERE id = ?', [2])[1]).toBe('  EmptyRowSet T key (ID) = (?)');
  expect(plan('EXPLAIN SELECT * FROM t WHERE id = @k', { k: 2 })[1]).toBe('  EmptyRowSet T key (ID) = (@k)');
  // a wrong number of values is still an error
  expect(sqlStateOf(() => db.execute('EXPLAIN SELECT * FROM t WHERE id = ?', [1, 2]))).toBe(SqlState.WrongParameterCount);
});

test('EXPLAIN ANALYZE runs the statement, so it needs the values', () => {
  expect(sqlStateOf(() => db.execute('EXPLAIN ANALYZE SELECT * FROM t WHERE id = ?'))).toBe(SqlState.WrongParameterCount);
  expect(sqlStateOf(() => db.execute('EXPLAIN ANALYZE SELECT * FROM t WHERE id = @k'))).toBe(SqlState.UndefinedParameter);
  expect(plan('EXPLAIN ANALYZE SELECT * FROM t WHERE id = ?', [1])).toContain('rows visited: 1');
  // a text mixing plain EXPLAIN with another statement binds as usual
  expect(sqlStateOf(() => db.execute('EXPLAIN SELECT * FROM t WHERE id = ?; SELECT ?'))).toBe(SqlState.WrongParameterCount);
});

test('EXPLAIN of a statement it cannot show names it in SQL', () => {
  for (const [sql, words] of [
    ['EXPLAIN CREATE TABLE u (a INTEGER)', 'EXPLAIN of CREATE TABLE'],
    ['EXPLAIN DROP TABLE t', 'EXPLAIN of DROP TABLE'],
    ['EXPLAIN CREATE INDEX t_v ON t (v)', 'EXPLAIN of CREATE INDEX'],
    ['EXPLAIN ALTER TABLE t ADD COLUMN w INTEGER', 'EXPLAIN of ALTER TABLE'],
  ]) {
    let err: unknown;
    try {
      db.execute(sql!);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SqlError);
    expect((err as SqlError).sqlState).toBe(SqlState.FeatureNotSupported);
    expect((err as SqlError).message).toContain(words);
    expect((err as SqlError).message).not.toMatch(/CreateTable|DropTable|CreateIndex|AlterTable/);
  }
});

test('EXPLAIN ANALYZE of a query gives each line its actual rows, and leaves the plan as it was', () => {
  const d = Database.open(':memory:');
  d.execute('create table a (id int primary key, g int)');
  d.execute('create table b (g int primary key, l varchar(3))');
  d.execute('insert into a values (1, 1), (2, 2), (3, 1), (4, 9)');
  d.execute("insert into b values (1, 'x'), (2, 'y')");
  const lines = d.execute('EXPLAIN ANALYZE SELECT a.id, b.l FROM a JOIN b ON a.g = b.g WHERE a.id > 1').rows.map((r) => r[0] as string);
  expect(lines[0]).toMatch(/^Project .* \[actual 2 rows\]$/);
  expect(lines.find((l) => l.includes('HashJoin'))).toMatch(/\[actual 2 rows\]$/);
  expect(lines.find((l) => l.includes('RowSet A'))).toMatch(/\[actual 3 rows\]$/);
  expect(lines[lines.length - 1]).toBe('rows visited: 5');
  // a correlated subquery is opened once per distinct outer value
  const sub = d.execute('EXPLAIN ANALYZE SELECT id, (SELECT l FROM b WHERE b.g = a.g) FROM a').rows.map((r) => r[0] as string);
  expect(sub.find((l) => l.includes('IndexLookupRowSet B'))).toMatch(/\[actual 2 rows in 3 opens\]$/);
  // the same statement prepared and run again plans and counts afresh
  const p = d.prepare('EXPLAIN ANALYZE SELECT id FROM a WHERE g = 1');
  expect(p.execute().rows[0]![0]).toMatch(/\[actual 2 rows\]$/);
  expect(p.execute().rows[0]![0]).toMatch(/\[actual 2 rows\]$/);
  expect(d.execute('SELECT count(*) FROM a WHERE g = 1').rows).toEqual([[2]]);
  d.close();
});
