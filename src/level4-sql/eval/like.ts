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
