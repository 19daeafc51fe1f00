/**
 * src/level4-sql/plan/random-sql.ts — test support: random SQL over four keyed and indexed tables and four
 * views, of the kinds whose answers SQLite can check (queries-vs-sqlite.test.ts, crash-random.test.ts,
 * concurrency-random.test.ts): queries, changes, and transactions of changes. Nothing in the engine imports it.
 *
 * 1. Only SQL whose meaning both engines share is generated: INTEGER, REAL and VARCHAR columns, small values (no
 *    overflow), `+ - *` (no division), comparisons, BETWEEN, IN lists and subqueries (row values too), EXISTS,
 *    IS [NOT] DISTINCT FROM, LIKE with lower-case data and patterns (SQLite's LIKE ignores ASCII case), CASE,
 *    COALESCE, NULLIF, ABS, LENGTH, SUBSTR, scalar subqueries that aggregate (one row always), inner, outer
 *    and cross joins, derived tables and CTEs (grouped ones too), GROUP BY / HAVING, DISTINCT, UNION /
 *    INTERSECT / EXCEPT, ORDER BY, LIMIT / OFFSET. No predicate is selected as a value (SQLite has no
 *    BOOLEAN) and no AVG (SQLite's is REAL, ours NUMERIC). Where SQLite is known to answer wrongly, the
 *    query is not generated (`query`).
 * 2. Changes avoid where SQLite departs from SQL: text values set by UPDATE are columns or literals, so no
 *    string outgrows its VARCHAR (SQLite would not refuse it); a multi-row UPDATE never sets a unique column
 *    (SQLite checks uniqueness row by row, SQL the statement's result), and a key is changed in one row at a
 *    time; no SET value reads the table it updates, nor a view (SQLite's subquery there sees the rows already
 *    updated); no key column is given NULL (SQLite makes up an INTEGER PRIMARY KEY, and lets other key
 *    columns hold it); no REAL value goes into an INTEGER column (SQLite keeps 3.5 there, SQL rounds it); ON
 *    CONFLICT inserts one row, and UPDATE … FROM joins another table on its key, so no row is changed twice.
 * 3. An ordered query orders by every column it returns (after, perhaps, an expression), so ties are rows
 *    equal in every cell and the order is fixed.
 * 4. Tables of a few dozen rows fit in one B-tree leaf (64 entries); at a larger `scale` tables and value
 *    ranges are several times larger, so that lookups, ranges and joins cross leaves and inner nodes; then no
 *    cross joins and no three-table joins are generated, whose results would grow with the square.
 * 5. A third of the queries compare columns with `@name` parameters where they would compare them with
 *    literals (`a = @p0`, `a IN (@p1, 3)`, `a = @p2 OR a = @p3`); the test runs those twice, with two sets of
 *    values, so that the second execution reuses the plan (and its key guards) made for the first.
 * 6. Queries read views as they read tables: two simple ones (one with a WHERE, one `SELECT *`), whose
 *    queries take the conjuncts put on them (pushdown), a grouped one and an outer join, which do not.
 * 7. A quarter of the plain selects add a window function whose values are the same however ties fall.
 * 8. t4 has a text primary key and a REAL column with an index; REAL columns count as numbers with the
 *    INTEGER ones (compared, added, summed, looked up by integer literals), their values binary fractions
 *    (exact in a double) so that no rounding can tell the engines apart.
 * 9. Between changes, indexes are made and dropped in pyrrhodb alone (`indexChange`), on one or two columns.
 */


export type Kind = 'int' | 'text';
export interface Col {
  readonly ref: string;
  readonly kind: Kind;
}

