/** src/common/version.test.ts — the version the code states is package.json's. */
import * as fs from 'fs';
import * as path from 'path';
import { PRODUCT_VERSION } from './version';

test('PRODUCT_VERSION is package.json version', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string };
  expect(PRODUCT_VERSION).toBe(pkg.version);
});
