/**
 * src/concurrency-random.test.ts — serializability, checked: random transactions of three connections,
 * interleaved statement by statement over one database, against SQLite running each committed transaction
 * alone at its commit, in commit order.
 *
 * 1. Transactions are optimistic and validated at COMMIT (docs/concurrency.md): one that commits a change
 *    must have read what it would have read had it run alone at that moment. So replaying it in SQLite at its
 *    commit, after every transaction committed before it, must give every one of its queries the rows it saw
 *    and every change the same success, and leave the same tables. A transaction that wrote nothing (its
 *    changes, if any, changed nothing) is not validated: it read the snapshot it began with and serializes
 *    there, so it is replayed in a copy of SQLite as it was then.
 * 2. A transaction that fails to commit (40001, or an error that ended it: Pyrrho's rule) left nothing
 *    behind and is not replayed. A conflict where none was needed is allowed (validation may be
 *    conservative); a missed one shows as a difference.
 * 3. Statements come from level4-sql/plan/random-sql.ts: queries of every shape (their reads are what
 *    validation must cover: keys, key lists, ranges, scans, joins, subqueries) and changes; the changes are
 *    made to conflict often by a small key range.
 * 4. `SEED=n` or `SEED=m-n` runs other seeds (to hunt), `SCALE=s` with larger tables (random-sql.ts invariant 4).
 */
import { SqlError, SqlState } from './index';
import { seededRandom } from './common/testing/seeded-random';
import { openSqlite, sqliteRows, type SqliteDb } from './common/testing/sqlite-peer';
import { MemoryStore } from './level1-datafile/memory-store';
import { DatabaseFile } from './level3-objects/database-file';
import { Session } from './level4-sql/session';
import { change, Gen, KEYS, query, TABLES } from './level4-sql/plan/random-sql';
import { envSeeds, setUpBoth } from './level4-sql/plan/random-sql-run';

/** A statement a transaction ran, and what it gave: its rows as text (a query) or success (a change). */
interface Done {
  readonly sql: string;
  readonly params?: Readonly<Record<string, number>>;
  readonly ordered: boolean;
  readonly answer: string;
}

/** One connection and its open transaction's statements (null: none open). */
interface Conn {
  readonly session: Session;
  done: Done[] | null;
  /** SQLite's bytes when the transaction began: where a read-only one is replayed (invariant 1) */
  image: Buffer | null;
}

function text(rows: readonly (readonly unknown[])[], ordered: boolean): string {
  const lines = rows.map((r) => r.map((v) => (typeof v === 'string' ? JSON.stringify(v) : String(v))).join(' | '));
  return (ordered ? lines : lines.sort()).join('\n');
}

function tables(s: Session | SqliteDb): string {
  return Object.keys(TABLES)
    .map((t) => {
      const sql = `SELECT * FROM ${t} ORDER BY ${KEYS[t]}`;
      return text(s instanceof Session ? s.execute(sql).rows : sqliteRows(s, sql), true);
    })
    .join('\n--\n');
}

/** Replays a committed transaction in SQLite, alone (invariant 1); throws at the first difference. */
function replay(lite: SqliteDb, done: readonly Done[], context: string): void {
  lite.exec('BEGIN');
  for (const d of done) {
    let answer: string;
    try {
      const params = d.params === undefined ? [] : [d.params];
      answer = d.answer === 'ok' ? (lite.prepare(d.sql).run(...params), 'ok') : text(sqliteRows(lite, d.sql, params), d.ordered);
    } catch (e) {
      answer = `error: ${(e as Error).message}`;
    }
    if (answer !== d.answer) {
      const before = done.slice(0, done.indexOf(d)).map((x) => `  ${x.sql}`).join('\n');
      throw new Error(
        `${context}: ${d.sql}${d.params === undefined ? '' : ` with ${JSON.stringify(d.params)}`}\nafter, in the transaction:\n${before}\n` +
          `in the transaction:\n${d.answer}\nrun alone at its commit:\n${answer}`,
      );
    }
  }
  lite.exec('COMMIT');
}

describe('interleaved random transactions are serializable in commit order', () => {
  for (const seed of envSeeds() ?? [1, 2, 3, 4, 5]) {
    test(`seed ${seed}`, () => {
      const g = new Gen(seededRandom(seed), Number(process.env.SCALE ?? 1));
      const file = DatabaseFile.open(new MemoryStore('concurrency.pfl'));
      const lite = openSqlite();
      const setup = new Session(file);
      const conns: Conn[] = [0, 1, 2].map(() => ({ session: new Session(file), done: null, image: null }));
      let commits = 0;
      let conflicts = 0;
      let readOnly = 0;
      try {
        setUpBoth(g, (sql, params) => setup.execute(sql, params), lite);
        for (let step = 0; step < 400; step++) {
          const c = g.pick(conns);
          if (c.done === null) {
            c.session.execute('BEGIN TRANSACTION');
            c.done = [];
            c.image = lite.serialize();
            continue;
          }
          const what = g.int(10);
          if (what < 2 && c.done.length > 0) {
            const wrote = c.session.hasWrites;
            try {
              c.session.execute('COMMIT');
            } catch (e) {
              if (!(e instanceof SqlError) || e.sqlState !== SqlState.TransactionConflict) throw e;
              conflicts++;
              c.done = null;
              continue;
            }
            commits++;
            if (wrote) replay(lite, c.done, `seed ${seed}, commit ${commits}`);
            else {
              // read-only: it read the snapshot it began with, and serializes there (invariant 1)
              const then = openSqlite(c.image!);
              try {
                replay(then, c.done, `seed ${seed}, read-only commit ${commits}`);
              } finally {
                then.close();
              }
              readOnly++;
            }
            c.done = null;
            const mine = tables(setup);
            const theirs = tables(lite);
            if (mine !== theirs) throw new Error(`seed ${seed}, after commit ${commits}: tables differ\npyrrhodb:\n${mine}\nSQLite:\n${theirs}`);
            continue;
          }
          const isQuery = what < 6;
          const q = isQuery ? query(g) : { sql: change(g), ordered: false };
          const params = 'params' in q ? q.params : undefined;
          let answer: string;
          try {
            const r = c.session.execute(q.sql, params);
            answer = isQuery ? text(r.rows, q.ordered) : 'ok';
          } catch (e) {
            if (!(e instanceof SqlError)) throw e;
            // an error ends the transaction (Pyrrho's rule): nothing of it is replayed (invariant 2)
            c.done = null;
            continue;
          }
          c.done.push({ sql: q.sql, ordered: q.ordered, answer, ...(params === undefined ? {} : { params }) });
        }
        expect(commits).toBeGreaterThan(20);
        expect(conflicts).toBeGreaterThan(0); // the interleaving made transactions meet
        expect(readOnly).toBeGreaterThan(0); // and some serialized at their snapshots (invariant 1)
      } finally {
        for (const c of conns) c.session.close();
        setup.close();
        file.close();
        lite.close();
      }
    });
  }
});
