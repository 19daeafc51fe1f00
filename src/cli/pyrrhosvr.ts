#!/usr/bin/env node
/**
 * src/cli/pyrrhosvr.ts — `pyrrhosvr`, the database server (src/server/README.md).
 *
 * Usage: pyrrhosvr [--port 5433] [--host 127.0.0.1] [--dir DATA] [--max-frame BYTES] [--stall-timeout MS]
 * 1. It serves every DATA/*.pfl, recovering each before it listens, and prints one line when it listens
 *    (`pyrrhosvr listening on 127.0.0.1:5433, data DIR`), which scripts and tests wait for.
 * 2. SIGINT and SIGTERM stop it cleanly: connections ended (57P01), open transactions rolled back, files
 *    closed; exit code 0. A failure to start (a bad option: 2; a database that cannot open, a port in use: 1)
 *    is one line on stderr.
 */
import { SqlError } from '../common/errors';
import { PyrrhoServer, type ServerOptions } from '../server/pyrrho-server';

const USAGE = `usage: pyrrhosvr [--port 5433] [--host 127.0.0.1] [--dir DATA] [--max-frame BYTES] [--stall-timeout MS]
  --port N           TCP port (default 5433; 0 picks a free one)
  --host ADDR        address to bind (default 127.0.0.1: this machine only)
  --dir DATA         the directory of the databases: Files=shop is DATA/shop.pfl (default: the current directory)
  --max-frame BYTES  largest frame a client may send (default 16777216)
  --stall-timeout MS close a connection whose frame or handshake stalls this long (default 30000)
  --init-admin NAME  a database with no users gets NAME as its owner, the password from PYRRHO_ADMIN_PASSWORD`;

/** Parses argv (without node and script); throws a string describing bad usage. */
export function parseServerArgs(argv: readonly string[]): ServerOptions & { help: boolean } {
  const o: { -readonly [K in keyof ServerOptions]: ServerOptions[K] } & { help: boolean } = { help: false };
  const num = (flag: string, v: string, min: number): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) throw `bad value '${v}' for ${flag}`;
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    const eq = a.indexOf('=');
    const flag = a.startsWith('--') && eq > 0 ? a.slice(0, eq) : a;
    const value = (): string => {
      if (a.startsWith('--') && eq > 0) return a.slice(eq + 1);
      const v = argv[++i];
      if (v === undefined) throw `${a} needs a value`;
      return v;
    };
    switch (flag) {
      case '--help':
      case '-?':
        o.help = true;
        break;
      case '--port': {
        const p = num(flag, value(), 0);
        if (p > 65535) throw `bad port ${p}`;
        o.port = p;
        break;
      }
      case '--host':
        o.host = value();
        break;
      case '--dir':
        o.dir = value();
        break;
      case '--max-frame':
        o.maxFrameBytes = num(flag, value(), 64);
        break;
      case '--stall-timeout':
        o.stallTimeoutMs = num(flag, value(), 1);
        break;
      case '--init-admin': {
        const user = value();
        const password = process.env.PYRRHO_ADMIN_PASSWORD;
        if (password === undefined || password === '') throw '--init-admin takes the password from PYRRHO_ADMIN_PASSWORD, which is not set';
        o.initAdmin = { user, password };
        break;
      }
      default:
        throw `unknown option ${a}`;
    }
  }
  return o;
}

async function main(): Promise<number> {
  let options;
  try {
    options = parseServerArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`pyrrhosvr: ${String(e)}\n${USAGE}\n`);
    return 2;
  }
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  let server: PyrrhoServer;
  try {
    server = await PyrrhoServer.start(options);
  } catch (e) {
    const text = e instanceof SqlError ? `${e.sqlState} ${e.message}` : e instanceof Error ? e.message : String(e);
    process.stderr.write(`pyrrhosvr: ${text}\n`);
    return 1;
  }
  process.stdout.write(`pyrrhosvr listening on ${server.address}:${server.port}, data ${server.dir}\n`);
  await new Promise<void>((resolve) => {
    const stop = (signal: string): void => {
      server.log(`${signal}: stopping`);
      server.stop().then(resolve, resolve);
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
  server.log('stopped');
  return 0;
}

if (require.main === module) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`pyrrhosvr: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
