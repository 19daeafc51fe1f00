/**
 * grammar/visitor/window.test.ts — window ASTs: OVER a name or a specification, PARTITION BY / ORDER BY, frames
 * with one or two bounds, WINDOW definitions, spans, and the non-reserved window keywords still usable as names;
 * an aggregate's FILTER, alone and before OVER, and FILTER as a name.
 */
import { parseStatement, type Expr, type SelectCore, type WindowCall, type WindowSpec } from '../index';
import { SqlError } from '../../src/common/errors';

function core(text: string): SelectCore {
  const s = parseStatement(text);
  if (s.kind !== 'Select' || s.query.body.kind !== 'SelectCore') throw new Error('not a select core');
  return s.query.body;
}

function item(text: string, i = 0): Expr {
  const it = core(text).items[i];
  if (it?.kind !== 'SelectExpr') throw new Error('no expression');
  return it.expr;
}

function windowCall(text: string): WindowCall {
  const e = item(text);
  if (e.kind !== 'WindowCall') throw new Error(`not a window call: ${e.kind}`);
  return e;
}

function spec(text: string): WindowSpec {
  const over = windowCall(text).over;
  if (typeof over === 'string') throw new Error('a window name');
  return over;
}

describe('FILTER', () => {
  test('is the call\'s condition, alone and before OVER; the window call spans both', () => {
    const plain = item('SELECT count(*) FILTER (WHERE x > 1) FROM t');
    expect(plain).toMatchObject({ kind: 'FunctionCall', name: 'COUNT', star: true, filter: { kind: 'Binary', op: '>' } });
    const sql = 'SELECT sum(x) FILTER (WHERE y) OVER (ORDER BY z) FROM t';
    const w = windowCall(sql);
    expect(w.call.filter).toMatchObject({ kind: 'ColumnRef', parts: ['Y'] });
    expect(sql.slice(w.call.position, w.call.end)).toBe('sum(x) FILTER (WHERE y)');
    expect(sql.slice(w.position, w.end)).toBe('sum(x) FILTER (WHERE y) OVER (ORDER BY z)');
  });

  test('is a name where no "(" follows it, and a call without one has no filter', () => {
    const c = core('SELECT count(*) filter, filter FROM t');
    expect(c.items[0]).toMatchObject({ kind: 'SelectExpr', alias: 'FILTER', expr: { kind: 'FunctionCall', name: 'COUNT' } });
    expect(c.items[1]).toMatchObject({ kind: 'SelectExpr', expr: { kind: 'ColumnRef', parts: ['FILTER'] } });
    expect('filter' in item('SELECT count(*) FROM t')).toBe(false);
  });

  test('needs WHERE, and takes no method call or ROW constructor', () => {
    for (const sql of ['SELECT count(*) FILTER (x > 1) FROM t', 'SELECT p.m() FILTER (WHERE TRUE) FROM t']) {
      expect(() => parseStatement(sql)).toThrow(SqlError);
    }
    expect(item('SELECT ROW(1, 2) FILTER (WHERE TRUE)')).toMatchObject({ kind: 'FunctionCall', name: 'ROW' });
  });
});

