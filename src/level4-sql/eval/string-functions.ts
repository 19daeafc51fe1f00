/**
 * src/level4-sql/eval/string-functions.ts — the string, pattern and byte functions PostgreSQL users reach for:
 * REPEAT, TRANSLATE, INITCAP, CHR, ASCII, STARTS_WITH, BIT_LENGTH, TO_HEX, REGEXP_LIKE, REGEXP_SUBSTR,
 * REGEXP_REPLACE, REGEXP_MATCH, REGEXP_COUNT, ENCODE, DECODE, SHA256 and GEN_RANDOM_UUID (registered by
 * functions.ts).
 *
 * 1. Characters are code points, as everywhere (functions.ts invariant 3): TRANSLATE maps code points, CHR and
 *    ASCII take and give them. CHR(0), a surrogate or a number past U+10FFFF is 22023.
 * 2. Regular expressions are JavaScript's (`u` flag), which agree with PostgreSQL's for the common syntax
 *    (classes, quantifiers, groups, anchors, `\d \w \s`); one that does not compile is 2201B. Flags: `i` (case
 *    insensitive), `c` (case sensitive, the default), `g` (REGEXP_REPLACE: every match, not only the first);
 *    any other is 22023. A pattern given as a constant is compiled once per call site.
 * 3. REGEXP_REPLACE's replacement is PostgreSQL's: `\1`…`\9` insert a group, `\&` the whole match, `\\` a
 *    backslash; everything else, `$` included, is itself.
 * 4. ENCODE(bytes, format) and DECODE(text, format) with 'base64' or 'hex' (22023 for another format or bad
 *    input); ENCODE takes a string as its UTF-8 bytes. SHA256 gives lower-case hex text, as MD5 does
 *    (PostgreSQL's sha256 gives bytes: `encode(sha256(x), 'hex')` there is `sha256(x)` here).
 * 5. REPEAT whose result would pass 100,000,000 characters is 54000, before it is built.
 * 6. GEN_RANDOM_UUID (and UUID) give a new version-4 UUID as text on every call; like RANDOM, never folded.
 * 7. REGEXP_MATCH(s, pattern [, flags]) gives the first match as a DOCARRAY of its groups' text (a group that
 *    took no part: NULL), or of the whole match when the pattern has no groups; NULL when nothing matches.
 *    REGEXP_COUNT(s, pattern [, start [, flags]]) counts the matches that do not overlap, from character
 *    `start` (1 first; less is 22023).
 */
import { createHash, randomUUID } from 'node:crypto';
import { SqlError, SqlState } from '../../common/errors';
import { typeOfValue } from '../../common/values/cast';
import { BLOB, BOOLEAN, CHAR, DOCARRAY, INTEGER, type SqlType } from '../../common/values/sql-type';
import type { Value } from '../../common/values/value';
import { badArg, count, type Definition, expectKinds, fixed, SURROGATE, text, TEXT_KINDS, textFn } from './function-kit';

const MAX_REPEAT = 100_000_000;

function texts(...kinds: ReadonlyArray<readonly string[]>): (args: readonly SqlType[], name: string) => void {
  return (args, name) => kinds.forEach((k, i) => expectKinds(name, args, i, k));
}

function typed(check: (args: readonly SqlType[], name: string) => void, result: SqlType): (args: readonly SqlType[], name: string) => SqlType {
  return (args, name) => (check(args, name), result);
}

function repeat(s: string, n: number): string {
  if (n <= 0 || s === '') return '';
  if (s.length * n > MAX_REPEAT) throw SqlError.of(SqlState.ProgramLimitExceeded, [`REPEAT of ${s.length} characters ${n} times`]);
  return s.repeat(n);
}

function translate(s: string, from: string, to: string): string {
  const f = Array.from(from);
  const t = Array.from(to);
  const map = new Map<string, string>();
  f.forEach((c, i) => {
    if (!map.has(c)) map.set(c, t[i] ?? '');
  });
  let out = '';
  for (const c of SURROGATE.test(s) ? Array.from(s) : s) out += map.get(c) ?? c;
  return out;
}

/** PostgreSQL's INITCAP: each run of letters and digits starts upper case and goes on lower case. */
function initcap(s: string): string {
  let out = '';
  let inWord = false;
  for (const c of s) {
    const alnum = /[\p{L}\p{N}]/u.test(c);
    out += alnum ? (inWord ? c.toLowerCase() : c.toUpperCase()) : c;
    inWord = alnum;
  }
  return out;
}

function chr(n: number): string {
  if (n <= 0 || n > 0x10ffff || (n >= 0xd800 && n <= 0xdfff)) {
    throw SqlError.of(SqlState.InvalidParameterValue, [`CHR(${n}): no character has that code point`]);
  }
  return String.fromCodePoint(n);
}

