/** jest: TypeScript tests beside the code, transpiled by ts-jest without type-checking (tsc does that in `npm run build`). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/src', '<rootDir>/grammar', '<rootDir>/sql-tests', '<rootDir>/tools'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { isolatedModules: true, diagnostics: false }] },
  testTimeout: 60000,
};
