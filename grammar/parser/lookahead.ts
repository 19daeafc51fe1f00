/**
 * grammar/parser/lookahead.ts — how the parser chooses between alternatives: lookahead paths computed once, at
 * build time, and turned into choosing functions when the parser is built.
 *
 * 1. Chevrotain decides every OR, OPTION, MANY and AT_LEAST_ONE by comparing the next tokens with the decision's
 *    lookahead paths. Computing those paths from the grammar is what made building the parser take most of a
 *    second (tens of thousands of 4-token paths through the expression grammar). The paths depend only on the
 *    grammar, so `tools/gen-lookahead.ts` computes them with `RecordingLookahead` and writes
 *    `lookahead.generated.ts`; at run time `CachedLookahead` reads them from there.
 * 2. Both strategies build their choosing functions with the same code (`chooseAlternative`, `enterOptional`)
 *    from the same paths, so the parser tests — which build the parser with `RecordingLookahead` and
 *    Chevrotain's grammar checks on — exercise exactly the functions the run-time parser uses, and
 *    grammar/parser/lookahead.test.ts checks that the generated paths are those the grammar gives now
 *    (`node dist/tools/check-generated.js` does too).
 * 3. A decision missing from the generated file (a stale file) is computed on the spot: slower, never wrong.
 * 5. `CachedLookahead` builds a decision's choosing function when the decision is first taken, not when the
 *    parser is built: a first statement takes a few dozen of the parser's ~500 decisions, and building them
 *    all was a quarter of building the parser (docs/decisions/0016-cold-start-2.md). `RecordingLookahead`
 *    builds them all at once, as the generator needs every decision's paths.
 * 4. A token matches a path step when it is of that type or of a type in that category (Chevrotain's category
 *    matching, through `categoryMatchesMap`). Decisions whose paths are all one token long choose by a table
 *    indexed by token type; alternatives with a GATE are tried in order, the gate first.
 */
import type { ILookaheadStrategy, ILookaheadValidationError, IOrAlt, IToken, LookaheadProductionType, OptionalProductionType, Rule, TokenType } from 'chevrotain';
import { getLookaheadPaths, LLkLookaheadStrategy } from '../chevrotain';
import { TokenTable, tokensByName } from './token-table';

/** One decision's paths: per alternative (for an optional production: only the path into it), token paths. */
export type DecisionPaths = readonly (readonly (readonly TokenType[])[])[];

/** The key of a decision: rule, production kind, occurrence (`selectItem/Alternation/0`). */
export function decisionKey(ruleName: string, kind: LookaheadProductionType, occurrence: number): string {
  return `${ruleName}/${kind}/${occurrence}`;
}

function matches(token: IToken, type: TokenType): boolean {
  return token.tokenTypeIdx === type.tokenTypeIdx || (type.isParent === true && type.categoryMatchesMap![token.tokenTypeIdx] === true);
}

function allOneToken(paths: readonly (readonly TokenType[])[]): boolean {
  for (const p of paths) if (p.length !== 1) return false;
  return true;
}

/** The token type indexes a one-token path step accepts: its own and those of the types in its category. */
function acceptedIndexes(type: TokenType): number[] {
  return [type.tokenTypeIdx!, ...(type.categoryMatches ?? [])];
}

/** What a choosing function sees of the parser it runs on (`LA` is protected in Chevrotain's types). */
interface LookingAhead {
  LA(howMuch: number): IToken;
}

function pathMatches(parser: LookingAhead, path: readonly TokenType[]): boolean {
  for (let i = 0; i < path.length; i++) if (!matches(parser.LA(i + 1), path[i]!)) return false;
  return true;
}

/** The function an OR calls to learn which alternative to take (undefined: none fits). */
export function chooseAlternative(
  alternatives: DecisionPaths,
  hasPredicates: boolean,
): (this: LookingAhead, orAlts?: IOrAlt<unknown>[]) => number | undefined {
  if (!hasPredicates && alternatives.every(allOneToken)) {
    const choice: number[] = [];
    alternatives.forEach((paths, alt) => {
      for (const path of paths) for (const idx of acceptedIndexes(path[0]!)) if (choice[idx] === undefined) choice[idx] = alt;
    });
    return function (this: LookingAhead) {
      return choice[this.LA(1).tokenTypeIdx];
    };
  }
  return function (this: LookingAhead, orAlts?: IOrAlt<unknown>[]) {
    for (let alt = 0; alt < alternatives.length; alt++) {
      const gate = hasPredicates ? orAlts?.[alt]?.GATE : undefined;
      if (gate !== undefined && gate.call(this) === false) continue;
      for (const path of alternatives[alt]!) if (pathMatches(this, path)) return alt;
    }
    return undefined;
  };
}

/** The function an OPTION, MANY or AT_LEAST_ONE calls to learn whether to enter (once more). */
export function enterOptional(paths: readonly (readonly TokenType[])[]): (this: LookingAhead) => boolean {
  if (allOneToken(paths)) {
    const accepted: boolean[] = [];
    for (const path of paths) for (const idx of acceptedIndexes(path[0]!)) accepted[idx] = true;
    return function (this: LookingAhead) {
      return accepted[this.LA(1).tokenTypeIdx] === true;
    };
  }
  return function (this: LookingAhead) {
    for (const path of paths) if (pathMatches(this, path)) return true;
    return false;
  };
}

