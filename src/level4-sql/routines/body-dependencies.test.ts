/**
 * src/level4-sql/routines/body-dependencies.test.ts — what a body depends on: tables and views read and
 * changed (everywhere a body can name them), routines called, types constructed or declared; unknown tables
 * refused or left to run time; names in `skip` ignored.
 */
import { MemoryStore } from '../../level1-datafile/memory-store';
import { DatabaseFile } from '../../level3-objects/database-file';
import type { DatabaseState } from '../../level3-objects/database-state';
import { INTEGER } from '../../common/values/sql-type';
import { parseStatement, type QueryExpression } from '../parse';
import { createTable } from '../plan/test-support';
import { bodyDependencies, queryTypeDependencies } from './body-dependencies';

let state: DatabaseState;
const pos: Record<string, number> = {};

beforeAll(() => {
  const tx = DatabaseFile.open(new MemoryStore()).begin();
  for (const name of ['A', 'B', 'C', 'D', 'E']) pos[name] = createTable(tx, name, [['X']]);
  pos.POINT = tx.createType({ name: 'POINT', under: -1, fields: [{ name: 'X', dataType: INTEGER }], sql: '', uses: [] });
  pos.TAG = tx.createType({ name: 'TAG', under: -1, fields: [{ name: 'X', dataType: INTEGER }], sql: '', uses: [] });
  pos.G = tx.createRoutine({ name: 'G', isFunction: true, arity: 1, sql: 'CREATE FUNCTION g(x INT) RETURNS INT RETURN x', uses: [] });
  // a stored function named as a type: tag(x) calls it, and does not construct a TAG
  tx.createRoutine({ name: 'TAG', isFunction: true, arity: 1, sql: 'CREATE FUNCTION tag(x INT) RETURNS INT RETURN x', uses: [] });
  state = tx.state;
});

function body(sql: string) {
  const s = parseStatement(sql);
  if (s.kind !== 'CreateRoutine') throw new Error(s.kind);
  return s.body;
}

const sorted = (xs: number[]): number[] => [...xs].sort((x, y) => x - y);

test("a table-valued function's RETURN TABLE query", () => {
  const b = body('CREATE FUNCTION f() RETURNS TABLE (x INT) RETURN TABLE (SELECT x FROM b)');
  expect(bodyDependencies(b, null, state, { strict: false })).toEqual([pos.B]);
});

test('tables read and changed everywhere a body can name them, routines called, types constructed or declared', () => {
  const b = body(`CREATE PROCEDURE p() BEGIN
    DECLARE t TAG;
    DECLARE c CURSOR FOR SELECT x FROM a;
    IF (SELECT count(*) FROM b) > 0 THEN INSERT INTO c SELECT g(x) FROM d; END IF;
    FOR r AS SELECT x FROM a DO UPDATE e SET x = point(1).x; END FOR;
  END`);
  expect(sorted(bodyDependencies(b, null, state, { strict: true }))).toEqual(
    sorted([pos.A!, pos.B!, pos.C!, pos.D!, pos.E!, pos.G!, pos.POINT!, pos.TAG!]),
  );
});

test('an unknown table is 42P01 when strict and left to run time otherwise; skipped names are no tables', () => {
  const b = body('CREATE PROCEDURE p() BEGIN CREATE TABLE n (x INT); INSERT INTO n SELECT x FROM a; DELETE FROM nt; END');
  expect(() => bodyDependencies(b, null, state, { strict: true })).toThrow(expect.objectContaining({ sqlState: '42P01' }));
  expect(bodyDependencies(b, null, state, { strict: false })).toEqual([pos.A]);
  const t = body('CREATE PROCEDURE p() BEGIN DELETE FROM nt; INSERT INTO a SELECT x FROM nt; END');
  expect(bodyDependencies(t, null, state, { strict: true, skip: new Set(['NT']) })).toEqual([pos.A]);
});

test("a view's query depends on the types it constructs, not on a stored function of the same name", () => {
  const s = parseStatement('SELECT point(1).x, tag(2), g(3) FROM a');
  if (s.kind !== 'Select') throw new Error(s.kind);
  const q: QueryExpression = s.query;
  expect(queryTypeDependencies(q, state)).toEqual([pos.POINT]);
});
