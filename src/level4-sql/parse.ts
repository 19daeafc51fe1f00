/**
 * src/level4-sql/parse.ts — the only door from Level 4 to `grammar/`: the parser entry points and the AST types.
 *
 * 1. Nothing else under `src/` imports `grammar/` (tools/check-layers.ts enforces it), so a grammar change shows
 *    up here first.
 * 2. The grammar does no name resolution; binding and planning are Level 4's job.
 */
export { parseStatements, parseStatement, parseExpression, namesIn } from '../../grammar';
export type * from '../../grammar';
