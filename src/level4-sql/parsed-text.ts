/**
 * src/level4-sql/parsed-text.ts — a SQL text as a session keeps it: parsed once into statements, the parameters
 * they use, whether it only EXPLAINs, and a plan slot per statement (session.ts invariant 4).
 *
 * 1. Every ParsedText is made by one object literal (`parsedText`), so the statement path sees one hidden class
 *    (decision 0038).
 * 2. Control statements (BEGIN, COMMIT, ROLLBACK, SAVEPOINT, SET ROLE) are the session's own and are never planned.
 */
import { SqlError, SqlState } from '../common/errors';
import { type Parameter, parseStatements, type Statement } from './parse';
import { type ParameterInfo, statementParameters } from './statements/ast-walk';
import type { StatementPlan } from './statements/statement-plan';

/** A parsed SQL text: its statements, the parameters they use, and a plan slot per statement. */
export interface ParsedText {
  readonly sql: string;
  readonly statements: readonly Statement[];
  readonly params: ParameterInfo;
  /** every statement is a plain EXPLAIN (no ANALYZE): it runs without parameter values (explain.ts 4) */
  readonly explainOnly: boolean;
  readonly plans: Array<StatementPlan | null>;
}

function mergeParams(statements: readonly Statement[]): ParameterInfo {
  let positional = 0;
  const named = new Map<string, Parameter>();
  for (const s of statements) {
    const info = statementParameters(s);
    positional = Math.max(positional, info.positional);
    for (const [k, v] of info.named) if (!named.has(k)) named.set(k, v);
  }
  return { positional, named };
}

/** Parses a text once: its statements and their parameters. */
export function parseText(sql: string): ParsedText {
  if (typeof sql !== 'string') {
    throw SqlError.of(SqlState.InvalidParameterValue, [`SQL text must be a string, not ${typeof sql}`]);
  }
  const statements = parseStatements(sql);
  const explainOnly = statements.length > 0 && statements.every((s) => s.kind === 'Explain' && !s.analyze);
  return parsedText(sql, statements, mergeParams(statements), explainOnly);
}

/** A parsed text with empty plan slots, by the one literal every parsed text is made by: a prepared statement's
 *  copy made by a spread would get a hidden class of its own, and the statement path two (decision 0038). */
export function parsedText(sql: string, statements: readonly Statement[], params: ParameterInfo, explainOnly: boolean): ParsedText {
  return { sql, statements, params, explainOnly, plans: statements.map(() => null) };
}

/** True for the statements the session runs itself (invariant 2). */
export function isControl(s: Statement): boolean {
  return s.kind === 'Begin' || s.kind === 'Commit' || s.kind === 'Rollback' || s.kind === 'Savepoint' || s.kind === 'SetRole';
}
