/**
 * src/common/values/document/doc-shape.ts — documents built with their fields inside the object, and arrays of
 * their exact length: the layout that costs the fewest cache lines to keep, read and copy (decisions 0023, 0025).
 *
 * 1. `makeDoc(keys, values)` is the document with those fields in that order. V8 gives an object made by
 *    `{}` room for 4 fields inside it and puts the rest in a separate property array (a second object, a
 *    second cache miss on every read), and turns an object with more than ~16 fields added one by one into a
 *    hash table. A constructor that assigns its fields gets all of them inside. So each field list (a shape)
 *    gets a class made once, `class { constructor(v) { this["k0"] = v[0]; this["k1"] = v[1]; … } }`, kept in a
 *    trie keyed by the field names; every document of that shape is one instance of it.
 * 2. The class's text is made from the names by `JSON.stringify`, which spells any string as a JavaScript
 *    string literal, so no name can change what it does. A name `__proto__` would set the prototype in the
 *    copier's literal (4); such a document, one with more than MAX_SHAPED_FIELDS fields, and every shape
 *    after the first MAX_SHAPES are built field by field instead, as a plain object (defining `__proto__` as
 *    a field).
 * 3. A shaped document is a document like any other to the engine (`isDoc`, `isPlainPrototype` accept its
 *    prototype): its own enumerable data properties are its fields, in order (integer-like names first, as
 *    for any object), and its prototype chain adds nothing enumerable (the prototype holds one symbol, then
 *    Object.prototype). It never reaches a caller: `copyDoc` hands out plain objects.
 * 4. The prototype tells `copyDoc` the shape, so a copy is one generated literal per shape — `s => ({"k0":
 *    s["k0"], "k1": c(s["k1"]), …})`, each field as its kind says (7) — where a generic copy must spread the object
 *    and then enumerate its fields to find the nested ones (decision 0025 measures both). The copier is made
 *    on a shape's first copy.
 * 5. Stored documents never change after they are made (a draft copies before it writes, doc-update-apply.ts),
 *    so a shape's field list stays true of its instances.
 * 6. Arrays are made at their length (`new Array(n)`, `slice`): `[]` grown by push reserves 17 slots.
 * 7. A shape is its field names and, for each field, what a copy does with its value (its kind, `kindOf`): a
 *    value `copyDoc` would share (a string, number, boolean, null, bigint, ObjectId, Decimal …) is taken
 *    as it is, without reading it; an array holding only such values is copied by `slice`; anything else by
 *    `copyDoc`. Reading a value only to find it is a string costs a cache miss per string on a cold row
 *    (its map is in the string), and a copy of a cold document paid one per string field and array element
 *    (decision 0033). The kinds are decided when the document is made, from values that never change
 *    afterwards (5), so documents with the same names but other kinds (a field that is null in one and a
 *    document in another) are instances of different classes.
 */
import type { Doc, DocValue } from './doc-value';

/** Documents with more fields than this are built field by field (invariant 2). */
export const MAX_SHAPED_FIELDS = 64;
/** How many shapes get a class of their own (invariant 2). */
export const MAX_SHAPES = 2048;

type ShapeClass = new (values: readonly DocValue[]) => Doc;
type Copier = (d: Doc) => Doc;

/** The symbol under which a shape class's prototype holds its shape (invariants 3 and 4). */
const SHAPE = Symbol('pyrrhodb.docShape');

/** What a copy of a shaped document does with one field's value (invariant 7). */
const enum Kind {
  /** Shared: a value `copyDoc` returns as it is. */
  Shared = 0,
  /** An array of shared values: copied by `slice`. */
  Flat = 1,
  /** A document, an array holding containers, a Date or bytes: copied by `copyDoc`. */
  Copied = 2,
}

/** One shape: its field names and kinds, its class, and its copier once it has been copied (invariants 4, 7). */
class Shape {
  private copier: Copier | null = null;
  constructor(
    readonly keys: readonly string[],
    readonly kinds: readonly Kind[],
  ) {}
  copy(d: Doc): Doc {
    return (this.copier ??= copierFor(this.keys, this.kinds))(d);
  }
}

/** A trie node: the class for the shape that ends here, and the shapes that continue it, by the next field's
 *  kind and then its name. */
class ShapeNode {
  make: ShapeClass | null = null;
  /** indexed by Kind */
  readonly next: readonly Map<string, ShapeNode>[] = [new Map(), new Map(), new Map()];
}

const root = new ShapeNode();
let shapes = 0;

/** The document with fields `keys[i]` = `values[i]`, in order (invariant 1); keys are distinct. */
export function makeDoc(keys: readonly string[], values: readonly DocValue[]): Doc {
  const n = keys.length;
  if (n === 0) return {};
  if (n <= MAX_SHAPED_FIELDS) {
    let node = root;
    for (let i = 0; i < n; i++) {
      const k = keys[i]!;
      const edges = node.next[kindOf(values[i]!)]!;
      let child = edges.get(k);
      if (child === undefined) {
        if (shapes >= MAX_SHAPES || k === '__proto__') return fieldByField(keys, values);
        child = new ShapeNode();
        edges.set(k, child);
      }
      node = child;
    }
    let make = node.make;
    if (make === null) {
      if (shapes >= MAX_SHAPES) return fieldByField(keys, values);
      make = node.make = classFor(keys, values.map(kindOf));
      shapes++;
    }
    return new make(values);
  }
  return fieldByField(keys, values);
}

