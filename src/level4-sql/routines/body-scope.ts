/**
 * src/level4-sql/routines/body-scope.ts — BodyScope: the names a routine body can see while it compiles
 * (variables, parameters, row variables, cursors, conditions, labels), each bound to a frame slot.
 *
 * 1. Scopes nest as the blocks do; a name resolves in the innermost block that declares it. Slots are
 *    allocated from counters shared by the whole body (`SlotCounter`), so every activation is one flat Frame.
 * 2. A reference is resolved as: `v` — a variable or parameter, else a column of a row variable declared
 *    `bare` (a FOR loop's row, a trigger's NEW); `q.v` — `q` a block label or the routine's name (its
 *    parameters) and `v` a variable there, or `q` a row variable and `v` its column.
 * 3. The columns of a query always come first: embedded SQL consults the body scope only for a name its
 *    FROM items do not have (eval/compile.ts), so `WHERE x = v` reads column x and variable v.
 * 4. A variable read compiles to `frame.values[slot]`, refs -1: for the planner it is a constant of the
 *    execution, like a parameter, so `WHERE id = v` is a key lookup.
 * 5. In a method body (`methodBody` on the outermost scope), SPECIFICTYPE() with no argument reads the frame's
 *    `selfType`, which the method's caller sets to the most specific type of SELF (types/type-calls.ts).
 */
import { SqlError, SqlState } from '../../common/errors';
import { CHAR, type SqlType } from '../../common/values/sql-type';
import type { Value } from '../../common/values/value';
import { compiled, type Compiled } from '../eval/compiled';
import type { VariableResolver } from '../eval/compile-env';

/** Counters for the slots of one body. */
export class SlotCounter {
  values = 0;
  rows = 0;
  cursors = 0;
}

/** A scalar variable or parameter. */
export interface ScalarVariable {
  readonly kind: 'scalar';
  readonly name: string;
  readonly slot: number;
  readonly type: SqlType;
}

/** A row variable: OLD / NEW of a trigger, a FOR loop's row, a method's SELF. */
export interface RowVariable {
  readonly kind: 'row';
  readonly name: string;
  readonly slot: number;
  readonly columns: readonly string[];
  readonly types: readonly SqlType[];
  /** its columns answer bare names too */
  readonly bare: boolean;
  /** its columns may be assigned (SET c = …, a BEFORE trigger's NEW) */
  readonly assignable: boolean;
}

export type Variable = ScalarVariable | RowVariable;

/** Where an assignment writes: a scalar slot, or a column of a row variable. */
export type AssignTarget =
  | { readonly kind: 'scalar'; readonly slot: number; readonly type: SqlType; readonly name: string }
  | { readonly kind: 'column'; readonly slot: number; readonly column: number; readonly type: SqlType; readonly name: string };

/** A declared cursor. */
export interface CursorInfo {
  readonly name: string;
  readonly slot: number;
}

/** A declared condition: a name for an SQLSTATE (null: a user condition, 45000 when signalled). */
export interface ConditionInfo {
  readonly name: string;
  readonly sqlState: string | null;
}

/** One block's names (see the file header). */
export class BodyScope implements VariableResolver {
  private readonly vars = new Map<string, Variable>();
  private readonly cursors = new Map<string, CursorInfo>();
  private readonly conditions = new Map<string, ConditionInfo>();

  /** set on the outermost scope of a method body: SPECIFICTYPE() reads `frame.selfType` */
  methodBody = false;

  constructor(
    readonly parent: BodyScope | null,
    readonly slots: SlotCounter,
    /** the block's label, or the routine's name for the outermost scope (parameters as `f.a`) */
    readonly label: string | null,
  ) {}

  /** (VariableResolver) SPECIFICTYPE() in a method body: the most specific type of SELF (invariant 5). */
  specificTypeOfSelf(): Compiled | null {
    let root: BodyScope = this;
    while (root.parent !== null) root = root.parent;
    if (!root.methodBody) return null;
    return compiled({ type: CHAR, text: 'SPECIFICTYPE()', eval: (c) => c.frame!.selfType });
  }

  /** A nested block. */
  child(label: string | null): BodyScope {
    return new BodyScope(this, this.slots, label);
  }

  /** Declares a scalar variable here; 42710 when this block already has the name. */
  declareScalar(name: string, type: SqlType, position?: number): ScalarVariable {
    this.refuseDuplicate(name, position);
    const v: ScalarVariable = { kind: 'scalar', name, slot: this.slots.values++, type };
    this.vars.set(name, v);
    return v;
  }

  /** Declares a row variable here. */
  declareRow(name: string, columns: readonly string[], types: readonly SqlType[], bare: boolean, assignable: boolean, position?: number): RowVariable {
    this.refuseDuplicate(name, position);
    const v: RowVariable = { kind: 'row', name, slot: this.slots.rows++, columns, types, bare, assignable };
    this.vars.set(name, v);
    return v;
  }

