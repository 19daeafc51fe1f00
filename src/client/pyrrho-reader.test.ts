/** src/client/pyrrho-reader.test.ts — the driver's reader over an embedded database: names, kinds, full declared types, values. */
import { Decimal } from '../common/values/value';
import { PyrrhoConnect } from './pyrrho-connect';

describe('PyrrhoReader', () => {
  let conn: PyrrhoConnect;
  beforeEach(async () => {
    conn = new PyrrhoConnect('Files=:memory:');
    await conn.open();
    await conn.createCommand('create table item (id int(11) primary key, name varchar(20), price numeric(6,2))').executeNonQuery();
    await conn.createCommand("insert into item values (1, 'pen', 0.5)").executeNonQuery();
  });
  afterEach(async () => conn.close());

  it('gives each column its kind (getFieldType) and its full declared type (getDataTypeName)', async () => {
    const r = await conn.createCommand('select id, name, price, price * 2 as twice, sum(price) over_all from item group by id, name, price').executeReader();
    expect(r.fieldCount).toBe(5);
    expect([0, 1, 2, 3, 4].map((i) => r.getFieldType(i))).toEqual(['INTEGER', 'CHAR', 'NUMERIC', 'NUMERIC', 'NUMERIC']);
    expect([0, 1, 2, 3, 4].map((i) => r.getDataTypeName(i))).toEqual([
      'INTEGER',
      'VARCHAR(20)',
      'NUMERIC(6,2)',
      'NUMERIC(1000,2)',
      'NUMERIC(1000,2)',
    ]);
    expect(await r.read()).toBe(true);
    expect(r.getValue(2)).toBeInstanceOf(Decimal);
    expect(String(r.getValue(2))).toBe('0.5');
    expect(() => r.getDataTypeName(5)).toThrow(expect.objectContaining({ sqlState: '22023' }));
  });

  it('reports computed types: NUMERIC(p,s) arithmetic, CAST, and the kind where nothing more is known', async () => {
    const r = await conn.createCommand("select price + price, cast(name as char(3)), 1.5, 'x', null from item").executeReader();
    expect([0, 1, 2, 3, 4].map((i) => r.getDataTypeName(i))).toEqual(['NUMERIC(7,2)', 'CHAR(3)', 'NUMERIC', 'VARCHAR', 'NULL']);
  });
});
