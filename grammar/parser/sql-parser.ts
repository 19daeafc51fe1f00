/**
 * grammar/parser/sql-parser.ts — SqlParser, the last class of the parser chain, and its one instance.
 *
 * 1. The chain is ExpressionParser → DocumentParser → WindowParser → QueryParser → DmlParser → DdlParser →
 *    ViewParser → TriggerParser → TransactionParser → PsmParser → TypeParser → AccessParser → SqlParser; each file adds one statement family (DocumentParser: document
 *    literals; WindowParser: window specifications).
 *    Rules are class fields, so every rule exists before `performSelfAnalysis`.
 * 2. One instance per process (`sqlParser()`), built on first use, from the generated lookahead paths and
 *    without Chevrotain's grammar checks (grammar/parser/lookahead.ts); tests build parsers with the checks on
 *    (`new SqlParser(checkedBuild())`). Chevrotain resets all parse state when `input` is set (`parse.ts` does that).
 * 3. The entry rules are `statements` (a script) and `expression` (stored DEFAULT / CHECK text).
 * 4. The two `raise…Exception` methods replace Chevrotain's so that a syntax error costs microseconds, not the
 *    milliseconds of recomputing lookahead paths (`error-paths.ts`).
 * 5. The run-time parser takes its grammar from `gast.generated.ts` instead of having Chevrotain record it by
 *    running every rule (gast.ts): `topLevelRuleRecord`, `enableRecording` and `disableRecording` replace
 *    Chevrotain 10.5's when the build's file fits this code (`GeneratedGast.usableFor`), and defer to them
 *    otherwise — tests and generators (`checkedBuild`) always record.
 */
import type { IOrAlt, IParserErrorMessageProvider, IRecognitionException, IToken, Rule, TokenType } from 'chevrotain';
import { CstParser, EarlyExitException, NoViableAltException } from '../chevrotain';
import * as K from '../tokens/keywords.generated';
import { Semicolon } from '../tokens/operators';
import { ErrorPaths } from './error-paths';
import { GeneratedGast, grammarFingerprint } from './gast';
import { GAST } from './gast.generated';
import { ALL_TOKENS } from '../lexer';
import { MAX_LOOKAHEAD, type ParserBuild } from './expression';
import { CachedLookahead, RecordingLookahead } from './lookahead';
import { LOOKAHEAD } from './lookahead.generated';
import { AccessParser } from './access';

/** Words after DROP that name an object kind, so DROP Name (ddl.ts invariant 4) does not apply. */
const DROP_KINDS: ReadonlySet<TokenType> = new Set<TokenType>([K.TABLE, K.INDEX, K.VIEW, K.TRIGGER, K.FUNCTION, K.PROCEDURE, K.TYPE, K.USER, K.ROLE]);

/** The Chevrotain 10.5 internals the error hooks below use (see `error-paths.ts`). */
interface ParserInternals {
  getCurrRuleFullName(): string;
  SAVE_ERROR(error: IRecognitionException): IRecognitionException;
  errorMessageProvider: IParserErrorMessageProvider;
  definedRulesNames: string[];
}

/** Chevrotain 10.5's grammar recorder, which the hooks of invariant 5 replace or defer to. */
interface Recorder {
  topLevelRuleRecord(name: string, impl: () => void): Rule;
  enableRecording(): void;
  disableRecording(): void;
}
const RECORDER = CstParser.prototype as unknown as Recorder;

/** The complete SQL parser: scripts, statements, EXPLAIN. Use the `sqlParser()` instance. */
export class SqlParser extends AccessParser {
  private readonly errorPaths: ErrorPaths;
  /** The generated grammar while `performSelfAnalysis` runs, when it fits this code (invariant 5). */
  private generated: GeneratedGast | undefined;

  constructor(build: ParserBuild) {
    super(build);
    if (build.gast !== undefined) {
      const ruleNames = (this as unknown as ParserInternals).definedRulesNames;
      this.generated = GeneratedGast.usableFor(build.gast, grammarFingerprint(SqlParser, CstParser), ruleNames, ALL_TOKENS);
    }
    this.performSelfAnalysis();
    this.generated = undefined;
    this.errorPaths = new ErrorPaths(this.getGAstProductions(), MAX_LOOKAHEAD);
  }

