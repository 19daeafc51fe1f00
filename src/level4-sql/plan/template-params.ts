/**
 * src/level4-sql/plan/template-params.ts — the index keys a template given whole as a parameter may fix:
 * `doc = ?` with `{'address.zip': '75001'}` can use an index on `doc.address.zip`, though the plan is made
 * before the parameter's value, and so its paths, are known.
 *
 * 1. For `subject = p`, `subject` a DOCUMENT column (or a selector into one) of the table and `p` an expression
 *    that reads no row and whose value is known only at run time (a parameter; not a document literal, whose
 *    keys template-keys.ts reads from the literal itself), every path part of every index
 *    on the subject's column under the subject's steps is a candidate key: its value is the scalar the
 *    execution's template fixes at that path (`fixedScalar`), and its guard that there is one. So the access
 *    path chooses an index as for a literal template, and the guard falls back, per execution, when the value
 *    fixes none of its parts (access-path.ts: on the next index such candidates offer, then the scan).
 * 2. `fixedScalar` reads a template value as template-keys.ts reads a literal (its invariant 1): plain fields
 *    (dotted keys are paths), nested plain documents, `$eq` with a scalar operand and the members of `$and`;
 *    nothing under any other operator, and no null, array, document, regex or bytes as a key.
 * 3. The conjunct is always re-tested whole on the rows the index finds: on them the index agrees with the
 *    equality the template puts on the path (the same argument as template-keys.ts invariant 4), and the
 *    template may say more. A value that is not a plain document, or fixes none of the chosen index's parts,
 *    takes the fallback, which reads the same rows with the same conjuncts.
 */
import { isDoc, type DocValue } from '../../common/values/document/doc-value';
import { NULL_TYPE } from '../../common/values/sql-type';
import type { Value } from '../../common/values/value';
import type { Table } from '../../level3-objects/table';
import type { ExecContext } from '../context';
import { compiled, type Compiled } from '../eval/compiled';
import type { Scope } from '../eval/scope';
import type { KeyPart } from '../exec/index-key';
import { partId } from './access-path';
import type { Side } from './conjunct';
import { documentSubject, isScalarValue } from './template-keys';

/** A key candidate for a template parameter (invariant 1), in the access path's terms. */
export interface ParamTemplateKey {
  readonly id: string;
  readonly part: KeyPart;
  readonly guard: (ctx: ExecContext) => boolean;
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
    if (step.length === 0 || step.includes('.') || !k.startsWith(step, at)) return -1;
    const end = at + step.length;
    if (end === k.length) return d + 1;
    if (k.charCodeAt(end) !== 46 /* . */) return -1;
    at = end + 1;
  }
  return -1;
}

/** The candidates of `subject = value` (or `value = subject`) for the table at `leaf` (invariant 1). */
export function paramTemplateKeys(table: Table, left: Side, right: Side, scope: Scope, leaf: number): ParamTemplateKey[] {
  // most tables have no path index: nothing to compile then (planning calls this for every equality)
  if (!table.indexes.some((ix) => ix.parts?.some((p) => p.path !== null) === true)) return [];
  return [...keysOf(table, left, right, scope, leaf), ...keysOf(table, right, left, scope, leaf)];
}

function keysOf(table: Table, subjectSide: Side, valueSide: Side, scope: Scope, leaf: number): ParamTemplateKey[] {
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
      const value = compiled({
        type: NULL_TYPE,
        text: `${v.text}.${rest.join('.')}`,
        refs: v.refs,
        eval: (ctx, row) => fixedScalar(f(ctx, row), rest) ?? null,
      });
      const part: KeyPart = { column: `${s.text}.${rest.join('.')}`, type: NULL_TYPE, value, lenient: true };
      out.push({ id: partId(slot, steps), part, guard: (ctx) => fixedScalar(f(ctx, null), rest) !== undefined });
    }
  }
  return out;
}
