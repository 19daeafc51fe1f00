/** src/level1-datafile/log-file.test.ts — header, frames, torn tails at every offset, garbage, corruption, faults. */
import { SqlError } from '../common/errors';
import { crc32 } from './crc32';
import { FaultyStore } from './faulty-store';
import { encodeHeader, HEADER_SIZE } from './file-header';
import { FRAME_HEADER_SIZE, MAX_FRAME_LENGTH } from './frame';
import { LogFile } from './log-file';
import { MemoryStore } from './memory-store';
import type { Store } from './store';

function payload(seed: number, length: number): Uint8Array {
  const p = new Uint8Array(length);
  for (let i = 0; i < length; i++) p[i] = (seed * 31 + i * 7) & 0xff;
  return p;
}

/** A store holding a header and frames of the given payload lengths; returns it and the frame positions. */
function storeWith(lengths: number[]): { store: MemoryStore; positions: number[]; payloads: Uint8Array[] } {
  const store = new MemoryStore('t.pfl');
  const log = LogFile.open(store);
  const payloads = lengths.map((n, i) => payload(i + 1, n));
  const positions = payloads.map((p) => log.append(p).position);
  return { store, positions, payloads };
}

function payloadsOf(log: LogFile): number[][] {
  return Array.from(log.frames(), (f) => Array.from(f.payload));
}

function corruption(f: () => unknown): SqlError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(SqlError);
    expect((e as SqlError).sqlState).toBe('XX001');
    return e as SqlError;
  }
  throw new Error('expected DataCorrupted');
}

function image(store: MemoryStore): Uint8Array {
  return store.snapshot();
}

describe('header', () => {
  test('an empty store gets the 16-byte header', () => {
    const store = new MemoryStore('h.pfl');
    const log = LogFile.open(store);
    expect(Array.from(store.snapshot())).toEqual([
      0x50, 0x59, 0x52, 0x52, 0x48, 0x4f, 0x44, 0x42, 1, 0, 0, 0, 0, 0, 0, 0,
    ]);
    expect(log.end).toBe(HEADER_SIZE);
    expect(log.nextPayloadPosition()).toBe(HEADER_SIZE + FRAME_HEADER_SIZE);
    expect(log.tornTail).toBeNull();
    expect(payloadsOf(log)).toEqual([]);
  });

  test('bad magic is refused at offset 0, an unknown version at offset 8', () => {
    const bad = encodeHeader();
    bad[0] = 0x51;
    let e = corruption(() => LogFile.open(new MemoryStore('m.pfl', { initial: bad })));
    expect(e.message).toBe('database file m.pfl is corrupt at offset 0: not a pyrrhodb file (bad magic)');
    const v2 = encodeHeader();
    v2[8] = 2;
    e = corruption(() => LogFile.open(new MemoryStore('v.pfl', { initial: v2 })));
    expect(e.message).toMatch(/offset 8: unsupported file format version 2/);
    e = corruption(() => LogFile.open(new MemoryStore('s.pfl', { initial: Uint8Array.of(1, 2, 3) })));
    expect(e.message).toMatch(/offset 0: file is too short/);
  });

  test('a file torn while its header was written is re-created', () => {
    const store = new MemoryStore('t.pfl', { initial: encodeHeader().subarray(0, 5) });
    const log = LogFile.open(store);
    expect(log.tornTail).toEqual({ offset: 0, length: 5 });
    expect(Array.from(store.snapshot())).toEqual(Array.from(encodeHeader()));
  });

  test('a zero-filled file (a crash while it was created) is re-created; a large one is not ours', () => {
    const zeros = new MemoryStore('z.pfl', { initial: new Uint8Array(16) });
    expect(LogFile.open(zeros).tornTail).toEqual({ offset: 0, length: 16 });
    expect(Array.from(zeros.snapshot())).toEqual(Array.from(encodeHeader()));
    const big = new MemoryStore('b.pfl', { initial: new Uint8Array(5000) });
    expect(corruption(() => LogFile.open(big)).message).toMatch(/offset 0: not a pyrrhodb file/);
  });

  test('a read-only open writes nothing', () => {
    const empty = new MemoryStore('e.pfl');
    const log = LogFile.open(empty, { readOnly: true });
    expect(empty.size()).toBe(0);
    expect(payloadsOf(log)).toEqual([]);
    expect(() => log.append(Uint8Array.of(1))).toThrow(/read-only/);
  });
});

