/**
 * src/level3-objects/unkept-log.test.ts — a log that keeps no bytes (':memory:') encodes its frames through a
 * discarding writer and appends only their lengths (database-file.ts invariant 6); every position it gives
 * (rows, records, frames, the log's end) is the one a log that keeps its bytes gives for the same work.
 */
import { MemoryStore } from '../level1-datafile/memory-store';
import { Session } from '../level4-sql/session';
import { DatabaseFile } from './database-file';
import { diffStates } from './state-diff';

function work(s: Session): void {
  s.execute('create table t (id integer primary key, name varchar(200), doc document)');
  s.execute("insert into t values (1, 'one', {'_id': 1, 'a': 1})");
  // a transaction whose frame is far larger than the kept 64 KB buffer (the writer drops and counts), published
  s.execute('begin transaction');
  for (let i = 2; i < 3000; i++) s.execute(`insert into t values (${i}, '${'x'.repeat(i % 150)}é${i}', {'_id': ${i}, 'n': ${i}, 'tags': ['a', 'b']})`);
  s.execute('commit');
  s.execute("update t set name = 'changed' where id between 10 and 2000");
  s.execute("update t set doc = {'$inc': {'n': 1}} where id = 7");
  s.execute('delete from t where id > 2500');
  s.execute('create index t_name on t (name)');
  s.execute("insert into t values (5000, 'late', null)");
}

test("a log that keeps no bytes gives every position a kept log gives, and the same state", () => {
  const unkept = DatabaseFile.open(new MemoryStore(':memory:', { keepContent: false }));
  const kept = DatabaseFile.open(new MemoryStore('kept'));
  work(new Session(unkept));
  work(new Session(kept));
  expect(unkept.state.position).toBe(kept.state.position);
  expect(diffStates(kept.state, unkept.state)).toBeNull();
  const rows = (f: DatabaseFile) => [...f.state.tableByName('T')!.rows.keys()];
  expect(rows(unkept)).toEqual(rows(kept));
  expect(rows(unkept).length).toBe(2501);
});
