/**
 * src/common/values/document/doc-json.ts — JSON text to a document value and back, with exact numbers.
 *
 * 1. Reading: an integer is a number when it is a safe integer, else a bigint; a number with a fraction and no
 *    exponent is an exact Decimal (`ExactDecimal`); a number with an exponent is a double, which must be
 *    finite. -0 reads as 0. Field order is kept (JavaScript puts integer-like keys first: a documented
 *    deviation of every JS document); a duplicate key, a bad escape, an unclosed brace, text after the value …
 *    are InvalidDocument 22D01 naming the character offset in the text.
 * 2. MongoDB Extended JSON wrappers read back as values: {"$oid": "<24 hex>"} → ObjectId, {"$date": ISO text
 *    | milliseconds | {"$numberLong": "…"}} → Date, {"$numberDecimal": "…"} → Decimal, {"$numberLong"},
 *    {"$numberInt"}, {"$numberDouble"} → numbers, {"$binary": {"base64", "subType"}} → Uint8Array,
 *    {"$regularExpression": {"pattern", "options"}} → RegExp. A wrapper is an object with exactly that one key;
 *    a malformed one is 22D01. {"$regex": …, "$options": …} is NOT converted: it is a query operator.
 * 3. Nesting deeper than MAX_DOC_DEPTH is 54000 (the recursion stops there, so any depth of text is safe);
 *    a level with more than MAX_DOC_FIELDS fields is 54000 as soon as the limit is passed.
 * 4. Printing (`documentToJson`) gives one line with ": " and ", " (`{"a": 1, "b": [1, 2.5, "x"]}`), exact
 *    numbers (bigint digits, Decimal plain text, an integral double as its exact integer, any other double
 *    as JavaScript's shortest text, so integral ones have no ".0"), strings JSON-escaped, and the wrappers of
 *    2 for ObjectId, Date and Uint8Array; a RegExp prints as {"$regex": "src", "$options": "flags"}. parse(print(v)) equals v by `docEquals` for every
 *    value without a RegExp or a $-prefixed field name (a double with a fraction reads back as the Decimal of
 *    its shortest text, an integral Decimal as an integer: the same numbers).
 */
import { ObjectId } from 'bson';
import { SqlError, SqlState } from '../../errors';
import { Decimal, ExactDecimal, normaliseInteger } from '../value';
import { MAX_DOC_DEPTH, MAX_DOC_FIELDS, tooDeep, tooManyFields } from './doc-limits';
import { mapDoc } from './doc-shape';
import { isDoc, type Doc, type DocArray, type DocValue } from './doc-value';

// ---------------------------------------------------------------- reading

const NUMBER_RE = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
const HEX24_RE = /^[0-9a-fA-F]{24}$/;
const ISO_RE = /^[+-]?\d{4,6}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const DECIMAL_TEXT_RE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const INTEGER_TEXT_RE = /^[+-]?\d+$/;
const BASE64_RE = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const ESCAPES: { readonly [c: string]: string } = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

function bad(what: string, at: number): SqlError {
  return SqlError.of(SqlState.InvalidDocument, [`${what} at character ${at}`]);
}

/** Sets a field, also one named "__proto__" (an own data property, never the prototype). */
function setField(o: Doc, k: string, v: DocValue): void {
  if (k === '__proto__') Object.defineProperty(o, k, { value: v, writable: true, enumerable: true, configurable: true });
  else o[k] = v;
}

class JsonReader {
  private pos = 0;

  constructor(private readonly text: string) {}

  read(): DocValue {
    const v = this.value(0);
    this.skipSpace();
    if (this.pos < this.text.length) throw bad('unexpected text after the value', this.pos);
    return v;
  }

  private skipSpace(): void {
    const t = this.text;
    let p = this.pos;
    for (;;) {
      const c = t.charCodeAt(p);
      if (c === 32 || c === 10 || c === 13 || c === 9) p++;
      else break;
    }
    this.pos = p;
  }

