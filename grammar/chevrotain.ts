/**
 * grammar/chevrotain.ts — the one door to Chevrotain's values (its types come from 'chevrotain' directly).
 *
 * 1. Chevrotain's package entry point (lib/src/api.js) loads some two hundred small modules (its own and
 *    lodash's), which costs several times what its single-file build (lib/chevrotain.min.js, the same release)
 *    does; the grammar loads the single file, by path because the package's `exports` do not list it
 *    (docs/decisions/0015-lazy-start.md).
 * 2. Every grammar module takes Chevrotain's values from here, never from 'chevrotain': token types and
 *    parsers from two copies of the library would not know each other's token indexes.
 */
import type * as Chevrotain from 'chevrotain';
import * as path from 'path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const c = require(path.join(path.dirname(require.resolve('chevrotain')), '..', 'chevrotain.min.js')) as typeof Chevrotain;

export const Alternation: typeof Chevrotain.Alternation = c.Alternation;
export const Alternative: typeof Chevrotain.Alternative = c.Alternative;
export const CstParser: typeof Chevrotain.CstParser = c.CstParser;
export const EOF: Chevrotain.TokenType = c.EOF;
export const EarlyExitException: typeof Chevrotain.EarlyExitException = c.EarlyExitException;
export const LLkLookaheadStrategy: typeof Chevrotain.LLkLookaheadStrategy = c.LLkLookaheadStrategy;
export const Lexer: typeof Chevrotain.Lexer = c.Lexer;
export type Lexer = Chevrotain.Lexer;
export const NoViableAltException: typeof Chevrotain.NoViableAltException = c.NoViableAltException;
export const NonTerminal: typeof Chevrotain.NonTerminal = c.NonTerminal;
export const Option: typeof Chevrotain.Option = c.Option;
export const Repetition: typeof Chevrotain.Repetition = c.Repetition;
export const RepetitionMandatory: typeof Chevrotain.RepetitionMandatory = c.RepetitionMandatory;
export const RepetitionMandatoryWithSeparator: typeof Chevrotain.RepetitionMandatoryWithSeparator = c.RepetitionMandatoryWithSeparator;
export const RepetitionWithSeparator: typeof Chevrotain.RepetitionWithSeparator = c.RepetitionWithSeparator;
export const Rule: typeof Chevrotain.Rule = c.Rule;
export const Terminal: typeof Chevrotain.Terminal = c.Terminal;
export const createToken: typeof Chevrotain.createToken = c.createToken;
export const createTokenInstance: typeof Chevrotain.createTokenInstance = c.createTokenInstance;
export const generateCstDts: typeof Chevrotain.generateCstDts = c.generateCstDts;
export const getLookaheadPaths: typeof Chevrotain.getLookaheadPaths = c.getLookaheadPaths;
export const tokenMatcher: typeof Chevrotain.tokenMatcher = c.tokenMatcher;
