/**
 * src/common/values/struct-value.ts — `StructValue`, the run-time value of a user-defined structured type
 * (`CREATE TYPE point AS (x int, y int)`; Pyrrho's TRow of a UDType).
 *
 * 1. A value names its type chain: `types[0]` is its most specific type (`specifictype()`), then each
 *    supertype in turn (`UNDER`), so a value is self-describing on disk and in results, and whether it fits a
 *    column of a supertype needs no catalog.
 * 2. `names` and `values` are parallel: every field of the type, supertype fields first, in declaration order;
 *    names are case-folded as the type declared them. Instances are frozen and never change; a method that
 *    "changes" SELF makes a new value (`withField`).
 * 3. Text is Pyrrho's: `POINT(X=2,Y=4)`, nested values nested, NULL fields as `NULL`, CHAR fields unquoted.
 * 4. Order (`compareStructs`): by most specific type name, then field by field (total order of `value.ts`).
 */
import { formatStruct } from './format';

/** A value of a structured type (see the file header). The field values are `Value`s (value.ts). */
export class StructValue {
  readonly types: readonly string[];
  readonly names: readonly string[];
  readonly values: readonly unknown[];

  constructor(types: readonly string[], names: readonly string[], values: readonly unknown[]) {
    if (types.length === 0 || names.length !== values.length) throw new RangeError('malformed structured value');
    this.types = Object.freeze([...types]);
    this.names = Object.freeze([...names]);
    this.values = Object.freeze([...values]);
    Object.freeze(this);
  }

  /** The most specific type's name. */
  get typeName(): string {
    return this.types[0]!;
  }

  /** True when the value is of type `name` or of a subtype of it. */
  isOf(name: string): boolean {
    return this.types.includes(name);
  }

  /** The position of field `name`, or -1. */
  fieldIndex(name: string): number {
    return this.names.indexOf(name);
  }

  /** The value of field `name` (undefined when there is no such field). */
  field(name: string): unknown {
    const i = this.names.indexOf(name);
    return i < 0 ? undefined : this.values[i];
  }

  /** A copy with field `i` set to `v`. */
  withField(i: number, v: unknown): StructValue {
    const values = [...this.values];
    values[i] = v;
    return new StructValue(this.types, this.names, values);
  }

  /** Pyrrho's text of the value: `POINT(X=2,Y=4)` (format.ts `formatValue`). */
  toString(): string {
    return formatStruct(this);
  }

  /** The fields as a plain object (what `JSON.stringify` shows). */
  toJSON(): Record<string, unknown> {
    const o: Record<string, unknown> = {};
    this.names.forEach((n, i) => (o[n] = this.values[i]));
    return o;
  }
}