  private unexpected(): SqlError {
    if (this.pos >= this.text.length) return bad('unexpected end of text', this.pos);
    return bad(`unexpected character ${JSON.stringify(this.text[this.pos])}`, this.pos);
  }

  /** A value starting at the next non-space character; `depth` counts the containers around it. */
  private value(depth: number): DocValue {
    this.skipSpace();
    const c = this.text.charCodeAt(this.pos);
    switch (c) {
      case 123: // {
        return this.object(depth + 1);
      case 91: // [
        return this.array(depth + 1);
      case 34: // "
        return this.string();
      case 116:
        return this.word('true', true);
      case 102:
        return this.word('false', false);
      case 110:
        return this.word('null', null);
      default:
        if (c === 45 || (c >= 48 && c <= 57)) return this.number();
        throw this.unexpected();
    }
  }

  private word(w: string, v: DocValue): DocValue {
    if (!this.text.startsWith(w, this.pos)) throw this.unexpected();
    this.pos += w.length;
    return v;
  }

  private number(): number | bigint | Decimal {
    const at = this.pos;
    NUMBER_RE.lastIndex = at;
    const m = NUMBER_RE.exec(this.text);
    if (m === null) throw this.unexpected();
    const s = m[0];
    this.pos = at + s.length;
    if (m[2] !== undefined) {
      const x = Number(s);
      if (!Number.isFinite(x)) throw bad(`number ${s} is out of range`, at);
      return x + 0;
    }
    if (m[1] !== undefined) {
      const d = new ExactDecimal(s);
      if (!d.isFinite()) throw bad(`number ${s} is out of range`, at);
      return d.isZero() ? new ExactDecimal(0) : d;
    }
    return s.length <= 15 ? Number(s) + 0 : normaliseInteger(BigInt(s));
  }

  private string(): string {
    const t = this.text;
    const start = this.pos;
    let p = start + 1;
    let out = '';
    let chunk = p;
    for (;;) {
      if (p >= t.length) throw bad('unterminated string', start);
      const c = t.charCodeAt(p);
      if (c === 34) break;
      if (c < 32) throw bad('control character in a string', p);
      if (c !== 92) {
        p++;
        continue;
      }
      out += t.slice(chunk, p);
      const e = t[p + 1];
      if (e === 'u') {
        const hex = t.slice(p + 2, p + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw bad('bad \\u escape', p);
        out += String.fromCharCode(parseInt(hex, 16));
        p += 6;
      } else {
        const r = e === undefined ? undefined : ESCAPES[e];
        if (r === undefined) throw bad(`bad escape \\${e ?? ''}`, p);
        out += r;
        p += 2;
      }
      chunk = p;
    }
    this.pos = p + 1;
    return out + t.slice(chunk, p);
  }

  private expect(ch: string): void {
    this.skipSpace();
    if (this.text[this.pos] !== ch) throw this.unexpected();
    this.pos++;
  }

  private object(depth: number): DocValue {
    const start = this.pos;
    if (depth > MAX_DOC_DEPTH) throw tooDeep();
    this.pos++;
    const o: Doc = {};
    let n = 0;
    this.skipSpace();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return o;
    }
    for (;;) {
      this.skipSpace();
      if (this.text[this.pos] !== '"') {
        throw this.pos >= this.text.length ? bad('unclosed object', start) : this.unexpected();
      }
      const keyAt = this.pos;
      const key = this.string();
      if (Object.prototype.hasOwnProperty.call(o, key)) throw bad(`duplicate key ${JSON.stringify(key)}`, keyAt);
      if (++n > MAX_DOC_FIELDS) throw tooManyFields(n);
      this.expect(':');
      setField(o, key, this.value(depth));
      this.skipSpace();
      const c = this.text[this.pos];
      this.pos++;
      if (c === '}') break;
      if (c !== ',') {
        this.pos--;
        throw this.pos >= this.text.length ? bad('unclosed object', start) : this.unexpected();
      }
    }
    // rebuilt in the shaped layout (doc-shape.ts): `{}` keeps only 4 fields inside
    return n === 1 ? unwrap(o, start) : mapDoc(o);
  }