export const TABLES: Readonly<Record<string, readonly (readonly [string, Kind])[]>> = {
  t1: [['a', 'int'], ['b', 'int'], ['c', 'int'], ['d', 'text']],
  t2: [['x', 'int'], ['y', 'int'], ['z', 'text'], ['w', 'int']],
  t3: [['k', 'int'], ['v', 'int']],
  // REAL columns are numbers as INTEGER ones are (invariant 8): exact binary fractions, so sums agree
  t4: [['s', 'text'], ['r', 'int'], ['i', 'int']],
};
/** Views queries read as tables (invariant 6): simple ones that take WHERE conjuncts, and ones that do not. */
const VIEWS: Readonly<Record<string, readonly (readonly [string, Kind])[]>> = {
  v1: [['a', 'int'], ['b', 'int'], ['d', 'text']],
  v2: TABLES.t2!,
  v3: [['g', 'int'], ['n', 'int'], ['m', 'int']],
  v4: [['a', 'int'], ['v', 'int']],
};
export const KEYS: Readonly<Record<string, string>> = { t1: 'a', t2: 'x, y', t3: 'k', t4: 's' };
export const SCHEMA = [
  'CREATE TABLE t1 (a INTEGER PRIMARY KEY, b INTEGER, c INTEGER, d VARCHAR(8))',
  'CREATE INDEX t1_b ON t1 (b)',
  'CREATE INDEX t1_cd ON t1 (c, d)',
  'CREATE TABLE t2 (x INTEGER, y INTEGER, z VARCHAR(8), w INTEGER, PRIMARY KEY (x, y))',
  'CREATE INDEX t2_z ON t2 (z)',
  'CREATE UNIQUE INDEX t2_w ON t2 (w)',
  'CREATE TABLE t3 (k INTEGER PRIMARY KEY, v INTEGER)',
  'CREATE TABLE t4 (s VARCHAR(20) PRIMARY KEY, r REAL, i INTEGER)',
  'CREATE INDEX t4_r ON t4 (r)',
  'CREATE VIEW v1 AS SELECT a, b, d FROM t1 WHERE c IS NOT NULL OR b > 3',
  'CREATE VIEW v2 AS SELECT * FROM t2',
  'CREATE VIEW v3 AS SELECT b AS g, count(*) AS n, max(a) AS m FROM t1 GROUP BY b',
  'CREATE VIEW v4 AS SELECT p.a AS a, q.v AS v FROM t1 AS p LEFT JOIN t3 AS q ON p.b = q.k',
];
/** Unique columns that no multi-row UPDATE sets: SQLite checks uniqueness row by row, SQL at the statement's end. */
const UNIQUE = ['t2.w'];
const WORDS = ['a', 'b', 'ab', 'ba', 'abc', 'c', 'ca', ''];
/** t4's keys: every word of up to two letters of a, b and c, and a few longer ones; the words among them */
const TEXT_KEYS = ['', 'a', 'b', 'c', 'aa', 'ab', 'ac', 'ba', 'bb', 'bc', 'ca', 'cb', 'cc', 'abc', 'bca', 'cab'];
/** t4's REAL values: binary fractions, exact in a double, so every engine's sums of a few agree */
const REALS = [-1.5, -0.25, 0, 0.5, 1, 1.75, 2, 3.5, 10];
const PATTERNS = ['a%', '%a', '_b%', '%b_', 'ab', '%', '_', 'c%a'];
const CMP = ['=', '<>', '<', '<=', '>', '>='];

/**
 * The random choices of one seed, and the aliases handed out so far. `scale` multiplies the tables' sizes
 * and value ranges (invariant 4).
 */
export class Gen {
  private next = 0;
  /** While a query is made with parameters: their values by name (invariant 5); else null. */
  params: Record<string, number> | null = null;
  constructor(
    private readonly r: () => number,
    readonly scale = 1,
  ) {}
  int(n: number): number {
    return Math.floor(this.r() * n);
  }
  chance(p: number): boolean {
    return this.r() < p;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }
  /** An integer as literals and keys are: a few below zero, most in the tables' ranges. */
  lit(range = 14): number {
    return this.int(range * this.scale) - 2;
  }
  /** An integer compared with a column: a literal, or a parameter while `params` is on. */
  key(): string {
    const v = this.lit();
    if (this.params === null || !this.chance(0.6)) return String(v);
    const name = `p${Object.keys(this.params).length}`;
    this.params[name] = v;
    return `@${name}`;
  }
  alias(): string {
    return `q${this.next++}`;
  }
  value(kind: Kind, nullRate: number, range: number): string {
    if (this.chance(nullRate)) return 'NULL';
    return kind === 'int' ? String(this.lit(range)) : `'${this.pick(WORDS)}'`;
  }
}

/** A table (or, a fifth of the time, a view) in FROM under a fresh alias, with its columns. */
function tableSource(g: Gen): { text: string; cols: Col[] } {
  const from = g.chance(0.2) ? VIEWS : TABLES;
  const name = g.pick(Object.keys(from));
  const alias = g.alias();
  return { text: `${name} AS ${alias}`, cols: from[name]!.map(([c, kind]) => ({ ref: `${alias}.${c}`, kind })) };
}

