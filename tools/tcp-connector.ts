/**
 * tools/tcp-connector.ts — the sql-tests connector that runs a test file through pyrrhosvr: the file's
 * database directory is served by an in-process `PyrrhoServer` on a free port, and every connection of
 * the file is a `PyrrhoConnect` over TCP (`Host=127.0.0.1;Port=…;Files=test`).
 * Reads nothing itself; the server writes the database in the directory the runner made.
 *
 * 1. One server per database directory, started by the first connection and stopped when the last one
 *    closes. A `restart` record closes every connection, so the server stops (closing the file) and the next
 *    connection starts a new one, which recovers the database from its log: replay is proved through the
 *    server exactly as it is embedded.
 * 2. Every statement runs through `executeReader` (rows fetched in batches), so the suite exercises the
 *    streaming path; a statement that returns no columns gives a reader with no fields and no rows.
 * 3. The server and driver are loaded on first use (and run the engine thread compiled into dist/).
 */
import { basename, dirname } from 'node:path';
import * as os from 'os';
import type { PyrrhoConnect } from '../src/client/pyrrho-connect';
import type { Login } from './sqltest';
import type { PyrrhoServer } from '../src/server/pyrrho-server';
import type { EngineResult } from './slt-format';

interface Served {
  readonly server: Promise<PyrrhoServer>;
  open: number;
}

const servers = new Map<string, Served>();

/** The server of `dir`, started when first needed (invariant 1). */
function serve(dir: string): Served {
  let s = servers.get(dir);
  if (s === undefined) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { PyrrhoServer: Server } = require('../src/server/pyrrho-server') as typeof import('../src/server/pyrrho-server');
    s = { server: Server.start({ dir, port: 0, log: () => undefined }), open: 0 };
    servers.set(dir, s);
  }
  return s;
}

async function release(dir: string, s: Served): Promise<void> {
  if (--s.open > 0) return;
  if (servers.get(dir) === s) servers.delete(dir);
  await (await s.server).stop();
}

/** A test connection over TCP. */
export async function openTcp(path: string, login?: Login): Promise<{ execute(sql: string): Promise<EngineResult>; close(): Promise<void> }> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { PyrrhoConnect: Connect } = require('../src/client/pyrrho-connect') as typeof import('../src/client/pyrrho-connect');
  const dir = dirname(path);
  const s = serve(dir);
  s.open++;
  let c: PyrrhoConnect;
  try {
    const server = await s.server;
    // without a login, the operating-system user with no password, as an embedded connection runs
    const user = login?.user ?? os.userInfo().username;
    c = new Connect(`Host=127.0.0.1;Port=${server.port};Files=${basename(path)};User=${user};Password=${login?.password ?? ''}`);
    await c.open();
  } catch (e) {
    await release(dir, s);
    throw e;
  }
  let closed = false;
  return {
    async execute(sql: string): Promise<EngineResult> {
      const r = await c.createCommand(sql).executeReader();
      const columns: string[] = [];
      const types: string[] = [];
      const declaredTypes: string[] = [];
      for (let i = 0; i < r.fieldCount; i++) {
        columns.push(r.getName(i));
        types.push(r.getFieldType(i));
        declaredTypes.push(r.getDataTypeName(i));
      }
      const rows: unknown[][] = [];
      while (await r.read()) rows.push(Array.from({ length: r.fieldCount }, (_, i) => r.getValue(i)));
      return { columns, types, declaredTypes, rows };
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      try {
        await c.close();
      } finally {
        await release(dir, s);
      }
    },
  };
}
