/**
 * src/level1-datafile/checkpoint-envelope.test.ts — the checkpoint header's bytes (docs/file-format.md,
 * "Checkpoint"), every reason a checkpoint is refused, and `LogFile.open` with `resume`: the prefix identity
 * accepted, refused (another file, a changed last frame, a shorter log), and frames after it scanned as usual.
 */
import { CHECKPOINT_HEADER_SIZE, openCheckpoint, sealCheckpoint, type LogIdentity, type OpenedCheckpoint } from './checkpoint-envelope';
import { crc32 } from './crc32';
import { LogFile } from './log-file';
import { MemoryStore } from './memory-store';

const ID: LogIdentity = { end: 0x1_0000_0010, firstLength: 29, firstCrc: 0x673b182d, lastPosition: 0xfff_fff0, lastLength: 0xf000_0018, lastCrc: 0xdeadbeef };

function image(body: number[], id: LogIdentity = ID): Uint8Array {
  const b = new Uint8Array(CHECKPOINT_HEADER_SIZE + body.length);
  b.set(body, CHECKPOINT_HEADER_SIZE);
  return sealCheckpoint(b, id);
}

function hex(b: Uint8Array, from: number, to: number): string {
  return Array.from(b.subarray(from, to), (x) => x.toString(16).padStart(2, '0')).join(' ');
}

describe('checkpoint header', () => {
  it('has the documented bytes', () => {
    const b = image([1, 2, 3]);
    expect(hex(b, 0, 12)).toBe('50 59 52 52 48 4f 43 50 02 00 01 00');
    expect(hex(b, 16, 24)).toBe('43 00 00 00 00 00 00 00'); // length 67
    expect(hex(b, 24, 32)).toBe('10 00 00 00 01 00 00 00'); // E = 2^32 + 16
    expect(hex(b, 32, 40)).toBe('1d 00 00 00 2d 18 3b 67');
    expect(hex(b, 40, 56)).toBe('f0 ff ff 0f 00 00 00 00 18 00 00 f0 ef be ad de');
    expect(hex(b, 56, 64)).toBe('00 00 00 00 00 00 00 00');
    const crc = crc32(b, 16, b.length);
    expect(hex(b, 12, 16)).toBe(hex(Uint8Array.of(crc & 0xff, (crc >>> 8) & 0xff, (crc >>> 16) & 0xff, crc >>> 24), 0, 4));
    const opened = openCheckpoint(b);
    expect(opened).toMatchObject({ identity: ID, bodyOffset: 64 });
    expect(Array.from((opened as { body: Uint8Array }).body)).toEqual([1, 2, 3]);
  });

  it('gives the reason a checkpoint cannot be used, never throws', () => {
    const good = image([9, 9, 9, 9]);
    const changed = (i: number, v: number): Uint8Array => {
      const b = good.slice();
      b[i] = v;
      return b;
    };
    expect(openCheckpoint(good.subarray(0, 63))).toMatch(/too short/);
    expect(openCheckpoint(changed(0, 0x51))).toMatch(/bad magic/);
    expect(openCheckpoint(changed(8, 1))).toMatch(/checkpoint format version 1 \(this engine reads version 2\)/);
    expect(openCheckpoint(changed(10, 7))).toMatch(/version 7 log/);
    expect(openCheckpoint(good.subarray(0, good.length - 1))).toMatch(/torn or truncated/);
    expect(openCheckpoint(changed(66, 0))).toMatch(/checksum mismatch/);
    const inconsistent = image([], { ...ID, lastLength: 5 });
    expect(openCheckpoint(inconsistent)).toMatch(/does not end at/);
  });

  it('with the CRC deferred, checks the header at once and gives the CRC verdict when asked', () => {
    const good = image([9, 9, 9, 9]);
    const opened = openCheckpoint(good, true);
    expect(opened).toMatchObject({ identity: ID, bodyOffset: 64 });
    expect((opened as OpenedCheckpoint).crcMismatch()).toBeNull();
    // a damaged body passes the header checks; only the verdict tells
    const damagedBody = good.slice();
    damagedBody[66] = 0;
    const pending = openCheckpoint(damagedBody, true);
    expect(typeof pending).toBe('object');
    expect((pending as OpenedCheckpoint).crcMismatch()).toMatch(/checksum mismatch/);
    // damage that breaks the header's own arithmetic is named as damage, as without deferring
    const damagedHeader = good.slice();
    damagedHeader[48] = damagedHeader[48]! ^ 1;
    expect(openCheckpoint(damagedHeader, true)).toMatch(/checksum mismatch/);
    expect(openCheckpoint(damagedHeader)).toMatch(/checksum mismatch/);
    expect(openCheckpoint(good.subarray(0, good.length - 1), true)).toMatch(/torn or truncated/);
    // checked without deferring, a checkpoint has nothing left to say
    expect((openCheckpoint(good) as OpenedCheckpoint).crcMismatch()).toBeNull();
  });
});

describe('LogFile.open with resume', () => {
  function logWith(n: number): { store: MemoryStore; id: LogIdentity } {
    const store = new MemoryStore('r.pfl');
    const log = LogFile.open(store);
    for (let i = 1; i <= n; i++) log.append(Uint8Array.of(i, i, i));
    return { store, id: log.identity()! };
  }

  it('names the log by its first and last frames, and resumes after them', () => {
    const { store, id } = logWith(3);
    expect(id).toMatchObject({ end: store.size(), firstLength: 3, firstCrc: crc32(Uint8Array.of(1, 1, 1), 0, 3), lastLength: 3 });
    const log = LogFile.open(store, { resume: id });
    expect([log.resumed, log.resumeRefused, log.end]).toEqual([true, null, id.end]);
    log.append(Uint8Array.of(7));
    expect(log.identity()).toMatchObject({ firstCrc: id.firstCrc, lastPosition: id.end, lastLength: 1 });
    // frames after the prefix are scanned as ever: a torn one at the end is cut off
    const again = LogFile.open(new MemoryStore('c.pfl', { initial: new Uint8Array([...store.read(0, store.size()), 5, 0, 0, 0, 1]) }), { resume: id });
    expect(again.resumed).toBe(true);
    expect(again.tornTail).toEqual({ offset: id.end + 9, length: 5 });
  });

  it('refuses a prefix the log does not hold, and then scans every frame', () => {
    const { store, id } = logWith(3);
    const other = logWith(3).store; // same shapes, same bytes: a copy is the same log
    expect(LogFile.open(other, { resume: id }).resumed).toBe(true);
    const refused = (s: MemoryStore, r: LogIdentity): string | null => {
      const log = LogFile.open(s, { resume: r, readOnly: true });
      expect(log.resumed).toBe(false);
      expect(Array.from(log.frames()).length).toBeGreaterThan(0);
      return log.resumeRefused;
    };
    expect(refused(store, { ...id, firstCrc: id.firstCrc ^ 1 })).toMatch(/first frame/);
    expect(refused(store, { ...id, lastCrc: id.lastCrc ^ 1 })).toMatch(/no frame at/);
    expect(refused(store, { ...id, end: id.end + 100 })).toMatch(/before the checkpoint's position/);
    expect(refused(store, { ...id, lastPosition: 4 })).toMatch(/inside the file header/);
  });
});