function ofKind(cols: readonly Col[], kind: Kind): Col[] {
  return cols.filter((c) => c.kind === kind);
}

function intExpr(g: Gen, cols: readonly Col[], depth: number): string {
  const ints = ofKind(cols, 'int');
  const choice = g.int(depth > 0 ? 12 : 4);
  if (choice <= 1 && ints.length > 0) return g.pick(ints).ref;
  if (choice <= 3) return g.chance(0.05) ? 'CAST(NULL AS INTEGER)' : String(g.lit());
  switch (choice) {
    case 4:
    case 5:
      return `(${intExpr(g, cols, depth - 1)} ${g.pick(['+', '-', '*'])} ${intExpr(g, cols, depth - 1)})`;
    case 6:
      return `CASE WHEN ${pred(g, cols, depth - 1)} THEN ${intExpr(g, cols, depth - 1)} ELSE ${intExpr(g, cols, depth - 1)} END`;
    case 7:
      if (g.chance(0.3)) return `CASE ${intExpr(g, cols, depth - 1)} WHEN ${g.int(8)} THEN ${intExpr(g, cols, depth - 1)} WHEN ${g.int(8)} THEN ${intExpr(g, cols, depth - 1)} END`;
      return `COALESCE(${intExpr(g, cols, depth - 1)}, ${intExpr(g, cols, depth - 1)})`;
    case 8:
      return `ABS(${intExpr(g, cols, depth - 1)})`;
    case 9:
      return `LENGTH(${textExpr(g, cols, depth - 1)})`;
    case 10:
      return `NULLIF(${intExpr(g, cols, depth - 1)}, ${intExpr(g, cols, depth - 1)})`;
    default: {
      const s = tableSource(g);
      const agg = g.pick(['max', 'min', 'count', 'sum']);
      const col = g.pick(ofKind(s.cols, 'int')).ref;
      return `(SELECT ${agg}(${col}) FROM ${s.text} WHERE ${pred(g, [...s.cols, ...cols], depth - 1)})`;
    }
  }
}

function textExpr(g: Gen, cols: readonly Col[], depth: number): string {
  const texts = ofKind(cols, 'text');
  const choice = g.int(depth > 0 ? 7 : 3);
  if (choice <= 1 && texts.length > 0) return g.pick(texts).ref;
  if (choice <= 2) return `'${g.pick(WORDS)}'`;
  if (choice === 3) return `(${textExpr(g, cols, depth - 1)} || ${textExpr(g, cols, depth - 1)})`;
  if (choice === 4) return `COALESCE(${textExpr(g, cols, depth - 1)}, '${g.pick(WORDS)}')`;
  if (choice === 5) return `SUBSTR(${textExpr(g, cols, depth - 1)}, ${1 + g.int(3)}, ${g.int(3)})`;
  return `LOWER(${textExpr(g, cols, depth - 1)})`; // never UPPER: data stays lower-case for LIKE (invariant 1)
}

/** A literal list for IN, NULLs sometimes among its values. */
function inList(g: Gen, kind: Kind): string {
  const n = 1 + g.int(5);
  return Array.from({ length: n }, () => (kind === 'int' && g.params !== null ? g.key() : g.value(kind, 0.08, 14))).join(', ');
}