/** The kind of a field holding `v` (invariant 7): what `copyDoc` would do with it. */
function kindOf(v: DocValue): Kind {
  if (typeof v !== 'object' || v === null) return Kind.Shared;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (typeof x === 'object' && x !== null && copied(x)) return Kind.Copied;
    }
    return Kind.Flat;
  }
  return copied(v) ? Kind.Copied : Kind.Shared;
}

/** Whether `copyDoc(v)` makes a new object rather than returning `v` itself. */
function copied(v: object): boolean {
  return Array.isArray(v) || v instanceof Date || v instanceof Uint8Array || isPlainPrototype(Object.getPrototypeOf(v));
}

/** The class of one shape (invariants 1 to 3, 7). */
function classFor(keys: readonly string[], kinds: readonly Kind[]): ShapeClass {
  const fields = keys.map((k, i) => `this[${JSON.stringify(k)}] = v[${i}];`).join(' ');
  // the text is only quoted names and indexes (invariant 2)
  const make = new Function(`'use strict'; return class Document { constructor(v) { ${fields} } };`)() as ShapeClass;
  Object.defineProperty(make.prototype, SHAPE, { value: new Shape(keys.slice(), kinds) });
  return make;
}

/** The copier of one shape: a plain-object literal of its fields, each copied as its kind says (invariants 4, 7). */
function copierFor(keys: readonly string[], kinds: readonly Kind[]): Copier {
  const fields = keys.map((k, i) => {
    const name = JSON.stringify(k);
    const kind = kinds[i]!;
    return `${name}: ${kind === Kind.Shared ? `s[${name}]` : kind === Kind.Flat ? `s[${name}].slice()` : `c(s[${name}])`}`;
  });
  // the text is only quoted names (invariant 2); `c` copies a nested container
  return new Function('c', `'use strict'; return function copy(s) { return {${fields.join(', ')}}; };`)(copyDoc) as Copier;
}

/**
 * The field list, in order, of every document whose prototype is `p` when `p` is a shape class's prototype
 * (invariants 3 and 5: a shaped document has exactly these fields, for good), else undefined.
 */
export function shapeFieldsOf(p: object): readonly string[] | undefined {
  return (p as { [SHAPE]?: Shape })[SHAPE]?.keys;
}

/**
 * True when an object whose prototype is `p` is a document: `p` is Object.prototype, null, a shape class's
 * prototype (invariant 3), or another realm's Object.prototype (an object without a prototype; an array or
 * class instance has a longer chain).
 */
export function isPlainPrototype(p: unknown): boolean {
  if (p === Object.prototype || p === null) return true;
  if ((p as { [SHAPE]?: Shape })[SHAPE] !== undefined) return true;
  return Object.getPrototypeOf(p) === null && !Array.isArray(p);
}

/**
 * A copy of a document or array that the caller may change freely (invariant 4): documents (shaped or plain)
 * become plain objects, arrays new arrays, Dates and byte arrays copies; every other object (ObjectId,
 * Decimal, RegExp, a class instance) is immutable here and shared.
 */
export function copyDoc(v: object): object {
  const shape = (v as { [SHAPE]?: Shape })[SHAPE];
  if (shape !== undefined) return shape.copy(v as Doc);
  if (Array.isArray(v)) {
    const n = v.length;
    const out = new Array<unknown>(n);
    for (let i = 0; i < n; i++) {
      const x: unknown = v[i];
      out[i] = typeof x !== 'object' || x === null ? x : copyDoc(x);
    }
    return out;
  }
  if (v instanceof Date) return new Date(v.getTime());
  if (v instanceof Uint8Array) return v.slice();
  if (!isPlainPrototype(Object.getPrototypeOf(v))) return v;
  return copyPlain(v as { [k: string]: unknown });
}

/**
 * A plain object copied by spreading it, which V8 does in one step for a known shape and which defines every
 * field, `__proto__` included, as an own field; only fields holding objects are then visited.
 */
function copyPlain(v: { [k: string]: unknown }): object {
  const out: { [k: string]: unknown } = { ...v };
  for (const k in out) {
    const x = out[k];
    if (typeof x !== 'object' || x === null) continue;
    const c = copyDoc(x);
    if (c === x) continue;
    if (k === '__proto__') Object.defineProperty(out, k, { value: c, enumerable: true, writable: true, configurable: true });
    else out[k] = c;
  }
  return out;
}

function fieldByField(keys: readonly string[], values: readonly DocValue[]): Doc {
  const o: Doc = {};
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    if (k === '__proto__') Object.defineProperty(o, k, { value: values[i], writable: true, enumerable: true, configurable: true });
    else o[k] = values[i]!;
  }
  return o;
}

/** `d` rebuilt as a shaped document (invariant 1): the same fields in the same order, each value `f` of the
 *  old one (the value itself when `f` is omitted). */
export function mapDoc(d: { readonly [k: string]: unknown }, f: (x: unknown) => DocValue = (x) => x as DocValue): Doc {
  const keys = Object.keys(d);
  const values = new Array<DocValue>(keys.length);
  for (let i = 0; i < keys.length; i++) values[i] = f(d[keys[i]!]);
  return makeDoc(keys, values);
}
