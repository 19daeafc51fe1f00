/**
 * src/level4-sql/plan/template-params.ts — the index keys a template given whole as a parameter may fix:
 * `doc = ?` with `{'address.zip': '75001'}` can use an index on `doc.address.zip`, though the plan is made
 * before the parameter's value, and so its paths, are known.
 *
 * 1. For `subject = p`, `subject` a DOCUMENT column (or a selector into one) of the table and `p` a parameter
 *    (`?`, `@name`: what makes `=` a template match, compile-document.ts; a document literal's keys
 *    template-keys.ts reads from the literal itself, and any other document is compared as a value), every
 *    path part of every index
 *    on the subject's column under the subject's steps is a candidate key: its value is the scalar the
 *    execution's template fixes at that path (`fixedScalar`), and its guard that there is one. So the access
 *    path chooses an index as for a literal template, and the guard falls back, per execution, when the value
 *    fixes none of its parts (access-path.ts: on the next index such candidates offer, then the scan).
 * 2. `fixedScalar` reads a template value as template-keys.ts reads a literal (its invariant 1): plain fields
 *    (dotted keys are paths), nested plain documents, `$eq` with a scalar operand and the members of `$and`;
 *    nothing under any other operator, and no null, array, document, regex or bytes as a key.
 * 3. The conjunct is re-tested on the rows the index finds: on them the index agrees with the equality the
 *    template puts on the path (the same argument as template-keys.ts invariant 4), and the template may say
 *    more. When this execution's template says nothing more — it is one plain equality on exactly the
 *    part's path, to a scalar (`{'address.zip': z}`, `{'address': {'zip': z}}`) — the re-test is the
 *    presence of that path, spelled as the template (and the index) spell it, by template-keys.ts invariant
 *    4's argument; otherwise it is the whole conjunct (`presence`, decided once per template: 4). A value that
 *    is not a plain document, or fixes none of the chosen index's parts, takes the fallback, which reads the
 *    same rows with the same conjuncts.
 * 4. An execution asks about its template several times (the guard, the key, the re-test's verdict on every
 *    row), so each asker remembers its answer for the last template value it met, by identity: a template
 *    value is a document the parameter was copied into (doc-from-js.ts), made anew for each execution and
 *    never changed (doc-shape.ts invariant 5), so the same object has the same answer. Each asker keeps that
 *    one small document alive until the plan's next execution.
 */
import { arrayIndexOf } from '../../common/values/document/doc-path';
import { isDoc, type DocValue } from '../../common/values/document/doc-value';
import { BOOLEAN, NULL_TYPE } from '../../common/values/sql-type';
import type { Value } from '../../common/values/value';
import type { Table } from '../../level3-objects/table';
import type { ExecContext } from '../context';
import { compiled, type Compiled } from '../eval/compiled';
import type { Scope } from '../eval/scope';
import type { KeyPart } from '../exec/index-key';
import { partId } from './access-path';
import type { Side } from './conjunct';
import { documentSubject, isScalarValue, presenceTest } from './template-keys';

/** A key candidate for a template parameter (invariant 1), in the access path's terms. */
export interface ParamTemplateKey {
  readonly id: string;
  readonly part: KeyPart;
  readonly guard: (ctx: ExecContext) => boolean;
  /** the re-test on the rows this key's index finds (invariant 3), or null when it is the whole conjunct */
  readonly presence: Compiled | null;
}

/** Stands for "no template seen yet" in the memos of invariant 4. */
const NONE = Symbol('none');

/** `answer`, remembering what it said of the last template it was asked about, by identity (invariant 4). */
function lastAnswer<T>(answer: (t: unknown) => T): (t: unknown) => T {
  let lastT: unknown = NONE;
  let last!: T;
  return (t) => {
    if (t !== lastT) {
      last = answer(t);
      lastT = t;
    }
    return last;
  };
}

/**
 * The scalar that template `t` fixes at `path` by an equality (invariant 2), or undefined when it fixes none
 * there (or `t` is not a plain document).
 */
export function fixedScalar(t: unknown, path: readonly string[]): Value | undefined {
  return isDoc(t) ? scalarAt(t as Record<string, DocValue>, 0, path) : undefined;
}

/**
 * `fixedScalar` at a level of the template whose place is `path`'s first `depth` steps. It runs for every key
 * candidate of every execution, so it allocates nothing but the keys list: a dotted key is matched against
 * the path in place, not split.
 */
function scalarAt(t: Record<string, DocValue>, depth: number, path: readonly string[]): Value | undefined {
  const keys = Object.keys(t);
  let operators = false;
  for (let i = 0; i < keys.length; i++) if (keys[i]!.charCodeAt(0) === 36 /* $ */) operators = true;
  if (operators) {
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!;
      const v = t[k];
      if (k === '$and' && Array.isArray(v)) {
        for (const item of v) {
          if (!isDoc(item)) continue;
          const found = scalarAt(item as Record<string, DocValue>, depth, path);
          if (found !== undefined) return found;
        }
      } else if (k === '$eq' && depth > 0 && depth === path.length && isScalarValue(v as Value)) {
        return v as Value;
      }
    }
    return undefined;
  }
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    const next = stepsOf(k, path, depth);
    if (next < 0) continue;
    const v = t[k];
    if (isDoc(v)) {
      const found = scalarAt(v as Record<string, DocValue>, next, path);
      if (found !== undefined) return found;
    } else if (next === path.length && isScalarValue(v as Value)) {
      return v as Value;
    }
  }
  return undefined;
}

