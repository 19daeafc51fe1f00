/**
 * src/level2-physical/physical-codec.ts — the shape every record codec has, and the relocation map.
 *
 * 1. A codec writes and reads the fields AFTER the type byte (the type byte belongs to the dispatcher,
 *    log-reader.ts); a record's `ppos` is never written: it is the offset of its type byte in the file.
 * 2. `relocate` returns the record placed at `ppos` with every reference passed through the `Relocator`;
 *    it returns the same object when nothing changes, so re-encoding committed records allocates nothing.
 *    The relocator refuses (InternalError) a reference that would not precede the record, so the encoder
 *    never writes a transaction that `readRef` would refuse to read back.
 * 3. A reference in a committed record points at an earlier record (`readRef` refuses anything else), so
 *    bytes that decode without complaint are at least well-ordered.
 */
import { InternalError } from '../common/errors';
import type { ByteReader, ByteWriter } from '../common/values/bytes';
import { TRANS_POS, type Physical } from './physical';

/** Encoding, decoding and relocation of one record kind. */
export interface PhysicalCodec<R extends Physical> {
  readonly type: R['type'];
  /** writes the record's fields (not its type byte, not its ppos) */
  write(w: ByteWriter, rec: R): void;
  /** reads the fields of a record whose type byte was at file position `ppos` */
  read(r: ByteReader, ppos: number): R;
  /** the record at `ppos` with its references relocated; `rec` itself when unchanged */
  relocate(rec: R, ppos: number, reloc: Relocator): R;
}

/**
 * Maps the temporary positions of a transaction's records to their file positions. Keys are stored as
 * `temp - TRANS_POS`, small integers that V8 hashes much faster than the doubles above 2^50.
 */
export class Relocator {
  private readonly map = new Map<number, number>();
  private current = Infinity;

  /** Starts relocating the record that will sit at `ppos`: every reference must come out below it. */
  begin(ppos: number): void {
    this.current = ppos;
  }

  /** Records that the object at temporary position `temp` now lives at `real`. */
  define(temp: number, real: number): void {
    const key = temp - TRANS_POS;
    if (this.map.has(key)) throw new InternalError(`temporary position ${temp} defined twice in one transaction`);
    this.map.set(key, real);
  }

  /** The real position for `pos`: itself unless it is temporary (≥ TRANS_POS). */
  pos(pos: number): number {
    if (pos < TRANS_POS) {
      if (pos >= this.current) {
        const what = `reference to position ${pos} from the record at ${this.current}, which it does not precede`;
        throw new InternalError(what);
      }
      return pos;
    }
    const real = this.map.get(pos - TRANS_POS);
    if (real === undefined) {
      const what = `reference to temporary position ${pos} that no earlier record of the transaction defines`;
      throw new InternalError(what);
    }
    return real;
  }
}

/** Reads a varuint reference that must point before `ppos`. */
export function readRef(r: ByteReader, ppos: number, what: string): number {
  const at = r.offset;
  const pos = r.readVarUint();
  if (pos >= ppos) throw r.corrupt(`${what} ${pos} does not precede the record at ${ppos}`, at);
  return pos;
}

/** Reads a varint reference that is -1 (none) or points before `ppos`. */
export function readOptionalRef(r: ByteReader, ppos: number, what: string): number {
  const at = r.offset;
  const pos = r.readVarInt();
  if (pos < -1 || pos >= ppos) throw r.corrupt(`${what} ${pos} does not precede the record at ${ppos}`, at);
  return pos;
}
