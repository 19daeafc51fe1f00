/**
 * src/level4-sql/eval/compile-row.ts — a row value used as a value: `(b AS d, c)` and `ROW(b, c)` in a select
 * list (Pyrrho's `select (b as d, c) from f`), compiled to a DOCUMENT whose fields are the row's items.
 *
 * 1. A field's name is its `AS` name, else a column reference's column name, else `Col<i>` by position (the
 *    select list's own rule); two fields with one name are 42701.
 * 2. Fields keep their order and their values as they are (NULL stays a NULL field), so `(b AS d, c)` over
 *    the row (17, 15) is `{"D": 17, "C": 15}` — Pyrrho shows it as `(D=17,C=15)`.
 * 3. Row values compared with `=`, `<` …, IN, BETWEEN or a row subquery never come here: those compare item
 *    by item (compile-operators.ts, compile-predicates.ts, compile-subquery.ts).
 * 4. A one-item row without a field name is just its item: `(x)` is x.
 */
import { SqlError, SqlState } from '../../common/errors';
import { DOCUMENT } from '../../common/values/sql-type';
import type { Value } from '../../common/values/value';
import type { Expr, RowValue } from '../parse';
import { compiled, type Compiled, maxRefs } from './compiled';
import type { CompileEnv } from './compile-env';
import type { Recurse } from './compile-operators';
import type { Scope } from './scope';

/** The field names of a row value (invariant 1). */
export function rowFieldNames(e: RowValue): string[] {
  const seen = new Set<string>();
  return e.items.map((item: Expr, i) => {
    const name = e.names?.[i] ?? (item.kind === 'ColumnRef' ? item.parts[item.parts.length - 1]! : `Col${i}`);
    if (seen.has(name)) throw SqlError.of(SqlState.DuplicateColumn, [name], { position: item.position });
    seen.add(name);
    return name;
  });
}

/** `(a AS x, b)` as a DOCUMENT value (see the file header). */
export function compileRowValue(e: RowValue, scope: Scope, env: CompileEnv, rec: Recurse): Compiled {
  if (e.items.length === 1 && e.names === null) return rec(e.items[0]!, scope, env);
  const names = rowFieldNames(e);
  const items = e.items.map((x) => rec(x, scope, env));
  const fs = items.map((c) => c.eval);
  const n = fs.length;
  return compiled({
    type: DOCUMENT,
    text: `(${items.map((c, i) => (c.text === names[i] ? c.text : `${c.text} AS ${names[i]}`)).join(', ')})`,
    refs: maxRefs(items),
    eval: (c, row) => {
      const doc: { [k: string]: Value } = {};
      for (let i = 0; i < n; i++) doc[names[i]!] = fs[i]!(c, row);
      return doc;
    },
  });
}
