/**
 * src/level4-sql/triggers/transition-tables.ts — an AFTER trigger's OLD TABLE and NEW TABLE (REFERENCING
 * OLD TABLE AS ot NEW TABLE AS nt): the rows the statement removed and the rows it left, queryable by name in
 * the trigger's WHEN and body.
 *
 * 1. Each is a CTE whose rows are a holder filled when the trigger fires (the working-table rowset a
 *    recursive CTE reads, plan/cte.ts); the body is planned once with them in scope (compile-env.ts
 *    `withOuterCtes`), so a transition table name hides a table of the same name, as a CTE does.
 * 2. Columns are the table's columns in order; rows are projected from stored rows (by slot) when set.
 * 3. Only AFTER triggers have them (the standard's rule; create-trigger.ts refuses them elsewhere, 42P17), FOR
 *    EACH STATEMENT or FOR EACH ROW: both fire once the statement's rows are all written, so the tables hold
 *    all of them (table-triggers.ts invariant 5).
 */
import type { Row } from '../../common/values/value';
import type { WorkingTable } from '../exec/recursive-union';
import type { CteEntry, CteScope } from '../plan/cte';
import type { CommonTableExpression, CreateTrigger } from '../parse';
import type { RowColumn } from './row-references';

/** The rows of one firing: full stored rows by slot; null where the event has none. */
export interface TransitionRows {
  readonly old: readonly Row[] | null;
  readonly new: readonly Row[] | null;
}

function entry(name: string, columns: readonly RowColumn[], holder: WorkingTable): CteEntry {
  const def = { kind: 'CommonTableExpression', name, columns: null, position: 0, end: 0 } as unknown as CommonTableExpression;
  const working = { holder, types: columns.map((c) => c.type), names: columns.map((c) => c.name), uses: 0 };
  return { def, scope: null, recursive: false, working };
}

/** A trigger's transition tables (see the file header); null from `of` when it names none. */
export class TransitionTables {
  private readonly oldHolder: WorkingTable = { rows: [] };
  private readonly newHolder: WorkingTable = { rows: [] };

  private constructor(
    readonly scope: CteScope,
    private readonly columns: readonly RowColumn[],
  ) {}

  static of(def: CreateTrigger, columns: readonly RowColumn[]): TransitionTables | null {
    const { oldTable, newTable } = def.referencing;
    if (oldTable === null && newTable === null) return null;
    const entries = new Map<string, CteEntry>();
    const t = new TransitionTables({ parent: null, entries }, columns);
    if (oldTable !== null) entries.set(oldTable, entry(oldTable, columns, t.oldHolder));
    if (newTable !== null) entries.set(newTable, entry(newTable, columns, t.newHolder));
    return t;
  }

  /** Fills the tables with one firing's rows (invariant 2). */
  set(rows: TransitionRows | null): void {
    this.oldHolder.rows = this.project(rows?.old ?? null);
    this.newHolder.rows = this.project(rows?.new ?? null);
  }

  private project(rows: readonly Row[] | null): Row[] {
    if (rows === null) return [];
    const cols = this.columns;
    return rows.map((r) => cols.map((c) => r[c.slot] ?? null));
  }
}
