/**
 * grammar/parser/gast.ts — the grammar as Chevrotain holds it (its GAST: rules of productions), written at build
 * time and read when the parser is built, instead of recorded by running every rule.
 *
 * 1. Chevrotain learns a parser's grammar in `performSelfAnalysis` by running each rule once in a recording
 *    mode, then deleting the recording methods from the parser: over half of building the parser (~35 of ~60 ms,
 *    docs/decisions/0016-cold-start-2.md). The grammar depends only on the rules, so `tools/gen-lookahead.ts`
 *    writes it with `serializeGast` to `gast.generated.ts`, and the run-time parser (sql-parser.ts invariant 5)
 *    builds each rule's GAST from there with `GeneratedGast`.
 * 2. The file holds a fingerprint of the parser's code (`grammarFingerprint`: SHA-1 of the source text of every
 *    class of the parser chain). `GeneratedGast.usableFor` accepts the file only when the running classes have
 *    that fingerprint, the file names every rule the parser defines and no other, and every token it names is
 *    in the vocabulary; otherwise the parser records the grammar as before (slower, never wrong). `npm test`
 *    fails on a stale file (check-generated, gast.test.ts).
 * 3. A GAST built from the file equals the recorded one: productions, DSL occurrence indexes, labels,
 *    separators, MAX_LOOKAHEAD, IGNORE_AMBIGUITIES and whether an alternation has GATEs (gast.test.ts compares
 *    the two through `serializeGast`). NonTerminals name their rule; Chevrotain's grammar resolution links them.
 */
import * as crypto from 'crypto';
import type { IProduction, Rule as RuleType, TokenType } from 'chevrotain';
import {
  Alternation,
  Alternative,
  NonTerminal,
  Option,
  Repetition,
  RepetitionMandatory,
  RepetitionMandatoryWithSeparator,
  RepetitionWithSeparator,
  Rule,
  Terminal,
} from '../chevrotain';
import { TokenTable, tokensByName } from './token-table';

/** Production kinds in the file (the first element of each production's array). */
const enum Kind {
  Terminal = 0,
  NonTerminal = 1,
  Option = 2,
  Repetition = 3,
  RepetitionMandatory = 4,
  RepetitionWithSeparator = 5,
  RepetitionMandatoryWithSeparator = 6,
  Alternation = 7,
}

/**
 * One production as JSON: `[Terminal, token, idx, label]`, `[NonTerminal, rule, idx, label]`,
 * `[Option | Repetition | RepetitionMandatory, idx, maxLookahead, body]`,
 * `[RepetitionWithSeparator | RepetitionMandatoryWithSeparator, idx, maxLookahead, body, separator]`,
 * `[Alternation, idx, maxLookahead, alternatives, ignoreAmbiguities, hasPredicates]` with each alternative
 * `[ignoreAmbiguities, body]`; a token is an index into `tokens`, an absent label or maxLookahead is null.
 */
type SerializedProduction = readonly unknown[];

/** The file's content: the fingerprint of the code it came from, token names, and each rule's body. */
export interface SerializedGast {
  readonly fingerprint: string;
  readonly tokens: readonly string[];
  readonly rules: Readonly<Record<string, readonly SerializedProduction[]>>;
}

/** SHA-1 of the source text of `parserClass` and of each class it extends, up to Chevrotain's (invariant 2). */
export function grammarFingerprint(parserClass: abstract new (...args: never[]) => unknown, base: unknown): string {
  const hash = crypto.createHash('sha1');
  for (let c: unknown = parserClass; typeof c === 'function' && c !== base; c = Object.getPrototypeOf(c)) {
    hash.update(Function.prototype.toString.call(c));
  }
  return hash.digest('base64');
}

/** Internals of Chevrotain 10.5's GAST classes that the recorder sets and the public types leave out. */
interface ProductionFields {
  idx: number;
  maxLookahead?: number;
  label?: string;
  ignoreAmbiguities?: boolean;
  hasPredicates?: boolean;
  separator?: TokenType;
  terminalType?: TokenType;
  nonTerminalName?: string;
  definition: IProduction[];
}

/** Writes a parser's recorded GAST in the file's form (invariant 1); rules in name order. */
export function serializeGast(rules: Readonly<Record<string, RuleType>>, fingerprint: string): SerializedGast {
  const table = new TokenTable();
  const tokens = table.names;
  const token = (t: TokenType): number => table.numberOf(t);
  const production = (p: IProduction): SerializedProduction => {
    const f = p as unknown as ProductionFields;
    const max = f.maxLookahead ?? null;
    if (p instanceof Terminal) return [Kind.Terminal, token(f.terminalType!), f.idx, f.label ?? null];
    if (p instanceof NonTerminal) return [Kind.NonTerminal, f.nonTerminalName, f.idx, f.label ?? null];
    if (p instanceof Alternation) {
      const alternatives = f.definition.map((a) => [(a as unknown as ProductionFields).ignoreAmbiguities === true, body(a)]);
      return [Kind.Alternation, f.idx, max, alternatives, f.ignoreAmbiguities === true, f.hasPredicates === true];
    }
    if (p instanceof Option) return [Kind.Option, f.idx, max, body(p)];
    if (p instanceof RepetitionMandatoryWithSeparator) return [Kind.RepetitionMandatoryWithSeparator, f.idx, max, body(p), token(f.separator!)];
    if (p instanceof RepetitionWithSeparator) return [Kind.RepetitionWithSeparator, f.idx, max, body(p), token(f.separator!)];
    if (p instanceof RepetitionMandatory) return [Kind.RepetitionMandatory, f.idx, max, body(p)];
    if (p instanceof Repetition) return [Kind.Repetition, f.idx, max, body(p)];
    throw new Error(`gast: unexpected production ${p.constructor.name}`);
  };
  const body = (p: IProduction): SerializedProduction[] => (p as unknown as ProductionFields).definition.map(production);
  const out: Record<string, SerializedProduction[]> = {};
  for (const name of Object.keys(rules).sort()) out[name] = body(rules[name]!);
  return { fingerprint, tokens, rules: out };
}

