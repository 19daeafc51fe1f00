/**
 * grammar/visitor/transaction.test.ts — BEGIN / START TRANSACTION, COMMIT / END, ROLLBACK [TO SAVEPOINT],
 * SAVEPOINT, RELEASE, and EXPLAIN.
 */
import { parseStatement, parseStatements } from '../index';

describe('transaction control', () => {
  test.each([
    ['BEGIN', false],
    ['begin transaction', false],
    ['BEGIN WORK', false],
    ['START TRANSACTION', false],
    ['BEGIN IMMEDIATE', false],
    ['BEGIN DEFERRED TRANSACTION', false],
    ['begin exclusive', false],
    ['BEGIN ISOLATION LEVEL SERIALIZABLE', false],
    ['START TRANSACTION ISOLATION LEVEL READ COMMITTED, READ ONLY', true],
    ['BEGIN TRANSACTION READ ONLY, ISOLATION LEVEL REPEATABLE READ, NOT DEFERRABLE', true],
    ['BEGIN READ ONLY, READ WRITE', false],
    ['START TRANSACTION ISOLATION LEVEL READ UNCOMMITTED, DEFERRABLE', false],
  ])('%s', (text, readOnly) => {
    expect(parseStatement(text)).toEqual({ kind: 'Begin', readOnly, position: 0, end: text.length });
  });

  test('a transaction mode must be whole', () => {
    for (const bad of ['BEGIN ISOLATION LEVEL', 'BEGIN READ', 'START TRANSACTION ISOLATION LEVEL READ', 'BEGIN IMMEDIATE EXCLUSIVE']) {
      expect(() => parseStatement(bad)).toThrow(expect.objectContaining({ sqlState: '42601' }));
    }
  });

  test.each([
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
    const text = 'SELECT begin, commit, rollback, start, work, transaction, savepoint, release, read, level, isolation, immediate FROM t';
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