describe('frames', () => {
  test('each frame is length, CRC-32, payload; reopening reads them back', () => {
    const { store, positions, payloads } = storeWith([3, 100, 1]);
    expect(positions).toEqual([16, 16 + 11, 16 + 11 + 108]);
    const bytes = store.snapshot();
    expect(Array.from(bytes.subarray(16, 24))).toEqual([3, 0, 0, 0, ...u32le(crc32(payloads[0]!))]);
    const log = LogFile.open(store);
    expect(log.end).toBe(store.size());
    const frames = Array.from(log.frames());
    expect(frames.map((f) => f.position)).toEqual(positions);
    expect(frames.map((f) => f.payloadPosition)).toEqual(positions.map((p) => p + 8));
    expect(frames.map((f) => Array.from(f.payload))).toEqual(payloads.map((p) => Array.from(p)));
    expect(Array.from(log.frames(positions[1]), (f) => f.position)).toEqual(positions.slice(1));
  });

  test('append returns the frame and moves the end; payload positions are known before', () => {
    const log = LogFile.open(new MemoryStore());
    const next = log.nextPayloadPosition();
    const frame = log.append(Uint8Array.of(9, 9));
    expect(frame.payloadPosition).toBe(next);
    expect(frame.position).toBe(16);
    expect(Array.from(frame.payload)).toEqual([9, 9]);
    expect(log.end).toBe(16 + 10);
  });

  test('exactly one sync per append, none on reopen', () => {
    const faulty = new FaultyStore(new MemoryStore());
    const log = LogFile.open(faulty);
    const base = faulty.syncs;
    for (let i = 1; i <= 5; i++) {
      log.append(payload(i, 10));
      expect(faulty.syncs - base).toBe(i);
      expect(faulty.syncedSize).toBe(faulty.size());
    }
    const before = faulty.syncs;
    LogFile.open(faulty);
    expect(faulty.syncs).toBe(before);
  });

  test('an append after someone else moved the store is refused', () => {
    const store = new MemoryStore('x.pfl');
    const log = LogFile.open(store);
    store.append(Uint8Array.of(1), store.size());
    expect(() => log.append(Uint8Array.of(2))).toThrow(/changed by someone else: expected it to end at 16, it ends at 17/);
  });
});

