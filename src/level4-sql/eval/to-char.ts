/**
 * src/level4-sql/eval/to-char.ts — TO_CHAR(x, format) for dates, times and numbers, and TO_DATE(text, format),
 * with PostgreSQL's template patterns (registered by functions.ts).
 *
 * 1. Dates and timestamps (UTC): YYYY YYY YY Y, MM, MONTH Month month, MON Mon mon, DD, DDD (day of the year), D
 *    (day of the week, Sunday 1), ID (ISO, Monday 1), DAY Day day, DY Dy dy, HH HH12 HH24, MI, SS, MS, US, AM PM
 *    am pm A.M. P.M., Q, WW (week of the year from January 1), IW (ISO week), J (Julian day). Names are padded to
 *    the longest name (9 letters) unless FM comes before them; FM before a number drops its leading zeros. Text
 *    in double quotes is copied; `\` copies the next character; anything else that is no pattern is itself.
 *    Patterns are matched longest first, upper case as written (`Month` capitalised, `MONTH` upper, `month`
 *    lower).
 * 2. Numbers: `9` a digit (a space where a leading zero would be), `0` a digit always shown, `.` or `D` the
 *    decimal point, `,` or `G` a group separator (shown only between digits), `S` a sign (+ or -) where it
 *    stands (before the digits: next to the first digit shown), `MI` a minus sign for negatives (a space
 *    otherwise), `PR` angle brackets around a negative, `FM` no padding and no zeros at the end that `9`s stand
 *    for. Without S, MI or PR the sign takes a column just before the first digit shown (a space, or `-`), as
 *    PostgreSQL places it. The value is rounded to the places
 *    the template has (half away from zero, exactly for NUMERIC); one with more integer digits than it has is
 *    `#` in every digit position, as PostgreSQL shows it.
 * 3. TO_DATE(text, format) reads the date patterns back (YYYY, MM, DD, MON / MONTH names, DDD with YYYY),
 *    skipping what else the format holds character for character; a field out of range or text that does not
 *    match is 22007.
 */
import { SqlError, SqlState } from '../../common/errors';
import { Decimal, toExactDecimal } from '../../common/values/value';
import { isoWeek } from './extract';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const NAME_WIDTH = 9;

/** The date patterns, longest first so that `HH24` wins over `HH` and `MONTH` over `MON` and `MM`. */
const DATE_PATTERNS = [
  'A.M.', 'P.M.', 'a.m.', 'p.m.', 'YYYY', 'HH24', 'HH12', 'MONTH', 'Month', 'month', 'YYY', 'MON', 'Mon', 'mon', 'DAY', 'Day', 'day', 'DDD',
  'YY', 'MM', 'DD', 'DY', 'Dy', 'dy', 'HH', 'MI', 'SS', 'MS', 'US', 'AM', 'PM', 'am', 'pm', 'ID', 'IW', 'WW', 'Y', 'D', 'Q', 'J',
]; // prettier-ignore

function badFormat(what: string): SqlError {
  return SqlError.of(SqlState.InvalidDatetimeFormat, [what]);
}

/** A name in the case the pattern is written in, padded to NAME_WIDTH unless `fm`. */
function named(name: string, pattern: string, fm: boolean, width = NAME_WIDTH): string {
  const cased = pattern === pattern.toUpperCase() ? name.toUpperCase() : pattern === pattern.toLowerCase() ? name.toLowerCase() : name;
  return fm ? cased : cased.padEnd(width);
}

function num(n: number, width: number, fm: boolean): string {
  const s = String(Math.abs(n));
  return (n < 0 ? '-' : '') + (fm ? s : s.padStart(width, '0'));
}

