/**
 * src/common/values/document/doc-update-apply.ts — applying compiled update actions to a document: the
 * copy-on-write draft, MongoDB's rules for walking an update path, and each operator's effect.
 *
 * 1. Pure: the input document is never changed. A `Draft` copies each container on the path it writes
 *    (once per update), so unchanged subtrees are shared with the input and operand values are shared with
 *    the template (nobody mutates a document value, so sharing is safe).
 * 2. Walking a path to write (`$set $inc $mul $min $max $push $addToSet`): a missing field is created as
 *    an empty document; an array is entered only by a canonical index (a missing element is created after
 *    padding with nulls); a scalar or null in the way, or a field name into an array, is 22D02. Operators
 *    that only remove (`$unset $pop $pull $pullAll`, a `$rename` source) do nothing when the path does not
 *    reach a value.
 * 3. A field set for the first time is appended to its document; an existing field keeps its place. `$unset`
 *    of an array element sets it to null, as in MongoDB.
 * 4. Arithmetic is exact: integers stay integers (a result beyond ±2^53 is a bigint, never rounded); any
 *    Decimal makes the result a Decimal; a double with an integer gives a double (MongoDB's rule). A
 *    non-finite result is 22003.
 * 5. `Draft.settled()` is the result: every container the draft made is rebuilt in the shaped layout
 *    (doc-shape.ts) — a copy that gained or lost fields would otherwise keep them outside the object.
 */
import { SqlError, SqlState } from '../../errors';
import { keepShape } from '../../shapes';
import { Decimal, ExactDecimal, normaliseInteger, toExactDecimal } from '../value';
import { documentToJson } from './doc-json';
import { limitExceeded } from './doc-limits';
import { mapDoc } from './doc-shape';
import { arrayIndexOf, getField } from './doc-path';
import { bsonTypeName, compareDocValues, docHashKey, isDoc, type Doc, type DocArray, type DocValue } from './doc-value';

/** Elements `$set` may add to an array beyond its end (MongoDB's backfill limit). */
const MAX_BACKFILL = 1_500_000;

export type Num = number | bigint | Decimal;

/** A `$push` sort specification: the whole element (1 or -1) or fields of element documents. */
export type PushSort = { readonly dir: 1 | -1 } | { readonly fields: ReadonlyArray<{ path: string[]; dir: 1 | -1 }> };

/** One compiled update action (doc-update.ts builds them, validated). */
export type Action =
  | { readonly op: '$set' | '$min' | '$max'; readonly path: string[]; readonly value: DocValue }
  | { readonly op: '$unset' | '$setOnInsert'; readonly path: string[] }
  | { readonly op: '$inc' | '$mul'; readonly path: string[]; readonly value: Num }
  | { readonly op: '$rename'; readonly path: string[]; readonly to: string[] }
  | {
      readonly op: '$push';
      readonly path: string[];
      readonly each: DocArray;
      readonly position: number | null;
      readonly slice: number | null;
      readonly sort: PushSort | null;
    }
  | { readonly op: '$addToSet'; readonly path: string[]; readonly each: DocArray }
  | { readonly op: '$pop'; readonly path: string[]; readonly first: boolean }
  | { readonly op: '$pull'; readonly path: string[]; readonly test: (v: DocValue) => boolean }
  | { readonly op: '$pullAll'; readonly path: string[]; readonly values: DocArray };

type Container = Doc | DocArray;

// ---------------------------------------------------------------- errors

function shown(v: DocValue): string {
  const s = documentToJson(v);
  return s.length > 60 ? s.slice(0, 57) + '...' : s;
}

/** 22D02: `op` cannot apply to `path` because `why`. */
export function clash(op: string, path: readonly string[], why: string): SqlError {
  return SqlError.of(SqlState.DocumentUpdateTypeClash, [op, `'${path.join('.')}'`, why]);
}

function cannotCreate(op: string, path: readonly string[], i: number, inside: DocValue): SqlError {
  return clash(op, path, `cannot create the field '${path[i]}' inside ${bsonTypeName(inside)} ${shown(inside)}`);
}

// ---------------------------------------------------------------- the draft

/** Sets a field (also one named "__proto__") on a document this draft owns. */
export function setField(o: Doc, k: string, v: DocValue): void {
  if (k === '__proto__') Object.defineProperty(o, k, { value: v, writable: true, enumerable: true, configurable: true });
  else o[k] = v;
}

