/**
 * src/common/shapes.test.ts — a kept class keeps its optimised code across a full collection; a class not kept
 * (the control) loses it, so the test shows the effect, not just the bookkeeping; and the engine's own makers
 * all build detached instances.
 */
import * as v8 from 'v8';
import * as vm from 'vm';
import { keepShape, keptShapes, refreshShapes } from './shapes';
import { Database } from '../database';
import { ExecContext } from '../level4-sql/context';
import { Bookmark } from './tree/bookmark';
import { TableDraft } from '../level3-objects/table-draft';
import { StateBuilder } from '../level3-objects/state-builder';
import { Transaction } from '../level3-objects/transaction';
import { Session } from '../level4-sql/session';

v8.setFlagsFromString('--expose-gc');
v8.setFlagsFromString('--allow-natives-syntax');
const gc = vm.runInNewContext('gc') as () => void;
// V8's test intrinsics, compiled after the flag above is set
const natives = new Function(
  'return { prepare: (f) => %PrepareFunctionForOptimization(f), optimize: (f) => %OptimizeFunctionOnNextCall(f), status: (f) => %GetOptimizationStatus(f) }',
)() as { prepare(f: unknown): void; optimize(f: unknown): void; status(f: unknown): number };
/** V8's OptimizationStatus bit for "has optimised code". */
const OPTIMIZED = 16;

class Kept {
  label: string | null = null;
  count = 0;
  constructor(readonly n: number) {}
}
class Loose {
  label: string | null = null;
  count = 0;
  constructor(readonly n: number) {}
}
keepShape(() => new Kept(0));

/** Whether a function optimised on instances that are all gone is still optimised after a full collection. */
function optimisedAcrossGc(make: () => { count: number }): boolean {
  const read = new Function('o', 'return o.count + 1') as (o: { count: number }) => number;
  natives.prepare(read);
  read(make());
  read(make());
  natives.optimize(read);
  read(make());
  expect(natives.status(read) & OPTIMIZED).toBe(OPTIMIZED);
  gc();
  gc();
  return (natives.status(read) & OPTIMIZED) !== 0;
}

describe('keepShape', () => {
  test('refreshShapes builds one instance per maker, anew each time', () => {
    refreshShapes();
    const first = keptShapes().filter((o) => o instanceof Kept);
    expect(first).toHaveLength(1);
    refreshShapes();
    const second = keptShapes().filter((o) => o instanceof Kept);
    expect(second).toHaveLength(1);
    expect(second[0]).not.toBe(first[0]);
  });

  test('code optimised on a kept class survives a full collection; on a class not kept it does not', () => {
    refreshShapes();
    expect(optimisedAcrossGc(() => new Kept(1))).toBe(true);
    expect(optimisedAcrossGc(() => new Loose(1))).toBe(false);
  });

  test("the engine's makers all build, detached, once the engine has run a statement", () => {
    const db = Database.open(':memory:');
    try {
      db.execute('create table t (a integer primary key)');
      db.execute('select a from t where a = 1');
    } finally {
      db.close();
    }
    refreshShapes();
    const kept = keptShapes();
    for (const cls of [ExecContext, Bookmark, TableDraft, StateBuilder, Transaction, Session]) {
      expect(kept.filter((o) => o instanceof cls).length).toBeGreaterThanOrEqual(1);
    }
    // a kept context belongs to no transaction: it pins no database state
    for (const o of kept) if (o instanceof ExecContext) expect(o.tx).toBeNull();
    // nor does a kept transaction: it began from the empty state and belongs to no database's log
    for (const o of kept) {
      if (!(o instanceof Transaction)) continue;
      expect(o.snapshot.parts.tables.size).toBe(0);
      expect([...o.committedLog()]).toEqual([]);
    }
    // and a kept session has no database file
    for (const o of kept) if (o instanceof Session) expect(o.file).toBeNull();
  });
});
