/** src/level1-datafile/checkpoint-store.test.ts — whole and pieced checkpoint writes, on files and in memory. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { SqlError } from '../common/errors';
import { FileCheckpointStore, MemoryCheckpointStore, type CheckpointStore } from './checkpoint-store';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pyrrhodb-ckstore-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const bytes = (n: number, seed: number): Uint8Array => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 0xff);

/** Writes `image` in pieces of `size` bytes, the header (its first 4 bytes) last. */
function writeInPieces(store: CheckpointStore, image: Uint8Array, size: number): void {
  const pieces = store.begin();
  const body = image.slice();
  body.fill(0, 0, 4); // the header's room goes out as zeros
  for (let at = 0; at < body.length; at += size) pieces.append(body.subarray(at, at + size));
  pieces.commit(image.subarray(0, 4));
}

describe.each([
  ['a file', () => new FileCheckpointStore(path.join(dir, `c${Math.random().toString(36).slice(2)}.pck`))],
  ['memory', () => new MemoryCheckpointStore()],
] as const)('%s', (_, make) => {
  test('a checkpoint written in pieces reads back as the one written whole, header included', () => {
    const store = make();
    expect(store.read()).toBeNull();
    const image = bytes(10_000, 3);
    writeInPieces(store, image, 999);
    expect(Buffer.from(store.read()!).equals(Buffer.from(image))).toBe(true);
    const second = bytes(300, 9);
    store.write(second);
    expect(Buffer.from(store.read()!).equals(Buffer.from(second))).toBe(true);
  });

  test('an aborted write leaves the old checkpoint as it was', () => {
    const store = make();
    const old = bytes(500, 1);
    store.write(old);
    const pieces = store.begin();
    pieces.append(bytes(4096, 2));
    pieces.abort();
    expect(Buffer.from(store.read()!).equals(Buffer.from(old))).toBe(true);
  });
});

test('a file store leaves no temp file after a write, a pieced write or an abort', () => {
  const name = path.join(dir, 'tmpcheck.pck');
  const store = new FileCheckpointStore(name);
  writeInPieces(store, bytes(5000, 4), 1024);
  expect(fs.existsSync(`${name}.tmp`)).toBe(false);
  const pieces = store.begin();
  pieces.append(bytes(100, 5));
  expect(fs.existsSync(`${name}.tmp`)).toBe(true); // the pieces go to the temp file as they come
  pieces.abort();
  expect(fs.existsSync(`${name}.tmp`)).toBe(false);
  expect(fs.statSync(name).size).toBe(5000);
});

test('a file store that cannot create its temp file fails with 58030, naming the checkpoint', () => {
  const store = new FileCheckpointStore(path.join(dir, 'no-such-dir', 'x.pck'));
  let thrown: unknown = null;
  try {
    store.begin();
  } catch (e) {
    thrown = e;
  }
  expect(thrown).toBeInstanceOf(SqlError);
  expect((thrown as SqlError).sqlState).toBe('58030');
  expect((thrown as SqlError).message).toMatch(/x\.pck/);
  expect(() => store.write(bytes(10, 0))).toThrow(/x\.pck/);
});
