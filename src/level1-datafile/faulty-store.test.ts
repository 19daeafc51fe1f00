/** src/level1-datafile/faulty-store.test.ts — the fault injector does exactly what it is told. */
import { SqlError } from '../common/errors';
import { FaultyStore } from './faulty-store';
import { MemoryStore } from './memory-store';

function ioError(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect((e as SqlError).sqlState).toBe('58030');
    return (e as SqlError).message;
  }
  throw new Error('expected IoError');
}

test('the n-th append fails without writing, once', () => {
  const f = new FaultyStore(new MemoryStore());
  f.failAppend(2);
  expect(f.append(Uint8Array.of(1), 0)).toBe(true);
  expect(ioError(() => f.append(Uint8Array.of(2), 1))).toMatch(/injected failure of append 2/);
  expect(f.size()).toBe(1);
  expect(f.append(Uint8Array.of(3), 1)).toBe(true);
  expect(f.appends).toBe(3);
});

test('a torn append writes its first k bytes, then throws', () => {
  const f = new FaultyStore(new MemoryStore());
  f.tearAppend(1, 3);
  expect(ioError(() => f.append(Uint8Array.of(1, 2, 3, 4, 5), 0))).toMatch(/torn append 1 after 3 bytes/);
  expect(Array.from(f.read(0, 10))).toEqual([1, 2, 3]);
});

test('a failed sync makes nothing durable; crash drops what was not synced', () => {
  const inner = new MemoryStore('m', { initial: Uint8Array.of(9) });
  const f = new FaultyStore(inner);
  expect(f.syncedSize).toBe(1);
  f.append(Uint8Array.of(1, 2), 1);
  f.sync();
  expect(f.syncedSize).toBe(3);
  f.append(Uint8Array.of(3, 4), 3);
  f.failSync();
  expect(ioError(() => f.sync())).toMatch(/injected failure of sync 2/);
  expect(f.syncedSize).toBe(3);
  f.crash(1);
  expect(Array.from(inner.snapshot())).toEqual([9, 1, 2, 3]);
  f.crash();
  expect(Array.from(inner.snapshot())).toEqual([9, 1, 2, 3]);
  f.truncate(2);
  expect(f.syncedSize).toBe(2);
});

test('crash disarms pending faults', () => {
  const f = new FaultyStore(new MemoryStore());
  f.failAppend(1).failSync(1);
  f.crash();
  expect(f.append(Uint8Array.of(1), 0)).toBe(true);
  f.sync();
});
