/** src/level4-sql/eval/like.test.ts — LIKE and SIMILAR TO patterns: wildcards, escapes, shortcuts, errors. */
import { SqlError, SqlState } from '../../common/errors';
import { compileLike, compileSimilar, likeMatch } from './like';
import { sqlStateOf as stateOf } from '../../common/testing/sql-state-of';

const like = (s: string, p: string, esc: string | null = null): boolean => compileLike(p, esc)(s);

describe('compileLike', () => {
  it('matches literal text exactly and case-sensitively', () => {
    expect(like('abc', 'abc')).toBe(true);
    expect(like('abc', 'ABC')).toBe(false);
    expect(like('abc', 'ab')).toBe(false);
    expect(like('', '')).toBe(true);
    expect(like('a', '')).toBe(false);
  });

  it('% matches any run, _ exactly one character', () => {
    expect(like('abc', 'a%')).toBe(true);
    expect(like('abc', '%c')).toBe(true);
    expect(like('abc', '%b%')).toBe(true);
    expect(like('abc', '%')).toBe(true);
    expect(like('', '%')).toBe(true);
    expect(like('abc', 'a_c')).toBe(true);
    expect(like('ac', 'a_c')).toBe(false);
    expect(like('abbc', 'a_c')).toBe(false);
    expect(like('abc', '___')).toBe(true);
    expect(like('abc', '____')).toBe(false);
    expect(like('axbyc', 'a%b%c')).toBe(true);
    expect(like('axbyd', 'a%b%c')).toBe(false);
    expect(like('abc', 'a%%c')).toBe(true);
    expect(like('ab', '%_%_%')).toBe(true);
    expect(like('a', '%_%_%')).toBe(false);
  });

  it('_ is one code point and matches newlines', () => {
    expect(like('a😀c', 'a_c')).toBe(true);
    expect(like('a\nc', 'a_c')).toBe(true);
    expect(like('line1\nline2', 'line1%2')).toBe(true);
  });

  it('treats regular-expression characters literally', () => {
    expect(like('a.c', 'a.c')).toBe(true);
    expect(like('abc', 'a.c')).toBe(false);
    expect(like('(x)*+?[]{}|^$\\/', '(x)*+?[]{}|^$\\/')).toBe(true);
    expect(like('a-b', '%-%')).toBe(true);
    expect(like('price $5', '%$_')).toBe(true);
  });

  it('applies the escape character', () => {
    expect(like('50%', '50!%', '!')).toBe(true);
    expect(like('500', '50!%', '!')).toBe(false);
    expect(like('a_b', 'a\\_b', '\\')).toBe(true);
    expect(like('axb', 'a\\_b', '\\')).toBe(false);
    expect(like('a!b', 'a!!b', '!')).toBe(true);
    expect(like('ab', 'a!bx', '!')).toBe(false);
    expect(like('100% sure', '%!%%', '!')).toBe(true);
    // with % as the escape, %% is a literal % and a lone % has nothing to escape
    expect(like('%', '%%', '%')).toBe(true);
    expect(like('x', '%%', '%')).toBe(false);
    expect(like('a_', 'a%_', '%')).toBe(true);
    expect(stateOf(() => compileLike('%%%', '%'))).toBe(SqlState.InvalidEscapeSequence);
    expect(like('a😀b', 'a😀b', '😀')).toBe(false); // 😀 escapes b
    expect(like('ab', 'a😀b', '😀')).toBe(true);
  });

  it('refuses a bad escape character with 22019 and a trailing escape with 22025', () => {
    expect(stateOf(() => compileLike('a', ''))).toBe(SqlState.InvalidEscapeCharacter);
    expect(stateOf(() => compileLike('a', '!!'))).toBe(SqlState.InvalidEscapeCharacter);
    expect(stateOf(() => compileLike('abc!', '!'))).toBe(SqlState.InvalidEscapeSequence);
    expect(stateOf(() => compileLike('abc!!', '!'))).toBe('no error');
  });
});

describe('likeMatch', () => {
  it('recompiles only when the pattern or escape changes', () => {
    expect(likeMatch('abc', 'a%', null)).toBe(true);
    expect(likeMatch('xbc', 'a%', null)).toBe(false);
    expect(likeMatch('a%', 'a!%', '!')).toBe(true);
    expect(likeMatch('ab', 'a!%', '!')).toBe(false);
    expect(likeMatch('ab', 'a!%', null)).toBe(false);
    expect(likeMatch('a!x', 'a!%', null)).toBe(true);
  });
});

describe('compileSimilar', () => {
  const m = (p: string, s: string, e: string | null = null) => compileSimilar(p, e)(s);
  it('matches the whole string with the standard regular expressions', () => {
    expect(m('a(b|c)+', 'abcb')).toBe(true);
    expect(m('a(b|c)+', 'abcbx')).toBe(false);
    expect(m('x{2,3}', 'xxxx')).toBe(false); // four x's are one more than {2,3} allows
    expect(m('%a%', 'banana')).toBe(true);
  });
  it('reads every character JavaScript would treat as syntax literally, outside and inside a set', () => {
    expect(m('a.c', 'a.c')).toBe(true);
    expect(m('a.c', 'abc')).toBe(false);
    expect(m('/x\\y/', '/x\\y/')).toBe(true);
    expect(m('[\\]x', '\\x')).toBe(true);
    expect(m('[[]', '[')).toBe(true);
    expect(m('[a!-z]', '-', '!')).toBe(true);
    expect(m('[a!-z]', 'b', '!')).toBe(false);
    expect(m('a!-b', 'a-b', '!')).toBe(true);
    expect(m('!(!)', '()', '!')).toBe(true);
  });
  it('refuses what is not a regular expression, and POSIX classes', () => {
    expect(stateOf(() => compileSimilar('a{', null))).toBe(SqlState.InvalidRegularExpression);
    expect(stateOf(() => compileSimilar('(?=a)', null))).toBe(SqlState.InvalidRegularExpression);
    expect(stateOf(() => compileSimilar('[[:digit:]]', null))).toBe(SqlState.FeatureNotSupported);
  });
});
