/**
 * tools/crash/crash-child.ts — the writer that `src/crash.test.ts` kills with SIGKILL.
 *
 * Usage: node dist/tools/crash/crash-child.js DBPATH START
 * Opens DBPATH (creating table C when absent) and commits transactions of three rows each, k = START,
 * START+1, …: rows (3k, k), (3k+1, k), (3k+2, k). After each COMMIT returns it writes `ack k` to stdout
 * with a synchronous write, so every acknowledged k is a commit the engine reported durable. It writes
 * `ready` once the table exists, so the parent can time the kill from then (start-up time varies).
 */
import * as fs from 'fs';
import { Database } from '../../src/index';

function main(): void {
  const [dbPath, startText] = process.argv.slice(2);
  if (dbPath === undefined) throw new Error('usage: crash-child DBPATH START');
  const db = Database.open(dbPath);
  db.execute('create table if not exists c (id integer primary key, k integer not null, pad varchar(200))');
  const ins = db.prepare('insert into c values (?, ?, ?)');
  const pad = 'x'.repeat(150);
  fs.writeSync(1, 'ready\n');
  for (let k = Number(startText ?? 0); ; k++) {
    db.execute('begin transaction');
    for (let j = 0; j < 3; j++) ins.execute([3 * k + j, k, pad]);
    db.execute('commit');
    fs.writeSync(1, `ack ${k}\n`);
  }
}

main();
