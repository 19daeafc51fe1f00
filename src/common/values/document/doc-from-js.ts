/**
 * src/common/values/document/doc-from-js.ts — a document (or array) handed in from JavaScript, as a `DocValue`.
 *
 * 1. The result is a deep copy: a caller who changes the object afterwards never changes what was stored
 *    or the template a statement compiled.
 * 2. Values become the engine's representation: bigints within ±2^53 become numbers, Decimals (from any copy
 *    of decimal.js) `ExactDecimal`, Buffers plain `Uint8Array`s; ObjectId (`bson`), Date, RegExp are kept
 *    (Dates copied). A field whose value is `undefined` is left out, as JSON.stringify and the MongoDB driver
 *    (`ignoreUndefined`) do; `undefined` inside an array is an error, like every other value JSON has no
 *    spelling for: functions, symbols, NaN, ±Infinity, invalid Dates and class instances (07006).
 * 3. Depth is checked while copying (54000 past MAX_DOC_DEPTH), with an explicit stack, so a cyclic or very
 *    deep object is an error and never a stack overflow.
 */
import { ObjectId } from 'bson';
import { SqlError, SqlState } from '../../errors';
import { Decimal, ExactDecimal, normaliseInteger } from '../value';
import { MAX_DOC_DEPTH } from './doc-limits';
import { isPlainPrototype, type Doc, type DocArray, type DocValue } from './doc-value';

/** A regex as it is stored: BSON keeps the flags i, m, s and u; g, y and d only matter to a JS caller's
 *  iteration state, so they are dropped here, where the value enters, and the value stored equals it. */
export function storedRegExp(source: string, flags: string): RegExp {
  return new RegExp(source, flags.replace(/[gyd]/g, ''));
}

function unsupported(what: string, kind: string): SqlError {
  return SqlError.of(SqlState.RestrictedDataTypeViolation, [what, kind]);
}

function isPlain(v: object): boolean {
  return isPlainPrototype(Object.getPrototypeOf(v));
}

/** The built-in class of `v` as `Object.prototype.toString` names it: a Date, RegExp or Uint8Array of another
 *  realm (a vm context, Jest's environment) is not an instance of this realm's class but has its tag. */
function tagOf(v: object): string {
  return Object.prototype.toString.call(v);
}

/** A scalar (non-container) value, or `undefined` when `v` is a container to be copied by the caller. */
function scalarFromJs(v: unknown, what: string): DocValue | undefined {
  switch (typeof v) {
    case 'number':
      if (v - v !== 0) throw unsupported(what, `${v} (numbers must be finite)`);
      return v === 0 ? 0 : v;
    case 'bigint':
      return normaliseInteger(v);
    case 'string':
    case 'boolean':
      return v;
    case 'object': {
      if (v === null) return null;
      if (Array.isArray(v) || isPlain(v)) return undefined;
      if (Decimal.isDecimal(v)) {
        const d = new ExactDecimal((v as Decimal).toString());
        if (!d.isFinite()) throw unsupported(what, `${d.toString()} (numbers must be finite)`);
        return d;
      }
      if (v instanceof Date || tagOf(v) === '[object Date]') {
        const t = Date.prototype.getTime.call(v);
        if (Number.isNaN(t)) throw unsupported(what, 'invalid Date');
        return new Date(t);
      }
      if (v instanceof ObjectId) return v;
      if (v instanceof RegExp || tagOf(v) === '[object RegExp]') {
        const r = v as RegExp;
        return storedRegExp(r.source, r.flags);
      }
      if (v instanceof Uint8Array || tagOf(v) === '[object Uint8Array]') return new Uint8Array(v as Uint8Array);
      if ((v as { _bsontype?: unknown })._bsontype === 'ObjectId') {
        return new ObjectId((v as { toHexString(): string }).toHexString());
      }
      throw unsupported(what, v.constructor?.name ?? 'object');
    }
    default:
      throw unsupported(what, typeof v);
  }
}

/**
 * `v` (a plain object, an array or a scalar) as a document value, deep-copied and normalised (see the file
 * header); `what` names it in errors (`'?1'`, `'@doc'`, `'document'`).
 */
export function docValueFromJs(v: unknown, what: string): DocValue {
  const s = scalarFromJs(v, what);
  if (s !== undefined) return s;
  const root: Doc | DocArray = Array.isArray(v) ? [] : {};
  // explicit stack of (source container, copy, depth)
  const stack: Array<{ src: object; dst: Doc | DocArray; depth: number }> = [{ src: v as object, dst: root, depth: 1 }];
  while (stack.length > 0) {
    const { src, dst, depth } = stack.pop()!;
    if (depth > MAX_DOC_DEPTH) {
      throw SqlError.of(SqlState.ProgramLimitExceeded, [`${what} is nested more than ${MAX_DOC_DEPTH} levels deep`]);
    }
    const put = (key: string | number, x: unknown): void => {
      const c = scalarFromJs(x, what);
      const value: DocValue = c !== undefined ? c : Array.isArray(x) ? [] : {};
      if (Array.isArray(dst)) dst.push(value);
      else if (key === '__proto__') Object.defineProperty(dst, key, { value, enumerable: true, writable: true, configurable: true });
      else dst[key] = value;
      if (c !== undefined) return;
      const child = value as Doc | DocArray;
      stack.push({ src: x as object, dst: child, depth: depth + 1 });
    };
    if (Array.isArray(src)) {
      for (let i = 0; i < src.length; i++) {
        const x: unknown = src[i];
        if (x === undefined) throw unsupported(what, 'undefined inside an array');
        put(i, x);
      }
    } else {
      for (const k of Object.keys(src)) {
        const x: unknown = (src as { [k: string]: unknown })[k];
        if (x !== undefined) put(k, x);
      }
    }
  }
  return root;
}