function pred(g: Gen, cols: readonly Col[], depth: number): string {
  const choice = g.int(depth > 0 ? 17 : 9);
  const ints = ofKind(cols, 'int');
  switch (choice) {
    case 0:
    case 1: {
      // a column against a constant: what fixes keys and bounds index ranges
      const c = g.pick(ints).ref;
      return `${c} ${g.pick(CMP)} ${g.key()}`;
    }
    case 2:
      return `${intExpr(g, cols, depth)} ${g.pick(CMP)} ${intExpr(g, cols, depth)}`;
    case 3: {
      const texts = ofKind(cols, 'text');
      const left = texts.length > 0 && g.chance(0.6) ? g.pick(texts).ref : textExpr(g, cols, depth);
      return `${left} ${g.pick(CMP)} ${textExpr(g, cols, depth)}`;
    }
    case 4:
      return `${intExpr(g, cols, depth)} ${g.chance(0.3) ? 'NOT ' : ''}BETWEEN ${intExpr(g, cols, 0)} AND ${intExpr(g, cols, 0)}`;
    case 5: {
      const kind: Kind = g.chance(0.75) || ofKind(cols, 'text').length === 0 ? 'int' : 'text';
      const left = kind === 'int' ? (g.chance(0.7) ? g.pick(ints).ref : intExpr(g, cols, depth)) : g.pick(ofKind(cols, 'text')).ref;
      return `${left} ${g.chance(0.3) ? 'NOT ' : ''}IN (${inList(g, kind)})`;
    }
    case 6:
      if (g.chance(0.3)) return `${g.pick(ints).ref} IS ${g.chance(0.5) ? 'NOT ' : ''}DISTINCT FROM ${intExpr(g, cols, 0)}`;
      return `${g.pick(cols).ref} IS ${g.chance(0.5) ? 'NOT ' : ''}NULL`;
    case 7: {
      const texts = ofKind(cols, 'text');
      if (texts.length === 0) return `${g.pick(ints).ref} IS NULL`;
      return `${g.pick(texts).ref} ${g.chance(0.3) ? 'NOT ' : ''}LIKE '${g.pick(PATTERNS)}'`;
    }
    case 8: {
      // an equality on one column or an OR of them: key lists
      const c = g.pick(ints).ref;
      const n = 1 + g.int(3);
      return `(${Array.from({ length: n }, () => `${c} = ${g.key()}`).join(' OR ')})`;
    }
    case 9:
      return `NOT (${pred(g, cols, depth - 1)})`;
    case 10:
    case 11:
      return `(${pred(g, cols, depth - 1)} AND ${pred(g, cols, depth - 1)})`;
    case 12:
      return `(${pred(g, cols, depth - 1)} OR ${pred(g, cols, depth - 1)})`;
    case 13:
    case 14: {
      const s = tableSource(g);
      const inner = [...s.cols, ...cols];
      const col = g.pick(ofKind(s.cols, 'int')).ref;
      return `${intExpr(g, cols, 0)} ${g.chance(0.3) ? 'NOT ' : ''}IN (SELECT ${col} FROM ${s.text} WHERE ${correlation(g, s.cols, ints)}${pred(g, inner, depth - 1)})`;
    }
    case 15: {
      // a row value IN a two-column subquery
      const s = tableSource(g);
      const mine = [g.pick(ints), g.pick(cols.filter((c) => ofKind(s.cols, c.kind).length > 0))];
      const theirs = mine.map((m) => g.pick(ofKind(s.cols, m.kind)).ref);
      const where = `${correlation(g, s.cols, ints)}${pred(g, g.chance(0.5) ? s.cols : [...s.cols, ...cols], depth - 1)}`;
      return `(${mine.map((m) => m.ref).join(', ')}) ${g.chance(0.3) ? 'NOT ' : ''}IN (SELECT ${theirs.join(', ')} FROM ${s.text} WHERE ${where})`;
    }
    default: {
      const s = tableSource(g);
      const inner = [...s.cols, ...cols];
      const link = `${g.pick(ofKind(s.cols, 'int')).ref} = ${g.pick(ints).ref}`;
      return `${g.chance(0.3) ? 'NOT ' : ''}EXISTS (SELECT 1 FROM ${s.text} WHERE ${link} AND ${pred(g, inner, depth - 1)})`;
    }
  }
}

/** Sometimes an equality of an inner and an outer column, then AND: a correlation a semi-join can hash. */
function correlation(g: Gen, inner: readonly Col[], outerInts: readonly Col[]): string {
  return g.chance(0.4) ? `${g.pick(ofKind(inner, 'int')).ref} = ${g.pick(outerInts).ref} AND ` : '';
}

function anyExpr(g: Gen, cols: readonly Col[]): string {
  if (g.chance(0.5)) return g.pick(cols).ref;
  return g.chance(0.7) ? intExpr(g, cols, 1) : textExpr(g, cols, 1);
}

/**
 * FROM and the columns it makes visible: one table, a join of two or three, or a derived table (or the same
 * query as a CTE, `with` then holding its definition).
 */
