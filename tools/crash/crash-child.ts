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
 * With `pieces` it does the same through the engine's internals with a piece size of 4 KiB, so every commit's
 * frame and every checkpoint is written in pieces (database-file.ts invariant 10), and kills land between them.
 */
import * as fs from 'fs';
import { Database } from '../../src/index';
import { checkpointPathFor, FileCheckpointStore } from '../../src/level1-datafile/checkpoint-store';
import { NodeFileStore } from '../../src/level1-datafile/node-file-store';
import { DatabaseFile } from '../../src/level3-objects/database-file';
import { Session } from '../../src/level4-sql/session';

/** What the child needs of a connection: the public API's, or a session over a file opened with small pieces. */
interface Connection {
  execute(sql: string, params?: unknown[]): unknown;
  close(): void;
}

function connect(dbPath: string, pieces: boolean): Connection {
  if (!pieces) return Database.open(dbPath);
  const file = `${dbPath}.pfl`;
  const f = DatabaseFile.open(NodeFileStore.open(file), { checkpoint: new FileCheckpointStore(checkpointPathFor(file)), pieceSize: 4096 });
  const s = new Session(f);
  return {
    execute: (sql, params) => s.execute(sql, params),
    close: () => {
      s.close();
      f.close();
    },
  };
}

function main(): void {
  const [dbPath, startText, mode] = process.argv.slice(2);
  if (dbPath === undefined) throw new Error('usage: crash-child DBPATH START [checkpoint | pieces]');
  const pieces = mode === 'pieces';
  const checkpoints = mode === 'checkpoint' || pieces;
  let db = connect(dbPath, pieces);
  db.execute('create table if not exists c (id integer primary key, k integer not null, pad varchar(3000))');
  const pad = 'x'.repeat(checkpoints ? 2500 : 150);
  fs.writeSync(1, 'ready\n');
  for (let k = Number(startText ?? 0); ; k++) {
    db.execute('begin transaction');
    for (let j = 0; j < 3; j++) db.execute('insert into c values (?, ?, ?)', [3 * k + j, k, pad]);
    db.execute('commit');
    fs.writeSync(1, `ack ${k}\n`);
    if (checkpoints && k % 10 === 9) {
      db.close();
      db = connect(dbPath, pieces);
    }
  }
}

main();
