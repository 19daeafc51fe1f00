/**
 * src/level4-sql/eval/format-function.ts — FORMAT(template, args…) (PostgreSQL's), QUOTE_IDENT and QUOTE_LITERAL:
 * text for messages and for SQL written by SQL.
 *
 * 1. A specifier is `%[n$][-][width]type`: type `s` writes the argument as text (NULL as nothing), `I` as a
 *    double-quoted name (NULL is 22004), `L` as a quoted literal (NULL as the word NULL); `%%` is a `%`. `n$`
 *    takes argument n (from 1) and the next specifier without one takes the argument after it; a width pads
 *    with spaces on the left, or on the right after `-`.
 * 2. Too few arguments, an unknown or unfinished specifier, or argument 0 is 22023. Arguments left over are
 *    ignored, as PostgreSQL ignores them.
 * 3. A name is always quoted (`"emp"`): names here fold to upper case unless quoted, so only a quoted name says
 *    exactly which one is meant (PostgreSQL quotes only where it must, because its names fold to lower case).
 *    A literal is single-quoted with its quotes doubled; a value that is not text is written as CONCAT writes it,
 *    by its type (a NUMERIC(8,2) with its two places).
 * 4. NULL as the template gives NULL.
 */
import { SqlError, SqlState } from '../../common/errors';
import { formatValue } from '../../common/values/format';
import { CHAR, type SqlType } from '../../common/values/sql-type';
import type { Value } from '../../common/values/value';
import { type Definition, expectKinds, text, TEXT_KINDS } from './function-kit';

function invalid(message: string): SqlError {
  return SqlError.of(SqlState.InvalidParameterValue, [message]);
}

/** `v` as text, as CONCAT writes it: by its static type `t` where known (NUMERIC(8,2) 80 → '80.00'). */
function asText(v: Value, t?: SqlType): string {
  return typeof v === 'string' ? v : formatValue(v, t);
}

/** `s` as a double-quoted name (invariant 3). */
export function quoteIdent(s: string): string {
  return `"${s.replace(/"/g, '""')}"`;
}

/** `s` as a single-quoted literal (invariant 3). */
export function quoteLiteral(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

const SPECIFIER = /^(?:(\d+)\$)?(-)?(\d+)?([sIL])?/;

/** FORMAT's text (invariants 1, 2). */
export function formatText(template: string, args: readonly Value[], types: readonly SqlType[] = []): string {
  let out = '';
  let next = 0;
  for (let i = 0; i < template.length; i++) {
    const c = template[i]!;
    if (c !== '%') {
      out += c;
      continue;
    }
    if (template[i + 1] === '%') {
      out += '%';
      i++;
      continue;
    }
    const m = SPECIFIER.exec(template.slice(i + 1))!;
    const type = m[4];
    if (type === undefined) {
      const at = template[i + 1 + m[0].length];
      throw at === undefined ? invalid('unterminated format() type specifier') : invalid(`unrecognized format() type specifier "${at}"`);
    }
    const k = m[1] === undefined ? next : Number(m[1]) - 1;
    if (k < 0) throw invalid('format specifies argument 0, but arguments are numbered from 1');
    if (k >= args.length) throw invalid('too few arguments for format()');
    next = k + 1;
    const v = args[k]!;
    let s: string;
    const t = types[k];
    if (type === 's') s = v === null ? '' : asText(v, t);
    else if (type === 'L') s = v === null ? 'NULL' : quoteLiteral(asText(v, t));
    else if (v === null) throw SqlError.of(SqlState.NullValueNotAllowed, ['a NULL cannot be formatted as a name (%I)']);
    else s = quoteIdent(asText(v, t));
    const width = m[3] === undefined ? 0 : Number(m[3]);
    const pad = width - Array.from(s).length;
    if (pad > 0) s = m[2] === undefined ? ' '.repeat(pad) + s : s + ' '.repeat(pad);
    out += s;
    i += m[0].length;
  }
  return out;
}

const FORMAT: Definition = {
  minArgs: 1,
  maxArgs: Infinity,
  strict: false,
  resultType: (args, name) => {
    expectKinds(name, args, 0, TEXT_KINDS);
    return CHAR;
  },
  bind: (args, _r, name) => {
    const types = args.slice(1);
    return (v) => (v[0] === null ? null : formatText(text(name, v[0]!, 0), v.slice(1), types));
  },
};

function quoting(quote: (s: string) => string): Definition {
  return {
    minArgs: 1,
    maxArgs: 1,
    strict: true,
    resultType: () => CHAR,
    bind: (args) => (v) => quote(asText(v[0]!, args[0])),
  };
}

/** The definitions this file adds, by name. */
export const FORMAT_FUNCTIONS: ReadonlyArray<readonly [string, Definition]> = [
  ['FORMAT', FORMAT],
  ['QUOTE_IDENT', quoting(quoteIdent)],
  ['QUOTE_LITERAL', quoting(quoteLiteral)],
];
