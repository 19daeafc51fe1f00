/**
 * grammar/parser/lookahead.test.ts — the run-time parser (generated lookahead paths, no grammar checks) parses
 * exactly as a parser built from the grammar with Chevrotain's checks does, and the generated paths are current.
 *
 * The statements are those of sql-tests/ (every statement and query record, errors included), so every
 * decision the suite reaches is compared: same CST, same syntax errors.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { CstElement, CstNode, IToken } from 'chevrotain';
import { tokenize } from '../lexer';
import { serializeLookahead } from './lookahead';
import { LOOKAHEAD } from './lookahead.generated';
import { checkedBuild, SqlParser, sqlParser } from './sql-parser';

const SQL_TESTS = path.resolve(__dirname, '..', '..', 'sql-tests');

function testFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return testFiles(full);
    return e.name.endsWith('.test') ? [full] : [];
  });
}

/** The SQL of every `statement …` and `query …` record of a sqllogictest file. */
function statementsOf(file: string): string[] {
  const out: string[] = [];
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!/^(statement|query)\b/.test(lines[i]!)) continue;
    const sql: string[] = [];
    for (i++; i < lines.length && lines[i]!.trim() !== '' && lines[i] !== '----'; i++) sql.push(lines[i]!);
    out.push(sql.join('\n'));
  }
  return out;
}

/** A CST as plain data: rule names, children by key, tokens as type and image. */
function shape(element: CstElement | undefined): unknown {
  if (element === undefined) return undefined;
  if ('image' in element) {
    const token = element as IToken;
    return `${token.tokenType.name}:${token.image}`;
  }
  const node = element as CstNode;
  const children: Record<string, unknown[]> = {};
  for (const key of Object.keys(node.children).sort()) children[key] = node.children[key]!.map(shape);
  return { name: node.name, children };
}

function parseWith(parser: SqlParser, text: string): unknown {
  parser.input = tokenize(text).tokens;
  let cst: CstNode;
  try {
    cst = parser.statements();
  } catch (e) {
    if (e instanceof RangeError) return 'nested too deeply'; // parse.ts reports 54000
    throw e;
  }
  return { cst: shape(cst), errors: parser.errors.map((e) => `${e.name} at ${e.token.startOffset}: ${e.message}`) };
}

describe('the run-time parser', () => {
  const build = checkedBuild();
  const checked = new SqlParser(build);

  test('gives the same CST and the same errors as a parser built from the grammar, for every sql-tests statement', () => {
    const runtime = sqlParser();
    let compared = 0;
    for (const file of testFiles(SQL_TESTS)) {
      for (const sql of statementsOf(file)) {
        expect({ file, sql, ...(parseWith(runtime, sql) as object) }).toEqual({ file, sql, ...(parseWith(checked, sql) as object) });
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(3000);
  });

  test('reads lookahead paths that are those the grammar gives now (else: node dist/tools/gen-lookahead.js)', () => {
    expect(serializeLookahead(build.lookahead.recorded)).toEqual(LOOKAHEAD);
  });
});
