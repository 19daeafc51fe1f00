/**
 * grammar/names-in.ts — `namesIn`: the names a stored SQL text uses, for the checks that keep such texts valid
 * when an object is renamed (src/level4-sql/statements/rename.ts).
 *
 * 1. Every token that may stand as a name (an identifier, a quoted identifier, a non-reserved keyword) counts,
 *    folded as the AST folds names (`foldName`): `a` and `A` are A, `"a"` is a. A word used as a keyword counts
 *    too (the lexer cannot tell), which only ever makes the answer larger: a check that uses it errs on the side
 *    of refusing.
 * 2. A `*` that selects every column (after SELECT, DISTINCT, ALL, a comma or a dot, as in `select *` and
 *    `t.*`) adds `*`; a `*` that multiplies or counts (`count(*)`) does not.
 * 3. Text that does not lex is an internal error: stored texts were parsed when they were stored.
 */
import { tokenMatcher } from './chevrotain';
import { tokenize } from './lexer';
import * as K from './tokens/keywords.generated';
import { Name } from './tokens/literals';
import { Comma, Dot, Star } from './tokens/operators';
import { foldName } from './visitor/cst-helpers';
import { InternalError } from '../src/common/errors';

/** The names `sql` uses, folded, with `*` when it selects every column (invariants 1 and 2). */
export function namesIn(sql: string): ReadonlySet<string> {
  const lexed = tokenize(sql);
  if (lexed.errors.length > 0) throw new InternalError(`a stored text does not lex: ${lexed.errors[0]!.message}`);
  const names = new Set<string>();
  const tokens = lexed.tokens;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (tokenMatcher(t, Name)) names.add(foldName(t));
    else if (t.tokenType === Star && i > 0) {
      const before = tokens[i - 1]!.tokenType;
      if (before === K.SELECT || before === K.DISTINCT || before === K.ALL || before === Comma || before === Dot) names.add('*');
    }
  }
  return names;
}
