/** src/cli/script.test.ts — statement splitting and Pyrrho's [ … ] multi-line form. */
import { blockDepth, bracketDepth, splitStatements, unbracket } from './script';

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

describe('compound statements', () => {
  it('keep the semicolons of BEGIN … END bodies', () => {
    const text =
      'create function f(a int) returns int begin declare x int default 0; if a > 0 then set x = a; end if; ' +
      'while x < 10 do set x = x + 1; end while; return case when x > 5 then x else 0 end; end; select f(1); ' +
      "create trigger t after insert on a begin atomic update b set n = n + 1; end; select 'end;'";
    expect(splitStatements(text).map((p) => p.text.split(' ').slice(0, 3).join(' '))).toEqual([
      'create function f(a',
      'select f(1)',
      'create trigger t',
      "select 'end;'",
    ]);
  });
  it('treat BEGIN TRANSACTION, BEGIN WORK and a lone BEGIN as statements', () => {
    expect(splitStatements('begin transaction; insert into t values (1); commit; begin; select 1; begin work; rollback').map((p) => p.text)).toEqual([
      'begin transaction',
      'insert into t values (1)',
      'commit',
      'begin',
      'select 1',
      'begin work',
      'rollback',
    ]);
  });
  it('report the depth still open, for the prompt to read on', () => {
    expect(blockDepth('create procedure p() begin')).toBe(1);
    expect(blockDepth('create procedure p() begin loop leave x; end loop;')).toBe(1);
    expect(blockDepth('create procedure p() begin loop leave x; end loop; end')).toBe(0);
    expect(blockDepth('select case when a then 1 end from t')).toBe(0);
    expect(blockDepth("select 'begin' -- begin\n from t")).toBe(0);
  });
});
