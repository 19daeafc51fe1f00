/**
 * grammar/index.ts — the grammar's public surface: parse functions and AST types. Level 4 reaches it only
 * through `src/level4-sql/parse.ts`.
 */
export { parseExpression, parseStatement, parseStatements } from './parse';
export { namesIn } from './names-in';
export * from './ast/expression';
export * from './ast/query';
export * from './ast/statement';
export * from './ast/trigger';
export * from './ast/window';
export * from './ast/types';
export * from './ast/psm';
export * from './ast/access';
