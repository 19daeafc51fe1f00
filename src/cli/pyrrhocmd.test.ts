/**
 * src/cli/pyrrhocmd.test.ts — pyrrhocmd as a program: -e, scripts on stdin and from a file, errors with
 * SQLSTATE and caret, exit codes, and a database that is still there for the next run; and the interactive
 * prompt driven as a terminal: progress on a long statement, Ctrl-C cancelling it, Ctrl-C clearing a line.
 * `--check` on a clean file, a file with a damaged frame, a torn tail, and damaged or foreign checkpoints.
 * Runs the built program and worker thread (dist/; `npm test` builds first).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PassThrough } from 'stream';
import { PyrrhoConnect } from '../client/pyrrho-connect';
import { askPassword, parseArgs } from './pyrrhocmd';
import { cancelLongStatement, promptScreen } from './prompt-screen';

const BIN = path.resolve(__dirname, '..', '..', 'dist', 'src', 'cli', 'pyrrhocmd.js');

function run(args: string[], cwd: string, input?: string): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, input, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('parseArgs', () => {
  it('takes Pyrrho-style and spaced flags', () => {
    expect(parseArgs(['-e:select 1', 'shop'])).toMatchObject({ exec: 'select 1', database: 'shop' });
    expect(parseArgs(['-h:localhost', '-p:5433', 'shop'])).toMatchObject({ host: 'localhost', port: 5433 });
    expect(parseArgs(['-h', 'db.example', '-u:fred', 'shop'])).toMatchObject({ host: 'db.example', user: 'fred' });
    expect(parseArgs(['-f', 'x.sql', 'shop'])).toMatchObject({ file: 'x.sql' });
  });
  it('rejects bad usage', () => {
    expect(() => parseArgs([])).toThrow('no DATABASE');
    expect(() => parseArgs(['-p:99999', 'x'])).toThrow('bad port');
    expect(() => parseArgs(['-z', 'x'])).toThrow('unknown option');
    expect(() => parseArgs(['-e', 'select 1', '-f', 'x.sql', 'x'])).toThrow('cannot be used together');
    expect(() => parseArgs(['--check', '-e', 'select 1', 'x'])).toThrow('--check takes only a DATABASE');
    expect(() => parseArgs(['--check', '-h:localhost', 'x'])).toThrow('--check takes only a DATABASE');
    expect(parseArgs(['--check', 'x'])).toMatchObject({ check: true, database: 'x' });
  });
});

describe('askPassword', () => {
  it('reads a line without echoing it; backspace edits, Ctrl-C gives up', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let shown = '';
    output.on('data', (b: Buffer) => (shown += b.toString()));
    const typed = askPassword(input as unknown as NodeJS.ReadStream, output as unknown as NodeJS.WriteStream);
    input.write('se\u007fecret\r');
    expect(await typed).toBe('secret');
    expect(shown).toBe('Password: \n');
    const gaveUp = askPassword(input as unknown as NodeJS.ReadStream, output as unknown as NodeJS.WriteStream);
    input.write('abc\u0003');
    expect(await gaveUp).toBe('');
  });
});

describe('pyrrhocmd program', () => {
  let dir: string;
  beforeAll(() => {
    if (!fs.existsSync(BIN)) throw new Error(`${BIN} is missing: run npm run build (npm test does)`);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pyrrhocmd-'));
  });

  it('runs a script from stdin, then -e against the same file', () => {
    const script = "create table fruit (id int primary key, name varchar(20));\n" +
      "insert into fruit values (1, 'apple'), (2, 'pear');\n[select name\n from fruit where id = 2]\n";
    const first = run(['shop'], dir, script);
    expect(first.err).toBe('');
    expect(first.out).toContain('2 records affected');
    expect(first.out).toContain('│ pear │');
    expect(first.code).toBe(0);
    expect(fs.existsSync(path.join(dir, 'shop.pfl'))).toBe(true);
    const second = run(['-e', 'select count(*) from fruit', 'shop'], dir);
    expect(second.out).toMatch(/│\s+2 │/);
    expect(second.code).toBe(0);
    // statements that change rows say how many; other statements say ok
    const third = run(['shop'], dir, 'create table fruit2 as select * from fruit;\ncreate table none as select * from fruit with no data;\ntruncate fruit2;\n');
    expect(third.out.split('\n').filter((l) => /affected|^ok$/.test(l))).toEqual(['2 records affected', 'ok', '2 records affected']);
  });

  it('prints NUMERIC(p,s) values with their scale and accepts INT(11)-style display widths', () => {
    const script = 'create table price (id int(11) primary key, amount numeric(6,2));\n' +
      'insert into price values (1, 0.5), (2, 3);\nselect amount, amount * 2 as twice, sum(amount) over_all from price group by id, amount order by id;\n';
    const r = run(['prices'], dir, script);
    expect(r.err).toBe('');
    expect(r.out).toContain('│   0.50 │  1.00 │     0.50 │');
    expect(r.out).toContain('│   3.00 │  6.00 │     3.00 │');
    expect(r.code).toBe(0);
  });

  it('reports an error with its SQLSTATE and a caret, and exits 1', () => {
    const r = run(['-e', 'select * form fruit', 'shop'], dir);
    expect(r.code).toBe(1);
    expect(r.out).toContain('Error 42601');
    const lines = r.out.split('\n');
    const at = lines.findIndex((l) => l.includes('select * form fruit'));
    expect(at).toBeGreaterThan(0);
    expect(lines[at + 1]).toBe('  ' + ' '.repeat('select * '.length) + '^');
  });

  it('stops a script at the first error', () => {
    const r = run(['shop'], dir, 'select 1;\ninsert into fruit values (1, \'dup\');\ninsert into fruit values (9, \'never\');\n');
    expect(r.code).toBe(1);
    expect(r.out).toContain('Error 23505');
    expect(r.out).toContain('(statement at line 2)');
    // the key error points at the row that failed
    expect(r.out).toContain("  insert into fruit values (1, 'dup')\n                            ^");
    const check = run(['-e', 'select count(*) from fruit where id = 9', 'shop'], dir);
    expect(check.out).toMatch(/│\s+0 │/);
  });

  it('runs a file given with -f, and says what is wrong with bad usage', () => {
    fs.writeFileSync(path.join(dir, 'q.sql'), 'select name from fruit order by id;');
    const r = run(['-f', 'q.sql', 'shop'], dir);
    expect(r.out).toContain('apple');
    const bad = run([], dir);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('usage: pyrrhocmd');
    const missing = run(['-f', 'nope.sql', 'shop'], dir);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('cannot read nope.sql: no such file');
  });
});

describe('pyrrhocmd --check', () => {
  let dir: string;
  /** A database of 4000 rows in several commits (so a checkpoint is written on close), copied as `name`. */
  let base: string;
  beforeAll(() => {
    if (!fs.existsSync(BIN)) throw new Error(`${BIN} is missing: run npm run build (npm test does)`);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pyrrhocmd-check-'));
    const script = ['create table t (id int primary key, v varchar(30));'];
    for (let c = 0; c < 4; c++) {
      const rows = Array.from({ length: 1000 }, (_, i) => `(${c * 1000 + i}, 'value number ${c * 1000 + i}')`);
      script.push(`insert into t values ${rows.join(', ')};`);
    }
    const r = run(['base'], dir, script.join('\n'));
    expect(r.code).toBe(0);
    base = path.join(dir, 'base');
    expect(fs.existsSync(`${base}.pck`)).toBe(true);
  });

  function copy(name: string, checkpoint = true): string {
    fs.copyFileSync(`${base}.pfl`, path.join(dir, `${name}.pfl`));
    if (checkpoint) fs.copyFileSync(`${base}.pck`, path.join(dir, `${name}.pck`));
    return path.join(dir, name);
  }

  function damage(file: string, offset: number): void {
    const b = fs.readFileSync(file);
    b[offset] = b[offset]! ^ 0x5a;
    fs.writeFileSync(file, b);
  }

  it('reports a clean file and its current checkpoint, and exits 0 without writing anything', () => {
    const p = copy('clean');
    const before = fs.readdirSync(dir).sort();
    const stat = fs.statSync(`${p}.pck`);
    const r = run(['--check', 'clean'], dir);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/log: +[\d,]+ bytes, 5 frames, 4,0\d\d records/);
    expect(r.out).toMatch(/state: +1 tables, 4,000 rows/);
    expect(r.out).toMatch(/checkpoint: current \(log position \d+\)/);
    expect(r.out).toMatch(/result: +ok/);
    // no lock file, no checkpoint rewritten
    expect(fs.readdirSync(dir).sort()).toEqual(before);
    expect(fs.statSync(`${p}.pck`).mtimeMs).toBe(stat.mtimeMs);
    const none = copy('nock', false);
    const r2 = run(['--check', `${none}.pfl`], dir);
    expect([r2.code, r2.out]).toEqual([0, expect.stringMatching(/checkpoint: none\n/)]);
    expect(fs.existsSync(`${none}.pck`)).toBe(false);
  });

  it('a stale checkpoint is fine: it is compared with the log after replaying the rest', () => {
    copy('stale');
    expect(run(['stale', '-e', "insert into t values (-1, 'late')"], dir).code).toBe(0);
    const r = run(['--check', 'stale'], dir);
    expect(r.out).toMatch(/checkpoint: stale \(log position \d+\): \d+ bytes of log after it/);
    expect(r.code).toBe(0);
  });

  it('a damaged frame in the middle of the log is a problem named by its offset', () => {
    const p = copy('corrupt');
    damage(`${p}.pfl`, 200); // inside the first insert's frame, with valid frames after it
    const r = run(['--check', 'corrupt'], dir);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/result: +PROBLEM at offset \d+: .*corrupt at offset \d+: frame checksum mismatch/);
  });

  it('a torn tail is reported (open would cut it off)', () => {
    const p = copy('torn');
    fs.appendFileSync(`${p}.pfl`, Buffer.from([9, 0, 0, 0, 1, 2, 3]));
    const r = run(['--check', 'torn'], dir);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/torn tail: +7 bytes at offset \d+/);
    // nothing was cut off
    expect(fs.statSync(`${p}.pfl`).size).toBe(fs.statSync(`${base}.pfl`).size + 7);
  });

  it('zeros after the log (space reserved ahead, left by a crash) are reported and fine; nothing is cut off', () => {
    const p = copy('reserved');
    const size = fs.statSync(`${p}.pfl`).size;
    fs.truncateSync(`${p}.pfl`, size + 5000);
    const r = run(['--check', 'reserved'], dir);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(new RegExp(`log: +${size.toLocaleString('en-US')} bytes, 5 frames`));
    expect(r.out).toMatch(/reserved: +5,000 zero bytes after the log/);
    expect(r.out).toMatch(/result: +ok/);
    expect(fs.statSync(`${p}.pfl`).size).toBe(size + 5000);
  });

  it('a damaged or foreign checkpoint is reported, and the file still opens with every row', () => {
    const p = copy('badck');
    damage(`${p}.pck`, 100);
    const r = run(['--check', 'badck'], dir);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/checkpoint: UNUSABLE .*checksum mismatch/);
    expect(r.out).toMatch(/result: +PROBLEM in the checkpoint/);
    const q = run(['badck', '--csv', '-e', 'select count(*) from t'], dir);
    expect([q.code, q.out.trim().split('\n').pop()]).toEqual([0, '4000']);
    run(['other', '-e', 'create table x (a int primary key)'], dir);
    fs.writeFileSync(path.join(dir, 'other.pck'), fs.readFileSync(`${base}.pck`));
    const r2 = run(['--check', 'other'], dir);
    expect(r2.code).toBe(1);
    expect(r2.out).toMatch(/checkpoint: DOES NOT MATCH THE LOG/);
  });

  it('a file that does not exist is an error', () => {
    const r = run(['--check', 'nosuch'], dir);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/58030/);
  });
});

