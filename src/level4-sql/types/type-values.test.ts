/**
 * src/level4-sql/types/type-values.test.ts — structured values as users receive them: the embedded API, the
 * driver (kind TYPE, declared type = the type's name, a StructValue), pyrrhocmd's cell text, the worker transport's
 * wire, and a StructValue given back as a parameter.
 */
import { renderCell } from '../../cli/table-format';
import { PyrrhoConnect } from '../../client/pyrrho-connect';
import { decodeRows, encodeRows } from '../../client/transports/worker-wire';
import { StructValue } from '../../common/values/struct-value';
import { Database } from '../../database';

const SETUP = [
  'create type point as (x int, y int)',
  'create type named under point as (label char)',
  'create table pts (id int primary key, p point)',
  "insert into pts values (1, point(2, 4)), (2, named(1, 1, 'one'))",
];

test('the embedded API hands out StructValues; the result names the kind TYPE and the declared type', () => {
  const db = Database.open(':memory:');
  for (const s of SETUP) db.execute(s);
  const r = db.execute('select p, p.x, specifictype(p) from pts order by id');
  expect(r.types).toEqual(['TYPE', 'INTEGER', 'CHAR']);
  expect(r.declaredTypes[0]).toBe('POINT');
  const v = r.rows[0]![0] as StructValue;
  expect(v).toBeInstanceOf(StructValue);
  expect([v.typeName, v.names, v.values, v.field('Y')]).toEqual(['POINT', ['X', 'Y'], [2, 4], 4]);
  expect(String(v)).toBe('POINT(X=2,Y=4)');
  expect(Object.isFrozen(v)).toBe(true);
  expect(String(r.rows[1]![0])).toBe('NAMED(X=1,Y=1,LABEL=one)');
  expect((r.rows[1]![0] as StructValue).types).toEqual(['NAMED', 'POINT']);
  // a value handed back as a parameter is stored as it is
  db.execute('insert into pts values (3, ?)', [v]);
  expect(String(db.execute('select p from pts where id = 3').rows[0]![0])).toBe('POINT(X=2,Y=4)');
  expect(db.execute('select id from pts where p = ? order by id', [v]).rows).toEqual([[1], [3]]);
  db.close();
});

test('the driver and pyrrhocmd print Pyrrho\'s text; the worker wire keeps the value', async () => {
  const conn = new PyrrhoConnect('Files=:memory:');
  await conn.open();
  for (const s of SETUP) await conn.createCommand(s).executeNonQuery();
  const r = await conn.createCommand('select p from pts order by id').executeReader();
  expect([r.getFieldType(0), r.getDataTypeName(0)]).toEqual(['TYPE', 'POINT']);
  expect(await r.read()).toBe(true);
  const v = r.getValue(0) as StructValue;
  expect(v).toBeInstanceOf(StructValue);
  expect(renderCell(v, 'TYPE', 'POINT')).toBe('POINT(X=2,Y=4)');
  await conn.close();
  const back = decodeRows(encodeRows([[v, null]]));
  expect(back[0]![0]).toBeInstanceOf(StructValue);
  expect(back).toEqual([[v, null]]);
});

test('a field the type lacks is 42703 at the position of the access, whether on a column or on any expression', () => {
  const db = Database.open(':memory:');
  for (const s of SETUP) db.execute(s);
  for (const [sql, at] of [
    ['select p.z from pts', 'p.z'],
    ['select point(1, 2).z', 'point(1, 2).z'],
  ] as const) {
    let error: unknown;
    try {
      db.execute(sql);
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ sqlState: '42703', position: sql.indexOf(at) });
  }
});
