/**
 * src/level4-sql/statements/ast-walk.test.ts — the walk reaches parameters inside document literals.
 */
import { parseStatement, type Parameter } from '../parse';
import { statementParameters, walkStatement } from './ast-walk';

describe('document literals in the walk', () => {
  test('? and @name inside a document (nested, in arrays) are counted with the others', () => {
    const s = parseStatement('UPDATE t SET doc = {a: ?, b: [1, {c: @Who}, [?]]} WHERE x = ? AND y = {z: @who}');
    const info = statementParameters(s);
    expect(info.positional).toBe(3);
    expect([...info.named.keys()]).toEqual(['WHO']);
    expect(info.named.get('WHO')!.name).toBe('Who');
  });

  test('parameters are visited in source order, documents included', () => {
    const s = parseStatement('SELECT ?, {a: ?, b: {c: [?, @p]}} FROM t WHERE d = {e: ?}');
    const seen: string[] = [];
    walkStatement(s, (e) => {
      if (e.kind === 'Parameter') seen.push(paramText(e));
    });
    expect(seen).toEqual(['?0', '?1', '?2', '@p', '?3']);
  });

  test('a document without parameters has none', () => {
    expect(statementParameters(parseStatement(`INSERT INTO t VALUES ({a: [1, 'x', /r/i, null]})`)).positional).toBe(0);
  });
});

function paramText(p: Parameter): string {
  return p.name === null ? `?${p.index}` : `@${p.name}`;
}
