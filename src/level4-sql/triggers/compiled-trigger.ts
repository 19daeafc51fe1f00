/**
 * src/level4-sql/triggers/compiled-trigger.ts — one trigger made ready to fire: its WHEN condition and body
 * planned once (on first use, then kept by the plan that fires it), and `fire`, which runs them for one row
 * or one statement.
 *
 * 1. The body's actions are planned against the schema of the statement that fires it (the plan is valid
 *    only while that schema version holds), lazily: a body that writes its own table fires itself through a
 *    plan made only when it first runs, so planning never recurses.
 * 2. A simple body (simple-body.ts): OLD / NEW references are parameters (row-references.ts); each firing
 *    runs the actions in a fresh ExecContext on the same transaction (`forTrigger`), with the row's values as
 *    parameters and the clock of the statement that fired it. A SET action changes the new row in place (cast
 *    to the column's type), and the actions after it see the changed values. Any other body is compiled by
 *    the PSM interpreter with OLD and NEW (and the REFERENCING names) as row variables, NEW's columns also
 *    answering bare names and, in a BEFORE row trigger, assignable; after it runs, NEW is copied back.
 * 3. Nesting is limited: a trigger fired while MAX_TRIGGER_DEPTH activations (triggers and routines) are
 *    running fails with 54001, so a trigger that fires itself without end stops with an error.
 * 4. An error inside the trigger loses its position (it points into the trigger's text, not the statement's)
 *    and says in its detail which trigger raised it; it fails the statement that fired the trigger.
 */
import { SqlError, SqlState } from '../../common/errors';
import { assignValue } from '../../common/values/cast';
import type { Row, Value } from '../../common/values/value';
import type { DatabaseState } from '../../level3-objects/database-state';
import type { Table } from '../../level3-objects/table';
import type { TableColumn } from '../../level3-objects/table-column';
import type { Trigger } from '../../level3-objects/trigger';
import { TriggerTimingCode } from '../../level2-physical/physical';
import type { ExecContext } from '../context';
import { compile } from '../eval/compile';
import type { Compiled } from '../eval/compiled';
import { CompileEnv, withOuterCtes } from '../eval/compile-env';
import { Scope } from '../eval/scope';
import type { CreateTrigger, Statement } from '../parse';
import { walkExpr, walkStatement } from '../statements/ast-walk';
import { compileRoutineBody, type RoutineBody, type RowVariableSpec } from '../routines/routine-body';
import { simpleActions } from './simple-body';
import type { StatementPlan } from '../statements/statement-plan';
import { type RowColumn, RowReferences } from './row-references';
import { type TransitionRows, TransitionTables } from './transition-tables';
import { triggerDefinition } from './trigger-definition';

/** How many triggers may be running inside one another (invariant 3). */
export const MAX_TRIGGER_DEPTH = 64;

/** Plans a statement of a trigger body (statement-plan.ts's `planStatement`, passed in to avoid a cycle). */
export type BodyPlanner = (statement: Statement, sql: string, state: DatabaseState, refs: RowReferences) => StatementPlan;

type Action =
  | { readonly kind: 'plan'; readonly plan: StatementPlan }
  | { readonly kind: 'set'; readonly items: ReadonlyArray<{ readonly column: TableColumn; readonly value: Compiled }> };

/** A body the PSM interpreter runs: which row slots hold OLD and NEW. */
interface PsmProgram {
  readonly body: RoutineBody;
  readonly oldSlots: readonly number[];
  readonly newSlots: readonly number[];
  readonly assignable: boolean;
}

interface Program {
  readonly refs: RowReferences;
  readonly tables: TransitionTables | null;
  readonly when: Compiled | null;
  /** a simple body's actions, or null when `psm` runs the body */
  readonly actions: readonly Action[] | null;
  readonly psm: PsmProgram | null;
}

