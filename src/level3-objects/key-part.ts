/**
 * src/level3-objects/key-part.ts — key parts of an index that reach into documents (`doc.address.zip`,
 * `doc.age AS INTEGER`): what a row's key value is for such a part, and how a bad one is reported.
 *
 * 1. A part's value is `selectPath(row[slot], path)` (the column's value itself when `path` is null),
 *    converted to `type` when it has one. When the column is NULL the value is NULL, as for a plain column.
 * 2. A present document without the path is a fault (`missing`), so is an array found at the path (`array`)
 *    and, for a typed part, a value of another type class (`type`). `partValue` returns the fault (it never
 *    throws); the transaction turns it into 22D05 / 22D06 before recording anything, so installed rows never
 *    have faults and installers may treat one as an internal error.
 *    A plain part of a mixed key (no path, no type) is the column's value, whatever it is.
 * 3. Typed parts store normalised values: INTEGER as number or bigint (`normaliseInteger`, from a number
 *    with an integral value, a bigint or an integral Decimal), NUMERIC as a Decimal, REAL as a number, CHAR
 *    a string, BOOLEAN a boolean, DATE and TIMESTAMP a Date. Other types cannot key a path (`KEY_PATH_TYPES`).
 *    A JSON null found at the path is `missing`, as Pyrrho requires indexed fields to be non-null.
 */
import { SqlError, SqlState } from '../common/errors';
import { bsonTypeName, type DocValue } from '../common/values/document/doc-value';
import { selectPath, type PathStep } from '../common/values/document/doc-path';
import { typeToSql, type SqlType, type TypeKind } from '../common/values/sql-type';
import { Decimal, normaliseInteger, toExactDecimal, type Row, type Value } from '../common/values/value';
import { columnByDefpos, type Table } from './table';

/** One part of an index key that is not a plain column (or, in a mixed key, one that is: path and type null). */
export interface KeyPart {
  /** the column's defpos */
  readonly column: number;
  /** the column's row slot */
  readonly slot: number;
  /** the steps into the column's document; null: the column's value itself */
  readonly path: readonly PathStep[] | null;
  /** the type the value is converted to (`AS INTEGER`); null: any scalar or document */
  readonly type: SqlType | null;
}

/** The types a key part may fix (invariant 3). */
export const KEY_PATH_TYPES: ReadonlySet<TypeKind> = new Set<TypeKind>(['INTEGER', 'NUMERIC', 'REAL', 'CHAR', 'BOOLEAN', 'DATE', 'TIMESTAMP']);

/** Why a row has no key value for a part (invariant 2). */
export class KeyFault {
  constructor(
    readonly kind: 'missing' | 'array' | 'type',
    /** the value found (undefined when missing) */
    readonly found: DocValue | undefined,
  ) {}
}

function isInteger(v: unknown): boolean {
  return (typeof v === 'number' && Number.isInteger(v)) || typeof v === 'bigint' || (v instanceof Decimal && v.isInteger());
}

function isNumber(v: unknown): v is number | bigint | Decimal {
  return typeof v === 'number' || typeof v === 'bigint' || v instanceof Decimal;
}

/** `v` converted to `type`, or undefined when it is not of the type's class (invariant 3). */
function convert(v: DocValue, type: SqlType): Value | undefined {
  switch (type.kind) {
    case 'INTEGER':
      if (!isInteger(v)) return undefined;
      if (typeof v === 'number') return v;
      if (typeof v === 'bigint') return normaliseInteger(v);
      return normaliseInteger(BigInt((v as Decimal).toFixed()));
    case 'NUMERIC':
      return isNumber(v) ? (v instanceof Decimal ? v : toExactDecimal(v)) : undefined;
    case 'REAL':
      if (!isNumber(v)) return undefined;
      return typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : v.toNumber();
    case 'CHAR':
      return typeof v === 'string' ? v : undefined;
    case 'BOOLEAN':
      return typeof v === 'boolean' ? v : undefined;
    case 'DATE':
    case 'TIMESTAMP':
      return v instanceof Date ? v : undefined;
    default:
      return undefined;
  }
}

/** The key value of `part` for `row`, or the fault that keeps it from having one (invariants 1–3). */
export function partValue(part: KeyPart, row: Row): Value | KeyFault {
  const doc = row[part.slot] ?? null;
  if (doc === null || (part.path === null && part.type === null)) return doc;
  const found = part.path === null ? (doc as DocValue) : selectPath(doc as DocValue, part.path);
  if (found === undefined || found === null) return new KeyFault('missing', undefined);
  if (Array.isArray(found)) return new KeyFault('array', found);
  if (part.type === null) return found as Value;
  const v = convert(found, part.type);
  return v === undefined ? new KeyFault('type', found) : v;
}

/** The key part as written in SQL: `DOC.address.zip` (a step that must match exactly is quoted). */
export function keyPartText(columnName: string, part: KeyPart): string {
  let text = columnName;
  for (const s of part.path ?? []) text += s.exact ? `."${s.name}"` : `.${s.name}`;
  return text;
}

/** The error a fault of `part` in index `indexName` reports (22D05 or 22D06). */
export function keyFaultError(fault: KeyFault, path: string, indexName: string, part: KeyPart): SqlError {
  if (fault.kind === 'missing') return SqlError.of(SqlState.MissingIndexedPath, [path, indexName]);
  const found = bsonTypeName(fault.found as DocValue);
  if (fault.kind === 'array') return SqlError.of(SqlState.IndexedPathType, [path, indexName, 'a scalar or a document', found]);
  return SqlError.of(SqlState.IndexedPathType, [path, indexName, typeToSql(part.type!), found]);
}

/** The text of `part` of a key of table `t` (a column dropped since reads as its defpos). */
export function partText(t: Table, part: KeyPart): string {
  return keyPartText(columnByDefpos(t, part.column)?.name ?? String(part.column), part);
}

/**
 * The key values of a row about to be stored in table `t` under the index `indexName` with these parts: a
 * fault is 22D05 or 22D06 (key-part.ts invariant 2), and in a primary key a NULL value is 23502.
 */
export function checkedKeyValues(t: Table, indexName: string, parts: readonly KeyPart[], primary: boolean, row: Row): Value[] {
  const key = new Array<Value>(parts.length);
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    const v = partValue(part, row);
    if (v instanceof KeyFault) throw keyFaultError(v, partText(t, part), indexName, part);
    if (v === null && primary) {
      const text = partText(t, part);
      throw SqlError.of(SqlState.NotNullViolation, [text], { detail: `Table ${t.name} requires a value in ${text}.` });
    }
    key[i] = v;
  }
  return key;
}
