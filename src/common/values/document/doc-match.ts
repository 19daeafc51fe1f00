/**
 * src/common/values/document/doc-match.ts — query templates: `compileTemplate` turns a template such as
 * `{'city': 'X', 'age': {'$gt': 30}}` into a matcher with MongoDB's query semantics plus Pyrrho's partial
 * nested documents (the README in this directory states the rules with examples).
 *
 * 1. All validation happens while compiling (42D01 unknown operator, 42D02 misplaced operator, 22D01 bad
 *    operand, 2201B bad regex); the matcher is a tree of closures that never throws and never re-reads the
 *    template.
 * 2. A template is matched against the VALUES a path reaches. Walking a path, a document is entered by field,
 *    an array is traversed: each element that is a document continues the path, and an element whose position
 *    equals the next step continues from it (MongoDB's rules). At the end of the path an array yields its
 *    elements and then itself ("leaf expansion"), except for $size, $elemMatch and $exists and at a position
 *    step. A path that reaches nothing yields one missing value.
 * 3. A positive condition holds when ANY value reached satisfies it; $ne, $nin, $not, $nor and
 *    `$exists: false` are the negations of their positive forms, so they hold for a missing field.
 * 4. Levels: an object whose keys are all `$`-operators applies them to the value at that level; an object
 *    with plain keys is a document template, satisfied by a reached value that is a document whose fields
 *    match (Pyrrho's partial nested document; `{}` means "is a document"); `$and/$or/$nor` may join either
 *    kind. Any other `$`-key beside plain keys is 42D02.
 * 5. Operands of operators, and arrays anywhere in a template, are values compared exactly (`docEquals`).
 * 6. A template with holes (`compileTemplateWithHoles`) is compiled once for many values: a `TemplateHole`
 *    stands as a plain field's value, and the matcher reads that field's value from `holes.values` when it
 *    runs, comparing by equality (as `compileValue` does for any value that is not a document or a RegExp).
 *    The caller fills `holes.values` before each call and never with a document or a RegExp, which would
 *    mean a nested template or a regex match, not equality (compile the filled-in template for those).
 */
import { SqlError, SqlState } from '../../errors';
import { isDoc, type Doc, type DocValue } from './doc-value';
import { arrayIndexOf, getField, parseDottedPath } from './doc-path';
import { regexFromText, regexPredicate } from './doc-regex';
import {
  badOperand,
  comparePred,
  describeType,
  equalsPred,
  valueEquals,
  inPred,
  isContainer,
  isDocPred,
  modPred,
  presentPred,
  sizePred,
  truthy,
  typePred,
  type ComparisonOp,
  type Pred,
} from './doc-predicates';

export { sargableConditions, type PathCondition } from './doc-sargable';

/** A compiled template: true when the value matches. `undefined` is a missing value (or an SQL NULL). */
export type DocMatcher = (v: DocValue | undefined) => boolean;

// ---- paths --------------------------------------------------------------------------------------------------

/** A dotted key, split and pre-analysed once. */
class CompiledPath {
  readonly length: number;
  /** The array position each step names, or -1. */
  readonly index: number[];
  /** Steps that must be read as own properties because Object.prototype has a member of that name. */
  readonly guarded: boolean[];

  constructor(readonly names: readonly string[]) {
    this.length = names.length;
    this.index = names.map(arrayIndexOf);
    this.guarded = names.map((n) => n in Object.prototype);
  }
}

const EMPTY_PATH = new CompiledPath([]);

const NONE = 0; // the path reached no value
const SOME = 1; // it reached values, none satisfied the predicate
const FOUND = 2;

/** Walks `path` from step `i` at `v` (file header, invariant 2), testing each value reached with `p`. */
function visit(v: DocValue | undefined, path: CompiledPath, i: number, p: Pred, expand: boolean): number {
  for (; i < path.length; i++) {
    if (typeof v !== 'object' || v === null) return p(undefined) ? FOUND : SOME;
    if (Array.isArray(v)) return visitArray(v, path, i, p, expand);
    if (!isDoc(v)) return p(undefined) ? FOUND : SOME;
    v = path.guarded[i] ? getField(v, path.names[i]!) : v[path.names[i]!];
  }
  if (expand && Array.isArray(v)) {
    for (let k = 0; k < v.length; k++) if (p(v[k])) return FOUND;
  }
  return p(v) ? FOUND : SOME;
}

/** An array met before the end of the path: its documents continue the path, and so does the element at
 * the position the next step names. */
