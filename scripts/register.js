// Runs TypeScript sources directly (node -r ./scripts/register.js file.ts): swc compiles each file on load,
// with decorator metadata for NestJS, and @baton/* aliases resolve to sources as in tsconfig.base.json.
const fs = require('node:fs');
const path = require('node:path');
const swc = require('@swc/core');
const tsconfigPaths = require('tsconfig-paths');

const root = path.join(__dirname, '..');
const { compilerOptions } = require(path.join(root, 'tsconfig.base.json'));
tsconfigPaths.register({ baseUrl: root, paths: compilerOptions.paths });
const swcrc = JSON.parse(fs.readFileSync(path.join(root, '.swcrc'), 'utf8'));
delete swcrc.$schema;

require.extensions['.ts'] = function compileTypeScript(module, filename) {
  const source = fs.readFileSync(filename, 'utf8');
  const { code } = swc.transformSync(source, { ...swcrc, filename, swcrc: false, configFile: false });
  module._compile(code, filename);
};
