/**
 * grammar/visitor/psm.test.ts — the AST of SQL/PSM bodies and routine statements: labels, declarations,
 * handlers, control statements, SELECT … INTO only in bodies, parameter modes, RETURNS TABLE, DROP lists.
 */
import { parseStatement } from '../parse';
import type { CreateRoutine, PsmCompound } from '../ast/psm';
import { SqlError } from '../../src/common/errors';

function routine(sql: string): CreateRoutine {
  const s = parseStatement(sql);
  if (s.kind !== 'CreateRoutine') throw new Error(s.kind);
  return s;
}

function code(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return (e as SqlError).sqlState;
  }
  return 'ok';
}

test('a labelled block with declarations, a handler and statements', () => {
  const r = routine(`CREATE FUNCTION f(a INT, b CHAR) RETURNS INT
    l1: BEGIN ATOMIC
      DECLARE x, y INT DEFAULT 0;
      DECLARE c CURSOR FOR SELECT a FROM t;
      DECLARE e CONDITION FOR SQLSTATE '22012';
      DECLARE CONTINUE HANDLER FOR SQLSTATE '02000', NOT FOUND, e SET x = 1;
      SELECT a, b INTO x, f.y FROM t WHERE a = 1;
      WHILE x < 3 DO SET x = x + 1; END WHILE;
      RETURN x
    END l1`);
  expect(r.params.map((p) => [p.mode, p.name])).toEqual([['IN', 'A'], ['IN', 'B']]);
  const body = r.body as PsmCompound;
  expect(body.kind).toBe('PsmCompound');
  expect(body.label).toBe('L1');
  expect(body.atomic).toBe(true);
  expect(body.body.map((s) => s.kind)).toEqual([
    'PsmDeclareVariable',
    'PsmDeclareCursor',
    'PsmDeclareCondition',
    'PsmDeclareHandler',
    'PsmSelectInto',
    'PsmWhile',
    'PsmReturn',
  ]);
  const into = body.body[4]!;
  expect(into.kind === 'PsmSelectInto' && into.targets.map((t) => t.parts)).toEqual([['X'], ['F', 'Y']]);
  const h = body.body[3]!;
  expect(h.kind === 'PsmDeclareHandler' && h.conditions.map((c) => c.kind)).toEqual(['SqlState', 'NotFound', 'ConditionName']);
});

test('procedures: parameter modes, a parameter named OUT, CALL, IF / CASE / REPEAT / LOOP / FOR, SIGNAL', () => {
  const r = routine(`CREATE PROCEDURE p(IN a INT, OUT b INT, INOUT c CHAR(5), out INT) BEGIN
    IF a > 0 THEN SET b = 1; ELSEIF a < 0 THEN SET b = -1; ELSE SET b = 0; END IF;
    CASE a WHEN 1 THEN CALL q(a, b); ELSE BEGIN END; END CASE;
    REPEAT SET a = a - 1; UNTIL a < 0 END REPEAT;
    x: LOOP LEAVE x; END LOOP;
    FOR r AS SELECT 1 AS one DO ITERATE x; END FOR;
    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'no';
    FETCH NEXT FROM c INTO a; OPEN c; CLOSE c
  END`);
  expect(r.params.map((p) => [p.mode, p.name])).toEqual([['IN', 'A'], ['OUT', 'B'], ['INOUT', 'C'], ['IN', 'OUT']]);
  expect((r.body as PsmCompound).body.map((s) => s.kind)).toEqual([
    'PsmIf', 'PsmCase', 'PsmRepeat', 'PsmLoop', 'PsmFor', 'PsmSignal', 'PsmFetch', 'PsmOpen', 'PsmClose',
  ]);
});

test('RETURNS TABLE, RETURN TABLE, TABLE(f()) in FROM, DROP with a type list, CALL at the top level', () => {
  const r = routine('CREATE FUNCTION f(a CHAR) RETURNS TABLE (t CHAR, n INT) RETURN TABLE (SELECT t, n FROM x)');
  expect(r.returns?.kind).toBe('ReturnsTable');
  expect(r.body.kind === 'PsmReturn' && r.body.table !== null).toBe(true);
  const s = parseStatement("SELECT * FROM TABLE(f('a')) AS z");
  expect(s.kind === 'Select' && s.query.body.kind === 'SelectCore' && s.query.body.from[0]!.kind).toBe('TableFunctionRef');
  const d = parseStatement('DROP FUNCTION f(INT, CHAR) CASCADE');
  expect(d.kind === 'DropRoutine' && [d.paramTypes?.length, d.cascade]).toEqual([2, true]);
  expect(parseStatement('CALL p(1, ?)').kind).toBe('Call');
});

test('syntax errors: INTO outside a body, a mismatched END label, a label on a plain statement, a bad SQLSTATE', () => {
  expect(code(() => parseStatement('SELECT 1 INTO x'))).toBe('42601');
  expect(code(() => routine('CREATE PROCEDURE p() a: BEGIN END b'))).toBe('42601');
  expect(code(() => routine('CREATE PROCEDURE p() a: SET x = 1'))).toBe('42601');
  expect(code(() => routine("CREATE PROCEDURE p() SIGNAL SQLSTATE 'abc'"))).toBe('42601');
  expect(code(() => parseStatement('BEGIN DECLARE x INT; END'))).toBe('42601');
});

test("Pyrrho's assignment without SET is a PsmSet of one target; a parenthesised target list still needs SET", () => {
  const body = routine('CREATE FUNCTION f(a INT) RETURNS INT BEGIN DECLARE x INT; x = a + 1; new.c = x; RETURN x END').body as PsmCompound;
  const [, s1, s2] = body.body;
  expect(s1!.kind === 'PsmSet' && [s1.targets.map((t) => t.parts), s1.multiple]).toEqual([[['X']], false]);
  expect(s2!.kind === 'PsmSet' && s2.targets.map((t) => t.parts)).toEqual([['NEW', 'C']]);
  expect(code(() => routine('CREATE FUNCTION f() RETURNS INT BEGIN (a, b) = (1, 2); RETURN 1 END'))).toBe('42601');
  expect(code(() => parseStatement('x = 1'))).toBe('42601');
});
