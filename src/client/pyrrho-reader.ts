/**
 * src/client/pyrrho-reader.ts — `PyrrhoReader`: forward-only access to a query's rows.
 *
 * 1. Before the first `read()` and after the last, there is no current row: `getValue` is SQLSTATE 24000-like
 *    (reported as 02000 no data). Ordinals out of range are 22023.
 * 2. A streamed result (`StreamedResult`, over TCP) holds one batch at a time: `read` past its last row
 *    fetches the next batch; `close` before the end drops the rows the server still holds.
 */
import { SqlError, SqlState } from '../common/errors';
import type { QueryResult, StreamedResult } from './transport';

/** Reads a result row by row. */
export class PyrrhoReader {
  private index = -1;
  private closed = false;
  private rows: unknown[][];
  private readonly stream: StreamedResult | null;
  private exhausted: boolean;

  constructor(private readonly result: QueryResult | StreamedResult) {
    this.rows = result.rows;
    this.stream = 'fetch' in result ? result : null;
    this.exhausted = this.stream === null;
  }

  get fieldCount(): number {
    return this.result.columns.length;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Rows affected, for statements that are not queries. */
  get recordsAffected(): number {
    return this.result.rowsAffected;
  }

  /** Moves to the next row; false when there are no more. */
  async read(): Promise<boolean> {
    if (this.closed) return false;
    if (this.index < this.rows.length) this.index++;
    while (this.index >= this.rows.length && !this.exhausted) {
      const next = await this.stream!.fetch();
      if (next === null) this.exhausted = true;
      else {
        this.rows = next;
        this.index = 0;
      }
    }
    return this.index < this.rows.length;
  }

  getName(i: number): string {
    return this.result.columns[this.ordinal(i)] as string;
  }

  /** The SQL type name of column i: INTEGER, NUMERIC, CHAR … */
  getFieldType(i: number): string {
    return this.result.types[this.ordinal(i)] as string;
  }

  /** The full declared type of column i: `NUMERIC(6,2)`, `VARCHAR(20)`, `INTEGER` … */
  getDataTypeName(i: number): string {
    const o = this.ordinal(i);
    return this.result.declaredTypes[o] ?? (this.result.types[o] as string);
  }

  getOrdinal(name: string): number {
    const i = this.result.columns.findIndex((c) => c.toUpperCase() === name.toUpperCase());
    if (i < 0) throw SqlError.of(SqlState.UndefinedColumn, [name]);
    return i;
  }

  getValue(i: number): unknown {
    const row = this.rows[this.index];
    if (this.closed || row === undefined) throw SqlError.of(SqlState.NoData);
    return row[this.ordinal(i)] ?? null;
  }

  isDBNull(i: number): boolean {
    return this.getValue(i) === null;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (!this.exhausted) {
      this.exhausted = true;
      await this.stream!.close();
    }
  }

  private ordinal(i: number): number {
    if (!Number.isInteger(i) || i < 0 || i >= this.result.columns.length) {
      throw SqlError.of(SqlState.InvalidParameterValue, [`column ordinal ${i} is out of range`]);
    }
    return i;
  }
}