function toHex(v: Value, name: string): string {
  if (typeof v !== 'number' && typeof v !== 'bigint') throw badArg(name, typeOfValue(v), 0);
  const b = BigInt(v);
  // a negative number as its 64-bit two's complement, as PostgreSQL's BIGINT gives it
  return (b < 0n ? (1n << 64n) + b : b).toString(16);
}

// ---------------------------------------------------------------- regular expressions (invariants 2, 3)

function regexFlags(flags: string, name: string, global: boolean): string {
  let caseless = false;
  let all = false;
  for (const f of flags) {
    if (f === 'i' || f === 'c') caseless = f === 'i'; // the last of the two counts
    else if (f === 'g' && global) all = true;
    else throw SqlError.of(SqlState.InvalidParameterValue, [`${name}: unknown flag '${f}'`]);
  }
  return `u${caseless ? 'i' : ''}${all ? 'g' : ''}`;
}

function compileRegex(pattern: string, flags: string, name: string): RegExp {
  try {
    return new RegExp(pattern, flags);
  } catch (e) {
    throw SqlError.of(SqlState.InvalidRegularExpression, [`${name}: ${(e as Error).message}`]);
  }
}

/** A regular expression per (pattern, flags), remembered for the last pair a call site used. */
function regexCache(name: string, global: boolean): (pattern: string, flags: string) => RegExp {
  let lastPattern: string | null = null;
  let lastFlags = '';
  let last: RegExp | null = null;
  return (pattern, flags) => {
    if (last === null || pattern !== lastPattern || flags !== lastFlags) {
      last = compileRegex(pattern, regexFlags(flags, name, global), name);
      lastPattern = pattern;
      lastFlags = flags;
    }
    last.lastIndex = 0;
    return last;
  };
}

/** PostgreSQL's replacement text (invariant 3) applied to one match. */
function expand(replacement: string, match: string, groups: readonly (string | undefined)[]): string {
  if (!replacement.includes('\\')) return replacement;
  let out = '';
  for (let i = 0; i < replacement.length; i++) {
    const c = replacement[i]!;
    const next = replacement[i + 1];
    if (c !== '\\' || next === undefined) {
      out += c;
      continue;
    }
    i++;
    if (next >= '1' && next <= '9') out += groups[Number(next) - 1] ?? '';
    else if (next === '&') out += match;
    else if (next === '\\') out += '\\';
    else out += '\\' + next;
  }
  return out;
}

/** REGEXP_LIKE or REGEXP_SUBSTR: `apply` of the call site's expression to the string, with optional flags. */
function regexTest(result: SqlType, apply: (re: RegExp, s: string) => Value): Definition {
  return {
    minArgs: 2,
    maxArgs: 3,
    strict: true,
    resultType: typed(texts(TEXT_KINDS, TEXT_KINDS, TEXT_KINDS), result),
    bind: (_a, _r, name) => {
      const re = regexCache(name, false);
      return (v) => apply(re(text(name, v[1]!, 1), v.length > 2 ? text(name, v[2]!, 2) : ''), text(name, v[0]!, 0));
    },
  };
}

function regexReplace(): Definition {
  return {
    minArgs: 3,
    maxArgs: 4,
    strict: true,
    resultType: typed(texts(TEXT_KINDS, TEXT_KINDS, TEXT_KINDS, TEXT_KINDS), CHAR),
    bind: (_a, _r, name) => {
      const re = regexCache(name, true);
      return (v) => {
        const replacement = text(name, v[2]!, 2);
        const pattern = re(text(name, v[1]!, 1), v.length > 3 ? text(name, v[3]!, 3) : '');
        return text(name, v[0]!, 0).replace(pattern, (match: string, ...rest: unknown[]) => {
          // rest: the groups, then the offset, the whole string and (with named groups) the groups object
          const end = rest.findIndex((x) => typeof x === 'number');
          return expand(replacement, match, rest.slice(0, end) as (string | undefined)[]);
        });
      };
    },
  };
}

/** REGEXP_MATCH's array: the first match's groups, or the whole match when the pattern has none (invariant 7). */
function firstMatch(re: RegExp, s: string): Value {
  const m = re.exec(s);
  if (m === null) return null;
  return (m.length > 1 ? m.slice(1).map((g) => g ?? null) : [m[0]]) as unknown as Value;
}

