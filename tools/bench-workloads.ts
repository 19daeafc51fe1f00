/**
 * tools/bench-workloads.ts — the bench's tables, its reading workloads and the median every figure is taken
 * by, shared by the warm runs (tools/bench.ts), the cold ones in fresh processes (tools/bench-cold.ts), the
 * server's (tools/bench-server.ts) and the 10M-row step (tools/bench-ten-million.ts).
 *
 * 1. Nothing here loads an engine: callers pass the database objects, so a cold child can time `require`.
 * 2. Both engines get the same rows and the same parameters, in the same order (`ids` is deterministic).
 * 3. Every reading workload gets rows as arrays from both engines: pyrrhodb's `execute().rows`, better-sqlite3's
 *    `.raw().all()`.
 * 4. The reading workloads run on `t` and `u` as loaded plus the extras (`addReadExtras…`: an index on t.name
 *    and the outer table `o`); the bulk insert and the updates run without them.
 */

/** What the bench uses of pyrrhodb's API (invariant 1). */
export interface PyrrhoDb {
  execute(sql: string, params?: unknown[]): { rows: unknown[][] };
  prepare(sql: string): { execute(params?: unknown[]): { rows: unknown[][] } };
  close(): void;
}

// better-sqlite3 is a dev dependency without bundled types; this is the part of its API the bench uses.
export interface SqliteStatement {
  run(...params: unknown[]): unknown;
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
  /** rows as arrays, as pyrrhodb returns them */
  raw(on?: boolean): SqliteStatement;
}
export interface SqliteDb {
  prepare(sql: string): SqliteStatement;
  exec(sql: string): void;
  pragma(text: string): unknown;
  transaction(fn: () => void): () => void;
  /** a JS user function callable from SQL */
  function(name: string, options: { deterministic: boolean }, fn: (...args: unknown[]) => unknown): void;
  close(): void;
}

export const GROUPS = 100;

/** The median of `times` (the upper one of an even count), as every bench figure is taken. */
export function medianOf(times: readonly number[]): number {
  const t = times.slice().sort((a, b) => a - b);
  return t[t.length >> 1] ?? NaN;
}

export function rowValues(i: number): [number, number, string, number] {
  return [i, i % GROUPS, `name-${(i * 7919) % 1_000_003}`.slice(0, 20), (i * 37) % 1000 / 10];
}

export const SCHEMA_T = 'create table t (id integer primary key, grp integer, name varchar(20), val real)';
export const SCHEMA_U = 'create table u (grp integer primary key, label varchar(20))';

export function loadPyrrho(db: PyrrhoDb, n: number): void {
  db.execute(SCHEMA_T);
  db.execute(SCHEMA_U);
  db.execute('begin transaction');
  const ins = db.prepare('insert into t values (?, ?, ?, ?)');
  for (let i = 0; i < n; i++) ins.execute(rowValues(i));
  const insU = db.prepare('insert into u values (?, ?)');
  for (let g = 0; g < GROUPS; g++) insU.execute([g, `label-${g}`]);
  db.execute('commit');
}

export function loadSqlite(db: SqliteDb, n: number): void {
  db.exec(SCHEMA_T);
  db.exec(SCHEMA_U);
  const ins = db.prepare('insert into t values (?, ?, ?, ?)');
  const insU = db.prepare('insert into u values (?, ?)');
  db.transaction(() => {
    for (let i = 0; i < n; i++) ins.run(...rowValues(i));
    for (let g = 0; g < GROUPS; g++) insU.run(g, `label-${g}`);
  })();
}

/** Rows of the outer table `o` of the index nested-loop join: every other one has flag 1. */
export const OUTER_ROWS = 10_000;
export const SCHEMA_O = 'create table o (id integer primary key, tid integer, flag integer)';

function outerRow(i: number, n: number): [number, number, number] {
  return [i, (i * 7919) % n, i % 2];
}

/**
 * What some reading workloads need beyond `t` and `u`, added after the load (so the bulk insert measures
 * what it did before): the index `t_name` for secondary-index lookups, and the outer table `o` of the index
 * nested-loop join. `dropReadExtras` removes the index again before the update workloads.
 */
