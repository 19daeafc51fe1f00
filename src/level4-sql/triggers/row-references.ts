/**
 * src/level4-sql/triggers/row-references.ts — turns a row trigger's references to its OLD and NEW rows
 * (`new.c`, `o.c` with REFERENCING OLD ROW AS o) into parameters, so its WHEN and body statements are
 * planned once like any statement and run with the row's values as parameter values.
 *
 * 1. A reference is a two-part column name whose first part is a row name the event has: INSERT has NEW,
 *    DELETE has OLD, UPDATE both (SQLite's rule; the REFERENCING names too). Any other reference is left
 *    alone, so `old.c` in an INSERT trigger fails to resolve as SQLite's "no such column" does (42P01).
 * 2. The AST is changed in place: it is a fresh parse of the stored text, owned by the caller.
 * 3. Each (row, column) pair gets one parameter index, typed with the column's type; a trigger body may
 *    not use `?` or `@name` itself (create-trigger.ts refuses them), so the indexes are all its own.
 */
import { SqlError, SqlState } from '../../common/errors';
import type { SqlType } from '../../common/values/sql-type';
import type { Row, Value } from '../../common/values/value';
import type { ParamTypes } from '../eval/param-types';
import type { CreateTrigger, Expr, Parameter } from '../parse';

/** A column of the row a trigger sees: a table's column, or a view's (slot = its position). */
export interface RowColumn {
  readonly name: string;
  readonly slot: number;
  readonly type: SqlType;
}

/** Which row a parameter reads, and the column slot. */
export interface RowParam {
  readonly old: boolean;
  readonly slot: number;
}

/** The parameters a trigger's row references became (file header). */
export class RowReferences {
  readonly params: RowParam[] = [];
  readonly types: SqlType[] = [];
  private readonly byKey = new Map<string, number>();
  private readonly oldNames: ReadonlySet<string>;
  private readonly newNames: ReadonlySet<string>;

  constructor(
    private readonly columns: readonly RowColumn[],
    def: CreateTrigger,
  ) {
    const hasOld = def.forEachRow && def.event !== 'INSERT';
    const hasNew = def.forEachRow && def.event !== 'DELETE';
    this.oldNames = new Set(hasOld ? ['OLD', ...(def.referencing.oldRow === null ? [] : [def.referencing.oldRow])] : []);
    this.newNames = new Set(hasNew ? ['NEW', ...(def.referencing.newRow === null ? [] : [def.referencing.newRow])] : []);
  }

  /** True when `name` names the OLD (old = true) or NEW row. */
  names(name: string, old: boolean): boolean {
    return (old ? this.oldNames : this.newNames).has(name);
  }

  /** Rewrites `e` in place if it is a row reference (invariant 2); `except` is a row name left alone. */
  rewrite(e: Expr, except: string | null = null): boolean | void {
    if (e.kind !== 'ColumnRef' || e.parts.length !== 2) return;
    const [row, column] = e.parts as [string, string];
    if (row === except) return;
    const old = this.oldNames.has(row);
    if (!old && !this.newNames.has(row)) return;
    const col = this.columns.find((c) => c.name === column);
    if (col === undefined) throw SqlError.of(SqlState.UndefinedColumn, [`${row}.${column}`], { position: e.position });
    const key = `${old ? 'O' : 'N'}${col.slot}`;
    let index = this.byKey.get(key);
    if (index === undefined) {
      index = this.params.length;
      this.byKey.set(key, index);
      this.params.push({ old, slot: col.slot });
      this.types.push(col.type);
    }
    const p = e as unknown as Parameter;
    p.kind = 'Parameter';
    p.index = index;
    p.name = null;
    delete (e as { parts?: unknown }).parts;
    delete (e as { steps?: unknown }).steps;
    return false;
  }

  /** The parameter types of the rewritten statements. */
  paramTypes(): ParamTypes {
    return { positional: this.types, named: new Map() };
  }

  /** The parameter values for one firing. */
  values(oldRow: Row | null, newRow: Row | null): Value[] {
    const ps = this.params;
    const out: Value[] = new Array(ps.length);
    for (let i = 0; i < ps.length; i++) {
      const p = ps[i]!;
      const row = p.old ? oldRow : newRow;
      const v = row === null ? null : row[p.slot];
      out[i] = v === undefined ? null : v;
    }
    return out;
  }
}
