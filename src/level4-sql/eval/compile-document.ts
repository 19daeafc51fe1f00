/**
 * src/level4-sql/eval/compile-document.ts — document literals (`{'a': 1, "b": [2.5, ?], c: /x/i}`) and the
 * comparisons that involve documents: template matching (`doc = {'age': {'$gt': 30}}`, `x = {'$gt': 100}`)
 * and the comparison of values taken out of documents (`doc.age > 30`).
 *
 * 1. A literal without parameters is built once, at compile time, and folded (and checked against the
 *    limits, 54000); one with parameters is built per evaluation from its parts, and checked where it is
 *    stored (document-values.ts). Duplicate keys (22D01, at the key), regexes that do not compile (2201B)
 *    and REAL overflow (22003) are found at compile time.
 * 2. `=` with a document literal on one side is a template match (doc-match.ts): true when every field the
 *    template names matches, never NULL (a NULL subject is a missing value, which `{'$exists': false}`
 *    matches). `<>` is its negation. A template is compiled once when it is constant, else once per
 *    execution per template value (`ExecContext.cached`).
 * 3. A parameter compared with a document column or a selector is a template when its value is a document
 *    or a RegExp, and a plain value otherwise.
 * 4. Comparisons with a selector, or between two documents, follow the pinned document semantics: NULL
 *    when either side is NULL (a missing path is NULL); values of different type classes are unequal (so `=`
 *    and the ordering operators are false, `<>` true); otherwise MongoDB's order (`compareDocValues`).
 * 5. A template literal whose parameters all stand as plain fields' values (`{'address': {'zip': ?}}`) is
 *    compiled once, when the statement is, with holes for the parameters (doc-match.ts invariant 6); an
 *    execution whose parameters hold documents or RegExps compiles its template as invariant 2 says.
 */
import { assert } from '../../common/assert';
import { SqlError, SqlState } from '../../common/errors';
import { compileTemplate, compileTemplateWithHoles, type DocMatcher, type HoleValues, TemplateHole } from '../../common/values/document/doc-match';
import { storedRegExp } from '../../common/values/document/doc-from-js';
import { checkDocLimits } from '../../common/values/document/doc-limits';
import { makeDoc } from '../../common/values/document/doc-shape';
import { compareDocValues, type Doc, type DocArray, type DocValue, isDoc, sameTypeClass } from '../../common/values/document/doc-value';
import { BOOLEAN, DOCUMENT } from '../../common/values/sql-type';
import { ExactDecimal, normaliseInteger, type Value } from '../../common/values/value';
import type { DocNode, DocumentLiteral, Expr } from '../parse';
import { compiled, type Compiled, constant, type EvalFn } from './compiled';
import type { CompileEnv } from './compile-env';
import { type CompareOp, compareHolds, type Recurse } from './compile-operators';
import { selectorOf } from './compile-selector';
import type { Scope } from './scope';
import { atPosition } from './type-rules';

/**
 * Builds one part of a literal: a constant, or a closure over parameters. A part with parameters also has its
 * `shape` when it can serve as a template compiled once (invariant 5): the part with each parameter replaced
 * by a `TemplateHole` numbering it in `holes`; null when a parameter sits where a hole may not (in an array,
 * or in an object with `$`-keys).
 */
type Part =
  | { readonly constant: true; readonly value: DocValue }
  | { readonly constant: false; readonly eval: EvalFn; readonly shape: DocValue | null };

/** A literal with parameters, as a template compiled once: its shape, and the evaluators of its holes. */
interface HoledTemplate {
  readonly shape: DocValue;
  readonly holes: readonly EvalFn[];
}

/** The holed form of compiled document literals that have one (invariant 5). */
const holedOf = new WeakMap<Compiled, HoledTemplate>();

function shapeOf(p: Part): DocValue | null {
  return p.constant ? p.value : p.shape;
}

function regexOf(pattern: string, flags: string, position: number): RegExp {
  try {
    return storedRegExp(pattern, flags);
  } catch (e) {
    throw SqlError.of(SqlState.InvalidRegularExpression, [`/${pattern}/${flags}: ${(e as Error).message}`], { position });
  }
}

function numberOf(n: DocNode & { type: 'integer' | 'numeric' | 'real' }): DocValue {
  switch (n.type) {
    case 'integer':
      return normaliseInteger(BigInt(n.text));
    case 'numeric':
      return new ExactDecimal(n.text);
    case 'real': {
      const x = Number(n.text);
      if (!Number.isFinite(x)) throw SqlError.of(SqlState.NumericValueOutOfRange, [n.text], { position: n.position });
      return x === 0 ? 0 : x;
    }
  }
}

function put(d: Doc, key: string, v: DocValue): void {
  if (key === '__proto__') Object.defineProperty(d, key, { value: v, enumerable: true, writable: true, configurable: true });
  else d[key] = v;
}

