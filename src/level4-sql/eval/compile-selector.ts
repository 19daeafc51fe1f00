/**
 * src/level4-sql/eval/compile-selector.ts — document selectors: `doc.a.b.c`, `t.doc.tags.0`, Pyrrho's `b.c`.
 *
 * 1. A dotted name is first what SQL makes of it (a column, or a table-qualified column). Only when that
 *    fails is it read as a column of DOCUMENT (or DOCARRAY) type followed by a path: the longest prefix that
 *    names such a column wins, so a table alias can never be shadowed by a document field.
 * 2. Path steps keep their spelling: an unquoted step matches the field spelled as written, else the first
 *    field whose name matches ignoring case; a double-quoted step matches exactly (doc-path.ts `selectPath`).
 *    A digit-only step indexes an array. A missing path, or a path through a non-document, is NULL.
 * 3. A selector's type is only known per value (the value found), so it is compiled `dynamic` with the NULL
 *    type, as a parameter is; comparisons with it follow the document rules (compile-document.ts), and query
 *    results report the kind of the values it produced (result.ts).
 * 4. `selectorOf(c)` tells the planner which column and path a compiled expression reads, so an index on
 *    that path can serve it. The registry is a WeakMap, which keeps the `Compiled` shape monomorphic.
 * 5. When the longest prefix that names a column names one of a structured type (`p.x`, `t.what.tl.x`), the
 *    rest are that type's fields (types/type-calls.ts), not a document path.
 */
import { SqlError, SqlState } from '../../common/errors';
import { PathReader, type PathStep } from '../../common/values/document/doc-path';
import type { DocValue } from '../../common/values/document/doc-value';
import { NULL_TYPE } from '../../common/values/sql-type';
import type { Value } from '../../common/values/value';
import type { ColumnRef } from '../parse';
import { columnRead, compiled, type Compiled, type EvalFn } from './compiled';
import type { CompileEnv } from './compile-env';
import type { Resolved, Scope } from './scope';
import { compileFieldAccess } from '../types/type-calls';

/** What a selector reads: a column (resolved in a scope) and a path into its value. */
export interface SelectorInfo {
  readonly resolved: Resolved;
  readonly steps: readonly PathStep[];
}

const SELECTORS = new WeakMap<Compiled, SelectorInfo>();

/** The column and path a compiled selector reads, or undefined when `c` is not a selector. */
export function selectorOf(c: Compiled): SelectorInfo | undefined {
  return SELECTORS.get(c);
}

/** True for the types a path may step into. */
function isDocumentKind(kind: string): boolean {
  return kind === 'DOCUMENT' || kind === 'DOCARRAY';
}

function tryResolve(scope: Scope, parts: readonly string[], position: number): Resolved | null {
  try {
    return scope.resolve(parts, position);
  } catch (err) {
    if (err instanceof SqlError && (err.sqlState === SqlState.UndefinedColumn || err.sqlState === SqlState.UndefinedTable)) return null;
    throw err;
  }
}

/** Path steps as written (invariant 2). */
export function stepsOf(steps: ReadonlyArray<{ text: string; quoted: boolean }>): PathStep[] {
  return steps.map((s) => ({ name: s.text, exact: s.quoted }));
}

/** A field name as a double-quoted SQL name (an exact step). */
export function quotedStep(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Text of a selector for EXPLAIN: `DOC.address.zip`, quoted steps in double quotes. */
export function selectorText(column: string, steps: readonly PathStep[]): string {
  return [column, ...steps.map((s) => (s.exact ? quotedStep(s.name) : s.name))].join('.');
}

/**
 * Compiles `e` as a selector (invariant 1), or returns null when no prefix of it names a document column
 * (the caller then reports the original name error).
 */
export function compileSelector(e: ColumnRef, scope: Scope, env: CompileEnv): Compiled | null {
  for (let k = e.parts.length - 1; k >= 1; k--) {
    const res = tryResolve(scope, e.parts.slice(0, k), e.position);
    if (res === null) continue;
    if (res.entry.type.kind === 'TYPE') return structFields(res, e.parts.slice(k), scope, env, e.parts.slice(0, k).join('.'), e.position);
    if (!isDocumentKind(res.entry.type.kind)) return null;
    const steps = stepsOf(e.steps.slice(k));
    return selectorFor(res, steps, scope, env, selectorText(e.parts.slice(0, k).join('.'), steps));
  }
  return null;
}

/** Fields of a column of a structured type (invariant 5; types/type-calls.ts invariant 2). */
function structFields(res: Resolved, fields: readonly string[], scope: Scope, env: CompileEnv, text: string, position: number): Compiled {
  return compileFieldAccess(columnRead(res, scope, env, text), fields, env, position);
}

/** The compiled read of `steps` inside the column `res` (also used for index keys on paths). */
export function selectorFor(res: Resolved, steps: readonly PathStep[], scope: Scope, env: CompileEnv, text: string): Compiled {
  const { entry, level } = res;
  env.noteRef(scope.level, level, entry.leaf, entry.index);
  const idx = entry.index;
  const path = new PathReader(steps);
  const read: EvalFn =
    level === scope.level
      ? (_c, row) => {
          const v = path.read(row![idx] as DocValue | undefined);
          return v === undefined ? null : (v as Value);
        }
      : (c) => {
          const v = path.read(c.frames[level]![idx] as DocValue | undefined);
          return v === undefined ? null : (v as Value);
        };
  const c = compiled({ type: NULL_TYPE, dynamic: true, text, refs: level, eval: read });
  SELECTORS.set(c, { resolved: res, steps });
  return c;
}
