/**
 * src/level4-sql/plan/access-path.ts — how one base table is read: the constant-key optimisation.
 *
 * 1. Conjuncts that do not read the table's own row become the gate (evaluated once per open).
 * 2. `col = v`, `col < v` …, `col BETWEEN a AND b`, where `col` is a column of this table and `v` does not
 *    read this query level's rows, are key candidates. Values that only use literals, parameters and
 *    uncorrelated subqueries are constant for the whole execution; values that read an outer query's row are
 *    fixed for one run of the subquery (one lookup per outer row).
 * 3. Every column of a unique index (primary key first) fixed by `=` → TrivialRowSet (constant key) or
 *    IndexLookupRowSet (per outer row): one B-tree lookup, never a scan. Otherwise the index with the
 *    longest fixed prefix, plus a range on the next column, → IndexRangeRowSet. Otherwise TableScanRowSet.
 * 4. Conjuncts consumed by the key are not re-tested; all others filter the rows the access path yields.
 * 5. Key parts are matched by identity (`partId`): a plain column by its slot, a document path by its slot and
 *    steps. A selector (`doc.address.zip = v`) fixes the path part of an index with the same steps; a template
 *    (`doc = {'address': {'zip': ?}}`) fixes every path its plain fields, `$eq` and range operators name
 *    (template-keys.ts). Conjuncts that fix path parts are still re-tested on the rows found: the index agrees
 *    with them on every row it holds, but a template names fields exactly where a selector forgives case, and
 *    a range over an untyped path crosses type classes in the index order. A template of one equality that
 *    fixes an untyped path part is re-tested by its lighter `presence` test (template-keys.ts invariant 4).
 * 6. `col IN (a, b, …)` and `col = ANY (array)`, where `col` is a plain column and the values do not read this
 *    query level's rows, fix `col` to a list of values: when no index is fixed whole by `=` and the list fixes
 *    more leading key parts of some index (its `=` prefix, `col`, the `=` parts after it) than the best range's
 *    `=` prefix does, each value is looked up
 *    (KeyListRowSet, exec/key-list.ts), falling back on the path chosen without lists when a value cannot be a
 *    key. An IN list is answered by the lookups, as `=` is; `= ANY (array)` is re-tested (`withList`).
 */
import type { PathStep } from '../../common/values/document/doc-path';
import { isNumericKind, NULL_TYPE, type SqlType } from '../../common/values/sql-type';
import type { Value } from '../../common/values/value';
import type { Table } from '../../level3-objects/table';
import type { KeyPart as IndexKeyPart } from '../../level3-objects/key-part';
import type { TableIndex } from '../../level3-objects/table-index';
import type { Compiled } from '../eval/compiled';
import { selectorOf } from '../eval/compile-selector';
import type { Scope } from '../eval/scope';
import type { KeyPart } from '../exec/index-key';
import type { ExecContext } from '../context';
import { GuardedRowSet } from '../exec/guarded';
import { isScalarValue } from './template-keys';
import { paramTemplateKeys } from './template-params';
import { IndexRangeRowSet, type RangeBound } from '../exec/index-range';
import type { TableRowSet } from '../exec/rowset';
import { TableScanRowSet } from '../exec/table-scan';
import { KeyLookupRowSet } from '../exec/trivial';
import { KeyListRowSet } from '../exec/key-list';
import type { AnyOf, Conj, Side } from './conjunct';

/** A chosen access path and a rough row-count estimate (for join planning). */
export interface Access {
  readonly rowset: TableRowSet;
  readonly estimate: number;
  /** the rows come in the order asked for (`OrderWish`), so no sort is needed */
  readonly ordered: boolean;
}

/** An ORDER BY the access path may satisfy: key slots in order, one direction, default NULL placement. */
export interface OrderWish {
  readonly slots: readonly number[];
  readonly descending: boolean;
}

