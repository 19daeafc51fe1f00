/**
 * src/level4-sql/statements/insert.ts — plans and runs INSERT … VALUES | SELECT | DEFAULT VALUES.
 *
 * 1. Target columns: the list written (unknown 42703, repeated 42701, generated or an ALWAYS identity 428C9) or
 *    every column that is not generated, in order (SQLite's rule: a generated column — or an ALWAYS identity
 *    column, identity.ts — is never given a value). OVERRIDING SYSTEM VALUE lets ALWAYS identity columns take
 *    values; OVERRIDING USER VALUE (PostgreSQL's) accepts values for every identity column and then ignores
 *    them: each row draws its identity values as if the columns were left out (the values are still cast to
 *    the columns' types, so a value that could not be stored there is an error, as in PostgreSQL). A source row
 *    with more or fewer values than targets raises SyntaxErrorAt (42601) with PostgreSQL's message ("INSERT has
 *    more expressions than target columns"), at the first surplus value (or the row's end).
 * 2. The whole source is evaluated before the first row is inserted (no Halloween problem:
 *    `INSERT INTO t SELECT * FROM t` doubles t once).
 * 3. Each row: the given values cast with `assignValue` to their column type (a document gets its `_id`,
 *    document-values.ts), DEFAULTs (and identity values) for omitted columns, then the generated columns (table-rules.ts),
 *    then NOT NULL and CHECK (`table-rules.ts`), then Level 3 checks keys and foreign keys on `tx.insert`.
 * 4. A failing row fails the statement; the session rolls back the transaction, so nothing is left behind. An
 *    error without a position of its own (a key, NOT NULL, a document path) points at the row: its first value,
 *    or the query.
 * 5. The row array handed to `tx.insert` is fresh and never touched again: Level 3 keeps it as the stored row.
 * 6. Autokey (Pyrrho): an INTEGER primary-key column left out gets the next key, after the DEFAULTs and
 *    before generated columns and the checks (`autokey.ts`).
 * 7. REPLACE and ON CONFLICT (conflict.ts) decide per row whether it is inserted, updates a stored row or is
 *    skipped; `rowsAffected` counts rows inserted or updated. RETURNING (returning.ts) projects those rows
 *    as stored.
 * 8. Triggers (triggers/table-triggers.ts): BEFORE statement triggers before the first row; BEFORE row
 *    triggers on each row once its DEFAULTs and autokey are in, before generated columns and the checks (so
 *    what they SET is checked); AFTER row triggers as each row is inserted (an upsert's row that updates
 *    fires no INSERT trigger); AFTER statement triggers at the end. With ON CONFLICT DO UPDATE the UPDATE
 *    statement triggers fire too (PostgreSQL's order: BEFORE INSERT, BEFORE UPDATE, the rows, AFTER UPDATE,
 *    AFTER INSERT; conflict.ts invariant 7). A table without such triggers has `triggers` null (and no
 *    `updateTriggers`) and takes none of these steps.
 */
import { unreachable } from '../../common/assert';
import { SqlError, SqlState } from '../../common/errors';
import { assignValue } from '../../common/values/cast';
import { storedRow } from '../../common/values/stored-row';
import type { Row, Value } from '../../common/values/value';
import type { DatabaseState } from '../../level3-objects/database-state';
import type { Table } from '../../level3-objects/table';
import type { TableColumn } from '../../level3-objects/table-column';
import type { ExecContext } from '../context';
import type { RowSet } from '../exec/rowset';
import { compileExpr } from '../eval/compile';
import { atPosition } from '../eval/type-rules';
import { compiled, type Compiled } from '../eval/compiled';
import { Scope } from '../eval/scope';
import type { Expr, Insert } from '../parse';
import { type QueryPlan, planQuery } from '../plan/planner';
import { resolveColumns } from './constraints';
import { storedDocument } from './document-values';
import { Autokey, autokeyColumn } from './autokey';
import { valuesTargets } from './column-defaults';
import { refuseAlwaysIdentity } from './identity';
import { type ConflictRule, compileConflict } from './conflict';
import { affectedResult } from './result';
import { compileReturning, type Returning } from './returning';
import type { StatementPlan } from './statement-plan';
import { checkRow, computeGenerated, defaultFor, type TableRules, tableRules, type ViewCheck, withViewChecks } from './table-rules';
import { noSuchTable } from '../system/system-tables';
import { TriggerEventCode } from '../../level2-physical/physical';
import { type TableTriggers, tableTriggers } from '../triggers/table-triggers';