function from(g: Gen): { text: string; cols: Col[]; with?: string } {
  const shape = g.int(10);
  if (shape <= 3) return tableSource(g);
  if (shape <= 7) {
    const l = tableSource(g);
    const r = tableSource(g);
    const on = `${g.pick(ofKind(l.cols, 'int')).ref} = ${g.pick(ofKind(r.cols, 'int')).ref}`;
    const extra = g.chance(0.3) ? ` AND ${pred(g, [...l.cols, ...r.cols], 0)}` : '';
    // no cross join of larger tables, nor a third table (invariant 4)
    const join = g.pick(['JOIN', 'JOIN', 'LEFT JOIN', 'LEFT JOIN', 'RIGHT JOIN', 'FULL JOIN', ...(g.scale === 1 ? ['CROSS JOIN'] : [])]);
    const text = join === 'CROSS JOIN' ? `${l.text} CROSS JOIN ${r.text}` : `${l.text} ${join} ${r.text} ON ${on}${extra}`;
    if (shape === 7 && g.scale === 1) {
      const m = tableSource(g);
      const on3 = `${g.pick(ofKind(m.cols, 'int')).ref} = ${g.pick(ofKind([...l.cols, ...r.cols], 'int')).ref}`;
      return { text: `${text} JOIN ${m.text} ON ${on3}`, cols: [...l.cols, ...r.cols, ...m.cols] };
    }
    return { text, cols: [...l.cols, ...r.cols] };
  }
  const inner = tableSource(g);
  const alias = g.alias();
  if (g.chance(0.25)) {
    // a grouped query as a table: its key and two aggregates
    const key = g.pick(inner.cols);
    const ints = ofKind(inner.cols, 'int');
    const body = `SELECT ${key.ref} AS e0, count(*) AS e1, ${g.pick(['sum', 'min', 'max'])}(${g.pick(ints).ref}) AS e2 FROM ${inner.text} GROUP BY ${key.ref}`;
    const cols: Col[] = [{ ref: `${alias}.e0`, kind: key.kind }, { ref: `${alias}.e1`, kind: 'int' }, { ref: `${alias}.e2`, kind: 'int' }];
    return { text: `(${body}) AS ${alias}`, cols };
  }
  const n = 1 + g.int(3);
  // the first column an integer one: every predicate generator needs one
  const picked = [g.pick(ofKind(inner.cols, 'int')), ...Array.from({ length: n - 1 }, () => g.pick(inner.cols))];
  const list = picked.map((c, i) => `${c.ref} AS e${i}`).join(', ');
  const where = g.chance(0.7) ? ` WHERE ${pred(g, inner.cols, 1)}` : '';
  const cols = picked.map((c, i) => ({ ref: `${alias}.e${i}`, kind: c.kind }));
  const body = `SELECT ${g.chance(0.2) ? 'DISTINCT ' : ''}${list} FROM ${inner.text}${where}`;
  if (g.chance(0.4)) return { text: alias, cols, with: `WITH ${alias} AS (${body}) ` };
  return { text: `(${body}) AS ${alias}`, cols };
}

export interface Query {
  readonly sql: string;
  readonly ordered: boolean;
  /** `@name` parameters' values, when the query has any (invariant 5) */
  readonly params?: Readonly<Record<string, number>>;
}

/**
 * A query of one of the shapes below; never one that SQLite answers wrongly (invariant 1): 3.53 drops the
 * NULL-extended rows of a RIGHT or FULL join that a row value IN a subquery keeps —
 * `FROM t3 FULL JOIN t2 ON k = w WHERE (y, x) IN (SELECT 3, -1)` has no row where `WHERE y = 3 AND x = -1`
 * has one.
 */
export function query(g: Gen): Query {
  for (;;) {
    g.params = g.chance(0.3) ? {} : null;
    const q = queryOf(g);
    const params = g.params;
    g.params = null;
    if (/(RIGHT|FULL) JOIN/.test(q.sql) && /\) (NOT )?IN \(SELECT/.test(q.sql)) continue;
    return params === null || Object.keys(params).length === 0 ? q : { ...q, params };
  }
}

