/**
 * src/checkpoint.test.ts — the checkpoint against full replay (level3-objects/checkpoint.ts invariant 4): random
 * schemas and DML histories, a checkpoint taken part-way, more history after it; opening through the checkpoint
 * (and the frames after it) must give exactly the state a full replay gives — every table's rows, row versions
 * and index entries, the schema objects, positions, users, roles, grants and stored code (`diffStates`).
 * Also: when close writes a checkpoint, what open does with a missing, stale, damaged or foreign one, that
 * `Database.check` agrees, and background checkpoints (encoded in steps while commits go on, cancelled by close).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as v8 from 'v8';
import * as vm from 'vm';
import { Database } from './index';
import { FileCheckpointStore, MemoryCheckpointStore, checkpointPathFor } from './level1-datafile/checkpoint-store';
import { MemoryStore } from './level1-datafile/memory-store';
import { NodeFileStore } from './level1-datafile/node-file-store';
import { DatabaseFile } from './level3-objects/database-file';
import type { Table } from './level3-objects/table';
import { diffStates } from './level3-objects/state-diff';
import { Session } from './level4-sql/session';
import { seededRandom } from './common/testing/seeded-random';
import { sqlStateOf } from './common/testing/sql-state-of';
import { crc32 } from './level1-datafile/crc32';
import { BACKGROUND_CRC_FROM } from './level1-datafile/background-crc';

type Gen = { int(n: number): number; pick<T>(xs: readonly T[]): T; chance(p: number): boolean };

function gen(seed: number): Gen {
  const r = seededRandom(seed);
  return {
    int: (n) => Math.floor(r() * n),
    pick: (xs) => xs[Math.floor(r() * xs.length)]!,
    chance: (p) => r() < p,
  };
}

function value(g: Gen, type: string): string {
  if (g.chance(0.1)) return 'null';
  switch (type) {
    case 'int':
      return String(g.int(200) - 20);
    case 'varchar(12)':
      return `'${g.pick(['a', 'bb', 'ccc', 'déjà', 'x y', ''])}${g.int(50)}'`;
    case 'real':
      return String((g.int(10000) - 5000) / 7);
    case 'numeric(8,2)':
      return (g.int(100000) / 100).toFixed(2);
    case 'boolean':
      return g.chance(0.5) ? 'true' : 'false';
    case 'date':
      return `date '20${10 + g.int(15)}-0${1 + g.int(9)}-1${g.int(9)}'`;
    default:
      return `{'k': ${g.int(9)}, "s": 'v${g.int(5)}'}`;
  }
}

const TYPES = ['int', 'varchar(12)', 'real', 'numeric(8,2)', 'boolean', 'date', 'document'];

/** Types a column may be changed to (the generator keeps making values of its first type; some then fail). */
const RETYPES: Record<string, string[]> = {
  int: ['numeric(8,2)', 'real', 'varchar(12)'],
  'varchar(12)': ['varchar(20)', 'int', 'char(12)'],
  real: ['int', 'numeric(8,2)'],
  'numeric(8,2)': ['numeric(8,1)', 'int', 'real'],
  boolean: ['varchar(12)'],
  date: ['timestamp', 'varchar(12)'],
};

interface Tab {
  name: string;
  cols: { name: string; type: string }[];
}

