/**
 * src/level4-sql/routines/routine-ddl.ts — CREATE FUNCTION / PROCEDURE and DROP FUNCTION / PROCEDURE.
 *
 * 1. The CREATE text is stored whole (PProcedure); `uses` are the other stored routines the body calls (found
 *    by name and argument count; a call of a routine that does not exist yet is left to run time), the tables
 *    and views it reads or changes, and the structured types it constructs, declares, takes or returns
 *    (body-dependencies.ts), so dropping any of them is 2BP01 unless CASCADE.
 * 2. Parameter names are distinct (42701); a function's parameters are IN; `?` and `@name` parameters have no
 *    value when a stored body runs, so a body with one is refused (0A000).
 * 3. After the record is made the body is compiled against the transaction's state, which has the new
 *    routine (so recursion resolves): an error there (an unknown table, variable or routine, a type
 *    mismatch) fails the CREATE and the record is undone.
 * 4. DROP without a parameter list drops the only routine of that kind and name (42725-style ambiguity is
 *    42P08 when there are several); with a list, the one with that many parameters. A routine other routines
 *    call is 2BP01 unless CASCADE.
 */
import { SqlError, SqlState } from '../../common/errors';
import type { Transaction } from '../../level3-objects/transaction';
import type { ExecContext } from '../context';
import type { CreateRoutine, DropRoutine } from '../parse';
import { sqlTypeFromName } from '../statements/type-name';
import { compiledRoutine } from './invoke';
import { bodyDependencies, typeNameDependency } from './body-dependencies';
import { walkPsm } from './psm-walk';

export function createRoutine(ctx: ExecContext, stmt: CreateRoutine, sql: string): void {
  const tx = ctx.tx;
  const seen = new Set<string>();
  for (const p of stmt.params) {
    if (seen.has(p.name)) throw SqlError.of(SqlState.DuplicateColumn, [p.name], { position: p.position, detail: 'Two parameters have this name.' });
    seen.add(p.name);
    sqlTypeFromName(p.type, tx.state);
  }
  refuseParameters(stmt);
  const isFunction = stmt.routineKind === 'FUNCTION';
  if (isFunction && stmt.params.some((p) => p.mode !== 'IN')) {
    throw SqlError.of(SqlState.SyntaxError, ['function parameters are IN parameters'], { position: stmt.position });
  }
  const state = tx.state;
  const uses = new Set(bodyDependencies(stmt.body, null, state, { strict: false }));
  const returns = stmt.returns?.kind === 'ReturnsTable' ? stmt.returns.columns.map((c) => c.type) : [stmt.returns];
  for (const t of [...stmt.params.map((p) => p.type), ...returns]) {
    const u = typeNameDependency(t, state);
    if (u !== undefined) uses.add(u);
  }
  const text = sql.slice(stmt.position, stmt.end);
  const mark = tx.savepoint();
  const defpos = tx.createRoutine({ name: stmt.name, isFunction, arity: stmt.params.length, sql: text, uses: [...uses] });
  try {
    const now = tx.state;
    compiledRoutine(now.routine(defpos)!, now);
  } catch (e) {
    tx.undoTo(mark);
    if (e instanceof SqlError && e.position !== undefined) e.position += stmt.position;
    throw e;
  }
}

/** A stored body runs long after the statement that created it: `?` and `@name` have no value there. */
function refuseParameters(stmt: CreateRoutine): void {
  let at: number | null = null;
  walkPsm(
    stmt.body,
    (e) => {
      if (e.kind === 'Parameter' && at === null) at = e.position;
    },
    () => undefined,
  );
  if (at !== null) throw SqlError.of(SqlState.FeatureNotSupported, ['parameters in a routine body'], { position: at });
}

export function dropRoutine(tx: Transaction, stmt: DropRoutine): void {
  const isFunction = stmt.routineKind === 'FUNCTION';
  const kind = isFunction ? 'function' : 'procedure';
  const candidates = [...tx.state.routines()].filter(
    (r) => r.isFunction === isFunction && r.name === stmt.name && (stmt.paramTypes === null || r.arity === stmt.paramTypes.length),
  );
  if (candidates.length === 0) {
    if (stmt.ifExists) return;
    const what = stmt.paramTypes === null ? `${kind} ${stmt.name}` : `${kind} ${stmt.name} with ${stmt.paramTypes.length} parameters`;
    throw SqlError.of(SqlState.UndefinedFunction, [what], { position: stmt.position });
  }
  if (candidates.length > 1) {
    throw SqlError.of(SqlState.AmbiguousParameter, [`${kind} ${stmt.name}`], {
      position: stmt.position,
      detail: `There are ${candidates.length} ${kind}s of this name; name one by its parameter types.`,
    });
  }
  tx.dropRoutine(candidates[0]!.defpos, stmt.cascade);
}
