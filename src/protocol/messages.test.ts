/**
 * src/protocol/messages.test.ts — every message round-trips through its frame; bodies that are truncated,
 * carry extra bytes, or have unknown types are 08P01 and nothing else (fuzzed with random bytes).
 */
import fc from 'fast-check';
import { SqlError } from '../common/errors';
import { FrameDecoder } from './frame';
import {
  AuthMethod,
  type ClientMessage,
  decodeClientMessage,
  decodeServerMessage,
  encodeClientMessage,
  encodeServerMessage,
  MessageType,
  type ServerMessage,
  TxState,
} from './messages';
import { decodeRows, encodeParams, encodePulledRows, encodeRowBatch } from './values';

function one(frame: Uint8Array): { type: number; body: Uint8Array } {
  const fs = new FrameDecoder().push(frame);
  expect(fs).toHaveLength(1);
  return fs[0]!;
}

const CLIENT: ClientMessage[] = [
  { type: MessageType.Hello, version: 1, database: 'shop', user: 'fred', role: '' },
  { type: MessageType.AuthResponse, data: new TextEncoder().encode('pässword') },
  { type: MessageType.Execute, sql: 'select ?', params: encodeParams([1]), fetchRows: 100, progress: false },
  { type: MessageType.Execute, sql: 'select 1', params: null, fetchRows: 0, progress: false },
  { type: MessageType.Execute, sql: 'select ?', params: encodeParams([2]), fetchRows: 10, progress: true },
  { type: MessageType.Execute, sql: 'select 2', params: null, fetchRows: 1, progress: true },
  { type: MessageType.Fetch, maxRows: 4096 },
  { type: MessageType.CloseResult },
  { type: MessageType.Cancel },
  { type: MessageType.Terminate },
];

const SERVER: ServerMessage[] = [
  { type: MessageType.AuthRequest, version: 1, method: AuthMethod.Password },
  { type: MessageType.Ready, tx: TxState.Idle, server: 'pyrrhodb 0.1.0' },
  {
    type: MessageType.ResultHeader,
    tx: TxState.InTransaction,
    rowsAffected: 3,
    columns: [{ name: 'ID', type: 'INTEGER', declaredType: 'INTEGER' }],
  },
  { type: MessageType.RowBatch, tx: TxState.Idle, more: true, rows: encodeRowBatch([[1], [2]], 0, 10, 1000).bytes },
  { type: MessageType.Error, tx: TxState.Idle, error: { name: 'SqlError', sqlState: '42P01', message: 'no', detail: 'd', position: 7 } },
  { type: MessageType.Error, tx: TxState.InTransaction, error: { name: 'TransactionConflict', sqlState: '40001', message: 'c', hint: 'h' } },
  { type: MessageType.Progress, rows: 1_234_567 },
];

test('client messages round-trip', () => {
  for (const m of CLIENT) {
    const f = one(encodeClientMessage(m));
    expect(decodeClientMessage(f.type, f.body)).toEqual(m);
  }
});

test('server messages round-trip', () => {
  for (const m of SERVER) {
    const f = one(encodeServerMessage(m));
    expect(decodeServerMessage(f.type, f.body)).toEqual(m);
  }
});

test('a row batch stops at its row or byte budget, taking at least one row', () => {
  const rows = Array.from({ length: 10 }, (_, i) => [i, 'x'.repeat(100)]);
  const a = encodeRowBatch(rows, 0, 4, 1 << 20);
  expect(a.next).toBe(4);
  expect(decodeRows(a.bytes)).toEqual(rows.slice(0, 4));
  const b = encodeRowBatch(rows, 4, 100, 150);
  expect(b.next).toBe(6); // the second row crosses 150 bytes
  const c = encodeRowBatch(rows, 9, 100, 1);
  expect(decodeRows(c.bytes)).toEqual([rows[9]]);
});

test('pulled rows are batched with the same budgets, and say when the source has ended', () => {
  const rows = Array.from({ length: 10 }, (_, i) => [i, 'x'.repeat(100)]);
  let i = 0;
  const pull = (): unknown[] | null => (i < rows.length ? rows[i++]! : null);
  const a = encodePulledRows(pull, 4, 1 << 20);
  expect(decodeRows(a.bytes)).toEqual(rows.slice(0, 4));
  expect(a.ended).toBe(false);
  const b = encodePulledRows(pull, 100, 150);
  expect(decodeRows(b.bytes)).toEqual(rows.slice(4, 6)); // the second row crosses 150 bytes
  const c = encodePulledRows(pull, 100, 1 << 20);
  expect(decodeRows(c.bytes)).toEqual(rows.slice(6));
  expect(c.ended).toBe(true);
  const d = encodePulledRows(pull, 100, 1 << 20);
  expect(decodeRows(d.bytes)).toEqual([]);
  expect(d.ended).toBe(true);
});

test('an Execute with an unknown flag bit is 08P01', () => {
  const f = one(encodeClientMessage({ type: MessageType.Execute, sql: 'select 1', params: null, fetchRows: 1 }));
  const body = f.body.slice();
  body[body.length - 1] = 4;
  expect(violation(() => decodeClientMessage(f.type, body))).toBe('08P01');
});

function violation(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(SqlError);
    return (e as SqlError).sqlState;
  }
  return 'none';
}

test('truncated bodies, extra bytes, unknown types and a bad magic are 08P01', () => {
  for (const m of CLIENT) {
    const f = one(encodeClientMessage(m));
    for (let cut = 0; cut < f.body.length; cut++) {
      const s = violation(() => decodeClientMessage(f.type, f.body.subarray(0, cut)));
      expect(['08P01']).toContain(s);
    }
    expect(violation(() => decodeClientMessage(f.type, new Uint8Array([...f.body, 0])))).toBe('08P01');
  }
  expect(violation(() => decodeClientMessage(0x7f, new Uint8Array()))).toBe('08P01');
  expect(violation(() => decodeClientMessage(MessageType.Hello, new Uint8Array([1, 2, 3, 4, 1, 0, 0, 0])))).toBe('08P01');
  expect(violation(() => decodeServerMessage(0x99, new Uint8Array()))).toBe('08P01');
});

test('random bodies decode or fail with 08P01, never anything else', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 255 }), fc.uint8Array({ maxLength: 64 }), (type, body) => {
      for (const decode of [decodeClientMessage, decodeServerMessage]) {
        try {
          decode(type, body);
        } catch (e) {
          if (!(e instanceof SqlError) || e.sqlState !== '08P01') throw e;
        }
      }
    }),
    { numRuns: 3000 },
  );
});
