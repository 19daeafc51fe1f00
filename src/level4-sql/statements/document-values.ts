/**
 * src/level4-sql/statements/document-values.ts — what INSERT and UPDATE do to a value stored into a
 * DOCUMENT column: the `_id`, the limits, update templates and replacements.
 *
 * 1. Every stored document has an `_id`, first: when the document has none, a new ObjectId (the `bson`
 *    package's) is put first, and one given elsewhere is moved first, as MongoDB does. Uniqueness is the job of the table's `_id` index (CREATE TABLE makes one per DOCUMENT
 *    column), so a duplicate is 23505 like any other key.
 * 2. UPDATE … SET doc = {'$set': …, '$inc': …} applies MongoDB's update operators to the stored document;
 *    the Update record stores the template (a `DocDelta`, with `$currentDate` already resolved to the
 *    statement's clock so that replay gives the same document), not the new document.
 * 3. UPDATE … SET doc = {…plain fields…} replaces the document and keeps its `_id`; a replacement naming
 *    another `_id` is 22D04. A NULL document is replaced (or updated from an empty document) and gets an
 *    `_id` as on INSERT.
 * 4. A template is compiled once per template value: a literal's value is one constant object for the life
 *    of the plan (eval/compile-document.ts invariant 1), so its compiled delta is kept by the assignment
 *    across executions; a value made from parameters is compiled once per execution for each value, and so
 *    is every template with `$currentDate`, which reads the statement's clock.
 */
import { ObjectId } from 'bson';
import { DocDelta } from '../../common/values/document/doc-delta';
import { makeDoc } from '../../common/values/document/doc-shape';
import { checkDocLimits } from '../../common/values/document/doc-limits';
import { isOperatorUpdate, replaceDocument, resolveCurrentDate } from '../../common/values/document/doc-update';
import { type Doc, type DocValue, isDoc } from '../../common/values/document/doc-value';
import type { Value } from '../../common/values/value';
import type { ExecContext } from '../context';
import { atPosition } from '../eval/type-rules';

/**
 * `doc` with an `_id` (invariant 1): itself when it has one first, else a shaped copy (doc-shape.ts) with the
 * given `_id`, or a new ObjectId, first.
 */
export function withId(doc: Doc): Doc {
  const has = Object.prototype.hasOwnProperty.call(doc, '_id');
  if (has) {
    for (const k in doc) {
      if (k === '_id') return doc;
      break; // `_id` is not first: moved first below, as MongoDB keeps it
    }
  }
  const keys = ['_id'];
  const values: DocValue[] = [has ? doc._id! : new ObjectId()];
  for (const k of Object.keys(doc)) {
    if (k === '_id') continue;
    keys.push(k);
    values.push(doc[k]!);
  }
  return makeDoc(keys, values);
}

/** The value INSERT stores into a DOCUMENT column (already cast by `assignValue`). */
export function storedDocument(v: Value, position?: number): Value {
  if (!isDoc(v)) return v;
  const d = withId(v);
  try {
    checkDocLimits(d);
  } catch (err) {
    throw atPosition(err, position);
  }
  return d as Value;
}

/** The new stored value of a DOCUMENT column and what its Update record stores. */
export interface DocumentChange {
  readonly value: Value;
  readonly logged: Value;
}

interface Prepared {
  readonly template: Value;
  readonly delta: DocDelta | null;
}

/** The assignment `SET doc = v` for one column of an UPDATE (invariants 2–4). */
export class DocumentAssignment {
  /** the last template without `$currentDate` compiled, kept across executions (invariant 4) */
  private kept: Prepared | null = null;

  constructor(private readonly position: number) {}

  /** The change for a row whose stored value is `old`, given the SET expression's (cast) value `v`. */
  assign(ctx: ExecContext, old: Value, v: Value): DocumentChange {
    if (!isDoc(v)) return { value: v, logged: v };
    try {
      const p = this.prepare(ctx, v);
      const base = isDoc(old) ? old : null;
      if (p.delta !== null) {
        const value = p.delta.applyTo(base === null ? withId({}) : base) as Value;
        checkDocLimits(value as DocValue);
        return base === null ? { value, logged: value } : { value, logged: p.delta as unknown as Value };
      }
      const value = (base === null ? withId(v) : replaceDocument(base, v)) as Value;
      checkDocLimits(value as DocValue);
      return { value, logged: value };
    } catch (err) {
      throw atPosition(err, this.position);
    }
  }

  private prepare(ctx: ExecContext, v: Doc): Prepared {
    const kept = this.kept;
    if (kept !== null && kept.template === v) return kept;
    const cached = ctx.cached(this) as Prepared | undefined;
    if (cached !== undefined && cached.template === v) return cached;
    let delta: DocDelta | null = null;
    const clocked = isOperatorUpdate(v) && '$currentDate' in v;
    if (isOperatorUpdate(v)) {
      const resolved = clocked ? resolveCurrentDate(v, ctx.now) : v;
      delta = new DocDelta(resolved);
    }
    const p: Prepared = { template: v, delta };
    if (clocked) ctx.setCached(this, p);
    else this.kept = p;
    return p;
  }
}
