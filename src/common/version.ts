/**
 * src/common/version.ts — the product's version, as package.json gives it (version.test.ts keeps the two equal):
 * the server names it in its greeting, and SQL's VERSION() returns it.
 */

/** pyrrhodb's version (package.json's `version`). */
export const PRODUCT_VERSION = '0.1.0';

/** What VERSION() and the server say they are: `pyrrhodb 0.1.0`. */
export const PRODUCT_NAME = `pyrrhodb ${PRODUCT_VERSION}`;
