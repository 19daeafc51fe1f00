/**
 * grammar/sqllogictest-corpus.test.ts — every statement and query of the shared sqllogictest files parses.
 *
 * Reads ../shared/sqllogictest/select1.test and evidence/*.test (relative to the repository root); when that
 * folder is absent the suite is skipped with a message. Two views of each file:
 * 1. what pyrrhodb runs (as an engine that is not sqlite, mysql, mssql, oracle or postgresql: `onlyif X` records
 *    skipped, `halt` honoured): every `statement ok` and `query` must parse, except the statement families the
 *    grammar does not have yet (UNSUPPORTED), which must fail with 42601;
 * 2. every record, whatever its guards: each either parses or fails with 42601, and each failure must be one
 *    of the known foreign (SQLite / MySQL only) constructs in FOREIGN, or a `statement error` record.
 */
import * as fs from 'fs';
import * as path from 'path';
import { SqlError } from '../src/common/errors';
import { parseStatements } from './index';

const CORPUS = path.resolve(__dirname, '..', '..', 'shared', 'sqllogictest');
const ENGINE = 'pyrrhodb';

/** Statement families pyrrhodb does not parse yet (none since triggers, issue 13). */
const UNSUPPORTED: ReadonlyArray<readonly [string, RegExp]> = [];

/** SQLite- or MySQL-only syntax met in records guarded for those engines (or after a `halt` for others). */
const FOREIGN: ReadonlyArray<readonly [string, RegExp]> = [
  ...UNSUPPORTED,
  ['SQLite: x IN table', /\bIN\s+(?!\()[A-Za-z_]\w*\s*$/i],
  ['SQLite: TEMP VIEW', /^\s*CREATE\s+TEMP(ORARY)?\s+VIEW\b/i],
  ['SQLite: NOT INDEXED', /\bNOT\s+INDEXED\b/i],
  ['SQLite: postfix NOT NULL', /\bWHERE\s+\w+\s+NOT\s+NULL\b/i],
  ['SQLite: << shift', /<</],
  ['MySQL: prefix index UNIQUE (a(n))', /\bUNIQUE\s*\(\s*\w+\s*\(\d+\)\s*\)/i],
];

interface SltRecord {
  file: string;
  line: number;
  kind: 'statement ok' | 'statement error' | 'query' | 'halt';
  sql: string;
  appliesToUs: boolean;
}

/** The records of one file, in order (sqllogictest about.wiki format; CRLF tolerated). */
function readRecords(file: string): SltRecord[] {
  const lines = fs.readFileSync(file, 'utf8').split('\n').map((l) => l.replace(/\r$/, ''));
  const records: SltRecord[] = [];
  let appliesToUs = true;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const [verb, arg] = line.trim().split(/\s+/);
    if (verb === 'skipif' || verb === 'onlyif') {
      if ((verb === 'skipif') === (arg === ENGINE)) appliesToUs = false;
      continue;
    }
    if (verb === 'halt') records.push({ file, line: i + 1, kind: 'halt', sql: '', appliesToUs });
    if (verb === 'statement' || verb === 'query') {
      const sql: string[] = [];
      let j = i + 1;
      for (; j < lines.length && lines[j]!.trim() !== '' && lines[j]!.trim() !== '----'; j++) sql.push(lines[j]!);
      const kind = verb === 'query' ? 'query' : arg === 'ok' ? 'statement ok' : 'statement error';
      records.push({ file, line: i + 1, kind, sql: sql.join('\n'), appliesToUs });
      while (j < lines.length && lines[j]!.trim() !== '') j++;
      i = j;
    }
    if (line.trim() === '' || verb === 'halt' || verb === 'statement' || verb === 'query') appliesToUs = true;
  }
  return records;
}

/** null when the SQL parses, else the SqlError (anything else is rethrown and fails the test). */
function parseFailure(sql: string): SqlError | null {
  try {
    parseStatements(sql);
    return null;
  } catch (e) {
    if (e instanceof SqlError) return e;
    throw e;
  }
}

function familyOf(sql: string, families: ReadonlyArray<readonly [string, RegExp]>): string | null {
  for (const [name, pattern] of families) if (pattern.test(sql)) return name;
  return null;
}

const present = fs.existsSync(CORPUS);
if (!present) console.log(`sqllogictest corpus not found at ${CORPUS}: skipping grammar/sqllogictest-corpus.test.ts`);
const suite = present ? describe : describe.skip;

suite('the shared sqllogictest corpus parses', () => {
  const files = present
    ? [
        path.join(CORPUS, 'select1.test'),
        ...fs
          .readdirSync(path.join(CORPUS, 'evidence'))
          .filter((f) => f.endsWith('.test'))
          .sort()
          .map((f) => path.join(CORPUS, 'evidence', f)),
      ]
    : [];
  const where = (r: SltRecord): string => `${path.relative(CORPUS, r.file)}:${r.line}`;

  const perFile = files.map((f) => [path.relative(CORPUS, f), f] as const);
  const eachFile = perFile.length > 0 ? test.each(perFile) : () => undefined;
  eachFile('%s, as pyrrhodb runs it', (_name: string, file: string) => {
    const problems: string[] = [];
    for (const r of readRecords(file)) {
      if (!r.appliesToUs) continue;
      if (r.kind === 'halt') break;
      const failure = parseFailure(r.sql);
      if (failure !== null && failure.sqlState !== '42601') problems.push(`${where(r)}: ${failure.sqlState} ${r.sql}`);
      if (r.kind === 'statement error') continue;
      const unsupported = familyOf(r.sql, UNSUPPORTED);
      if (unsupported === null && failure !== null) {
        problems.push(`${where(r)}: ${failure.message} (${failure.detail}): ${r.sql}`);
      }
      if (unsupported !== null && failure === null) {
        problems.push(`${where(r)}: ${unsupported} now parses; update UNSUPPORTED`);
      }
    }
    expect(problems).toEqual([]);
  });

  test('every record, whatever its guards, parses or is a known foreign construct', () => {
    const problems: string[] = [];
    const failures = new Map<string, number>();
    let parsed = 0;
    for (const file of files) {
      for (const r of readRecords(file)) {
        if (r.kind === 'halt') continue;
        const failure = parseFailure(r.sql);
        if (failure === null) {
          parsed++;
          continue;
        }
        if (failure.sqlState !== '42601') problems.push(`${where(r)}: ${failure.sqlState} ${r.sql}`);
        const family = familyOf(r.sql, FOREIGN) ?? (r.kind === 'statement error' ? 'statement error record' : null);
        if (family === null) problems.push(`${where(r)}: ${failure.message} (${failure.detail}): ${r.sql}`);
        else failures.set(family, (failures.get(family) ?? 0) + 1);
      }
    }
    const summary = [...failures].map(([family, n]) => `  ${family}: ${n}`).join('\n');
    console.log(`sqllogictest corpus: ${parsed} records parse; not parsed (all 42601):\n${summary}`);
    expect(problems).toEqual([]);
    expect(parsed).toBeGreaterThan(1000);
  });
});
