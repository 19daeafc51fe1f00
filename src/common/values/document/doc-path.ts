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
 * 4. A `PathReader` follows one fixed list of steps as `selectPath` does, remembering for each step the last
 *    shaped document's prototype it met and which of that shape's fields the step reads (its own name, or
 *    the first matching ignoring case, or none): a shaped document's fields are its shape's, for good
 *    (doc-shape.ts invariants 3 and 5), and no document holds `undefined`, so the next document of that shape
 *    is read by one property load, without `hasOwnProperty` or a search. Other values take `selectPath`'s
 *    way.
 *
 * MongoDB's implicit traversal of arrays (`{'tags.name': …}` looking into every element) belongs to
 * templates, not selectors; doc-match.ts implements it.
 */
import { SqlError, SqlState } from '../../errors';
import { shapeFieldsOf } from './doc-shape';
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
    if (cur === undefined) return undefined;
    cur = stepInto(cur, step);
  }
  return cur;
}

/** One step of `selectPath` from `cur`. */
function stepInto(cur: DocValue, step: PathStep): DocValue | undefined {
  if (cur === null || typeof cur !== 'object') return undefined;
  if (Array.isArray(cur)) {
    const i = arrayIndexOf(step.name);
    return i < 0 || i >= cur.length ? undefined : cur[i];
  }
  if (!isDoc(cur)) return undefined;
  const exact = getField(cur, step.name);
  return exact !== undefined || step.exact ? exact : fieldIgnoringCase(cur, step.name);
}

/** The field of a shape that `step` reads (invariant 2), or null. */
function shapeField(fields: readonly string[], step: PathStep): string | null {
  if (fields.includes(step.name)) return step.name;
  if (step.exact) return null;
  const lower = step.name.toLowerCase();
  for (const f of fields) if (f.toLowerCase() === lower) return f;
  return null;
}

/** What a `PathReader` step remembers before it has met a shaped document: no prototype is this. */
const UNSEEN: object = Object.freeze({});

/** `selectPath` over one fixed list of steps, remembering each step's field in the last shape it met (invariant 4). */
export class PathReader {
  private readonly protos: Array<object | null>;
  private readonly fields: Array<string | null>;

  constructor(readonly steps: readonly PathStep[]) {
    // not null: a document without a prototype is no shape
    this.protos = steps.map(() => UNSEEN);
    this.fields = steps.map(() => null);
  }

  read(v: DocValue | undefined): DocValue | undefined {
    const steps = this.steps;
    let cur = v;
    for (let i = 0; i < steps.length; i++) {
      if (cur === undefined || cur === null || typeof cur !== 'object') return undefined;
      const p = Object.getPrototypeOf(cur) as object | null;
      if (p !== this.protos[i]) {
        const fields = p === null ? undefined : shapeFieldsOf(p);
        if (fields === undefined) {
          cur = stepInto(cur, steps[i]!);
          continue;
        }
        this.protos[i] = p;
        this.fields[i] = shapeField(fields, steps[i]!);
      }
      const f = this.fields[i]!;
      cur = f === null ? undefined : (cur as Doc)[f];
    }
    return cur;
  }
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
