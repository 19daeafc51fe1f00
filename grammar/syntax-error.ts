/**
 * grammar/syntax-error.ts — turns lexer and parser failures into one SqlError (42601).
 *
 * 1. The error's `position` is the offset of the offending token, or the text length for an unexpected end.
 * 2. The message is the SyntaxErrorAt template with the token text in double quotes (or `end of input`); the
 *    `detail` says briefly what was expected, built by `SYNTAX_ERROR_MESSAGES` from Chevrotain's exception data.
 * 3. Nothing from Chevrotain escapes: callers throw the SqlError this module builds.
 */
import type { ILexingError, IParserErrorMessageProvider, IRecognitionException, IToken, TokenType } from 'chevrotain';
import { createTokenInstance, EOF, tokenMatcher } from './chevrotain';
import { SqlError, SqlState } from '../src/common/errors';
import { Semicolon } from './tokens/operators';

/** Longest token text quoted in a message. */
const NEAR_LIMIT = 40;
/** More expected tokens than this are summarised by the rule's description. */
const LIST_LIMIT = 6;

/** What a rule stands for, when the list of tokens it could start with is too long to print. */
const RULE_DESCRIPTIONS: Readonly<Record<string, string>> = {
  statement: 'a statement',
  statements: 'a statement',
  primary: 'an expression',
  unaryExpression: 'an expression',
  literal: 'a literal',
  typeName: 'a type name',
  identifier: 'a name',
  predicateTail: 'an operator',
  queryPrimary: 'SELECT, VALUES or "("',
  selectItem: 'an expression or "*"',
  infix: 'an operator',
  columnConstraint: 'a column constraint',
  tableConstraint: 'a table constraint',
  tableElement: 'a column definition or table constraint',
  documentValue: 'a document value (string, number, true, false, null, regex, parameter, document or array)',
};

function labelOf(type: TokenType): string {
  return type.LABEL ?? type.name;
}

/** `expected A, B or C`, or the rule's description when there are too many alternatives. */
function expectedOf(types: readonly TokenType[], ruleName: string): string {
  const labels: string[] = [];
  for (const t of types) {
    const label = labelOf(t);
    if (!labels.includes(label)) labels.push(label);
  }
  const described = RULE_DESCRIPTIONS[ruleName];
  if (labels.length > LIST_LIMIT || (labels.length > 2 && described !== undefined)) {
    return `expected ${described ?? `${labels.slice(0, LIST_LIMIT).join(', ')} …`}`;
  }
  if (labels.length <= 1) return `expected ${labels[0] ?? described ?? 'something else'}`;
  return `expected ${labels.slice(0, -1).join(', ')} or ${labels[labels.length - 1]}`;
}

/**
 * Where a decision failed: alternatives may share a prefix (`CREATE TABLE`, `CREATE INDEX`), so the offending
 * token is the first one that no path accepts — `TRIGGER` in `CREATE TRIGGER` — and the expected tokens are
 * those the still-matching paths allow there.
 */
function deepestMismatch(
  paths: readonly (readonly TokenType[])[],
  actual: readonly IToken[],
): { depth: number; expected: TokenType[] } {
  let candidates = paths;
  for (let depth = 0; ; depth++) {
    const expected: TokenType[] = [];
    for (const p of candidates) if (p[depth] !== undefined) expected.push(p[depth]!);
    const token = actual[depth];
    const next =
      token === undefined ? [] : candidates.filter((p) => p.length > depth + 1 && tokenMatcher(token, p[depth]!));
    if (next.length === 0) return { depth, expected };
    candidates = next;
  }
}

/** Separates the failing token's lookahead depth from the detail in NoViableAlt / EarlyExit messages. */
const DEPTH_MARK = '\u0000';

function decisionMessage(
  paths: readonly (readonly TokenType[])[],
  actual: readonly IToken[],
  ruleName: string,
): string {
  const { depth, expected } = deepestMismatch(paths, actual);
  return `${depth}${DEPTH_MARK}${expectedOf(expected, depth === 0 ? ruleName : '')}`;
}

