/**
 * src/crash-random.test.ts — random changes (level4-sql/plan/random-sql.ts) under injected I/O faults and
 * crashes, checked against SQLite running the same statements: after every crash and reopen, the tables hold
 * exactly the work of the transactions whose COMMIT succeeded.
 *
 * 1. Each step of the workload runs in both engines through `mirrorStep` (random-sql-run.ts), which commits
 *    SQLite's work only when pyrrhodb's committed: a failed append, a torn one or a failed sync (58030) leaves
 *    that transaction out of both. Statement errors that are not I/O errors must be the same in both engines.
 * 2. After a fault the log either removed what the failed write left or refuses every later write (log-file.ts
 *    invariant 3); the workload goes on regardless, and every statement refused with 58030 is left out of
 *    SQLite's tables too.
 * 3. A crash keeps only synced log bytes (CrashMachine); checkpoint writes fail or tear now and then. The
 *    reopened state must equal a full replay of the log, and its tables SQLite's, row for row.
 * 4. `SEED=n` or `SEED=m-n` runs other seeds (to hunt), `SCALE=s` with larger tables (random-sql.ts invariant 4).
 */
import { seededRandom } from './common/testing/seeded-random';
import { openSqlite, sqliteRows, type SqliteDb } from './common/testing/sqlite-peer';
import { CrashMachine } from './level3-objects/crash-machine';
import type { DatabaseFile } from './level3-objects/database-file';
import { Session } from './level4-sql/session';
import { Gen, KEYS, steps, TABLES } from './level4-sql/plan/random-sql';
import { envSeeds, mirrorStep, setUpBoth } from './level4-sql/plan/random-sql-run';

/** Arms one fault on the log or the checkpoint store, or none; `logOnly`: one on the log. */
function arm(g: Gen, m: CrashMachine, logOnly = false): string {
  const log = m.log!;
  switch (g.int(logOnly ? 3 : 6)) {
    case 0:
      log.failAppend(1 + g.int(3));
      return 'append fails';
    case 1:
      log.tearAppend(1 + g.int(3), g.int(40));
      return 'append torn';
    case 2:
      log.failSync(1 + g.int(3));
      return 'sync fails';
    case 3:
      m.checkpoints.failWrite(1);
      return 'checkpoint write fails';
    case 4:
      m.checkpoints.tearWrite(1, g.int(200));
      return 'checkpoint torn';
    default:
      return 'no fault';
  }
}

function compareTables(file: DatabaseFile, lite: SqliteDb, context: string): void {
  const s = new Session(file);
  try {
    for (const table of Object.keys(TABLES)) {
      const sql = `SELECT * FROM ${table} ORDER BY ${KEYS[table]}`;
      const mine = s.execute(sql).rows;
      const theirs = sqliteRows(lite, sql);
      if (JSON.stringify(mine) !== JSON.stringify(theirs)) {
        throw new Error(`${context}: ${table} differs\npyrrhodb: ${JSON.stringify(mine)}\nSQLite:   ${JSON.stringify(theirs)}`);
      }
    }
  } finally {
    s.close();
  }
}

describe('random changes under I/O faults and crashes keep exactly what committed', () => {
  for (const seed of envSeeds() ?? [1, 2, 3, 4]) {
    test(`seed ${seed}`, () => {
      const g = new Gen(seededRandom(seed), Number(process.env.SCALE ?? 1));
      const m = new CrashMachine();
      const lite = openSqlite();
      let file = m.start();
      let s = new Session(file);
      try {
        setUpBoth(g, (sql, params) => s.execute(sql, params), lite);
        let refused = 0;
        for (let round = 0; round < 10; round++) {
          // a log fault in every round, among the first commits, and others now and then
          const log: string[] = [arm(g, m, true)];
          for (let i = 0; i < 12; i++) {
            if (g.chance(0.12)) log.push(arm(g, m));
            const note = mirrorStep((sql) => s.execute(sql), lite, steps(g));
            if (note.includes('failed')) refused++;
            log.push(note);
          }
          s.close();
          m.stop(file);
          file = m.reopen();
          s = new Session(file);
          compareTables(file, lite, `seed ${seed}, round ${round}, after ${log.join('; ')}`);
        }
        expect(refused).toBeGreaterThan(0); // the run met log faults (invariant 2)
      } finally {
        s.close();
        file.close();
        lite.close();
      }
    });
  }
});
