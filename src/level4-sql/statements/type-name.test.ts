/** src/level4-sql/statements/type-name.test.ts — every spelling of every type family, and bad parameters. */
import { SqlError, SqlState } from '../../common/errors';
import { typeToSql } from '../../common/values/sql-type';
import type { TypeName } from '../parse';
import { sqlTypeFromName } from './type-name';

function tn(name: string, ...params: number[]): TypeName {
  return { kind: 'TypeName', name, params, position: 0, end: 1 };
}

function stateOf(t: TypeName): string {
  try {
    sqlTypeFromName(t);
  } catch (e) {
    expect(e).toBeInstanceOf(SqlError);
    return (e as SqlError).sqlState;
  }
  return 'none';
}

test('families', () => {
  for (const n of ['INT', 'INTEGER', 'SMALLINT', 'BIGINT', 'TINYINT', 'INT2', 'INT4', 'INT8']) expect(sqlTypeFromName(tn(n)).kind).toBe('INTEGER');
  for (const n of ['REAL', 'FLOAT', 'DOUBLE', 'DOUBLE PRECISION', 'FLOAT4', 'FLOAT8']) expect(sqlTypeFromName(tn(n)).kind).toBe('REAL');
  for (const n of ['DOCUMENT', 'JSON', 'JSONB']) expect(sqlTypeFromName(tn(n)).kind).toBe('DOCUMENT');
  // PostgreSQL's spellings take no parameters, as the families they stand for
  expect(stateOf(tn('INT8', 3))).toBe(SqlState.InvalidParameterValue);
  expect(stateOf(tn('FLOAT8', 3))).toBe(SqlState.InvalidParameterValue);
  for (const n of ['VARCHAR', 'TEXT', 'STRING', 'CHARACTER VARYING', 'CHAR', 'CLOB']) {
    expect(sqlTypeFromName(tn(n))).toEqual({ kind: 'CHAR' });
  }
  for (const n of ['BOOLEAN', 'BOOL']) expect(sqlTypeFromName(tn(n)).kind).toBe('BOOLEAN');
  expect(sqlTypeFromName(tn('DATE')).kind).toBe('DATE');
  expect(sqlTypeFromName(tn('TIME')).kind).toBe('TIME');
  expect(sqlTypeFromName(tn('TIMESTAMP', 3)).kind).toBe('TIMESTAMP');
  expect(sqlTypeFromName(tn('BLOB')).kind).toBe('BLOB');
  expect(sqlTypeFromName(tn('FLOAT', 53)).kind).toBe('REAL');
});

test('parameters', () => {
  expect(sqlTypeFromName(tn('NUMERIC'))).toEqual({ kind: 'NUMERIC' });
  expect(sqlTypeFromName(tn('DECIMAL', 7, 2))).toEqual({ kind: 'NUMERIC', precision: 7, scale: 2 });
  expect(sqlTypeFromName(tn('NUMERIC', 5))).toEqual({ kind: 'NUMERIC', precision: 5, scale: 0 });
  expect(sqlTypeFromName(tn('CHAR', 3))).toEqual({ kind: 'CHAR', length: 3, fixed: true });
  expect(sqlTypeFromName(tn('VARCHAR', 20))).toEqual({ kind: 'CHAR', length: 20, fixed: false });
  expect(typeToSql(sqlTypeFromName(tn('VARCHAR', 20)))).toBe('VARCHAR(20)');
  expect(typeToSql(sqlTypeFromName(tn('DEC', 7, 2)))).toBe('NUMERIC(7,2)');
});

test('errors', () => {
  expect(stateOf(tn('WIBBLE'))).toBe(SqlState.UndefinedObject);
  expect(stateOf(tn('INTEGER', 5))).toBe(SqlState.InvalidParameterValue);
  expect(stateOf(tn('NUMERIC', 0))).toBe(SqlState.InvalidParameterValue);
  expect(stateOf(tn('NUMERIC', 2, 3))).toBe(SqlState.InvalidParameterValue);
  expect(stateOf(tn('NUMERIC', 1, 2, 3))).toBe(SqlState.InvalidParameterValue);
  expect(stateOf(tn('VARCHAR', 0))).toBe(SqlState.InvalidParameterValue);
  expect(stateOf(tn('VARCHAR', 1.5))).toBe(SqlState.InvalidParameterValue);
  expect(stateOf(tn('CHAR', 10_000_000))).toBe(SqlState.InvalidParameterValue);
  expect(stateOf(tn('DATE', 1))).toBe(SqlState.InvalidParameterValue);
});
