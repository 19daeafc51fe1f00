/**
 * src/level4-sql/plan/query.test.ts — planning and running queries: joins with NULL extension, grouping,
 * DISTINCT, ORDER BY with NULLs, LIMIT/OFFSET, set operations, VALUES, result names and types, FILTER with parameters.
 */
import { MemoryStore } from '../../level1-datafile/memory-store';
import { DatabaseFile } from '../../level3-objects/database-file';
import { CHAR } from '../../common/values/sql-type';
import type { Transaction } from '../../level3-objects/transaction';
import { createTable, insertRows, run } from './test-support';

let tx: Transaction;

beforeAll(() => {
  tx = DatabaseFile.open(new MemoryStore()).begin();
  const a = createTable(tx, 'A', [['ID'], ['X'], ['NAME', CHAR]], ['ID']);
  insertRows(tx, a, [
    [1, 10, 'one'],
    [2, 20, 'two'],
    [3, null, 'three'],
    [4, 20, null],
  ]);
  const b = createTable(tx, 'B', [['BID'], ['AID'], ['Y']], ['BID'], [{ name: 'B_AID', columns: ['AID'] }]);
  insertRows(tx, b, [
    [100, 1, 5],
    [101, 1, 6],
    [102, 2, 7],
    [103, 9, 8],
    [104, null, 9],
  ]);
});

const rows = (sql: string, p: unknown[] = []): unknown[][] => run(tx, sql, p as never).rows as unknown[][];
const sorted = (sql: string): unknown[][] => rows(sql).sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y)));

function code(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return (e as { sqlState?: string }).sqlState ?? String(e);
  }
  return 'no error';
}

describe('joins', () => {
  test('INNER, with hash or index join', () => {
    expect(sorted('SELECT ID, BID FROM A JOIN B ON A.ID = B.AID')).toEqual([
      [1, 100],
      [1, 101],
      [2, 102],
    ]);
    expect(sorted('SELECT ID, BID FROM A, B WHERE B.AID = A.ID AND Y > 5')).toEqual([
      [1, 101],
      [2, 102],
    ]);
  });
  test('LEFT, RIGHT and FULL extend with NULLs', () => {
    expect(sorted('SELECT ID, BID FROM A LEFT JOIN B ON A.ID = B.AID')).toEqual([
      [1, 100],
      [1, 101],
      [2, 102],
      [3, null],
      [4, null],
    ]);
    expect(sorted('SELECT ID, BID FROM A RIGHT JOIN B ON A.ID = B.AID')).toEqual([
      [1, 100],
      [1, 101],
      [2, 102],
      [null, 103],
      [null, 104],
    ]);
    expect(sorted('SELECT ID, BID FROM A FULL JOIN B ON A.ID = B.AID').length).toBe(7);
    expect(sorted('SELECT ID, BID FROM A FULL JOIN B ON A.ID = B.AID AND B.Y > 5')).toEqual([
      [1, 101],
      [2, 102],
      [3, null],
      [4, null],
      [null, 100],
      [null, 103],
      [null, 104],
    ]);
  });
  test('ON conditions on the preserved side do not filter it; WHERE does', () => {
    expect(sorted('SELECT ID, BID FROM A LEFT JOIN B ON A.ID = B.AID AND A.ID = 2')).toEqual([
      [1, null],
      [2, 102],
      [3, null],
      [4, null],
    ]);
    expect(sorted('SELECT ID, BID FROM A LEFT JOIN B ON A.ID = B.AID WHERE B.BID IS NULL')).toEqual([
      [3, null],
      [4, null],
    ]);
  });
  test('non-equi and CROSS joins use nested loops', () => {
    expect(rows('SELECT count(*) FROM A CROSS JOIN B')).toEqual([[20]]);
    expect(rows('SELECT count(*) FROM A JOIN B ON A.ID < B.AID')).toEqual([[5]]);
    expect(run(tx, 'SELECT * FROM A JOIN B ON A.ID < B.AID').explain[1]).toMatch(/NestedLoopJoin/);
  });
  test('NATURAL and USING merge the joined columns', () => {
    const r = run(tx, 'SELECT * FROM A JOIN (SELECT AID AS ID, Y FROM B) AS C USING (ID) ORDER BY Y');
    expect(r.columns).toEqual(['ID', 'X', 'NAME', 'Y']);
    expect(r.rows).toEqual([
      [1, 10, 'one', 5],
      [1, 10, 'one', 6],
      [2, 20, 'two', 7],
    ]);
    const n = run(tx, 'SELECT ID, Y FROM A NATURAL FULL JOIN (SELECT AID AS ID, Y FROM B) AS C ORDER BY Y, ID');
    expect(n.rows).toEqual([
      [3, null],
      [4, null],
      [1, 5],
      [1, 6],
      [2, 7],
      [9, 8],
      [null, 9],
    ]);
  });
  test('index nested-loop join for a small outer side', () => {
    const r = run(tx, 'SELECT A.NAME, B.Y FROM B JOIN A ON A.ID = B.AID WHERE B.BID = 102');
    expect(r.rows).toEqual([['two', 7]]);
  });
});

