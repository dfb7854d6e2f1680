// Resolves @baton/* to the compiled files under dist/ (the image runs compiled JavaScript, not sources).
const path = require('node:path');
const tsconfigPaths = require('tsconfig-paths');
const root = path.join(__dirname, '..');
const { compilerOptions } = require(path.join(root, 'tsconfig.base.json'));
const paths = Object.fromEntries(Object.entries(compilerOptions.paths).map(([alias, [target]]) => [alias, [target.replace(/\.ts$/, '')]]));
tsconfigPaths.register({ baseUrl: path.join(root, 'dist'), paths });