  /** Where this parser's grammar came from: `gast.generated.ts` or Chevrotain's recording (for tests). */
  grammarSource: 'generated' | 'recorded' = 'recorded';

  /** @internal Chevrotain hook: a rule's grammar, from the generated file when it fits (invariant 5). */
  topLevelRuleRecord(name: string, impl: () => void): Rule {
    if (this.generated === undefined) return RECORDER.topLevelRuleRecord.call(this, name, impl);
    this.grammarSource = 'generated';
    return this.generated.rule(name);
  }

  /** @internal Chevrotain hook: recording mode, needed only when the grammar is recorded. */
  enableRecording(): void {
    if (this.generated === undefined) RECORDER.enableRecording.call(this);
  }

  /** @internal Chevrotain hook: the end of recording mode (deleting ~90 instance methods: milliseconds). */
  disableRecording(): void {
    if (this.generated === undefined) RECORDER.disableRecording.call(this);
  }

  private lookahead(): IToken[] {
    const tokens: IToken[] = [];
    for (let i = 1; i <= MAX_LOOKAHEAD; i++) tokens.push(this.LA(i));
    return tokens;
  }

  /** @internal Chevrotain hook (no OR alternative fits), with the expected paths cached per decision. */
  raiseNoAltException(occurrence: number, errMsgTypes: string | undefined): never {
    const internals = this as unknown as ParserInternals;
    const ruleName = internals.getCurrRuleFullName();
    const message = internals.errorMessageProvider.buildNoViableAltMessage({
      expectedPathsPerAlt: this.errorPaths.of(ruleName, 'Alternation', occurrence),
      actual: this.lookahead(),
      previous: this.LA(0),
      customUserDescription: errMsgTypes,
      ruleName,
    });
    throw internals.SAVE_ERROR(new NoViableAltException(message, this.LA(1), this.LA(0)));
  }

  /** @internal Chevrotain hook (AT_LEAST_ONE found none), with the expected paths cached per decision. */
  raiseEarlyExitException(occurrence: number, prodType: number, userDefinedErrMsg: string | undefined): never {
    const internals = this as unknown as ParserInternals;
    const ruleName = internals.getCurrRuleFullName();
    const message = internals.errorMessageProvider.buildEarlyExitMessage({
      expectedIterationPaths: this.errorPaths.of(ruleName, prodType, occurrence)[0] ?? [],
      actual: this.lookahead(),
      previous: this.LA(0),
      customUserDescription: userDefinedErrMsg,
      ruleName,
    });
    throw internals.SAVE_ERROR(new EarlyExitException(message, this.LA(1), this.LA(0)));
  }

  /** statements := [statement] (";" [statement])* */
  statements = this.RULE('statements', () => {
    this.OPTION(this.firstStatementStep);
    this.MANY(this.nextStatementStep);
  });

  private readonly firstStatementStep = (): void => {
    this.SUBRULE(this.statement);
  };
  private readonly laterStatementStep = (): void => {
    this.SUBRULE2(this.statement);
  };
  private readonly nextStatementStep = (): void => {
    this.CONSUME(Semicolon);
    this.OPTION2(this.laterStatementStep);
  };

  /**
   * statement := queryExpression | insertStatement | updateStatement | deleteStatement
   *            | createTableStatement | createIndexStatement | dropTableStatement | dropIndexStatement
   *            | dropObjectStatement
   *            | alterTableStatement | alterIndexStatement | truncateStatement | beginStatement | commitStatement | rollbackStatement | savepointStatement | explainStatement
   *            | createViewStatement | dropViewStatement
   *            | mergeStatement | reindexStatement
   *            | createTriggerStatement | dropTriggerStatement
   *            | createRoutineStatement | dropRoutineStatement | callStatement
   *            | createUserStatement | alterUserStatement | createRoleStatement | dropPrincipalStatement
   *            | grantStatement | revokeStatement | setRoleStatement
   */
  statement = this.RULE('statement', () => {
    this.OR(this.statementAlternatives);
  });

