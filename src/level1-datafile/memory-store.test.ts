/** src/level1-datafile/memory-store.test.ts — the in-memory store keeps the Store semantics. */
import { FRAME_HEADER_SIZE } from './frame';
import { LogFile } from './log-file';
import { MemoryStore } from './memory-store';

test('append only at the expected end; read clips and copies; truncate; close', () => {
  const s = new MemoryStore();
  expect(s.name).toBe(':memory:');
  expect(s.durable).toBe(false);
  expect(s.append(Uint8Array.of(1, 2), 0)).toBe(true);
  expect(s.append(Uint8Array.of(3), 1)).toBe(false);
  const big = new Uint8Array(10_000).fill(7);
  expect(s.append(big, 2)).toBe(true);
  expect(s.size()).toBe(10_002);
  const r = s.read(0, 3);
  expect(Array.from(r)).toEqual([1, 2, 7]);
  r[0] = 99;
  expect(s.read(0, 1)[0]).toBe(1);
  expect(s.read(10_000, 50)).toHaveLength(2);
  expect(s.read(20_000, 5)).toHaveLength(0);
  s.truncate(1);
  expect(Array.from(s.snapshot())).toEqual([1]);
  s.sync();
  s.close();
  expect(() => s.size()).toThrow(/i\/o error on :memory:: store is closed/);
});

test('a read-only store refuses writes', () => {
  const s = new MemoryStore('r', { readOnly: true, initial: Uint8Array.of(5) });
  expect(Array.from(s.read(0, 9))).toEqual([5]);
  expect(() => s.append(Uint8Array.of(1), 1)).toThrow(/read-only/);
  expect(() => s.truncate(0)).toThrow(/read-only/);
});

test('a store that keeps no content still counts, and the log over it still commits', () => {
  const s = new MemoryStore(':memory:', { keepContent: false });
  const log = LogFile.open(s);
  log.append(Uint8Array.of(1, 2, 3));
  expect(log.end).toBe(16 + 8 + 3);
  expect(s.size()).toBe(log.end);
  expect(() => Array.from(log.frames())).toThrow(/does not keep what is written/);
});

test('a frame whose bytes were never kept is counted where appendFrame would place it; a keeping store refuses one', () => {
  const counted = LogFile.open(new MemoryStore(':memory:', { keepContent: false }));
  const written = LogFile.open(new MemoryStore(':memory:', { keepContent: false }));
  const frame = new Uint8Array(FRAME_HEADER_SIZE + 5);
  for (let i = 0; i < 3; i++) {
    expect(counted.appendUnkept(frame.length)).toBe(written.appendFrame(frame.slice()).position);
    expect(counted.end).toBe(written.end);
    expect(counted.nextPayloadPosition()).toBe(written.nextPayloadPosition());
  }
  expect(() => LogFile.open(new MemoryStore('kept')).appendUnkept(frame.length)).toThrow(/keeps its content: append the bytes/);
  const s = new MemoryStore(':memory:', { keepContent: false });
  expect(s.appendLength(10, 3)).toBe(false); // not where the store ends
  expect(s.appendLength(10, 0)).toBe(true);
  expect(s.size()).toBe(10);
});

test('bytes across many chunks read back exactly, also after truncating into a chunk and appending again', () => {
  const s = new MemoryStore();
  const model: number[] = [];
  let seed = 7;
  for (let i = 0; i < 400; i++) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    const n = seed % 9000;
    const bytes = new Uint8Array(n);
    for (let j = 0; j < n; j++) bytes[j] = (i + j) & 0xff;
    expect(s.append(bytes, model.length)).toBe(true);
    model.push(...bytes);
    if (i % 50 === 49) {
      const cut = model.length - (seed % 5000);
      s.truncate(cut);
      model.length = Math.max(0, cut);
    }
  }
  expect(s.size()).toBe(model.length);
  expect(Array.from(s.snapshot())).toEqual(model);
  for (const [at, n] of [[0, 10], [4090, 20], [12_000, 70_000], [model.length - 3, 10]] as const) {
    expect(Array.from(s.read(at, n))).toEqual(model.slice(at, at + n));
  }
  s.truncate(0);
  expect(s.append(Uint8Array.of(9), 0)).toBe(true);
  expect(Array.from(s.snapshot())).toEqual([9]);
});
