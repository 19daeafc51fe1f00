/**
 * src/common/values/document/doc-path.ts — SQL selectors into document values (`doc.address.zip`,
 * `doc.tags.0`) and the splitting of dotted template keys.
 *
 * 1. `selectPath` never throws and never traverses an array implicitly: into a document by field name, into
 *    an array only by a step that is a canonical non-negative integer ('0', '17'; not '01', '-1', '1e2').
 *    Anything else (a missing field, a step through a scalar) is `undefined`, which SQL reads as NULL.
 * 2. A step that is not `exact` falls back to the first field whose name equals it ignoring case, but only
 *    when no field is spelled exactly as written; an `exact` step (a double-quoted SQL name) never does.
 * 3. Field lookup sees own properties only, so a field named `constructor` or `__proto__` is an ordinary name.
 *
 * MongoDB's implicit traversal of arrays (`{'tags.name': …}` looking into every element) belongs to
 * templates, not selectors; doc-match.ts implements it.
 */
import { SqlError, SqlState } from '../../errors';
import { isDoc, type Doc, type DocValue } from './doc-value';

/** One step of a selector: a field name (or array position) and whether it must match exactly. */
export interface PathStep {
  readonly name: string;
  readonly exact: boolean;
}

const hasOwn = Object.prototype.hasOwnProperty;

/** The array position a step names, or -1 when the step is not a canonical non-negative integer. */
export function arrayIndexOf(step: string): number {
  const n = step.length;
  if (n === 0 || n > 15) return -1;
  const c0 = step.charCodeAt(0);
  if (c0 === 48) return n === 1 ? 0 : -1; // '0', but not '01'
  let v = 0;
  for (let i = 0; i < n; i++) {
    const c = step.charCodeAt(i);
    if (c < 48 || c > 57) return -1;
    v = v * 10 + (c - 48);
  }
  return v;
}

/** The value of field `name` in `d`, or undefined; own properties only. */
export function getField(d: Doc, name: string): DocValue | undefined {
  return hasOwn.call(d, name) ? d[name] : undefined;
}

function fieldIgnoringCase(d: Doc, name: string): DocValue | undefined {
  const lower = name.toLowerCase();
  for (const k in d) {
    if (hasOwn.call(d, k) && k.toLowerCase() === lower) return d[k];
  }
  return undefined;
}

/** Follows `steps` from `v` with SQL selector semantics (file header, invariants 1–3). */
export function selectPath(v: DocValue | undefined, steps: readonly PathStep[]): DocValue | undefined {
  let cur = v;
  for (const step of steps) {
    if (cur === undefined || cur === null || typeof cur !== 'object') return undefined;
    if (Array.isArray(cur)) {
      const i = arrayIndexOf(step.name);
      if (i < 0 || i >= cur.length) return undefined;
      cur = cur[i];
    } else if (isDoc(cur)) {
      const exact = getField(cur, step.name);
      cur = exact !== undefined || step.exact ? exact : fieldIgnoringCase(cur, step.name);
    } else {
      return undefined;
    }
  }
  return cur;
}

/** Splits a dotted template key into its segments: 'a.b.0' → ['a', 'b', '0']; an empty segment → 22D01. */
export function parseDottedPath(key: string): string[] {
  const parts = key.split('.');
  for (const p of parts) {
    if (p.length === 0) {
      throw SqlError.of(SqlState.InvalidDocument, [`the path '${key}' has an empty field name`]);
    }
  }
  return parts;
}
