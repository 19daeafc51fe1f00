/**
 * grammar/ast/types.ts — AST nodes for structured types: CREATE TYPE, CREATE METHOD, DROP TYPE, CREATE TABLE … OF.
 *
 * 1. Names are case-folded as everywhere; a field's or parameter's type is a `TypeName` that Level 4 resolves
 *    (a standard type, or a structured type by name).
 * 2. A method body is a SQL/PSM statement (ast/psm.ts); Level 4 stores the CREATE METHOD text exactly as
 *    written and parses it again when the method is called.
 */
import type { Span, TypeName } from './expression';
import type { PsmStatement } from './psm';

/** A field of a structured type or a parameter of a method: `x int`. */
export interface TypeFieldDef extends Span {
  name: string;
  type: TypeName;
}

/** `INSTANCE` (the default), `STATIC`, `CONSTRUCTOR` or `OVERRIDING`. */
export type MethodKindName = 'INSTANCE' | 'STATIC' | 'CONSTRUCTOR' | 'OVERRIDING';

/** A method signature: in CREATE TYPE (a declaration) and in CREATE METHOD. */
export interface MethodSpec extends Span {
  kind: 'MethodSpec';
  methodKind: MethodKindName;
  name: string;
  params: TypeFieldDef[];
  /** RETURNS type; null when absent (constructors) */
  returns: TypeName | null;
}

/** `CREATE TYPE name [UNDER super] AS (field type, …) [method spec, …]` */
export interface CreateType extends Span {
  kind: 'CreateType';
  name: string;
  under: string | null;
  fields: TypeFieldDef[];
  methods: MethodSpec[];
}

/** `CREATE [kind] METHOD name(params) [RETURNS type] FOR type body` */
export interface CreateMethod extends Span {
  kind: 'CreateMethod';
  spec: MethodSpec;
  typeName: string;
  /** the body: `RETURN expr`, `BEGIN … END` or any SQL/PSM statement (invariant 2) */
  body: PsmStatement;
}

/** `DROP TYPE name [CASCADE | RESTRICT]` */
export interface DropType extends Span {
  kind: 'DropType';
  name: string;
  cascade: boolean;
}

/** `CREATE TABLE name OF type` — a table whose columns are the type's fields (Pyrrho's typed table). */
export interface CreateTableOf extends Span {
  kind: 'CreateTableOf';
  name: string;
  typeName: string;
}