/** One random statement (which may fail: a failed statement leaves nothing behind). */
function statement(g: Gen, tabs: Tab[], n: number): string {
  const live = tabs.filter((t) => t.cols.length > 0);
  const k = g.int(100);
  if (live.length === 0 || k < 6) {
    const name = `t${n}`;
    const cols = [{ name: 'id', type: 'int' }];
    const m = 1 + g.int(4);
    for (let i = 0; i < m; i++) cols.push({ name: `c${i}`, type: g.pick(TYPES) });
    tabs.push({ name, cols });
    const key = g.chance(0.8) ? ' primary key' : '';
    return `create table ${name} (${cols.map((c, i) => `${c.name} ${c.type}${i === 0 ? key : ''}`).join(', ')})`;
  }
  const t = g.pick(live);
  const col = g.pick(t.cols);
  const row = (): string => `(${t.cols.map((c) => (c.name === 'id' ? String(g.int(5000)) : value(g, c.type))).join(', ')})`;
  if (k < 40) {
    const rows = Array.from({ length: 1 + g.int(g.chance(0.1) ? 120 : 4) }, row);
    return `insert into ${t.name} (${t.cols.map((c) => c.name).join(', ')}) values ${rows.join(', ')}`;
  }
  if (k < 52) return `update ${t.name} set ${col.name} = ${col.name === 'id' ? `id + ${1 + g.int(3000)}` : value(g, col.type)} where id % ${2 + g.int(5)} = ${g.int(2)}`;
  if (k < 56 && col.type === 'document') return `update ${t.name} set ${col.name} = {'$inc': {'k': 1}, '$set': {'u': ${g.int(9)}}} where id > ${g.int(3000)}`;
  if (k < 62) return `delete from ${t.name} where id % ${3 + g.int(5)} = ${g.int(3)}`;
  if (k < 67) {
    const name = `c${t.cols.length}x${n}`;
    const type = g.pick(TYPES.slice(0, 5));
    t.cols.push({ name, type });
    return `alter table ${t.name} add column ${name} ${type}${g.chance(0.5) ? ` default ${value(g, type).replace('null', '1')}` : ''}`;
  }
  if (k < 70 && col.name !== 'id') {
    t.cols = t.cols.filter((c) => c !== col);
    return `alter table ${t.name} drop column ${col.name}`;
  }
  if (k < 75 && col.type !== 'document') return `create ${g.chance(0.3) ? 'unique ' : ''}index i${n} on ${t.name} (${col.name})`;
  if (k < 77) return `create view v${n} as select * from ${t.name} where id > ${g.int(100)}`;
  if (k < 79) return `create function f${n}(x int) returns int return x + ${g.int(9)}`;
  if (k < 81) return `create role r${n}`;
  if (k < 83) return `grant select on ${t.name} to public`;
  if (k < 85) return `create trigger tr${n} after insert on ${t.name} for each row when (new.id < 0) delete from ${t.name} where id = new.id`;
  if (k < 86) return `create type ty${n} as (x int, y varchar(5))`;
  if (k < 88) {
    tabs.splice(tabs.indexOf(t), 1);
    return `drop table ${t.name} cascade`;
  }
  if (k < 90) return `alter table ${t.name} add check (id > -100000)`;
  if (k < 93 && col.type !== 'document') return `alter table ${t.name} alter column ${col.name} type ${g.pick(RETYPES[col.type]!)}`;
  return `insert into ${t.name} (${t.cols.map((c) => c.name).join(', ')}) values ${row()}`;
}

function run(file: string, g: Gen, tabs: Tab[], steps: number, from: number): void {
  const db = Database.open(file);
  try {
    for (let i = 0; i < steps; i++) {
      const inTx = g.chance(0.1);
      try {
        if (inTx) db.execute('begin transaction');
        const count = inTx ? 2 + g.int(4) : 1;
        for (let j = 0; j < count; j++) db.execute(statement(g, tabs, from + i * 10 + j));
        if (inTx) db.execute(g.chance(0.85) ? 'commit' : 'rollback');
      } catch {
        // random statements may fail (duplicate keys, dependents); a failure rolls its transaction back
      }
    }
  } finally {
    db.close();
  }
}

function openFile(file: string, checkpoint: boolean): DatabaseFile {
  const store = NodeFileStore.open(file, { readOnly: true });
  return DatabaseFile.open(store, { readOnly: true, checkpoint: checkpoint ? new FileCheckpointStore(checkpointPathFor(file)) : null });
}

/** `file` opened through its checkpoint alone (no frame after it) has the state a full replay gives. */
function expectCheckpointEqualsReplay(file: string): void {
  const viaCheckpoint = openFile(file, true);
  const replayed = openFile(file, false);
  expect(viaCheckpoint.opened).toMatchObject({ checkpoint: 'loaded', frames: 0 });
  expect(diffStates(replayed.state, viaCheckpoint.state)).toBeNull();
  viaCheckpoint.close();
  replayed.close();
}

/** Writes a checkpoint now, whatever the log's growth (close writes one only when enough is new). */
function checkpointNow(file: string): number {
  const f = DatabaseFile.open(NodeFileStore.open(file), { checkpoint: new FileCheckpointStore(checkpointPathFor(file)) });
  try {
    return f.checkpoint();
  } finally {
    f.close();
  }
}

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pyrrhodb-checkpoint-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const stats: Record<string, number | boolean>[] = [];

