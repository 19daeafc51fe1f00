/**
 * tools/bench-documents.ts — the document workloads of `npm run bench` (issue 11): pyrrhodb's DOCUMENT column
 * against better-sqlite3 (JSON text, `json_extract`, an expression index), mingo (an in-memory array of
 * documents) and NeDB (`@seald-io/nedb`, an in-memory Datastore).
 *
 * `benchDocuments` returns one row per (workload, pyrrhodb form, peer); tools/bench.ts prints them in its table
 * as ratios (peer time ÷ pyrrhodb time, so > 1 means pyrrhodb is faster). `--quick` divides every size by 10;
 * `--engines=pyrrhodb,sqlite,mingo,nedb` runs a subset (for profiling one side; rows without both sides print
 * "—"). Invariants:
 * 1. Every engine gets the same documents (one seeded generator, called afresh for each engine so that no
 *    engine sees another's objects) and the same parameters in the same order.
 * 2. A workload times every engine on the same list of operations: untimed warm-up runs, then RUNS timed runs
 *    with the engines alternating, each run's order a rotation, forwards and backwards in turn (one direction
 *    only made each runner follow the same other one, and inherit its caches and garbage: the zip lookups
 *    measured 14.5 ms after NeDB and 10.4 ms after pyrrhodb in one run); an engine's figure is the median.
 *    The collector is not forced between runs: after a forced full collection pyrrhodb's range UPDATE ran 3–5×
 *    slower than in steady state, and a long-running process never collects like that. The loads and the
 *    unindexed filters warm up on the first tenth of the operations: each of their runs is long enough to
 *    reach the steady state, and a whole pass of them takes minutes with some engines. The workloads whose
 *    runs last milliseconds (the indexed lookups, the updates by _id) warm up with whole runs, repeated until
 *    WARM_MS have passed (at least one), every engine alike: V8 optimises a function after enough of its own
 *    bytecode has run, and in a fresh process pyrrhodb's successive runs of 1,000 lookups took 39, 18, 15,
 *    12, 7.4, 6.4 ms, so one warm-up run left the timed runs in that climb and their median measured
 *    compilation, not the steady state a warm figure claims. What the climb costs is not hidden: those rows'
 *    note gives each engine's first run, the warm-up's first.
 * 3. Every engine delivers JS objects: pyrrhodb's rows hold documents, better-sqlite3's JSON text is
 *    `JSON.parse`d, mingo returns its stored objects (no copy), NeDB returns deep copies.
 * 4. Each engine's answer count from its first timed run is compared with pyrrhodb's (for each pyrrhodb
 *    form): a difference is printed in the row's note, never hidden.
 * 5. NeDB has no synchronous API: its operations are awaited one at a time, so its figures include a promise
 *    and its executor queue per operation. A pyrrhodb statement that fails leaves its rows with "—" and the
 *    SQLSTATE and message in the note; the bench goes on.
 */
import { Database } from '../src/index';
import type { SqliteDb, SqliteStatement } from './bench-workloads';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Datastore = require('@seald-io/nedb') as new () => NedbStore;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const mingo = require('mingo') as MingoModule;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Sqlite = require('better-sqlite3') as new (file: string) => SqliteDb;

// The parts of the other peers' APIs the bench uses, kept loose (better-sqlite3's: bench-workloads.ts).
interface MingoQuery {
  find(collection: unknown[]): { all(): unknown[] };
}
interface MingoModule {
  Query: new (condition: object) => MingoQuery;
  updateMany(docs: object[], condition: object, modifier: object): { matchedCount: number; modifiedCount: number };
}
interface NedbStore {
  insertAsync(docs: readonly object[]): Promise<unknown>;
  findAsync(query: object): Promise<unknown[]>;
  updateAsync(query: object, update: object, options?: object): Promise<{ numAffected: number }>;
  ensureIndexAsync(options: { fieldName: string }): Promise<void>;
}

