/**
 * src/level4-sql/statements/session-errors.test.ts — the session's error discipline: stray JS errors become
 * InternalError (XX000), a blown stack becomes ProgramLimitExceeded (54000), SqlErrors pass unchanged, and
 * pathological input is refused with an SqlError rather than a crash.
 */
import { Database } from '../../database';
import { InternalError, SqlError, SqlState, TransactionConflict } from '../../common/errors';
import { asSqlError } from '../session';

test('asSqlError', () => {
  const type = asSqlError(new TypeError('x is undefined'));
  expect(type).toBeInstanceOf(InternalError);
  expect(type.sqlState).toBe(SqlState.InternalError);
  expect(type.message).toContain('TypeError: x is undefined');
  expect(type.cause).toBeInstanceOf(TypeError);
  expect(asSqlError(new RangeError('Maximum call stack size exceeded')).sqlState).toBe(SqlState.ProgramLimitExceeded);
  expect(asSqlError('a string').sqlState).toBe(SqlState.InternalError);
  const conflict = new TransactionConflict('c');
  expect(asSqlError(conflict)).toBe(conflict);
});

test('pathological statements are SqlErrors, and the connection still works', () => {
  const db = Database.open(':memory:');
  const deep = `SELECT ${'('.repeat(20000)}1${')'.repeat(20000)}`;
  for (const sql of [deep, 'SELECT 1 +'.repeat(5000), '\u0000\uffff', "'unterminated", '"', ';;;', '-- only a comment']) {
    try {
      db.execute(sql);
    } catch (e) {
      expect(e).toBeInstanceOf(SqlError);
      expect((e as SqlError).sqlState).not.toBe(SqlState.InternalError);
    }
  }
  expect(() => db.execute(42 as never)).toThrow(SqlError);
  expect(db.execute('SELECT 1 AS one').rows).toEqual([[1]]);
  db.close();
});
