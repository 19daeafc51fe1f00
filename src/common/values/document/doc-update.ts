/**
 * src/common/values/document/doc-update.ts — MongoDB's update operators: validating an update template once
 * (`compileUpdate`), replacing a document (`replaceDocument`) and fixing `$currentDate` to a clock
 * (`resolveCurrentDate`). doc-update-apply.ts applies the compiled actions.
 *
 * 1. An update template is either all operators (`{'$set': …, '$inc': …}`) or all plain fields (a
 *    replacement); mixing them is 42D02, as is a query operator (`$gt`) in an update or a `$`-prefixed field
 *    inside a value an operator stores. An unknown operator is 42D01 (also `$bit` and positional paths,
 *    which are not supported).
 * 2. All validation happens in `compileUpdate`: operand shapes (22D02: `$inc` of a string, `$pop` of 2,
 *    `$push` modifiers …), paths (22D01 for an empty segment, 54000 past MAX_DOC_DEPTH segments) and
 *    conflicts (22D03: one path a prefix of, or equal to, another, across all operators, `$rename`'s two
 *    names included). What depends on the document (`$inc` of a string field, `$push` onto a non-array, a
 *    path through a scalar) is 22D02 when applied, never a silent no-op where MongoDB errors.
 * 3. Actions run in the order of their paths, field names compared as strings and numeric names as numbers
 *    (MongoDB 5.0's rule), so the fields one update creates in a document are appended in that order.
 * 4. `_id` cannot change (22D04): an update that touches a path under `_id` is checked after it has run,
 *    so `$set` of the same `_id` value is allowed, as in MongoDB.
 * 5. `$currentDate` is a `$set` of the current time: `resolveCurrentDate` rewrites it with a given clock
 *    (so a logged template replays identically); `compileUpdate` of an unresolved template reads the clock
 *    once, when it compiles.
 */
import { SqlError, SqlState } from '../../errors';
import { Decimal } from '../value';
import { compileTemplate } from './doc-match';
import { MAX_DOC_DEPTH, limitExceeded } from './doc-limits';
import { arrayIndexOf, getField, parseDottedPath } from './doc-path';
import { makeDoc } from './doc-shape';
import { applyAction, clash, Draft, isNum, setField, type Action, type PushSort } from './doc-update-apply';
import { bsonTypeName, docEquals, isDoc, type Doc, type DocArray, type DocValue } from './doc-value';
import { documentToJson } from './doc-json';

/** A compiled update: `apply` returns the updated document and never changes its argument. */
export interface DocUpdate {
  apply(doc: Doc): Doc;
}

const UPDATE_OPERATORS: ReadonlySet<string> = new Set([
  '$set', '$unset', '$inc', '$mul', '$min', '$max', '$rename', '$currentDate',
  '$push', '$pull', '$pullAll', '$addToSet', '$pop', '$setOnInsert',
]);

/** Query operators: known, but misplaced in an update (42D02). */
const QUERY_OPERATORS: ReadonlySet<string> = new Set([
  '$eq', '$ne', '$gt', '$gte', '$lt', '$lte', '$in', '$nin', '$exists', '$type', '$regex', '$options', '$and',
  '$or', '$nor', '$not', '$elemMatch', '$size', '$all', '$mod', '$where', '$expr', '$text', '$jsonSchema',
  '$comment',
]);

const PUSH_MODIFIERS: ReadonlySet<string> = new Set(['$each', '$position', '$slice', '$sort']);

// ---------------------------------------------------------------- errors

function misplaced(op: string, where: string): SqlError {
  return SqlError.of(SqlState.MisplacedDocumentOperator, [op, where]);
}

function unknownOperator(op: string, detail?: string): SqlError {
  return SqlError.of(SqlState.UnknownDocumentOperator, [op], detail === undefined ? {} : { detail });
}

function describe(v: DocValue): string {
  const s = documentToJson(v);
  return `${bsonTypeName(v)} ${s.length > 40 ? s.slice(0, 37) + '...' : s}`;
}

// ---------------------------------------------------------------- templates

/**
 * True when every key of the template is an operator (`$…`), false when none is (a replacement document);
 * a template mixing both is 42D02. `{}` is a replacement.
 */
