/**
 * src/cli/table-format.ts — renders results as boxed tables and error messages with a caret.
 *
 * 1. Widths are measured in characters of the rendered text; numbers are right-aligned, text left-aligned.
 * 2. Values render as SQL text: NULL, exact integers and decimals, ISO dates; documents and arrays as one
 *    line of JSON in field order (`{"_id": "d1", "b": {"C": 23}}`, docs/documents.md).
 * 3. A NUMERIC prints with the scale of its column's declared type, as psql does: NUMERIC(6,2) 0.5 → `0.50`.
 */
import { formatDate, formatTimestamp } from '../common/values/datetime';
import { documentToJson } from '../common/values/document/doc-json';
import type { DocValue } from '../common/values/document/doc-value';
import { Interval } from '../common/values/interval';
import { StructValue } from '../common/values/struct-value';
import { declaredScale } from '../common/values/sql-type';
import { Decimal } from '../common/values/value';

/** What a result carries, as the client returns it. */
export interface Tabular {
  readonly columns: readonly string[];
  readonly types: readonly string[];
  /** full declared types (`NUMERIC(6,2)`); when given, NUMERIC values print with their scale */
  readonly declaredTypes?: readonly string[];
  readonly rows: readonly (readonly unknown[])[];
}

/** SQL text for one value of the given type name (and full declared type, for a NUMERIC's scale). */
export function renderCell(v: unknown, type: string, declared = type): string {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'string') return v;
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') {
    if (type === 'REAL' && Number.isInteger(v) && Math.abs(v) < 1e21) return `${v}.0`;
    return String(v);
  }
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof Decimal) {
    const scale = declaredScale(declared);
    return scale === undefined || !v.isFinite() ? v.toFixed() : v.toFixed(scale, Decimal.ROUND_HALF_UP);
  }
  if (v instanceof Date) return type === 'DATE' ? formatDate(v) : formatTimestamp(v);
  if (v instanceof Uint8Array) return `X'${Buffer.from(v).toString('hex').toUpperCase()}'`;
  if (v instanceof Interval) return v.toString();
  if (v instanceof StructValue) return v.toString(); // Pyrrho's text: POINT(X=2,Y=4)
  return documentToJson(v as DocValue);
}

const NUMERIC_TYPES = new Set(['INTEGER', 'NUMERIC', 'REAL']);

/** Control characters shown visibly, so a value can never break the box. */
function visible(s: string): string {
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u001f\u007f]/.test(s)
    ? s.replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t').replace(/[\u0000-\u001f\u007f]/g, '?')
    : s;
}

/** Whether a code point takes two terminal columns (East Asian wide and fullwidth forms). */
function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf && cp !== 0x303f) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1faff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  );
}

/** Terminal columns taken by `s` (combining marks count 0, wide characters 2). */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0) as number;
    if (cp >= 0x300 && cp <= 0x36f) continue;
    w += isWide(cp) ? 2 : 1;
  }
  return w;
}

function padTo(s: string, width: number, right: boolean): string {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(s)));
  return right ? fill + s : s + fill;
}

/** A boxed table: header, rule, rows, and a row count line. */
export function renderTable(result: Tabular): string {
  const cells = result.rows.map((row) =>
    result.columns.map((_c, i) => {
      const type = result.types[i] ?? '';
      return visible(renderCell(row[i], type, result.declaredTypes?.[i] ?? type));
    }),
  );
  const widths = result.columns.map((c, i) => cells.reduce((m, r) => Math.max(m, displayWidth(r[i] as string)), displayWidth(c)));
  const rule = (l: string, m: string, r: string): string => l + widths.map((w) => '─'.repeat(w + 2)).join(m) + r;
  const line = (values: readonly string[], rightAlign: (i: number) => boolean): string =>
    '│' +
    values
      .map((v, i) => {
        const w = widths[i] as number;
        return ' ' + padTo(v, w, rightAlign(i)) + ' ';
      })
      .join('│') +
    '│';
  const isNum = (i: number): boolean => NUMERIC_TYPES.has(result.types[i] ?? '');
  const out = [rule('┌', '┬', '┐'), line(result.columns, () => false), rule('├', '┼', '┤')];
  for (const r of cells) out.push(line(r, isNum));
  out.push(rule('└', '┴', '┘'));
  const n = result.rows.length;
  out.push(`(${n} row${n === 1 ? '' : 's'})`);
  return out.join('\n');
}

/** The line of `text` holding `position`, and a caret line pointing at it (tabs kept, wide characters
 *  counted as two columns, so the caret stands under the character in a terminal). */
export function caretLines(text: string, position: number): string[] {
  const pos = Math.max(0, Math.min(position, text.length));
  const lineStart = text.lastIndexOf('\n', pos - 1) + 1;
  const nl = text.indexOf('\n', pos);
  const lineEnd = nl < 0 ? text.length : nl;
  const line = text.slice(lineStart, lineEnd);
  let lead = '';
  for (const ch of text.slice(lineStart, pos)) lead += ch === '\t' ? '\t' : ' '.repeat(displayWidth(ch));
  return [line, lead + '^'];
}
