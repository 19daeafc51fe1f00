/**
 * src/level1-datafile/file-header.ts — the 16-byte header at the start of every database file
 * (docs/file-format.md, "File header").
 *
 * 1. Bytes 0–7 are the ASCII magic `PYRRHODB`, bytes 8–9 the format version (u16 little-endian), bytes 10–15
 *    reserved: written as zero, ignored when read. An incompatible change of layout raises the version.
 * 2. A file whose magic differs, or whose version this engine does not know, is refused as DataCorrupted
 *    at offset 0 (magic) or 8 (version) — never rewritten.
 * 3. A file shorter than the header whose bytes are a prefix of the header is a torn creation, not corruption
 *    (`isHeaderPrefix`).
 */
import { SqlError, SqlState } from '../common/errors';

/** `PYRRHODB` in ASCII. */
export const MAGIC = Uint8Array.of(0x50, 0x59, 0x52, 0x52, 0x48, 0x4f, 0x44, 0x42);
/** The format this engine writes and reads. */
export const FORMAT_VERSION = 1;
/** Bytes before the first frame. */
export const HEADER_SIZE = 16;

/** The header a new file starts with. */
export function encodeHeader(): Uint8Array {
  const h = new Uint8Array(HEADER_SIZE);
  h.set(MAGIC, 0);
  h[8] = FORMAT_VERSION & 0xff;
  h[9] = FORMAT_VERSION >>> 8;
  return h;
}

/** True when `bytes` (shorter than a header) could be the start of a header this engine writes. */
export function isHeaderPrefix(bytes: Uint8Array): boolean {
  const h = encodeHeader();
  if (bytes.length > HEADER_SIZE) return false;
  for (let i = 0; i < bytes.length; i++) if (bytes[i] !== h[i]) return false;
  return true;
}

/** Throws DataCorrupted unless `bytes` starts with a header of a known version. */
export function checkHeader(bytes: Uint8Array, source: string): void {
  if (bytes.length < HEADER_SIZE) {
    throw SqlError.of(SqlState.DataCorrupted, [source, 0, `file is too short (${bytes.length} bytes) for a header`]);
  }
  for (let i = 0; i < MAGIC.length; i++) {
    if (bytes[i] !== MAGIC[i]) {
      throw SqlError.of(SqlState.DataCorrupted, [source, 0, 'not a pyrrhodb file (bad magic)']);
    }
  }
  const version = bytes[8]! | (bytes[9]! << 8);
  if (version !== FORMAT_VERSION) {
    throw SqlError.of(SqlState.DataCorrupted, [
      source,
      8,
      `unsupported file format version ${version} (this engine reads version ${FORMAT_VERSION})`,
    ]);
  }
}