/** Chevrotain message builders: the message becomes the SqlError's detail. */
export const SYNTAX_ERROR_MESSAGES: IParserErrorMessageProvider = {
  buildMismatchTokenMessage: ({ expected }) => `expected ${labelOf(expected)}`,
  buildNotAllInputParsedMessage: () => 'expected ";" or end of input',
  buildNoViableAltMessage: ({ expectedPathsPerAlt, actual, ruleName }) =>
    decisionMessage(expectedPathsPerAlt.flat(), actual, ruleName),
  buildEarlyExitMessage: ({ expectedIterationPaths, actual, ruleName }) =>
    decisionMessage(expectedIterationPaths, actual, ruleName),
};

/** The text a message quotes: at most NEAR_LIMIT characters, cut at a line end. */
function nearText(image: string): string {
  const line = image.split(/[\r\n]/, 1)[0] ?? '';
  return line.length > NEAR_LIMIT ? `${line.slice(0, NEAR_LIMIT)}…` : line;
}

/** A syntax error at `position`, quoting `near` (null = end of input). */
export function syntaxError(position: number, near: string | null, detail: string): SqlError {
  const at = near === null ? 'end of input' : `"${nearText(near)}"`;
  return SqlError.of(SqlState.SyntaxErrorAt, [at], { position, detail });
}

/** The error for a token the parser could not accept (EOF means the end of `text`). */
export function tokenError(text: string, token: IToken, detail: string): SqlError {
  if (token.tokenType === EOF || Number.isNaN(token.startOffset)) return syntaxError(text.length, null, detail);
  return syntaxError(token.startOffset, token.image, detail);
}

/** Details for the tokens of the lexer's `errors` group, by token name. */
const UNTERMINATED: Readonly<Record<string, string>> = {
  UnterminatedComment: 'unterminated /* comment',
  UnterminatedString: 'unterminated quoted string',
  UnterminatedQuotedIdentifier: 'unterminated quoted identifier',
  UnterminatedDocString: 'unterminated quoted string',
  UnterminatedRegex: 'unterminated regular expression',
};

/**
 * The first lexical error, or null: characters no token matches (quoted as they are), or an unterminated
 * string, quoted identifier or comment (the `errors` group; quoted with the text after it).
 */
export function lexicalError(
  text: string,
  errors: readonly ILexingError[],
  errorTokens: readonly IToken[] | undefined,
): SqlError | null {
  let position = Infinity;
  let near = '';
  let detail = '';
  const first = errors[0];
  if (first !== undefined) {
    position = first.offset;
    near = text.substr(first.offset, first.length);
    detail = 'unexpected character';
  }
  const token = errorTokens?.[0];
  if (token !== undefined && token.startOffset < position) {
    position = token.startOffset;
    near = text.slice(position);
    detail = UNTERMINATED[token.tokenType.name] ?? 'invalid token';
  }
  if (position === Infinity) return null;
  return syntaxError(position, near, detail);
}

/**
 * The SqlError for a parser's first recognition exception; `tokens` is the parser's input, used to find the
 * token a NoViableAlt / EarlyExit decision really failed at.
 */
export function parseError(text: string, exception: IRecognitionException, tokens: readonly IToken[]): SqlError {
  const message = exception.message;
  const mark = message.indexOf(DEPTH_MARK);
  if (exception.name === 'NotAllInputParsedException') {
    const start = tokens.indexOf(exception.token);
    const atStatementStart = start === 0 || (start > 0 && tokens[start - 1]!.tokenType === Semicolon);
    return tokenError(text, exception.token, atStatementStart ? 'expected a statement' : message);
  }
  if (mark < 0) return tokenError(text, exception.token, message);
  const depth = Number(message.slice(0, mark));
  const start = tokens.indexOf(exception.token);
  const token = start < 0 || depth === 0 ? exception.token : (tokens[start + depth] ?? EOF_TOKEN);
  return tokenError(text, token, message.slice(mark + 1));
}

/** Stands for the end of input when a failing token lies past the last one. */
const EOF_TOKEN = createTokenInstance(EOF, '', NaN, NaN, NaN, NaN, NaN, NaN);