describe('opening through a checkpoint gives the state of a full replay', () => {
  const seeds = Array.from({ length: 12 }, (_, i) => 1000 + i * 7919);
  it.each(seeds)('random history, seed %i', (seed) => {
    const g = gen(seed);
    const file = path.join(dir, `h${seed}.pfl`);
    const tabs: Tab[] = [];
    run(file, g, tabs, 40 + g.int(40), 0);
    expect(checkpointNow(file)).toBeGreaterThan(0);
    const tail = g.chance(0.8);
    const atCheckpoint = tail ? openFile(file, false) : null;
    if (tail) run(file, g, tabs, 10 + g.int(30), 1000);
    const viaCheckpoint = openFile(file, true);
    const full = openFile(file, false);
    try {
      stats.push({ seed, tables: [...full.state.tables()].length, rows: [...full.state.tables()].reduce((n, t) => n + t.rows.size, 0), updated: [...full.state.tables()].some((t) => t.updates.size > 0), unordered: [...full.state.tables()].some((t) => !t.keyOrdered), frames: viaCheckpoint.opened.frames, views: [...full.state.views()].length, routines: [...full.state.routines()].length, triggers: [...full.state.triggers()].length, types: [...full.state.udTypes()].length, roles: full.state.security.roles.size });
      // the comparison can tell states apart: the state at the checkpoint differs from the end state
      if (atCheckpoint !== null && atCheckpoint.state.position !== full.state.position) {
        expect(diffStates(full.state, atCheckpoint.state)).not.toBeNull();
      }
      expect(viaCheckpoint.opened.checkpoint).toBe('loaded');
      expect(full.opened.checkpoint).toBe('none');
      expect(diffStates(full.state, viaCheckpoint.state)).toBeNull();
      expect(viaCheckpoint.state.position).toBe(fs.statSync(file).size);
    } finally {
      viaCheckpoint.close();
      full.close();
      atCheckpoint?.close();
    }
    const report = Database.check(file);
    expect(report.problem).toBeNull();
    expect(report.checkpoint.status === 'current' || report.checkpoint.status === 'stale').toBe(true);
    expect(report.ok).toBe(true);
    // and a checkpoint of the end state, loaded with nothing after it, is the same state again
    checkpointNow(file);
    const again = openFile(file, true);
    const full2 = openFile(file, false);
    try {
      expect(again.opened).toMatchObject({ checkpoint: 'loaded', frames: 0 });
      expect(diffStates(full2.state, again.state)).toBeNull();
    } finally {
      again.close();
      full2.close();
    }
  });

  it('histories that reach what a checkpoint must carry', () => {
    // re-keyed rows (permuted indexes), row versions, frames after the checkpoint, stored code, roles
    for (const what of ['unordered', 'updated', 'views', 'routines', 'triggers', 'types', 'roles', 'frames']) {
      expect([what, stats.some((s) => s[what] === true || (typeof s[what] === 'number' && (s[what] as number) > 0))]).toEqual([what, true]);
    }
  });
});