function sameSlots(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

interface Candidate {
  readonly id: string;
  readonly part: KeyPart;
  readonly conj: Conj;
  /** the conjunct must still filter the rows found (invariant 5): always for a template; for a selector
   *  unless `steps` are exactly the index part's (see `mustRetest`) */
  readonly retest: boolean;
  /** a selector's steps, as written */
  readonly steps: readonly PathStep[] | null;
  readonly op: string;
  /** a template parameter's value must be a scalar to be a key (template-keys.ts invariant 3) */
  readonly guard: ((ctx: ExecContext) => boolean) | null;
  /** what re-tests the conjunct on rows an untyped path part found, if cheaper than itself (template-keys.ts invariant 4) */
  readonly presence: Compiled | null;
  /** fixed by a template given whole as a parameter (template-params.ts): a fallback drops only these ids */
  readonly param: boolean;
}

/** The conjuncts an index path answers, and the lighter re-tests that stand for some of the others. */
interface Consumed {
  readonly conjs: ReadonlySet<Conj>;
  readonly lighter: ReadonlyMap<Conj, Compiled>;
}

/** `col IN (items)` or `col = ANY (array)` over a plain column (invariant 6). */
interface ListCandidate {
  readonly column: string;
  readonly conj: Conj;
  readonly items: readonly Compiled[] | null;
  readonly array: Compiled | null;
}

interface Candidates {
  eq: Map<string, Candidate>;
  low: Map<string, Candidate & { inclusive: boolean }>;
  high: Map<string, Candidate & { inclusive: boolean }>;
  lists: Map<string, ListCandidate>;
}

/**
 * The identity of a key part (invariant 5): `"3"` for the column in slot 3, `"3:[\"a\",\"b\"]"` for the path
 * a.b in it. Steps match by name, case-sensitively, whether or not they must match exactly: an index holds
 * only rows that have its path (spelled exactly, where its steps say so), and on those rows an exact and a
 * forgiving step read the same field — where they could differ the index finds more rows, never fewer, and
 * the conjunct is re-tested.
 */
export function partId(slot: number, steps: readonly PathStep[] | null): string {
  if (steps === null || steps.length === 0) return String(slot);
  return `${slot}:${JSON.stringify(steps.map((st) => st.name))}`;
}

/** The part identities of an index's key, in key order. */
export function indexPartIds(ix: TableIndex): string[] {
  if (ix.parts === null) return ix.slots.map((sl) => String(sl));
  return ix.parts.map((p) => partId(p.slot, p.path));
}

/** The type a key part's values have: the column's, the path's declared type, or any (NULL) for a bare path. */
function partType(table: Table, ix: TableIndex, i: number): SqlType {
  const p = ix.parts?.[i];
  if (p !== undefined && p.path !== null) return p.type ?? NULL_TYPE;
  if (p !== undefined && p.type !== null) return p.type;
  const slot = ix.slots[i]!;
  return table.columns.find((c) => c.slot === slot)?.type ?? NULL_TYPE;
}

/** True when index keys of type `col` can be compared with values of `v` by `compareValues` (after index-key.ts casts). */
export function keyCompatible(col: SqlType, v: Compiled): boolean {
  // `doc = {…}` and `doc = ?` are template matches, not key equality: a whole-document key serves no lookup
  if (col.kind === 'DOCUMENT' || col.kind === 'DOCARRAY' || v.type.kind === 'DOCUMENT') return false;
  if (v.dynamic || v.type.kind === 'NULL' || col.kind === 'NULL') return true;
  const a = col.kind;
  const b = v.type.kind;
  if (a === b) return true;
  if (isNumericKind(a) && isNumericKind(b)) return true;
  if ((a === 'DATE' || a === 'TIMESTAMP') && (b === 'DATE' || b === 'TIMESTAMP')) return true;
  return b === 'CHAR' && (a === 'DATE' || a === 'TIME' || a === 'TIMESTAMP' || a === 'BOOLEAN');
}

/** The key part `s` reads when it is a plain column or a selector of the table whose leaf is `leaf`. */
function keySide(s: Side, scope: Scope, leaf: number): { id: string; name: string; type: SqlType; path: boolean; steps: readonly PathStep[] | null } | null {
  if (s.leaves.size !== 1 || !s.leaves.has(leaf)) return null;
  const c = s.compileAt(scope);
  if (c.column !== null) {
    if (c.column.level !== scope.level || c.column.entry.leaf !== leaf) return null;
    return { id: partId(c.column.entry.index, null), name: c.column.entry.name, type: c.type, path: false, steps: null };
  }
  const sel = selectorOf(c);
  if (sel === undefined || sel.resolved.level !== scope.level || sel.resolved.entry.leaf !== leaf) return null;
  return { id: partId(sel.resolved.entry.index, sel.steps), name: c.text, type: NULL_TYPE, path: true, steps: sel.steps };
}

function valueOf(s: Side, scope: Scope, colType: SqlType): Compiled | null {
  if (s.leaves.size !== 0) return null;
  const v = s.compileAt(scope);
  return keyCompatible(colType, v) ? v : null;
}

const FLIP = { '=': '=', '<': '>', '<=': '>=', '>': '<', '>=': '<=', '<>': '<>' } as const;

function collect(table: Table, conjs: readonly Conj[], scope: Scope, leaf: number, unguarded: boolean, skip: ReadonlySet<string>): Candidates {
  const cands: Candidates = { eq: new Map(), low: new Map(), high: new Map(), lists: new Map() };
  const add = (
    op: string,
    id: string,
    part: KeyPart,
    conj: Conj,
    retest: boolean,
    guard: Candidate['guard'] = null,
    steps: Candidate['steps'] = null,
    presence: Candidate['presence'] = null,
    param = false,
  ): void => {
    // the fallback of a guarded path leaves out every key a guard protects, but of the keys a template
    // parameter may fix only those the failed path used (see `guarded`)
    if (param ? skip.has(id) : unguarded && guard !== null) return;
    const cand = { id, conj, part, retest, guard, steps, op, presence, param };
    if (op === '=' && !cands.eq.has(id)) cands.eq.set(id, cand);
    if ((op === '>' || op === '>=') && !cands.low.has(id)) cands.low.set(id, { ...cand, inclusive: op === '>=' });
    if ((op === '<' || op === '<=') && !cands.high.has(id)) cands.high.set(id, { ...cand, inclusive: op === '<=' });
  };
  const addSide = (op: string, col: NonNullable<ReturnType<typeof keySide>>, v: Compiled, conj: Conj): void => {
    const part: KeyPart = col.path ? { column: col.name, type: col.type, value: v, lenient: true } : { column: col.name, type: col.type, value: v };
    const guard = col.path ? runTimeGuard(v, isScalarValue) : col.type.kind === 'CHAR' ? runTimeGuard(v, isText) : null;
    add(op, col.id, part, conj, col.path, guard, col.steps);
  };
  for (const conj of conjs) {
    if (conj.cmp !== null && conj.cmp.op !== '<>') {
      const { op, left, right } = conj.cmp;
      const lc = keySide(left, scope, leaf);
      const lv = lc === null ? null : valueOf(right, scope, lc.type);
      if (lc !== null && lv !== null) addSide(op, lc, lv, conj);
      else {
        const rc = keySide(right, scope, leaf);
        const rv = rc === null ? null : valueOf(left, scope, rc.type);
        if (rc !== null && rv !== null) addSide(FLIP[op], rc, rv, conj);
      }
    } else if (conj.between !== null) {
      const col = keySide(conj.between.operand, scope, leaf);
      const lo = col === null ? null : valueOf(conj.between.low, scope, col.type);
      const hi = col === null ? null : valueOf(conj.between.high, scope, col.type);
      if (col !== null && lo !== null && hi !== null && !cands.low.has(col.id) && !cands.high.has(col.id)) {
        addSide('>=', col, lo, conj);
        addSide('<=', col, hi, conj);
      }
    }
    if (conj.anyOf !== undefined && table.indexes.length > 0) addList(cands.lists, conj, conj.anyOf(), scope, leaf);
    for (const t of conj.templateKeys?.(scope, leaf) ?? []) add(t.op, t.id, t.part, conj, true, t.guard, null, t.presence);
    // a literal template's keys are its own (above); a value known only at run time may be a template too
    // only a parameter makes `=` a template match (compile-document.ts); another document is compared as a value
    const e = conj.expr;
    if (conj.cmp !== null && conj.cmp.op === '=' && conj.templateKeys === undefined && e?.kind === 'Binary') {
      const params = { left: e.left.kind === 'Parameter', right: e.right.kind === 'Parameter' };
      for (const t of paramTemplateKeys(table, conj.cmp.left, conj.cmp.right, scope, leaf, () => conj.compileAt(scope), params)) add('=', t.id, t.part, conj, true, t.guard, null, t.presence, true);
    }
  }
  return cands;
}

/** Notes `x IN (…)` / `x = ANY (…)` as a list of keys for x when x is a plain column of the table at `leaf` (invariant 6). */
function addList(lists: Map<string, ListCandidate>, conj: Conj, any: AnyOf, scope: Scope, leaf: number): void {
  const col = keySide(any.operand, scope, leaf);
  if (col === null || col.path || lists.has(col.id) || col.type.kind === 'DOCUMENT' || col.type.kind === 'DOCARRAY') return;
  if (any.items !== null) {
    const items = any.items.map((i) => valueOf(i, scope, col.type));
    if (items.every((v) => v !== null)) lists.set(col.id, { column: col.name, conj, items: items as Compiled[], array: null });
    return;
  }
  const a = any.array!;
  if (a.leaves.size !== 0) return;
  const array = a.compileAt(scope);
  if (array.dynamic || array.type.kind === 'DOCARRAY') lists.set(col.id, { column: col.name, conj, items: null, array });
}

/**
 * Whether candidate `c`, fixing index part `p`, must still filter the rows the index finds (invariant 5). A
 * selector whose steps read the part's fields (`sameSteps`) reads exactly the key value the index
 * holds, so its `=` is answered by the lookup; so is a range over a typed part (one type class). A range
 * over an untyped part crosses type classes in the index order, and a template may say more than its key.
 */
function mustRetest(c: Candidate, p: IndexKeyPart | undefined): boolean {
  if (!c.retest) return false;
  if (c.steps === null || p === undefined || p.path === null || !sameSteps(c.steps, p.path)) return true;
  return c.op !== '=' && p.type === null;
}

/**
 * True when selector steps `a` read, on every row an index with steps `b` holds, the field the index read:
 * the same names, and where the selector must match exactly so must the index (an index step that must match
 * exactly found its field spelled so in every row it holds, which is also what a forgiving step finds first).
 */
function sameSteps(a: readonly PathStep[], b: readonly PathStep[]): boolean {
  return a.length === b.length && a.every((s, i) => s.name === b[i]!.name && (b[i]!.exact || !s.exact));
}

/**
 * A guard that `v`, whose kind is known only at run time (a parameter, an untyped value), is a key: `isKey` of
 * its value per execution; null when `v`'s kind is known at planning. The guards (`add`'s callers):
 * - a selector's key must be a scalar: `doc.a = ?` holding a document, an array or a regex is a template match,
 *   not key equality (template-keys.ts invariant 3);
 * - a CHAR column's key must be text: text compared with a BOOLEAN, DATE, TIME or TIMESTAMP is read as that
 *   type row by row (`'yes' = true`), an order no text index has (a value no text compares with is 42804 on
 *   either path).
 */
function runTimeGuard(v: Compiled, isKey: (x: Value) => boolean): Candidate['guard'] {
  if (!v.dynamic && v.type.kind !== 'NULL') return null;
  const f = v.eval;
  return (ctx) => isKey(f(ctx, null));
}

const isText = (x: Value): boolean => x === null || typeof x === 'string';

/**
 * `rs`, or a GuardedRowSet falling back, when some candidate's parameter is not a key, on `fallback(ids)`: the
 * path chosen without any guarded candidate except those a template parameter may fix other than `ids`, the ones
 * `rs` used (another index the conditions or the template fix, else a scan), every condition a filter there that
 * is not a key.
 */
function guarded(rs: TableRowSet, used: ReadonlyArray<Candidate | null>, fallback: (ids: readonly string[]) => TableRowSet): TableRowSet {
  const guards: Array<(ctx: ExecContext) => boolean> = [];
  const ids: string[] = [];
  let perOuterRow = false;
  for (const c of used) {
    if (c === null || c.guard === null) continue;
    guards.push(c.guard);
    if (c.param) ids.push(c.id);
    // a key from an outer row (a correlated subquery): guarded.ts invariant 3
    if (c.part.value.refs >= 0) perOuterRow = true;
  }
  if (guards.length === 0) return rs;
  return new GuardedRowSet(rs, fallback(ids), (ctx) => guards.every((g) => g(ctx)), perOuterRow);
}

/** `part` with the index part's type (a path's declared type, or any for a bare path). */
function withPartType(part: KeyPart, type: SqlType): KeyPart {
  return part.type === type ? part : { column: part.column, type, value: part.value, lenient: part.lenient };
}

const NO_IDS: ReadonlySet<string> = new Set();

function orderedIndexes(table: Table): TableIndex[] {
  const pk = table.primaryKey;
  return pk === null ? [...table.indexes] : [pk, ...table.indexes.filter((i) => i !== pk)];
}

/**
 * Chooses the access path for `table` given the conjuncts that apply to it (see the file header). With an
 * `order` wish, an index range whose order matches is read in that direction, and a table that would be
 * scanned is read through an index whose leading columns are the ORDER BY columns (ORDER BY … LIMIT then
 * stops after LIMIT rows instead of sorting the table).
 */
export function chooseAccess(
  table: Table,
  label: string,
  scope: Scope,
  leaf: number,
  conjs: readonly Conj[],
  order: OrderWish | null = null,
  unguarded = false,
  skip: ReadonlySet<string> = NO_IDS,
  lists = true,
): Access {
  const gate = conjs.filter((c) => c.leaves.size === 0);
  const rest = conjs.filter((c) => c.leaves.size !== 0);
  const gateC = gate.map((c) => c.compileAt(scope));
  const cands = collect(table, rest, scope, leaf, unguarded, skip);
  const filterOf = (used: Consumed | null): Compiled[] =>
    rest.filter((c) => used === null || !used.conjs.has(c)).map((c) => used?.lighter.get(c) ?? c.compileAt(scope));
  /** `cs[i]` fixes key part `partAt[i]` of `ix`. */
  const consumed = (ix: TableIndex, cs: ReadonlyArray<Candidate | null>, partAt: readonly number[]): Consumed => {
    // a conjunct is consumed when no part it fixes needs it again (a BETWEEN fixes two bounds)
    const conjs = new Set<Conj>();
    const keep = new Set<Conj>();
    const lighter = new Map<Conj, Compiled>();
    cs.forEach((c, i) => {
      if (c === null) return;
      const p = ix.parts?.[partAt[i]!];
      if (!mustRetest(c, p)) conjs.add(c.conj);
      else {
        keep.add(c.conj);
        // a template of this one equality re-tested on an untyped path part: presence will do (template-keys.ts invariant 4)
        if (c.presence !== null && c.op === '=' && p !== undefined && p.path !== null && p.type === null) lighter.set(c.conj, c.presence);
      }
    });
    for (const c of keep) conjs.delete(c);
    return { conjs, lighter };
  };
  const size = table.rows.size;
  const scan = (): TableRowSet => new TableScanRowSet(table.defpos, label, filterOf(null), gateC);
  // what a guarded path falls back on: the best path without the keys whose values may not be keys, but for
  // those a template parameter may fix that the guarded path did not use
  const fallback = (ids: readonly string[]): TableRowSet =>
    chooseAccess(table, label, scope, leaf, conjs, order, true, ids.length === 0 ? skip : new Set([...skip, ...ids]), lists).rowset;
  for (const ix of orderedIndexes(table)) {
    const ids = indexPartIds(ix);
    if (!ix.unique || !ids.every((id) => cands.eq.has(id))) continue;
    const chosen = ids.map((id) => cands.eq.get(id)!);
    const parts = chosen.map((c, i) => withPartType(c.part, partType(table, ix, i)));
    const perOuter = parts.some((p) => p.value.refs >= 0);
    const rs = new KeyLookupRowSet(table.defpos, label, ix.defpos, ix.name, parts, filterOf(consumed(ix, chosen, chosen.map((_c, i) => i))), gateC, perOuter);
    return { rowset: guarded(rs, chosen, fallback), estimate: 1, ordered: true };
  }
  const range = bestRange(table, cands);
  const list = lists ? bestList(table, cands, range === null ? 0 : range.eqs.length) : null;
  if (list !== null) {
    const { ix, eqs, at, cand, wholeKey } = list;
    // eqs[i] fixes key part partAt[i]: the parts before the listed one, then those after it
    const partAt = eqs.map((_c, i) => (i < at ? i : i + 1));
    const withoutLists = chooseAccess(table, label, scope, leaf, conjs, order, unguarded, skip, false).rowset;
    const rs = new KeyListRowSet({
      tableDefpos: table.defpos,
      label,
      indexDefpos: ix.defpos,
      indexName: ix.name,
      wholeKey,
      before: eqs.slice(0, at).map((c, i) => withPartType(c.part, partType(table, ix, i))),
      after: eqs.slice(at).map((c, i) => withPartType(c.part, partType(table, ix, at + 1 + i))),
      column: cand.column,
      type: partType(table, ix, at),
      items: cand.items,
      array: cand.array,
      filter: filterOf(withList(consumed(ix, eqs, partAt), cand)),
      gate: gateC,
      fallback: withoutLists,
    });
    const per = wholeKey ? 1 : Math.ceil(size / 100);
    return { rowset: guarded(rs, eqs, fallback), estimate: Math.max(1, (cand.items?.length ?? 10) * per), ordered: false };
  }
  if (range !== null) {
    const { ix, eqs, low, high } = range;
    const used = consumed(ix, [...eqs, low, high], [...eqs.map((_c, i) => i), eqs.length, eqs.length]);
    const ordered = order !== null && ix.parts === null && sameSlots(ix.slots.slice(eqs.length, eqs.length + order.slots.length), order.slots);
    const typed = (c: Candidate, i: number): KeyPart => withPartType(c.part, partType(table, ix, i));
    const rs = new IndexRangeRowSet({
      tableDefpos: table.defpos,
      label,
      indexDefpos: ix.defpos,
      indexName: ix.name,
      prefix: eqs.map((c, i) => typed(c, i)),
      low: low === null ? null : ({ part: typed(low, eqs.length), inclusive: low.inclusive } satisfies RangeBound),
      high: high === null ? null : { part: typed(high, eqs.length), inclusive: high.inclusive },
      descending: ordered && order.descending,
      filter: filterOf(used),
      gate: gateC,
    });
    const est = Math.max(1, Math.ceil(size / (eqs.length === ix.slots.length ? 100 : 10)));
    return { rowset: guarded(rs, [...eqs, low, high], fallback), estimate: est, ordered };
  }
  const filter = filterOf(null);
  const estimate = Math.max(1, Math.ceil(size / 2 ** filter.length));
  const byOrder =
    order === null ? undefined : orderedIndexes(table).find((ix) => ix.parts === null && sameSlots(ix.slots.slice(0, order.slots.length), order.slots));
  if (order !== null && byOrder !== undefined) {
    const rs = new IndexRangeRowSet({
      tableDefpos: table.defpos,
      label,
      indexDefpos: byOrder.defpos,
      indexName: byOrder.name,
      prefix: [],
      low: null,
      high: null,
      descending: order.descending,
      filter,
      gate: gateC,
    });
    return { rowset: rs, estimate, ordered: true };
  }
  return { rowset: new TableScanRowSet(table.defpos, label, filter, gateC), estimate, ordered: false };
}

/**
 * `used` with an IN list's conjunct: the lookups find exactly the rows `x IN (…)` holds for, as one lookup finds
 * those of `x = v` (key values made comparable as `=` makes them, NULLs finding nothing). `x = ANY (array)` stays
 * a filter: its elements compare by the document rules, under which text is not a date (invariant 6).
 */
function withList(used: Consumed, cand: ListCandidate): Consumed {
  if (cand.items === null) return used;
  return { conjs: new Set([...used.conjs, cand.conj]), lighter: used.lighter };
}

/**
 * The index whose leading key parts a list fixes best — its `=` prefix, a listed column, the `=` parts after it —
 * if that is more parts than `beat` (the best range's `=` prefix); among equals the first in `orderedIndexes`
 * (invariant 6).
 */
function bestList(table: Table, cands: Candidates, beat: number): { ix: TableIndex; eqs: Candidate[]; at: number; cand: ListCandidate; wholeKey: boolean } | null {
  if (cands.lists.size === 0) return null;
  let best: ReturnType<typeof bestList> = null;
  for (const ix of orderedIndexes(table)) {
    const ids = indexPartIds(ix);
    // the `=` prefix, the listed part, then the `=` parts after it
    let at = 0;
    while (at < ids.length && cands.eq.has(ids[at]!)) at++;
    const cand = at < ids.length ? cands.lists.get(ids[at]!) : undefined;
    if (cand === undefined) continue;
    let end = at + 1;
    while (end < ids.length && cands.eq.has(ids[end]!)) end++;
    if (end <= beat || (best !== null && end <= best.eqs.length + 1)) continue;
    const eqs = [...ids.slice(0, at), ...ids.slice(at + 1, end)].map((id) => cands.eq.get(id)!);
    best = { ix, eqs, at, cand, wholeKey: ix.unique && end === ids.length };
  }
  return best;
}

function bestRange(
  table: Table,
  cands: Candidates,
): { ix: TableIndex; eqs: Candidate[]; low: (Candidate & { inclusive: boolean }) | null; high: (Candidate & { inclusive: boolean }) | null } | null {
  let best: ReturnType<typeof bestRange> = null;
  let bestScore = 0;
  for (const ix of orderedIndexes(table)) {
    const eqs: Candidate[] = [];
    const ids = indexPartIds(ix);
    for (const id of ids) {
      const c = cands.eq.get(id);
      if (c === undefined) break;
      eqs.push(c);
    }
    const next = ids[eqs.length];
    const low = next === undefined ? null : (cands.low.get(next) ?? null);
    const high = next === undefined ? null : (cands.high.get(next) ?? null);
    const score = eqs.length * 4 + (low ? 1 : 0) + (high ? 1 : 0) + (ix.unique ? 0.5 : 0);
    if (score > bestScore && (eqs.length > 0 || low !== null || high !== null)) {
      best = { ix, eqs, low, high };
      bestScore = score;
    }
  }
  return best;
}