  private readonly statementAlternatives: IOrAlt<unknown>[] = [
    { ALT: () => this.SUBRULE(this.queryExpression) },
    { ALT: () => this.SUBRULE(this.insertStatement) },
    { ALT: () => this.SUBRULE(this.updateStatement) },
    { ALT: () => this.SUBRULE(this.deleteStatement) },
    { ALT: () => this.SUBRULE(this.createTableOfStatement) },
    { ALT: () => this.SUBRULE(this.createTableStatement) },
    { ALT: () => this.SUBRULE(this.createIndexStatement) },
    { ALT: () => this.SUBRULE(this.dropTableStatement) },
    { ALT: () => this.SUBRULE(this.dropIndexStatement) },
    { GATE: () => !DROP_KINDS.has(this.LA(2).tokenType), ALT: () => this.SUBRULE(this.dropObjectStatement) },
    { ALT: () => this.SUBRULE(this.alterTableStatement) },
    { ALT: () => this.SUBRULE(this.alterIndexStatement) },
    { ALT: () => this.SUBRULE(this.truncateStatement) },
    { ALT: () => this.SUBRULE(this.beginStatement) },
    { ALT: () => this.SUBRULE(this.commitStatement) },
    { ALT: () => this.SUBRULE(this.rollbackStatement) },
    { ALT: () => this.SUBRULE(this.savepointStatement) },
    { ALT: () => this.SUBRULE(this.explainStatement) },
    { ALT: () => this.SUBRULE(this.createViewStatement) },
    { ALT: () => this.SUBRULE(this.dropViewStatement) },
    { ALT: () => this.SUBRULE(this.mergeStatement) },
    { ALT: () => this.SUBRULE(this.reindexStatement) },
    { ALT: () => this.SUBRULE(this.createTriggerStatement) },
    { ALT: () => this.SUBRULE(this.dropTriggerStatement) },
    { ALT: () => this.SUBRULE(this.createTypeStatement) },
    { ALT: () => this.SUBRULE(this.createMethodStatement) },
    { ALT: () => this.SUBRULE(this.dropTypeStatement) },
    { ALT: () => this.SUBRULE(this.createRoutineStatement) },
    { ALT: () => this.SUBRULE(this.dropRoutineStatement) },
    { ALT: () => this.SUBRULE(this.callStatement) },
    { ALT: () => this.SUBRULE(this.createUserStatement) },
    { ALT: () => this.SUBRULE(this.alterUserStatement) },
    { ALT: () => this.SUBRULE(this.createRoleStatement) },
    { ALT: () => this.SUBRULE(this.dropPrincipalStatement) },
    { ALT: () => this.SUBRULE(this.grantStatement) },
    { ALT: () => this.SUBRULE(this.revokeStatement) },
    { ALT: () => this.SUBRULE(this.setRoleStatement) },
  ];

  /** explainStatement := EXPLAIN [ANALYZE] statement */
  explainStatement = this.RULE('explainStatement', () => {
    this.CONSUME(K.EXPLAIN);
    this.OPTION(() => this.CONSUME(K.ANALYZE));
    this.SUBRULE(this.statement);
  });
}

/** How the run-time parser is built: generated lookahead paths and grammar, no grammar checks. */
export function runtimeBuild(): ParserBuild {
  return { lookahead: new CachedLookahead(LOOKAHEAD, ALL_TOKENS), validate: false, gast: GAST };
}

/** How tests and the generators build a parser: paths computed from the grammar, which Chevrotain checks. */
export function checkedBuild(): ParserBuild & { readonly lookahead: RecordingLookahead } {
  return { lookahead: new RecordingLookahead(MAX_LOOKAHEAD), validate: true };
}

let instance: SqlParser | undefined;

/** The parser, shared by every parse in the process; built by the first call. */
export function sqlParser(): SqlParser {
  instance ??= new SqlParser(runtimeBuild());
  return instance;
}
