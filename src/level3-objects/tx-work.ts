/**
 * src/level3-objects/tx-work.ts — `TxWork`, the part of a `Transaction` that its DDL and DML helpers
 * (`transaction-ddl.ts`, `transaction-dml.ts`) work through.
 *
 * 1. `add` and `addRow` queue a record for commit; helpers call it only after every check of the operation has passed
 *    (so a failed check adds nothing).
 * 2. `local` is a getter that first installs every queued record, so it always reflects them; a failed
 *    operation may make the transaction drop its builder, so never keep it across an `add`.
 */
import type { Value } from '../common/values/value';
import type { Physical } from '../level2-physical/physical';
import type { ReadSet } from './read-set';
import type { RowRules } from './row-rules';
import type { StateBuilder } from './state-builder';

/** What the DDL and DML helpers may use of a transaction. */
export interface TxWork {
  /** the snapshot plus every record queued so far, changed in place (invariant 2) */
  readonly local: StateBuilder;
  readonly reads: ReadSet;
  /** queues `rec` for commit (invariant 1) */
  add(rec: Physical): void;
  /** queues the Record `{ ppos, table, columns, values: row }` for commit, kept compactly (invariant 1) */
  addRow(table: number, columns: readonly number[], row: readonly Value[], ppos: number): void;
  /** a fresh temp position (>= TRANS_POS) for a new record */
  nextPosition(): number;
  /** Level 4's rules for rows that referential actions change, during the operation that was given them */
  readonly rules: RowRules | null;
}
