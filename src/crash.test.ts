/**
 * src/crash.test.ts — durability through SIGKILL (also while checkpoints are written), garbage at the end of a
 * file, checkpoint writes that fail or tear (FaultyCheckpointStore), and faults in frames and checkpoints
 * written in pieces (database-file.ts invariant 10).
 *
 * A child process (tools/crash/crash-child.ts, run from dist/ — `npm test` builds first) commits
 * three-row transactions and acknowledges each after COMMIT returns; it is killed with SIGKILL at a random
 * moment (also while it closes and reopens, writing checkpoints, and with every frame and checkpoint written
 * in 4 KiB pieces). Reopening must find every acknowledged transaction, whole, and no partial transaction.
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Database, SqlError, SqlState } from './index';
import { MemoryCheckpointStore } from './level1-datafile/checkpoint-store';
import { FaultyCheckpointStore } from './level1-datafile/faulty-checkpoint-store';
import { FaultyStore } from './level1-datafile/faulty-store';
import { MemoryStore } from './level1-datafile/memory-store';
import { CrashMachine } from './level3-objects/crash-machine';
import { DatabaseFile } from './level3-objects/database-file';
import { diffStates } from './level3-objects/state-diff';
import { Session } from './level4-sql/session';

const CHILD = path.resolve(__dirname, '..', 'dist', 'tools', 'crash', 'crash-child.js');

function runAndKill(dbPath: string, start: number, afterMs: number, mode: 'commit' | 'checkpoint' | 'pieces' = 'commit'): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, dbPath, String(start), mode], { stdio: ['ignore', 'pipe', 'pipe'] });
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

  it.each(['checkpoint', 'pieces'] as const)('loses nothing when killed while checkpoints are being written (%s)', async (mode) => {
    // 'pieces': every frame and checkpoint is written in 4 KiB pieces, so kills land between them
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pyrrhodb-crash-ck-'));
    const dbPath = path.join(dir, 'crash');
    const acked = new Set<number>();
    let next = 0;
    for (let round = 0; round < 5; round++) {
      const acks = await runAndKill(dbPath, next, 150 + Math.floor(Math.random() * 500), mode);
      acks.forEach((k) => acked.add(k));
      const seen = groups(dbPath);
      for (const k of acked) expect(seen.get(k)).toBe(3);
      for (const [k, n] of seen) expect([k, n]).toEqual([k, 3]);
      next = Math.max(next, ...seen.keys()) + 1;
      const report = Database.check(dbPath);
      expect([report.problem, report.ok]).toEqual([null, true]);
    }
    expect(fs.existsSync(`${dbPath}.pck`)).toBe(true);
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

/** Commits `count` rows of table c (created if need be) in one transaction. */
function commitRows(file: DatabaseFile, from: number, count: number): void {
  const s = new Session(file);
  s.execute('create table if not exists c (id integer primary key, k integer, pad varchar(40))');
  s.execute('begin transaction');
  for (let i = from; i < from + count; i++) s.execute(`insert into c values (${i}, ${i % 7}, 'row ${i}')`);
  s.execute('commit');
  s.close();
}

/** Table c's row count, id sum and largest pad. */
function rows(file: DatabaseFile): unknown[][] {
  const s = new Session(file);
  const r = s.execute('select count(*), sum(id), max(pad) from c').rows;
  s.close();
  return r;
}

describe('a crash while a checkpoint is written, or a torn checkpoint, loses nothing', () => {
  it('a failed checkpoint write keeps the old checkpoint, and close reports it without failing', () => {
    const m = new CrashMachine();
    let f = m.start();
    commitRows(f, 0, 200);
    m.stop(f);
    expect(f.checkpointFailure).toBeNull();
    f = m.start();
    expect(f.opened.checkpoint).toBe('loaded');
    commitRows(f, 200, 200);
    m.checkpoints.failWrite(1);
    m.stop(f);
    expect(f.checkpointFailure?.message).toMatch(/injected failure of checkpoint write/);
    f = m.reopen();
    expect(f.opened).toMatchObject({ checkpoint: 'loaded', frames: 1 });
    expect(rows(f)).toEqual([[400, 79800, 'row 99']]);
    m.stop(f);
  });

  it('a checkpoint torn at any length is ignored and the whole log replayed', () => {
    const m = new CrashMachine();
    let f = m.start();
    commitRows(f, 0, 300);
    m.stop(f);
    const old = m.memory.bytes!;
    const size = old.length;
    const cuts = [0, 1, 8, 16, 63, 64, 65, 100, size >> 2, size >> 1, size - 100, size - 1];
    for (let i = 0; i < cuts.length; i++) {
      const keep = cuts[i]!;
      m.memory.bytes = old;
      f = m.start();
      commitRows(f, 1000 + i, 1);
      m.checkpoints.tearWrite(1, keep);
      m.stop(f);
      expect(f.checkpointFailure?.message).toMatch(/torn checkpoint write/);
      f = m.reopen();
      expect([keep, f.opened.checkpoint]).toEqual([keep, 'ignored']);
      expect(rows(f)[0]![0]).toBe(300 + i + 1);
      m.stop(f); // a good checkpoint again, so the next round starts from the old one
    }
  });

  it('a commit torn after a checkpoint is cut off, and the checkpoint still serves', () => {
    const m = new CrashMachine();
    const f = m.start();
    commitRows(f, 0, 100);
    expect(f.checkpoint()).toBeGreaterThan(0);
    commitRows(f, 100, 10);
    m.log!.tearAppend(1, 20);
    expect(() => commitRows(f, 200, 10)).toThrow(/torn append/);
    m.checkpoints.failWrite(1); // the process dies before close could write a checkpoint
    m.stop(f);
    const g = m.reopen();
    expect(g.opened).toMatchObject({ checkpoint: 'loaded', frames: 1 });
    expect(rows(g)).toEqual([[110, 5995, 'row 99']]);
    m.stop(g);
  });
});