describe('when checkpoints are written and used', () => {
  function load(file: string, rows: number): void {
    const db = Database.open(file);
    db.execute('create table t (id int primary key, v varchar(20), w real)');
    db.execute('begin transaction');
    const ins = db.prepare('insert into t values (?, ?, ?)');
    for (let i = 0; i < rows; i++) ins.execute([i, `value ${i}`, i / 3]);
    db.execute('commit');
    db.close();
  }

  it('close writes one after enough growth, and the next open loads it and writes none', () => {
    const file = path.join(dir, 'grow.pfl');
    const ck = checkpointPathFor(file);
    load(file, 5000);
    expect(fs.existsSync(ck)).toBe(true);
    const before = fs.statSync(ck).mtimeMs;
    const db = Database.open(file);
    expect(db.execute('select count(*), sum(id) from t').rows).toEqual([[5000, 12497500]]);
    db.execute('insert into t values (-1, null, null)');
    db.close();
    // one small commit is not enough growth to rewrite the checkpoint
    expect(fs.statSync(ck).mtimeMs).toBe(before);
    const f = openFile(file, true);
    expect(f.opened).toMatchObject({ checkpoint: 'loaded', frames: 1 });
    f.close();
    const db2 = Database.open(file);
    expect(db2.execute('select count(*) from t where id < 0').rows).toEqual([[1]]);
    db2.close();
  });

  it('a missing, damaged, foreign or truncated checkpoint is ignored and the log replayed', () => {
    const file = path.join(dir, 'bad.pfl');
    const ck = checkpointPathFor(file);
    load(file, 3000);
    const good = fs.readFileSync(ck);
    const expectRows = (): void => {
      const db = Database.open(file);
      expect(db.execute('select count(*), max(v) from t').rows).toEqual([[3000, 'value 999']]);
      db.close();
    };
    const damaged = Buffer.from(good);
    damaged[damaged.length >> 1] = damaged[damaged.length >> 1]! ^ 0xff;
    fs.writeFileSync(ck, damaged);
    let f = openFile(file, true);
    expect(f.opened.checkpoint).toBe('ignored');
    expect(f.opened.reason).toMatch(/checksum mismatch/);
    f.close();
    expect(Database.check(file).checkpoint.status).toBe('unusable');
    expectRows();
    fs.writeFileSync(ck, good.subarray(0, good.length - 10));
    f = openFile(file, true);
    expect(f.opened.reason).toMatch(/torn or truncated/);
    f.close();
    expectRows();
    const version = Buffer.from(good);
    version[8] = 99;
    fs.writeFileSync(ck, version);
    f = openFile(file, true);
    expect(f.opened.reason).toMatch(/format version 99/);
    f.close();
    // a checkpoint of another database
    const other = path.join(dir, 'other.pfl');
    load(other, 3000);
    fs.copyFileSync(checkpointPathFor(other), ck);
    f = openFile(file, true);
    expect(f.opened.checkpoint).toBe('ignored');
    expect(f.opened.reason).toMatch(/frame/);
    f.close();
    expect(Database.check(file).checkpoint.status).toBe('mismatch');
    expectRows();
    fs.rmSync(ck);
    f = openFile(file, true);
    expect(f.opened).toMatchObject({ checkpoint: 'none', reason: null });
    f.close();
    expectRows();
  });

  it('a checkpoint large enough for its CRC to be checked on a worker is loaded when whole and dropped when damaged', () => {
    const file = path.join(dir, 'large.pfl');
    const ck = checkpointPathFor(file);
    const db = Database.open(file);
    db.execute('create table t (id int primary key, v varchar(200))');
    db.execute('begin transaction');
    const ins = db.prepare('insert into t values (?, ?)');
    const pad = 'x'.repeat(140);
    for (let i = 0; i < 120_000; i++) ins.execute([i, `${pad}${i}`]);
    db.execute('commit');
    db.close();
    const good = fs.readFileSync(ck);
    expect(good.length).toBeGreaterThanOrEqual(BACKGROUND_CRC_FROM); // read into shared memory, checked on a worker
    expect(new FileCheckpointStore(ck).read()!.buffer).toBeInstanceOf(SharedArrayBuffer);
    expectCheckpointEqualsReplay(file);
    // a byte of a row's string: the body still decodes, only the CRC can tell
    const damaged = Buffer.from(good);
    const at = damaged.indexOf(`${pad}60000`) + 10;
    damaged[at] = 'y'.charCodeAt(0);
    fs.writeFileSync(ck, damaged);
    const f = openFile(file, true);
    expect(f.opened.checkpoint).toBe('ignored');
    expect(f.opened.reason).toMatch(/checksum mismatch/);
    expect(f.opened.frames).toBeGreaterThan(0); // the whole log replayed
    f.close();
    const again = Database.open(file);
    expect(again.execute('select count(*), min(v), max(id) from t where v like ?', [`${pad}%`]).rows).toEqual([[120_000, `${pad}0`, 119_999]]);
    again.close();
  });

  it("a checkpoint's rows are decoded a leaf at a time, when first read", () => {
    const file = path.join(dir, 'lazy.pfl');
    load(file, 3000);
    const f = openFile(file, true);
    expect(f.opened.checkpoint).toBe('loaded');
    const t = [...f.state.tables()].find((x) => x.name === 'T')!;
    const leaves = t.rows.leaves();
    const lazy = (): number => leaves.filter((l) => l.isLazy).length;
    expect(leaves.length).toBeGreaterThan(10);
    expect(lazy()).toBe(leaves.length);
    // the index was built from the key column alone: its entries exist, the rows are still undecoded
    expect(t.indexes[0]!.tree.size).toBe(3000);
    expect(lazy()).toBe(leaves.length);
    const middle = leaves[leaves.length >> 1]!;
    const rowid = middle.keys[3]!;
    const row = t.rows.get(rowid)!;
    expect(row[1]).toBe(`value ${String(row[0])}`);
    expect(row[2]).toBe((row[0] as number) / 3);
    expect(lazy()).toBe(leaves.length - 1);
    expect(middle.isLazy).toBe(false);
    f.close();
    // through SQL: a point lookup, then writes into undecoded leaves, then everything
    const db = Database.open(file);
    expect(db.execute('select id, v, w from t where id = 2500').rows).toEqual([[2500, 'value 2500', 2500 / 3]]);
    db.execute('update t set v = ? where id = ?', ['changed', 10]);
    db.execute('delete from t where id = 20');
    db.execute('insert into t values (5000, ?, 1.5)', ['new']);
    expect(db.execute('select count(*), sum(id), max(v) from t').rows).toEqual([[3000, 4498500 - 20 + 5000, 'value 999']]);
    expect(db.execute('select v from t where id in (10, 20, 5000) order by id').rows).toEqual([['changed'], ['new']]);
    db.close();
  });

  it("a row whose values do not fill its length loads (its key is sound) and is XX001 when read; --check finds it", () => {
    const file = path.join(dir, 'rowlength.pfl');
    const ck = checkpointPathFor(file);
    load(file, 3000);
    const bytes = Buffer.from(fs.readFileSync(ck));
    // the string 'value 1234' (its length byte 10 before it) made one byte shorter: the row's values then end
    // before its length does; the CRC is made right again, as a writer's defect would leave it
    const at = bytes.indexOf(Buffer.from('value 1234')) - 1;
    expect(bytes[at]).toBe(10);
    bytes[at] = 9;
    bytes.writeUInt32LE(crc32(bytes, 16), 12);
    fs.writeFileSync(ck, bytes);
    const db = Database.open(file);
    expect(db.execute('select v from t where id = 10').rows).toEqual([['value 10']]);
    expect(sqlStateOf(() => db.execute('select v from t where id = 1234'))).toBe('XX001');
    db.close();
    const report = Database.check(file);
    expect(report.ok).toBe(false);
    expect(report.checkpoint).toMatchObject({ status: 'unusable', detail: expect.stringMatching(/a row in it cannot be decoded: .*corrupt/) as unknown });
  });

  it('a checkpoint written from a loaded one copies the rows nobody read, and loads as a full replay does', () => {
    const file = path.join(dir, 'recopy.pfl');
    load(file, 3000);
    const db = Database.open(file);
    db.execute('update t set v = ? where id = ?', ['changed', 1500]);
    db.execute('delete from t where id = 2999');
    db.execute("insert into t values (7000, 'after', 0.5)");
    db.close();
    const f = DatabaseFile.open(NodeFileStore.open(file), { checkpoint: new FileCheckpointStore(checkpointPathFor(file)) });
    expect(f.opened).toMatchObject({ checkpoint: 'loaded' });
    const rows = (): ReturnType<Table['rows']['leaves']> => [...f.state.tables()].find((x) => x.name === 'T')!.rows.leaves();
    const lazyBefore = rows().filter((l) => l.isLazy).length;
    expect(lazyBefore).toBeGreaterThan(rows().length - 4); // the three changed leaves were copied, so decoded
    expect(f.checkpoint()).toBeGreaterThan(0);
    expect(rows().filter((l) => l.isLazy).length).toBe(lazyBefore); // writing decoded none of them
    f.close();
    expectCheckpointEqualsReplay(file);
  });

  it('a read-only open and --check write no checkpoint', () => {
    const file = path.join(dir, 'ro.pfl');
    load(file, 3000);
    const ck = checkpointPathFor(file);
    fs.rmSync(ck);
    const f = openFile(file, true);
    expect(f.checkpoint()).toBe(0);
    f.close();
    expect(Database.check(file).ok).toBe(true);
    expect(fs.existsSync(ck)).toBe(false);
  });
});

