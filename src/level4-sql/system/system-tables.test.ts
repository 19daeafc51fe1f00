/**
 * src/level4-sql/system/system-tables.test.ts — system tables through the public API: a prepared query over one
 * sees the catalog as it is at each execution, an in-memory database has no log to read, and every table
 * the module lists answers `select *` with its declared columns.
 */
import { Database, SqlError } from '../../index';
import { systemTables } from './system-tables';

test('a prepared query over Sys$Table sees the catalog of each execution, not the one it was planned against', () => {
  const db = Database.open(':memory:');
  const q = db.prepare('select name from sys$table order by pos');
  expect(q.execute([]).rows).toEqual([]);
  db.execute('create table a (x integer)');
  db.execute('create table b (y integer primary key)');
  expect(q.execute([]).rows).toEqual([['A'], ['B']]);
  db.execute('drop table a');
  expect(q.execute([]).rows).toEqual([['B']]);
  db.close();
});

test('Log$ of an in-memory database is 0A000: it keeps no log', () => {
  const db = Database.open(':memory:');
  db.execute('create table a (x integer)');
  let err: unknown = null;
  try {
    db.execute('select * from log$');
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(SqlError);
  expect((err as SqlError).sqlState).toBe('0A000');
  db.close();
});

test('every system table answers select * with its declared columns and types', () => {
  const db = Database.open(':memory:');
  db.execute('create table a (x integer primary key, y varchar(3))');
  db.execute("create user u password 'p'; create role r; grant select on a to r"); // Sys$User, Sys$Role, Sys$Privilege
  db.execute('create function f(n integer) returns integer return n'); // Role$Procedure
  db.execute('create trigger t after insert on a for each row delete from a where x < 0'); // Role$Trigger
  db.execute('create type p as (x integer) method m() returns integer'); // Role$Type, Role$Method
  db.execute('create view v as select x from a'); // information_schema.views
  for (const t of systemTables()) {
    if (t.name === 'Log$') continue; // needs a file (above)
    const r = db.execute(`select * from "${t.name}"`);
    expect(r.columns).toEqual(t.columns);
    expect(r.types).toEqual(t.types.map((ty) => ty.kind));
    expect(r.rows.length).toBeGreaterThan(0);
  }
  db.close();
});