function copyDoc(d: Doc): Doc {
  // spread defines own data properties (a field named "__proto__" stays a field) on an Object.prototype object
  return { ...d };
}

/** The document being built by one update: containers it has copied may be changed in place (file header, 1). */
export class Draft {
  private readonly owned = new Set<object>();
  root: Doc;

  constructor(base: Doc) {
    this.root = this.own(base);
  }

  /** `c` itself when this draft made it, else a copy that it owns. */
  own<T extends Container>(c: T): T {
    if (this.owned.has(c)) return c;
    const copy = (Array.isArray(c) ? c.slice() : copyDoc(c as Doc)) as T;
    this.owned.add(copy);
    return copy;
  }

  /** A new empty document owned by this draft. */
  fresh(): Doc {
    const d: Doc = {};
    this.owned.add(d);
    return d;
  }

  /** The updated document, with the containers this draft made rebuilt in the shaped layout (invariant 5). */
  settled(): Doc {
    return this.settle(this.root) as Doc;
  }

  private settle(c: Container): Container {
    if (!this.owned.has(c)) return c;
    if (Array.isArray(c)) {
      const n = c.length;
      const out = new Array<DocValue>(n);
      for (let i = 0; i < n; i++) {
        const x = c[i]!;
        out[i] = isContainer(x) ? this.settle(x) : x;
      }
      return out;
    }
    return mapDoc(c, (x) => (isContainer(x as DocValue) ? this.settle(x as Container) : (x as DocValue)));
  }
}

function isContainer(v: DocValue | undefined): v is Container {
  return typeof v === 'object' && v !== null && (Array.isArray(v) || isDoc(v));
}

/** The value a path reaches in `root` without writing (arrays by index only), and whether it crossed an array. */
export function peek(root: Doc, path: readonly string[]): { value: DocValue | undefined; viaArray: boolean } {
  let cur: DocValue | undefined = root;
  let viaArray = false;
  for (const seg of path) {
    if (Array.isArray(cur)) {
      viaArray = true;
      const i = arrayIndexOf(seg);
      cur = i >= 0 && i < cur.length ? cur[i] : undefined;
    } else if (isDoc(cur)) {
      cur = getField(cur, seg);
    } else {
      return { value: undefined, viaArray };
    }
  }
  return { value: cur, viaArray };
}

function padTo(a: DocArray, i: number, op: string, path: readonly string[]): void {
  if (i - a.length > MAX_BACKFILL) {
    throw limitExceeded(`${op} of '${path.join('.')}' would add more than ${MAX_BACKFILL} nulls to an array`);
  }
  while (a.length < i) a.push(null);
}

/**
 * The containers along `path` (chain[i] holds path[i]), owned by the draft, creating what is missing
 * (file header, 2). With `noArrays` an array on the way is 22D02 ($rename's destination).
 */
function walk(draft: Draft, path: readonly string[], op: string, noArrays = false): Container[] {
  const chain: Container[] = [draft.root];
  let cur: Container = draft.root;
  for (let i = 0; i < path.length - 1; i++) {
    const seg = path[i]!;
    let next: DocValue | undefined;
    let idx = -1;
    if (Array.isArray(cur)) {
      if (noArrays) throw clash(op, path, `the destination cannot be inside an array ('${path.slice(0, i).join('.')}')`);
      idx = arrayIndexOf(seg);
      if (idx < 0) throw cannotCreate(op, path, i, cur);
      next = idx < cur.length ? cur[idx] : undefined;
    } else {
      next = getField(cur, seg);
    }
    let child: Container;
    if (next === undefined) child = draft.fresh();
    else if (isContainer(next)) child = draft.own(next);
    else throw cannotCreate(op, path, i + 1, next);
    if (Array.isArray(cur)) {
      padTo(cur, idx, op, path);
      cur[idx] = child;
    } else {
      setField(cur, seg, child);
    }
    chain.push(child);
    cur = child;
  }
  if (noArrays && Array.isArray(cur)) {
    throw clash(op, path, `the destination cannot be inside an array ('${path.slice(0, -1).join('.')}')`);
  }
  return chain;
}

function last<T>(a: readonly T[]): T {
  return a[a.length - 1]!;
}

function getAt(c: Container, key: string): DocValue | undefined {
  if (!Array.isArray(c)) return getField(c, key);
  const i = arrayIndexOf(key);
  return i >= 0 && i < c.length ? c[i] : undefined;
}

