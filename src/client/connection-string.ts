/**
 * src/client/connection-string.ts — parses ADO-style connection strings: `Files=shop;Host=…;Port=…`.
 *
 * 1. Keys are case-insensitive; values are trimmed; an unknown key or an empty `Files` is an error
 *    (SQLSTATE 08001), as Pyrrho's driver rejects unknown keys.
 */
import { SqlError, SqlState } from '../common/errors';

/** The settings a connection string can carry. */
export interface ConnectionSettings {
  files: string;
  host: string | null;
  port: number;
  user: string | null;
  password: string | null;
  role: string | null;
}

const KEYS = new Set(['FILES', 'HOST', 'PORT', 'USER', 'PASSWORD', 'ROLE', 'PROVIDER']);

/** Parses `Key=Value;Key=Value`. */
export function parseConnectionString(text: string): ConnectionSettings {
  const settings: ConnectionSettings = { files: '', host: null, port: 5433, user: null, password: null, role: null };
  for (const part of text.split(';')) {
    if (part.trim() === '') continue;
    const eq = part.indexOf('=');
    if (eq < 0) throw bad(`'${part.trim()}' is not of the form Key=Value`);
    const key = part.slice(0, eq).trim().toUpperCase();
    const value = part.slice(eq + 1).trim();
    if (!KEYS.has(key)) throw bad(`unknown connection string key '${part.slice(0, eq).trim()}'`);
    switch (key) {
      case 'FILES':
        settings.files = value;
        break;
      case 'HOST':
        settings.host = value;
        break;
      case 'PORT': {
        const port = Number(value);
        if (!Number.isInteger(port) || port <= 0 || port > 65535) throw bad(`bad port '${value}'`);
        settings.port = port;
        break;
      }
      case 'USER':
        settings.user = value;
        break;
      case 'PASSWORD':
        settings.password = value;
        break;
      case 'ROLE':
        settings.role = value;
        break;
      default:
        break; // PROVIDER is accepted for compatibility and ignored
    }
  }
  if (settings.files === '') throw bad('the connection string names no database (Files=…)');
  return settings;
}

function bad(why: string): SqlError {
  return SqlError.of(SqlState.UnableToConnect, [why]);
}
