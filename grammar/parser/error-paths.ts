/**
 * grammar/parser/error-paths.ts — ErrorPaths: the expected-token paths behind syntax-error details, cached.
 *
 * 1. When no alternative of an OR (or no first iteration of an AT_LEAST_ONE) fits, Chevrotain 10.5 recomputes
 *    the decision's lookahead paths from the grammar to build its message; for decisions that reach into the
 *    expression grammar that takes tens of milliseconds per error. The paths depend only on the decision
 *    (rule, kind, occurrence), so they are computed once per process here.
 * 2. SqlParser overrides Chevrotain's two `raise…Exception` hooks with versions that use this cache and
 *    otherwise do what Chevrotain's do (`error_handler.js` in chevrotain 10.5.0, pinned in package.json).
 */
import type { LookaheadProductionType, LookaheadSequence, Rule } from 'chevrotain';
import { getLookaheadPaths } from '../chevrotain';

/** Chevrotain's internal production-type numbers (lookahead.js PROD_TYPE) → the public names. */
const PRODUCTION_TYPES: Readonly<Record<number, LookaheadProductionType>> = {
  0: 'Option',
  1: 'Repetition',
  2: 'RepetitionMandatory',
  3: 'RepetitionMandatoryWithSeparator',
  4: 'RepetitionWithSeparator',
  5: 'Alternation',
};

/** Lookahead paths of failed parser decisions, computed once per decision. */
export class ErrorPaths {
  private readonly cache = new Map<string, LookaheadSequence[]>();

  constructor(
    private readonly productions: Record<string, Rule>,
    private readonly maxLookahead: number,
  ) {}

  /** The lookahead paths of the decision, per alternative (for a repetition: [inside, after]). */
  of(ruleName: string, prodType: LookaheadProductionType | number, occurrence: number): LookaheadSequence[] {
    const type = typeof prodType === 'number' ? (PRODUCTION_TYPES[prodType] ?? 'Alternation') : prodType;
    const key = `${ruleName}/${type}/${occurrence}`;
    let paths = this.cache.get(key);
    const rule = this.productions[ruleName];
    if (paths === undefined && rule !== undefined) {
      paths = getLookaheadPaths({ occurrence, rule, prodType: type, maxLookahead: this.maxLookahead });
      this.cache.set(key, paths);
    }
    return paths ?? [];
  }
}