function visitArray(arr: DocValue[], path: CompiledPath, i: number, p: Pred, expand: boolean): number {
  const at = path.index[i]!;
  const last = i + 1 === path.length;
  let seen = NONE;
  for (let k = 0; k < arr.length; k++) {
    const e = arr[k]!;
    let r = NONE;
    if (isDoc(e)) {
      r = visit(e, path, i, p, expand);
      if (r !== FOUND && k === at) r = Math.max(r, last ? (p(e) ? FOUND : SOME) : visit(e, path, i + 1, p, expand));
    } else if (k === at) {
      if (last) r = p(e) ? FOUND : SOME;
      else if (Array.isArray(e)) r = visitArray(e, path, i + 1, p, expand);
    }
    if (r === FOUND) return FOUND;
    if (r > seen) seen = r;
  }
  return seen;
}

/** True when some value reached by `path` from `root` satisfies `p` (a path reaching nothing: missing). */
function anyValue(root: DocValue | undefined, path: CompiledPath, p: Pred, expand: boolean): boolean {
  const r = visit(root, path, 0, p, expand);
  return r === FOUND || (r === NONE && p(undefined));
}

// ---- conditions ---------------------------------------------------------------------------------------------

/** A condition on the values that `path` reaches from `root`. */
type Cond = (root: DocValue | undefined, path: CompiledPath) => boolean;
/** A condition on a document level (the root of the paths of its plain keys). */
type DocCond = (root: DocValue | undefined) => boolean;

/** `single`: the condition tests the root itself, as $elemMatch tests each element (no path, no expansion). */
function leaf(p: Pred, expand: boolean, single: boolean): Cond {
  if (single) return (root) => p(root);
  return expand ? (root, path) => anyValue(root, path, p, true) : (root, path) => anyValue(root, path, p, false);
}

function not(c: Cond): Cond {
  return (root, path) => !c(root, path);
}

function all(cs: Cond[]): Cond {
  if (cs.length === 1) return cs[0]!;
  if (cs.length === 2) {
    const [a, b] = cs as [Cond, Cond];
    return (root, path) => a(root, path) && b(root, path);
  }
  return (root, path) => {
    for (const c of cs) if (!c(root, path)) return false;
    return true;
  };
}

function some(cs: Cond[]): Cond {
  return (root, path) => {
    for (const c of cs) if (c(root, path)) return true;
    return false;
  };
}

function allDoc(cs: DocCond[]): DocCond {
  if (cs.length === 0) return () => true;
  if (cs.length === 1) return cs[0]!;
  if (cs.length === 2) {
    const [a, b] = cs as [DocCond, DocCond];
    return (root) => a(root) && b(root);
  }
  return (root) => {
    for (const c of cs) if (!c(root)) return false;
    return true;
  };
}

// ---- operators ----------------------------------------------------------------------------------------------

const LOGICAL = new Set(['$and', '$or', '$nor']);
const COMPARISONS = new Set(['$gt', '$gte', '$lt', '$lte']);
const VALUE_OPERATORS = new Set([
  '$eq', '$ne', '$gt', '$gte', '$lt', '$lte', '$in', '$nin', '$exists', '$type', '$regex', '$options', '$not',
  '$elemMatch', '$size', '$all', '$mod',
]); // prettier-ignore
const UPDATE_OPERATORS = new Set([
  '$set', '$unset', '$inc', '$mul', '$min', '$max', '$rename', '$currentDate', '$push', '$pull', '$pullAll',
  '$addToSet', '$pop', '$setOnInsert', '$each', '$position', '$slice', '$sort', '$bit',
]); // prettier-ignore

function isOperatorKey(k: string): boolean {
  return k.charCodeAt(0) === 36; // '$'
}

/** 42D01 for an unknown operator, 42D02 for an update operator. */
function unknownOperator(op: string): SqlError {
  if (UPDATE_OPERATORS.has(op)) {
    return SqlError.of(SqlState.MisplacedDocumentOperator, [op, 'in a query template'], {
      detail: `${op} is an update operator; it belongs in the SET of an UPDATE.`,
    });
  }
  return SqlError.of(SqlState.UnknownDocumentOperator, [op]);
}

function checkKnown(op: string): void {
  if (!VALUE_OPERATORS.has(op) && !LOGICAL.has(op)) throw unknownOperator(op);
}

