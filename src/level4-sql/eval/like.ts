/**
 * src/level4-sql/eval/like.ts — the LIKE predicate: a pattern compiled once into a matcher.
 *
 * 1. `%` matches any run of characters (including none), `_` exactly one character (a Unicode code
 *    point, newlines included); everything else matches itself. Matching is case-sensitive and binary
 *    (by code point), as the rest of pyrrhodb's string comparison is.
 * 2. ESCAPE must be exactly one character, else InvalidEscapeCharacter 22019. The escape character makes
 *    the next character literal, whatever it is (PostgreSQL's rule); an escape as the last character of
 *    the pattern is InvalidEscapeSequence 22025.
 * 3. Common shapes skip the regular expression: no wildcard → equality; 'abc%' → startsWith;
 *    '%abc' → endsWith; '%abc%' → includes; '%' → always true (for non-null strings).
 * 4. NULL handling (a NULL operand, pattern or escape gives unknown) is the caller's: matchers take strings.
 * 5. SIMILAR TO (the standard's regular expressions, `compileSimilar`) matches the whole string: `%` and `_`
 *    as in LIKE, `|` alternation, `*` `+` `?` `{m}` `{m,}` `{m,n}` repetition, `( )` grouping and `[ … ]`
 *    bracket expressions (`[^ …]` negated, ranges with `-`) as in POSIX; every other character, `.` `^` `$`
 *    and `\` among them, matches itself, as does the character after the ESCAPE character (no escape
 *    without ESCAPE, as in LIKE; its rules are LIKE's: 22019, 22025). A pattern that is not a regular
 *    expression (an unbalanced parenthesis, a repetition of nothing) is InvalidRegularExpression 2201B; POSIX
 *    character classes (`[[:alpha:]]`) are FeatureNotSupported 0A000.
 */
import { SqlError, SqlState } from '../../common/errors';

/** A compiled LIKE pattern. */
export type LikeMatcher = (s: string) => boolean;

const REGEX_SPECIAL = /[\\^$.*+?()[\]{}|/]/g;

/** One pattern element: a literal run, `%`, or `_`. */
type Part = { kind: 'text'; text: string } | { kind: 'any' } | { kind: 'one' };

function checkEscape(escape: string | null): string | null {
  if (escape === null) return null;
  if (Array.from(escape).length !== 1) throw SqlError.of(SqlState.InvalidEscapeCharacter, [`'${escape}'`]);
  return escape;
}

/** Splits a pattern into literal runs and wildcards, applying the escape character. */
function parsePattern(pattern: string, escape: string | null): Part[] {
  const parts: Part[] = [];
  let text = '';
  const chars = Array.from(pattern);
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (c === escape) {
      if (i + 1 >= chars.length) throw SqlError.of(SqlState.InvalidEscapeSequence);
      text += chars[++i]!;
    } else if (c === '%' || c === '_') {
      if (text !== '') parts.push({ kind: 'text', text });
      text = '';
      // consecutive %s are one %
      if (c === '_' || parts[parts.length - 1]?.kind !== 'any') parts.push(c === '%' ? { kind: 'any' } : { kind: 'one' });
    } else {
      text += c;
    }
  }
  if (text !== '') parts.push({ kind: 'text', text });
  return parts;
}

function shortcut(parts: readonly Part[]): LikeMatcher | null {
  const [a, b, c] = parts;
  if (a === undefined) return (s) => s === '';
  if (parts.length === 1) {
    if (a.kind === 'text') return (s) => s === a.text;
    if (a.kind === 'any') return () => true;
    return null;
  }
  if (parts.length === 2) {
    if (a.kind === 'text' && b?.kind === 'any') return (s) => s.startsWith(a.text);
    if (a.kind === 'any' && b?.kind === 'text') return (s) => s.endsWith(b.text);
    return null;
  }
  if (parts.length === 3 && a.kind === 'any' && b?.kind === 'text' && c?.kind === 'any') {
    return (s) => s.includes(b.text);
  }
  return null;
}

function toRegExp(parts: readonly Part[]): RegExp {
  let source = '^';
  for (const p of parts) {
    switch (p.kind) {
      case 'text':
        source += p.text.replace(REGEX_SPECIAL, '\\$&');
        break;
      case 'any':
        source += '.*';
        break;
      case 'one':
        source += '.';
        break;
    }
  }
  return new RegExp(source + '$', 'su');
}

