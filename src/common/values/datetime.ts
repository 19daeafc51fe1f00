/**
 * src/common/values/datetime.ts — parsing, formatting and day arithmetic for DATE, TIME and TIMESTAMP.
 *
 * 1. Everything is UTC: a DATE is a `Date` at UTC midnight, a TIMESTAMP a `Date` (millisecond precision),
 *    a TIME the canonical string 'HH:MM:SS[.f]' (fraction at most 3 digits, trailing zeros removed), so
 *    that equal times are equal strings and string order is time order.
 * 2. Years run from 0001 to 9999. Text outside that range, or a field out of range (month 13, 30 February,
 *    minute 60), is InvalidDatetimeFormat 22007; arithmetic that leaves the range is DatetimeFieldOverflow 22008.
 * 3. Fractions of a second beyond milliseconds are truncated, not rounded (a Date cannot hold them).
 * 4. A TIMESTAMP text may end in `Z` or a `±HH:MM` offset; it is converted to UTC.
 */
import { SqlError, SqlState } from '../errors';

/** Milliseconds in a day. */
export const MS_PER_DAY = 86_400_000;

/** 0001-01-01T00:00:00.000Z and 9999-12-31T23:59:59.999Z as epoch milliseconds. */
const MIN_MS = -62_135_596_800_000;
const MAX_MS = 253_402_300_799_999;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

const DATE_RE = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
const TIMESTAMP_RE =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:[Tt]|\s+)(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?\s*(?:([Zz])|([+-])(\d{2}):?(\d{2}))?$/;
const TIME_RE = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?$/;

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/** Days in month `m` (1–12) of year `y`. */
export function daysInMonth(y: number, m: number): number {
  return m === 2 && isLeap(y) ? 29 : DAYS_IN_MONTH[m - 1]!;
}

function bad(text: string): SqlError {
  return SqlError.of(SqlState.InvalidDatetimeFormat, [`'${text}'`]);
}

/** Epoch milliseconds of a UTC calendar date; years below 100 are not shifted to 19xx. */
function utcMs(y: number, mo: number, d: number, h = 0, mi = 0, s = 0, ms = 0): number {
  const t = new Date(0);
  t.setUTCFullYear(y, mo - 1, d);
  t.setUTCHours(h, mi, s, ms);
  return t.getTime();
}

function checkDay(text: string, y: number, mo: number, d: number): void {
  if (y < 1 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) throw bad(text);
}

function checkClock(text: string, h: number, mi: number, s: number): void {
  if (h > 23 || mi > 59 || s > 59) throw bad(text);
}

/** Milliseconds from a fraction-of-second digit string ('5' → 500, '123456' → 123, truncated). */
function fractionMs(digits: string | undefined): number {
  if (digits === undefined) return 0;
  return Number((digits + '00').slice(0, 3));
}

/** Parses 'YYYY-MM-DD' into a DATE (a Date at UTC midnight); anything else → 22007. */
export function parseDate(text: string): Date {
  const m = DATE_RE.exec(text.trim());
  if (m === null) throw bad(text);
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  checkDay(text, y, mo, d);
  return new Date(utcMs(y, mo, d));
}

/**
 * Parses 'YYYY-MM-DD[( |T)HH:MM[:SS[.fff]]][Z|±HH:MM]' into a TIMESTAMP; a date alone means midnight.
 * Bad text or fields → 22007.
 */
export function parseTimestamp(text: string): Date {
  const m = TIMESTAMP_RE.exec(text.trim());
  if (m === null) throw bad(text);
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  checkDay(text, y, mo, d);
  const h = m[4] === undefined ? 0 : Number(m[4]);
  const mi = m[5] === undefined ? 0 : Number(m[5]);
  const s = m[6] === undefined ? 0 : Number(m[6]);
  checkClock(text, h, mi, s);
  let ms = utcMs(y, mo, d, h, mi, s, fractionMs(m[7]));
  if (m[9] !== undefined) {
    const oh = Number(m[10]);
    const om = Number(m[11]);
    if (oh > 15 || om > 59) throw bad(text);
    const offset = (oh * 60 + om) * 60_000;
    ms += m[9] === '+' ? -offset : offset;
  }
  if (ms < MIN_MS || ms > MAX_MS) throw bad(text);
  return new Date(ms);
}

/** Parses 'H[H]:MM[:SS[.fff]]' into the canonical TIME string 'HH:MM:SS[.f]'; bad text → 22007. */
export function parseTime(text: string): string {
  const m = TIME_RE.exec(text.trim());
  if (m === null) throw bad(text);
  const h = Number(m[1]);
  const mi = Number(m[2]);
  const s = m[3] === undefined ? 0 : Number(m[3]);
  checkClock(text, h, mi, s);
  return clockText(h, mi, s, fractionMs(m[4]));
}

function pad2(n: number): string {
  return n < 10 ? '0' + n : String(n);
}

function pad4(n: number): string {
  return String(n).padStart(4, '0');
}

/** 'HH:MM:SS' plus '.f', '.ff' or '.fff' when `ms` is not zero (trailing zeros removed). */
function clockText(h: number, mi: number, s: number, ms: number): string {
  const base = `${pad2(h)}:${pad2(mi)}:${pad2(s)}`;
  if (ms === 0) return base;
  return base + '.' + String(ms).padStart(3, '0').replace(/0+$/, '');
}

/** 'YYYY-MM-DD' of a Date, in UTC. */
export function formatDate(d: Date): string {
  return `${pad4(d.getUTCFullYear())}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
}

/** The UTC time of day of a Date as a canonical TIME string. */
export function timeOfDay(d: Date): string {
  return clockText(d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds());
}

/** 'YYYY-MM-DD HH:MM:SS[.f]' of a Date, in UTC. */
export function formatTimestamp(d: Date): string {
  return formatDate(d) + ' ' + timeOfDay(d);
}

/** True when the Date is exactly at UTC midnight (a DATE value, or a TIMESTAMP with no time part). */
export function isMidnight(d: Date): boolean {
  const t = d.getTime();
  return t - Math.floor(t / MS_PER_DAY) * MS_PER_DAY === 0;
}

/** The DATE of a TIMESTAMP: the same Date truncated to UTC midnight (a new object). */
export function truncateToDate(d: Date): Date {
  return new Date(Math.floor(d.getTime() / MS_PER_DAY) * MS_PER_DAY);
}

/** Throws DatetimeFieldOverflow 22008 unless `ms` lies within years 0001–9999. */
export function checkDateRange(ms: number, what: string): void {
  if (!(ms >= MIN_MS && ms <= MAX_MS)) throw SqlError.of(SqlState.DatetimeFieldOverflow, [what]);
}

/** DATE + days (an INTEGER, possibly bigint or negative); leaving years 0001–9999 → 22008. */
export function addDays(d: Date, days: number | bigint): Date {
  const n = typeof days === 'bigint' ? Number(days) : days;
  const ms = d.getTime() + n * MS_PER_DAY;
  checkDateRange(ms, `${formatDate(d)} + ${String(days)} days`);
  return new Date(ms);
}

/** Whole days from `b` to `a` (DATE - DATE), rounded toward zero for timestamps. */
export function daysBetween(a: Date, b: Date): number {
  return Math.trunc((a.getTime() - b.getTime()) / MS_PER_DAY) + 0; // + 0 turns -0 into 0
}
