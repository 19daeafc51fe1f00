/**
 * src/level4-sql/triggers/simple-body.ts — a trigger body that is only SQL statements and assignments of the
 * new row (SQLite's bodies, most of Pyrrho's): a list of actions the trigger runs with OLD / NEW as parameters,
 * each statement planned once (compiled-trigger.ts). Any other PSM (DECLARE, IF, loops, cursors, labels …)
 * runs through the PSM interpreter instead (routines/routine-body.ts).
 *
 * 1. Simple: one SQL statement or `SET target = value`, or an unlabelled `BEGIN [ATOMIC] … END` of those; a
 *    SET target is `c` or `row.c` (one target, not the `SET (a, b) = …` form).
 */
import type { Expr, PsmStatement, Statement } from '../parse';

/** One action of a simple body. */
export type SimpleAction =
  | { readonly kind: 'sql'; readonly statement: Statement }
  | { readonly kind: 'set'; readonly target: readonly string[]; readonly value: Expr; readonly position: number };

function action(s: PsmStatement): SimpleAction | null {
  if (s.kind === 'PsmSql') return { kind: 'sql', statement: s.statement };
  if (s.kind === 'PsmSet' && !s.multiple && s.targets.length === 1 && s.targets[0]!.parts.length <= 2) {
    return { kind: 'set', target: s.targets[0]!.parts, value: s.value, position: s.position };
  }
  return null;
}

/** The body as simple actions, or null when it needs the PSM interpreter (invariant 1). */
export function simpleActions(body: PsmStatement): SimpleAction[] | null {
  const list = body.kind === 'PsmCompound' && body.label === null ? body.body : [body];
  const out: SimpleAction[] = [];
  for (const s of list) {
    const a = action(s);
    if (a === null) return null;
    out.push(a);
  }
  return out;
}

function select(q: import('../parse').QueryExpression): Statement {
  return { kind: 'Select', query: q, position: q.position, end: q.end };
}

/** Every SQL statement a body holds at any depth, with cursor, FOR and SELECT INTO queries as SELECTs (for
 *  dependencies and parameter checks). */
export function bodyStatements(body: PsmStatement, out: Statement[] = []): Statement[] {
  switch (body.kind) {
    case 'PsmSql':
      out.push(body.statement);
      break;
    case 'PsmFor':
      out.push(select(body.query));
      for (const s of body.body) bodyStatements(s, out);
      break;
    case 'PsmDeclareCursor':
    case 'PsmSelectInto':
      out.push(select(body.query));
      break;
    case 'PsmCompound':
    case 'PsmWhile':
    case 'PsmRepeat':
    case 'PsmLoop':
      for (const s of body.body) bodyStatements(s, out);
      break;
    case 'PsmIf':
      for (const b of body.branches) for (const s of b.body) bodyStatements(s, out);
      for (const s of body.else ?? []) bodyStatements(s, out);
      break;
    case 'PsmCase':
      for (const w of body.whens) for (const s of w.body) bodyStatements(s, out);
      for (const s of body.else ?? []) bodyStatements(s, out);
      break;
    case 'PsmDeclareHandler':
      bodyStatements(body.action, out);
      break;
    default:
      break;
  }
  return out;
}
