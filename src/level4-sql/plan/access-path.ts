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
 */
import { isNumericKind, type SqlType } from '../../common/values/sql-type';
import type { Table } from '../../level3-objects/table';
import type { TableIndex } from '../../level3-objects/table-index';
import type { Compiled } from '../eval/compiled';
import type { Scope } from '../eval/scope';
import type { KeyPart } from '../exec/index-key';
import { IndexRangeRowSet, type RangeBound } from '../exec/index-range';
import type { TableRowSet } from '../exec/rowset';
import { TableScanRowSet } from '../exec/table-scan';
import { KeyLookupRowSet } from '../exec/trivial';
import type { Conj, Side } from './conjunct';

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
  readonly slot: number;
  readonly part: KeyPart;
  readonly conj: Conj;
}

interface Candidates {
  eq: Map<number, Candidate>;
  low: Map<number, Candidate & { inclusive: boolean }>;
  high: Map<number, Candidate & { inclusive: boolean }>;
}

/** True when index keys of type `col` can be compared with values of `v` by `compareValues` (after index-key.ts casts). */
export function keyCompatible(col: SqlType, v: Compiled): boolean {
  if (v.dynamic || v.type.kind === 'NULL') return true;
  const a = col.kind;
  const b = v.type.kind;
  if (a === b) return true;
  if (isNumericKind(a) && isNumericKind(b)) return true;
  if ((a === 'DATE' || a === 'TIMESTAMP') && (b === 'DATE' || b === 'TIMESTAMP')) return true;
  return b === 'CHAR' && (a === 'DATE' || a === 'TIME' || a === 'TIMESTAMP' || a === 'BOOLEAN');
}

/** The slot of `s` when it is a plain column of the table whose leaf is `leaf`, else -1. */
function columnSlot(s: Side, scope: Scope, leaf: number): { slot: number; c: Compiled } | null {
  if (s.leaves.size !== 1 || !s.leaves.has(leaf)) return null;
  const c = s.compileAt(scope);
  if (c.column === null || c.column.level !== scope.level || c.column.entry.leaf !== leaf) return null;
  return { slot: c.column.entry.index, c };
}

function valueOf(s: Side, scope: Scope, col: Compiled): Compiled | null {
  if (s.leaves.size !== 0) return null;
  const v = s.compileAt(scope);
  return keyCompatible(col.type, v) ? v : null;
}

const FLIP = { '=': '=', '<': '>', '<=': '>=', '>': '<', '>=': '<=', '<>': '<>' } as const;

function collect(conjs: readonly Conj[], scope: Scope, leaf: number): Candidates {
  const cands: Candidates = { eq: new Map(), low: new Map(), high: new Map() };
  const add = (op: string, col: { slot: number; c: Compiled }, v: Compiled, conj: Conj): void => {
    const cand = { slot: col.slot, conj, part: { column: col.c.column!.entry.name, type: col.c.type, value: v } };
    if (op === '=' && !cands.eq.has(col.slot)) cands.eq.set(col.slot, cand);
    if ((op === '>' || op === '>=') && !cands.low.has(col.slot)) cands.low.set(col.slot, { ...cand, inclusive: op === '>=' });
    if ((op === '<' || op === '<=') && !cands.high.has(col.slot)) cands.high.set(col.slot, { ...cand, inclusive: op === '<=' });
  };
  for (const conj of conjs) {
    if (conj.cmp !== null && conj.cmp.op !== '<>') {
      const { op, left, right } = conj.cmp;
      const lc = columnSlot(left, scope, leaf);
      const lv = lc === null ? null : valueOf(right, scope, lc.c);
      if (lc !== null && lv !== null) add(op, lc, lv, conj);
      else {
        const rc = columnSlot(right, scope, leaf);
        const rv = rc === null ? null : valueOf(left, scope, rc.c);
        if (rc !== null && rv !== null) add(FLIP[op], rc, rv, conj);
      }
    } else if (conj.between !== null) {
      const col = columnSlot(conj.between.operand, scope, leaf);
      const lo = col === null ? null : valueOf(conj.between.low, scope, col.c);
      const hi = col === null ? null : valueOf(conj.between.high, scope, col.c);
      if (col !== null && lo !== null && hi !== null && !cands.low.has(col.slot) && !cands.high.has(col.slot)) {
        add('>=', col, lo, conj);
        add('<=', col, hi, conj);
      }
    }
  }
  return cands;
}

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
export function chooseAccess(table: Table, label: string, scope: Scope, leaf: number, conjs: readonly Conj[], order: OrderWish | null = null): Access {
  const gate = conjs.filter((c) => c.leaves.size === 0);
  const rest = conjs.filter((c) => c.leaves.size !== 0);
  const gateC = gate.map((c) => c.compileAt(scope));
  const cands = collect(rest, scope, leaf);
  const filterOf = (used: Set<Conj>): Compiled[] => rest.filter((c) => !used.has(c)).map((c) => c.compileAt(scope));
  const size = table.rows.size;
  for (const ix of orderedIndexes(table)) {
    if (!ix.unique || !ix.slots.every((s) => cands.eq.has(s))) continue;
    const chosen = ix.slots.map((s) => cands.eq.get(s)!);
    const parts = chosen.map((c) => c.part);
    const perOuter = parts.some((p) => p.value.refs >= 0);
    const used = new Set(chosen.map((c) => c.conj));
    const rs = new KeyLookupRowSet(table.defpos, label, ix.defpos, ix.name, parts, filterOf(used), gateC, perOuter);
    return { rowset: rs, estimate: 1, ordered: true };
  }
  const range = bestRange(table, cands);
  if (range !== null) {
    const { ix, eqs, low, high } = range;
    const used = new Set<Conj>([...eqs.map((c) => c.conj), ...(low ? [low.conj] : []), ...(high ? [high.conj] : [])]);
    const ordered = order !== null && sameSlots(ix.slots.slice(eqs.length, eqs.length + order.slots.length), order.slots);
    const rs = new IndexRangeRowSet({
      tableDefpos: table.defpos,
      label,
      indexDefpos: ix.defpos,
      indexName: ix.name,
      prefix: eqs.map((c) => c.part),
      low: low === null ? null : ({ part: low.part, inclusive: low.inclusive } satisfies RangeBound),
      high: high === null ? null : { part: high.part, inclusive: high.inclusive },
      descending: ordered && order.descending,
      filter: filterOf(used),
      gate: gateC,
    });
    const est = Math.max(1, Math.ceil(size / (eqs.length === ix.slots.length ? 100 : 10)));
    return { rowset: rs, estimate: est, ordered };
  }
  const filter = filterOf(new Set());
  const estimate = Math.max(1, Math.ceil(size / 2 ** filter.length));
  const byOrder = order === null ? undefined : orderedIndexes(table).find((ix) => sameSlots(ix.slots.slice(0, order.slots.length), order.slots));
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

function bestRange(
  table: Table,
  cands: Candidates,
): { ix: TableIndex; eqs: Candidate[]; low: (Candidate & { inclusive: boolean }) | null; high: (Candidate & { inclusive: boolean }) | null } | null {
  let best: ReturnType<typeof bestRange> = null;
  let bestScore = 0;
  for (const ix of orderedIndexes(table)) {
    const eqs: Candidate[] = [];
    for (const s of ix.slots) {
      const c = cands.eq.get(s);
      if (c === undefined) break;
      eqs.push(c);
    }
    const next = ix.slots[eqs.length];
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