/** REGEXP_COUNT(s, pattern [, start [, flags]]) (invariant 7). */
function regexCount(): Definition {
  return {
    minArgs: 2,
    maxArgs: 4,
    strict: true,
    resultType: typed(texts(TEXT_KINDS, TEXT_KINDS, ['INTEGER'], TEXT_KINDS), INTEGER),
    bind: (_a, _r, name) => {
      const re = regexCache(name, true);
      return (v) => {
        const start = v.length > 2 ? count(name, v[2]!, 2) : 1;
        if (start < 1) throw SqlError.of(SqlState.InvalidParameterValue, [`${name}: start ${start} is before the first character`]);
        const s = text(name, v[0]!, 0);
        const from = start === 1 ? s : SURROGATE.test(s) ? Array.from(s).slice(start - 1).join('') : s.slice(start - 1);
        const pattern = re(text(name, v[1]!, 1), `${v.length > 3 ? text(name, v[3]!, 3) : ''}g`);
        let n = 0;
        for (const _m of from.matchAll(pattern)) n++;
        return n;
      };
    },
  };
}

// ---------------------------------------------------------------- bytes (invariant 4)

const FORMATS = new Set(['base64', 'hex']);

function format(name: string, v: Value): BufferEncoding {
  const f = text(name, v, 1).toLowerCase();
  if (!FORMATS.has(f)) throw SqlError.of(SqlState.InvalidParameterValue, [`${name}: unknown format '${f}' (base64 or hex)`]);
  return f as BufferEncoding;
}

function bytesOf(v: Value, name: string): Buffer {
  if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
  return Buffer.from(text(name, v, 0), 'utf8');
}

function decode(s: string, f: BufferEncoding, name: string): Uint8Array {
  const clean = f === 'base64' ? s.replace(/\s+/g, '') : s;
  const ok = f === 'hex' ? /^(?:[0-9a-fA-F]{2})*$/.test(clean) : /^[A-Za-z0-9+/]*={0,2}$/.test(clean) && clean.length % 4 === 0;
  if (!ok) throw SqlError.of(SqlState.InvalidParameterValue, [`${name}: not valid ${f}`]);
  return new Uint8Array(Buffer.from(clean, f));
}

/** The definitions this file adds, by name. */
export const STRING_FUNCTIONS: ReadonlyArray<readonly [string, Definition]> = [
  ['REPEAT', fixed(2, 2, typed(texts(TEXT_KINDS, ['INTEGER']), CHAR), (v, n) => repeat(text(n, v[0]!, 0), count(n, v[1]!, 1)))],
  ['TRANSLATE', fixed(3, 3, typed(texts(TEXT_KINDS, TEXT_KINDS, TEXT_KINDS), CHAR), (v, n) => translate(text(n, v[0]!, 0), text(n, v[1]!, 1), text(n, v[2]!, 2)))],
  ['INITCAP', textFn(initcap, CHAR)],
  ['CHR', fixed(1, 1, typed(texts(['INTEGER']), CHAR), (v, n) => chr(count(n, v[0]!, 0)))],
  ['ASCII', textFn((s) => s.codePointAt(0) ?? 0, INTEGER)],
  ['STARTS_WITH', fixed(2, 2, typed(texts(TEXT_KINDS, TEXT_KINDS), BOOLEAN), (v, n) => text(n, v[0]!, 0).startsWith(text(n, v[1]!, 1)))],
  ['BIT_LENGTH', fixed(1, 1, typed(texts(['CHAR', 'BLOB']), INTEGER), (v, n) => 8 * bytesOf(v[0]!, n).length)],
  ['TO_HEX', fixed(1, 1, typed(texts(['INTEGER']), CHAR), (v, n) => toHex(v[0]!, n))],
  ['REGEXP_LIKE', regexTest(BOOLEAN, (re, s) => re.test(s))],
  ['REGEXP_SUBSTR', regexTest(CHAR, (re, s) => re.exec(s)?.[0] ?? null)],
  ['REGEXP_REPLACE', regexReplace()],
  ['REGEXP_MATCH', regexTest(DOCARRAY, firstMatch)],
  ['REGEXP_COUNT', regexCount()],
  ['ENCODE', fixed(2, 2, typed(texts(['CHAR', 'BLOB'], TEXT_KINDS), CHAR), (v, n) => bytesOf(v[0]!, n).toString(format(n, v[1]!)))],
  ['DECODE', fixed(2, 2, typed(texts(TEXT_KINDS, TEXT_KINDS), BLOB), (v, n) => decode(text(n, v[0]!, 0), format(n, v[1]!), n))],
  ['SHA256', fixed(1, 1, typed(texts(['CHAR', 'BLOB']), CHAR), (v, n) => createHash('sha256').update(bytesOf(v[0]!, n)).digest('hex'))],
  // a new value per call: compiled calls are never folded (compile-calls.ts)
  ['GEN_RANDOM_UUID', fixed(0, 0, () => CHAR, () => randomUUID())],
  ['UUID', fixed(0, 0, () => CHAR, () => randomUUID())],
]; // prettier-ignore
