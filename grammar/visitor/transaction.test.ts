/**
 * grammar/visitor/transaction.test.ts — BEGIN / START TRANSACTION, COMMIT / END, ROLLBACK [TO SAVEPOINT],
 * SAVEPOINT, RELEASE, and EXPLAIN.
 */
import { parseStatement, parseStatements } from '../index';

describe('transaction control', () => {
  test.each([
    ['BEGIN', 'Begin'],
    ['begin transaction', 'Begin'],
    ['BEGIN WORK', 'Begin'],
    ['START TRANSACTION', 'Begin'],
    ['COMMIT', 'Commit'],
    ['COMMIT WORK', 'Commit'],
    ['COMMIT TRANSACTION', 'Commit'],
    ['END', 'Commit'],
    ['END TRANSACTION', 'Commit'],
  ])('%s', (text, kind) => {
    expect(parseStatement(text)).toEqual({ kind, position: 0, end: text.length });
  });

  test.each([
    ['ROLLBACK', null],
    ['ROLLBACK WORK', null],
    ['ROLLBACK TO SAVEPOINT a', 'A'],
    ['ROLLBACK TRANSACTION TO "b"', 'b'],
    // SAVEPOINT is non-reserved: here it is the savepoint's name
    ['rollback to savepoint', 'SAVEPOINT'],
  ])('%s', (text, savepoint) => {
    expect(parseStatement(text)).toEqual({ kind: 'Rollback', savepoint, position: 0, end: text.length });
  });

  test.each([
    ['SAVEPOINT a', false, 'A'],
    ['RELEASE SAVEPOINT a', true, 'A'],
    ['RELEASE a', true, 'A'],
    ['release savepoint', true, 'SAVEPOINT'],
    ['savepoint savepoint', false, 'SAVEPOINT'],
  ])('%s', (text, release, name) => {
    expect(parseStatement(text)).toEqual({ kind: 'Savepoint', release, name, position: 0, end: text.length });
  });

  test('a savepoint needs a name', () => {
    expect(() => parseStatement('SAVEPOINT')).toThrow(expect.objectContaining({ sqlState: '42601' }));
    expect(() => parseStatement('ROLLBACK TO')).toThrow(expect.objectContaining({ sqlState: '42601' }));
  });

  test('START needs TRANSACTION', () => {
    expect(() => parseStatement('START')).toThrow(expect.objectContaining({ sqlState: '42601', position: 5 }));
  });

  test('a script of transaction statements', () => {
    expect(parseStatements('BEGIN; INSERT INTO t VALUES (1); COMMIT;').map((s) => s.kind)).toEqual([
      'Begin',
      'Insert',
      'Commit',
    ]);
  });

  test('transaction words remain usable as names', () => {
    const text = 'SELECT begin, commit, rollback, start, work, transaction, savepoint, release FROM t';
    expect(parseStatement(text)).toMatchObject({ kind: 'Select' });
  });
});

describe('EXPLAIN', () => {
  test('EXPLAIN statement', () => {
    const text = 'EXPLAIN SELECT * FROM t WHERE id = ?';
    const s = parseStatement(text);
    expect(s).toMatchObject({ kind: 'Explain', analyze: false, position: 0, end: text.length });
    if (s.kind !== 'Explain') throw new Error('shape');
    expect(s.statement).toMatchObject({ kind: 'Select', position: 8, end: text.length });
  });

  test('EXPLAIN ANALYZE of DML; parameters are numbered in the explained statement', () => {
    const s = parseStatement('explain analyze UPDATE t SET a = ? WHERE b = ?');
    expect(s).toMatchObject({
      kind: 'Explain',
      analyze: true,
      statement: { kind: 'Update', assignments: [{ value: { index: 0 } }], where: { right: { index: 1 } } },
    });
  });
});