/** The sub-templates of $and/$or/$nor: a non-empty array of documents. */
function logicalOperands(op: string, operand: DocValue): Doc[] {
  if (!Array.isArray(operand) || operand.length === 0) throw badOperand(op, 'needs a non-empty array of templates');
  for (const t of operand) if (!isDoc(t)) throw badOperand(op, `needs templates (documents), not ${describeType(t)}`);
  return operand as Doc[];
}

function combineLogical(op: string, cs: Cond[]): Cond {
  return op === '$and' ? all(cs) : op === '$or' ? some(cs) : not(some(cs));
}

/** Compiles the operator object `t` (all keys are `$`-keys), applied to the value at its level. */
function compileOperators(t: Doc, single: boolean): Cond {
  const conds: Cond[] = [];
  for (const op of Object.keys(t)) {
    const operand = t[op]!;
    if (op === '$options') {
      if (!('$regex' in t)) throw badOperand('$options', 'needs a $regex beside it');
    } else if (op === '$regex') {
      conds.push(leaf(regexPredicate(regexOperand(operand, t['$options'])), true, single));
    } else if (LOGICAL.has(op)) {
      conds.push(combineLogical(op, logicalOperands(op, operand).map((s) => compileValue(s, single, null))));
    } else {
      conds.push(compileOperator(op, operand, single));
    }
  }
  return all(conds);
}

function regexOperand(pattern: DocValue, options: DocValue | undefined): RegExp {
  if (options !== undefined && typeof options !== 'string') throw badOperand('$options', 'needs a string');
  if (pattern instanceof RegExp) {
    if (options === undefined || options === '') return pattern;
    if (pattern.flags.replace(/[gy]/g, '') !== '') {
      throw badOperand('$regex', 'has options both in the regex and in $options');
    }
    return regexFromText(pattern.source, options);
  }
  if (typeof pattern !== 'string') {
    throw badOperand('$regex', `needs a string or a regex, not ${describeType(pattern)}`);
  }
  return regexFromText(pattern, options ?? '');
}

/** One value operator (not $regex/$options, not logical). */
function compileOperator(op: string, x: DocValue, single: boolean): Cond {
  switch (op) {
    case '$eq':
      return leaf(equalsPred(x), true, single);
    case '$ne':
      return not(leaf(equalsPred(x), true, single));
    case '$in':
      return leaf(inPred(op, x), true, single);
    case '$nin':
      return not(leaf(inPred(op, x), true, single));
    case '$exists':
      return truthy(x) ? leaf(presentPred, false, single) : not(leaf(presentPred, false, single));
    case '$type':
      return leaf(typePred(op, x), true, single);
    case '$size':
      return leaf(sizePred(op, x), false, single);
    case '$mod':
      return leaf(modPred(op, x), true, single);
    case '$not':
      return not(compileNot(x, single));
    case '$elemMatch':
      return leaf(elemMatchPred(x), false, single);
    case '$all':
      return compileAll(x, single);
    default:
      if (COMPARISONS.has(op)) return leaf(comparePred(op as ComparisonOp, x), true, single);
      throw unknownOperator(op);
  }
}

function compileNot(x: DocValue, single: boolean): Cond {
  if (x instanceof RegExp) return leaf(regexPredicate(x), true, single);
  if (!isDoc(x) || Object.keys(x).length === 0) throw badOperand('$not', 'needs a regex or a non-empty template');
  return compileValue(x, single, null);
}

/** $elemMatch: some element of an array matches — operators test the element itself (value form), a
 * document template tests elements that are documents (or arrays, as MongoDB does) (object form). */
function elemMatchPred(x: DocValue): Pred {
  if (!isDoc(x)) throw badOperand('$elemMatch', `needs a template (a document), not ${describeType(x)}`);
  const keys = Object.keys(x);
  const valueForm = keys.length > 0 && keys.every(isOperatorKey) && keys.some((k) => !LOGICAL.has(k));
  if (valueForm) {
    const c = compileValue(x, true, null);
    return (v) => {
      if (!Array.isArray(v)) return false;
      for (let k = 0; k < v.length; k++) if (c(v[k], EMPTY_PATH)) return true;
      return false;
    };
  }
  const d = compileDoc(x, null);
  return (v) => {
    if (!Array.isArray(v)) return false;
    for (let k = 0; k < v.length; k++) if (isContainer(v[k]) && d(v[k])) return true;
    return false;
  };
}

/** $all: [v1, v2 …] holds when each member would match alone; members may be values, regexes or
 * {$elemMatch: …}; an empty list matches nothing. */