interface AlternationOptions {
  prodOccurrence: number;
  rule: Rule;
  maxLookahead: number;
  hasPredicates: boolean;
}

interface OptionalOptions {
  prodOccurrence: number;
  prodType: OptionalProductionType;
  rule: Rule;
  maxLookahead: number;
}

/** Where a strategy gets a decision's paths from. */
abstract class PathStrategy implements ILookaheadStrategy {
  protected abstract pathsOf(rule: Rule, kind: LookaheadProductionType, occurrence: number, maxLookahead: number): DecisionPaths;

  validate(_options: { rules: Rule[]; tokenTypes: TokenType[]; grammarName: string }): ILookaheadValidationError[] {
    return [];
  }

  buildLookaheadForAlternation(options: AlternationOptions): (orAlts?: IOrAlt<unknown>[]) => number | undefined {
    const paths = this.pathsOf(options.rule, 'Alternation', options.prodOccurrence, options.maxLookahead);
    return chooseAlternative(paths, options.hasPredicates) as (orAlts?: IOrAlt<unknown>[]) => number | undefined;
  }

  buildLookaheadForOptional(options: OptionalOptions): () => boolean {
    const paths = this.pathsOf(options.rule, options.prodType, options.prodOccurrence, options.maxLookahead);
    return enterOptional(paths[0] ?? []) as () => boolean;
  }
}

/** Computes every decision's paths from the grammar and remembers them; validates as Chevrotain's LL(k) does. */
export class RecordingLookahead extends PathStrategy {
  /** Every decision met while the parser was built, in that order. */
  readonly recorded = new Map<string, DecisionPaths>();
  private readonly checks: ILookaheadStrategy;

  constructor(maxLookahead: number) {
    super();
    this.checks = new LLkLookaheadStrategy({ maxLookahead });
  }

  override validate(options: { rules: Rule[]; tokenTypes: TokenType[]; grammarName: string }): ILookaheadValidationError[] {
    return this.checks.validate(options);
  }

  protected pathsOf(rule: Rule, kind: LookaheadProductionType, occurrence: number, maxLookahead: number): DecisionPaths {
    const paths = getLookaheadPaths({ occurrence, rule, prodType: kind, maxLookahead });
    this.recorded.set(decisionKey(rule.name, kind, occurrence), paths);
    return paths;
  }
}

/** The paths as `tools/gen-lookahead.ts` writes them: token names, and per decision paths of name indexes. */
export interface SerializedLookahead {
  readonly tokens: readonly string[];
  readonly decisions: Readonly<Record<string, readonly (readonly (readonly number[])[])[]>>;
}

/** Reads each decision's paths from the generated file; computes a decision the file lacks (invariant 3). */
export class CachedLookahead extends PathStrategy {
  private readonly tokens: readonly TokenType[];
  /** Whether every token the file names is in the vocabulary (else the file is stale: compute everything). */
  private readonly complete: boolean;

  constructor(
    private readonly serialized: SerializedLookahead,
    vocabulary: readonly TokenType[],
  ) {
    super();
    const byName = tokensByName(vocabulary);
    const tokens = serialized.tokens.map((name) => byName.get(name));
    this.complete = tokens.every((t) => t !== undefined);
    this.tokens = tokens as TokenType[];
  }

  /** The choosing function of an OR, built by its first call (invariant 5). */
  override buildLookaheadForAlternation(options: AlternationOptions): (orAlts?: IOrAlt<unknown>[]) => number | undefined {
    let choose: ((orAlts?: IOrAlt<unknown>[]) => number | undefined) | undefined;
    const build = (): typeof choose => super.buildLookaheadForAlternation(options);
    return function (this: LookingAhead, orAlts?: IOrAlt<unknown>[]) {
      choose ??= build();
      return choose!.call(this, orAlts);
    };
  }

  /** The entering function of an OPTION, MANY or AT_LEAST_ONE, built by its first call (invariant 5). */
  override buildLookaheadForOptional(options: OptionalOptions): () => boolean {
    let enter: (() => boolean) | undefined;
    const build = (): typeof enter => super.buildLookaheadForOptional(options);
    return function (this: LookingAhead) {
      enter ??= build();
      return enter!.call(this);
    };
  }

  protected pathsOf(rule: Rule, kind: LookaheadProductionType, occurrence: number, maxLookahead: number): DecisionPaths {
    const stored = this.serialized.decisions[decisionKey(rule.name, kind, occurrence)];
    if (stored === undefined || !this.complete) {
      return getLookaheadPaths({ occurrence, rule, prodType: kind, maxLookahead });
    }
    return stored.map((alt) => alt.map((path) => path.map((i) => this.tokens[i]!)));
  }
}

/** The serialized form of recorded paths (what the generator writes). */
export function serializeLookahead(recorded: ReadonlyMap<string, DecisionPaths>): SerializedLookahead {
  const table = new TokenTable();
  const decisions: Record<string, number[][][]> = {};
  for (const key of [...recorded.keys()].sort()) {
    decisions[key] = recorded.get(key)!.map((alt) => alt.map((path) => path.map((t) => table.numberOf(t))));
  }
  return { tokens: table.names, decisions };
}
