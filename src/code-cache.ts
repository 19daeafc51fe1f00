/**
 * src/code-cache.ts — V8's code cache for the package's modules: the build writes the compiled code of the
 * modules a first statement loads, and a fresh process compiles them from it instead of from their source.
 *
 * Compiling the ~300 modules of the engine (and the functions a first CREATE / INSERT / SELECT runs) was the
 * largest share of a fresh process's first result after decision 0015 (docs/decisions/0016-cold-start-2.md).
 *
 * 1. `npm run build` ends with tools/gen-code-cache.ts: it loads the package through `recordCodeCache`, runs
 *    a few first statements, and writes `code-cache.bin` beside this file. Per module (its path relative to
 *    the package root) the file holds V8's data (`vm.Script#createCachedData`, taken after the statements ran,
 *    so it holds the functions they compiled, not only each module's top level) and the SHA-1 of the source
 *    the data belongs to.
 * 2. The hook replaces `Module.prototype._compile`. A library must not change its host's module loader for
 *    good, so `require('pyrrhodb')` holds the hook only while the package's own modules load: src/index.ts
 *    holds it around its imports (`holdCodeCache`), the first `Database.open` around the engine's and the
 *    driver around a transport's (`withCodeCache`); when the outermost hold ends, Node's `_compile` is put
 *    back (unless another hook was installed over ours meanwhile: ours then stays in its chain, passing
 *    through everything but the package's modules). Processes and threads the package owns (pyrrhocmd,
 *    pyrrhosvr's engine thread, the embedded worker) install it for good (`useCodeCache`). While it is held:
 *    a module the file lists whose source has that hash is compiled from the data; every other module, and
 *    every module when the file is missing, was written by another V8, or source maps are on
 *    (`--enable-source-maps` maps stack traces in Node's own compile step), is compiled by Node as before.
 *    V8 itself checks only a source's length, so the hash is what keeps a stale entry (a module rebuilt by
 *    `tsc` alone) from running old code.
 * 3. V8 may still reject the data (other V8 flags): it then compiles the source, as without the file.
 * 4. A module compiled here runs as under Node's loader: the CommonJS wrapper, `this` = `exports`, and a
 *    `require` with `resolve`, `main`, `cache` and `extensions`. Only a stack frame on a module's first line
 *    differs: its column counts the wrapper (`Module.wrap`), as in Node before version 12.
 * 5. Installed for good once per process, whatever the number of copies of this module (a global symbol says
 *    so); held hooks nest, each hold putting back what it found.
 * 6. Node resolves every request before it looks in its cache (stat and realpath calls, package.json
 *    look-ups): ~25 ms for the ~1,000 requests of a first statement. So the `require` of a module compiled
 *    here answers a relative request (`./x`, `../y/z`) for a module already loaded as that path plus `.js`
 *    from `require.cache`, as Node does once it has resolved it. Any other request goes to Node. (An
 *    extensionless file `x` beside `x.js` would win in Node's resolution; the build writes no such file.)
 * 7. Likewise a relative request for a module the file lists (one of the package's own, at that path plus
 *    `.js`) is loaded directly, as Node's loader does after resolving it (`loadKnown`). Not while another
 *    hook loads `.js` files (`require.extensions['.js']` replaced, as coverage tools do), which must see
 *    every module; the package is CommonJS, so Node's check of the nearest package.json's `type` has
 *    nothing to find.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import Module = require('module');
import * as path from 'path';
import * as vm from 'vm';

/** The file the build writes beside this module (dist/src/code-cache.bin). */
export const CODE_CACHE_FILE = path.join(__dirname, 'code-cache.bin');

/** Module paths in the file are relative to this: the package root (dist/src/ → ./). */
const ROOT = path.resolve(__dirname, '..', '..');

/** What the loader's `_compile` looks like (not in Node's public types). */
type Compile = (this: LoadingModule, content: string, filename: string) => unknown;

interface LoadingModule {
  exports: unknown;
  children: LoadingModule[];
  filename: string;
  paths: string[];
  loaded: boolean;
  require(id: string): unknown;
  _compile(content: string, filename: string): unknown;
}

interface ModuleInternals {
  prototype: { _compile: Compile };
  wrap(content: string): string;
  _resolveFilename(request: string, parent: LoadingModule, isMain: boolean, options?: { paths?: string[] }): string;
  _resolveLookupPaths(request: string, parent: LoadingModule): string[] | null;
  _cache: Record<string, LoadingModule | undefined>;
  _extensions: Record<string, unknown>;
  _nodeModulePaths(dir: string): string[];
}

const loader = Module as unknown as ModuleInternals;
const INSTALLED = Symbol.for('pyrrhodb.codeCache');

/** One module's entry: where its data is in the file, and the hash of the source it was made from. */
interface Entry {
  readonly offset: number;
  readonly length: number;
  readonly sha1: string;
}

/** The file's header (JSON after a 4-byte length): the V8 that wrote it, and the entries by module path. */
interface Header {
  readonly v8: string;
  readonly modules: Record<string, [offset: number, length: number, sha1: string]>;
}