function compileAll(x: DocValue, single: boolean): Cond {
  if (!Array.isArray(x)) throw badOperand('$all', `needs an array, not ${describeType(x)}`);
  if (x.length === 0) return () => false;
  const conds = x.map((m) => {
    if (isDoc(m)) {
      const keys = Object.keys(m);
      if (keys.length === 1 && keys[0] === '$elemMatch') return leaf(elemMatchPred(m['$elemMatch']!), false, single);
      if (keys.some(isOperatorKey)) {
        throw badOperand('$all', 'members may not be operator expressions except $elemMatch');
      }
    }
    return m instanceof RegExp ? leaf(regexPredicate(m), true, single) : leaf(equalsPred(m), true, single);
  });
  return all(conds);
}

// ---- levels -------------------------------------------------------------------------------------------------

/** Sorts a template object's keys: plain keys, and the first `$`-key that may not stand beside them. */
function classify(t: Doc): { plain: boolean; misplaced: string | undefined } {
  let plain = false;
  let misplaced: string | undefined;
  for (const k of Object.keys(t)) {
    if (!isOperatorKey(k)) plain = true;
    else {
      checkKnown(k);
      if (!LOGICAL.has(k) && misplaced === undefined) misplaced = k;
    }
  }
  if (plain && misplaced !== undefined) {
    throw SqlError.of(SqlState.MisplacedDocumentOperator, [misplaced, 'beside plain fields'], {
      detail: 'A template level holds either field names or operators that apply to the value at that level.',
    });
  }
  return { plain, misplaced };
}

/** A parameter's place in a template compiled once for many values (invariant 6). */
export class TemplateHole {
  constructor(readonly index: number) {}
}

/** The values of a template's holes for the next match (invariant 6): set by the caller before each call. */
export interface HoleValues {
  values: readonly DocValue[];
}

/** Compiles a template applied to the values at its level (file header, invariants 4 and 6). */
function compileValue(t: DocValue, single: boolean, holes: HoleValues | null): Cond {
  if (t instanceof TemplateHole && holes !== null) {
    const i = t.index;
    return leaf((v) => valueEquals(v, holes.values[i]!), true, single);
  }
  if (t instanceof RegExp) return leaf(regexPredicate(t), true, single);
  if (!isDoc(t)) return leaf(equalsPred(t), true, single);
  const keys = Object.keys(t);
  if (keys.length === 0) return leaf(isDocPred, true, single);
  const { plain } = classify(t);
  if (!plain) return compileOperators(t, single);
  const d = compileDoc(t, holes);
  return leaf((v) => isDoc(v) && d(v), true, single);
}

/** Compiles a document template: its plain keys are paths from the level's root, its $and/$or/$nor apply
 * to that root. */
function compileDoc(t: Doc, holes: HoleValues | null): DocCond {
  const { plain, misplaced } = classify(t);
  if (!plain && misplaced !== undefined) {
    const c = compileOperators(t, false);
    return (root) => c(root, EMPTY_PATH);
  }
  const conds: DocCond[] = [];
  for (const key of Object.keys(t)) {
    const sub = t[key]!;
    if (isOperatorKey(key)) {
      const parts = logicalOperands(key, sub).map((x) => compileDoc(x, holes));
      conds.push(combineDocLogical(key, parts));
    } else {
      const path = new CompiledPath(parseDottedPath(key));
      const c = compileValue(sub, false, holes);
      conds.push((root) => c(root, path));
    }
  }
  return allDoc(conds);
}

function combineDocLogical(op: string, cs: DocCond[]): DocCond {
  if (op === '$and') return allDoc(cs);
  const any: DocCond = (root) => {
    for (const c of cs) if (c(root)) return true;
    return false;
  };
  return op === '$or' ? any : (root) => !any(root);
}

/**
 * Compiles a query template (file header). Throws SqlError 42D01/42D02/22D01/2201B for a bad template; the
 * matcher it returns never throws.
 */
export function compileTemplate(template: DocValue): DocMatcher {
  const c = compileValue(template, false, null);
  return (v) => c(v, EMPTY_PATH);
}

/**
 * Compiles a template whose plain fields may hold `TemplateHole`s (invariant 6): the matcher compares each
 * hole's field with `holes.values[hole.index]` at the time of the call. Throws as `compileTemplate` does.
 */
export function compileTemplateWithHoles(template: DocValue, holes: HoleValues): DocMatcher {
  const c = compileValue(template, false, holes);
  return (v) => c(v, EMPTY_PATH);
}
