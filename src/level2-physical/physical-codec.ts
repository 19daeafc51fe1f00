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
import { keepShape } from '../common/shapes';
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
 * Maps the temporary positions of a transaction's records to their file positions. A transaction draws its
 * temporary positions one after another from TRANS_POS, so the map is an array indexed by `temp - TRANS_POS`
 * (-1 where none is defined); an offset far beyond the array's end (never made by a transaction, but legal)
 * goes to a Map instead, so the array never grows huge.
 */
export class Relocator {
  private readonly dense: number[];
  private sparse: Map<number, number> | null = null;
  private current = Infinity;
  /** the last columns array mapped by `columns`, and what it became */
  private columnsIn: readonly number[] | null = null;
  private columnsOut: readonly number[] | null = null;

  /** `expected`: how many temporary positions to make room for at once (a transaction's record count). */
  constructor(expected = 0) {
    this.dense = expected > 0 ? new Array<number>(Math.min(expected, 1 << 24)).fill(-1) : [];
  }

  /** Starts relocating the record that will sit at `ppos`: every reference must come out below it. */
  begin(ppos: number): void {
    this.current = ppos;
  }

  /** Records that the object at temporary position `temp` now lives at `real`. */
  define(temp: number, real: number): void {
    const key = temp - TRANS_POS;
    const dense = this.dense;
    if (key >= 0 && key < dense.length && dense[key] === -1) {
      dense[key] = real;
      return;
    }
    if (this.lookup(key) !== -1) throw new InternalError(`temporary position ${temp} defined twice in one transaction`);
    if (key < dense.length) dense[key] = real;
    else if (key - dense.length < 1024) {
      while (dense.length < key) dense.push(-1);
      dense.push(real);
    } else (this.sparse ??= new Map()).set(key, real);
  }

  private lookup(key: number): number {
    if (key < this.dense.length) return this.dense[key]!;
    return this.sparse?.get(key) ?? -1;
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
    const real = this.lookup(pos - TRANS_POS);
    if (real === -1) {
      const what = `reference to temporary position ${pos} that no earlier record of the transaction defines`;
      throw new InternalError(what);
    }
    return real;
  }

  /** The real position of temporary position `temp`, or -1 when no record defined it. */
  real(temp: number): number {
    return this.lookup(temp - TRANS_POS);
  }

  /** A list of column references relocated: the same array when none moves; each distinct array is mapped once. */
  columns(columns: readonly number[]): readonly number[] {
    if (columns === this.columnsIn) {
      // every column of a remembered array precedes the current record: it preceded an earlier one
      return this.columnsOut!;
    }
    let out: number[] | null = null;
    for (let i = 0; i < columns.length; i++) {
      const c = columns[i]!;
      const real = this.pos(c);
      if (real !== c && out === null) out = columns.slice(0, i);
      if (out !== null) out.push(real);
    }
    this.columnsIn = columns;
    this.columnsOut = out ?? columns;
    return this.columnsOut;
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

// a relocator lives for one commit (shapes.ts)
keepShape(() => new Relocator(0));
