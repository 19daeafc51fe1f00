/**
 * src/level4-sql/eval/array-functions.test.ts — arrays given as JavaScript arrays: UNNEST of a parameter (a bulk
 * insert from one array), element types known per value, and STRING_TO_ARRAY / ARRAY_TO_STRING round trips over
 * random strings.
 */
import fc from 'fast-check';
import { Database } from '../../database';

test('UNNEST of an array parameter: a row per element, typed by its values', () => {
  const db = Database.open(':memory:');
  db.execute('CREATE TABLE t (id INTEGER PRIMARY KEY, name VARCHAR(10))');
  // two arrays side by side: every pair (a cross join), here none kept
  expect(db.execute('INSERT INTO t SELECT i, n FROM unnest(?) AS ids (i), unnest(?) AS ns (n) WHERE false', [[1, 2], ['a', 'b']]).rowsAffected).toBe(0);
  expect(db.execute('SELECT count(*) FROM unnest(?) AS ids (i), unnest(?) AS ns (n)', [[1, 2], ['a', 'b', 'c']]).rows).toEqual([[6]]);
  db.execute('INSERT INTO t SELECT i, CAST(i AS VARCHAR(10)) FROM unnest(?) AS ids (i)', [[3, 1, 2]]);
  expect(db.execute('SELECT id, name FROM t ORDER BY id').rows).toEqual([
    [1, '1'],
    [2, '2'],
    [3, '3'],
  ]);
  const typed = db.execute('SELECT u FROM unnest(?) u', [[1.5, 2.5]]);
  expect(typed.types).toEqual(['REAL']);
  expect(db.execute('SELECT count(*) FROM unnest(?) u', [null]).rows).toEqual([[0]]);
  expect(() => db.execute('SELECT * FROM unnest(?)', ['x'])).toThrow(expect.objectContaining({ sqlState: '42804' }));
  db.close();
});

test('ARRAY_TO_STRING(STRING_TO_ARRAY(s, d), d) is s for any s and delimiter', () => {
  const db = Database.open(':memory:');
  const st = db.prepare('SELECT array_to_string(string_to_array(?, ?), ?)');
  fc.assert(
    fc.property(fc.string({ maxLength: 12 }), fc.constantFrom(',', ';', 'ab', ' '), (s, d) => {
      expect(st.execute([s, d, d]).rows[0]![0]).toBe(s);
    }),
    { numRuns: 300 },
  );
  db.close();
});