/** Node's one-shot hash (20.12 and later): a third faster than a Hash object over the ~300 sources of a start. */
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: 'base64') => string }).hash;

/** SHA-1 of a module's source (base64), as the file records it. */
export function sourceHash(content: string): string {
  return oneShot !== undefined ? oneShot('sha1', content, 'base64') : crypto.createHash('sha1').update(content).digest('base64');
}

/** The package-relative path a module is listed under (forward slashes on every platform). */
function keyOf(filename: string): string {
  return path.relative(ROOT, filename).split(path.sep).join('/');
}

/** Which files the `require` of a module compiled here may load itself (invariant 7); none while recording. */
type Known = (filename: string) => boolean;

/** Compiles and runs a module's source as Node's loader does (invariant 4), with V8 data when given. */
function compileModule(
  mod: LoadingModule,
  content: string,
  filename: string,
  cachedData: Buffer | undefined,
  known: Known,
): { script: vm.Script; run: () => unknown } {
  const script = new vm.Script(loader.wrap(content), { filename, cachedData });
  return {
    script,
    run: () => {
      const fn = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
      const dir = path.dirname(filename);
      const require = ((id: string) => {
        if (id.startsWith('./') || id.startsWith('../')) {
          const target = path.resolve(dir, id.endsWith('.js') ? id : `${id}.js`);
          const loaded = loader._cache[target];
          if (loaded !== undefined) {
            // invariant 6
            if (!mod.children.includes(loaded)) mod.children.push(loaded);
            return loaded.exports;
          }
          if (known(target)) {
            const exports = loadKnown(target, mod);
            if (exports !== NOT_READ) return exports;
          }
        }
        return mod.require(id);
      }) as NodeJS.Require;
      const resolve = ((request: string, options?: { paths?: string[] }) => loader._resolveFilename(request, mod, false, options)) as NodeJS.RequireResolve;
      resolve.paths = (request: string) => loader._resolveLookupPaths(request, mod);
      require.resolve = resolve;
      require.main = process.mainModule;
      require.cache = loader._cache as NodeJS.Require['cache'];
      require.extensions = loader._extensions as NodeJS.Require['extensions'];
      return fn.call(mod.exports, mod.exports, require, mod, filename, dir);
    },
  };
}

const NOT_READ = Symbol('not read');

/**
 * Loads one of the package's own modules as Node's loader does once it has resolved the request (invariant 7):
 * a Module in `require.cache` under its file name, a child of the requiring module, compiled (through the
 * hook), marked loaded; dropped from both again if it throws. NOT_READ when the file cannot be read (Node then
 * resolves the request and reports it).
 */
function loadKnown(filename: string, parent: LoadingModule): unknown {
  let content: string;
  try {
    content = fs.readFileSync(filename, 'utf8');
  } catch {
    return NOT_READ;
  }
  const m = new (Module as unknown as new (id: string, parent: LoadingModule) => LoadingModule)(filename, parent);
  m.filename = filename;
  m.paths = loader._nodeModulePaths(path.dirname(filename));
  loader._cache[filename] = m;
  let threw = true;
  try {
    m._compile(content.charCodeAt(0) === 0xfeff ? content.slice(1) : content, filename);
    threw = false;
  } finally {
    if (threw) {
      delete loader._cache[filename];
      const i = parent.children.indexOf(m);
      if (i >= 0) parent.children.splice(i, 1);
    }
  }
  m.loaded = true;
  return m.exports;
}

/** The entries of a code-cache file, or undefined when it is missing, unreadable or written by another V8. */
export function readCodeCache(file: string): { data: Buffer; entries: Map<string, Entry> } | undefined {
  let data: Buffer;
  try {
    data = fs.readFileSync(file);
  } catch {
    return undefined;
  }
  if (data.length < 4) return undefined;
  const headerLength = data.readUInt32LE(0);
  if (4 + headerLength > data.length) return undefined;
  let header: Header;
  try {
    header = JSON.parse(data.toString('utf8', 4, 4 + headerLength)) as Header;
  } catch {
    return undefined;
  }
  if (header.v8 !== process.versions.v8) return undefined;
  const base = 4 + headerLength;
  const entries = new Map<string, Entry>();
  for (const [key, [offset, length, sha1]] of Object.entries(header.modules)) {
    if (base + offset + length <= data.length) entries.set(key, { offset: base + offset, length, sha1 });
  }
  return { data, entries };
}

/** Counts of what the hook did in this process (for tests and the decision record's measurements). */
export const codeCacheStats = { used: 0, rejected: 0, stale: 0 };

/** Whether Node maps stack traces through source maps (`process.sourceMapsEnabled` is there since 20.7). */
function sourceMapsEnabled(): boolean {
  const flag = (process as { sourceMapsEnabled?: boolean }).sourceMapsEnabled;
  if (flag !== undefined) return flag;
  return process.execArgv.includes('--enable-source-maps') || (process.env['NODE_OPTIONS'] ?? '').includes('--enable-source-maps');
}