  declareCursor(name: string, position?: number): CursorInfo {
    if (this.cursors.has(name)) throw SqlError.of(SqlState.DuplicateObject, [`cursor ${name}`], { position });
    const c = { name, slot: this.slots.cursors++ };
    this.cursors.set(name, c);
    return c;
  }

  declareCondition(name: string, sqlState: string | null, position?: number): void {
    if (this.conditions.has(name)) throw SqlError.of(SqlState.DuplicateObject, [`condition ${name}`], { position });
    this.conditions.set(name, { name, sqlState });
  }

  private refuseDuplicate(name: string, position?: number): void {
    if (this.vars.has(name)) throw SqlError.of(SqlState.DuplicateObject, [`variable ${name}`], { position });
  }

  cursor(name: string, position?: number): CursorInfo {
    for (let s: BodyScope | null = this; s !== null; s = s.parent) {
      const c = s.cursors.get(name);
      if (c !== undefined) return c;
    }
    throw SqlError.of(SqlState.UndefinedObject, [`cursor ${name}`], { position });
  }

  condition(name: string, position?: number): ConditionInfo {
    for (let s: BodyScope | null = this; s !== null; s = s.parent) {
      const c = s.conditions.get(name);
      if (c !== undefined) return c;
    }
    throw SqlError.of(SqlState.UndefinedObject, [`condition ${name}`], { position });
  }

  /** The variable, or row-variable column, that `parts` names (invariant 2); null when none. */
  lookup(parts: readonly string[]): AssignTarget | { kind: 'row'; row: RowVariable } | null {
    if (parts.length === 1) {
      const name = parts[0]!;
      for (let s: BodyScope | null = this; s !== null; s = s.parent) {
        const v = s.vars.get(name);
        if (v !== undefined) return v.kind === 'scalar' ? scalarTarget(v) : { kind: 'row', row: v };
      }
      for (let s: BodyScope | null = this; s !== null; s = s.parent) {
        for (const v of s.vars.values()) {
          if (v.kind !== 'row' || !v.bare) continue;
          const col = v.columns.indexOf(name);
          if (col >= 0) return { kind: 'column', slot: v.slot, column: col, type: v.types[col]!, name };
        }
      }
      return null;
    }
    if (parts.length !== 2) return null;
    const [q, name] = parts as [string, string];
    for (let s: BodyScope | null = this; s !== null; s = s.parent) {
      const v = s.vars.get(q);
      if (v !== undefined && v.kind === 'row') {
        const col = v.columns.indexOf(name);
        return col < 0 ? null : { kind: 'column', slot: v.slot, column: col, type: v.types[col]!, name: `${q}.${name}` };
      }
      if (s.label === q) {
        const w = s.vars.get(name);
        if (w !== undefined && w.kind === 'scalar') return scalarTarget(w);
      }
    }
    return null;
  }

  /** `parts` as an assignment target; 42703 when no variable has the name, 42809 for a read-only row. */
  target(parts: readonly string[], position?: number): AssignTarget {
    const t = this.lookup(parts);
    const text = parts.join('.');
    if (t === null) throw SqlError.of(SqlState.UndefinedColumn, [text], { position, detail: 'no variable of the routine has this name' });
    if (t.kind === 'row') throw SqlError.of(SqlState.WrongObjectType, [text, 'variable that can be assigned'], { position });
    if (t.kind === 'column' && !this.rowAssignable(t.slot)) {
      throw SqlError.of(SqlState.WrongObjectType, [text, 'variable that can be assigned'], { position });
    }
    return t;
  }

  private rowAssignable(slot: number): boolean {
    for (let s: BodyScope | null = this; s !== null; s = s.parent) {
      for (const v of s.vars.values()) if (v.kind === 'row' && v.slot === slot) return v.assignable;
    }
    return false;
  }

  /** (VariableResolver) a read of the variable `parts` names, or null (eval/compile.ts falls back here). */
  resolveVariable(parts: readonly string[]): Compiled | null {
    const t = this.lookup(parts);
    if (t === null || t.kind === 'row') return null;
    const text = parts.join('.');
    if (t.kind === 'scalar') {
      const slot = t.slot;
      return compiled({ type: t.type, text, eval: (c) => c.frame!.values[slot]! });
    }
    const slot = t.slot;
    const col = t.column;
    return compiled({
      type: t.type,
      text,
      eval: (c) => {
        const row = c.frame!.rows[slot];
        if (row === null || row === undefined) return null;
        const v: Value | undefined = row[col];
        return v === undefined ? null : v;
      },
    });
  }
}

function scalarTarget(v: ScalarVariable): AssignTarget {
  return { kind: 'scalar', slot: v.slot, type: v.type, name: v.name };
}