function queryOf(g: Gen): Query {
  const shape = g.int(11);
  const f = from(g);
  const w = f.with ?? '';
  const where = g.chance(0.85) ? ` WHERE ${pred(g, f.cols, 2)}` : '';
  const distinct = (): string => (g.chance(0.2) ? 'DISTINCT ' : '');
  if (shape <= 3) {
    const items = Array.from({ length: 1 + g.int(3) }, () => anyExpr(g, f.cols));
    if (g.chance(0.25)) items.push(windowed(g, f.cols));
    const list = items.join(', ');
    return { sql: `${w}SELECT ${distinct()}${list} FROM ${f.text}${where}`, ordered: false };
  }
  if (shape <= 5) {
    const keys = Array.from({ length: 1 + g.int(2) }, () => g.pick(f.cols).ref);
    const agg = (textOk = true): string => {
      const ints = ofKind(f.cols, 'int');
      const a = g.int(5);
      if (a === 0) return 'count(*)';
      const fn = ['count', 'sum', 'min', 'max'][a - 1]!;
      const texts = ofKind(f.cols, 'text');
      if (textOk && fn !== 'sum' && texts.length > 0 && g.chance(0.25)) return `${fn}(${distinct()}${g.pick(texts).ref})`;
      return `${fn}(${distinct()}${g.chance(0.7) ? g.pick(ints).ref : intExpr(g, f.cols, 1)})`;
    };
    const aggs = Array.from({ length: 1 + g.int(3) }, agg);
    const having = g.chance(0.3) ? ` HAVING ${agg(false)} ${g.pick(CMP)} ${g.int(10)}` : '';
    if (shape === 5 && g.chance(0.5)) return { sql: `${w}SELECT ${aggs.join(', ')} FROM ${f.text}${where}`, ordered: false };
    const out = [...keys, ...aggs];
    const grouped = `${w}SELECT ${out.join(', ')} FROM ${f.text}${where} GROUP BY ${keys.join(', ')}${having}`;
    if (!g.chance(0.3)) return { sql: grouped, ordered: false };
    // ordered by every column it returns, aggregates included (invariant 3), perhaps cut by LIMIT
    return { sql: `${grouped} ORDER BY ${orderOf(g, out)}${limitOf(g)}`, ordered: true };
  }
  if (shape <= 8) {
    const list = Array.from({ length: 1 + g.int(3) }, () => g.pick(f.cols).ref);
    // an expression first sometimes, with a column in it (SQLite takes a lone integer for a column's
    // ordinal): ties on it are broken by every returned column (invariant 3); not with DISTINCT, where SQL
    // orders only by what is returned
    const key = `${g.pick(ofKind(f.cols, 'int')).ref} ${g.pick(['+', '-', '*'])} ${intExpr(g, f.cols, 1)}`;
    const lead = g.chance(0.3) ? `${key}${g.chance(0.4) ? ' DESC' : ''}, ` : '';
    const d = lead === '' ? distinct() : '';
    return { sql: `${w}SELECT ${d}${list.join(', ')} FROM ${f.text}${where} ORDER BY ${lead}${orderOf(g, list)}${limitOf(g)}`, ordered: true };
  }
  // set operations over one-column queries of the same kind
  const kind: Kind = g.chance(0.7) ? 'int' : 'text';
  const side = (): string => {
    const s = tableSource(g);
    const cols = ofKind(s.cols, kind);
    const col = cols.length > 0 ? g.pick(cols).ref : kind === 'int' ? intExpr(g, s.cols, 1) : `'${g.pick(WORDS)}'`;
    return `SELECT ${col} FROM ${s.text} WHERE ${pred(g, s.cols, 1)}`;
  };
  return { sql: `${side()} ${g.pick(['UNION', 'UNION ALL', 'INTERSECT', 'EXCEPT'])} ${side()}`, ordered: false };
}

/**
 * A window function whose values do not depend on how ties are broken (invariant 7): over partitions, or
 * ordered with RANGE's peers (the default frame), never ROW_NUMBER or a ROWS frame.
 */
function windowed(g: Gen, cols: readonly Col[]): string {
  const any = (): string => g.pick(cols).ref;
  const int = (): string => g.pick(ofKind(cols, 'int')).ref;
  switch (g.int(6)) {
    case 0:
      return `count(*) OVER (PARTITION BY ${any()})`;
    case 1:
      return `sum(${int()}) OVER (PARTITION BY ${any()})`;
    case 2:
      return `rank() OVER (ORDER BY ${any()}${g.chance(0.5) ? ' DESC' : ''})`;
    case 3:
      return `dense_rank() OVER (PARTITION BY ${any()} ORDER BY ${int()})`;
    case 4:
      return `sum(${int()}) OVER (ORDER BY ${any()})`;
    default:
      return `max(${int()}) OVER (PARTITION BY ${any()} ORDER BY ${int()} DESC)`;
  }
}