/** Where an INSERT's rows come from, compiled. */
type Source =
  | { readonly kind: 'values'; readonly rows: ReadonlyArray<readonly Compiled[]>; readonly positions: readonly number[] }
  | { readonly kind: 'query'; readonly plan: QueryPlan; readonly position: number };

/** 42601 whose message says what is wrong (PostgreSQL's wording), positioned at the first surplus value or the row's end. */
function countError(stmt: Insert, values: readonly Expr[] | null, given: number, wanted: number, at: number): SqlError {
  const more = given > wanted;
  const message = `INSERT has ${more ? 'more' : 'fewer'} ${values === null ? 'columns in its query' : 'expressions'} than target columns`;
  const surplus = values !== null && more ? values[wanted] : undefined;
  const detail = `INSERT INTO ${stmt.table} lists ${wanted} target column${wanted === 1 ? '' : 's'} but ${values === null ? 'the query gives' : 'the row gives'} ${given}`;
  return new SqlError(SqlState.SyntaxErrorAt, message, { position: surplus?.position ?? at, detail });
}

/** `values` (a VALUES source's rows shaped to `targets`, column-defaults.ts) compiled; DEFAULT is what the table
 *  rules give a column left out. */
function compileSource(stmt: Insert, targets: readonly TableColumn[], values: ReadonlyArray<readonly Expr[]> | null, rules: TableRules, state: DatabaseState): Source {
  const src = stmt.source;
  switch (src.kind) {
    case 'InsertDefaultValues':
      return { kind: 'values', rows: [[]], positions: [src.position] };
    case 'InsertValues': {
      const scope = Scope.empty();
      const rows = (values ?? src.rows).map((row) => {
        if (row.length !== targets.length) {
          const end = row.length > 0 ? row[row.length - 1]!.end : src.position;
          throw countError(stmt, row, row.length, targets.length, end);
        }
        return row.map((e, i) => (e.kind === 'DefaultValue' ? givenDefault(rules, targets[i]!) : compileExpr(e, scope, state)));
      });
      return { kind: 'values', rows, positions: src.rows.map((row) => row[0]?.position ?? src.position) };
    }
    case 'InsertQuery': {
      const plan = planQuery(src.query, state);
      if (plan.columns.length !== targets.length) {
        throw countError(stmt, null, plan.columns.length, targets.length, src.query.position);
      }
      return { kind: 'query', plan, position: src.query.position };
    }
    default:
      return unreachable(src, 'INSERT source');
  }
}

/** `DEFAULT` written for column `c`: what leaving `c` out gives it (column-defaults.ts invariant 2). */
function givenDefault(rules: TableRules, c: TableColumn): Compiled {
  const slot = c.slot;
  return compiled({ type: c.type, text: 'DEFAULT', eval: (ctx) => defaultFor(rules, slot, ctx) });
}

/** Evaluates every source row before anything is inserted. */
function sourceRows(source: Source, ctx: ExecContext): Value[][] {
  const out: Value[][] = [];
  if (source.kind === 'query') {
    for (const row of source.plan.all(ctx)) out.push(row.slice());
    return out;
  }
  for (const row of source.rows) {
    const values: Value[] = new Array(row.length);
    for (let i = 0; i < row.length; i++) values[i] = row[i]!.eval(ctx, null);
    out.push(values);
  }
  return out;
}

/** An INSERT planned against one schema version. */
class InsertPlan implements StatementPlan {
  readonly ddl = false;
  private readonly omittedDefaults: readonly number[];
  /** a row of NULLs, copied for each row (a copy of a packed array is cheaper than `new Array(n).fill`) */
  private readonly blank: readonly Value[];
  /** the column that gets the next key when left out (invariant 6), or null */
  private readonly autokey: TableColumn | null;

  constructor(
    readonly schemaVersion: number,
    private readonly table: Table,
    private readonly targets: readonly TableColumn[],
    private readonly rules: TableRules,
    private readonly source: Source,
    private readonly conflict: ConflictRule | null,
    private readonly returning: Returning | null,
    /** invariant 8; null when the table has no INSERT trigger */
    private readonly triggers: TableTriggers | null,
    /** the slots of identity columns given values that OVERRIDING USER VALUE replaces by drawn ones (invariant 1) */
    drawn: readonly number[] = [],
  ) {
    const given = new Set(targets.map((c) => c.slot));
    for (const slot of drawn) given.delete(slot);
    this.omittedDefaults = table.columns.filter((c) => !given.has(c.slot) && hasDefault(c)).map((c) => c.slot);
    this.blank = Array.from({ length: table.slotCount }, () => null);
    this.autokey = autokeyColumn(table, targets);
  }

