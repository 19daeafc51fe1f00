/**
 * src/level4-sql/routines/psm-walk.ts — visits every expression of a PSM body, and every routine it calls.
 *
 * 1. The walk reaches embedded SQL (statements/ast-walk.ts), cursor and FOR queries, handler actions and
 *    SIGNAL messages, so `calledRoutines` sees every call a body can make.
 */
import { unreachable } from '../../common/assert';
import type { Expr, PsmStatement } from '../parse';
import { type ExprVisitor, walkExpr, walkQuery, walkStatement } from '../statements/ast-walk';

/** Visits every expression of `s` (invariant 1); `call` receives each CALL statement. */
export function walkPsm(s: PsmStatement, visit: ExprVisitor, call: (name: string, arity: number) => void): void {
  const all = (list: readonly PsmStatement[]): void => {
    for (const x of list) walkPsm(x, visit, call);
  };
  const opt = (e: Expr | null): void => {
    if (e !== null) walkExpr(e, visit);
  };
  switch (s.kind) {
    case 'PsmCompound':
      return all(s.body);
    case 'PsmDeclareVariable':
      return opt(s.default);
    case 'PsmDeclareCursor':
      return walkQuery(s.query, visit);
    case 'PsmDeclareCondition':
    case 'PsmLeave':
    case 'PsmIterate':
    case 'PsmOpen':
    case 'PsmClose':
    case 'PsmFetch':
      return;
    case 'PsmDeclareHandler':
      return walkPsm(s.action, visit, call);
    case 'PsmSet':
      return walkExpr(s.value, visit);
    case 'PsmIf':
      for (const b of s.branches) {
        walkExpr(b.condition, visit);
        all(b.body);
      }
      return all(s.else ?? []);
    case 'PsmCase':
      opt(s.operand);
      for (const w of s.whens) {
        walkExpr(w.value, visit);
        all(w.body);
      }
      return all(s.else ?? []);
    case 'PsmWhile':
      walkExpr(s.condition, visit);
      return all(s.body);
    case 'PsmRepeat':
      all(s.body);
      return walkExpr(s.until, visit);
    case 'PsmLoop':
      return all(s.body);
    case 'PsmFor':
      walkQuery(s.query, visit);
      return all(s.body);
    case 'PsmSignal':
      return opt(s.message);
    case 'PsmReturn':
      opt(s.value);
      if (s.table !== null) walkQuery(s.table, visit);
      return;
    case 'Call':
      call(s.name, s.args.length);
      for (const a of s.args) walkExpr(a, visit);
      return;
    case 'PsmSelectInto':
      return walkQuery(s.query, visit);
    case 'PsmSql':
      return walkStatement(s.statement, visit);
    default:
      return unreachable(s, 'PSM statement');
  }
}

/** Every routine `body` calls: functions by name and argument count, procedures likewise. */
export function calledRoutines(body: PsmStatement): Array<{ isFunction: boolean; name: string; arity: number }> {
  const out: Array<{ isFunction: boolean; name: string; arity: number }> = [];
  walkPsm(
    body,
    (e) => {
      if (e.kind === 'FunctionCall') out.push({ isFunction: true, name: e.name, arity: e.args.length });
    },
    (name, arity) => out.push({ isFunction: false, name, arity }),
  );
  return out;
}

/**
 * True when `q` calls a stored function (in an expression or as TABLE(f(…)) in FROM): a SELECT that does is not
 * read-only, since the function's body may write (statement-plan.ts).
 */
export function queryCallsRoutines(q: import('../parse').QueryExpression, state: import('../../level3-objects/database-state').DatabaseState): boolean {
  let found = false;
  walkQuery(q, (e) => {
    if (found) return false;
    if (e.kind === 'FunctionCall' && state.routineByName(true, e.name, e.args.length) !== undefined) found = true;
    return !found;
  });
  return found;
}