function orderOf(g: Gen, cols: readonly string[]): string {
  return cols.map((c) => `${c}${g.chance(0.4) ? ' DESC' : ''}`).join(', ');
}

function limitOf(g: Gen): string {
  return g.chance(0.7) ? ` LIMIT ${1 + g.int(8)}${g.chance(0.3) ? ` OFFSET ${g.int(5)}` : ''}` : '';
}

/** A reference to a REAL column (t4.r): its values are not whole, so they go only into REAL columns. */
const REAL = /\.r\b/;

/**
 * A number for column `column` from `make`: made again while it reads `table` or a view (invariant 2)
 * or, for an INTEGER column, a REAL one (SQLite keeps 3.5 in an INTEGER column; SQL rounds it to 4).
 */
function numberFor(column: string, make: () => string, table: string | null): string {
  for (;;) {
    const value = make();
    if (table !== null && (value.includes(`FROM ${table} AS`) || /FROM v\d AS/.test(value))) continue;
    if (column !== 'r' && REAL.test(value)) continue;
    return value;
  }
}

/** A change to one table; sometimes one that must fail (a duplicate key) in both engines. */
export function change(g: Gen): string {
  const table = g.pick(Object.keys(TABLES));
  const s = TABLES[table]!;
  const cols: Col[] = s.map(([c, kind]) => ({ ref: `${table}.${c}`, kind }));
  const where = ` WHERE ${pred(g, cols, 1)}`;
  const keyCols = KEYS[table]!.split(', ');
  const settable = s.filter(([c]) => !keyCols.includes(c) && !UNIQUE.includes(`${table}.${c}`));
  const newKey = (kind: Kind): string => (kind === 'int' ? String(g.lit(40)) : `'${g.pick(TEXT_KEYS)}'`);
  const newRow = (): string[] => s.map(([, kind], i) => (i < keyCols.length ? newKey(kind) : g.value(kind, 0.2, 12)));
  switch (g.int(8)) {
    case 0: {
      const [c, kind] = g.pick(settable);
      // no SET value that reads the table, itself or through a view (invariant 2)
      const value = kind === 'int' ? numberFor(c, () => intExpr(g, cols, 1), table) : textExpr(g, cols, 0);
      return `UPDATE ${table} SET ${c} = ${value}${where}`;
    }
    case 1:
      return `DELETE FROM ${table}${where}`;
    case 2: {
      const key = keyCols[0]!;
      if (s[0]![1] === 'text') return `UPDATE ${table} SET ${key} = ${key} || 'z' WHERE ${table}.${key} = '${g.pick(TEXT_KEYS)}'`;
      return `UPDATE ${table} SET ${key} = ${key} + ${20 + g.int(60)} WHERE ${table}.${key} = ${g.lit()}`;
    }
    case 3: {
      // rows copied from another table, keys shifted so that some are new and some collide
      const src = tableSource(g);
      const keyWidth = keyCols.length;
      const list = s.map(([, kind], i) => {
        const fits = ofKind(src.cols, kind).filter((c) => kind !== 'int' || s[i]![0] === 'r' || !REAL.test(c.ref));
        const pick = g.pick(fits.length > 0 ? fits : [{ ref: kind === 'int' ? '0' : "'z'", kind }]).ref;
        // no NULL in a key: SQLite makes up an INTEGER PRIMARY KEY for it, and lets other key columns hold it
        if (kind === 'text') return i < keyWidth ? `COALESCE(${pick}, 'z')` : pick;
        return i === 0 ? `COALESCE(${pick}, 0) + ${g.int(30)}` : i < keyWidth ? `COALESCE(${pick}, 0)` : pick;
      });
      return `INSERT INTO ${table} SELECT ${list.join(', ')} FROM ${src.text} WHERE ${pred(g, src.cols, 1)}`;
    }
    case 4: {
      // one row, or what it collides with changed (invariant 2: one row, so no key is changed twice)
      const [c, kind] = g.pick(settable);
      const set = kind === 'int' && g.chance(0.5) ? `${table}.${c} + excluded.${c}` : `excluded.${c}`;
      const action = g.chance(0.3) ? 'DO NOTHING' : `DO UPDATE SET ${c} = ${set}`;
      return `INSERT INTO ${table} VALUES (${newRow().join(', ')}) ON CONFLICT (${keyCols.join(', ')}) ${action}`;
    }
    case 5: {
      // UPDATE … FROM another table joined on its one-column key, so each row meets at most one source row
      const [src, key] = table === 't1' ? ['t3', 'k'] : ['t1', 'a'];
      const alias = g.alias();
      const srcCols: Col[] = TABLES[src]!.map(([c, kind]) => ({ ref: `${alias}.${c}`, kind }));
      const [c, kind] = g.pick(settable);
      const both = [...cols, ...srcCols];
      const value = kind === 'int' ? numberFor(c, () => intExpr(g, both, 0), null) : ofKind(srcCols, 'text').length > 0 ? g.pick(ofKind(srcCols, 'text')).ref : `'${g.pick(WORDS)}'`;
      const on = `${alias}.${key} = ${g.pick(ofKind(cols, 'int')).ref}`;
      return `UPDATE ${table} SET ${c} = ${value} FROM ${src} AS ${alias} WHERE ${on} AND ${pred(g, both, 0)}`;
    }
    default:
      return `INSERT INTO ${table} VALUES (${newRow().join(', ')})`;
  }
}