function part(n: DocNode, scope: Scope, env: CompileEnv, rec: Recurse, holes: EvalFn[]): Part {
  switch (n.type) {
    case 'integer':
    case 'numeric':
    case 'real':
      return { constant: true, value: numberOf(n) };
    case 'string':
      return { constant: true, value: n.value };
    case 'boolean':
      return { constant: true, value: n.value };
    case 'null':
      return { constant: true, value: null };
    case 'regex':
      return { constant: true, value: regexOf(n.pattern, n.flags, n.position) };
    case 'param': {
      const p = rec(n.param, scope, env);
      const hole = new TemplateHole(holes.length) as unknown as DocValue; // stands where a value goes (doc-match.ts invariant 6)
      holes.push(p.eval);
      return { constant: false, eval: p.eval, shape: hole };
    }
    case 'array': {
      const items = n.items.map((x) => part(x, scope, env, rec, holes));
      if (items.every((x) => x.constant)) return { constant: true, value: items.map((x) => (x as { value: DocValue }).value) };
      const fs = items.map(evaluator);
      return {
        constant: false,
        shape: null,
        eval: (c, row) => {
          const out: DocArray = new Array(fs.length);
          for (let i = 0; i < fs.length; i++) out[i] = fs[i]!(c, row) as DocValue;
          return out as unknown as Value;
        },
      };
    }
    case 'object': {
      const seen = new Set<string>();
      for (const f of n.fields) {
        if (seen.has(f.key)) throw SqlError.of(SqlState.InvalidDocument, [`duplicate key '${f.key}'`], { position: f.keyPosition });
        seen.add(f.key);
      }
      const keys = n.fields.map((f) => f.key);
      const items = n.fields.map((f) => part(f.value, scope, env, rec, holes));
      if (items.every((x) => x.constant)) {
        return { constant: true, value: makeDoc(keys, items.map((x) => (x as { value: DocValue }).value)) };
      }
      const fs = items.map(evaluator);
      let shape: Doc | null = keys.some((k) => k.startsWith('$')) ? null : {};
      for (let i = 0; i < keys.length && shape !== null; i++) {
        const x = shapeOf(items[i]!);
        if (x === null) shape = null;
        else put(shape, keys[i]!, x);
      }
      return {
        constant: false,
        shape,
        eval: (c, row) => {
          const values = new Array<DocValue>(fs.length);
          for (let i = 0; i < fs.length; i++) values[i] = fs[i]!(c, row) as DocValue;
          return makeDoc(keys, values) as Value;
        },
      };
    }
  }
}

function evaluator(p: Part): EvalFn {
  if (p.constant) {
    const v = p.value as Value;
    return () => v;
  }
  return p.eval;
}

/** Compiles a document literal (invariant 1). */
export function compileDocumentLiteral(e: DocumentLiteral, scope: Scope, env: CompileEnv, rec: Recurse, text: string): Compiled {
  const holes: EvalFn[] = [];
  const p = part(e.value, scope, env, rec, holes);
  if (p.constant) {
    try {
      checkDocLimits(p.value);
    } catch (err) {
      throw atPosition(err, e.position);
    }
    return constant(p.value as Value, DOCUMENT, text);
  }
  const f = p.eval;
  const c = compiled({
    type: DOCUMENT,
    text: text,
    eval: f,
  });
  if (p.shape !== null) holedOf.set(c, { shape: p.shape, holes });
  return c;
}

// ---------------------------------------------------------------- comparisons

function isTemplateValue(v: Value): boolean {
  return isDoc(v) || v instanceof RegExp;
}

/** A template value and its matcher (null when the value is not a template but a plain value). */
interface PreparedTemplate {
  readonly t: Value;
  readonly m: DocMatcher | null;
}

/**
 * The template of this execution, evaluated and compiled on first use and kept in the context: a template's
 * values are literals and parameters, fixed for the whole execution (its `refs` is -1), so neither the value
 * nor its matcher is rebuilt per row.
 */
function preparedFor(cacheKey: object, tf: EvalFn, position: number) {
  return (c: Parameters<EvalFn>[0], row: Parameters<EvalFn>[1]): PreparedTemplate => {
    const done = c.cached(cacheKey) as PreparedTemplate | undefined;
    if (done !== undefined) return done;
    const t = tf(c, row);
    let m: DocMatcher | null = null;
    if (isTemplateValue(t)) {
      try {
        m = compileTemplate(t as DocValue);
      } catch (err) {
        throw atPosition(err, position);
      }
    }
    const p: PreparedTemplate = { t, m };
    c.setCached(cacheKey, p);
    return p;
  };
}

