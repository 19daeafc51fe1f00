/**
 * src/level4-sql/system/code-tables.ts — the system tables of stored code, with Pyrrho's names:
 * `Role$Procedure` (functions and procedures), `Role$Trigger`, `Role$Type` (structured types) and
 * `Role$Method`, each with the definition's SQL text as it was written.
 *
 * 1. Rows come from the running transaction's state, as every system table's (system-tables.ts invariant 2),
 *    in definition order (defpos).
 * 2. A method declared in CREATE TYPE and not yet defined shows DEFINITION null.
 */
import { BOOLEAN, CHAR, INTEGER, typeToSql } from '../../common/values/sql-type';
import { MethodKind, TriggerEventCode, TriggerTimingCode } from '../../level2-physical/physical';
import { define } from './define';

const TIMING: Record<TriggerTimingCode, string> = {
  [TriggerTimingCode.Before]: 'BEFORE',
  [TriggerTimingCode.After]: 'AFTER',
  [TriggerTimingCode.InsteadOf]: 'INSTEAD OF',
};

const EVENT: Record<TriggerEventCode, string> = {
  [TriggerEventCode.Insert]: 'INSERT',
  [TriggerEventCode.Update]: 'UPDATE',
  [TriggerEventCode.Delete]: 'DELETE',
};

const METHOD_KIND: Record<MethodKind, string> = {
  [MethodKind.Instance]: 'INSTANCE',
  [MethodKind.Static]: 'STATIC',
  [MethodKind.Constructor]: 'CONSTRUCTOR',
  [MethodKind.Overriding]: 'OVERRIDING',
};

const byDefpos = (a: { defpos: number }, b: { defpos: number }): number => a.defpos - b.defpos;

export const ROLE_PROCEDURE = define(
  'Role$Procedure',
  [
    ['POS', INTEGER],
    ['NAME', CHAR],
    ['KIND', CHAR],
    ['ARITY', INTEGER],
    ['DEFINITION', CHAR],
  ],
  (ctx) => [...ctx.tx.state.routines()].sort(byDefpos).map((r) => [r.defpos, r.name, r.isFunction ? 'FUNCTION' : 'PROCEDURE', r.arity, r.sql]),
);

export const ROLE_TRIGGER = define(
  'Role$Trigger',
  [
    ['POS', INTEGER],
    ['NAME', CHAR],
    ['TABLE_NAME', CHAR],
    ['TIMING', CHAR],
    ['EVENT', CHAR],
    ['FOR_EACH_ROW', BOOLEAN],
    ['DEFINITION', CHAR],
  ],
  (ctx) => {
    const state = ctx.tx.state;
    return [...state.triggers()].sort(byDefpos).map((t) => {
      const on = state.table(t.table)?.name ?? state.view(t.table)?.name ?? String(t.table);
      return [t.defpos, t.name, on, TIMING[t.timing], EVENT[t.event], t.forEachRow, t.sql];
    });
  },
);

export const ROLE_TYPE = define(
  'Role$Type',
  [
    ['POS', INTEGER],
    ['NAME', CHAR],
    ['SUPERTYPE', CHAR],
    ['FIELDS', CHAR],
    ['DEFINITION', CHAR],
    ['TABLES', CHAR],
  ],
  (ctx) => {
    const state = ctx.tx.state;
    const tables = [...state.tables()].sort(byDefpos);
    return [...state.udTypes()].sort(byDefpos).map((t) => {
      const typed = tables.filter((x) => x.ofType === t.defpos).map((x) => x.name);
      return [
        t.defpos,
        t.name,
        t.under < 0 ? null : (state.udType(t.under)?.name ?? String(t.under)),
        t.allFields.map((f) => `${f.name} ${typeToSql(f.dataType)}`).join(', '),
        t.sql,
        typed.length === 0 ? null : typed.join(', '),
      ];
    });
  },
);

export const ROLE_METHOD = define(
  'Role$Method',
  [
    ['POS', INTEGER],
    ['TYPE_NAME', CHAR],
    ['NAME', CHAR],
    ['KIND', CHAR],
    ['ARITY', INTEGER],
    ['RETURNS', CHAR],
    ['DEFINITION', CHAR],
  ],
  (ctx) => {
    const out: Array<Array<number | string | null>> = [];
    for (const t of [...ctx.tx.state.udTypes()].sort(byDefpos)) {
      for (const m of t.methods) {
        out.push([m.defpos, t.name, m.name, METHOD_KIND[m.kind], m.params.length, m.returns === null ? null : typeToSql(m.returns), m.sql === '' ? null : m.sql]);
      }
    }
    return out;
  },
);
