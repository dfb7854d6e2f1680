// One jest shape for every project: swc for speed (tsc type-checks in the build target),
// @baton/* resolved to sources so tests never need a build first.
const path = require('node:path');
const { compilerOptions } = require('./tsconfig.base.json');

const root = __dirname;
const moduleNameMapper = {};
for (const [alias, [target]] of Object.entries(compilerOptions.paths)) {
  moduleNameMapper[`^${alias.replace('/', '\\/')}$`] = path.join(root, target);
}

/** @param {string} dir the project folder; @param {'unit'|'int'} kind */
function jestConfig(dir, kind = process.env.BATON_TEST_KIND === 'int' ? 'int' : 'unit') {
  return {
    rootDir: dir,
    displayName: path.relative(root, dir) + (kind === 'int' ? ' (int)' : ''),
    testEnvironment: 'node',
    transform: { '^.+\\.ts$': ['@swc/jest', JSON.parse(require('node:fs').readFileSync(path.join(root, '.swcrc'), 'utf8'))] },
    moduleFileExtensions: ['ts', 'js', 'json'],
    moduleNameMapper,
    testMatch: kind === 'int' ? ['**/*.int.spec.ts'] : ['**/*.spec.ts'],
    testPathIgnorePatterns: kind === 'int' ? ['/node_modules/', '/dist/'] : ['/node_modules/', '/dist/', '\\.int\\.spec\\.ts$'],
    setupFiles: [path.join(root, 'jest.setup.js')],
    testTimeout: kind === 'int' ? 120_000 : 30_000,
  };
}
module.exports = { jestConfig };
