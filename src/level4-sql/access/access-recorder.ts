/**
 * src/level4-sql/access/access-recorder.ts — collects, while a statement is planned, the privileges it needs:
 * the tables and views it reads (and which of their columns), writes, and the routines it calls.
 *
 * 1. Planning is synchronous and one statement is planned at a time in a process, so one collector in a
 *    module variable suffices; `collectAccess` installs it for the duration of a planning call and restores
 *    the previous one (EXPLAIN plans its statement inside another planning call).
 * 2. Only what the statement's own text reads counts: a view's query, stored CHECK, DEFAULT and generation
 *    expressions are planned inside `withoutAccess` (a view is used with the privileges on the view, as in
 *    Pyrrho and standard SQL; constraints belong to the table).
 * 3. A column read is noted when a name resolves to a base-table column (eval/scope.ts) or `*` expands to it;
 *    a table read with no column (`count(*)`) still needs SELECT on the table or on one of its columns.
 * 4. With no collector installed every note is a single null test: the cost for execution-time compiles.
 */
import type { DatabaseState } from '../../level3-objects/database-state';
import { Privilege, type AccessNeed } from '../../level3-objects/security';

interface Pending {
  privilege: Privilege;
  object: number;
  objectName: string;
  what: string;
  columns: Map<number, string>;
}

class Collector {
  readonly needs = new Map<string, Pending>();
  suspended = 0;

  constructor(readonly state: DatabaseState) {}

  need(privilege: Privilege, object: number, objectName: string, what: string): Pending {
    const key = `${privilege}|${object}|${objectName}`;
    let p = this.needs.get(key);
    if (p === undefined) {
      p = { privilege, object, objectName, what, columns: new Map() };
      this.needs.set(key, p);
    }
    return p;
  }

  tableWhat(table: number): string {
    const t = this.state.table(table);
    if (t !== undefined) return `table ${t.name}`;
    const v = this.state.view(table);
    return v !== undefined ? `view ${v.name}` : `object ${table}`;
  }
}

let current: Collector | null = null;

/** Runs `plan` with a collector (invariant 1); returns its result and the needs it noted. */
export function collectAccess<T>(state: DatabaseState, plan: () => T): { result: T; needs: AccessNeed[] } {
  const saved = current;
  const c = new Collector(state);
  current = c;
  try {
    const result = plan();
    const needs: AccessNeed[] = [];
    for (const p of c.needs.values()) {
      const columns = [...p.columns.keys()];
      needs.push({ privilege: p.privilege, object: p.object, objectName: p.objectName, what: p.what, columns, columnNames: columns.map((k) => p.columns.get(k)!) });
    }
    if (saved !== null && saved.suspended === 0) for (const [k, v] of c.needs) if (!saved.needs.has(k)) saved.needs.set(k, v);
    return { result, needs };
  } finally {
    current = saved;
  }
}

/** Runs `fn` without noting anything (invariant 2). */
export function withoutAccess<T>(fn: () => T): T {
  const c = current;
  if (c === null) return fn();
  c.suspended++;
  try {
    return fn();
  } finally {
    c.suspended--;
  }
}

/** Notes that the statement needs `privilege` on a table or view (by defpos), for no column in particular. */
export function noteTable(privilege: Privilege, table: number): void {
  const c = current;
  if (c === null || c.suspended > 0) return;
  c.need(privilege, table, '', c.tableWhat(table));
}

/** Notes `privilege` on a column of a table (invariant 3). */
export function noteColumn(privilege: Privilege, table: number, column: number, name: string): void {
  const c = current;
  if (c === null || c.suspended > 0) return;
  c.need(privilege, table, '', c.tableWhat(table)).columns.set(column, name);
}

/**
 * Notes a call of a routine: EXECUTE on `FUNCTION NAME` or `PROCEDURE NAME` (the routine by name, as GRANT
 * EXECUTE records it). For the routine planner to call when it binds a call.
 */
export function noteRoutineCall(kind: 'FUNCTION' | 'PROCEDURE', name: string): void {
  const c = current;
  if (c === null || c.suspended > 0) return;
  const objectName = `${kind} ${name}`;
  c.need(Privilege.Execute, -1, objectName, `${kind.toLowerCase()} ${name}`);
}