/** Each rule's GAST, built from the file on request (invariants 1 and 3). */
export class GeneratedGast {
  private readonly tokens: readonly TokenType[];

  private constructor(
    private readonly serialized: SerializedGast,
    tokens: readonly TokenType[],
  ) {
    this.tokens = tokens;
  }

  /** The file's GAST when it fits the running parser (invariant 2), else undefined. */
  static usableFor(
    serialized: SerializedGast,
    fingerprint: string,
    ruleNames: readonly string[],
    vocabulary: readonly TokenType[],
  ): GeneratedGast | undefined {
    if (serialized.fingerprint !== fingerprint) return undefined;
    if (Object.keys(serialized.rules).length !== ruleNames.length) return undefined;
    for (const name of ruleNames) if (serialized.rules[name] === undefined) return undefined;
    const byName = tokensByName(vocabulary);
    const tokens: TokenType[] = [];
    for (const name of serialized.tokens) {
      const t = byName.get(name);
      if (t === undefined) return undefined;
      tokens.push(t);
    }
    return new GeneratedGast(serialized, tokens);
  }

  /** The GAST of one rule (a new object each call, as recording makes). */
  rule(name: string): RuleType {
    return new Rule({ name, definition: this.body(this.serialized.rules[name]!) });
  }

  private body(productions: readonly SerializedProduction[]): IProduction[] {
    return productions.map((p) => this.production(p));
  }

  private production(p: SerializedProduction): IProduction {
    switch (p[0] as Kind) {
      case Kind.Terminal: {
        const t = make(Terminal) as ProductionFields;
        t.terminalType = this.tokens[p[1] as number]!;
        t.idx = p[2] as number;
        if (p[3] !== null) t.label = p[3] as string;
        return t as unknown as IProduction;
      }
      case Kind.NonTerminal: {
        const n = make(NonTerminal) as ProductionFields;
        n.nonTerminalName = p[1] as string;
        n.idx = p[2] as number;
        if (p[3] !== null) n.label = p[3] as string;
        return n as unknown as IProduction;
      }
      case Kind.Option:
        return this.withBody(make(Option), p);
      case Kind.Repetition:
        return this.withBody(make(Repetition), p);
      case Kind.RepetitionMandatory:
        return this.withBody(make(RepetitionMandatory), p);
      case Kind.RepetitionWithSeparator:
      case Kind.RepetitionMandatoryWithSeparator: {
        const r = this.withBody(make(p[0] === Kind.RepetitionWithSeparator ? RepetitionWithSeparator : RepetitionMandatoryWithSeparator), p);
        (r as unknown as ProductionFields).separator = this.tokens[p[4] as number]!;
        return r;
      }
      case Kind.Alternation: {
        const a = make(Alternation) as ProductionFields;
        a.definition = (p[3] as [boolean, SerializedProduction[]][]).map(([ignoreAmbiguities, body]) => {
          const alternative = make(Alternative) as ProductionFields;
          alternative.definition = this.body(body);
          alternative.ignoreAmbiguities = ignoreAmbiguities;
          return alternative as unknown as IProduction;
        });
        a.idx = p[1] as number;
        if (p[2] !== null) a.maxLookahead = p[2] as number;
        a.ignoreAmbiguities = p[4] as boolean;
        a.hasPredicates = p[5] as boolean;
        return a as unknown as IProduction;
      }
    }
    throw new Error(`gast: unknown production kind ${String(p[0])}`);
  }

  /** An OPTION, MANY or AT_LEAST_ONE (with or without separator): its body, occurrence index, MAX_LOOKAHEAD. */
  private withBody(production: ProductionFields, p: SerializedProduction): IProduction {
    production.definition = this.body(p[3] as SerializedProduction[]);
    production.idx = p[1] as number;
    if (p[2] !== null) production.maxLookahead = p[2] as number;
    return production as unknown as IProduction;
  }
}

/**
 * A production of class `C` without running C's constructor, which copies its options through lodash
 * (`pickBy`) and cost more than everything else here: the caller sets every field the recorder sets (an
 * absent label or MAX_LOOKAHEAD, null in the file, stays unset, as the recorder leaves it); `definition` is
 * set through the classes' public setter.
 */
function make(c: { prototype: object }): ProductionFields {
  return Object.create(c.prototype) as ProductionFields;
}