describe('window calls', () => {
  test('OVER a name keeps the folded name; the call keeps its own span', () => {
    const sql = 'SELECT rank() OVER w FROM t';
    const w = windowCall(sql);
    expect(w.over).toBe('W');
    expect(w.call.name).toBe('RANK');
    expect(sql.slice(w.call.position, w.call.end)).toBe('rank()');
    expect(sql.slice(w.position, w.end)).toBe('rank() OVER w');
  });

  test('a specification with partitions, order and no frame', () => {
    const s = spec('SELECT sum(x) OVER (PARTITION BY a, b ORDER BY c DESC NULLS LAST, d) FROM t');
    expect(s.base).toBeNull();
    expect(s.partitionBy.map((e) => (e.kind === 'ColumnRef' ? e.parts.join('.') : e.kind))).toEqual(['A', 'B']);
    expect(s.orderBy.map((o) => [o.descending, o.nulls])).toEqual([
      [true, 'LAST'],
      [false, null],
    ]);
    expect(s.frame).toBeNull();
  });

  test('an empty specification and one that refines a named window', () => {
    expect(spec('SELECT count(*) OVER () FROM t')).toMatchObject({ base: null, partitionBy: [], orderBy: [], frame: null });
    expect(spec('SELECT count(*) OVER (w ORDER BY x) FROM t')).toMatchObject({ base: 'W', partitionBy: [] });
    expect(spec('SELECT count(*) OVER (w) FROM t').base).toBe('W');
  });

  test('frames: one bound leaves the end null; BETWEEN gives both; offsets are expressions', () => {
    const one = spec('SELECT sum(x) OVER (ORDER BY a ROWS 2 PRECEDING) FROM t').frame!;
    expect(one.unit).toBe('ROWS');
    expect(one.from).toMatchObject({ bound: 'PRECEDING', offset: { kind: 'Literal' } });
    expect(one.to).toBeNull();
    const two = spec('SELECT sum(x) OVER (ORDER BY a GROUPS BETWEEN UNBOUNDED PRECEDING AND 1 + 1 FOLLOWING) FROM t').frame!;
    expect(two.unit).toBe('GROUPS');
    expect(two.from).toMatchObject({ bound: 'UNBOUNDED PRECEDING', offset: null });
    expect(two.to).toMatchObject({ bound: 'FOLLOWING', offset: { kind: 'Binary', op: '+' } });
    const range = spec('SELECT sum(x) OVER (ORDER BY a RANGE BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) FROM t').frame!;
    expect([range.unit, range.from.bound, range.to!.bound]).toEqual(['RANGE', 'CURRENT ROW', 'UNBOUNDED FOLLOWING']);
  });

  test('a window call inside an expression and in ORDER BY', () => {
    const e = item('SELECT 1 + row_number() OVER (ORDER BY a) FROM t');
    expect(e).toMatchObject({ kind: 'Binary', right: { kind: 'WindowCall' } });
    const s = parseStatement('SELECT a FROM t ORDER BY rank() OVER (ORDER BY a) DESC');
    expect(s.kind === 'Select' && s.query.orderBy[0]!.expr.kind).toBe('WindowCall');
  });

  test('the WINDOW clause lists definitions in order', () => {
    const c = core('SELECT a FROM t WHERE a > 0 GROUP BY a HAVING count(*) > 1 WINDOW w AS (PARTITION BY a), v AS (w ORDER BY a)');
    expect(c.windows.map((d) => [d.name, d.spec.base])).toEqual([
      ['W', null],
      ['V', 'W'],
    ]);
    expect(core('SELECT a FROM t').windows).toEqual([]);
  });

  test('PARTITION, RANGE, ROWS, GROUPS, CURRENT, UNBOUNDED, PRECEDING, FOLLOWING stay usable as names', () => {
    const c = core('SELECT range, rows, groups, partition, current, unbounded, preceding, following FROM t');
    expect(c.items).toHaveLength(8);
    expect(spec('SELECT sum(range) OVER (PARTITION BY partition ORDER BY rows ROWS CURRENT ROW) FROM t').frame!.from.bound).toBe('CURRENT ROW');
    expect(spec('SELECT sum(x) OVER (rows ORDER BY a) FROM t').base).toBe('ROWS');
  });

  test('OVER and WINDOW are reserved; a frame needs a bound', () => {
    expect(() => parseStatement('SELECT a over FROM t')).toThrow(SqlError);
    expect(() => parseStatement('SELECT sum(a) OVER (ORDER BY a ROWS BETWEEN 1 PRECEDING) FROM t')).toThrow(SqlError);
    expect(() => parseStatement('SELECT sum(a) OVER (ORDER BY a ROWS) FROM t')).toThrow(SqlError);
  });
});
