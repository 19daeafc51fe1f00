/**
 * src/level4-sql/plan/template-keys.ts — the index keys a document template fixes: `doc = {'address':
 * {'zip': ?}}` fixes the path `address.zip` to `?`, so an index on `doc.address.zip` can find the rows.
 *
 * 1. Read from the literal's AST, so parameters can stand as key values: plain fields (dotted keys are paths),
 *    Pyrrho's partial nested documents, `$eq`, `$gt`, `$gte`, `$lt`, `$lte` with a scalar operand, and the
 *    members of `$and`. Nothing under `$or`, `$nor`, `$not`, `$elemMatch`, `$in` …, and no null, array,
 *    document or regex value: those do not mean "the path's value equals/bounds this".
 * 2. A template names fields exactly, so a template path fixes an index part whose steps have the same
 *    names, exact or forgiving of case (access-path.ts `partId`); the conjunct is always re-tested (in
 *    invariant 4's case by its presence test).
 * 3. A parameter is a key only when its value is a scalar: `guard` says so per execution, and the access
 *    path falls back to a scan when it is not (a parameter holding `{'$gt': 5}` is an operator, not a key).
 * 4. A template that is one plain equality and nothing else (`{'address': {'zip': ?}}`, `{'address.zip': ?}`:
 *    nested plain documents of one field each down to a scalar or a parameter, no operator, no array step)
 *    also offers `presence`, the cheaper re-test access-path.ts uses when an untyped path part of the same
 *    names is fixed by it: that the path, spelled exactly as the template spells it, is there. On a row that
 *    index found by the key Z the template holds exactly when it is: the index read its path stepping into
 *    documents only (doc-path.ts invariant 1), taking a field spelled exactly as written wherever there is
 *    one (invariant 2 there), and holds only rows whose path is a scalar or a document; so where the exact
 *    path is there it is the field whose value the index compared equal to Z, a scalar, and a scalar
 *    equals Z in a template exactly when it does in the index (numbers by value, other kinds only their
 *    own). Where it is not there the template, which names fields exactly, does not hold.
 */
import { arrayIndexOf, PathReader, type PathStep } from '../../common/values/document/doc-path';
import { isDoc, type DocValue } from '../../common/values/document/doc-value';
import { typeOfValue } from '../../common/values/cast';
import { sqlLiteral } from '../../common/values/format';
import { BOOLEAN, NULL_TYPE } from '../../common/values/sql-type';
import { Decimal, ExactDecimal, normaliseInteger, type Value } from '../../common/values/value';
import type { ExecContext } from '../context';
import { compiled, type Compiled, constant } from '../eval/compiled';
import { quotedStep, selectorOf } from '../eval/compile-selector';
import type { Scope } from '../eval/scope';
import type { KeyPart } from '../exec/index-key';
import type { DocNode, Expr } from '../parse';
import { partId } from './access-path';

type KeyOp = '=' | '<' | '<=' | '>' | '>=';

/** One condition a template puts on a path (invariant 1). */
interface TemplateCondition {
  readonly path: readonly string[];
  readonly op: KeyOp;
  readonly value: DocNode;
}

/** A key candidate from a template, in the access path's terms. */
export interface TemplateKey {
  readonly op: KeyOp;
  readonly id: string;
  readonly part: KeyPart;
  /** false when this execution's value cannot be a key (invariant 3) */
  readonly guard: ((ctx: ExecContext) => boolean) | null;
  /** the re-test on rows an untyped path index found by this key, for a template of this one equality (invariant 4) */
  readonly presence: Compiled | null;
}

const RANGE_OPS: Readonly<Record<string, KeyOp>> = { $eq: '=', $gt: '>', $gte: '>=', $lt: '<', $lte: '<=' };

function isScalarNode(n: DocNode): boolean {
  return n.type === 'integer' || n.type === 'numeric' || n.type === 'real' || n.type === 'string' || n.type === 'boolean' || n.type === 'param';
}

function hasOperators(n: DocNode & { type: 'object' }): boolean {
  return n.fields.some((f) => f.key.startsWith('$'));
}

/** The path of a template that is one plain equality and nothing else (invariant 4), else null. */
function soleEqualityPath(n: DocNode): string[] | null {
  const path: string[] = [];
  let at = n;
  while (at.type === 'object') {
    if (at.fields.length !== 1) return null;
    const f = at.fields[0]!;
    if (f.key.startsWith('$')) return null;
    const steps = f.key.split('.');
    if (steps.some((st) => st.length === 0 || st.startsWith('$') || arrayIndexOf(st) >= 0)) return null;
    path.push(...steps);
    at = f.value;
  }
  return path.length > 0 && isScalarNode(at) ? path : null;
}