  execute(ctx: ExecContext): ReturnType<StatementPlan['execute']> {
    const source = this.source;
    const auto = this.autokey === null ? null : new Autokey(this.table, this.autokey);
    const triggers = this.triggers;
    const upd = this.conflict === null ? null : this.conflict.updateTriggers;
    if (triggers !== null || upd !== null) return this.executeTriggered(ctx, triggers, upd, auto);
    if (source.kind === 'values' && source.rows.length === 1 && this.conflict === null && this.returning === null) {
      // one row: nothing to evaluate ahead of it (invariant 2), so its values go straight into the row
      try {
        ctx.tx.insert(this.table.defpos, this.buildRow(ctx, source.rows[0]!, null, auto));
      } catch (e) {
        throw atPosition(e, source.positions[0]);
      }
      return affectedResult(1);
    }
    const rows = sourceRows(source, ctx);
    const touched = new Set<number>();
    const out: Value[][] | null = this.returning === null ? null : [];
    let affected = 0;
    for (let i = 0; i < rows.length; i++) {
      try {
        const row = this.buildRow(ctx, null, rows[i]!, auto);
        let stored: Row | null = row;
        if (this.conflict === null) ctx.tx.insert(this.table.defpos, row);
        else {
          const outcome = this.conflict.apply(ctx, row, touched);
          stored = outcome.kind === 'skipped' ? null : outcome.row;
        }
        if (stored === null) continue;
        affected++;
        if (out !== null) out.push(this.returning!.project(ctx, stored));
      } catch (e) {
        throw atPosition(e, source.kind === 'values' ? source.positions[i] : source.position);
      }
    }
    return out === null ? affectedResult(affected) : this.returning!.result(out, affected);
  }

  /** `execute` with the table's INSERT triggers (`triggers`) and DO UPDATE's statement triggers (`upd`) fired
   *  (invariant 8). */
  private executeTriggered(ctx: ExecContext, triggers: TableTriggers | null, upd: TableTriggers | null, auto: Autokey | null): ReturnType<StatementPlan['execute']> {
    const source = this.source;
    triggers?.beforeStatementFire(ctx);
    upd?.beforeStatementFire(ctx);
    const rows = sourceRows(source, ctx);
    const touched = new Set<number>();
    const out: Value[][] | null = this.returning === null ? null : [];
    const kept: Row[] | null = triggers !== null && triggers.keepsRows ? [] : null;
    const updated: { old: Row[]; new: Row[] } | null = upd !== null && upd.keepsRows ? { old: [], new: [] } : null;
    let affected = 0;
    for (let i = 0; i < rows.length; i++) {
      try {
        const row = this.buildRow(ctx, null, rows[i]!, auto);
        let stored: Row | null = row;
        let inserted = true;
        if (this.conflict === null) ctx.tx.insert(this.table.defpos, row);
        else {
          const outcome = this.conflict.apply(ctx, row, touched);
          stored = outcome.kind === 'skipped' ? null : outcome.row;
          inserted = outcome.kind === 'inserted';
          if (outcome.kind === 'updated' && updated !== null) {
            updated.old.push(outcome.old);
            updated.new.push(outcome.row);
          }
        }
        if (stored === null) continue;
        affected++;
        if (inserted && triggers !== null) {
          triggers.afterRowFire(ctx, null, stored);
          if (kept !== null) kept.push(stored);
        }
        if (out !== null) out.push(this.returning!.project(ctx, stored));
      } catch (e) {
        throw atPosition(e, source.kind === 'values' ? source.positions[i] : source.position);
      }
    }
    // PostgreSQL's order: DO UPDATE's AFTER UPDATE statement triggers, then the AFTER INSERT ones
    upd?.afterStatementFire(ctx, updated);
    triggers?.afterStatementFire(ctx, { old: null, new: kept });
    return out === null ? affectedResult(affected) : this.returning!.result(out, affected);
  }

