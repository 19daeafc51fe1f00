/**
 * tools/crash/crash-child.ts — the writer that `src/crash.test.ts` kills with SIGKILL.
 *
 * Usage: node dist/tools/crash/crash-child.js DBPATH START [checkpoint]
 * Opens DBPATH (creating table C when absent) and commits transactions of three rows each, k = START,
 * START+1, …: rows (3k, k), (3k+1, k), (3k+2, k). After each COMMIT returns it writes `ack k` to stdout
 * with a synchronous write, so every acknowledged k is a commit the engine reported durable. It writes
 * `ready` once the table exists, so the parent can time the kill from then (start-up time varies).
 * With `checkpoint` it also closes and reopens the database every 10 commits, and each close writes a checkpoint
 * (the rows are padded so that enough log grows between closes), so kills land during checkpoint writes too.
 */
import * as fs from 'fs';
import { Database } from '../../src/index';

function main(): void {
  const [dbPath, startText, mode] = process.argv.slice(2);
  if (dbPath === undefined) throw new Error('usage: crash-child DBPATH START [checkpoint]');
  const checkpoints = mode === 'checkpoint';
  let db = Database.open(dbPath);
  db.execute('create table if not exists c (id integer primary key, k integer not null, pad varchar(3000))');
  let ins = db.prepare('insert into c values (?, ?, ?)');
  const pad = 'x'.repeat(checkpoints ? 2500 : 150);
  fs.writeSync(1, 'ready\n');
  for (let k = Number(startText ?? 0); ; k++) {
    db.execute('begin transaction');
    for (let j = 0; j < 3; j++) ins.execute([3 * k + j, k, pad]);
    db.execute('commit');
    fs.writeSync(1, `ack ${k}\n`);
    if (checkpoints && k % 10 === 9) {
      db.close();
      db = Database.open(dbPath);
      ins = db.prepare('insert into c values (?, ?, ?)');
    }
  }
}

main();