/** The conditions of a template object at `prefix` (invariant 1). */
function conditions(n: DocNode, prefix: readonly string[], out: TemplateCondition[]): void {
  if (n.type !== 'object') return;
  if (hasOperators(n)) {
    for (const f of n.fields) {
      if (f.key === '$and' && f.value.type === 'array') {
        for (const item of f.value.items) conditions(item, prefix, out);
      } else if (prefix.length > 0 && f.key in RANGE_OPS && isScalarNode(f.value)) {
        out.push({ path: prefix, op: RANGE_OPS[f.key]!, value: f.value });
      }
    }
    return;
  }
  for (const f of n.fields) {
    const path = [...prefix, ...f.key.split('.')];
    if (path.some((s) => s.length === 0)) continue;
    if (f.value.type === 'object') conditions(f.value, path, out);
    else if (isScalarNode(f.value)) out.push({ path, op: '=', value: f.value });
  }
}

function literalOf(n: DocNode): Value {
  switch (n.type) {
    case 'integer':
      return normaliseInteger(BigInt(n.text));
    case 'numeric':
      return new ExactDecimal(n.text);
    case 'real':
      return Number(n.text);
    case 'string':
    case 'boolean':
      return n.value;
    default:
      return null;
  }
}

/** True for a value an index key can hold (invariant 3). */
/** True when `v` can be an index key value: not NULL, NaN, a document, an array, a regex or bytes. */
export function isScalarValue(v: Value): boolean {
  if (v === null) return false;
  if (typeof v !== 'object') return typeof v !== 'number' || v - v === 0;
  return v instanceof Decimal || v instanceof Date || (!isDoc(v) && !Array.isArray(v) && !(v instanceof RegExp) && !(v instanceof Uint8Array));
}

/**
 * The keys `subject = template` fixes for the table at `leaf` (invariants 1–3); `compileAt` compiles an
 * expression in the access path's scope. Empty when the subject is not a document column (or a selector
 * into one) of that table.
 */
export function templateKeys(
  subject: Expr,
  template: DocNode,
  scope: Scope,
  leaf: number,
  compileAt: (e: Expr, s: Scope) => Compiled,
): TemplateKey[] {
  const s = compileAt(subject, scope);
  const at = documentSubject(s, scope, leaf);
  if (at === null) return [];
  const { slot, prefix } = at;
  const conds: TemplateCondition[] = [];
  conditions(template, [], conds);
  const sole = soleEqualityPath(template);
  const presence = sole === null ? null : presenceTest(s, sole);
  const out: TemplateKey[] = [];
  for (const c of conds) {
    let value: Compiled;
    let guard: TemplateKey['guard'] = null;
    if (c.value.type === 'param') {
      const p = compileAt(c.value.param, scope);
      const f = p.eval;
      value = compiled({ type: NULL_TYPE, text: p.text, refs: p.refs, eval: f });
      guard = (ctx) => isScalarValue(f(ctx, null));
    } else {
      const v = literalOf(c.value);
      value = constant(v, typeOfValue(v), sqlLiteral(v));
    }
    const text = [s.text, ...c.path].join('.');
    const part: KeyPart = { column: text, type: NULL_TYPE, value, lenient: true };
    const steps = [...prefix, ...c.path.map((name) => ({ name, exact: true }))];
    out.push({ op: c.op, id: partId(slot, steps), part, guard, presence });
  }
  return out;
}

/**
 * Where a template's subject `s` reads, when it is a DOCUMENT column of the table at `leaf` in this query level
 * (no steps) or a selector into one (its steps); null otherwise.
 */
export function documentSubject(s: Compiled, scope: Scope, leaf: number): { slot: number; prefix: readonly PathStep[] } | null {
  if (s.column !== null) {
    if (s.column.level !== scope.level || s.column.entry.leaf !== leaf || s.type.kind !== 'DOCUMENT') return null;
    return { slot: s.column.entry.index, prefix: [] };
  }
  const sel = selectorOf(s);
  if (sel === undefined || sel.resolved.level !== scope.level || sel.resolved.entry.leaf !== leaf) return null;
  return { slot: sel.resolved.entry.index, prefix: sel.steps };
}

/** `subject has "a"."b"`: the path is there, every step spelled exactly (invariant 4). */
export function presenceTest(subject: Compiled, path: readonly string[]): Compiled {
  const reader = new PathReader(path.map((name) => ({ name, exact: true })));
  const sf = subject.eval;
  return compiled({
    type: BOOLEAN,
    text: `${subject.text} has ${path.map(quotedStep).join('.')}`,
    refs: subject.refs,
    eval: (ctx, row) => reader.read(sf(ctx, row) as DocValue) !== undefined,
  });
}
