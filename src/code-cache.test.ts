/**
 * src/code-cache.test.ts — the code cache (src/code-cache.ts): the build's file is used by a fresh process,
 * a module compiled from it behaves as under Node's loader, and a stale or foreign file changes nothing.
 *
 * The hook replaces Node's loader step, which jest's module system does not use, so these tests run the
 * built module (dist/; `npm test` builds first) in child processes.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { readCodeCache } from './code-cache';

const DIST = path.resolve(__dirname, '..', 'dist', 'src');
const CODE_CACHE = path.join(DIST, 'code-cache.js');

function node(script: string, cwd: string): { stdout: string; stderr: string; status: number | null } {
  const r = spawnSync(process.execPath, ['-e', script], { cwd, encoding: 'utf8' });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pyrrhodb-code-cache-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A module that shows what the loader gave it, and requires a neighbour. */
const MODULE_A = `'use strict';
const b = require('./b');
module.exports = {
  value: b.value + 1,
  self: this === exports,
  filename: __filename,
  dirname: __dirname,
  resolved: require.resolve('./b'),
  main: require.main === process.mainModule,
  cached: require.cache[require.resolve('./b')] !== undefined,
};
`;
const MODULE_B = `'use strict';\nexports.value = 41;\n`;

function writeModules(): void {
  fs.writeFileSync(path.join(dir, 'a.js'), MODULE_A);
  fs.writeFileSync(path.join(dir, 'b.js'), MODULE_B);
}

const RECORD = (file: string): string =>
  `const cc = require(${JSON.stringify(CODE_CACHE)}); const r = cc.recordCodeCache(); require('./a.js'); r.write(${JSON.stringify(file)});`;
const USE = (file: string): string =>
  `const cc = require(${JSON.stringify(CODE_CACHE)}); const on = cc.useCodeCache(${JSON.stringify(file)});` +
  ` const a = require('./a.js'); console.log(JSON.stringify({ on, a, stats: cc.codeCacheStats }));`;