export function isOperatorUpdate(template: Doc): boolean {
  const keys = Object.keys(template);
  const ops = keys.filter((k) => k.startsWith('$'));
  if (ops.length === 0) return false;
  if (ops.length === keys.length) return true;
  throw misplaced(ops[0]!, 'beside plain fields in an update document');
}

/** An update path split and checked: no empty segment (22D01), no `$` segment (42D01/42D02), not too long. */
function parsePath(key: string): string[] {
  const path = parseDottedPath(key);
  if (path.length > MAX_DOC_DEPTH) throw limitExceeded(`an update path may have at most ${MAX_DOC_DEPTH} fields`);
  for (const seg of path) {
    if (seg === '$' || seg.startsWith('$[')) throw unknownOperator(seg, 'Positional updates are not supported.');
    if (seg.startsWith('$')) throw misplaced(seg, 'in an update path');
  }
  return path;
}

/** A value an operator stores must not hold `$`-prefixed field names (42D02); checked with an explicit stack. */
function checkStorable(v: DocValue): void {
  const stack: DocValue[] = [v];
  let n = 0;
  while (stack.length > 0) {
    const x = stack.pop()!;
    if (Array.isArray(x)) {
      if (++n > 100_000) return; // the limits check of the stored document bounds the rest
      stack.push(...x);
    } else if (isDoc(x)) {
      for (const k of Object.keys(x)) {
        if (k.startsWith('$')) throw misplaced(k, 'inside a value an update stores');
        stack.push(x[k]!);
      }
    }
  }
}

/** An integral number operand (for $position, $slice, $pop) as a JS number, or null when it is not one. */
function integerOperand(v: DocValue): number | null {
  if (typeof v === 'number') return Number.isInteger(v) ? v : null;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Decimal) return v.isInteger() ? v.toNumber() : null;
  return null;
}

function pushSort(v: DocValue, path: string[]): PushSort {
  const dir = integerOperand(v);
  if (dir === 1 || dir === -1) return { dir };
  if (isDoc(v) && Object.keys(v).length > 0) {
    const fields = Object.keys(v).map((k) => {
      const d = integerOperand(v[k]!);
      if (d !== 1 && d !== -1) throw clash('$push', path, `the $sort order of '${k}' must be 1 or -1, not ${describe(v[k]!)}`);
      return { path: parseDottedPath(k), dir: d as 1 | -1 };
    });
    return { fields };
  }
  throw clash('$push', path, `$sort must be 1, -1 or a document of fields and orders, not ${describe(v)}`);
}

function eachOperand(op: string, operand: Doc, path: string[]): DocArray {
  const each = operand.$each!;
  if (!Array.isArray(each)) throw clash(op, path, `$each must be an array, not ${describe(each)}`);
  each.forEach(checkStorable);
  return each;
}

function compilePush(operand: DocValue, path: string[]): Action {
  if (!isDoc(operand) || !Object.keys(operand).some((k) => k.startsWith('$'))) {
    checkStorable(operand);
    return { op: '$push', path, each: [operand], position: null, slice: null, sort: null };
  }
  for (const k of Object.keys(operand)) {
    if (PUSH_MODIFIERS.has(k)) continue;
    if (k.startsWith('$')) throw unknownOperator(k, 'A $push takes $each, $position, $slice and $sort.');
    throw misplaced('$each', 'beside plain fields');
  }
  if (operand.$each === undefined) throw clash('$push', path, 'the modifiers $position, $slice and $sort need $each');
  const each = eachOperand('$push', operand, path);
  const intOf = (name: '$position' | '$slice'): number | null => {
    const v = getField(operand, name);
    if (v === undefined) return null;
    const n = integerOperand(v);
    if (n === null) throw clash('$push', path, `${name} must be an integer, not ${describe(v)}`);
    return n;
  };
  const sortOperand = getField(operand, '$sort');
  return {
    op: '$push',
    path,
    each,
    position: intOf('$position'),
    slice: intOf('$slice'),
    sort: sortOperand === undefined ? null : pushSort(sortOperand, path),
  };
}