function putAt(c: Container, key: string, v: DocValue, op: string, path: readonly string[]): void {
  if (!Array.isArray(c)) {
    setField(c, key, v);
    return;
  }
  const i = arrayIndexOf(key);
  if (i < 0) throw cannotCreate(op, path, path.length - 1, c);
  padTo(c, i, op, path);
  c[i] = v;
}

/** Removes the field at the end of `chain`/`path` (an array element becomes null). */
function removeAt(draft: Draft, chain: Container[], path: readonly string[]): void {
  const parent = last(chain);
  const key = last(path);
  if (Array.isArray(parent)) {
    const i = arrayIndexOf(key);
    if (i >= 0 && i < parent.length) parent[i] = null;
    return;
  }
  if (getField(parent, key) === undefined) return;
  const without = draft.fresh();
  for (const k of Object.keys(parent)) if (k !== key) setField(without, k, parent[k]!);
  if (chain.length === 1) draft.root = without;
  else putAt(chain[chain.length - 2]!, path[path.length - 2]!, without, '$unset', path);
}

// ---------------------------------------------------------------- arithmetic

export function isNum(v: DocValue | undefined): v is Num {
  return typeof v === 'number' || typeof v === 'bigint' || v instanceof Decimal;
}

function finiteDouble(x: number, op: string, path: readonly string[]): number {
  if (x - x !== 0) throw SqlError.of(SqlState.NumericValueOutOfRange, [`${op} of '${path.join('.')}' gives ${x}`]);
  return x + 0;
}

function finiteDecimal(d: Decimal, op: string, path: readonly string[]): Decimal {
  if (!d.isFinite()) throw SqlError.of(SqlState.NumericValueOutOfRange, [`${op} of '${path.join('.')}' gives ${d.toString()}`]);
  return d.isZero() ? new ExactDecimal(0) : d;
}

function isIntegral(v: number | bigint): boolean {
  return typeof v === 'bigint' || Number.isInteger(v);
}

/** a + b or a × b, exactly (file header, 4). */
export function arithmetic(op: '$inc' | '$mul', a: Num, b: Num, path: readonly string[]): Num {
  if (a instanceof Decimal || b instanceof Decimal) {
    const x = toExactDecimal(a);
    const y = toExactDecimal(b);
    return finiteDecimal(op === '$inc' ? ExactDecimal.add(x, y) : ExactDecimal.mul(x, y), op, path);
  }
  if (isIntegral(a) && isIntegral(b)) {
    if (typeof a === 'number' && typeof b === 'number') {
      const r = op === '$inc' ? a + b : a * b;
      if (Number.isSafeInteger(r)) return r + 0;
    }
    const x = BigInt(a);
    const y = BigInt(b);
    return normaliseInteger(op === '$inc' ? x + y : x * y);
  }
  const x = Number(a);
  const y = Number(b);
  return finiteDouble(op === '$inc' ? x + y : x * y, op, path);
}

/** The zero of the multiplier's kind: what $mul stores into a missing field. */
function zeroLike(v: Num): Num {
  return v instanceof Decimal ? new ExactDecimal(0) : 0;
}

// ---------------------------------------------------------------- arrays

function toArray(op: string, path: readonly string[], cur: DocValue | undefined): DocArray {
  if (cur === undefined) return [];
  if (!Array.isArray(cur)) throw clash(op, path, `the field holds ${bsonTypeName(cur)} ${shown(cur)}, not an array`);
  return cur;
}

function sortKey(v: DocValue, path: readonly string[]): DocValue {
  const { value } = peek({ v } as Doc, ['v', ...path]);
  return value === undefined ? null : value;
}

function sortElements(a: DocArray, sort: PushSort): DocArray {
  const cmp =
    'dir' in sort
      ? (x: DocValue, y: DocValue) => sort.dir * compareDocValues(x, y)
      : (x: DocValue, y: DocValue) => {
          for (const f of sort.fields) {
            const c = compareDocValues(sortKey(x, f.path), sortKey(y, f.path));
            if (c !== 0) return f.dir * c;
          }
          return 0;
        };
  return a.slice().sort(cmp);
}

