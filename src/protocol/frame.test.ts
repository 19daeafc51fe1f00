/**
 * src/protocol/frame.test.ts — framing: frames fed whole, split at every offset, many per chunk; a length
 * over the maximum (or 0) is 08P01 as soon as the length has arrived, without waiting for or allocating the
 * body, and poisons the decoder.
 */
import { SqlError } from '../common/errors';
import { encodeFrame, FrameDecoder } from './frame';

function bytes(...xs: number[]): Uint8Array {
  return Uint8Array.from(xs);
}

test('a frame is a big-endian length of type + body, then the type, then the body', () => {
  expect([...encodeFrame(0x10, bytes(7, 8, 9))]).toEqual([0, 0, 0, 4, 0x10, 7, 8, 9]);
  expect([...encodeFrame(0x14, bytes())]).toEqual([0, 0, 0, 1, 0x14]);
});

test('frames split at every offset, and several in one chunk, decode the same', () => {
  const stream = new Uint8Array([...encodeFrame(1, bytes(1, 2, 3)), ...encodeFrame(2, bytes()), ...encodeFrame(3, new Uint8Array(300).fill(5))]);
  for (let cut = 0; cut <= stream.length; cut++) {
    for (let cut2 = cut; cut2 <= stream.length; cut2 += 7) {
      const d = new FrameDecoder();
      const got = [...d.push(stream.subarray(0, cut)), ...d.push(stream.subarray(cut, cut2)), ...d.push(stream.subarray(cut2))];
      expect(got.map((f) => [f.type, f.body.length])).toEqual([
        [1, 3],
        [2, 0],
        [3, 300],
      ]);
      expect(d.partial).toBe(false);
    }
  }
});

test('byte by byte: partial while a frame is begun', () => {
  const d = new FrameDecoder();
  const f = encodeFrame(9, bytes(1, 2));
  for (let i = 0; i < f.length - 1; i++) {
    expect(d.push(f.subarray(i, i + 1))).toEqual([]);
    expect(d.partial).toBe(true);
  }
  expect(d.push(f.subarray(f.length - 1)).map((x) => [...x.body])).toEqual([[1, 2]]);
  expect(d.partial).toBe(false);
});

test('a length over the maximum is 08P01 once the four length bytes are in, and the decoder stays broken', () => {
  const d = new FrameDecoder(1000);
  expect(d.push(bytes(0xff, 0xff))).toEqual([]);
  let err: unknown;
  try {
    d.push(bytes(0xff, 0xff));
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(SqlError);
  expect((err as SqlError).sqlState).toBe('08P01');
  expect(() => d.push(encodeFrame(1, bytes()))).toThrow(/protocol violation/);
});

test('a length of exactly the maximum is accepted; one more is not; 0 is not', () => {
  const ok = new FrameDecoder(10);
  expect(ok.push(encodeFrame(1, new Uint8Array(9)))).toHaveLength(1);
  expect(() => new FrameDecoder(10).push(encodeFrame(1, new Uint8Array(10)))).toThrow(/over the maximum of 10/);
  expect(() => new FrameDecoder().push(bytes(0, 0, 0, 0))).toThrow(/length of 0/);
});
