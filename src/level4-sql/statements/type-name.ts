/**
 * src/level4-sql/statements/type-name.ts — maps a type name as written (`VARCHAR(20)`, `DECIMAL(7,2)`) to a `SqlType`.
 *
 * 1. Every spelling of a family maps to one kind: INT/INTEGER/SMALLINT/BIGINT/INT2/INT4/INT8 → INTEGER,
 *    NUMERIC/DECIMAL → NUMERIC, REAL/FLOAT/DOUBLE [PRECISION]/FLOAT4/FLOAT8 → REAL, CHAR(n) → fixed CHAR,
 *    VARCHAR(n)/TEXT/STRING → CHAR, JSON/JSONB → DOCUMENT (PostgreSQL's spellings, so that their DDL and `::`
 *    casts read as they are written). CAST uses this map too.
 * 2. A bare `CHAR` is an unbounded string, as in Pyrrho (not the standard's CHAR(1)).
 * 3. Unknown names raise UndefinedObject (42704); bad parameters raise InvalidParameterValue (22023).
 * 4. Standard type names win over structured types (CREATE TYPE) of the same name; a structured type is found
 *    only when the caller gives the state to look in.
 */
import { unreachable } from '../../common/assert';
import { SqlError, SqlState } from '../../common/errors';
import {
  BLOB,
  BOOLEAN,
  CHAR,
  DATE,
  DOCARRAY,
  DOCUMENT,
  INTEGER,
  NUMERIC,
  REAL,
  TIME,
  structType,
  TIMESTAMP,
  type SqlType,
} from '../../common/values/sql-type';
import type { DatabaseState } from '../../level3-objects/database-state';
import type { TypeName } from '../parse';
import { intervalTypeFromName } from '../eval/literal';

/** The largest NUMERIC precision and CHAR length accepted in a type name. */
export const MAX_TYPE_PARAMETER = 1_000_000;

type Family =
  | 'INTEGER'
  | 'NUMERIC'
  | 'REAL'
  | 'FIXED'
  | 'VARYING'
  | 'BOOLEAN'
  | 'DATE'
  | 'TIME'
  | 'TIMESTAMP'
  | 'BLOB'
  | 'DOCUMENT'
  | 'DOCARRAY';

const FAMILIES: ReadonlyMap<string, Family> = new Map<string, Family>([
  ['INT', 'INTEGER'],
  ['INTEGER', 'INTEGER'],
  ['SMALLINT', 'INTEGER'],
  ['BIGINT', 'INTEGER'],
  ['TINYINT', 'INTEGER'],
  ['INT2', 'INTEGER'],
  ['INT4', 'INTEGER'],
  ['INT8', 'INTEGER'],
  ['NUMERIC', 'NUMERIC'],
  ['DECIMAL', 'NUMERIC'],
  ['DEC', 'NUMERIC'],
  ['REAL', 'REAL'],
  ['FLOAT', 'REAL'],
  ['DOUBLE', 'REAL'],
  ['DOUBLE PRECISION', 'REAL'],
  ['FLOAT4', 'REAL'],
  ['FLOAT8', 'REAL'],
  ['CHAR', 'FIXED'],
  ['CHARACTER', 'FIXED'],
  ['NCHAR', 'FIXED'],
  ['VARCHAR', 'VARYING'],
  ['CHARACTER VARYING', 'VARYING'],
  ['CHAR VARYING', 'VARYING'],
  ['NVARCHAR', 'VARYING'],
  ['TEXT', 'VARYING'],
  ['STRING', 'VARYING'],
  ['CLOB', 'VARYING'],
  ['BOOLEAN', 'BOOLEAN'],
  ['BOOL', 'BOOLEAN'],
  ['DATE', 'DATE'],
  ['TIME', 'TIME'],
  ['TIMESTAMP', 'TIMESTAMP'],
  ['DATETIME', 'TIMESTAMP'],
  ['BLOB', 'BLOB'],
  ['BYTEA', 'BLOB'],
  ['VARBINARY', 'BLOB'],
  ['DOCUMENT', 'DOCUMENT'],
  ['JSON', 'DOCUMENT'],
  ['JSONB', 'DOCUMENT'],
  ['DOCARRAY', 'DOCARRAY'],
]);

const SIMPLE = { BOOLEAN, DATE, BLOB, DOCUMENT, DOCARRAY } as const;

function badParameter(t: TypeName, why: string): SqlError {
  return SqlError.of(SqlState.InvalidParameterValue, [`${t.name}(${t.params.join(',')}): ${why}`], {
    position: t.position,
  });
}

function checkCount(t: TypeName, max: number): void {
  if (t.params.length > max) {
    throw badParameter(t, max === 0 ? 'this type takes no parameters' : `this type takes at most ${max}`);
  }
  for (const p of t.params) {
    if (!Number.isInteger(p) || p < 0 || p > MAX_TYPE_PARAMETER) throw badParameter(t, `${p} is out of range`);
  }
}

function numericType(t: TypeName): SqlType {
  checkCount(t, 2);
  const [precision, scale] = t.params;
  if (precision === undefined) return NUMERIC;
  if (precision < 1) throw badParameter(t, 'precision must be at least 1');
  if (scale === undefined) return Object.freeze({ kind: 'NUMERIC', precision, scale: 0 });
  if (scale > precision) throw badParameter(t, 'scale must not exceed precision');
  return Object.freeze({ kind: 'NUMERIC', precision, scale });
}

function charType(t: TypeName, fixed: boolean): SqlType {
  checkCount(t, 1);
  const length = t.params[0];
  if (length === undefined) return CHAR;
  if (length < 1) throw badParameter(t, 'length must be at least 1');
  return Object.freeze({ kind: 'CHAR', length, fixed });
}

/**
 * The SqlType a column definition, parameter, variable or CAST names; with `state`, a name that is no standard
 * type may name a structured type of it (invariant 4).
 */
export function sqlTypeFromName(t: TypeName, state?: DatabaseState): SqlType {
  if (t.name.startsWith('INTERVAL')) return intervalTypeFromName(t);
  const family = FAMILIES.get(t.name);
  if (family === undefined) {
    const u = t.params.length === 0 ? state?.udTypeByName(t.name) : undefined;
    if (u !== undefined) return structType(u.name);
    throw SqlError.of(SqlState.UndefinedObject, [`type ${t.name}`], { position: t.position });
  }
  switch (family) {
    case 'NUMERIC':
      return numericType(t);
    case 'FIXED':
      return charType(t, true);
    case 'VARYING':
      return charType(t, false);
    case 'REAL':
      // FLOAT(p) names a binary precision; every REAL is a double here
      checkCount(t, t.name === 'FLOAT' ? 1 : 0);
      return REAL;
    case 'INTEGER':
      checkCount(t, 0);
      return INTEGER;
    case 'TIME':
    case 'TIMESTAMP':
      // fractional-second precision is accepted and not enforced
      checkCount(t, 1);
      return family === 'TIME' ? TIME : TIMESTAMP;
    case 'BOOLEAN':
    case 'DATE':
    case 'BLOB':
    case 'DOCUMENT':
    case 'DOCARRAY':
      checkCount(t, 0);
      return SIMPLE[family];
    default:
      return unreachable(family, 'type family');
  }
}