/** `subject = template` / `subject <> template` (invariant 2). */
export function templateComparison(op: '=' | '<>', subject: Compiled, template: Compiled, position: number): Compiled {
  const sf = subject.eval;
  const neg = op === '<>';
  const text = `${subject.text} ${op} ${template.text}`;
  const refs = Math.max(subject.refs, template.refs);
  if (template.folded) {
    let m: DocMatcher;
    try {
      m = compileTemplate(template.value as DocValue);
    } catch (err) {
      throw atPosition(err, position);
    }
    return compiled({
      type: BOOLEAN,
      text,
      refs,
      eval: (c, row) => {
        const v = sf(c, row);
        return m(v === null ? undefined : (v as DocValue)) !== neg;
      },
    });
  }
  assert(template.refs < 0, 'a template reads no row');
  const get = preparedFor({}, template.eval, position);
  const holed = holedOf.get(template);
  if (holed !== undefined) return holedComparison(neg, sf, holed, get, text, refs, position);
  return compiled({
    type: BOOLEAN,
    text,
    refs,
    eval: (c, row) => {
      const p = get(c, row);
      const v = sf(c, row);
      if (p.m === null) return docCompare(op, v, p.t);
      return p.m(v === null ? undefined : (v as DocValue)) !== neg;
    },
  });
}

/**
 * `subject = template` for a literal with parameters only at plain fields (invariant 5): the template is
 * compiled once, with holes; an execution whose parameters hold a document or a RegExp (a nested template, a
 * regex match) takes the general path `get` instead.
 */
function holedComparison(
  neg: boolean,
  sf: EvalFn,
  holed: HoledTemplate,
  get: (c: Parameters<EvalFn>[0], row: Parameters<EvalFn>[1]) => PreparedTemplate,
  text: string,
  refs: number,
  position: number,
): Compiled {
  const hv: HoleValues = { values: [] };
  let m: DocMatcher;
  try {
    m = compileTemplateWithHoles(holed.shape, hv);
  } catch (err) {
    throw atPosition(err, position);
  }
  const fs = holed.holes;
  const key = {};
  const NOT_HOLES = 0; // cached when some hole's value is a template value
  return compiled({
    type: BOOLEAN,
    text,
    refs,
    eval: (c, row) => {
      let vals = c.cached(key) as DocValue[] | typeof NOT_HOLES | undefined;
      if (vals === undefined) {
        const xs: DocValue[] = new Array(fs.length);
        for (let i = 0; i < fs.length; i++) xs[i] = fs[i]!(c, row) as DocValue;
        vals = xs.some((x) => isTemplateValue(x as Value)) ? NOT_HOLES : xs;
        c.setCached(key, vals);
      }
      const v = sf(c, row);
      if (vals === NOT_HOLES) {
        const p = get(c, row);
        return (p.m as DocMatcher)(v === null ? undefined : (v as DocValue)) !== neg;
      }
      hv.values = vals;
      return m(v === null ? undefined : (v as DocValue)) !== neg;
    },
  });
}

/** The pinned comparison of document values (invariant 4). */
export function docCompare(op: CompareOp, a: Value, b: Value): boolean | null {
  if (a === null || b === null) return null;
  if (!sameTypeClass(a as DocValue, b as DocValue)) return op === '<>';
  return compareHolds(op, compareDocValues(a as DocValue, b as DocValue));
}

function docComparison(op: CompareOp, l: Compiled, r: Compiled): Compiled {
  const lf = l.eval;
  const rf = r.eval;
  return compiled({
    type: BOOLEAN,
    text: `${l.text} ${op} ${r.text}`,
    refs: Math.max(l.refs, r.refs),
    eval: (c, row) => docCompare(op, lf(c, row), rf(c, row)),
  });
}

function isParameter(e: Expr): boolean {
  return e.kind === 'Parameter';
}

function holdsDocuments(c: Compiled): boolean {
  return c.type.kind === 'DOCUMENT' || c.type.kind === 'DOCARRAY' || selectorOf(c) !== undefined;
}

/**
 * The comparison `l op r` when documents are involved (invariants 2–4), or null when the ordinary SQL
 * comparison applies. `le` and `re` are the sides' AST (they tell literals and parameters apart).
 */
export function documentComparison(op: CompareOp, le: Expr, re: Expr, l: Compiled, r: Compiled): Compiled | null {
  const eq = op === '=' || op === '<>';
  if (eq && re.kind === 'DocumentLiteral') return templateComparison(op, l, r, re.position);
  if (eq && le.kind === 'DocumentLiteral') return templateComparison(op, r, l, le.position);
  if (eq && isParameter(re) && holdsDocuments(l)) return templateComparison(op, l, r, re.position);
  if (eq && isParameter(le) && holdsDocuments(r)) return templateComparison(op, r, l, le.position);
  if (le.kind === 'DocumentLiteral' || re.kind === 'DocumentLiteral') return docComparison(op, l, r);
  if (selectorOf(l) !== undefined || selectorOf(r) !== undefined) return docComparison(op, l, r);
  if (holdsDocuments(l) && holdsDocuments(r)) return docComparison(op, l, r);
  return null;
}
