/** grammar/names-in.test.ts — the names a stored text uses, folded, and `*` only where it selects columns. */
import { namesIn } from './names-in';

describe('namesIn', () => {
  test('identifiers fold to upper case, quoted ones keep theirs, non-reserved keywords count as names', () => {
    const names = namesIn('SELECT a, "Mixed", t.b AS key FROM t WHERE c.d > 0');
    for (const n of ['A', 'Mixed', 'T', 'B', 'KEY', 'C', 'D']) expect(names.has(n)).toBe(true);
    expect(names.has('MIXED')).toBe(false);
    expect(names.has('*')).toBe(false);
  });

  test('a * that selects columns is `*`; one that multiplies or counts is not', () => {
    expect(namesIn('SELECT * FROM t').has('*')).toBe(true);
    expect(namesIn('SELECT DISTINCT * FROM t').has('*')).toBe(true);
    expect(namesIn('SELECT a, * FROM t').has('*')).toBe(true);
    expect(namesIn('SELECT t.* FROM t').has('*')).toBe(true);
    expect(namesIn('SELECT a * 2, count(*) FROM t').has('*')).toBe(false);
  });

  test('document keys and string literals are not names', () => {
    const names = namesIn("SELECT x FROM t WHERE d = {'zip': 'Y'} AND s = 'Z'");
    expect([...names].sort()).toEqual(['D', 'S', 'T', 'X']);
  });
});
