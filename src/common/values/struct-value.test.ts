/**
 * src/common/values/struct-value.test.ts — structured values: Pyrrho's text, the disk encoding (tag 16) and its
 * corruption checks, order and SQL comparison, assignment to a structured type and to its supertype.
 */
import { SqlState } from '../sqlstate.generated';
import { ByteReader, ByteWriter } from './bytes';
import { assignValue, castValue, typeOfValue } from './cast';
import { sqlCompare, sqlEquals } from './compare';
import { formatValue, sqlLiteral } from './format';
import { INTEGER, structType } from './sql-type';
import { StructValue } from './struct-value';
import { compareValues, ExactDecimal, type Value } from './value';
import { readSqlType, readValue, writeSqlType, writeValue } from './value-codec';

const point = (x: Value, y: Value): StructValue => new StructValue(['POINT'], ['X', 'Y'], [x, y]);
const named = (x: Value, y: Value, label: Value): StructValue => new StructValue(['NAMED', 'POINT'], ['X', 'Y', 'LABEL'], [x, y, label]);

function roundTrip(v: Value): Value {
  const w = new ByteWriter();
  writeValue(w, v);
  return readValue(new ByteReader(w.finish()));
}

test('text as Pyrrho prints it, nested, with NULL fields', () => {
  const rect = new StructValue(['RECT'], ['TL', 'SZ'], [point(1, 2), new StructValue(['SIZE'], ['W', 'H'], [3, 4])]);
  expect(formatValue(rect)).toBe('RECT(TL=POINT(X=1,Y=2),SZ=SIZE(W=3,H=4))');
  expect(String(point(null, 2))).toBe('POINT(X=NULL,Y=2)');
  expect(sqlLiteral(named(1, 2, 'it'))).toBe('NAMED(X=1,Y=2,LABEL=it)');
  expect(JSON.stringify(point(1, 2))).toBe('{"X":1,"Y":2}');
});

test('the disk encoding round-trips every field kind and keeps the type chain', () => {
  const values: Value[] = [
    point(1, 2),
    named(123456789012345678901234567890n, null, "it's"),
    new StructValue(['RECT'], ['TL', 'SZ'], [point(-1, 0), null]),
    new StructValue(['W'], ['D', 'N', 'T'], [new ExactDecimal('1.50'), { a: [1, 'x'] }, new Date(Date.UTC(2024, 0, 31))]),
  ];
  for (const v of values) expect(roundTrip(v)).toEqual(v);
  const back = roundTrip(named(1, 2, 'x')) as StructValue;
  expect(back).toBeInstanceOf(StructValue);
  expect(back.types).toEqual(['NAMED', 'POINT']);
  expect(back.isOf('POINT')).toBe(true);
});

test('bytes of POINT(X=1,Y=2) and corrupt structured values', () => {
  const w = new ByteWriter();
  writeValue(w, point(1, 2));
  const bytes = w.finish();
  expect(Buffer.from(bytes).toString('hex')).toBe('1001' + '05504f494e54' + '02' + '0158' + '0302' + '0159' + '0304');
  expect(() => readValue(new ByteReader(Uint8Array.of(16, 0, 0)))).toThrow(/0 type names/);
  expect(() => readValue(new ByteReader(Uint8Array.of(16, 1, 1, 0x50, 0x7f)))).toThrow(/exceeds the bytes left/);
});

test('a TYPE SqlType carries its name', () => {
  const w = new ByteWriter();
  writeSqlType(w, structType('POINT'));
  expect(Buffer.from(w.finish()).toString('hex')).toBe('0d4005504f494e54');
  const t = readSqlType(new ByteReader(Uint8Array.of(0x0d, 0x40, 5, 0x50, 0x4f, 0x49, 0x4e, 0x54)));
  expect(t).toEqual({ kind: 'TYPE', name: 'POINT' });
});

test('order and comparison: by type name, then field by field; NULL fields make = unknown', () => {
  expect(compareValues(point(1, 2), point(1, 3))).toBe(-1);
  expect(compareValues(point(1, 2), point(1, 2))).toBe(0);
  expect(compareValues(point(9, 9), named(0, 0, 'a'))).toBe(1); // NAMED < POINT
  expect(compareValues(point(1, 2), 5)).toBe(1); // structured values sort after every other kind
  expect(sqlEquals(point(1, 2), point(1, 2))).toBe(true);
  expect(sqlEquals(point(1, null), point(1, 2))).toBe(null);
  expect(sqlEquals(point(1, 2), named(1, 2, 'a'))).toBe(false);
  expect(sqlCompare(point(1, 2), point(2, null))).toBe(-1);
  expect(() => sqlCompare(point(1, 2), 3)).toThrow(expect.objectContaining({ sqlState: SqlState.DatatypeMismatch }));
});

test('assignment: a value of the type or a subtype fits; anything else is 42804 (CAST: 42846)', () => {
  expect(assignValue(named(1, 2, 'a'), structType('POINT'), 'c')).toEqual(named(1, 2, 'a'));
  expect(() => assignValue(point(1, 2), structType('NAMED'), 'c')).toThrow(expect.objectContaining({ sqlState: SqlState.DatatypeMismatch }));
  expect(() => assignValue(5, structType('POINT'), 'c')).toThrow(expect.objectContaining({ sqlState: SqlState.DatatypeMismatch }));
  expect(() => assignValue(point(1, 2), INTEGER, 'c')).toThrow(expect.objectContaining({ sqlState: SqlState.DatatypeMismatch }));
  expect(() => castValue(point(1, 2), structType('SIZE'))).toThrow(expect.objectContaining({ sqlState: SqlState.CannotCoerce }));
  expect(typeOfValue(named(1, 2, 'a'))).toEqual(structType('NAMED'));
});
