/**
 * grammar/parse.ts — the parse entry points: text → tokens → CST → AST, with every failure as one SqlError.
 *
 * 1. One lexer, one parser and one visitor per process; setting `input` resets the parser, so calls are
 *    independent. Not re-entrant (JavaScript runs one parse at a time).
 * 2. A lexical error and a parse error may both exist; the one earlier in the text is reported.
 * 3. Nothing but SqlError leaves: a too-deeply nested statement (stack overflow) is ProgramLimitExceeded
 *    (54000), and any other exception from inside the parser is an InternalError (XX000) carrying it as `cause`.
 */
import type { CstNode } from 'chevrotain';
import { InternalError, SqlError, SqlState } from '../src/common/errors';
import type { Expr } from './ast/expression';
import type { Statement } from './ast/statement';
import type { ExpressionCstNode, StatementsCstNode } from './cst.generated';
import { tokenize } from './lexer';
import { sqlParser } from './parser/sql-parser';
import { lexicalError, parseError, syntaxError } from './syntax-error';
import { ERROR_GROUP } from './tokens/literals';
import { SQL_VISITOR } from './visitor/sql-visitor';

/** Lexes `text` and parses it with one entry rule; throws the earliest lexical or syntax error. */
function parseCst(text: string, entry: 'statements' | 'expression'): CstNode {
  const lexed = tokenize(text);
  const parser = sqlParser();
  parser.input = lexed.tokens;
  const cst = entry === 'statements' ? parser.statements() : parser.expression();
  const lexError = lexicalError(text, lexed.errors, lexed.groups[ERROR_GROUP]);
  const first = parser.errors[0];
  const parseErr = first === undefined ? null : parseError(text, first, lexed.tokens);
  if (lexError !== null && (parseErr === null || (lexError.position ?? 0) <= (parseErr.position ?? 0))) {
    throw lexError;
  }
  if (parseErr !== null) throw parseErr;
  return cst;
}

function asSqlError(e: unknown): SqlError {
  if (e instanceof SqlError) return e;
  if (e instanceof RangeError) {
    return SqlError.of(SqlState.ProgramLimitExceeded, ['statement is nested too deeply to parse']);
  }
  const message = e instanceof Error ? e.message : String(e);
  return new InternalError(`parser failure: ${message}`, { cause: e });
}

/** Parses a script: statements separated by `;` (empty statements and a trailing `;` allowed; `[]` for none). */
export function parseStatements(text: string): Statement[] {
  try {
    return SQL_VISITOR.script(parseCst(text, 'statements') as StatementsCstNode);
  } catch (e) {
    throw asSqlError(e);
  }
}

/** Parses exactly one statement (a trailing `;` is allowed); none or several is a syntax error (42601). */
export function parseStatement(text: string): Statement {
  const statements = parseStatements(text);
  const only = statements[0];
  if (statements.length === 1 && only !== undefined) return only;
  if (only === undefined) throw syntaxError(text.length, null, 'expected a statement');
  const second = statements[1]!;
  throw syntaxError(second.position, firstWord(text, second.position), 'expected exactly one statement');
}

/** Parses a standalone value expression, such as a stored DEFAULT or CHECK text. */
export function parseExpression(text: string): Expr {
  try {
    return SQL_VISITOR.standaloneExpression(parseCst(text, 'expression') as ExpressionCstNode);
  } catch (e) {
    throw asSqlError(e);
  }
}

function firstWord(text: string, position: number): string {
  const match = /^[^\s;(]+/.exec(text.slice(position, position + 64));
  return match === null ? text.charAt(position) : match[0];
}