export function addReadExtrasPyrrho(db: PyrrhoDb, n: number): void {
  db.execute('create index t_name on t (name)');
  db.execute(SCHEMA_O);
  db.execute('begin transaction');
  const ins = db.prepare('insert into o values (?, ?, ?)');
  for (let i = 0; i < OUTER_ROWS; i++) ins.execute(outerRow(i, n));
  db.execute('commit');
}

export function addReadExtrasSqlite(db: SqliteDb, n: number): void {
  db.exec('create index t_name on t (name)');
  db.exec(SCHEMA_O);
  const ins = db.prepare('insert into o values (?, ?, ?)');
  db.transaction(() => {
    for (let i = 0; i < OUTER_ROWS; i++) ins.run(...outerRow(i, n));
  })();
}

/** Deterministic pseudo-random ids, the same sequence for both engines. */
export function ids(count: number, max: number): number[] {
  const out: number[] = [];
  let x = 12345;
  for (let i = 0; i < count; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    out.push(x % max);
  }
  return out;
}

/** A reading workload: one prepared statement run once per parameter list (invariant 3). */
export interface ReadWorkload {
  readonly key: string;
  readonly label: string;
  readonly sql: string;
  readonly params: readonly unknown[][];
  readonly target: string;
}

/** The reading workloads over a table of `rows` rows; `scale` divides the repetitions (`--quick`). */
export function readWorkloads(rows: number, scale: number): ReadWorkload[] {
  const repeat = (n: number, p: unknown[]): unknown[][] => Array.from({ length: n }, () => p);
  const lookups = ids(100_000 / scale, rows);
  const starts = ids(2_000 / scale, rows - 100);
  const secondary = ids(20_000 / scale, rows);
  return [
    { key: 'point', label: `primary-key point lookups (${lookups.length})`, sql: 'select * from t where id = ?', params: lookups.map((id) => [id]), target: '≥ 1.5' },
    { key: 'secondary', label: `secondary-index lookups (${secondary.length})`, sql: 'select * from t where name = ?', params: secondary.map((id) => [rowValues(id)[2]]), target: '≥ 1.2' },
    { key: 'range', label: `range scans of 100 rows by key (${starts.length})`, sql: 'select id, val from t where id between ? and ?', params: starts.map((a) => [a, a + 99]), target: '≥ 1.5' },
    { key: 'filtered', label: 'filtered scan (20×)', sql: 'select id, name from t where val < ? and grp = ?', params: repeat(20, [50, 7]), target: '≥ 1.0' },
    { key: 'group', label: 'group by (20×)', sql: 'select grp, count(*), sum(val) from t group by grp', params: repeat(20, []), target: '≥ 3.6' },
    { key: 'join', label: 'join (20×)', sql: 'select t.id, u.label from t join u on t.grp = u.grp where t.val < ?', params: repeat(20, [2]), target: '≥ 1.0' },
    {
      key: 'nljoin',
      label: `index nested-loop join: ${OUTER_ROWS} outer rows filtered to ${OUTER_ROWS / 2}, each looking up t's key (20×)`,
      sql: 'select o.id, t.name from o join t on t.id = o.tid where o.flag = ?',
      params: repeat(20, [1]),
      target: '≥ 1.0',
    },
    { key: 'orderby', label: 'order by … limit 10 (20×)', sql: 'select * from t order by val desc, id limit 10', params: repeat(20, []), target: '≥ 1.2' },
  ];
}

/** The workload on pyrrhodb, prepared: each call runs it once; returns the rows of its last execution. */
export function pyrrhoRunner(db: PyrrhoDb, w: ReadWorkload): () => number {
  const st = db.prepare(w.sql);
  return () => {
    let n = 0;
    for (const p of w.params) n = st.execute(p).rows.length;
    return n;
  };
}

/** The workload on better-sqlite3, prepared in raw mode (invariant 3). */
export function sqliteRunner(db: SqliteDb, w: ReadWorkload): () => number {
  const st = db.prepare(w.sql).raw();
  return () => {
    let n = 0;
    for (const p of w.params) n = st.all(...p).length;
    return n;
  };
}
