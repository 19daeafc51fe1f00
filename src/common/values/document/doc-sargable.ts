/**
 * src/common/values/document/doc-sargable.ts — the conditions of a query template that an index on a
 * document path could serve (`sargableConditions`, re-exported by doc-match.ts).
 *
 * 1. Every condition returned is NECESSARY: a value the template matches satisfies it, provided the path
 *    reaches no array (path indexes refuse arrays, so through an index this always holds). Conditions are
 *    taken only from conjunctive positions: plain keys, dotted keys, Pyrrho's partial nested documents,
 *    $eq/$gt/$gte/$lt/$lte inside an operator object, and the members of $and.
 * 2. Values are index-friendly scalars only: string, number, bigint, Decimal, boolean, Date, ObjectId —
 *    never null, NaN, arrays, documents or regexes. A range (<, <=, >, >=) holds within the value's type
 *    class (`docTypeRank`): `{'age': {'$gt': 30}}` says nothing about a string age.
 * 3. A path of no steps means the value the template is applied to (a scalar column: `x = {'$gt': 100}`).
 */
import { ObjectId } from 'bson';
import Decimal from 'decimal.js';
import { isDoc, type Doc, type DocValue } from './doc-value';
import { parseDottedPath } from './doc-path';

/** A condition on the value at `path`: `value op constant`, within the constant's type class. */
export interface PathCondition {
  readonly path: readonly string[];
  readonly op: '=' | '<' | '<=' | '>' | '>=';
  readonly value: DocValue;
}

const OPS: Readonly<Record<string, PathCondition['op']>> = { $eq: '=', $gt: '>', $gte: '>=', $lt: '<', $lte: '<=' };

function isSargableScalar(v: DocValue | undefined): boolean {
  switch (typeof v) {
    case 'string':
    case 'boolean':
    case 'bigint':
      return true;
    case 'number':
      return v === v;
    default:
      return (v instanceof Decimal && !v.isNaN()) || v instanceof Date || v instanceof ObjectId;
  }
}

function hasPlainKey(t: Doc): boolean {
  for (const k of Object.keys(t)) if (!k.startsWith('$')) return true;
  return false;
}

/** The template `t` applies to the value at `path`. */
function fromValue(t: DocValue | undefined, path: readonly string[], out: PathCondition[]): void {
  if (isSargableScalar(t)) {
    out.push({ path, op: '=', value: t! });
    return;
  }
  if (!isDoc(t)) return;
  if (hasPlainKey(t)) {
    fromDoc(t, path, out);
    return;
  }
  for (const k of Object.keys(t)) {
    const op = OPS[k];
    const operand = t[k];
    if (op !== undefined && isSargableScalar(operand)) out.push({ path, op, value: operand! });
    else if (k === '$and' && Array.isArray(operand)) for (const s of operand) fromValue(s, path, out);
  }
}

/** The document template `t` applies to the document at `prefix`. */
function fromDoc(t: Doc, prefix: readonly string[], out: PathCondition[]): void {
  for (const k of Object.keys(t)) {
    const sub = t[k];
    if (k === '$and' && Array.isArray(sub)) {
      for (const s of sub) {
        if (isDoc(s) && (hasPlainKey(s) || '$and' in s)) fromDoc(s, prefix, out);
        else fromValue(s, prefix, out);
      }
    } else if (!k.startsWith('$')) {
      fromValue(sub, [...prefix, ...parseDottedPath(k)], out);
    }
  }
}

/**
 * The (path, op, value) conditions that every value matching `template` satisfies and that an index on
 * the path could serve (file header). Paths are arrays of field names; `[]` is the value itself.
 */
export function sargableConditions(template: DocValue): PathCondition[] {
  const out: PathCondition[] = [];
  fromValue(template, [], out);
  return out;
}