describe('torn tails', () => {
  const lengths = [5, 40, 23];

  test('the last frame torn at every byte offset is cut off and the log keeps working', () => {
    const { store, positions, payloads } = storeWith(lengths);
    const full = image(store);
    const last = positions[2]!;
    for (let k = 1; k < full.length - last; k++) {
      const torn = new MemoryStore('t.pfl', { initial: full.subarray(0, last + k) });
      const log = LogFile.open(torn);
      expect(log.tornTail).toEqual({ offset: last, length: k });
      expect(torn.size()).toBe(last);
      expect(payloadsOf(log)).toEqual(payloads.slice(0, 2).map((p) => Array.from(p)));
      log.append(Uint8Array.of(7, 7, 7));
      const again = LogFile.open(torn);
      expect(again.tornTail).toBeNull();
      expect(payloadsOf(again)).toEqual([...payloads.slice(0, 2).map((p) => Array.from(p)), [7, 7, 7]]);
    }
  });

  test('a torn frame whose written bytes are damaged is still a torn tail', () => {
    const { store, positions } = storeWith(lengths);
    const full = image(store);
    for (let k = 9; k < full.length - positions[2]!; k++) {
      const bytes = full.slice(0, positions[2]! + k);
      bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 0xff; // the last byte written is wrong: CRC mismatch
      const log = LogFile.open(new MemoryStore('t.pfl', { initial: bytes }));
      expect(log.tornTail?.offset).toBe(positions[2]);
    }
  });

  test('garbage appended after the last frame does not stop the file from opening', () => {
    const { store, payloads } = storeWith(lengths);
    const end = store.size();
    const garbages = [
      Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 0, 0, 1), // zeros and then not
      new TextEncoder().encode('hello, this is not a frame\n'.repeat(50)),
      pseudoRandom(10_000, 42),
      Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0, 1),
      Uint8Array.of(1, 0, 0, 0, 0, 0, 0, 0, 0), // a one-byte frame with a wrong CRC
    ];
    for (const garbage of garbages) {
      const bytes = new Uint8Array(end + garbage.length);
      bytes.set(image(store));
      bytes.set(garbage, end);
      const torn = new MemoryStore('g.pfl', { initial: bytes });
      const log = LogFile.open(torn);
      expect(log.tornTail).toEqual({ offset: end, length: garbage.length });
      expect(payloadsOf(log)).toEqual(payloads.map((p) => Array.from(p)));
      expect(torn.size()).toBe(end);
    }
  });

  test('zeros after the last frame are the log\'s end, not a torn tail (invariant 9): cut off unless read-only', () => {
    const { store, positions, payloads } = storeWith(lengths);
    const end = store.size();
    for (const zeros of [1, 8, 9, 4096, 70_000]) {
      const bytes = new Uint8Array(end + zeros);
      bytes.set(image(store));
      const reserved = new MemoryStore('z.pfl', { initial: bytes });
      const log = LogFile.open(reserved);
      expect(log.tornTail).toBeNull();
      expect(log.end).toBe(end);
      expect(reserved.size()).toBe(end);
      expect(payloadsOf(log)).toEqual(payloads.map((p) => Array.from(p)));
      const ro = new MemoryStore('r.pfl', { initial: bytes, readOnly: true });
      const read = LogFile.open(ro);
      expect([read.tornTail, read.end, ro.size()]).toEqual([null, end, end + zeros]);
    }
    // a frame torn part-way into the zeros is a torn tail, reported with the zeros after it
    const torn = new Uint8Array(end + 100);
    torn.set(image(store).subarray(0, positions[2]! + 6));
    const log = LogFile.open(new MemoryStore('t.pfl', { initial: torn }));
    expect(log.tornTail).toEqual({ offset: positions[2], length: torn.length - positions[2]! });
  });

  test('read-only opens report a torn tail without cutting it', () => {
    const { store, positions } = storeWith(lengths);
    const bytes = image(store).subarray(0, store.size() - 3);
    const ro = new MemoryStore('r.pfl', { initial: bytes, readOnly: true });
    const log = LogFile.open(ro);
    expect(log.tornTail).toEqual({ offset: positions[2], length: bytes.length - positions[2]! });
    expect(ro.size()).toBe(bytes.length);
    expect(log.end).toBe(positions[2]);
    expect(Array.from(log.frames())).toHaveLength(2);
  });
});

describe('corruption in the middle', () => {
  test('a damaged payload with a valid frame after it is refused, naming its offset', () => {
    const { store, positions } = storeWith([5, 40, 23]);
    const bytes = image(store);
    bytes[positions[1]! + 8 + 10] = bytes[positions[1]! + 8 + 10]! ^ 1;
    const e = corruption(() => LogFile.open(new MemoryStore('c.pfl', { initial: bytes })));
    expect(e.message).toMatch(new RegExp(`^database file c.pfl is corrupt at offset ${positions[1]}: frame checksum mismatch`));
    expect(e.message).toMatch(new RegExp(`a valid frame follows at offset ${positions[2]}$`));
    corruption(() => LogFile.open(new MemoryStore('c.pfl', { initial: bytes, readOnly: true })));
  });

  test('a damaged length or checksum field is refused too, at every byte of the frame header', () => {
    const { store, positions } = storeWith([5, 40, 23]);
    for (let i = 0; i < FRAME_HEADER_SIZE; i++) {
      const bytes = image(store);
      bytes[positions[0]! + i] = bytes[positions[0]! + i]! ^ 0x10;
      const e = corruption(() => LogFile.open(new MemoryStore('c.pfl', { initial: bytes })));
      expect(e.message).toMatch(new RegExp(`at offset ${positions[0]}: `));
    }
  });

  test('frames() re-checks what it reads', () => {
    const { store, positions } = storeWith([5, 6]);
    let flip = -1;
    const flipping: Store = Object.assign(Object.create(store) as MemoryStore, {
      read(position: number, length: number): Uint8Array {
        const bytes = store.read(position, length);
        if (flip >= position && flip < position + bytes.length) bytes[flip - position] = bytes[flip - position]! ^ 1;
        return bytes;
      },
    });
    const log = LogFile.open(flipping);
    flip = positions[1]! + 9;
    expect(() => Array.from(log.frames())).toThrow(new RegExp(`offset ${positions[1]}: frame checksum mismatch`));
  });
});