  private array(depth: number): DocArray {
    const start = this.pos;
    if (depth > MAX_DOC_DEPTH) throw tooDeep();
    this.pos++;
    const a: DocArray = [];
    this.skipSpace();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return a;
    }
    for (;;) {
      a.push(this.value(depth));
      this.skipSpace();
      const c = this.text[this.pos];
      this.pos++;
      if (c === ']') break;
      if (c !== ',') {
        this.pos--;
        throw this.pos >= this.text.length ? bad('unclosed array', start) : this.unexpected();
      }
    }
    return a.slice(); // at its length (doc-shape.ts)
  }
}

// ---------------------------------------------------------------- Extended JSON wrappers

function wrapperError(name: string, at: number, expected: string): SqlError {
  return bad(`${name} must be ${expected}`, at);
}

function integerText(s: DocValue, name: string, at: number): number | bigint {
  if (typeof s !== 'string' || !INTEGER_TEXT_RE.test(s)) throw wrapperError(name, at, 'a string of decimal digits');
  return normaliseInteger(BigInt(s));
}

function readDate(v: DocValue, at: number): Date {
  let ms: number;
  if (typeof v === 'string') {
    ms = ISO_RE.test(v) ? Date.parse(v) : NaN;
  } else if (typeof v === 'number' && Number.isInteger(v)) {
    ms = v;
  } else if (isDoc(v) && Object.keys(v).length === 1 && v.$numberLong !== undefined) {
    const n = integerText(v.$numberLong, '$numberLong', at);
    ms = typeof n === 'number' ? n : NaN;
  } else {
    ms = NaN;
  }
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) throw wrapperError('$date', at, 'an ISO-8601 date and time or milliseconds in range');
  return d;
}

function readDecimal(v: DocValue, at: number): Decimal {
  if (typeof v !== 'string' || !DECIMAL_TEXT_RE.test(v)) {
    throw wrapperError('$numberDecimal', at, 'a string holding a finite number');
  }
  const d = new ExactDecimal(v);
  if (!d.isFinite()) throw bad(`number ${v} is out of range`, at);
  return d.isZero() ? new ExactDecimal(0) : d;
}

function readDouble(v: DocValue, at: number): number {
  const x = typeof v === 'string' && DECIMAL_TEXT_RE.test(v) ? Number(v) : NaN;
  if (!Number.isFinite(x)) throw wrapperError('$numberDouble', at, 'a string holding a finite number');
  return x + 0;
}

function readBinary(v: DocValue, at: number): Uint8Array {
  const ok =
    isDoc(v) &&
    Object.keys(v).length === 2 &&
    typeof v.base64 === 'string' &&
    BASE64_RE.test(v.base64) &&
    typeof v.subType === 'string' &&
    /^[0-9a-fA-F]{1,2}$/.test(v.subType);
  if (!ok) throw wrapperError('$binary', at, 'a document {"base64": text, "subType": hex}');
  return new Uint8Array(Buffer.from(v.base64 as string, 'base64'));
}

function readRegularExpression(v: DocValue, at: number): RegExp {
  if (!isDoc(v) || Object.keys(v).length !== 2 || typeof v.pattern !== 'string' || typeof v.options !== 'string') {
    throw wrapperError('$regularExpression', at, 'a document {"pattern": text, "options": text}');
  }
  try {
    return new RegExp(v.pattern, v.options);
  } catch (e) {
    throw SqlError.of(SqlState.InvalidRegularExpression, [(e as Error).message], { cause: e });
  }
}

