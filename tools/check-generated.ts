/**
 * tools/check-generated.ts — fails when a generated file is stale.
 *
 * Runs each generator (`gen-sqlstate`, `gen-keywords`, `gen-cst-dts`, `gen-lookahead`, compiled beside this file in dist/tools)
 * with `--check`, which compares what it would write with what is on disk and exits 1 on a difference.
 * Run by `npm test`; `npm run gen` rewrites the files.
 */
import { spawnSync } from 'child_process';
import * as path from 'path';

const GENERATORS = ['gen-sqlstate.js', 'gen-keywords.js', 'gen-cst-dts.js', 'gen-lookahead.js'];

let failed = false;
for (const gen of GENERATORS) {
  const r = spawnSync(process.execPath, [path.join(__dirname, gen), '--check'], { encoding: 'utf8' });
  if (r.status !== 0) {
    failed = true;
    process.stderr.write(r.stderr || r.stdout || `${gen} --check failed\n`);
  }
}
if (failed) process.exit(1);
console.log('check-generated: generated files are up to date');
