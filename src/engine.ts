/**
 * src/engine.ts — what `Database.open` loads on its first call: the engine behind the embedded API.
 *
 * 1. `require('pyrrhodb')` loads only the API's own classes; this module (and through it the parser, the
 *    planner and the storage levels) is loaded by the first `Database.open`, so a program that never opens an
 *    embedded database (a client of pyrrhosvr, say) never pays for it (docs/decisions/0015-lazy-start.md).
 * 2. Values only: src/database.ts imports this module's types statically and its values through `engine()`.
 */
export { checkpointPathFor, FileCheckpointStore } from './level1-datafile/checkpoint-store';
export { MemoryStore } from './level1-datafile/memory-store';
export { NodeFileStore } from './level1-datafile/node-file-store';
export { asSqlError, authenticateLogin, DatabaseFile, Session } from './level4-sql/session';
