/**
 * src/common/values/document/doc-shape.ts — documents built with their fields inside the object, and arrays of
 * their exact length: the layout that costs the fewest cache lines to keep, read and copy (decision 0023).
 *
 * 1. `makeDoc(keys, values)` is the plain object with those fields in that order. V8 gives an object made by
 *    `{}` and stores room for 4 fields inside it and puts the rest in a separate property array (a second
 *    object, a second cache miss on every read), and turns an object with more than ~16 fields added one by
 *    one into a hash table. An object literal naming its fields gets all of them inside. So each field list
 *    (a shape) gets a function made once, `v => ({"k0": v[0], "k1": v[1], …})`, kept in a trie keyed by the
 *    field names; every document of that shape is then one literal.
 * 2. The function's text is made from the names by `JSON.stringify`, which spells any string as a JavaScript
 *    string literal, so no name can change what the function does. A name `__proto__` would set the
 *    prototype in a literal; such a document, one with more than MAX_SHAPED_FIELDS fields, and every shape
 *    after the first MAX_SHAPES are built field by field instead (defining `__proto__` as a field).
 * 3. The result is indistinguishable from one built field by field: an Object.prototype object whose own
 *    enumerable data properties are the fields, in order (integer-like names first, as for any object).
 * 4. Arrays are made at their length (`new Array(n)`, `slice`): `[]` grown by push reserves 17 slots.
 */
import type { Doc, DocValue } from './doc-value';

/** Documents with more fields than this are built field by field (invariant 2). */
export const MAX_SHAPED_FIELDS = 64;
/** How many shapes get a function of their own (invariant 2). */
export const MAX_SHAPES = 2048;

type Factory = (values: readonly DocValue[]) => Doc;

/** A trie node: the function for the field list that ends here, and the lists that continue it. */
class ShapeNode {
  factory: Factory | null = null;
  readonly next = new Map<string, ShapeNode>();
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
      let child = node.next.get(k);
      if (child === undefined) {
        if (shapes >= MAX_SHAPES || k === '__proto__') return fieldByField(keys, values);
        child = new ShapeNode();
        node.next.set(k, child);
      }
      node = child;
    }
    let f = node.factory;
    if (f === null) {
      if (shapes >= MAX_SHAPES) return fieldByField(keys, values);
      f = node.factory = factoryFor(keys);
      shapes++;
    }
    return f(values);
  }
  return fieldByField(keys, values);
}

/** The literal-building function of one shape (invariants 1 and 2). */
function factoryFor(keys: readonly string[]): Factory {
  const fields = keys.map((k, i) => `${JSON.stringify(k)}: v[${i}]`).join(', ');
  // the text is only quoted names and indexes (invariant 2)
  return new Function('v', `'use strict'; return {${fields}};`) as Factory;
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

/** `d` rebuilt with its fields inside (invariant 1): the same fields in the same order, each value `f` of the
 *  old one (the value itself when `f` is omitted). */
export function mapDoc(d: { readonly [k: string]: unknown }, f: (x: unknown) => DocValue = (x) => x as DocValue): Doc {
  const keys = Object.keys(d);
  const values = new Array<DocValue>(keys.length);
  for (let i = 0; i < keys.length; i++) values[i] = f(d[keys[i]!]);
  return makeDoc(keys, values);
}
