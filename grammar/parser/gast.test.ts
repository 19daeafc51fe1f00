/**
 * grammar/parser/gast.test.ts — the grammar built from gast.generated.ts is the grammar Chevrotain records
 * (gast.ts invariant 3), a parser built from it parses as a recording one does, and a file that does not fit the
 * code is not used (invariant 2).
 *
 * Whether the file is current (its fingerprint that of the compiled parser) is checked by check-generated
 * on the build; here the fingerprint is taken from the file so that the tests run on any compilation.
 */
import { ALL_TOKENS, tokenize } from '../lexer';
import { CstParser } from '../chevrotain';
import { GeneratedGast, grammarFingerprint, serializeGast, type SerializedGast } from './gast';
import { GAST } from './gast.generated';
import { checkedBuild, runtimeBuild, SqlParser } from './sql-parser';

const recorded = new SqlParser(checkedBuild());

/** The run-time build with the file's fingerprint replaced by this compilation's. */
function fittingGast(): SerializedGast {
  return { ...GAST, fingerprint: grammarFingerprint(SqlParser, CstParser) };
}

describe('generated grammar', () => {
  it('has the rules, productions and flags Chevrotain records', () => {
    const fresh = serializeGast(recorded.getGAstProductions(), GAST.fingerprint);
    expect(fresh).toEqual(GAST);
  });

  it('builds GAST objects that serialize as the recorded ones do', () => {
    const parser = new SqlParser({ ...runtimeBuild(), gast: fittingGast() });
    expect(parser.grammarSource).toBe('generated');
    expect(recorded.grammarSource).toBe('recorded');
    const fingerprint = grammarFingerprint(SqlParser, CstParser);
    expect(serializeGast(parser.getGAstProductions(), fingerprint)).toEqual(serializeGast(recorded.getGAstProductions(), fingerprint));
  });

  it('a parser built from it parses and fails as a recording parser does', () => {
    const parser = new SqlParser({ ...runtimeBuild(), gast: fittingGast() });
    const texts = [
      'select a, b.* from t as x join u on x.id = u.id where a between 1 and 2 order by 1 desc limit 3',
      "insert into t (a, b) values (1, 'x'), (2, {k: [1, 2]}) on conflict do nothing",
      'create table t (id int primary key, d date default current_date check (d > date \'2000-01-01\'))',
      'select count(*) over (partition by a order by b rows between unbounded preceding and current row) from t',
      'create function f(x int) returns int begin declare y int; set y = x + 1; return y; end',
      'select from where',
      'create table (',
    ];
    for (const text of texts) {
      const shapes = [recorded, parser].map((p) => {
        p.input = tokenize(text).tokens;
        const cst = p.statements();
        return { cst: JSON.stringify(cst, (k, v: unknown) => (k === 'tokenType' ? undefined : v)), errors: p.errors.map((e) => e.message) };
      });
      expect(shapes[1]).toEqual(shapes[0]);
    }
  });

  it('is not used when the code or the vocabulary differs from the file', () => {
    const names = Object.keys(GAST.rules);
    expect(GeneratedGast.usableFor(fittingGast(), fittingGast().fingerprint, names, ALL_TOKENS)).toBeDefined();
    expect(GeneratedGast.usableFor(GAST, 'another', names, ALL_TOKENS)).toBeUndefined();
    expect(GeneratedGast.usableFor(fittingGast(), fittingGast().fingerprint, [...names, 'newRule'], ALL_TOKENS)).toBeUndefined();
    expect(GeneratedGast.usableFor(fittingGast(), fittingGast().fingerprint, names.slice(1), ALL_TOKENS)).toBeUndefined();
    expect(GeneratedGast.usableFor(fittingGast(), fittingGast().fingerprint, names, ALL_TOKENS.slice(0, 10))).toBeUndefined();
    const stale = new SqlParser({ ...runtimeBuild(), gast: { ...GAST, fingerprint: 'stale' } });
    expect(stale.grammarSource).toBe('recorded');
    stale.input = tokenize('select 1').tokens;
    stale.statements();
    expect(stale.errors).toEqual([]);
  });
});
