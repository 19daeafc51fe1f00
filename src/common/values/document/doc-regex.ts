/**
 * src/common/values/document/doc-regex.ts — regular expressions in templates: `$regex`/`$options`, regex
 * values (`/a.*b/i`) and the predicate that matches them against document values.
 *
 * 1. Patterns use JavaScript's RegExp dialect. `$options` letters are i, m, s and x; x (PCRE's extended
 *    mode, which JavaScript lacks) is applied here by removing unescaped whitespace and `#` comments outside
 *    character classes before compiling. Any other letter, or a pattern that does not compile, is 2201B.
 * 2. The tester never carries the stateful g or y flags, so `test` gives the same answer on every call.
 * 3. A regex matches a string by pattern, and a regex value only when source and flags are equal (MongoDB's
 *    rule for regex-valued fields).
 */
import { SqlError, SqlState } from '../../errors';
import type { DocValue } from './doc-value';

const OPTION_FLAGS: Readonly<Record<string, string>> = { i: 'i', m: 'm', s: 's', x: '' };
const KEPT_FLAGS = new Set(['i', 'm', 's', 'u', 'v']);

/** PCRE extended mode: drops unescaped whitespace and `#…` comments outside character classes. */
export function stripExtended(pattern: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\') {
      out += pattern.slice(i, i + 2);
      i++;
    } else if (inClass) {
      if (c === ']') inClass = false;
      out += c;
    } else if (c === '[') {
      inClass = true;
      out += c;
    } else if (c === '#') {
      while (i + 1 < pattern.length && pattern[i + 1] !== '\n') i++;
    } else if (!/\s/.test(c)) {
      out += c;
    }
  }
  return out;
}

function compile(source: string, flags: string, shown: string): RegExp {
  try {
    return new RegExp(source, flags);
  } catch (e) {
    throw SqlError.of(SqlState.InvalidRegularExpression, [shown], { detail: (e as Error).message });
  }
}

/** Compiles `$regex` text with `$options` letters (file header, invariant 1). */
export function regexFromText(pattern: string, options: string): RegExp {
  let flags = '';
  let extended = false;
  for (const letter of options) {
    const f = OPTION_FLAGS[letter];
    if (f === undefined) {
      throw SqlError.of(SqlState.InvalidRegularExpression, [`/${pattern}/${options}`], {
        detail: `The option '${letter}' is not one of i, m, s, x.`,
      });
    }
    if (letter === 'x') extended = true;
    else if (!flags.includes(f)) flags += f;
  }
  return compile(extended ? stripExtended(pattern) : pattern, flags, `/${pattern}/${options}`);
}

/** A tester for a regex value: the same pattern without the stateful g and y flags. */
export function regexTester(re: RegExp): RegExp {
  let flags = '';
  for (const f of re.flags) if (KEPT_FLAGS.has(f)) flags += f;
  return flags === re.flags ? re : compile(re.source, flags, String(re));
}

/** The predicate of a regex template: strings by pattern, regex values by equality (invariant 3). */
export function regexPredicate(re: RegExp): (v: DocValue | undefined) => boolean {
  const tester = regexTester(re);
  const source = re.source;
  const flags = re.flags;
  return (v) => {
    if (typeof v === 'string') return tester.test(v);
    return v instanceof RegExp && v.source === source && v.flags === flags;
  };
}
