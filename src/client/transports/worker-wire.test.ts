/** src/client/transports/worker-wire.test.ts — the encodings that cross the worker boundary: every value kind, parameters, errors. */
import { ObjectId } from 'bson';
import { InternalError, SqlError, SqlState, TransactionConflict } from '../../common/errors';
import { Interval } from '../../common/values/interval';
import { Decimal, ExactDecimal } from '../../common/values/value';
import { decodeParams, decodeRows, encodeParams, encodeRows, errorFromWire, errorToWire } from './worker-wire';

/** Every kind of value a result can hold, including document scalars returned at the top level. */
function everyKind(): unknown[] {
  return [
    null,
    true,
    false,
    42,
    -7,
    2n ** 80n,
    -(2n ** 70n),
    1.25,
    -0,
    Number.NaN,
    Infinity,
    new ExactDecimal('12345678901234567890.000000000123'),
    new ExactDecimal('-0.5'),
    'text, with ünïcödé 🙂',
    '',
    new Date(Date.UTC(2024, 1, 29)),
    new Date(Date.UTC(2024, 1, 29, 10, 11, 12, 345)),
    new Uint8Array([0, 1, 254, 255]),
    new Interval(14, 0),
    new Interval(0, -90_061_001),
    { _id: new ObjectId('65f0a0a0a0a0a0a0a0a0a0a0'), n: new ExactDecimal('1.50'), nested: { a: [1, 'x', null] }, at: new Date(0) },
    [1, { b: 2 }, 'c'],
    new ObjectId('65f0a0a0a0a0a0a0a0a0a0a1'),
    /ab+c/i,
  ];
}

describe('rows', () => {
  it('come back as the same kinds of values, equal', () => {
    const row = everyKind();
    const [back] = decodeRows(encodeRows([row, []]));
    expect(back).toHaveLength(row.length);
    row.forEach((v, i) => {
      const w = back![i];
      if (v !== null && typeof v === 'object') expect(Object.getPrototypeOf(w)).toBe(Object.getPrototypeOf(v));
      else expect(typeof w).toBe(typeof v);
      expect(w).toEqual(v);
    });
    expect(Object.is(back![8], -0)).toBe(true);
    expect(String(back![11])).toBe('12345678901234567890.000000000123');
    expect((back![20] as { _id: unknown })._id).toBeInstanceOf(ObjectId);
    expect(decodeRows(encodeRows([row, []]))[1]).toEqual([]);
  });

  it('an empty result is no rows', () => {
    expect(decodeRows(encodeRows([]))).toEqual([]);
  });
});

describe('parameters', () => {
  it('positional and named keep every kind; none is null', () => {
    const values = everyKind().filter((v) => !(typeof v === 'number' && !Number.isFinite(v)));
    const back = decodeParams(encodeParams(values)) as unknown[];
    expect(back).toEqual(values.map((v) => (Object.is(v, -0) ? 0 : v)));
    expect(back[5]).toBe(2n ** 80n);
    const named = decodeParams(encodeParams({ '@a': new ExactDecimal('0.1'), b: new Date(5) })) as Record<string, unknown>;
    expect(named).toEqual({ '@a': new ExactDecimal('0.1'), b: new Date(5) });
    // a key named __proto__ stays a field and never becomes the object's prototype
    const proto = decodeParams(encodeParams(JSON.parse('{"__proto__": {"x": 1}}') as Record<string, unknown>)) as object;
    expect(Object.getPrototypeOf(proto)).toBe(Object.prototype);
    expect(Object.keys(proto)).toEqual(['__proto__']);
    expect(encodeParams(undefined)).toBeNull();
    expect(decodeParams(null)).toBeUndefined();
  });

  it('a Decimal of another decimal.js copy becomes the engine\'s exact Decimal', () => {
    const back = decodeParams(encodeParams([new Decimal('3.14159265358979323846264338327950288')])) as unknown[];
    expect(Decimal.isDecimal(back[0])).toBe(true);
    expect(String(back[0])).toBe('3.14159265358979323846264338327950288');
  });

  it('a value the engine refuses is 07006 with the name the engine would give it', () => {
    expect(() => encodeParams([1, () => 1])).toThrow(expect.objectContaining({ sqlState: '07006', message: expect.stringContaining('parameter 2') }));
    expect(() => encodeParams({ a: Number.NaN })).toThrow(expect.objectContaining({ sqlState: '07006', message: expect.stringContaining('@A') }));
    expect(() => encodeParams([undefined])).toThrow(expect.objectContaining({ sqlState: '07006' }));
  });
});

describe('errors', () => {
  it('keep their class, SQLSTATE, message, detail, hint and position', () => {
    const e = SqlError.of(SqlState.UniqueViolation, ['t_pk'], { detail: 'key (1)', hint: 'use another key', position: 17 });
    const back = errorFromWire(errorToWire(e));
    expect(back).toBeInstanceOf(SqlError);
    expect(back).not.toBeInstanceOf(TransactionConflict);
    expect(back).toMatchObject({ sqlState: '23505', message: e.message, detail: 'key (1)', hint: 'use another key', position: 17, name: 'SqlError' });

    const c = errorFromWire(errorToWire(SqlError.of(SqlState.TransactionConflict, ['table t'], { detail: 'read t' })));
    expect(c).toBeInstanceOf(TransactionConflict);
    expect(c).toMatchObject({ sqlState: '40001', detail: 'read t' });

    const i = errorFromWire(errorToWire(new InternalError('broken', { hint: 'h' })));
    expect(i).toBeInstanceOf(InternalError);
    expect(i.message).toBe('internal error: broken');
    expect(i.hint).toBe('h');

    const plain = errorFromWire(errorToWire(SqlError.of(SqlState.SyntaxError, ['x'])));
    expect([plain.detail, plain.hint, plain.position]).toEqual([undefined, undefined, undefined]);
  });

  it('anything else thrown crosses as an InternalError', () => {
    const back = errorFromWire(errorToWire(new TypeError('oops')));
    expect(back).toBeInstanceOf(InternalError);
    expect(back.message).toContain('oops');
  });
});