describe('injected faults leave the log as it was', () => {
  function setUp(): { faulty: FaultyStore; log: LogFile } {
    const faulty = new FaultyStore(new MemoryStore('f.pfl'));
    const log = LogFile.open(faulty);
    log.append(payload(1, 10));
    return { faulty, log };
  }

  test('a failed append', () => {
    const { faulty, log } = setUp();
    const end = log.end;
    faulty.failAppend();
    expect(() => log.append(payload(2, 10))).toThrow(/i\/o error on f.pfl: injected failure of append/);
    expect(faulty.size()).toBe(end);
    log.append(payload(3, 4));
    expect(payloadsOf(LogFile.open(faulty))).toEqual([payload(1, 10), payload(3, 4)].map((p) => Array.from(p)));
  });

  test('an append torn after k bytes, for every k', () => {
    for (let k = 0; k < 18; k++) {
      const { faulty, log } = setUp();
      const end = log.end;
      faulty.tearAppend(1, k);
      expect(() => log.append(payload(2, 10))).toThrow(SqlError);
      expect(faulty.size()).toBe(end);
      expect(log.end).toBe(end);
      log.append(payload(3, 4));
      expect(Array.from(LogFile.open(faulty).frames())).toHaveLength(2);
    }
  });

  test('a failed sync', () => {
    const { faulty, log } = setUp();
    const end = log.end;
    faulty.failSync();
    expect(() => log.append(payload(2, 10))).toThrow(/injected failure of sync/);
    expect(faulty.size()).toBe(end);
    expect(Array.from(LogFile.open(faulty).frames())).toHaveLength(1);
  });

  test('a crash loses nothing that append returned', () => {
    const { faulty, log } = setUp();
    log.append(payload(2, 50));
    faulty.crash();
    expect(Array.from(LogFile.open(faulty).frames())).toHaveLength(2);
  });

  test('a crash in the middle of an unsynced write leaves a torn tail that open cuts off', () => {
    const { faulty, log } = setUp();
    const end = log.end;
    const frameBytes = new Uint8Array(8 + 30).fill(7); // not zeros: those would be the log's end (invariant 9)
    for (let keep = 1; keep < frameBytes.length; keep++) {
      faulty.append(frameBytes, end); // a writer that died before syncing
      faulty.crash(keep);
      const reopened = LogFile.open(faulty);
      expect(reopened.tornTail).toEqual({ offset: end, length: keep });
      expect(faulty.size()).toBe(end);
    }
  });
});

