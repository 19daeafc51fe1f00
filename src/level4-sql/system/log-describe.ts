/**
 * src/level4-sql/system/log-describe.ts — what a log record says, in words, for the `Log$` system table.
 *
 * 1. `type` is the record kind's name (RecordType, Pyrrho's names: PTable, Record, Update, …).
 * 2. `desc` names objects by their names in the given state when they still exist, else by defpos, so the
 *    history stays readable after drops and renames; row values are not repeated (the row is in the table).
 * 3. `affects` is the defpos of the object the record changes: the table a Record, Update or Delete writes to,
 *    the table a PColumn, PIndex or PCheck belongs to, what a Drop or Change targets; the record itself for
 *    the definitions of new objects (tables, views).
 */
import { IndexKind, PUBLIC_GRANTEE, ViewCheckCode, type Grant, type Physical, type Revoke } from '../../level2-physical/physical';
import { privilegeText } from '../../level3-objects/security';
import { RecordType } from '../../level2-physical/record-type';
import type { DatabaseState } from '../../level3-objects/database-state';
import { typeToSql } from '../../common/values/sql-type';

/** One record, described (see the file header). */
export interface RecordDescription {
  readonly type: string;
  readonly desc: string;
  readonly affects: number | null;
}

function nameOf(state: DatabaseState, defpos: number): string {
  const sec = state.security;
  return (
    state.table(defpos)?.name ?? state.view(defpos)?.name ?? state.column(defpos)?.name ?? state.index(defpos)?.name ?? state.udType(defpos)?.name ??
    sec.users.get(defpos)?.name ?? sec.roles.get(defpos)?.name ?? String(defpos)
  );
}

/** What a Change renamed: names are today's (`nameOf`), so the description names the object by its defpos. */
function renamedKind(state: DatabaseState, defpos: number): string {
  if (state.table(defpos) !== undefined) return 'table';
  if (state.column(defpos) !== undefined) return 'column';
  if (state.index(defpos) !== undefined) return 'index';
  return state.ownerOf(defpos) !== undefined ? 'check' : 'object';
}

/** `grant SELECT (A) on T to FRED`, `revoke role R from PUBLIC`. */
function grantText(rec: Grant | Revoke, state: DatabaseState): string {
  const grant = rec.type === RecordType.Grant;
  const to = rec.grantee === PUBLIC_GRANTEE ? 'PUBLIC' : nameOf(state, rec.grantee);
  const target = rec.object === -1 ? rec.objectName : nameOf(state, rec.object);
  const what = state.security.roles.has(rec.object) ? `role ${target}` : `${privilegeText(rec.privileges)}${rec.columns.length > 0 ? ` (${rec.columns.map((c) => nameOf(state, c)).join(', ')})` : ''} on ${target}`;
  const option = rec.grantOption ? (grant ? ' with grant option' : '') : '';
  return `${grant ? 'grant' : `revoke${rec.grantOption ? ' grant option for' : ''}`} ${what} ${grant ? 'to' : 'from'} ${to}${option}`;
}

const INDEX_KINDS: Record<IndexKind, string> = {
  [IndexKind.PrimaryKey]: 'primary key',
  [IndexKind.Unique]: 'unique',
  [IndexKind.NonUnique]: 'index',
  [IndexKind.ForeignKey]: 'foreign key',
};

/** `rec` in words (see the file header). */
export function describeRecord(rec: Physical, state: DatabaseState): RecordDescription {
  const type = RecordType[rec.type] ?? `Record${rec.type as number}`;
  const d = (desc: string, affects: number | null): RecordDescription => ({ type, desc, affects });
  switch (rec.type) {
    case RecordType.PTable:
      return d(`table ${rec.name}`, rec.ppos);
    case RecordType.PTableOf:
      return d(`table ${rec.name} of type ${nameOf(state, rec.udType)}`, rec.ppos);
    case RecordType.PColumn:
      return d(`column ${rec.name} ${typeToSql(rec.dataType)} of ${nameOf(state, rec.table)}`, rec.table);
    case RecordType.Alter:
      return d(`column ${rec.name} ${typeToSql(rec.dataType)} altered`, rec.column);
    case RecordType.Change:
      return d(`${renamedKind(state, rec.target)} ${rec.target} renamed to ${rec.name}`, rec.target);
    case RecordType.PIndex:
    case RecordType.PIndexPaths:
      return d(`${INDEX_KINDS[rec.kind]} ${rec.name} on ${nameOf(state, rec.table)}`, rec.table);
    case RecordType.PCheck:
      return d(`check ${rec.name} on ${nameOf(state, rec.table)}: ${rec.sql}`, rec.table);
    case RecordType.PView:
      return d(`view ${rec.name}`, rec.ppos);
    case RecordType.PViewChecked:
      return d(`view ${rec.name} with ${rec.check === ViewCheckCode.Local ? 'local' : 'cascaded'} check option`, rec.ppos);
    case RecordType.Record:
      return d(`insert into ${nameOf(state, rec.table)}`, rec.table);
    case RecordType.Update:
      return d(`update of row ${rec.row} in ${nameOf(state, rec.table)}`, rec.table);
    case RecordType.Delete:
      return d(`delete of row ${rec.row} from ${nameOf(state, rec.table)}`, rec.table);
    case RecordType.Drop:
      return d(`drop ${nameOf(state, rec.target)}`, rec.target);
    case RecordType.PUser:
      return d(`user ${rec.name}`, rec.ppos); // never the password hash
    case RecordType.PRole:
      return d(`role ${rec.name}`, rec.ppos);
    case RecordType.Authenticate:
      return d(`password of ${nameOf(state, rec.user)}`, rec.user);
    case RecordType.Grant:
    case RecordType.Revoke:
      return d(grantText(rec, state), rec.object === -1 ? null : rec.object);
    default: {
      // kinds added later describe themselves by name when they have one
      const named = rec as { name?: unknown; ppos: number };
      return d(typeof named.name === 'string' ? named.name : '', named.ppos);
    }
  }
}