/**
 * Compiles `pattern` (with optional one-character `escape`) into a matcher. Bad escape → 22019;
 * escape at the end of the pattern → 22025.
 */
export function compileLike(pattern: string, escape: string | null): LikeMatcher {
  const parts = parsePattern(pattern, checkEscape(escape));
  const fast = shortcut(parts);
  if (fast !== null) return fast;
  const re = toRegExp(parts);
  return (s) => re.test(s);
}

/** Characters a JavaScript regular expression (flag u) reads as syntax outside and inside a class. */
const SYNTAX = /[\\^$.*+?()[\]{}|/]/;
const CLASS_SYNTAX = /[\\\]\[^-]/;

/** `c` as a literal in a JavaScript regular expression, inside a class (`[ … ]`) or outside one. */
function literal(c: string, inClass: boolean): string {
  return (inClass ? CLASS_SYNTAX : SYNTAX).test(c) ? `\\${c}` : c;
}

/** The JavaScript regular expression source of a SIMILAR TO pattern (invariant 5). */
function similarSource(pattern: string, escape: string | null): string {
  const chars = Array.from(pattern);
  let source = '';
  /** inside `[ … ]`: where its members began (a `]` there is a member, not the end) */
  let classStart = -1;
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    const inClass = classStart >= 0;
    if (c === escape) {
      if (i + 1 >= chars.length) throw SqlError.of(SqlState.InvalidEscapeSequence);
      source += literal(chars[++i]!, inClass);
    } else if (inClass) {
      if (c === ']' && i > classStart) {
        source += ']';
        classStart = -1;
      } else if (c === '^' && i === classStart) {
        source += '^';
        classStart++;
      } else if (c === '-' && i > classStart && chars[i + 1] !== ']') {
        source += '-';
      } else if (c === '[' && chars[i + 1] === ':') {
        throw SqlError.of(SqlState.FeatureNotSupported, ['POSIX character classes ([:name:]) in SIMILAR TO']);
      } else {
        source += literal(c, true);
      }
    } else if (c === '%') {
      source += '.*';
    } else if (c === '_') {
      source += '.';
    } else if (c === '(') {
      // never a group that could become a JavaScript extension: `(?=…)` is then a repetition of nothing
      source += '(?:';
    } else if (c === '[') {
      source += '[';
      classStart = i + 1;
    } else if ('|)*+?{}'.includes(c)) {
      // alternation, the end of a group and repetitions mean what they mean in JavaScript
      source += c;
    } else {
      source += literal(c, false);
    }
  }
  if (classStart >= 0) throw SqlError.of(SqlState.InvalidRegularExpression, [`${JSON.stringify(pattern)} (a [ is not closed)`]);
  return source;
}

/**
 * Compiles a SIMILAR TO `pattern` (with optional one-character `escape`) into a matcher (invariant 5): 22019,
 * 22025 as LIKE; 2201B for what is not a regular expression.
 */
export function compileSimilar(pattern: string, escape: string | null): LikeMatcher {
  const source = similarSource(pattern, checkEscape(escape));
  let re: RegExp;
  try {
    re = new RegExp(`^(?:${source})$`, 'su');
  } catch (e) {
    // V8's message ends with the reason after the expression it was given: "…/su: Unterminated group"
    const reason = (e as Error).message.replace(/^.*: /, '').toLowerCase();
    throw SqlError.of(SqlState.InvalidRegularExpression, [`${JSON.stringify(pattern)} (${reason})`]);
  }
  return (s) => re.test(s);
}

let lastPattern: string | null = null;
let lastEscape: string | null = null;
let lastMatcher: LikeMatcher | null = null;

/**
 * `s LIKE pattern [ESCAPE escape]` for a pattern that is not a constant: reuses the matcher while the
 * pattern and escape stay the same from one call to the next (the usual case, row after row).
 */
export function likeMatch(s: string, pattern: string, escape: string | null): boolean {
  if (lastMatcher === null || pattern !== lastPattern || escape !== lastEscape) {
    lastMatcher = compileLike(pattern, escape);
    lastPattern = pattern;
    lastEscape = escape;
  }
  return lastMatcher(s);
}
