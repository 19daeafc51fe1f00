/** src/cli/script.test.ts — statement splitting and Pyrrho's [ … ] multi-line form. */
import { bracketDepth, splitStatements, unbracket } from './script';

describe('splitStatements', () => {
  it('splits at top-level semicolons and keeps offsets', () => {
    const text = "create table t(a int);  insert into t values (1);\nselect * from t";
    const parts = splitStatements(text);
    expect(parts.map((p) => p.text)).toEqual(['create table t(a int)', 'insert into t values (1)', 'select * from t']);
    expect(text.slice(parts[1]!.offset)).toMatch(/^insert/);
  });

  it('ignores semicolons in strings, quoted names and comments', () => {
    const parts = splitStatements("select 'a;b', \"x;y\" -- c;d\n from t /* e;f */; select 2");
    expect(parts).toHaveLength(2);
    expect(parts[0]!.text).toContain("'a;b'");
  });

  it('handles doubled quotes and drops empty and comment-only pieces', () => {
    expect(splitStatements("select 'it''s;'; ;; -- only a comment\n").map((p) => p.text)).toEqual(["select 'it''s;'"]);
  });
});

describe('brackets', () => {
  it('tracks depth outside quotes and strips the outer pair', () => {
    expect(bracketDepth('[create table t(')).toBe(1);
    expect(bracketDepth("[select '[' from t]")).toBe(0);
    expect(unbracket('[select 1\n]')).toBe('select 1\n');
    expect(unbracket('select 1')).toBe('select 1');
  });
});