describe('a frame appended in pieces (invariant 8)', () => {
  /** `body` as pieces of `size` bytes, the first starting with the header room. */
  function piecesOf(body: Uint8Array, size: number): Uint8Array[] {
    const all = new Uint8Array(FRAME_HEADER_SIZE + body.length);
    all.set(body, FRAME_HEADER_SIZE);
    const out: Uint8Array[] = [];
    for (let at = 0; at < all.length; at += size) out.push(all.slice(at, at + size));
    if (out[0]!.length < FRAME_HEADER_SIZE) out.splice(0, 2, Uint8Array.from([...out[0]!, ...out[1]!]));
    return out;
  }

  test('is the frame append would have written, byte for byte, whatever the piece size', () => {
    for (const size of [8, 9, 13, 64, 1000, 5000]) {
      const body = pseudoRandom(3000, size);
      const whole = new MemoryStore('w.pfl');
      LogFile.open(whole).append(body);
      const faulty = new FaultyStore(new MemoryStore('p.pfl'));
      const log = LogFile.open(faulty);
      const syncs = faulty.syncs;
      for (const piece of piecesOf(body, size)) {
        log.appendPiece(piece);
        expect(log.end).toBe(HEADER_SIZE); // not committed until sealed
      }
      expect(log.appendingPieces).toBe(true);
      expect(log.sealPieces()).toBe(HEADER_SIZE);
      expect([log.appendingPieces, log.end, faulty.syncs - syncs]).toEqual([false, HEADER_SIZE + 8 + 3000, 1]);
      expect(Buffer.from(faulty.read(0, faulty.size())).equals(Buffer.from(whole.snapshot()))).toBe(true);
      expect(log.identity()!.lastCrc).toBe(crc32(body));
      expect(payloadsOf(LogFile.open(faulty))).toEqual([Array.from(body)]);
    }
  });

  test('a crash before the seal, or between the header and the sync, loses that frame and nothing else', () => {
    for (const pieces of [1, 2, 3]) {
      const faulty = new FaultyStore(new MemoryStore('c.pfl'));
      const log = LogFile.open(faulty);
      log.append(payload(1, 10));
      const end = log.end;
      const all = piecesOf(pseudoRandom(200, pieces), 64);
      for (const piece of all.slice(0, pieces)) log.appendPiece(piece);
      // the unsealed bytes are a torn tail even if every one of them reached the disk
      faulty.crash(1 << 20);
      const reopened = LogFile.open(faulty);
      expect(reopened.tornTail).toEqual({ offset: end, length: Math.min(pieces, all.length) * 64 });
      expect(payloadsOf(reopened)).toEqual([Array.from(payload(1, 10))]);
    }
  });

  test('a failed piece, patch or sync removes every piece; the log goes on', () => {
    const cases: [(f: FaultyStore) => void, RegExp][] = [
      [(f) => f.failAppend(2), /injected failure of append/],
      [(f) => f.tearAppend(3, 5), /injected torn append/],
      [(f) => f.failPatch(1), /injected failure of patch/],
      [(f) => f.failSync(1), /injected failure of sync/],
    ];
    for (const [arm, message] of cases) {
      const faulty = new FaultyStore(new MemoryStore('g.pfl'));
      const log = LogFile.open(faulty);
      log.append(payload(1, 10));
      const end = log.end;
      arm(faulty);
      const all = piecesOf(pseudoRandom(200, 9), 64);
      expect(all).toHaveLength(4);
      const run = (): void => {
        for (const piece of all) log.appendPiece(piece);
        log.sealPieces();
      };
      expect(run).toThrow(message);
      expect([faulty.size(), log.end, log.appendingPieces]).toEqual([end, end, false]);
      log.append(payload(3, 4));
      expect(payloadsOf(LogFile.open(faulty))).toEqual([payload(1, 10), payload(3, 4)].map((p) => Array.from(p)));
    }
  });

  test('a frame that grows past MAX_FRAME_LENGTH in pieces is 54000, and its pieces are gone', () => {
    // a store that counts bytes without keeping them, so a frame of over 1 GiB costs no memory
    const store = new MemoryStore('huge.pfl', { keepContent: false });
    const log = LogFile.open(store);
    const piece = new Uint8Array(64 << 20);
    let thrown: unknown = null;
    try {
      for (let written = 0; written <= MAX_FRAME_LENGTH + FRAME_HEADER_SIZE; written += piece.length) log.appendPiece(piece);
    } catch (e) {
      thrown = e;
    }
    expect((thrown as SqlError).sqlState).toBe('54000');
    expect((thrown as SqlError).message).toMatch(/exceeds the frame limit/);
    expect([store.size(), log.end, log.appendingPieces]).toEqual([HEADER_SIZE, HEADER_SIZE, false]);
  });

  test('abandoning removes the pieces; a whole frame cannot be appended in the middle of one in pieces', () => {
    const store = new MemoryStore('a.pfl');
    const log = LogFile.open(store);
    log.appendPiece(new Uint8Array(FRAME_HEADER_SIZE + 5).fill(1));
    expect(() => log.append(payload(1, 3))).toThrow(/no frame is being appended in pieces/);
    log.abandonPieces();
    log.abandonPieces(); // nothing left: a no-op
    expect([store.size(), log.end]).toEqual([HEADER_SIZE, HEADER_SIZE]);
    expect(payloadsOf(LogFile.open(store))).toEqual([]);
  });
});

function u32le(n: number): number[] {
  return [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, n >>> 24];
}

function pseudoRandom(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}