describe('frames and checkpoints written in pieces (database-file.ts invariant 10)', () => {
  const PIECE = 4096;

  it('a large commit goes to the log in pieces with one sync, and reads back as a whole frame would', () => {
    const log = new FaultyStore(new MemoryStore('pieces.pfl'));
    const f = DatabaseFile.open(log, { pieceSize: PIECE });
    commitRows(f, 0, 10);
    const [appends, syncs] = [log.appends, log.syncs];
    commitRows(f, 10, 3000); // a frame of some 100 KB
    expect(log.appends - appends).toBeGreaterThan(10);
    expect([log.syncs - syncs, log.patches]).toEqual([1, 1]);
    expect(rows(f)).toEqual([[3010, 4528545, 'row 999']]);
    const image = log.inner.read(0, log.size());
    f.close();
    const again = DatabaseFile.open(new MemoryStore('again.pfl', { initial: image }));
    expect(rows(again)).toEqual([[3010, 4528545, 'row 999']]);
    again.close();
  });

  it('a fault at any piece, the header or the sync fails that commit alone: the log is as before and goes on', () => {
    const faults: Array<[string, (s: FaultyStore) => void]> = [
      ['first piece', (s) => s.failAppend(1)],
      ['fifth piece', (s) => s.failAppend(5)],
      ['a piece torn', (s) => s.tearAppend(9, 100)],
      ['the header', (s) => s.failPatch(1)],
      ['the sync', (s) => s.failSync(1)],
    ];
    for (const [what, arm] of faults) {
      const log = new FaultyStore(new MemoryStore('fault.pfl'));
      const f = DatabaseFile.open(log, { pieceSize: PIECE });
      commitRows(f, 0, 10);
      const [size, state] = [log.size(), f.state];
      arm(log);
      expect(() => commitRows(f, 10, 3000)).toThrow(/injected/);
      expect([what, log.size(), f.state === state]).toEqual([what, size, true]);
      commitRows(f, 5000, 2000); // the next large commit is whole
      const image = log.inner.read(0, log.size());
      f.close();
      const again = DatabaseFile.open(new MemoryStore('again.pfl', { initial: image }));
      expect([what, rows(again)]).toEqual([what, [[2010, 11999045, 'row 9']]]);
      again.close();
    }
  });

  it('a checkpoint written in pieces loads as one written whole; a failed one keeps the old', () => {
    const memory = new MemoryCheckpointStore();
    const checkpoints = new FaultyCheckpointStore(memory);
    const store = new MemoryStore('ck.pfl');
    let f = DatabaseFile.open(store, { checkpoint: checkpoints, pieceSize: PIECE });
    commitRows(f, 0, 3000);
    expect(f.checkpoint()).toBeGreaterThan(10 * PIECE);
    const first = memory.bytes!;
    commitRows(f, 3000, 100);
    checkpoints.failWrite(1);
    expect(() => f.checkpoint()).toThrow(/injected failure of checkpoint write/);
    expect(memory.bytes).toBe(first);
    f.close();
    expect(f.checkpointFailure).toBeNull(); // close wrote a new one: the failure was checkpoint()'s own
    f = DatabaseFile.open(new MemoryStore('copy.pfl', { initial: store.snapshot() }), { checkpoint: memory });
    const full = DatabaseFile.open(new MemoryStore('full.pfl', { initial: store.snapshot() }));
    expect(f.opened.checkpoint).toBe('loaded');
    expect(diffStates(full.state, f.state)).toBeNull();
    f.close();
    full.close();
  });
});
