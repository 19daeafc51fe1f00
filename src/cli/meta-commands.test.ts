/**
 * src/cli/meta-commands.test.ts — meta-commands: parsing both spellings, CSV and JSON output, splitting
 * scripts at meta-command lines, and pyrrhocmd running them (catalog commands over the system tables, \i,
 * \timing, \format, unknown commands) as a program. Runs the built program (dist/; `npm test` builds first).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Decimal } from '../common/values/value';
import { foldName, isMetaCommand, parseMetaCommand } from './meta-commands';
import { renderCsv, renderJson } from './output-format';
import { splitMetaCommands } from './script';

const BIN = path.resolve(__dirname, '..', '..', 'dist', 'src', 'cli', 'pyrrhocmd.js');

describe('parsing', () => {
  it('knows psql and sqlite3 spellings alike', () => {
    expect(parseMetaCommand('\\dt')).toEqual(parseMetaCommand('.tables'));
    expect(parseMetaCommand('\\d emp')).toEqual(parseMetaCommand('.schema emp'));
    expect(parseMetaCommand('\\timing on')).toEqual({ kind: 'timing', on: true });
    expect(parseMetaCommand('.timer off')).toEqual({ kind: 'timing', on: false });
    expect(parseMetaCommand('\\timing')).toEqual({ kind: 'timing', on: null });
    expect(parseMetaCommand('.mode csv')).toEqual({ kind: 'format', mode: 'csv' });
    expect(parseMetaCommand("\\i 'my file.sql'")).toEqual({ kind: 'include', file: 'my file.sql' });
    expect(parseMetaCommand('\\explain select 1')).toMatchObject({ kind: 'queries', queries: [{ sql: 'EXPLAIN select 1' }] });
  });
  it('says what is wrong with a bad one', () => {
    expect(parseMetaCommand('\\format xml')).toMatchObject({ kind: 'error' });
    expect(parseMetaCommand('\\timing maybe')).toMatchObject({ kind: 'error' });
    expect(parseMetaCommand('\\i')).toMatchObject({ kind: 'error' });
    expect(parseMetaCommand('\\zz')).toMatchObject({ kind: 'error', message: expect.stringContaining('\\zz') });
  });
  it('folds names as SQL does and quotes them safely', () => {
    expect(foldName('emp')).toBe('EMP');
    expect(foldName('"Mixed"')).toBe('Mixed');
    const q = parseMetaCommand("\\d o'brien");
    expect(q.kind === 'queries' && q.queries[0]!.sql).toContain("'O''BRIEN'");
  });
  it('tells meta lines from SQL', () => {
    expect(isMetaCommand('  \\dt')).toBe(true);
    expect(isMetaCommand('.5 + 1')).toBe(false);
    expect(isMetaCommand('select 1')).toBe(false);
  });
});

describe('output formats', () => {
  const result = {
    columns: ['ID', 'NAME', 'PRICE', 'DOC'],
    types: ['INTEGER', 'CHAR', 'NUMERIC', 'DOCUMENT'],
    declaredTypes: ['INTEGER', 'VARCHAR(20)', 'NUMERIC(6,2)', 'DOCUMENT'],
    rows: [
      [1, 'a, "b"', new Decimal('0.5'), { k: [1, 'x'] }],
      [12345678901234567890n, null, null, null],
    ],
  };
  it('CSV quotes what needs it and leaves NULL empty', () => {
    expect(renderCsv(result)).toBe('ID,NAME,PRICE,DOC\n1,"a, ""b""",0.50,"{""k"": [1, ""x""]}"\n12345678901234567890,,,');
  });
  it('JSON keeps exact numbers as text and documents as JSON', () => {
    const parsed = JSON.parse(renderJson(result)) as unknown[];
    expect(parsed).toEqual([
      { ID: 1, NAME: 'a, "b"', PRICE: '0.50', DOC: { k: [1, 'x'] } },
      { ID: '12345678901234567890', NAME: null, PRICE: null, DOC: null },
    ]);
    expect(renderJson({ ...result, rows: [] })).toBe('[]');
  });
});

describe('scripts', () => {
  it('cut at meta-command lines, the SQL before one running first', () => {
    const parts = splitMetaCommands('select 1;\n\\dt\nselect 2\n.mode csv\n');
    expect(parts.map((p) => [p.meta, p.text.trim()])).toEqual([
      [false, 'select 1;'],
      [true, '\\dt'],
      [false, 'select 2'],
      [true, '.mode csv'],
    ]);
    expect(parts[2]!.offset).toBe('select 1;\n\\dt\n'.length);
  });
});

describe('pyrrhocmd with meta-commands', () => {
  let dir: string;
  const run = (args: string[], input?: string): { code: number | null; out: string } => {
    const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, input, encoding: 'utf8' });
    return { code: r.status, out: r.stdout + r.stderr };
  };
  beforeAll(() => {
    if (!fs.existsSync(BIN)) throw new Error(`${BIN} is missing: run npm run build (npm test does)`);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pyrrhocmd-meta-'));
    fs.writeFileSync(
      path.join(dir, 'setup.sql'),
      'create table dept (id int primary key, name varchar(20) not null);\ncreate table emp (id int primary key, dept int references dept);\ninsert into dept values (1, \'Sales\');\n',
    );
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('lists and describes tables from the system tables, and includes files', () => {
    const r = run(['shop'], '\\i setup.sql\n\\dt\n\\d emp\n\\d nosuch\n');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/│ DEPT │ TABLE │\s+2 │\s+1 │ ID/);
    expect(r.out).toContain('EMP_DEPT_FKEY');
    expect(r.out).toContain('No table named NOSUCH.');
  });

  it('prints CSV and JSON, and times statements', () => {
    expect(run(['--csv', '-e', 'select id, name from dept', 'shop']).out).toBe('ID,NAME\n1,Sales\n');
    expect(JSON.parse(run(['--json', '-e', 'select id, name from dept', 'shop']).out)).toEqual([{ ID: 1, NAME: 'Sales' }]);
    const t = run(['shop'], '\\timing on\nselect 1;\n');
    expect(t.out).toMatch(/Time: \d+\.\d{3} ms/);
  });

  it('stops a script at an unknown meta-command or an include of itself', () => {
    const r = run(['shop'], '\\frobnicate\nselect 1;\n');
    expect(r.code).toBe(1);
    expect(r.out).toContain('unknown meta-command \\frobnicate');
    fs.writeFileSync(path.join(dir, 'loop.sql'), '\\i loop.sql\n');
    const l = run(['-e', '\\i loop.sql', 'shop']);
    expect(l.code).toBe(1);
    expect(l.out).toContain('includes itself');
  });
});