/**
 * The depth reached when the steps of the dotted key `k` continue `path` from `depth`, or -1 when they do
 * not: a step of `k` that is empty, differs from the path's, or runs past its end. A path step holding a
 * dot is never one step of a dotted key.
 */
function stepsOf(k: string, path: readonly string[], depth: number): number {
  let at = 0;
  for (let d = depth; d < path.length; d++) {
    const step = path[d]!;
    const n = step.length;
    if (n === 0 || at + n > k.length) return -1;
    // unit by unit: startsWith with a position took a fifth of the time of finding a parameter's key
    for (let j = 0; j < n; j++) {
      const c = step.charCodeAt(j);
      if (c === 46 /* . */ || c !== k.charCodeAt(at + j)) return -1;
    }
    const end = at + n;
    if (end === k.length) return d + 1;
    if (k.charCodeAt(end) !== 46 /* . */) return -1;
    at = end + 1;
  }
  return -1;
}

/** True when template `t` is one plain equality on exactly `path`, to a scalar, and says nothing else (invariant 3). */
export function soleEqualityOn(t: unknown, path: readonly string[]): boolean {
  let at: unknown = t;
  let depth = 0;
  while (depth < path.length) {
    if (!isDoc(at)) return false;
    const keys = Object.keys(at);
    if (keys.length !== 1) return false;
    const k = keys[0]!;
    const next = k.charCodeAt(0) === 36 /* $ */ ? -1 : stepsOf(k, path, depth);
    if (next < 0) return false;
    at = (at as Record<string, DocValue>)[k];
    depth = next;
  }
  return isScalarValue(at as Value);
}

/**
 * The re-test of `subject = value` on the rows an index on `path` found by the value's key (invariant 3): the
 * presence of `path` when this execution's template is that one equality, else the whole conjunct `full`.
 */
function paramPresence(subject: Compiled, value: Compiled, path: readonly string[], full: Compiled): Compiled {
  const exact = presenceTest(subject, path);
  const ef = exact.eval;
  const ff = full.eval;
  const vf = value.eval;
  const sole = lastAnswer((t) => soleEqualityOn(t, path));
  return compiled({
    type: BOOLEAN,
    text: `${exact.text} when ${value.text} is only that equality, else ${full.text}`,
    refs: Math.max(subject.refs, full.refs),
    eval: (ctx, row) => (sole(vf(ctx, null)) ? ef(ctx, row) : ff(ctx, row)),
  });
}

/**
 * The candidates of `subject = value` (or `value = subject`) for the table at `leaf` (invariant 1), `params`
 * saying which sides are parameters; `full` compiles the conjunct itself, the re-test of the rows a
 * candidate's index finds when the template says more than its key.
 */
export function paramTemplateKeys(
  table: Table,
  left: Side,
  right: Side,
  scope: Scope,
  leaf: number,
  full: () => Compiled,
  params: { readonly left: boolean; readonly right: boolean },
): ParamTemplateKey[] {
  // most tables have no path index: nothing to compile then (planning calls this for every equality)
  if (!params.left && !params.right) return [];
  if (!table.indexes.some((ix) => ix.parts?.some((p) => p.path !== null) === true)) return [];
  return [...(params.right ? keysOf(table, left, right, scope, leaf, full) : []), ...(params.left ? keysOf(table, right, left, scope, leaf, full) : [])];
}

function keysOf(table: Table, subjectSide: Side, valueSide: Side, scope: Scope, leaf: number, full: () => Compiled): ParamTemplateKey[] {
  if (valueSide.leaves.size !== 0 || subjectSide.leaves.size !== 1 || !subjectSide.leaves.has(leaf)) return [];
  const v = valueSide.compileAt(scope);
  // a literal template is template-keys.ts's; a value of a known scalar type is no template
  if (v.folded || (!v.dynamic && v.type.kind !== 'NULL' && v.type.kind !== 'DOCUMENT')) return [];
  const s = subjectSide.compileAt(scope);
  const at = documentSubject(s, scope, leaf);
  if (at === null) return [];
  const { slot, prefix } = at;
  const f = v.eval;
  const out: ParamTemplateKey[] = [];
  for (const ix of table.indexes) {
    for (const p of ix.parts ?? []) {
      const steps = p.path;
      if (p.slot !== slot || steps === null || steps.length <= prefix.length) continue;
      if (!prefix.every((st, i) => st.name === steps[i]!.name)) continue;
      const rest = steps.slice(prefix.length).map((st) => st.name);
      const fixed = lastAnswer((t) => fixedScalar(t, rest));
      const value = compiled({
        type: NULL_TYPE,
        text: `${v.text}.${rest.join('.')}`,
        refs: v.refs,
        eval: (ctx, row) => fixed(f(ctx, row)) ?? null,
      });
      const part: KeyPart = { column: `${s.text}.${rest.join('.')}`, type: NULL_TYPE, value, lenient: true };
      // a path with an array position or an operator-like name re-tests the whole template (invariant 3)
      const plain = rest.every((st) => st.length > 0 && !st.startsWith('$') && arrayIndexOf(st) < 0);
      const presence = plain ? paramPresence(s, v, rest, full()) : null;
      out.push({ id: partId(slot, steps), part, guard: (ctx) => fixed(f(ctx, null)) !== undefined, presence });
    }
  }
  return out;
}