function compileAddToSet(operand: DocValue, path: string[]): Action {
  if (isDoc(operand) && Object.keys(operand).some((k) => k.startsWith('$'))) {
    const keys = Object.keys(operand);
    if (keys.length !== 1 || keys[0] !== '$each') {
      const bad = keys.find((k) => k !== '$each') ?? '$each';
      if (bad.startsWith('$')) throw unknownOperator(bad, 'An $addToSet takes only $each.');
      throw misplaced('$each', 'beside plain fields');
    }
    return { op: '$addToSet', path, each: eachOperand('$addToSet', operand, path) };
  }
  checkStorable(operand);
  return { op: '$addToSet', path, each: [operand] };
}

/** `$pull`'s test of one element (MongoDB: a condition on values, a query on documents, or equality). */
function pullTest(operand: DocValue): (v: DocValue) => boolean {
  const m = compileTemplate(operand);
  if (isDoc(operand) && !Object.keys(operand).some((k) => k.startsWith('$'))) return (v) => isDoc(v) && m(v);
  return (v) => m(v);
}

function currentDate(operand: DocValue, path: string[], now: Date): Action {
  if (typeof operand === 'boolean') return { op: '$set', path, value: new Date(now.getTime()) };
  if (isDoc(operand) && Object.keys(operand).length === 1 && operand.$type !== undefined) {
    if (operand.$type === 'date') return { op: '$set', path, value: new Date(now.getTime()) };
    if (operand.$type === 'timestamp') throw clash('$currentDate', path, 'the type timestamp is not supported (only date)');
  }
  throw clash('$currentDate', path, `the operand must be true or {"$type": "date"}, not ${describe(operand)}`);
}

function compileAction(op: string, key: string, operand: DocValue, now: Date): Action {
  const path = parsePath(key);
  switch (op) {
    case '$set':
    case '$min':
    case '$max':
      checkStorable(operand);
      return { op, path, value: operand };
    case '$unset':
    case '$setOnInsert':
      return { op, path };
    case '$inc':
    case '$mul':
      if (!isNum(operand)) throw clash(op, path, `the operand must be a number, not ${describe(operand)}`);
      return { op, path, value: operand };
    case '$rename': {
      if (typeof operand !== 'string') throw clash(op, path, `the new name must be a string, not ${describe(operand)}`);
      return { op, path, to: parsePath(operand) };
    }
    case '$currentDate':
      return currentDate(operand, path, now);
    case '$push':
      return compilePush(operand, path);
    case '$addToSet':
      return compileAddToSet(operand, path);
    case '$pop': {
      const n = integerOperand(operand);
      if (n !== 1 && n !== -1) throw clash(op, path, `the operand must be 1 or -1, not ${describe(operand)}`);
      return { op, path, first: n === -1 };
    }
    case '$pull':
      return { op, path, test: pullTest(operand) };
    default: {
      if (!Array.isArray(operand)) throw clash(op, path, `the operand must be an array, not ${describe(operand)}`);
      return { op: '$pullAll', path, values: operand };
    }
  }
}

// ---------------------------------------------------------------- conflicts and order

/** 22D03 when one path equals or is a prefix of another (file header, 2). */
function checkConflicts(paths: readonly string[][]): void {
  const whole = new Map<string, string>();
  const prefixes = new Map<string, string>();
  for (const p of paths) {
    const key = p.join('.');
    const clashWith = whole.get(key) ?? prefixes.get(key);
    if (clashWith !== undefined) throw conflict(key, clashWith);
    for (let i = 1; i < p.length; i++) {
      const pre = p.slice(0, i).join('.');
      if (whole.has(pre)) throw conflict(key, pre);
      if (!prefixes.has(pre)) prefixes.set(pre, key);
    }
    whole.set(key, key);
  }
}

function conflict(path: string, at: string): SqlError {
  return SqlError.of(SqlState.ConflictingUpdatePaths, [`'${path}'`, `'${at}'`]);
}

function compareSegments(a: string, b: string): number {
  const ia = arrayIndexOf(a);
  const ib = arrayIndexOf(b);
  if (ia >= 0 && ib >= 0) return ia - ib;
  return a < b ? -1 : a > b ? 1 : 0;
}

