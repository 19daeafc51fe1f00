/**
 * src/level4-sql/routines/routine-body.test.ts — the interpreter's API as the triggers and types code uses it:
 * parameters and row variables in slots, bare and qualified column names, assignment to NEW, flow, handlers,
 * the depth limit.
 */
import { SqlError, SqlState } from '../../common/errors';
import { CHAR, INTEGER } from '../../common/values/sql-type';
import { MemoryStore } from '../../level1-datafile/memory-store';
import { DatabaseFile } from '../../level3-objects/database-file';
import type { Transaction } from '../../level3-objects/transaction';
import { ExecContext } from '../context';
import { parseStatement, type PsmStatement } from '../parse';
import { createTable, insertRows } from '../plan/test-support';
import { compileRoutineBody, MAX_ROUTINE_DEPTH, type BodySpec } from './routine-body';

let tx: Transaction;
beforeEach(() => {
  const db = DatabaseFile.open(new MemoryStore());
  tx = db.begin();
  const t = createTable(tx, 'T', [['A', INTEGER], ['B', CHAR]], ['A']);
  insertRows(tx, t, [[1, 'x'], [2, 'y']]);
});

/** The body of `CREATE PROCEDURE P() <text>`, with the text its offsets refer to. */
function body(text: string): { body: PsmStatement; sql: string } {
  const sql = `CREATE PROCEDURE P() ${text}`;
  const s = parseStatement(sql);
  if (s.kind !== 'CreateRoutine') throw new Error('not a routine');
  return { body: s.body, sql };
}

function spec(sql: string, extra: Partial<BodySpec> = {}): BodySpec {
  return { sql, name: 'P', params: [], returns: 'none', what: 'test body', ...extra };
}

test('parameters and OUT values live in the frame slots given', () => {
  const b = body('BEGIN DECLARE t INT DEFAULT 10; SET y = x + t; END');
  const rb = compileRoutineBody(b.body, spec(b.sql, { params: [{ name: 'X', type: INTEGER }, { name: 'Y', type: INTEGER }] }), tx.state);
  const f = rb.newFrame();
  f.values[0] = 5;
  rb.run(new ExecContext(tx), f);
  expect(f.values[1]).toBe(15);
});

test('a row variable: bare and qualified names, assignment when assignable (a BEFORE trigger NEW)', () => {
  const b = body("BEGIN SET c = b || '!'; SET new.a = old.a + 100; END");
  const rows = [
    { name: 'OLD', columns: ['A', 'B', 'C'], types: [INTEGER, CHAR, CHAR] },
    { name: 'NEW', columns: ['A', 'B', 'C'], types: [INTEGER, CHAR, CHAR], bare: true, assignable: true },
  ];
  const rb = compileRoutineBody(b.body, spec(b.sql, { rows }), tx.state);
  const f = rb.newFrame();
  f.rows[0] = [1, 'old', null];
  f.rows[1] = [2, 'new', null];
  rb.run(new ExecContext(tx), f);
  expect(f.rows[1]).toEqual([101, 'new', 'new!']);
  expect(f.rows[0]).toEqual([1, 'old', null]);
});

test('a read-only row variable cannot be assigned (42809)', () => {
  const b = body('SET old.a = 1');
  const rows = [{ name: 'OLD', columns: ['A'], types: [INTEGER] }];
  expect(() => compileRoutineBody(b.body, spec(b.sql, { rows }), tx.state)).toThrow(expect.objectContaining({ sqlState: SqlState.WrongObjectType }));
});