/** The PSM path of invariant 2. */
function compilePsm(def: CreateTrigger, sql: string, table: Table | null, columns: readonly RowColumn[], state: DatabaseState): PsmProgram {
  const names = columns.map((c) => c.name);
  const types = columns.map((c) => c.type);
  const rows: RowVariableSpec[] = [];
  const oldSlots: number[] = [];
  const newSlots: number[] = [];
  const assignable = table !== null && def.timing === 'BEFORE' && def.forEachRow && def.event !== 'DELETE';
  if (def.forEachRow && def.event !== 'INSERT') {
    for (const n of ['OLD', def.referencing.oldRow]) {
      if (n === null || rows.some((r) => r.name === n)) continue;
      oldSlots.push(rows.length);
      rows.push({ name: n, columns: names, types });
    }
  }
  if (def.forEachRow && def.event !== 'DELETE') {
    for (const n of ['NEW', def.referencing.newRow]) {
      if (n === null || rows.some((r) => r.name === n)) continue;
      newSlots.push(rows.length);
      rows.push({ name: n, columns: names, types, bare: newSlots.length === 1, assignable });
    }
  }
  const body = compileRoutineBody(def.body, { sql, name: null, params: [], rows, returns: 'none', what: `trigger ${def.name}` }, state);
  return { body, oldSlots, newSlots, assignable };
}

const NO_NAMED: ReadonlyMap<string, Value> = new Map();

/** Compiles a trigger's WHEN and body against `state` (invariants 1, 2); errors are the definition's. */
export function compileProgram(
  def: CreateTrigger,
  sql: string,
  table: Table | null,
  columns: readonly RowColumn[],
  state: DatabaseState,
  planBody: BodyPlanner,
): Program {
  const refs = new RowReferences(columns, def);
  const tables = TransitionTables.of(def, columns);
  const rewrite = (except: string | null) => (x: Parameters<typeof refs.rewrite>[0]) => refs.rewrite(x, except);
  let when: Compiled | null = null;
  if (def.when !== null) {
    walkExpr(def.when, rewrite(null));
    const env = new CompileEnv(state);
    env.paramTypes = refs.paramTypes();
    env.noAggregates = 'trigger WHEN';
    env.ctes = tables?.scope ?? null;
    when = compile(def.when, Scope.empty(), env);
  }
  const simple = simpleActions(def.body);
  if (simple === null) {
    // expressions the interpreter compiles now (SET d = (SELECT … FROM nt)) see the transition tables too
    const psm = withOuterCtes(tables?.scope ?? null, () => compilePsm(def, sql, table, columns, state));
    return { refs, tables, when, actions: null, psm };
  }
  const newAlias = def.referencing.newRow ?? 'NEW';
  const actions: Action[] = [];
  for (const a of simple) {
    if (a.kind === 'sql') {
      walkStatement(a.statement, rewrite(null));
      const stmt = a.statement;
      actions.push({ kind: 'plan', plan: withOuterCtes(tables?.scope ?? null, () => planBody(stmt, sql, state, refs)) });
      continue;
    }
    if (table === null || def.timing !== 'BEFORE' || !def.forEachRow || def.event === 'DELETE') {
      throw SqlError.of(SqlState.InvalidObjectDefinition, ['only a BEFORE INSERT or UPDATE row trigger may SET the new row'], { position: a.position });
    }
    const scope = Scope.forTable(table, newAlias);
    const name = a.target[a.target.length - 1]!;
    if (a.target.length === 2 && a.target[0] !== newAlias && !refs.names(a.target[0]!, false)) {
      throw SqlError.of(SqlState.InvalidObjectDefinition, [`SET ${a.target.join('.')}: only the new row's columns can be set`], { position: a.position });
    }
    const column = table.columns.find((c) => c.name === name);
    if (column === undefined) throw SqlError.of(SqlState.UndefinedColumn, [name], { position: a.position });
    if (column.generatedSql !== null) throw SqlError.of(SqlState.GeneratedAlways, [column.name], { position: a.position });
    walkExpr(a.value, rewrite(newAlias));
    const env = new CompileEnv(state);
    env.paramTypes = refs.paramTypes();
    env.noAggregates = 'SET';
    actions.push({ kind: 'set', items: [{ column, value: compile(a.value, scope, env) }] });
  }
  return { refs, tables, when, actions, psm: null };
}

/** One trigger, ready to fire (see the file header). */
/** Whether a stored trigger is an AFTER row trigger with transition tables, decided once per definition. */
const DEFERRED = new WeakMap<Trigger, boolean>();

export class CompiledTrigger {
  private program: Program | null = null;

  constructor(
    readonly trigger: Trigger,
    /** the table it is on (null: a view) and the columns of the rows it sees */
    private readonly table: Table | null,
    private readonly columns: readonly RowColumn[],
    private readonly planBody: BodyPlanner,
  ) {}