function comparePaths(a: readonly string[], b: readonly string[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = compareSegments(a[i]!, b[i]!);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

// ---------------------------------------------------------------- compile

function compileActions(template: Doc, now: Date): Action[] {
  const actions: Action[] = [];
  for (const op of Object.keys(template)) {
    if (!UPDATE_OPERATORS.has(op)) {
      if (QUERY_OPERATORS.has(op)) throw misplaced(op, 'in an update (it is a query operator)');
      throw unknownOperator(op);
    }
    const fields = template[op]!;
    if (!isDoc(fields)) throw clash(op, [], `the operand must be a document of fields, not ${describe(fields)}`);
    for (const key of Object.keys(fields)) actions.push(compileAction(op, key, fields[key]!, now));
  }
  const paths: string[][] = [];
  for (const a of actions) {
    paths.push(a.path);
    if (a.op === '$rename') paths.push(a.to);
  }
  checkConflicts(paths);
  return actions.sort((x, y) => comparePaths(x.path, y.path));
}

function touchesId(a: Action): boolean {
  return a.path[0] === '_id' || (a.op === '$rename' && a.to[0] === '_id');
}

function checkId(before: Doc, after: Doc): void {
  const a = getField(before, '_id');
  const b = getField(after, '_id');
  if (a === undefined && b === undefined) return;
  if (a !== undefined && b !== undefined && docEquals(a, b)) return;
  const from = a === undefined ? 'missing' : documentToJson(a);
  const to = b === undefined ? 'missing' : documentToJson(b);
  throw SqlError.of(SqlState.ImmutableIdField, [`the update would change it from ${from} to ${to}`]);
}

/**
 * Validates an update template (file header, 1–2) and returns its pure `apply`. A template without operators
 * is a replacement (`replaceDocument`).
 */
export function compileUpdate(template: Doc): DocUpdate {
  if (!isOperatorUpdate(template)) return { apply: (doc) => replaceDocument(doc, template) };
  const actions = compileActions(template, new Date());
  const idCheck = actions.some(touchesId);
  return {
    apply(doc: Doc): Doc {
      const draft = new Draft(doc);
      for (const a of actions) applyAction(draft, a);
      if (idCheck) checkId(doc, draft.root);
      return draft.settled();
    },
  };
}

/**
 * The template with `$currentDate` replaced by a `$set` of `now` for each of its fields (merged into the
 * template's `$set`, or put where `$currentDate` was). Validates the template first.
 */
export function resolveCurrentDate(template: Doc, now: Date): Doc {
  const dates = getField(template, '$currentDate');
  if (dates === undefined || !isOperatorUpdate(template)) return template;
  compileActions(template, now);
  const sets: Doc = {};
  const existing = getField(template, '$set');
  if (isDoc(existing)) for (const k of Object.keys(existing)) setField(sets, k, existing[k]!);
  for (const k of Object.keys(dates as Doc)) setField(sets, k, new Date(now.getTime()));
  const out: Doc = {};
  for (const op of Object.keys(template)) {
    if (op === '$currentDate') {
      if (existing === undefined) out.$set = sets;
    } else {
      setField(out, op, op === '$set' ? sets : template[op]!);
    }
  }
  return out;
}

/**
 * A plain replacement of `old`: the replacement's fields, with `old`'s `_id` kept (first). A replacement
 * naming a different `_id` is 22D04; a `$`-prefixed top-level field is 42D02.
 */
export function replaceDocument(old: Doc, replacement: Doc): Doc {
  const id = getField(old, '_id');
  const newId = getField(replacement, '_id');
  for (const k of Object.keys(replacement)) if (k.startsWith('$')) throw misplaced(k, 'in a replacement document');
  if (id === undefined) return replacement;
  if (newId !== undefined && !docEquals(id, newId)) {
    const why = `the replacement has _id ${documentToJson(newId)}, the document ${documentToJson(id)}`;
    throw SqlError.of(SqlState.ImmutableIdField, [why]);
  }
  const keys = ['_id'];
  const values: DocValue[] = [id];
  for (const k of Object.keys(replacement)) {
    if (k === '_id') continue;
    keys.push(k);
    values.push(replacement[k]!);
  }
  return makeDoc(keys, values);
}