function dayOfYear(d: Date): number {
  return Math.floor((Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86_400_000) + 1;
}

function datePart(p: string, d: Date, fm: boolean): string {
  const y = d.getUTCFullYear();
  const h = d.getUTCHours();
  switch (p) {
    case 'YYYY':
      return num(y, 4, fm);
    case 'YYY':
      return num(y % 1000, 3, fm);
    case 'YY':
      return num(y % 100, 2, fm);
    case 'Y':
      return String(y % 10);
    case 'MM':
      return num(d.getUTCMonth() + 1, 2, fm);
    case 'DD':
      return num(d.getUTCDate(), 2, fm);
    case 'DDD':
      return num(dayOfYear(d), 3, fm);
    case 'D':
      return String(d.getUTCDay() + 1);
    case 'ID':
      return String(((d.getUTCDay() + 6) % 7) + 1);
    case 'HH':
    case 'HH12':
      return num(h % 12 === 0 ? 12 : h % 12, 2, fm);
    case 'HH24':
      return num(h, 2, fm);
    case 'MI':
      return num(d.getUTCMinutes(), 2, fm);
    case 'SS':
      return num(d.getUTCSeconds(), 2, fm);
    case 'MS':
      return num(d.getUTCMilliseconds(), 3, fm);
    case 'US':
      return num(d.getUTCMilliseconds() * 1000, 6, fm);
    case 'Q':
      return String(Math.floor(d.getUTCMonth() / 3) + 1);
    case 'WW':
      return num(Math.floor((dayOfYear(d) - 1) / 7) + 1, 2, fm);
    case 'IW':
      return num(isoWeek(d), 2, fm);
    case 'J':
      return String(Math.floor(d.getTime() / 86_400_000) + 2_440_588);
    case 'AM':
    case 'PM':
    case 'am':
    case 'pm':
      return p === p.toUpperCase() ? (h < 12 ? 'AM' : 'PM') : h < 12 ? 'am' : 'pm';
    case 'A.M.':
    case 'P.M.':
    case 'a.m.':
    case 'p.m.':
      return p === p.toUpperCase() ? (h < 12 ? 'A.M.' : 'P.M.') : h < 12 ? 'a.m.' : 'p.m.';
  }
  const upper = p.toUpperCase();
  if (upper === 'MONTH') return named(MONTHS[d.getUTCMonth()]!, p, fm);
  if (upper === 'MON') return named(MONTHS[d.getUTCMonth()]!.slice(0, 3), p, true);
  if (upper === 'DAY') return named(DAYS[d.getUTCDay()]!, p, fm);
  return named(DAYS[d.getUTCDay()]!.slice(0, 3), p, true); // DY
}

/** Splits a template into patterns and literal text (invariant 1), calling `emit` for each. */
function walkTemplate(format: string, patterns: readonly string[], emit: (pattern: string | null, text: string, fm: boolean) => void): void {
  let fm = false;
  for (let i = 0; i < format.length; ) {
    if (format.startsWith('FM', i) || format.startsWith('fm', i)) {
      fm = true;
      i += 2;
      continue;
    }
    const c = format[i]!;
    if (c === '"') {
      const end = format.indexOf('"', i + 1);
      emit(null, format.slice(i + 1, end < 0 ? format.length : end), false);
      i = end < 0 ? format.length : end + 1;
      continue;
    }
    if (c === '\\' && i + 1 < format.length) {
      emit(null, format[i + 1]!, false);
      i += 2;
      continue;
    }
    const p = patterns.find((q) => format.startsWith(q, i));
    if (p === undefined) {
      emit(null, c, false);
      i++;
      continue;
    }
    emit(p, '', fm);
    fm = false;
    i += p.length;
  }
}

/** TO_CHAR of a DATE or TIMESTAMP (invariant 1). */
export function formatDate(d: Date, format: string): string {
  let out = '';
  walkTemplate(format, DATE_PATTERNS, (p, text, fm) => {
    out += p === null ? text : datePart(p, d, fm);
  });
  return out;
}

// ---------------------------------------------------------------- numbers (invariant 2)

/** TO_CHAR of a number (invariant 2). */
export function formatNumber(x: number | bigint | Decimal, format: string): string {
  let fm = false;
  let t = format;
  if (/^fm/i.test(t)) {
    fm = true;
    t = t.slice(2);
  }
  const upper = t.toUpperCase();
  const point = Math.max(upper.indexOf('.'), upper.indexOf('D'));
  const intPart = point < 0 ? upper : upper.slice(0, point);
  const fracPart = point < 0 ? '' : upper.slice(point + 1);
  const intDigits = (intPart.match(/[90]/g) ?? []).length;
  const places = (fracPart.match(/[90]/g) ?? []).length;
  const firstZero = intPart.search(/0/);
  const value = toExactDecimal(x).toDecimalPlaces(places, Decimal.ROUND_HALF_UP);
  const negative = value.isNegative() && !value.isZero();
  const [whole, frac = ''] = value.abs().toFixed(places).split('.');
  const overflow = whole !== '0' && whole!.length > intDigits;
  // the digits the integer template shows, right-aligned; positions before the first `0` left blank when leading zeros
  let digits = overflow ? '#'.repeat(intDigits) : (whole === '0' && intDigits > 0 && firstZero < 0 && places > 0 ? '' : whole!).padStart(intDigits, ' ');
  if (!overflow && firstZero >= 0) {
    const zeroFrom = (intPart.slice(0, firstZero).match(/[90]/g) ?? []).length;
    digits = digits.split('').map((c, i) => (c === ' ' && i >= zeroFrom ? '0' : c)).join('');
  }
  let out = '';
  let di = 0;
  let started = false;
  let leadingSign = false; // an S before the digits: anchored to the first digit shown
  const signWanted = /S|MI|PR/.test(upper);
  for (let i = 0; i < intPart.length; i++) {
    const c = intPart[i]!;
    if (c === '9' || c === '0') {
      const ch = digits[di++]!;
      if (ch !== ' ') started = true;
      out += ch;
    } else if (c === ',' || c === 'G') out += started ? ',' : ' ';
    else if (c === 'S') {
      if (di === 0) leadingSign = true;
      else out += negative ? '-' : '+';
    } else if (upper.startsWith('MI', i)) {
      out += negative ? '-' : ' ';
      i++;
    } else if (upper.startsWith('PR', i)) i++;
    else out += t[i]!;
  }
  if (point >= 0) {
    out += '.';
    // with FM, zeros at the end that `9`s stand for are left out (`0`s always show)
    let tail = '';
    let fi = 0;
    for (let i = 0; i < fracPart.length; i++) {
      const c = fracPart[i]!;
      if (c === '9' || c === '0') {
        const ch = overflow ? '#' : frac[fi++] ?? '0';
        if (fm && c === '9' && ch === '0') tail += ch;
        else {
          out += tail + ch;
          tail = '';
        }
        continue;
      }
      out += tail;
      tail = '';
      if (c === 'S') out += negative ? '-' : '+';
      else if (fracPart.startsWith('MI', i)) {
        out += negative ? '-' : ' ';
        i++;
      } else if (fracPart.startsWith('PR', i)) i++;
      else out += t[point + 1 + i]!;
    }
  }
  if (!signWanted || leadingSign) {
    // the sign goes just before the first digit shown: a space for a positive number without S
    const sign = negative ? '-' : leadingSign ? '+' : ' ';
    // it takes a column of its own, after the blanks that stand for leading zeros
    const at = out.search(/[^ ]/);
    out = at < 0 ? sign + out : out.slice(0, at) + sign + out.slice(at);
  }
  if (/PR/.test(upper)) out = negative ? out.replace(/^( *)(.*)$/, '$1<$2>') : ` ${out} `;
  return fm ? out.trim() : out;
}

// ---------------------------------------------------------------- TO_DATE (invariant 3)

const READ_PATTERNS = ['YYYY', 'MONTH', 'Month', 'month', 'MON', 'Mon', 'mon', 'DDD', 'MM', 'DD', 'YY'];

/** TO_DATE(text, format): the DATE the text gives under the template (invariant 3). */
export function parseDateWith(text: string, format: string): Date {
  let y = 1;
  let m = 1;
  let d = 1;
  let doy: number | null = null;
  let i = 0;
  const fail = (): never => {
    throw badFormat(`'${text}' does not match the format '${format}'`);
  };
  const readInt = (max: number): number => {
    const match = /^\d+/.exec(text.slice(i, i + max));
    if (match === null) fail();
    i += match![0].length;
    return Number(match![0]);
  };
  walkTemplate(format, READ_PATTERNS, (p, literal) => {
    if (p === null) {
      for (const c of literal) {
        if (text[i] === c || (c === ' ' && text[i] !== undefined && /\s/.test(text[i]!))) i++;
        else if (!/[\s\-/.,:]/.test(c)) fail();
      }
      return;
    }
    switch (p.toUpperCase()) {
      case 'YYYY':
        y = readInt(4);
        return;
      case 'YY':
        y = 2000 + readInt(2);
        return;
      case 'MM':
        m = readInt(2);
        return;
      case 'DD':
        d = readInt(2);
        return;
      case 'DDD':
        doy = readInt(3);
        return;
      default: {
        const full = p.toUpperCase() === 'MONTH';
        const rest = text.slice(i).toLowerCase();
        const at = MONTHS.findIndex((name) => rest.startsWith((full ? name : name.slice(0, 3)).toLowerCase()));
        if (at < 0) fail();
        m = at + 1;
        i += full ? MONTHS[at]!.length : 3;
      }
    }
  });
  if (text.slice(i).trim() !== '') fail();
  const t = doy !== null ? new Date(Date.UTC(y, 0, doy)) : new Date(Date.UTC(y, m - 1, d));
  if (doy === null && (t.getUTCMonth() !== m - 1 || t.getUTCDate() !== d)) throw badFormat(`'${text}': no such date`);
  if (doy !== null && (doy < 1 || t.getUTCFullYear() !== y)) throw badFormat(`'${text}': no such day of the year`);
  return t;
}