/**
 * What one turn of the change loop does: one change in autocommit, or a transaction of a few ending in
 * COMMIT or ROLLBACK, perhaps with a savepoint rolled back to in its middle (queries-vs-sqlite.test.ts invariant 2).
 */
export function steps(g: Gen): string[] {
  if (!g.chance(0.3)) return [change(g)];
  const body = g.chance(0.4) ? [change(g), 'SAVEPOINT s', change(g), change(g), 'ROLLBACK TO s', change(g)] : [change(g), change(g)];
  return ['BEGIN', ...body, g.chance(0.5) ? 'COMMIT' : 'ROLLBACK'];
}

/** The tables' first rows, drawn from `g` at its scale: keys unique, other columns NULL sometimes. */
export function randomRows(g: Gen): Record<string, unknown[][]> {
  const rows: Record<string, unknown[][]> = { t1: [], t2: [], t3: [], t4: [] };
  const n1 = (20 + g.int(40)) * g.scale;
  const keys = new Set<number>();
  while (keys.size < n1) keys.add(g.lit(60));
  const pickOrNull = (k: number, rate: number): unknown => (g.chance(rate) ? null : g.lit(k));
  const word = (rate: number): unknown => (g.chance(rate) ? null : g.pick(WORDS));
  for (const a of keys) rows.t1!.push([a, pickOrNull(12, 0.15), pickOrNull(6, 0.15), word(0.15)]);
  const pairs = new Set<string>();
  let w = 0;
  for (let i = 0; i < 40 * g.scale; i++) {
    const x = g.lit(12);
    const y = g.int(6);
    if (pairs.has(`${x},${y}`)) continue;
    pairs.add(`${x},${y}`);
    rows.t2!.push([x, y, word(0.2), g.chance(0.2) ? null : (w += 1 + g.int(3))]);
  }
  for (let k = -2; k < 20 * g.scale; k++) if (g.chance(0.7)) rows.t3!.push([k, pickOrNull(12, 0.2)]);
  for (const key of TEXT_KEYS) if (g.chance(0.7)) rows.t4!.push([key, g.chance(0.15) ? null : g.pick(REALS), pickOrNull(12, 0.15)]);
  return rows;
}

/**
 * An index made or dropped while the queries run (pyrrhodb only: SQLite's answers must not depend on
 * indexes), named `made` until dropped: plans made before it must give way to ones that use it, and then to
 * ones that do without it (invariant 9).
 */
export function indexChange(g: Gen, made: string[]): string {
  if (made.length > 0 && g.chance(0.4)) {
    const name = made.splice(g.int(made.length), 1)[0]!;
    return `DROP INDEX ${name}`;
  }
  const table = g.pick(Object.keys(TABLES));
  const keyCols = KEYS[table]!.split(', ');
  const cols = TABLES[table]!.map(([c]) => c).filter((c) => !keyCols.includes(c));
  const first = g.pick(cols);
  const second = g.chance(0.4) ? g.pick(TABLES[table]!.map(([c]) => c).filter((c) => c !== first)) : null;
  const name = `ix${made.length}_${g.int(1_000_000)}`;
  made.push(name);
  return `CREATE INDEX ${name} ON ${table} (${second === null ? first : `${first}, ${second}`})`;
}