describe('background checkpoints', () => {
  const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

  /** Creates t and commits 40,000 rows in one transaction: enough to start a job of several steps. */
  function load40k(f: DatabaseFile): Session {
    const s = new Session(f);
    s.execute('create table t (id int primary key, v varchar(20))');
    s.execute('begin transaction');
    for (let i = 0; i < 40_000; i++) s.execute(`insert into t values (${i}, 'row ${i}')`);
    s.execute('commit');
    return s;
  }

  it('are encoded in steps while commits go on, and written whole at the end', async () => {
    const memory = new MemoryCheckpointStore();
    const store = new MemoryStore('bg.pfl');
    const f = DatabaseFile.open(store, { checkpoint: memory, backgroundGrowth: 1 << 18 });
    const s = load40k(f);
    expect(f.checkpointing).toBe(true); // the commit grew the log past 256 KiB: a job was started
    const at = f.state.position;
    await turn();
    expect(memory.writes).toBe(0); // 40,000 rows take several steps (checkpoint.ts ROWS_PER_STEP)
    s.execute("insert into t values (-1, 'between steps')");
    s.execute('update t set v = null where id = 7');
    for (let i = 0; i < 20 && f.checkpointing; i++) await turn();
    expect([f.checkpointing, memory.writes, f.checkpointFailure]).toEqual([false, 1, null]);
    const image = store.read(0, store.size());
    s.close();
    f.close();
    // the checkpoint is of the state when the job began; the two later commits are replayed after it
    const reopened = DatabaseFile.open(new MemoryStore('copy.pfl', { initial: image }), { checkpoint: memory });
    const full = DatabaseFile.open(new MemoryStore('copy2.pfl', { initial: image }));
    expect(reopened.opened).toMatchObject({ checkpoint: 'loaded', position: at, frames: 2 });
    expect(diffStates(full.state, reopened.state)).toBeNull();
    reopened.close();
    full.close();
  });

  it('a close during the job cancels it; close writes its own when due', async () => {
    const memory = new MemoryCheckpointStore();
    const f = DatabaseFile.open(new MemoryStore('bg2.pfl'), { checkpoint: memory, backgroundGrowth: 1 << 18, checkpointGrowth: 1 });
    const s = load40k(f);
    expect(f.checkpointing).toBe(true);
    await turn();
    s.close();
    f.close();
    expect([f.checkpointing, memory.writes]).toEqual([false, 1]);
    for (let i = 0; i < 10; i++) await turn();
    expect(memory.writes).toBe(1); // the cancelled job wrote nothing
  });

  it('in pieces to a file: the temp file goes when close cancels the job, and a written one loads', async () => {
    const file = path.join(dir, 'pieces.pfl');
    const ck = checkpointPathFor(file);
    const open = (): DatabaseFile =>
      DatabaseFile.open(NodeFileStore.open(file), { checkpoint: new FileCheckpointStore(ck), backgroundGrowth: 1 << 18, checkpointGrowth: 1 << 30, pieceSize: 4096 });
    let f = open();
    const s = load40k(f);
    expect(f.checkpointing).toBe(true);
    await turn();
    await turn();
    expect(fs.existsSync(`${ck}.tmp`)).toBe(true); // its first pieces are in the temp file
    s.close();
    f.close();
    expect([fs.existsSync(`${ck}.tmp`), fs.existsSync(ck)]).toEqual([false, false]);
    f = open();
    expect(f.opened.checkpoint).toBe('none');
    expect(f.checkpoint()).toBeGreaterThan(100 * 4096);
    expect([fs.existsSync(`${ck}.tmp`), fs.existsSync(ck)]).toEqual([false, true]);
    f.close();
    expectCheckpointEqualsReplay(file);
  });

  it('a close releases the file and its state at once, with no turn of the event loop for the cancelled step', () => {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    const heap = (): number => {
      gc();
      return process.memoryUsage().heapUsed;
    };
    // nothing in this test refers to the file once this returns: only its queued checkpoint step could
    const openWorkClose = (): void => {
      const f = DatabaseFile.open(new MemoryStore('bg3.pfl'), { checkpoint: new MemoryCheckpointStore(), backgroundGrowth: 1 << 18 });
      const s = new Session(f);
      s.execute('create table t (id int primary key, v varchar(20))');
      s.execute('begin transaction');
      for (let i = 0; i < 40_000; i++) s.execute(`insert into t values (${i}, 'row ${i}')`);
      s.execute('commit');
      expect(f.checkpointing).toBe(true); // its first step is queued, holding the file and the state it encodes
      s.close();
      f.close();
    };
    openWorkClose(); // once, so that what a first run loads and compiles is not counted below
    const before = heap();
    openWorkClose();
    // 40,000 rows take ~6 MB; kept by the queued step, they would still be there
    expect(heap() - before).toBeLessThan(2_000_000); // measured: ~0.2 MB
  });
});
