/**
 * src/level3-objects/ud-type.ts — `UdType` and `UdMethod`: a structured type in a snapshot (Pyrrho's UDType),
 * its fields, supertype and methods.
 *
 * 1. A type's defpos is the ppos of its PType; a method's is the ppos of its PMethod. A CREATE METHOD that
 *    gives a declared method its body replaces the declaration (PMethod `replaces`): the type then lists the
 *    definition in the declaration's place.
 * 2. `fields` are the type's own fields; `allFields` (computed on install) are the supertype's then its own,
 *    which is what a value of the type holds (struct-value.ts invariant 2). `chain` is the type's name then
 *    its supertypes' names, the `types` of its values.
 * 3. Level 3 never parses: method bodies are text that Level 4 parses when a method is called.
 * 4. Types have their own namespace (a table and a type may share a name, as in Pyrrho).
 */
import type { SqlType } from '../common/values/sql-type';
import type { MethodKind, PMethod, PType, TypeField } from '../level2-physical/physical';

/** A method of a structured type (invariant 1). */
export interface UdMethod {
  readonly defpos: number;
  readonly name: string;
  readonly kind: MethodKind;
  readonly params: readonly TypeField[];
  readonly returns: SqlType | null;
  /** the body's SQL text; empty while the method is only declared */
  readonly sql: string;
  readonly uses: readonly number[];
}

/** A structured type (see the file header). */
export interface UdType {
  readonly defpos: number;
  readonly name: string;
  /** the supertype's defpos, or -1 */
  readonly under: number;
  readonly fields: readonly TypeField[];
  /** the supertype's fields, then this type's own (invariant 2) */
  readonly allFields: readonly TypeField[];
  /** this type's name, then its supertypes' names, most specific first */
  readonly chain: readonly string[];
  readonly methods: readonly UdMethod[];
  /** the CREATE TYPE statement as written */
  readonly sql: string;
  /** the structured types its definition refers to */
  readonly uses: readonly number[];
}

/** The type a PType record defines, given its supertype (if any). */
export function typeFromRecord(rec: PType, under: UdType | undefined): UdType {
  return {
    defpos: rec.ppos,
    name: rec.name,
    under: rec.under,
    fields: rec.fields,
    allFields: under === undefined ? rec.fields : [...under.allFields, ...rec.fields],
    chain: under === undefined ? [rec.name] : [rec.name, ...under.chain],
    methods: [],
    sql: rec.sql,
    uses: rec.uses,
  };
}

/** The method a PMethod record defines. */
export function methodFromRecord(rec: PMethod): UdMethod {
  return { defpos: rec.ppos, name: rec.name, kind: rec.methodKind, params: rec.params, returns: rec.returns, sql: rec.sql, uses: rec.uses };
}

/** The methods of `t` named `name` (case-folded) with `arity` parameters. */
export function methodsNamed(t: UdType, name: string, arity?: number): UdMethod[] {
  return t.methods.filter((m) => m.name === name && (arity === undefined || m.params.length === arity));
}
