/**
 * src/level4-sql/triggers/trigger-definition.ts — a stored trigger's CREATE TRIGGER text parsed again, and the
 * mapping between the AST's words and the PTrigger record's codes.
 *
 * 1. The stored text always parses to one CreateTrigger (it was parsed when the trigger was created); anything
 *    else is an internal error.
 */
import { assert } from '../../common/assert';
import { TriggerEventCode, TriggerTimingCode } from '../../level2-physical/physical';
import type { Trigger } from '../../level3-objects/trigger';
import { type CreateTrigger, parseStatement, type TriggerEvent, type TriggerTiming } from '../parse';

export const TIMING_CODES: Readonly<Record<TriggerTiming, TriggerTimingCode>> = {
  BEFORE: TriggerTimingCode.Before,
  AFTER: TriggerTimingCode.After,
  'INSTEAD OF': TriggerTimingCode.InsteadOf,
};

export const EVENT_CODES: Readonly<Record<TriggerEvent, TriggerEventCode>> = {
  INSERT: TriggerEventCode.Insert,
  UPDATE: TriggerEventCode.Update,
  DELETE: TriggerEventCode.Delete,
};

/** A fresh AST of the trigger's definition (the caller may change it). */
export function triggerDefinition(t: Pick<Trigger, 'name' | 'sql'>): CreateTrigger {
  const stmt = parseStatement(t.sql);
  assert(stmt.kind === 'CreateTrigger', `trigger ${t.name} holds no CREATE TRIGGER`);
  return stmt;
}