describe('code cache', () => {
  it('the build wrote a file that a fresh process uses for the engine', () => {
    const r = node(
      `const { Database } = require(${JSON.stringify(path.join(DIST, 'index.js'))});` +
        ` const db = Database.open(':memory:'); db.execute('create table t (a int)');` +
        ` console.log(JSON.stringify(require(${JSON.stringify(CODE_CACHE)}).codeCacheStats));`,
      dir,
    );
    expect(r.stderr).toBe('');
    const stats = JSON.parse(r.stdout) as { used: number; rejected: number; stale: number };
    expect(stats.used).toBeGreaterThan(100);
    expect(stats.rejected).toBe(0);
    expect(stats.stale).toBe(0);
  });

  it("require('pyrrhodb') and the engine's first load hold the hook only while they load: Node's loader is put back", () => {
    const r = node(
      `const M = require('module'); const node = M.prototype._compile;` +
        ` const { Database } = require(${JSON.stringify(path.join(DIST, 'index.js'))});` +
        ` const afterRequire = M.prototype._compile === node;` +
        ` const db = Database.open(':memory:'); db.execute('create table t (a int)');` +
        ` console.log(JSON.stringify({ afterRequire, afterOpen: M.prototype._compile === node, used: require(${JSON.stringify(CODE_CACHE)}).codeCacheStats.used }));`,
      dir,
    );
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as { afterRequire: boolean; afterOpen: boolean; used: number };
    expect(out).toMatchObject({ afterRequire: true, afterOpen: true });
    expect(out.used).toBeGreaterThan(100);
  });

  it('holds nest, and a hook installed over ours while it is held stays, with ours under it', () => {
    writeModules();
    const file = path.join(dir, 'cc.bin');
    expect(node(RECORD(file), dir).status).toBe(0);
    const r = node(
      `const cc = require(${JSON.stringify(CODE_CACHE)}); const M = require('module'); const node = M.prototype._compile;` +
        ` const outer = cc.holdCodeCache(${JSON.stringify(file)}); const inner = cc.holdCodeCache(${JSON.stringify(file)});` +
        ` const held = M.prototype._compile !== node; inner(); inner(); const stillHeld = M.prototype._compile !== node;` +
        ` outer(); const back = M.prototype._compile === node;` +
        ` const again = cc.holdCodeCache(${JSON.stringify(file)}); const seen = [];` +
        ` const ours = M.prototype._compile; M.prototype._compile = function (c, f) { seen.push(require('path').basename(f)); return ours.call(this, c, f); };` +
        ` const mine = M.prototype._compile; again(); const kept = M.prototype._compile === mine;` +
        ` const a = require('./a.js');` +
        ` console.log(JSON.stringify({ held, stillHeld, back, kept, seen, value: a.value, used: cc.codeCacheStats.used }));`,
      dir,
    );
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({ held: true, stillHeld: true, back: true, kept: true, seen: ['a.js', 'b.js'], value: 42, used: 2 });
  });

  it('a module compiled from the cache sees what Node gives it', () => {
    writeModules();
    const file = path.join(dir, 'cc.bin');
    expect(node(RECORD(file), dir).status).toBe(0);
    const cached = JSON.parse(node(USE(file), dir).stdout) as { on: boolean; a: unknown; stats: { used: number } };
    expect(cached.on).toBe(true);
    expect(cached.stats.used).toBe(2);
    const plain = node(`console.log(JSON.stringify(require('./a.js')))`, dir);
    expect(cached.a).toEqual(JSON.parse(plain.stdout));
    expect(cached.a).toEqual({
      value: 42,
      self: true,
      filename: fs.realpathSync(path.join(dir, 'a.js')),
      dirname: fs.realpathSync(dir),
      resolved: fs.realpathSync(path.join(dir, 'b.js')),
      main: true,
      cached: true,
    });
  });

  it('a module that throws while loading is not left in require.cache, as under Node', () => {
    writeModules();
    fs.writeFileSync(path.join(dir, 'c.js'), `'use strict';\nglobalThis.loads = (globalThis.loads ?? 0) + 1;\nthrow new Error('c fails');\n`);
    fs.writeFileSync(path.join(dir, 'a.js'), `'use strict';\nconst tries = [];\nfor (let i = 0; i < 2; i++) { try { require('./c'); } catch (e) { tries.push(e.message); } }\nmodule.exports = { tries, cached: Object.keys(require.cache).some((k) => k.endsWith('c.js')), loads: globalThis.loads, value: require('./b').value };\n`);
    const file = path.join(dir, 'cc.bin');
    expect(node(RECORD(file), dir).status).toBe(0);
    const r = JSON.parse(node(USE(file), dir).stdout) as { a: unknown; stats: { used: number } };
    expect(r.a).toEqual({ tries: ['c fails', 'c fails'], cached: false, loads: 2, value: 41 });
    expect(r.stats.used).toBeGreaterThanOrEqual(3);
    expect(JSON.parse(node(`console.log(JSON.stringify(require('./a.js')))`, dir).stdout)).toEqual(r.a);
  });

  it('a hook on require.extensions[".js"] (a coverage tool) still sees every module', () => {
    writeModules();
    const file = path.join(dir, 'cc.bin');
    expect(node(RECORD(file), dir).status).toBe(0);
    const r = node(
      `const cc = require(${JSON.stringify(CODE_CACHE)}); cc.useCodeCache(${JSON.stringify(file)});` +
        ` const seen = []; const js = require.extensions['.js'];` +
        ` require.extensions['.js'] = (m, f) => { seen.push(require('path').basename(f)); return js(m, f); };` +
        ` const a = require('./a.js'); console.log(JSON.stringify({ seen, value: a.value }));`,
      dir,
    );
    expect(JSON.parse(r.stdout)).toEqual({ seen: ['a.js', 'b.js'], value: 42 });
  });

  it('a module changed since the file was written runs its new source (same length: V8 alone would not notice)', () => {
    writeModules();
    const file = path.join(dir, 'cc.bin');
    expect(node(RECORD(file), dir).status).toBe(0);
    fs.writeFileSync(path.join(dir, 'b.js'), MODULE_B.replace('41', '51'));
    const r = JSON.parse(node(USE(file), dir).stdout) as { a: { value: number }; stats: { used: number; stale: number } };
    expect(r.a.value).toBe(52);
    expect(r.stats).toEqual({ used: 1, rejected: 0, stale: 1 });
  });

  it('is not used when Node maps stack traces through source maps (its own compile step does that)', () => {
    writeModules();
    const file = path.join(dir, 'cc.bin');
    expect(node(RECORD(file), dir).status).toBe(0);
    const r = spawnSync(process.execPath, ['--enable-source-maps', '-e', USE(file)], { cwd: dir, encoding: 'utf8' });
    expect(JSON.parse(r.stdout)).toMatchObject({ on: false, a: { value: 42 }, stats: { used: 0 } });
  });

  it('a missing, truncated or foreign file is not used', () => {
    writeModules();
    const file = path.join(dir, 'cc.bin');
    expect(readCodeCache(file)).toBeUndefined();
    expect(node(RECORD(file), dir).status).toBe(0);
    expect(readCodeCache(file)?.entries.size).toBe(2);
    const data = fs.readFileSync(file);
    fs.writeFileSync(file, data.subarray(0, 10));
    expect(readCodeCache(file)).toBeUndefined();
    const headerLength = data.readUInt32LE(0);
    const header = JSON.parse(data.toString('utf8', 4, 4 + headerLength)) as { v8: string };
    const foreign = Buffer.from(JSON.stringify({ ...header, v8: `${header.v8}-other` }));
    const length = Buffer.alloc(4);
    length.writeUInt32LE(foreign.length, 0);
    fs.writeFileSync(file, Buffer.concat([length, foreign, data.subarray(4 + headerLength)]));
    expect(readCodeCache(file)).toBeUndefined();
    const r = JSON.parse(node(USE(file), dir).stdout) as { on: boolean; a: { value: number } };
    expect(r).toMatchObject({ on: false, a: { value: 42 } });
  });
});
