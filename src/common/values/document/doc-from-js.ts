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
 * 3. Depth is checked while copying (54000 past MAX_DOC_DEPTH, which bounds the recursion), so a cyclic or very
 *    deep object is an error and never a stack overflow.
 * 4. Copies are built in the shaped layout: fields inside the object, arrays at their length (doc-shape.ts).
 */
import { ObjectId } from 'bson';
import { SqlError, SqlState } from '../../errors';
import { Decimal, ExactDecimal, normaliseInteger } from '../value';
import { MAX_DOC_DEPTH } from './doc-limits';
import { makeDoc } from './doc-shape';
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
  return s !== undefined ? s : containerFromJs(v as object, what, 1);
}

/** A copy of a plain object or array at nesting `depth` (invariant 3), built in the shaped layout (doc-shape.ts). */
function containerFromJs(src: object, what: string, depth: number): Doc | DocArray {
  if (depth > MAX_DOC_DEPTH) {
    throw SqlError.of(SqlState.ProgramLimitExceeded, [`${what} is nested more than ${MAX_DOC_DEPTH} levels deep`]);
  }
  if (Array.isArray(src)) {
    const n = src.length;
    const out = new Array<DocValue>(n);
    for (let i = 0; i < n; i++) {
      const x: unknown = src[i];
      if (x === undefined) throw unsupported(what, 'undefined inside an array');
      const c = scalarFromJs(x, what);
      out[i] = c !== undefined ? c : containerFromJs(x as object, what, depth + 1);
    }
    return out;
  }
  const names = Object.keys(src);
  const keys: string[] = [];
  const values: DocValue[] = [];
  for (let i = 0; i < names.length; i++) {
    const k = names[i]!;
    const x: unknown = (src as { [k: string]: unknown })[k];
    if (x === undefined) continue;
    const c = scalarFromJs(x, what);
    keys.push(k);
    values.push(c !== undefined ? c : containerFromJs(x as object, what, depth + 1));
  }
  return makeDoc(keys, values);
}
