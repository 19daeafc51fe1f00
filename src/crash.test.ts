/**
 * src/crash.test.ts — durability through SIGKILL, and garbage at the end of a file.
 *
 * A child process (tools/crash/crash-child.ts, run from dist/ — `npm test` builds first) commits
 * three-row transactions and acknowledges each after COMMIT returns; it is killed with SIGKILL at a random
 * moment. Reopening must find every acknowledged transaction, whole, and no partial transaction.
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Database, SqlError, SqlState } from './index';

const CHILD = path.resolve(__dirname, '..', 'dist', 'tools', 'crash', 'crash-child.js');

function runAndKill(dbPath: string, start: number, afterMs: number): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, dbPath, String(start)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    // the kill is timed from `ready` (the table exists), since loading the engine takes a varying time;
    // a child that never gets ready is killed after 30 s and fails the test for lack of acks
    let timer = setTimeout(() => child.kill('SIGKILL'), 30000);
    child.stdout.on('data', (d: Buffer) => {
      const first = !out.includes('ready');
      out += d.toString();
      if (first && out.includes('ready')) {
        clearTimeout(timer);
        timer = setTimeout(() => child.kill('SIGKILL'), afterMs);
      }
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (_code, signal) => {
      clearTimeout(timer);
      if (signal !== 'SIGKILL') return reject(new Error(`child ended without being killed: ${err}`));
      const acks = [...out.matchAll(/^ack (\d+)$/gm)].map((m) => Number(m[1]));
      resolve(acks);
    });
  });
}

function groups(dbPath: string): Map<number, number> {
  const db = Database.open(dbPath);
  try {
    let r;
    try {
      r = db.execute('select k, count(*) from c group by k');
    } catch (e) {
      // the child may have been killed before its CREATE TABLE committed: then there is nothing yet
      if (e instanceof SqlError && e.sqlState === SqlState.UndefinedTable) return new Map();
      throw e;
    }
    return new Map(r.rows.map((row) => [Number(row[0]), Number(row[1])]));
  } finally {
    db.close();
  }
}

describe('SIGKILL at random moments', () => {
  beforeAll(() => {
    if (!fs.existsSync(CHILD)) throw new Error(`${CHILD} is missing: run npm run build (npm test does)`);
  });

  it('loses no acknowledged commit and never keeps half a transaction', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pyrrhodb-crash-'));
    const dbPath = path.join(dir, 'crash');
    const acked = new Set<number>();
    let next = 0;
    for (let round = 0; round < 6; round++) {
      const acks = await runAndKill(dbPath, next, 100 + Math.floor(Math.random() * 400));
      acks.forEach((k) => acked.add(k));
      const seen = groups(dbPath);
      for (const k of acked) expect(seen.get(k)).toBe(3);
      for (const [k, n] of seen) expect([k, n]).toEqual([k, 3]);
      next = Math.max(next, ...seen.keys()) + 1;
    }
    expect(acked.size).toBeGreaterThan(0);
  }, 60000);
});

describe('garbage after the last frame', () => {
  it('does not stop the file from opening, and the data is intact', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pyrrhodb-garbage-'));
    const dbPath = path.join(dir, 'g');
    const db = Database.open(dbPath);
    db.execute('create table g (a integer primary key, b varchar(10))');
    db.execute("insert into g values (1, 'one'), (2, 'two')");
    db.close();
    fs.appendFileSync(`${dbPath}.pfl`, Buffer.from([0xde, 0xad, 0xbe, 0xef, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
    const warnings: string[] = [];
    const spy = jest.spyOn(process, 'emitWarning').mockImplementation((w: string | Error) => {
      warnings.push(String(w));
    });
    const again = Database.open(dbPath);
    spy.mockRestore();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/cut off 13 bytes at offset \d+ left by an unfinished commit/);
    expect(again.execute('select a, b from g order by a').rows).toEqual([
      [1, 'one'],
      [2, 'two'],
    ]);
    again.execute("insert into g values (3, 'three')");
    again.close();
    const third = Database.open(dbPath);
    expect(third.execute('select count(*) from g').rows).toEqual([[3]]);
    third.close();
  });
});
