/** tools/check-layers.test.ts — the layer checker maps paths to modules and catches a forbidden edge. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkLayers, moduleOf } from './check-layers';

describe('moduleOf', () => {
  it('maps each directory to its level', () => {
    expect(moduleOf('src/common/errors')).toBe('common');
    expect(moduleOf('src/level1-datafile/log-file')).toBe('level1');
    expect(moduleOf('src/level3-objects/transaction')).toBe('level3');
    expect(moduleOf('src/level4-sql/parse')).toBe('level4-parse');
    expect(moduleOf('src/level4-sql/plan/planner')).toBe('level4');
    expect(moduleOf('grammar/parser/query')).toBe('grammar');
    expect(moduleOf('src/cli/pyrrhocmd')).toBe('pyrrhocmd');
    // the two halves of the embedded transport may reach the engine; the worker's main side may not
    expect(moduleOf('src/client/transports/embedded')).toBe('client-embedded');
    expect(moduleOf('src/client/transports/embedded-worker')).toBe('client-embedded');
    expect(moduleOf('src/client/transports/worker')).toBe('client');
    expect(moduleOf('tools/bench')).toBeNull();
  });
});

describe('checkLayers', () => {
  function tree(files: Record<string, string>): string {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'layers-'));
    for (const [rel, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      fs.writeFileSync(path.join(root, rel), text);
    }
    return root;
  }

  it('accepts downward imports', () => {
    const root = tree({
      'src/common/errors.ts': 'export const x = 1;\n',
      'src/level2-physical/a.ts': "import { x } from '../common/errors';\n",
    });
    expect(checkLayers(root)).toEqual([]);
  });

  it('rejects an upward import and grammar reached around parse.ts', () => {
    const root = tree({
      'src/level2-physical/a.ts': "import { T } from '../level3-objects/transaction';\n",
      'src/level4-sql/plan/p.ts': "import type { Expr } from '../../../grammar/ast/expression';\n",
      'src/level4-sql/parse.ts': "export * from '../../grammar';\n",
    });
    const problems = checkLayers(root);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toContain('level2 may not import level3');
    expect(problems[1]).toContain('level4 may not import grammar');
  });
});
