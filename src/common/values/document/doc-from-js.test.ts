/**
 * src/common/values/document/doc-from-js.test.ts — JavaScript values from another realm (a `vm` context, as
 * Jest's test environment and `structuredClone` across contexts make them) are accepted as what they are —
 * plain objects as documents, Dates, RegExps and Uint8Arrays as those scalars — copied into this realm, and
 * class instances of another realm are still refused.
 */
import * as vm from 'vm';
import { SqlState } from '../../errors';
import { sqlStateOf } from '../../testing/sql-state-of';
import { docValueFromJs } from './doc-from-js';
import { isDoc } from './doc-value';

describe('values from another realm', () => {
  const foreign = vm.runInNewContext(
    "({ a: 1, s: 'x', d: new Date(86400000), r: /ab+c/gi, b: new Uint8Array([1, 2]), nested: { c: [1, { e: true }] }, bare: Object.create(null) })",
  ) as Record<string, unknown>;

  it('are not this realm\'s objects, yet a plain object is a document', () => {
    expect(Object.getPrototypeOf(foreign)).not.toBe(Object.prototype);
    expect(foreign['d'] instanceof Date).toBe(false);
    expect(isDoc(foreign)).toBe(true);
    expect(isDoc(foreign['nested'])).toBe(true);
    expect(isDoc(foreign['d'])).toBe(false);
    expect(isDoc(foreign['b'])).toBe(false);
    expect(isDoc([])).toBe(false);
  });

  it('are copied into this realm as documents and scalars', () => {
    const v = docValueFromJs(foreign, 'document') as Record<string, unknown>;
    // this realm's objects (a stored document is of a shape class, doc-shape.ts, whose chain ends in this realm's Object.prototype)
    expect(v).toBeInstanceOf(Object);
    expect(isDoc(v)).toBe(true);
    expect(v['a']).toBe(1);
    expect(v['s']).toBe('x');
    expect(v['d']).toBeInstanceOf(Date);
    expect((v['d'] as Date).getTime()).toBe(86400000);
    expect(v['r']).toBeInstanceOf(RegExp);
    expect(String(v['r'])).toBe('/ab+c/i');
    expect(v['b']).toBeInstanceOf(Uint8Array);
    expect([...(v['b'] as Uint8Array)]).toEqual([1, 2]);
    expect(v['nested']).toBeInstanceOf(Object);
    expect(v['nested']).toEqual({ c: [1, { e: true }] });
    expect(v['bare']).toEqual({});
  });

  it('refuse a class instance of another realm, as of this one', () => {
    const instance = vm.runInNewContext('new (class Point { constructor() { this.x = 1; } })()') as unknown;
    expect(sqlStateOf(() => docValueFromJs({ p: instance }, 'document'))).toBe(SqlState.RestrictedDataTypeViolation);
    class Local {
      x = 1;
    }
    expect(sqlStateOf(() => docValueFromJs({ p: new Local() }, 'document'))).toBe(SqlState.RestrictedDataTypeViolation);
  });
});
