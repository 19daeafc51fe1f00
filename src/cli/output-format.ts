/**
 * src/cli/output-format.ts — results as CSV or JSON, for scripts (`\format csv`, `.mode json`, `--csv`).
 *
 * 1. CSV is RFC 4180: a header line of column names, then a line per row; a field holding a comma, a quote,
 *    CR or LF is quoted with quotes doubled; NULL is an empty field (as psql's CSV output); other values are
 *    their SQL text (`renderCell`: exact integers and decimals with their column's scale, ISO dates, documents
 *    as one line of JSON).
 * 2. JSON is an array with an object per row keyed by column name (the sqlite3 shell's `.mode json`): NULL is
 *    null, BOOLEAN true/false, INTEGER and REAL numbers when a JS number holds them exactly, else (bigint,
 *    NUMERIC, dates, intervals, blobs) the SQL text as a string, so nothing is rounded; documents are JSON.
 */
import { documentToJson } from '../common/values/document/doc-json';
import type { DocValue } from '../common/values/document/doc-value';
import { renderCell, type Tabular } from './table-format';

/** How pyrrhocmd prints results. */
export type OutputMode = 'table' | 'csv' | 'json';

function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The result as CSV (invariant 1). */
export function renderCsv(result: Tabular): string {
  const lines = [result.columns.map(csvField).join(',')];
  for (const row of result.rows) {
    lines.push(
      result.columns
        .map((_c, i) => {
          const v = row[i];
          if (v === null || v === undefined) return '';
          const type = result.types[i] ?? '';
          return csvField(renderCell(v, type, result.declaredTypes?.[i] ?? type));
        })
        .join(','),
    );
  }
  return lines.join('\n');
}

function jsonValue(v: unknown, type: string, declared: string): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (type === 'DOCUMENT' || type === 'DOCARRAY') return documentToJson(v as DocValue);
  return JSON.stringify(renderCell(v, type, declared));
}

/** The result as a JSON array of row objects (invariant 2). */
export function renderJson(result: Tabular): string {
  if (result.rows.length === 0) return '[]';
  const keys = result.columns.map((c) => JSON.stringify(c));
  const rows = result.rows.map((row) => {
    const fields = result.columns.map((_c, i) => {
      const type = result.types[i] ?? '';
      return `${keys[i]}:${jsonValue(row[i], type, result.declaredTypes?.[i] ?? type)}`;
    });
    return `{${fields.join(',')}}`;
  });
  return `[${rows.join(',\n')}]`;
}