function pushed(a: DocArray, act: Extract<Action, { op: '$push' }>): DocArray {
  let out: DocArray;
  if (act.position === null) out = a.concat(act.each);
  else {
    const p = act.position < 0 ? Math.max(0, a.length + act.position) : Math.min(a.length, act.position);
    out = a.slice(0, p).concat(act.each, a.slice(p));
  }
  if (act.sort !== null) out = sortElements(out, act.sort);
  if (act.slice !== null) out = act.slice >= 0 ? out.slice(0, act.slice) : out.slice(Math.max(0, out.length + act.slice));
  return out;
}

function addedToSet(a: DocArray, each: DocArray): DocArray {
  const seen = new Set<string>();
  for (const x of a) seen.add(docHashKey(x));
  let out: DocArray | null = null;
  for (const x of each) {
    const k = docHashKey(x);
    if (seen.has(k)) continue;
    seen.add(k);
    (out ??= a.slice()).push(x);
  }
  return out ?? a;
}

function pulledAll(a: DocArray, values: DocArray): DocArray {
  const drop = new Set(values.map(docHashKey));
  return a.filter((x) => !drop.has(docHashKey(x)));
}

// ---------------------------------------------------------------- operators

/** An operator that only changes an existing array ($pop, $pull, $pullAll): nothing when the path is missing. */
function changeArray(draft: Draft, act: Action, f: (a: DocArray) => DocArray): void {
  const { value } = peek(draft.root, act.path);
  if (value === undefined) return;
  const a = toArray(act.op, act.path, value);
  const next = f(a);
  if (next === a) return;
  const chain = walk(draft, act.path, act.op);
  putAt(last(chain), last(act.path), next, act.op, act.path);
}

function applyRename(draft: Draft, act: Extract<Action, { op: '$rename' }>): void {
  const { value, viaArray } = peek(draft.root, act.path);
  if (value === undefined) return;
  if (viaArray) throw clash('$rename', act.path, 'the source cannot be inside an array');
  removeAt(draft, walk(draft, act.path, '$rename'), act.path);
  const chain = walk(draft, act.to, '$rename', true);
  // MongoDB unsets both names, then sets the new one: an existing destination moves to the end
  removeAt(draft, chain, act.to);
  const target = walk(draft, act.to, '$rename', true);
  putAt(last(target), last(act.to), value, '$rename', act.to);
}

function applyValue(draft: Draft, act: Action, f: (cur: DocValue | undefined) => DocValue | undefined): void {
  const chain = walk(draft, act.path, act.op);
  const parent = last(chain);
  const key = last(act.path);
  const next = f(getAt(parent, key));
  if (next !== undefined) putAt(parent, key, next, act.op, act.path);
}

function numericOperand(act: Extract<Action, { op: '$inc' | '$mul' }>, cur: DocValue | undefined): DocValue {
  if (cur === undefined) return act.op === '$inc' ? act.value : zeroLike(act.value);
  if (!isNum(cur)) throw clash(act.op, act.path, `the field holds ${bsonTypeName(cur)} ${shown(cur)}, not a number`);
  return arithmetic(act.op, cur, act.value, act.path);
}

/** Applies one action to the draft (file header). */
export function applyAction(draft: Draft, act: Action): void {
  switch (act.op) {
    case '$set':
      return applyValue(draft, act, () => act.value);
    case '$unset': {
      if (peek(draft.root, act.path).value === undefined) return;
      return removeAt(draft, walk(draft, act.path, act.op), act.path);
    }
    case '$setOnInsert':
      return;
    case '$inc':
    case '$mul':
      return applyValue(draft, act, (cur) => numericOperand(act, cur));
    case '$min':
    case '$max':
      return applyValue(draft, act, (cur) => {
        if (cur === undefined) return act.value;
        const c = compareDocValues(act.value, cur);
        return (act.op === '$min' ? c < 0 : c > 0) ? act.value : undefined;
      });
    case '$rename':
      return applyRename(draft, act);
    case '$push':
      return applyValue(draft, act, (cur) => pushed(toArray(act.op, act.path, cur), act));
    case '$addToSet':
      return applyValue(draft, act, (cur) => addedToSet(toArray(act.op, act.path, cur), act.each));
    case '$pop':
      return changeArray(draft, act, (a) => (a.length === 0 ? a : act.first ? a.slice(1) : a.slice(0, -1)));
    case '$pull':
      return changeArray(draft, act, (a) => a.filter((x) => !act.test(x)));
    case '$pullAll':
      return changeArray(draft, act, (a) => pulledAll(a, act.values));
  }
}

// a draft lives for one document's update (shapes.ts)
keepShape(() => new Draft({}));
