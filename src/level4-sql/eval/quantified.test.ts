/**
 * src/level4-sql/eval/quantified.test.ts — `x op ALL | ANY | SOME (subquery)` and `x op ANY | ALL (array)` against
 * the standard's definition evaluated directly (each comparison in three values, ANY their OR, ALL their AND),
 * over random sets of integers with NULLs, empty sets and NULL operands; the subquery correlated on a parameter,
 * so each case reads its own set, and the array given as a parameter (a JavaScript array).
 */
import fc from 'fast-check';
import { Database } from '../../database';

type Op = '=' | '<>' | '<' | '<=' | '>' | '>=';
const OPS: readonly Op[] = ['=', '<>', '<', '<=', '>', '>='];

function compare(op: Op, a: number | null, b: number | null): boolean | null {
  if (a === null || b === null) return null;
  switch (op) {
    case '=':
      return a === b;
    case '<>':
      return a !== b;
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
  }
}

/** The standard's quantified comparison: the OR (ANY) or AND (ALL) of the comparisons, in three values. */
function oracle(op: Op, all: boolean, v: number | null, set: ReadonlyArray<number | null>): boolean | null {
  let sawNull = false;
  for (const w of set) {
    const c = compare(op, v, w);
    if (c === null) sawNull = true;
    else if (c !== all) return c;
  }
  return sawNull ? null : all;
}

test('every operator with ALL, ANY and SOME agrees with the definition, NULLs and empty sets included', () => {
  const db = Database.open(':memory:');
  db.execute('CREATE TABLE s (k INTEGER, v INTEGER)');
  const value = fc.oneof(fc.integer({ min: -3, max: 3 }), fc.constant(null));
  let k = 0;
  fc.assert(
    fc.property(fc.array(value, { maxLength: 6 }), value, fc.constantFrom(...OPS), fc.constantFrom('ALL', 'ANY', 'SOME'), (set, v, op, word) => {
      k++;
      for (const w of set) db.execute('INSERT INTO s VALUES (?, ?)', [k, w]);
      const got = db.execute(`SELECT CAST(? AS INTEGER) ${op} ${word} (SELECT v FROM s WHERE k = ?)`, [v, k]).rows[0]![0];
      expect(got).toBe(oracle(op, word === 'ALL', v, set));
    }),
    { numRuns: 600, seed: 20261205 },
  );
  db.close();
});

test('over an array parameter, every operator with ALL, ANY and SOME agrees with the definition', () => {
  const db = Database.open(':memory:');
  const value = fc.oneof(fc.integer({ min: -3, max: 3 }), fc.constant(null));
  fc.assert(
    fc.property(fc.array(value, { maxLength: 6 }), value, fc.constantFrom(...OPS), fc.constantFrom('ALL', 'ANY', 'SOME'), (set, v, op, word) => {
      const got = db.execute(`SELECT CAST(? AS INTEGER) ${op} ${word} (?)`, [v, set]).rows[0]![0];
      expect(got).toBe(oracle(op, word === 'ALL', v, set));
    }),
    { numRuns: 600, seed: 20261205 },
  );
  // a NULL array is NULL; what is no array is 42804, when known at planning and when only the value shows it
  expect(db.execute('SELECT 1 = ANY (?)', [null]).rows[0]![0]).toBeNull();
  expect(() => db.execute('SELECT 1 = ANY (5)')).toThrow(expect.objectContaining({ sqlState: '42804' }));
  expect(() => db.execute('SELECT 1 = ALL (?)', ['x'])).toThrow(expect.objectContaining({ sqlState: '42804' }));
  // `any(x)` that is no comparison's right operand is a call of a function ANY, which there is none of
  expect(() => db.execute('SELECT any(1)')).toThrow(expect.objectContaining({ sqlState: '42883' }));
  db.close();
});

test('an array parameter in WHERE: id = ANY (?) and id <> ALL (?)', () => {
  const db = Database.open(':memory:');
  db.execute('CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(5))');
  db.execute("INSERT INTO t VALUES (1, 'a'), (2, 'b'), (3, 'c'), (4, NULL)");
  expect(db.execute('SELECT id FROM t WHERE id = ANY (?) ORDER BY id', [[1, 3, 9]]).rows).toEqual([[1], [3]]);
  expect(db.execute('SELECT id FROM t WHERE id <> ALL (?) ORDER BY id', [[1, 3]]).rows).toEqual([[2], [4]]);
  expect(db.execute('SELECT id FROM t WHERE v = SOME (?) ORDER BY id', [['a', 'c']]).rows).toEqual([[1], [3]]);
  expect(db.execute('EXPLAIN SELECT id FROM t WHERE id = ANY (?)', [[1]]).rows.flat().join('\n')).toContain('ID = ANY (?)');
  db.close();
});

test('correlated on the outer row, in WHERE, and kept per outer value', () => {
  const db = Database.open(':memory:');
  db.execute('CREATE TABLE a (x INTEGER)');
  db.execute('CREATE TABLE b (g INTEGER, y INTEGER)');
  db.execute('INSERT INTO a VALUES (1), (4), (6), (NULL)');
  db.execute('INSERT INTO b VALUES (1, 2), (1, 5), (4, 3), (6, NULL), (6, 9)');
  // x greater than every y of its group: 4 (> 3), and NULL's group is empty (ALL of nothing is true)
  expect(db.execute('SELECT x FROM a WHERE x > ALL (SELECT y FROM b WHERE g = a.x) ORDER BY x').rows).toEqual([[null], [4]]);
  // 6 > ANY of {NULL, 9} is NULL, not true: 6 is not listed
  expect(db.execute('SELECT x FROM a WHERE x < ANY (SELECT y FROM b WHERE g = a.x) ORDER BY x').rows).toEqual([[1], [6]]);
  db.close();
});

test('where a quantified subquery may stand, and what it must be', () => {
  const db = Database.open(':memory:');
  db.execute('CREATE TABLE b (y INTEGER, z VARCHAR(3))');
  const state = (sql: string): string => {
    try {
      db.execute(sql);
      return 'ok';
    } catch (e) {
      return (e as { sqlState: string }).sqlState;
    }
  };
  expect(state('SELECT 1 > ALL (SELECT y, z FROM b)')).toBe('42000');
  expect(state("SELECT 'a' > ALL (SELECT y FROM b)")).toBe('42804');
  expect(state('SELECT 1 + ALL (SELECT y FROM b)')).toBe('42601');
  expect(state('SELECT ANY (SELECT y FROM b)')).toBe('42601');
  expect(state('SELECT (1, 2) > ALL (SELECT y, y FROM b)')).toBe('0A000');
  // `= ANY` is IN and `<> ALL` is NOT IN, down to EXPLAIN
  expect(db.execute('EXPLAIN SELECT 1 FROM b WHERE y = ANY (SELECT y FROM b)').rows.flat().join('\n')).toContain('IN (subquery)');
  expect(db.execute('EXPLAIN SELECT 1 FROM b WHERE y > SOME (SELECT y FROM b)').rows.flat().join('\n')).toContain('Y > ANY (subquery)');
  db.close();
});
