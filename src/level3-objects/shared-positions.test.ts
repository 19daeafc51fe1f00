/**
 * src/level3-objects/shared-positions.test.ts — a bulk load keyed in row order shares its row-position arrays
 * between the rows tree and the primary key, after its commit and after a reopen from a checkpoint; later
 * writes through either tree never change the other; rows out of key order share nothing.
 */
import { MemoryCheckpointStore } from '../level1-datafile/checkpoint-store';
import { MemoryStore } from '../level1-datafile/memory-store';
import { Session } from '../level4-sql/session';
import { DatabaseFile } from './database-file';
import type { DatabaseState } from './database-state';
import { diffStates } from './state-diff';

/** How many of table `name`'s primary-key leaves use the rows tree's key array at the same place. */
function sharedLeaves(state: DatabaseState, name: string): { shared: number; leaves: number } {
  const t = state.tableByName(name)!;
  const rows = t.rows.leaves();
  const keys = t.primaryKey!.tree.leaves();
  let shared = 0;
  for (let i = 0; i < Math.min(rows.length, keys.length); i++) if (keys[i]!.values === rows[i]!.keys) shared++;
  return { shared, leaves: keys.length };
}

/** Every primary-key entry names a row holding that key, and every row has its entry. */
function consistent(state: DatabaseState, name: string): void {
  const t = state.tableByName(name)!;
  const pk = t.primaryKey!;
  expect(pk.tree.size).toBe(t.rows.size);
  for (const [key, rowid] of pk.tree.entries()) expect(t.rows.get(rowid)![pk.slots[0]!]).toBe(key);
}

function load(session: Session, table: string, ids: readonly number[]): void {
  session.execute(`create table ${table} (id integer primary key, v varchar(10))`);
  session.execute('begin transaction');
  for (const id of ids) session.execute(`insert into ${table} values (${id}, 'v${id}')`);
  session.execute('commit');
}

describe('shared row positions', () => {
  const ascending = Array.from({ length: 1000 }, (_, i) => i);

  test('a load in key order shares every leaf; updates, deletes and inserts afterwards keep both trees right', () => {
    const store = new MemoryStore('shared.pfl');
    const checkpoints = new MemoryCheckpointStore();
    const file = DatabaseFile.open(store, { checkpoint: checkpoints });
    const s = new Session(file);
    load(s, 't', ascending);
    const after = sharedLeaves(file.state, 'T');
    expect(after.leaves).toBeGreaterThan(10);
    expect(after.shared).toBe(after.leaves);

    const before = [...file.state.tableByName('T')!.rows.entries()].map(([rowid, row]) => [rowid, [...row]]);
    s.execute('begin transaction');
    s.execute('update t set id = id + 5000 where id < 300'); // moves primary-key entries
    s.execute('delete from t where id between 400 and 450');
    s.execute("insert into t values (-1, 'first'), (99999, 'last')");
    s.execute('commit');
    consistent(file.state, 'T');
    expect(s.execute('select count(*) from t').rows).toEqual([[951]]);
    expect(s.execute('select v from t where id = 5005').rows).toEqual([['v5']]);
    expect(s.execute('select v from t where id = 5').rows).toEqual([]);
    expect(s.execute('select v from t where id = 700').rows).toEqual([['v700']]);
    // the rows the second transaction did not touch kept their positions and values
    const now = file.state.tableByName('T')!.rows;
    for (const [rowid, row] of before) {
      const id = (row as number[])[0]!;
      if (id >= 300 && (id < 400 || id > 450)) expect(now.get(rowid as number)).toEqual(row);
    }

    // a checkpoint's index stored in the rows' order is built on the row leaves' key arrays
    file.checkpoint();
    const again = DatabaseFile.open(new MemoryStore('shared.pfl', { initial: store.snapshot() }), { checkpoint: checkpoints });
    expect(again.opened.checkpoint).toBe('loaded');
    expect(diffStates(file.state, again.state)).toBeNull();
    consistent(again.state, 'T');
  });

  test('a reopened checkpoint of a load in key order shares every leaf', () => {
    const store = new MemoryStore('shared2.pfl');
    const checkpoints = new MemoryCheckpointStore();
    const file = DatabaseFile.open(store, { checkpoint: checkpoints });
    load(new Session(file), 't', ascending);
    file.checkpoint();
    const again = DatabaseFile.open(new MemoryStore('shared2.pfl', { initial: store.snapshot() }), { checkpoint: checkpoints });
    expect(again.opened.checkpoint).toBe('loaded');
    const shared = sharedLeaves(again.state, 'T');
    expect(shared.shared).toBe(shared.leaves);
    const s = new Session(again);
    s.execute('update t set id = -id where id % 2 = 0');
    consistent(again.state, 'T');
    expect(s.execute('select count(*) from t where id < 0').rows).toEqual([[499]]);
    expect(s.execute('select v from t where id = 7').rows).toEqual([['v7']]);
  });

  test('rows loaded out of key order share nothing', () => {
    const file = DatabaseFile.open(new MemoryStore('shared3.pfl'));
    const s = new Session(file);
    load(s, 'd', [...ascending].reverse());
    expect(sharedLeaves(file.state, 'D').shared).toBe(0);
    consistent(file.state, 'D');
  });
});