test('variables are visible to embedded SQL, whose columns come first', () => {
  const b = body("BEGIN DECLARE a INT DEFAULT 2; SELECT b INTO r FROM t WHERE t.a = a; END");
  // `a` in WHERE t.a = a is the column (columns first), so the query finds two rows: 21000
  const rb = compileRoutineBody(b.body, spec(b.sql, { params: [{ name: 'R', type: CHAR }] }), tx.state);
  expect(() => rb.run(new ExecContext(tx), rb.newFrame())).toThrow(expect.objectContaining({ sqlState: SqlState.CardinalityViolation }));
  const b2 = body("BEGIN DECLARE k INT DEFAULT 2; SELECT b INTO r FROM t WHERE a = k; END");
  const rb2 = compileRoutineBody(b2.body, spec(b2.sql, { params: [{ name: 'R', type: CHAR }] }), tx.state);
  const f = rb2.newFrame();
  rb2.run(new ExecContext(tx), f);
  expect(f.values[0]).toBe('y');
});

test('loops, labels, LEAVE and ITERATE', () => {
  const b = body(`BEGIN DECLARE i INT DEFAULT 0;
    l: LOOP SET i = i + 1; IF i < 5 THEN ITERATE l; END IF; LEAVE l; END LOOP l;
    WHILE i < 8 DO SET i = i + 1; END WHILE;
    REPEAT SET i = i + 10; UNTIL i > 30 END REPEAT;
    SET r = i; END`);
  const rb = compileRoutineBody(b.body, spec(b.sql, { params: [{ name: 'R', type: INTEGER }] }), tx.state);
  const f = rb.newFrame();
  rb.run(new ExecContext(tx), f);
  expect(f.values[0]).toBe(38);
});

test('handlers: CONTINUE goes on, EXIT leaves the block, unhandled conditions propagate', () => {
  const b = body(`BEGIN
    BEGIN DECLARE CONTINUE HANDLER FOR SQLSTATE '22012' SET r = r + 1; SET r = 1 / 0; SET r = r + 10; END;
    BEGIN DECLARE EXIT HANDLER FOR SQLEXCEPTION SET r = r + 100; SIGNAL SQLSTATE '45000'; SET r = 0; END;
    SET r = r + 1000; END`);
  const rb = compileRoutineBody(b.body, spec(b.sql, { params: [{ name: 'R', type: INTEGER }] }), tx.state);
  const f = rb.newFrame();
  f.values[0] = 0;
  rb.run(new ExecContext(tx), f);
  expect(f.values[0]).toBe(1111);
  const u = body("SIGNAL SQLSTATE '45002' SET MESSAGE_TEXT = 'nope'");
  const ru = compileRoutineBody(u.body, spec(u.sql), tx.state);
  let err: unknown;
  try {
    ru.run(new ExecContext(tx), ru.newFrame());
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(SqlError);
  expect((err as SqlError).sqlState).toBe('45002');
  expect((err as SqlError).message).toBe('nope');
});

test('a handled failed statement is undone; the rest of the body stays', () => {
  const b = body(`BEGIN DECLARE CONTINUE HANDLER FOR SQLEXCEPTION BEGIN END;
    INSERT INTO t VALUES (3, 'a'); INSERT INTO t VALUES (4, 'b'), (1, 'dup'); END`);
  const rb = compileRoutineBody(b.body, spec(b.sql), tx.state);
  rb.run(new ExecContext(tx), rb.newFrame());
  const ctx = new ExecContext(tx);
  const check = body('SELECT count(*) INTO n FROM t');
  const rc = compileRoutineBody(check.body, spec(check.sql, { params: [{ name: 'N', type: INTEGER }] }), tx.state);
  const f = rc.newFrame();
  rc.run(ctx, f);
  expect(f.values[0]).toBe(3);
});

test('the depth limit is 54001 before the body runs', () => {
  const b = body('SET r = 1');
  const rb = compileRoutineBody(b.body, spec(b.sql, { params: [{ name: 'R', type: INTEGER }] }), tx.state);
  const ctx = new ExecContext(tx);
  ctx.depth = MAX_ROUTINE_DEPTH;
  expect(() => rb.run(ctx, rb.newFrame())).toThrow(expect.objectContaining({ sqlState: SqlState.StatementTooComplex }));
});
