// The console's component tests: jsdom, TSX through swc (React's automatic runtime).
const path = require('node:path');
const swc = JSON.parse(require('node:fs').readFileSync(path.join(__dirname, '..', '..', '.swcrc'), 'utf8'));
const tsx = { ...swc, jsc: { ...swc.jsc, parser: { syntax: 'typescript', tsx: true }, transform: { react: { runtime: 'automatic' } } } };

module.exports = {
  rootDir: __dirname,
  displayName: 'apps/console',
  testEnvironment: 'jsdom',
  transform: { '^.+\\.(ts|tsx)$': ['@swc/jest', tsx] },
  moduleFileExtensions: ['tsx', 'ts', 'js', 'json'],
  moduleNameMapper: { '\\.css$': '<rootDir>/src/testing/no-style.js' },
  setupFiles: ['<rootDir>/src/testing/jsdom-globals.js'],
  // Its browser tests run against the embedded process (services/embedded/test/console.int.spec.ts).
  testMatch: process.env.BATON_TEST_KIND === 'int' ? ['**/*.int.spec.ts'] : ['**/*.spec.ts', '**/*.spec.tsx'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '\\.int\\.spec\\.ts$'].slice(0, process.env.BATON_TEST_KIND === 'int' ? 2 : 3),
  testTimeout: 30_000,
};
