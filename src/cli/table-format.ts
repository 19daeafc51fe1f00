/**
 * src/cli/table-format.ts — renders results as boxed tables and error messages with a caret.
 *
 * 1. Widths are measured in characters of the rendered text; numbers are right-aligned, text left-aligned.
 * 2. Values render as SQL text: NULL, exact integers and decimals, ISO dates.
 */
import { Decimal } from '../common/values/value';

/** What a result carries, as the client returns it. */
export interface Tabular {
  readonly columns: readonly string[];
  readonly types: readonly string[];
  readonly rows: readonly (readonly unknown[])[];
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** SQL text for one value of the given type name. */
export function renderCell(v: unknown, type: string): string {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'string') return v;
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') {
    if (type === 'REAL' && Number.isInteger(v) && Math.abs(v) < 1e21) return `${v}.0`;
    return String(v);
  }
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof Decimal) return v.toFixed();
  if (v instanceof Date) {
    const d = `${v.getUTCFullYear()}-${pad2(v.getUTCMonth() + 1)}-${pad2(v.getUTCDate())}`;
    if (type === 'DATE') return d;
    const ms = v.getUTCMilliseconds();
    const frac = ms === 0 ? '' : `.${String(ms).padStart(3, '0')}`;
    return `${d} ${pad2(v.getUTCHours())}:${pad2(v.getUTCMinutes())}:${pad2(v.getUTCSeconds())}${frac}`;
  }
  if (v instanceof Uint8Array) return `X'${Buffer.from(v).toString('hex').toUpperCase()}'`;
  return JSON.stringify(v);
}

const NUMERIC_TYPES = new Set(['INTEGER', 'NUMERIC', 'REAL']);

/** A boxed table: header, rule, rows, and a row count line. */
export function renderTable(result: Tabular): string {
  const cells = result.rows.map((row) => result.columns.map((_c, i) => renderCell(row[i], result.types[i] ?? '')));
  const widths = result.columns.map((c, i) => Math.max(c.length, ...cells.map((r) => (r[i] as string).length)));
  const rule = (l: string, m: string, r: string): string => l + widths.map((w) => '─'.repeat(w + 2)).join(m) + r;
  const line = (values: readonly string[], rightAlign: (i: number) => boolean): string =>
    '│' +
    values
      .map((v, i) => {
        const w = widths[i] as number;
        return ' ' + (rightAlign(i) ? v.padStart(w) : v.padEnd(w)) + ' ';
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

/** The line of `text` holding `position`, and a caret line pointing at it. */
export function caretLines(text: string, position: number): string[] {
  const pos = Math.max(0, Math.min(position, text.length));
  const lineStart = text.lastIndexOf('\n', pos - 1) + 1;
  const nl = text.indexOf('\n', pos);
  const lineEnd = nl < 0 ? text.length : nl;
  const line = text.slice(lineStart, lineEnd);
  return [line, ' '.repeat(pos - lineStart) + '^'];
}