/** The hook of invariant 2 over one file, and the `_compile` it passes everything else to while installed. */
interface Hook {
  readonly compile: Compile;
  previous: Compile;
}

/** The hook for `file`: made once per file, null when source maps are on or the file is unusable. */
function hookFor(file: string): Hook | null {
  if (sourceMapsEnabled()) return null;
  const cache = readCodeCache(file);
  if (cache === undefined) return null;
  const jsLoader = loader._extensions['.js'];
  // invariant 7: only while nobody else loads .js files (a coverage tool's hook must see every module)
  const known: Known = (filename) => loader._extensions['.js'] === jsLoader && cache.entries.has(keyOf(filename));
  const hook: Hook = {
    previous: loader.prototype._compile,
    compile: function (this: LoadingModule, content: string, filename: string): unknown {
      const entry = cache.entries.get(keyOf(filename));
      if (entry === undefined) return hook.previous.call(this, content, filename);
      if (sourceHash(content) !== entry.sha1) {
        codeCacheStats.stale++;
        return hook.previous.call(this, content, filename);
      }
      const { script, run } = compileModule(this, content, filename, cache.data.subarray(entry.offset, entry.offset + entry.length), known);
      if (script.cachedDataRejected === true) codeCacheStats.rejected++;
      else codeCacheStats.used++;
      return run();
    },
  };
  return hook;
}

const hooks = new Map<string, Hook | null>();

function madeHook(file: string): Hook | null {
  let hook = hooks.get(file);
  if (hook === undefined) hooks.set(file, (hook = hookFor(file)));
  return hook;
}

function installedForGood(): boolean {
  return (globalThis as { [INSTALLED]?: boolean })[INSTALLED] === true;
}

/** Installs the hook of invariant 2 for good (invariant 5) unless source maps are on or the file is unusable;
 *  true when installed. For processes and threads the package owns. */
export function useCodeCache(file: string = CODE_CACHE_FILE): boolean {
  if (installedForGood()) return true;
  const hook = madeHook(file);
  if (hook === null) return false;
  hook.previous = loader.prototype._compile;
  loader.prototype._compile = hook.compile;
  (globalThis as { [INSTALLED]?: boolean })[INSTALLED] = true;
  return true;
}

/** How many holds of each hook are open (invariant 5). */
const holds = new Map<Hook, number>();

/**
 * Installs the hook until the returned function is called (invariant 2): for the imports of the package's
 * entry module, which cannot be wrapped in a function. Holds nest; the outermost release puts back the
 * `_compile` it found, if ours is still the one installed.
 */
export function holdCodeCache(file: string = CODE_CACHE_FILE): () => void {
  if (installedForGood()) return () => {};
  const hook = madeHook(file);
  if (hook === null) return () => {};
  const open = holds.get(hook) ?? 0;
  if (open === 0 && loader.prototype._compile !== hook.compile) {
    hook.previous = loader.prototype._compile;
    loader.prototype._compile = hook.compile;
  }
  holds.set(hook, open + 1);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const left = (holds.get(hook) ?? 1) - 1;
    holds.set(hook, left);
    if (left === 0 && loader.prototype._compile === hook.compile) loader.prototype._compile = hook.previous;
  };
}

/** `load()` with the hook held (invariant 2): for a lazy `require` of the package's own modules. */
export function withCodeCache<T>(load: () => T, file: string = CODE_CACHE_FILE): T {
  const release = holdCodeCache(file);
  try {
    return load();
  } finally {
    release();
  }
}

/** Compiles every module loaded from now on through `vm.Script` and keeps the scripts (invariant 1). */
export function recordCodeCache(): { write(file: string): number } {
  (globalThis as { [INSTALLED]?: boolean })[INSTALLED] = true; // the package's own useCodeCache stays out
  const recorded: { key: string; sha1: string; script: vm.Script }[] = [];
  const original = loader.prototype._compile;
  loader.prototype._compile = function (this: LoadingModule, content: string, filename: string): unknown {
    if (content.startsWith('#!')) return original.call(this, content, filename);
    const { script, run } = compileModule(this, content, filename, undefined, () => false);
    recorded.push({ key: keyOf(filename), sha1: sourceHash(content), script });
    return run();
  };
  return {
    /** Writes the file (through a temporary file, so a starting process never reads half of it); returns its size. */
    write(file: string): number {
      loader.prototype._compile = original;
      const parts: Buffer[] = [];
      const modules: Header['modules'] = {};
      let offset = 0;
      for (const { key, sha1, script } of recorded.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))) {
        const data = script.createCachedData();
        modules[key] = [offset, data.length, sha1];
        parts.push(data);
        offset += data.length;
      }
      const header = Buffer.from(JSON.stringify({ v8: process.versions.v8, modules } satisfies Header), 'utf8');
      const length = Buffer.alloc(4);
      length.writeUInt32LE(header.length, 0);
      const all = Buffer.concat([length, header, ...parts]);
      const temporary = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(temporary, all);
      fs.renameSync(temporary, file);
      return all.length;
    },
  };
}
