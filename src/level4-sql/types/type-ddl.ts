/**
 * src/level4-sql/types/type-ddl.ts — executes CREATE TYPE, CREATE METHOD, DROP TYPE and CREATE TABLE … OF.
 *
 * 1. Field, parameter and result types resolve as column types do, plus structured types by name (42704 for
 *    neither). A field name twice (counting the supertype's fields) is 42701; an unknown supertype is 42704.
 * 2. CREATE TYPE records the type (PType), then one PMethod per method specification, each a declaration with no
 *    body. Two specifications with one name and parameter count are 42723.
 * 3. CREATE METHOD … FOR t gives a declared method (same kind, name and parameter count) its body; with no such
 *    declaration it adds the method. The body (SQL/PSM) is compiled once here against the method's scope, so a
 *    body that names an unknown variable or function fails now (its own SQLSTATE); the whole CREATE METHOD
 *    text is stored (PMethod) and parsed again when the method is first called.
 * 4. DROP TYPE of an unknown type is 42704; one that other types or columns use is 2BP01 unless CASCADE.
 * 5. CREATE TABLE t OF type makes a table (PTableOf: it keeps the type) whose columns are the type's fields
 *    (supertype fields first).
 */
import { SqlError, SqlState } from '../../common/errors';
import type { SqlType } from '../../common/values/sql-type';
import { MethodKind, type TypeField } from '../../level2-physical/physical';
import type { DatabaseState } from '../../level3-objects/database-state';
import type { Transaction } from '../../level3-objects/transaction';
import type { UdType } from '../../level3-objects/ud-type';
import type { CreateMethod, CreateTableOf, CreateType, DropType, MethodSpec, TypeFieldDef, TypeName } from '../parse';
import { sqlTypeFromName } from '../statements/type-name';
import { checkMethodBody } from './type-calls';

/** The SqlType `t` names: a standard type, or a structured type of `state` (invariant 1). */
export function resolveTypeName(t: TypeName, state: DatabaseState): SqlType {
  return sqlTypeFromName(t, state);
}

function resolveFields(defs: readonly TypeFieldDef[], state: DatabaseState, uses: Set<number>, what: string, taken: readonly string[] = []): TypeField[] {
  const seen = new Set(taken);
  return defs.map((d) => {
    if (seen.has(d.name)) throw SqlError.of(SqlState.DuplicateColumn, [d.name], { position: d.position, detail: `${what} names ${d.name} twice.` });
    seen.add(d.name);
    const dataType = resolveTypeName(d.type, state);
    noteUse(dataType, state, uses);
    return { name: d.name, dataType };
  });
}

function noteUse(t: SqlType | null, state: DatabaseState, uses: Set<number>): void {
  if (t === null || t.kind !== 'TYPE') return;
  const u = state.udTypeByName(t.name!);
  if (u !== undefined) uses.add(u.defpos);
}

const KINDS: Readonly<Record<MethodSpec['methodKind'], MethodKind>> = {
  INSTANCE: MethodKind.Instance,
  STATIC: MethodKind.Static,
  CONSTRUCTOR: MethodKind.Constructor,
  OVERRIDING: MethodKind.Overriding,
};

function typeNamed(state: DatabaseState, name: string, position: number): UdType {
  const t = state.udTypeByName(name);
  if (t === undefined) throw SqlError.of(SqlState.UndefinedObject, [`type ${name}`], { position });
  return t;
}

/** Runs CREATE TYPE (invariants 1, 2). */
export function createType(tx: Transaction, stmt: CreateType, sql: string): void {
  const state = tx.state;
  if (state.udTypeByName(stmt.name) !== undefined) throw SqlError.of(SqlState.DuplicateObject, [`type ${stmt.name}`], { position: stmt.position });
  const uses = new Set<number>();
  const under = stmt.under === null ? undefined : typeNamed(state, stmt.under, stmt.position);
  if (under !== undefined) uses.add(under.defpos);
  const fields = resolveFields(stmt.fields, state, uses, `Type ${stmt.name}`, under?.allFields.map((f) => f.name));
  const seen = new Set<string>();
  for (const m of stmt.methods) {
    const key = `${m.name}/${m.params.length}`;
    if (seen.has(key)) throw SqlError.of(SqlState.DuplicateFunction, [`method ${m.name} with ${m.params.length} parameters`], { position: m.position });
    seen.add(key);
  }
  const defpos = tx.createType({ name: stmt.name, under: under?.defpos ?? -1, fields, sql: sql.slice(stmt.position, stmt.end), uses: [...uses] });
  for (const m of stmt.methods) {
    const mu = new Set<number>();
    const params = resolveFields(m.params, tx.state, mu, `Method ${m.name}`);
    const returns = m.returns === null ? null : resolveTypeName(m.returns, tx.state);
    noteUse(returns, tx.state, mu);
    mu.delete(defpos);
    tx.createMethod({ udType: defpos, name: m.name, methodKind: KINDS[m.methodKind], params, returns, sql: '', uses: [...mu], replaces: -1 });
  }
}

/** Runs CREATE METHOD … FOR type (invariant 3). */
export function createMethod(tx: Transaction, stmt: CreateMethod, sql: string): void {
  const state = tx.state;
  const t = typeNamed(state, stmt.typeName, stmt.position);
  const spec = stmt.spec;
  const kind = KINDS[spec.methodKind];
  const uses = new Set<number>();
  const params = resolveFields(spec.params, state, uses, `Method ${spec.name}`);
  const returns = spec.returns === null ? null : resolveTypeName(spec.returns, state);
  noteUse(returns, state, uses);
  uses.delete(t.defpos);
  if (kind !== MethodKind.Constructor && returns === null) {
    throw SqlError.of(SqlState.InvalidFunctionDefinition, [`method ${spec.name} needs RETURNS`], { position: spec.position });
  }
  if (kind === MethodKind.Constructor && spec.name !== t.name) {
    throw SqlError.of(SqlState.InvalidFunctionDefinition, [`a constructor of type ${t.name} must be named ${t.name}`], { position: spec.position });
  }
  const declared = t.methods.find((m) => m.name === spec.name && m.params.length === params.length && m.kind === kind);
  if (declared !== undefined && declared.sql !== '') {
    throw SqlError.of(SqlState.DuplicateFunction, [`method ${spec.name} of type ${t.name} with ${params.length} parameters`], { position: stmt.position });
  }
  const text = sql.slice(stmt.position, stmt.end);
  const def = { defpos: -1, name: spec.name, kind, params, returns, sql: text, uses: [...uses] };
  checkMethodBody(state, t, def, stmt.body, sql);
  tx.createMethod({ udType: t.defpos, name: spec.name, methodKind: kind, params, returns, sql: text, uses: [...uses], replaces: declared?.defpos ?? -1 });
}

/** Runs DROP TYPE (invariant 4). */
export function dropType(tx: Transaction, stmt: DropType): void {
  const t = typeNamed(tx.state, stmt.name, stmt.position);
  tx.dropType(t.defpos, stmt.cascade);
}

/** Runs CREATE TABLE t OF type (invariant 5). */
export function createTableOf(tx: Transaction, stmt: CreateTableOf): void {
  const t = typeNamed(tx.state, stmt.typeName, stmt.position);
  const table = tx.createTable(stmt.name, t.defpos);
  for (const f of t.allFields) tx.addColumn(table, { name: f.name, type: f.dataType, notNull: false, defaultSql: null });
}