describe('interactive prompt', () => {
  it('shows progress on a long statement; Ctrl-C cancels it (57014) and the shell goes on; idle Ctrl-C clears the line', async () => {
    const conn = new PyrrhoConnect('Files=:memory:', { worker: true });
    await conn.open();
    const screen = promptScreen(conn);
    await cancelLongStatement(screen);
    await screen.until(/Error 57014: canceling statement: canceled on request/);
    expect(screen.text()).toMatch(/\^C\nError 57014/);
    expect(screen.text()).toMatch(/Detail: after \d+ rows/);
    const mark = screen.length;
    screen.type('select count(*) from t\r');
    await screen.until(/│\s+3000 │/);
    // Ctrl-C with nothing running clears the line being typed: what follows runs alone
    screen.type('abc');
    screen.type('\x03');
    screen.type('select 7 as seven\r');
    await screen.until(/│\s+7 │/);
    expect(screen.text(mark)).not.toContain('Error');
    // the end of input (Ctrl-D) while a statement runs cancels it and leaves
    const before = screen.length;
    screen.type('select count(*) from t a, t b, t c\r');
    await screen.until(/… [\d,]{5,} rows/, before);
    await screen.end();
    expect(screen.text(before)).toContain('Error 57014');
    await conn.close();
  });
});