/** The value an Extended JSON wrapper stands for, or the object itself when it is not one (file header, 2). */
function unwrap(o: Doc, at: number): DocValue {
  const keys = Object.keys(o);
  if (keys.length !== 1) return o;
  const k = keys[0]!;
  const v = o[k]!;
  switch (k) {
    case '$oid':
      if (typeof v !== 'string' || !HEX24_RE.test(v)) throw wrapperError('$oid', at, 'a string of 24 hexadecimal digits');
      return ObjectId.createFromHexString(v);
    case '$date':
      return readDate(v, at);
    case '$numberDecimal':
      return readDecimal(v, at);
    case '$numberLong':
    case '$numberInt':
      return integerText(v, k, at);
    case '$numberDouble':
      return readDouble(v, at);
    case '$binary':
      return readBinary(v, at);
    case '$regularExpression':
      return readRegularExpression(v, at);
    default:
      return o;
  }
}

/**
 * JSON text as a document value (any JSON value: callers that need a document or an array check the kind).
 * Errors: 22D01 naming the character offset; 54000 past the depth or field limits (file header).
 */
export function parseDocumentText(text: string): DocValue {
  return new JsonReader(text).read();
}

// ---------------------------------------------------------------- printing

function numberJson(v: number): string {
  if (v === 0) return '0';
  if (Number.isSafeInteger(v)) return String(v);
  // an integral double beyond 2^53 prints its exact value (String(v) would print its shortest round-trip text)
  if (Number.isInteger(v)) return BigInt(v).toString();
  if (Number.isFinite(v)) return String(v);
  return `{"$numberDouble": "${String(v)}"}`;
}

function decimalJson(d: Decimal): string {
  if (d.isZero()) return '0';
  if (!d.isFinite()) return `{"$numberDecimal": "${d.toString()}"}`;
  return d.toFixed();
}

function dateJson(d: Date): string {
  const t = d.getTime();
  return Number.isNaN(t) ? '{"$date": null}' : `{"$date": "${d.toISOString()}"}`;
}

function appendJson(v: DocValue, out: string[], depth: number): void {
  switch (typeof v) {
    case 'string':
      out.push(JSON.stringify(v));
      return;
    case 'number':
      out.push(numberJson(v));
      return;
    case 'bigint':
      out.push(v.toString());
      return;
    case 'boolean':
      out.push(v ? 'true' : 'false');
      return;
    default:
      appendObjectJson(v, out, depth);
  }
}

function appendObjectJson(v: Exclude<DocValue, string | number | bigint | boolean>, out: string[], depth: number): void {
  if (v === null) out.push('null');
  else if (Array.isArray(v)) {
    if (depth >= MAX_DOC_DEPTH) throw tooDeep();
    out.push('[');
    for (let i = 0; i < v.length; i++) {
      if (i > 0) out.push(', ');
      appendJson(v[i]!, out, depth + 1);
    }
    out.push(']');
  } else if (isDoc(v)) {
    if (depth >= MAX_DOC_DEPTH) throw tooDeep();
    out.push('{');
    let first = true;
    for (const k of Object.keys(v)) {
      out.push(first ? '' : ', ', JSON.stringify(k), ': ');
      first = false;
      appendJson(v[k]!, out, depth + 1);
    }
    out.push('}');
  } else if (v instanceof Decimal) out.push(decimalJson(v));
  else if (v instanceof Date) out.push(dateJson(v));
  else if (v instanceof ObjectId) out.push(`{"$oid": "${v.toHexString()}"}`);
  else if (v instanceof RegExp) {
    out.push(`{"$regex": ${JSON.stringify(v.source)}, "$options": ${JSON.stringify(v.flags)}}`);
  } else if (v instanceof Uint8Array) {
    const base64 = Buffer.from(v.buffer, v.byteOffset, v.length).toString('base64');
    out.push(`{"$binary": {"base64": "${base64}", "subType": "00"}}`);
  }
  else out.push(JSON.stringify(String(v)));
}

/**
 * A document value as one line of JSON: `{"_id": "d1", "b": {"C": 23}, "d": [1, 2.5, "x"], "e": null}` (see
 * the file header, 4). Throws only 54000 for a value nested past MAX_DOC_DEPTH (which no stored value is).
 */
export function documentToJson(v: DocValue): string {
  if (typeof v === 'string') return JSON.stringify(v);
  const out: string[] = [];
  appendJson(v, out, 0);
  return out.join('');
}