  /** True for an AFTER row trigger that names OLD TABLE or NEW TABLE: it fires once the statement's rows are all
   *  written (table-triggers.ts invariant 5). The definition is parsed once to tell. */
  get hasTransitionTables(): boolean {
    const t = this.trigger;
    if (!t.forEachRow || t.timing !== TriggerTimingCode.After) return false;
    let d = DEFERRED.get(t);
    if (d === undefined) {
      const r = triggerDefinition(t).referencing;
      d = r.oldTable !== null || r.newTable !== null;
      DEFERRED.set(t, d);
    }
    return d;
  }

  /** Runs the trigger for one row (`oldRow` / `newRow` null where the event has none) or, with both null,
   *  for a statement; `transition` holds the statement's rows for its transition tables (a statement trigger's,
   *  or a row trigger's that has them); a SET action changes `newRow` in place. */
  fire(ctx: ExecContext, oldRow: Row | null, newRow: Value[] | null, transition: TransitionRows | null = null): void {
    const depth = ctx.depth + 1;
    if (depth > MAX_TRIGGER_DEPTH) {
      throw SqlError.of(SqlState.StatementTooComplex, [`triggers nested more than ${MAX_TRIGGER_DEPTH} deep`], {
        detail: `Trigger ${this.trigger.name} fired while ${MAX_TRIGGER_DEPTH} triggers or routines were running: a trigger probably fires itself without end.`,
      });
    }
    try {
      const p = (this.program ??= compileProgram(triggerDefinition(this.trigger), this.trigger.sql, this.table, this.columns, ctx.tx.state, this.planBody));
      if (p.tables !== null) p.tables.set(transition);
      let inner = this.context(ctx, p, depth, oldRow, newRow);
      if (p.when !== null && p.when.eval(inner, null) !== true) return;
      if (p.psm !== null) return this.runPsm(inner, p, p.psm, oldRow, newRow);
      for (const a of p.actions!) {
        if (a.kind === 'plan') {
          a.plan.execute(inner);
          continue;
        }
        const values = a.items.map((s) => s.value.eval(inner, newRow));
        for (let i = 0; i < values.length; i++) {
          const c = a.items[i]!.column;
          newRow![c.slot] = assignValue(values[i]!, c.type, c.name);
        }
        inner = this.context(ctx, p, depth, oldRow, newRow);
      }
    } catch (e) {
      if (e instanceof SqlError && e.detail?.startsWith('Raised in trigger') !== true && e.sqlState !== SqlState.StatementTooComplex) {
        e.position = undefined;
        e.detail = `Raised in trigger ${this.trigger.name}${e.detail === undefined ? '.' : `: ${e.detail}`}`;
      }
      throw e;
    }
  }

  /** Runs a PSM body with OLD and NEW as row variables, then copies NEW back (invariant 2). */
  private runPsm(inner: ExecContext, p: Program, psm: PsmProgram, oldRow: Row | null, newRow: Value[] | null): void {
    const cols = this.columns;
    const frame = psm.body.newFrame();
    const oldVals = oldRow === null ? null : cols.map((c) => oldRow[c.slot] ?? null);
    const newVals = newRow === null ? null : cols.map((c) => newRow[c.slot] ?? null);
    for (const j of psm.oldSlots) frame.rows[j] = oldVals;
    for (const j of psm.newSlots) frame.rows[j] = newVals;
    // the body's statements are planned when first run: with the transition tables in scope
    withOuterCtes(p.tables?.scope ?? null, () => psm.body.run(inner, frame));
    if (!psm.assignable || newRow === null) return;
    const after = frame.rows[psm.newSlots[0]!] ?? newVals!;
    for (let i = 0; i < cols.length; i++) {
      const c = cols[i]!;
      const t = this.table!.columns.find((x) => x.slot === c.slot)!;
      newRow[c.slot] = assignValue(after[i] ?? null, t.type, t.name);
    }
  }

  private context(ctx: ExecContext, p: Program, depth: number, oldRow: Row | null, newRow: Row | null): ExecContext {
    return ctx.forTrigger({ positional: p.refs.values(oldRow, newRow), named: NO_NAMED }, depth);
  }
}