describe('grouping', () => {
  test('GROUP BY with aggregates in expressions and HAVING', () => {
    expect(sorted('SELECT X, count(*), sum(ID) + 1, count(*) * 2 FROM A GROUP BY X')).toEqual([
      [10, 1, 2, 2],
      [20, 2, 7, 4],
      [null, 1, 4, 2],
    ]);
    expect(rows('SELECT X, count(*) FROM A GROUP BY X HAVING count(*) > 1')).toEqual([[20, 2]]);
    expect(rows('SELECT count(*), max(X), min(NAME) FROM A')).toEqual([[4, 20, 'one']]);
  });
  test('an aggregate over no rows gives one row', () => {
    expect(rows('SELECT count(*), sum(X) FROM A WHERE ID > 100')).toEqual([[0, null]]);
    expect(rows('SELECT X, count(*) FROM A WHERE ID > 100 GROUP BY X')).toEqual([]);
  });
  test('FILTER takes parameters, and its result type is the aggregate\'s', () => {
    expect(rows('SELECT count(*) FILTER (WHERE X = ?), sum(ID) FILTER (WHERE NAME LIKE ?) FROM A', [20, 't%'])).toEqual([[2, 5]]);
    expect(rows('SELECT count(*) FILTER (WHERE ?) FROM A', [false])).toEqual([[0]]);
    const r = run(tx, 'SELECT sum(X) FILTER (WHERE ID > 1), count(*) FILTER (WHERE ID > 1) FROM A');
    expect(r.types).toEqual(['INTEGER', 'INTEGER']);
    expect(r.rows).toEqual([[40, 3]]);
  });
  test('names and grouping errors', () => {
    const r = run(tx, 'SELECT X, count(*), sum(ID) AS S, 1 + 1 FROM A GROUP BY X');
    expect(r.columns).toEqual(['X', 'COUNT', 'S', 'Col3']);
    expect(r.types).toEqual(['INTEGER', 'INTEGER', 'INTEGER', 'INTEGER']);
    expect(code(() => run(tx, 'SELECT NAME, count(*) FROM A GROUP BY X'))).toBe('42803');
    expect(code(() => run(tx, 'SELECT ID FROM A WHERE count(*) > 1'))).toBe('42803');
    expect(code(() => run(tx, 'SELECT sum(count(*)) FROM A'))).toBe('42803');
    expect(rows('SELECT X + 1, count(*) FROM A GROUP BY X + 1 ORDER BY 1')).toEqual([
      [null, 1],
      [11, 1],
      [21, 2],
    ]);
  });
});

describe('distinct, order, limit', () => {
  test('DISTINCT', () => {
    expect(rows('SELECT DISTINCT X FROM A ORDER BY X')).toEqual([[null], [10], [20]]);
    expect(code(() => run(tx, 'SELECT DISTINCT X FROM A ORDER BY ID'))).toBe('42P10');
  });
  test('ORDER BY with NULLs, aliases, ordinals, hidden columns', () => {
    expect(rows('SELECT X FROM A ORDER BY X')).toEqual([[null], [10], [20], [20]]);
    expect(rows('SELECT X FROM A ORDER BY X DESC')).toEqual([[20], [20], [10], [null]]);
    expect(rows('SELECT X FROM A ORDER BY X NULLS LAST')).toEqual([[10], [20], [20], [null]]);
    expect(rows('SELECT X FROM A ORDER BY X DESC NULLS FIRST')).toEqual([[null], [20], [20], [10]]);
    expect(rows('SELECT ID AS K FROM A ORDER BY K DESC')).toEqual([[4], [3], [2], [1]]);
    expect(rows('SELECT NAME FROM A ORDER BY ID DESC')).toEqual([[null], ['three'], ['two'], ['one']]);
    expect(rows('SELECT ID, X FROM A ORDER BY 2 DESC, 1')).toEqual([
      [2, 20],
      [4, 20],
      [1, 10],
      [3, null],
    ]);
    expect(code(() => run(tx, 'SELECT ID FROM A ORDER BY 3'))).toBe('42P10');
  });
  test('LIMIT, OFFSET, FETCH and top-N', () => {
    expect(rows('SELECT ID FROM A ORDER BY ID LIMIT 2')).toEqual([[1], [2]]);
    expect(rows('SELECT ID FROM A ORDER BY ID DESC LIMIT 2 OFFSET 1')).toEqual([[3], [2]]);
    expect(rows('SELECT ID FROM A ORDER BY ID OFFSET 3 ROWS')).toEqual([[4]]);
    expect(rows('SELECT ID FROM A ORDER BY ID FETCH FIRST 1 ROWS ONLY')).toEqual([[1]]);
    expect(rows('SELECT ID FROM A ORDER BY ID LIMIT ?', [3])).toEqual([[1], [2], [3]]);
    expect(rows('SELECT ID FROM A LIMIT 0')).toEqual([]);
    expect(run(tx, 'SELECT ID FROM A ORDER BY X LIMIT 1').explain.join('\n')).toMatch(/Sort \(X\) top 1/);
    expect(rows('SELECT ID, X FROM A ORDER BY X DESC, ID LIMIT 3')).toEqual([
      [2, 20],
      [4, 20],
      [1, 10],
    ]);
    expect(rows('SELECT ID, X FROM A ORDER BY X DESC, ID DESC LIMIT 2')).toEqual([
      [4, 20],
      [2, 20],
    ]);
    expect(rows('SELECT ID FROM A ORDER BY X NULLS LAST, ID LIMIT 1 OFFSET 3')).toEqual([[3]]);
    expect(code(() => rows('SELECT ID FROM A LIMIT -1'))).toBe('2201W');
    expect(code(() => rows('SELECT ID FROM A LIMIT 1 OFFSET -1'))).toBe('2201X');
    expect(code(() => rows('SELECT ID FROM A LIMIT ?', [1.5]))).toBe('2201W');
  });
});

