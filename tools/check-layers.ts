/**
 * tools/check-layers.ts — enforces the module boundaries of STYLE.md ("what may import what").
 *
 * Reads every `.ts` file under `src/` and `grammar/`, extracts its relative import specifiers, maps the
 * importing and imported files to modules, and fails (exit 1, one line per offending edge) when an edge is
 * not in ALLOWED. Test files (`*.test.ts`) are exempt: a test may assemble the levels it exercises.
 * Run by `npm test` as `node dist/tools/check-layers.js`.
 */
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..');

type Module =
  | 'common'
  | 'level1'
  | 'level2'
  | 'level3'
  | 'level4'
  | 'level4-parse'
  | 'grammar'
  | 'database'
  | 'index'
  | 'protocol'
  | 'server'
  | 'server-engine'
  | 'client'
  | 'client-embedded'
  | 'pyrrhocmd'
  | 'pyrrhosvr';

/** Which modules each module may import (itself always allowed). */
const ALLOWED: Record<Module, readonly Module[]> = {
  common: [],
  level1: ['common'],
  level2: ['level1', 'common'],
  level3: ['level2', 'level1', 'common'],
  level4: ['level4-parse', 'level3', 'level2', 'common'],
  'level4-parse': ['level4', 'grammar', 'level3', 'level2', 'common'],
  grammar: ['common'],
  database: ['level4', 'level4-parse', 'level1', 'common'],
  index: ['database', 'level4', 'common', 'client', 'client-embedded'],
  protocol: ['common'],
  server: ['protocol', 'level4', 'common'],
  // the engine thread runs each client connection as a Database connection, as embedded-worker.ts does
  'server-engine': ['server', 'protocol', 'common', 'database'],
  client: ['protocol', 'common', 'client-embedded'],
  'client-embedded': ['client', 'protocol', 'common', 'database'],
  pyrrhocmd: ['client', 'client-embedded', 'common'],
  pyrrhosvr: ['server', 'common'],
};

/** Maps a repo-relative path (forward slashes, no extension) to its module, or null when unchecked. */
export function moduleOf(rel: string): Module | null {
  if (rel.startsWith('grammar/')) return 'grammar';
  if (!rel.startsWith('src/')) return null;
  const p = rel.slice(4);
  if (p === 'database' || p === 'collection') return 'database'; // collection.ts is database.ts's MongoDB face
  if (p === 'index') return 'index';
  if (p === 'level4-sql/parse') return 'level4-parse';
  if (p === 'cli/pyrrhocmd' || p.startsWith('cli/pyrrhocmd')) return 'pyrrhocmd';
  if (p.startsWith('cli/pyrrhosvr')) return 'pyrrhosvr';
  if (p.startsWith('cli/')) return 'pyrrhocmd';
  // the worker thread's entry is the embedded transport's other half: it runs the same Database there
  if (p === 'server/engine-thread') return 'server-engine';
  if (p === 'client/transports/embedded' || p === 'client/transports/embedded-worker') return 'client-embedded';
  const top = p.split('/')[0] ?? '';
  const map: Record<string, Module> = {
    common: 'common',
    'level1-datafile': 'level1',
    'level2-physical': 'level2',
    'level3-objects': 'level3',
    'level4-sql': 'level4',
    protocol: 'protocol',
    server: 'server',
    client: 'client',
  };
  return map[top] ?? null;
}

function walk(dir: string, out: string[]): void {
  if (!fs.existsSync(dir)) return;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') && !entry.name.endsWith('.d.ts')) out.push(full);
  }
}

const IMPORT_RE = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+['"]([^'"]+)['"]|require\(\s*['"]([^'"]+)['"]\s*\)/g;

/** Returns the offending edges as human-readable lines. */
export function checkLayers(root: string = ROOT): string[] {
  const files: string[] = [];
  walk(path.join(root, 'src'), files);
  walk(path.join(root, 'grammar'), files);
  const problems: string[] = [];
  for (const file of files) {
    const rel = path.relative(root, file).replace(/\\/g, '/').replace(/\.ts$/, '');
    const from = moduleOf(rel);
    if (from === null) continue;
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(IMPORT_RE)) {
      const spec = m[1] ?? m[2] ?? '';
      if (!spec.startsWith('.')) continue;
      const target = path
        .relative(root, path.resolve(path.dirname(file), spec))
        .replace(/\\/g, '/')
        .replace(/\.(ts|js)$/, '')
        .replace(/\/index$/, (s) => (spec.endsWith('index') ? s : s));
      let to = moduleOf(target);
      if (to === null && target.startsWith('grammar')) to = 'grammar';
      if (to === null || to === from) continue;
      if (!ALLOWED[from].includes(to)) problems.push(`${rel}.ts: ${from} may not import ${to} ('${spec}')`);
    }
  }
  return problems;
}

if (require.main === module) {
  const problems = checkLayers();
  for (const p of problems) console.error(p);
  if (problems.length > 0) {
    console.error(`check-layers: ${problems.length} import(s) break the module boundaries in STYLE.md`);
    process.exit(1);
  }
  console.log('check-layers: module boundaries hold');
}
