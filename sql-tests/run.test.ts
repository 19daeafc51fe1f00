/**
 * sql-tests/run.test.ts — jest entry for the SQL suite: one test per `sql-tests/**\/*.test` file per connector,
 * each run by tools/sqltest.ts (`runSqlTestFile`) against a fresh file-backed database. The format is
 * sql-tests/README.md; a failure lists every failing record as `file:line: message` with expected/actual rows.
 *
 * 1. The connector list is the runner's `CONNECTORS`: embedded, and TCP through an in-process pyrrhosvr
 *    (tools/tcp-connector.ts, whose engine thread is compiled code: `npm run build` first).
 * 2. A file must hold at least one statement or query record (an empty file is a mistake, not a pass).
 */
import { relative } from 'node:path';
import { formatFailure } from '../tools/slt-format';
import { CONNECTORS, findSqlTestFiles, runSqlTestFile } from '../tools/sqltest';

const files = findSqlTestFiles(__dirname);

test('the SQL suite has test files', () => {
  expect(files.length).toBeGreaterThan(0);
});

for (const connector of CONNECTORS.values()) {
  describe(connector.name, () => {
    for (const file of files) {
      const name = relative(__dirname, file);
      test(name, async () => {
        const r = await runSqlTestFile(file, { connector });
        expect(r.failures.map((f) => formatFailure({ ...f, file: `sql-tests/${name}` }, true))).toEqual([]);
        expect(r.passed + r.skipped).toBeGreaterThan(0);
      });
    }
  });
}