  /** Builds and checks one row from compiled expressions or from values already evaluated. */
  private buildRow(ctx: ExecContext, exprs: readonly Compiled[] | null, values: readonly Value[] | null, auto: Autokey | null): Value[] {
    const { targets, rules } = this;
    // the row the table will hold, made where V8 can pretenure it (stored-row.ts)
    const row = storedRow(this.blank, this.blank.length);
    // every value is evaluated before the first is cast, as when the whole source is evaluated first
    if (exprs !== null) for (let i = 0; i < targets.length; i++) row[targets[i]!.slot] = exprs[i]!.eval(ctx, null);
    for (let i = 0; i < targets.length; i++) {
      const c = targets[i]!;
      const v = assignValue(exprs !== null ? row[c.slot]! : values![i]!, c.type, c.name);
      row[c.slot] = c.type.kind === 'DOCUMENT' ? storedDocument(v) : v;
    }
    for (const slot of this.omittedDefaults) row[slot] = storedDocument(defaultFor(rules, slot, ctx));
    if (auto !== null) auto.fill(ctx, row);
    if (this.triggers !== null) this.triggers.beforeRowFire(ctx, null, row);
    computeGenerated(rules, ctx, row);
    checkRow(rules, ctx, row);
    return row;
  }

  roots(): RowSet[] {
    return this.source.kind === 'query' ? [this.source.plan.root, ...this.source.plan.subqueryRoots()] : [];
  }

  explain(ctx?: ExecContext): string[] {
    const head = `Insert into ${this.table.name} (${this.targets.map((c) => c.name).join(', ')})`;
    const lines = [head];
    if (this.source.kind === 'query') this.source.plan.explainInto(lines, 1, ctx);
    else lines.push(`  Values (${this.source.rows.length} row${this.source.rows.length === 1 ? '' : 's'})`);
    if (this.conflict !== null) lines.push(`  ${this.conflict.explainLine()}`);
    if (this.returning !== null) lines.push(`  ${this.returning.explainLine()}`);
    return lines;
  }
}

/** The target columns of an INSERT … SELECT or DEFAULT VALUES: `names` resolved, or (null) every column that is
 *  not generated; naming a generated column is 428C9 (invariant 1). VALUES rows, which may hold DEFAULT, are
 *  shaped by `valuesTargets` (column-defaults.ts). */
function insertTargets(table: Table, names: readonly string[] | null, position: number, system: boolean): TableColumn[] {
  if (names === null) return table.columns.filter((c) => c.generatedSql === null && (system || !(c.identity?.always ?? false)));
  const cols = resolveColumns(table, names, position);
  const g = cols.find((c) => c.generatedSql !== null);
  if (g !== undefined) throw SqlError.of(SqlState.GeneratedAlways, [g.name], { position });
  if (!system) for (const c of cols) refuseAlwaysIdentity(c, position);
  return cols;
}

/** True when an INSERT that leaves `c` out gives it a value: a DEFAULT, or the next identity value. */
export function hasDefault(c: TableColumn): boolean {
  return c.defaultSql !== null || c.identity !== null;
}

/** Plans an INSERT against `state`; `viewChecks` are those of the views it goes through (table-rules.ts invariant 6). */
export function planInsert(stmt: Insert, state: DatabaseState, viewChecks: readonly ViewCheck[] = [], viewAlias: string | null = null): StatementPlan {
  const table = state.tableByName(stmt.table);
  if (table === undefined) throw noSuchTable(stmt.table, stmt.position);
  const src = stmt.source;
  // either OVERRIDING lets identity columns be given values; USER's are then replaced by drawn ones (invariant 1)
  const system = stmt.overriding === 'SYSTEM' || stmt.overriding === 'USER';
  const shaped = src.kind === 'InsertValues' ? valuesTargets(table, stmt.columns, src.rows, stmt.position, system) : null;
  const targets = shaped?.targets ?? insertTargets(table, src.kind === 'InsertDefaultValues' ? [] : stmt.columns, stmt.position, system);
  const rules = withViewChecks(tableRules(table, state), viewChecks, viewAlias ?? table.name, state);
  const source = compileSource(stmt, targets, shaped?.rows ?? null, rules, state);
  const alias = stmt.alias ?? null;
  const conflict = stmt.conflict === null || stmt.conflict === undefined ? null : compileConflict(stmt.conflict, table, alias, rules, state);
  const returning = compileReturning(stmt.returning, table, alias, state);
  const triggers = tableTriggers(state, table.defpos, table, table.columns, TriggerEventCode.Insert);
  const drawn = stmt.overriding === 'USER' ? targets.filter((c) => c.identity !== null).map((c) => c.slot) : [];
  return new InsertPlan(state.schemaVersion, table, targets, rules, source, conflict, returning, triggers, drawn);
}