describe('ORDER BY … LIMIT through an index', () => {
  test('the primary key gives the order: no sort, the scan stops after LIMIT rows', () => {
    const r = run(tx, 'SELECT ID, NAME FROM A ORDER BY ID DESC LIMIT 2');
    expect(r.rows).toEqual([
      [4, null],
      [3, 'three'],
    ]);
    expect(r.explain).toEqual(['Project (ID, NAME)', '  Limit limit 2', '    IndexRangeRowSet A index A_PK [-inf, +inf] descending']);
    expect(r.rowsVisited).toBe(2);
    const f = run(tx, 'SELECT ID FROM A WHERE X = 20 ORDER BY 1 LIMIT 1');
    expect(f.rows).toEqual([[2]]);
    expect(f.rowsVisited).toBe(2);
    expect(run(tx, 'SELECT BID FROM B WHERE AID = 1 ORDER BY AID, BID LIMIT 5').rows).toEqual([[100], [101]]);
  });
});

describe('set operations, VALUES, no FROM', () => {
  test('UNION, INTERSECT, EXCEPT with and without ALL', () => {
    expect(rows('SELECT X FROM A UNION SELECT Y FROM B WHERE Y < 7 ORDER BY 1')).toEqual([[null], [5], [6], [10], [20]]);
    expect(rows('SELECT X FROM A UNION ALL SELECT X FROM A').length).toBe(8);
    expect(rows('SELECT X FROM A INTERSECT SELECT X FROM A WHERE ID > 1 ORDER BY 1')).toEqual([[null], [20]]);
    expect(rows('SELECT X FROM A INTERSECT ALL SELECT X FROM A ORDER BY 1')).toEqual([[null], [10], [20], [20]]);
    expect(rows('SELECT X FROM A EXCEPT SELECT X FROM A WHERE ID = 2')).toEqual([[10], [null]]);
    expect(rows('SELECT X FROM A EXCEPT ALL SELECT X FROM A WHERE ID = 2 ORDER BY X')).toEqual([[null], [10], [20]]);
    expect(code(() => run(tx, 'SELECT ID, X FROM A UNION SELECT ID FROM A'))).toBe('42000');
  });
  test('VALUES and SELECT without FROM', () => {
    const v = run(tx, "VALUES (1, 'a'), (2.5, NULL)");
    expect(v.columns).toEqual(['Col0', 'Col1']);
    expect(v.types).toEqual(['NUMERIC', 'CHAR']);
    expect(v.rows.map((r) => String(r[0]))).toEqual(['1', '2.5']);
    expect(rows('SELECT 1, 2 WHERE 1 = 1')).toEqual([[1, 2]]);
    expect(rows('SELECT 1 WHERE 1 = 0')).toEqual([]);
    expect(rows('SELECT * FROM (VALUES (1), (2)) AS V(N) WHERE N > 1')).toEqual([[2]]);
  });
  test('star expansion in column order, qualified star', () => {
    const r = run(tx, 'SELECT * FROM A WHERE ID = 1');
    expect(r.columns).toEqual(['ID', 'X', 'NAME']);
    expect(r.rows).toEqual([[1, 10, 'one']]);
    expect(run(tx, 'SELECT B.*, A.ID FROM A JOIN B ON A.ID = B.AID WHERE BID = 100').rows).toEqual([[100, 1, 5, 1]]);
  });
});