/** One row of the bench table: pyrrhodb in one form against one peer. */
export interface DocumentRow {
  workload: string;
  ops: number;
  pyrrho: number; // ms (median)
  peer: string;
  peerMs: number; // ms (median)
  target: string;
  note?: string;
}

const RUNS = 5;
/** How long the whole-run warm-up of a short workload lasts per engine (invariant 2). */
const WARM_MS = 300;
const CITIES = 100;
const ZIPS = 20_000;

/** A document of the bench: `{_id, name, city, age, tags, address: {zip, street}}`. */
interface Person {
  _id: string;
  name: string;
  city: string;
  age: number;
  tags: string[];
  address: { zip: string; street: string };
}

/** A seeded generator (mulberry32, exact 32-bit integer steps): the same sequence on every call with the same seed. */
function seeded(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (x + 0x6d2b79f5) >>> 0;
    let t = Math.imul(x ^ (x >>> 15), 1 | x);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function idOf(i: number): string {
  return `p${String(i).padStart(7, '0')}`;
}

/** `n` documents, the same for every call (invariant 1). */
function makeDocs(n: number): Person[] {
  const rnd = seeded(20261124);
  const out: Person[] = [];
  for (let i = 0; i < n; i++) {
    const tagCount = 1 + Math.floor(rnd() * 3);
    const tags: string[] = [];
    for (let t = 0; t < tagCount; t++) tags.push(`tag${Math.floor(rnd() * 20)}`);
    out.push({
      _id: idOf(i),
      name: `name-${(i * 7919) % 1_000_003}`,
      city: `city-${Math.floor(rnd() * CITIES)}`,
      age: 18 + Math.floor(rnd() * 63),
      tags,
      address: { zip: String(10_000 + Math.floor(rnd() * ZIPS)), street: `${1 + Math.floor(rnd() * 999)} Main Street` },
    });
  }
  return out;
}

/**
 * One engine's part of a workload: runs the operations once (for the warm-up run, as many of them as `part`
 * gives), returns how many documents it delivered or changed.
 */
type Runner = (warm: boolean) => number | Promise<number>;

/** The operations a run does: all of them, or the first tenth for the warm-up of a long workload (invariant 2). */
function part<T>(xs: readonly T[], warm: boolean): readonly T[] {
  return warm ? xs.slice(0, Math.ceil(xs.length / 10)) : xs;
}

/** The operations a run of a short workload does: all of them, warm-up included (invariant 2). */
function whole<T>(xs: readonly T[], _warm: boolean): readonly T[] {
  return xs;
}

interface Outcome {
  ms: number; // median, NaN when the engine failed
  count: number; // documents delivered (or changed) by the first timed run
  error?: string;
  /** the first warm-up run's time, when the warm-up repeats whole runs (invariant 2) */
  firstMs?: number;
}

function errorText(e: unknown): string {
  if (e instanceof Error) {
    const state = (e as { sqlState?: string }).sqlState;
    return `${state === undefined ? e.name : state}: ${e.message}`.slice(0, 300);
  }
  return String(e).slice(0, 300);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

/**
 * Times the runners as invariant 2 says; a runner that throws is reported, not retried. `warmMs` > 0 repeats
 * each engine's warm-up run until that long has passed and records its first run.
 */
async function alternate(runners: Record<string, Runner>, warmMs = 0): Promise<Record<string, Outcome>> {
  const names = Object.keys(runners);
  const out: Record<string, Outcome> = {};
  const times: Record<string, number[]> = {};
  for (const name of names) {
    times[name] = [];
    try {
      const start = process.hrtime.bigint();
      let firstMs = NaN;
      do {
        const t0 = process.hrtime.bigint();
        await (runners[name] as Runner)(true);
        if (Number.isNaN(firstMs)) firstMs = Number(process.hrtime.bigint() - t0) / 1e6;
      } while (Number(process.hrtime.bigint() - start) / 1e6 < warmMs);
      out[name] = { ms: NaN, count: NaN, ...(warmMs > 0 ? { firstMs } : {}) };
    } catch (e) {
      out[name] = { ms: NaN, count: NaN, error: errorText(e) };
    }
  }
  const n = names.length;
  for (let run = 0; run < RUNS; run++) {
    for (let k = 0; k < n; k++) {
      const name = names[run % 2 === 0 ? (run + k) % n : (((run - k) % n) + n) % n] as string;
      const o = out[name] as Outcome;
      if (o.error !== undefined) continue;
      try {
        const t0 = process.hrtime.bigint();
        const r = (runners[name] as Runner)(false);
        const count = typeof r === 'number' ? r : await r;
        (times[name] as number[]).push(Number(process.hrtime.bigint() - t0) / 1e6);
        if (run === 0 || !Number.isFinite(o.count)) o.count = count;
      } catch (e) {
        o.error = errorText(e);
      }
    }
  }
  for (const name of names) {
    const o = out[name] as Outcome;
    if (o.error === undefined) o.ms = median(times[name] as number[]);
  }
  return out;
}

const ENGINES = process.argv.find((a) => a.startsWith('--engines='))?.slice(10).split(',');
function wanted(engine: string): boolean {
  return ENGINES === undefined || ENGINES.includes(engine.split(':')[0] as string);
}

/** Keeps only the runners of the engines asked for (`--engines=`). */
function pick(runners: Record<string, Runner>): Record<string, Runner> {
  const out: Record<string, Runner> = {};
  for (const [name, r] of Object.entries(runners)) if (wanted(name)) out[name] = r;
  return out;
}

const PEER_NAMES: Record<string, string> = { sqlite: 'better-sqlite3', mingo: 'mingo', nedb: 'NeDB' };

/**
 * Rows for one workload: for each pyrrhodb form (a runner named `pyrrhodb:form`), one row per peer, with the
 * count check of invariant 4 and any failure in the note.
 */
function rowsOf(
  label: string,
  ops: number,
  outcomes: Record<string, Outcome>,
  targets: Record<string, string>,
  extraNote = '',
): DocumentRow[] {
  const rows: DocumentRow[] = [];
  const forms = Object.keys(outcomes).filter((n) => n.startsWith('pyrrhodb'));
  const peers = Object.keys(outcomes).filter((n) => !n.startsWith('pyrrhodb'));
  if (forms.length === 0) forms.push('pyrrhodb');
  for (const form of forms) {
    const p: Outcome = outcomes[form] ?? { ms: NaN, count: NaN };
    const formName = form.includes(':') ? `, ${form.slice(form.indexOf(':') + 1)}` : '';
    for (const peer of peers) {
      const s = outcomes[peer] as Outcome;
      const notes: string[] = [];
      if (p.error !== undefined) notes.push(`pyrrhodb failed: ${p.error}`);
      if (s.error !== undefined) notes.push(`${PEER_NAMES[peer]} failed: ${s.error}`);
      if (p.error === undefined && s.error === undefined && Number.isFinite(p.count) && p.count !== s.count) {
        notes.push(`answers differ: ${p.count} documents vs ${s.count}`);
      }
      if (p.firstMs !== undefined && s.firstMs !== undefined) {
        notes.push(`first run (the warm-up's first): pyrrhodb ${p.firstMs.toFixed(1)} ms, ${PEER_NAMES[peer] ?? peer} ${s.firstMs.toFixed(1)} ms`);
      }
      if (extraNote !== '') notes.push(extraNote);
      rows.push({
        workload: `documents: ${label}${formName}`,
        ops,
        pyrrho: p.ms,
        peer: PEER_NAMES[peer] ?? peer,
        peerMs: s.ms,
        target: targets[peer] ?? '—',
        ...(notes.length > 0 ? { note: notes.join('; ') } : {}),
      });
    }
  }
  return rows;
}

/** The SQLite side: a table `people (id text primary key, doc text)` holding JSON text. */
function loadSqlite(docs: readonly Person[]): SqliteDb {
  const db = new Sqlite(':memory:');
  db.exec('create table people (id text primary key, doc text)');
  const ins = db.prepare('insert into people (id, doc) values (?, ?)');
  db.transaction(() => {
    for (const d of docs) ins.run(d._id, JSON.stringify(d));
  })();
  return db;
}

/** The pyrrhodb side: a one-DOCUMENT-column table loaded in one transaction by a prepared INSERT. */
function loadPyrrho(docs: readonly Person[]): Database {
  const db = Database.open(':memory:');
  try {
    db.execute('create table people (doc document)');
    db.execute('begin transaction');
    const ins = db.prepare('insert into people values (?)');
    for (const d of docs) ins.execute([d]);
    db.execute('commit');
  } catch (e) {
    db.close();
    throw e;
  }
  return db;
}

async function loadNedb(docs: readonly Person[]): Promise<NedbStore> {
  const db = new Datastore();
  await db.insertAsync(docs);
  return db;
}

/** Runs an EXPLAIN and returns its plan lines joined, or the error. */
function explain(db: Database, sql: string, params?: unknown[]): string {
  try {
    return db
      .execute(`explain ${sql}`, params)
      .rows.map((r) => String(r[0]).trim())
      .join(' / ');
  } catch (e) {
    return `EXPLAIN failed: ${errorText(e)}`;
  }
}

/** Whether a plan line names the index `people_zip` (or any index scan) rather than a full scan. */
function usesIndex(plan: string, index: string): boolean {
  return plan.toLowerCase().includes(index.toLowerCase());
}

/**
 * The document workloads (issue 11's proof). Returns the rows, in workload order; `quick` divides the sizes
 * by 10.
 */
export async function benchDocuments(quick: boolean): Promise<DocumentRow[]> {
  const scale = quick ? 10 : 1;
  const n = 100_000 / scale;
  const rows: DocumentRow[] = [];
  const note = (s: string): void => void process.stderr.write(`bench: documents: ${s}\n`);

  // 1. Load n documents in one transaction (fresh database each run).
  note(`load ${n}`);
  const loadDocs = makeDocs(n);
  const load = await alternate(
    pick({
      pyrrhodb: (w) => {
        const docs = part(loadDocs, w);
        loadPyrrho(docs).close();
        return docs.length;
      },
      sqlite: (w) => {
        const docs = part(loadDocs, w);
        loadSqlite(docs).close();
        return docs.length;
      },
      nedb: async (w) => {
        const docs = part(loadDocs, w);
        await loadNedb(docs);
        return docs.length;
      },
    }),
  );
  rows.push(
    ...rowsOf(`load ${n} documents, one transaction`, n, load, {}, 'sqlite: (id text primary key, doc text) with JSON.stringify; NeDB: one insertAsync of the array'),
  );

  // The databases the query workloads share, each loaded from its own copy of the documents.
  note('loading the query databases');
  let pdb: Database | null = null;
  let pyrrhoSetup: string | undefined;
  if (wanted('pyrrhodb')) {
    try {
      pdb = loadPyrrho(makeDocs(n));
    } catch (e) {
      pyrrhoSetup = `load: ${errorText(e)}`;
    }
  }
  const sdb = wanted('sqlite') ? loadSqlite(makeDocs(n)) : null;
  sdb?.exec("create index people_zip on people (json_extract(doc, '$.address.zip'))");
  const mdocs = wanted('mingo') ? makeDocs(n) : [];
  const ndb = wanted('nedb') ? await loadNedb(makeDocs(n)) : null;
  await ndb?.ensureIndexAsync({ fieldName: 'address.zip' });

  /** A pyrrhodb runner, or one that throws the setup failure (so the row shows it). */
  const pyrrhoRunner = (sql: string, body: (stmt: ReturnType<Database['prepare']>, db: Database, w: boolean) => number): Runner => {
    return (w) => {
      if (pdb === null) throw new Error(pyrrhoSetup ?? 'pyrrhodb not loaded');
      return body(pdb.prepare(sql), pdb, w);
    };
  };
  if (pdb !== null) {
    try {
      pdb.execute('create index people_zip on people (doc.address.zip)');
    } catch (e) {
      pyrrhoSetup = `create index people_zip on people (doc.address.zip): ${errorText(e)}`;
    }
  }

  // 2. Filters city = X and age > Y, no index: each returns tens of documents (100 cities, ages 18–80). Each
  // timed run applies 200 filters (5 runs: 1,000 filters, the figure, in about 4 minutes instead of
  // 20 — a filter costs the same whichever run it is in, so the median ratio does not move).
  const filterCount = 200 / scale;
  const rf = seeded(7);
  const filters = Array.from({ length: filterCount }, (_, i) => ({ city: `city-${Math.floor(rf() * CITIES)}`, age: 74 + (i % 5) }));
  note(`${filterCount} filters`);
  const selSql = 'select doc from people where doc.city = ? and doc.age > ?';
  const tplSql = 'select doc from people where doc = ?';
  const sFilter = sdb?.prepare("select doc from people where json_extract(doc, '$.city') = ? and json_extract(doc, '$.age') > ?").raw();
  const filt = await alternate(
    pick({
      'pyrrhodb:selectors': pyrrhoRunner(selSql, (st, _db, w) => {
        let c = 0;
        for (const f of part(filters, w)) c += st.execute([f.city, f.age]).rows.length;
        return c;
      }),
      'pyrrhodb:template': pyrrhoRunner(tplSql, (st, _db, w) => {
        let c = 0;
        for (const f of part(filters, w)) c += st.execute([{ city: f.city, age: { $gt: f.age } }]).rows.length;
        return c;
      }),
      sqlite: (w) => {
        let c = 0;
        for (const f of part(filters, w)) c += (sFilter as SqliteStatement).all(f.city, f.age).map((r) => JSON.parse((r as [string])[0]) as Person).length;
        return c;
      },
      mingo: (w) => {
        let c = 0;
        for (const f of part(filters, w)) c += new mingo.Query({ city: f.city, age: { $gt: f.age } }).find(mdocs).all().length;
        return c;
      },
      nedb: async (w) => {
        let c = 0;
        for (const f of part(filters, w)) c += (await (ndb as NedbStore).findAsync({ city: f.city, age: { $gt: f.age } })).length;
        return c;
      },
    }),
  );
  const perFilter = Math.round((filt['pyrrhodb:selectors']?.count ?? filt.sqlite?.count ?? NaN) / filterCount);
  rows.push(...rowsOf(`${filterCount} filters city = X and age > Y, no index (~${perFilter} docs each)`, filterCount, filt, { sqlite: '≥ 1.5', mingo: '≥ 2' }));

  // 3. Lookups by address.zip through an index.
  const lookupCount = 1_000 / scale;
  const rz = seeded(11);
  const zips = Array.from({ length: lookupCount }, () => String(10_000 + Math.floor(rz() * ZIPS)));
  note(`${lookupCount} zip lookups`);
  const zipSel = 'select doc from people where doc.address.zip = ?';
  const zipLit = "select doc from people where doc = {'address': {'zip': ?}}";
  // `where doc = ?` chooses its index per execution, from the template's paths (template-params.ts): timed only if
  // EXPLAIN with such a template shows the index (a full scan per lookup would be a filter workload, minutes long)
  let plans = '';
  let paramTemplateIndexed = false;
  if (pdb !== null) {
    const says = (sql: string, params?: unknown[]): string => {
      const plan = explain(pdb as Database, sql, params);
      return usesIndex(plan, 'people_zip') ? 'people_zip' : `no index [${plan}]`;
    };
    const paramPlan = says(tplSql, [{ 'address.zip': zips[0] }]);
    paramTemplateIndexed = paramPlan === 'people_zip';
    plans = `pyrrhodb EXPLAIN: selector ${says(zipSel)}, literal template ${says(zipLit)}, template parameter {'address.zip': Z} ${paramPlan}${paramTemplateIndexed ? '' : ' (not timed)'}`;
    note(plans);
  }
  const sZip = sdb?.prepare("select doc from people where json_extract(doc, '$.address.zip') = ?").raw();
  const zip = await alternate(
    pick({
      'pyrrhodb:selector': pyrrhoRunner(zipSel, (st, _db, w) => {
        let c = 0;
        for (const z of whole(zips, w)) c += st.execute([z]).rows.length;
        return c;
      }),
      'pyrrhodb:template {address: {zip: ?}}': pyrrhoRunner(zipLit, (st, _db, w) => {
        let c = 0;
        for (const z of whole(zips, w)) c += st.execute([z]).rows.length;
        return c;
      }),
      ...(paramTemplateIndexed
        ? {
            'pyrrhodb:template parameter {address.zip: Z}': pyrrhoRunner(tplSql, (st, _db, w) => {
              let c = 0;
              for (const z of whole(zips, w)) c += st.execute([{ 'address.zip': z }]).rows.length;
              return c;
            }),
          }
        : {}),
      sqlite: (w) => {
        let c = 0;
        for (const z of whole(zips, w)) c += (sZip as SqliteStatement).all(z).map((r) => JSON.parse((r as [string])[0]) as Person).length;
        return c;
      },
      nedb: async (w) => {
        let c = 0;
        for (const z of whole(zips, w)) c += (await (ndb as NedbStore).findAsync({ 'address.zip': z })).length;
        return c;
      },
    }),
    WARM_MS,
  );
  rows.push(
    ...rowsOf(`${lookupCount} lookups by address.zip, indexed`, lookupCount, zip, { sqlite: '≥ 1.5' }, `${plans}${plans === '' ? '' : '; '}mingo has no indexes (not run)`),
  );

  // 4. A $in filter over three cities (about 3% of the documents each time).
  const inCount = 50 / scale;
  const ri = seeded(13);
  const ins = Array.from({ length: inCount }, () => [0, 1, 2].map(() => `city-${Math.floor(ri() * CITIES)}`));
  note(`${inCount} $in filters`);
  const sIn = sdb?.prepare("select doc from people where json_extract(doc, '$.city') in (?, ?, ?)").raw();
  const inRes = await alternate(
    pick({
      'pyrrhodb:template': pyrrhoRunner(tplSql, (st, _db, w) => {
        let c = 0;
        for (const cs of part(ins, w)) c += st.execute([{ city: { $in: cs } }]).rows.length;
        return c;
      }),
      sqlite: (w) => {
        let c = 0;
        for (const cs of part(ins, w)) c += (sIn as SqliteStatement).all(...cs).map((r) => JSON.parse((r as [string])[0]) as Person).length;
        return c;
      },
      mingo: (w) => {
        let c = 0;
        for (const cs of part(ins, w)) c += new mingo.Query({ city: { $in: cs } }).find(mdocs).all().length;
        return c;
      },
      nedb: async (w) => {
        let c = 0;
        for (const cs of part(ins, w)) c += (await (ndb as NedbStore).findAsync({ city: { $in: cs } })).length;
        return c;
      },
    }),
  );
  const perIn = Math.round((inRes['pyrrhodb:template']?.count ?? inRes.sqlite?.count ?? NaN) / inCount);
  rows.push(...rowsOf(`${inCount} filters {city: {$in: [a, b, c]}}, no index (~${perIn} docs each)`, inCount, inRes, {}));

  // 5. $inc of a nested field in 10,000 documents: by _id one statement each, in one transaction; and one
  // statement over a range of 10,000 _ids. Every run increments again (the warm-up run creates the field).
  const updCount = 10_000 / scale;
  const updIds = Array.from({ length: updCount }, (_, k) => idOf((k * 7919) % n));
  note(`${updCount} $inc updates by _id`);
  // Users write `where doc._id = ?`; should its plan (not its fallback for values that cannot be keys) be a
  // table scan (minutes), the row runs the template form, which EXPLAIN shows using the _id index.
  const byIdSel = "update people set doc = {'$inc': {'address.n': 1}} where doc._id = ?";
  const byIdTpl = "update people set doc = {'$inc': {'address.n': 1}} where doc = {'_id': ?}";
  let byIdSql = byIdSel;
  let byIdNote = '';
  if (pdb !== null) {
    const plan = explain(pdb, byIdSel);
    if (/TableScan/i.test(plan.split("(when a parameter's value cannot be a key")[0]!)) {
      byIdSql = byIdTpl;
      byIdNote = `pyrrhodb: \`where doc._id = ?\` plans a table scan [${plan}], so this row runs \`where doc = {'_id': ?}\` [${explain(pdb, byIdTpl)}]; `;
    } else byIdNote = `pyrrhodb: ${plan}; `;
    note(byIdNote);
  }
  const sUpd = sdb?.prepare("update people set doc = json_set(doc, '$.address.n', coalesce(json_extract(doc, '$.address.n'), 0) + 1) where id = ?");
  const upd = await alternate(
    pick({
      pyrrhodb: pyrrhoRunner(byIdSql, (st, db, w) => {
        let c = 0;
        db.execute('begin transaction');
        try {
          for (const id of whole(updIds, w)) c += st.execute([id]).rowsAffected;
          db.execute('commit');
        } catch (e) {
          try {
            db.execute('rollback');
          } catch {
            // the failure is the first error's, reported by the caller
          }
          throw e;
        }
        return c;
      }),
      sqlite: (w) => {
        let c = 0;
        (sdb as SqliteDb).transaction(() => {
          for (const id of whole(updIds, w)) c += ((sUpd as SqliteStatement).run(id) as { changes: number }).changes;
        })();
        return c;
      },
      nedb: async (w) => {
        let c = 0;
        for (const id of whole(updIds, w)) c += (await (ndb as NedbStore).updateAsync({ _id: id }, { $inc: { 'address.n': 1 } })).numAffected;
        return c;
      },
    }),
    WARM_MS,
  );
  rows.push(
    ...rowsOf(`$inc address.n in ${updCount} documents, one UPDATE … where _id = ? each, one transaction`, updCount, upd, {}, `${byIdNote}NeDB: one awaited updateAsync each (no transactions); mingo: no index on _id (not run)`),
  );

  note(`$inc over a range of ${updCount} _ids`);
  const lo = idOf(Math.floor(n / 5));
  const hi = idOf(Math.floor(n / 5) + updCount);
  const rangeSql = "update people set doc = {'$inc': {'address.n': 1}} where doc._id >= ? and doc._id < ?";
  const rangeNote = pdb === null ? '' : `pyrrhodb: ${explain(pdb, rangeSql)}`;
  const sRange = sdb?.prepare("update people set doc = json_set(doc, '$.address.n', coalesce(json_extract(doc, '$.address.n'), 0) + 1) where id >= ? and id < ?");
  const range = await alternate(
    pick({
      pyrrhodb: pyrrhoRunner(rangeSql, (st) => st.execute([lo, hi]).rowsAffected),
      sqlite: () => ((sRange as SqliteStatement).run(lo, hi) as { changes: number }).changes,
      mingo: () => mingo.updateMany(mdocs, { _id: { $gte: lo, $lt: hi } }, { $inc: { 'address.n': 1 } }).matchedCount,
      nedb: async () => (await (ndb as NedbStore).updateAsync({ _id: { $gte: lo, $lt: hi } }, { $inc: { 'address.n': 1 } }, { multi: true })).numAffected,
    }),
  );
  rows.push(...rowsOf(`$inc address.n in ${updCount} documents, one UPDATE over an _id range`, updCount, range, {}, rangeNote));

  pdb?.close();
  sdb?.close();
  return rows;
}
