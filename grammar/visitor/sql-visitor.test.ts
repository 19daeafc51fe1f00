/**
 * grammar/visitor/sql-visitor.test.ts — the visitor has a method for every rule of the grammar (what
 * Chevrotain's `validateVisitor` checked when the visitor was built; the compile-time check is
 * `implements SqlCstVisitor`).
 */
import { SQL_VISITOR } from './sql-visitor';

test('every rule of the parser has its visitor method', () => {
  expect(() => SQL_VISITOR.validateVisitor()).not.toThrow();
});

test('a visitor missing a rule method fails the check, naming the rule', () => {
  const broken = Object.create(SQL_VISITOR) as typeof SQL_VISITOR;
  Object.defineProperty(broken, 'selectItem', { value: undefined });
  expect(() => broken.validateVisitor()).toThrow(/selectItem/);
});
