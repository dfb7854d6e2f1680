// Writes the project.json of every project from one shape, so targets stay alike.
// Run: node scripts/project-json.js (idempotent; keeps extra targets a project adds by hand).
const fs = require('node:fs');
const path = require('node:path');
const root = path.join(__dirname, '..');
const projects = ['contracts',
  ...['libs', 'services'].flatMap((top) => fs.readdirSync(path.join(root, top)).map((d) => `${top}/${d}`))]
  .filter((d) => fs.statSync(path.join(root, d)).isDirectory());
for (const dir of projects) {
  const name = dir === 'contracts' ? 'contracts' : path.basename(dir);
  const file = path.join(root, dir, 'project.json');
  const existing = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : {};
  const jestEnv = { NODE_OPTIONS: '--experimental-vm-modules --disable-warning=ExperimentalWarning' };
  const targets = {
    lint: { executor: 'nx:run-commands', options: { command: `eslint ${dir}`, cwd: '{workspaceRoot}' } },
    test: { executor: 'nx:run-commands', options: { command: `jest -c ${dir}/jest.config.js --passWithNoTests`, cwd: '{workspaceRoot}', env: jestEnv } },
    'test-int': { executor: 'nx:run-commands', options: { command: `jest -c ${dir}/jest.config.js --runInBand --passWithNoTests`, cwd: '{workspaceRoot}', env: { ...jestEnv, BATON_TEST_KIND: 'int' } } },
  };
  const json = {
    name,
    $schema: path.relative(path.join(root, dir), path.join(root, 'node_modules/nx/schemas/project-schema.json')),
    sourceRoot: `${dir}/src`,
    projectType: dir.startsWith('services/') ? 'application' : 'library',
    tags: [dir.startsWith('services/') ? 'type:service' : 'type:lib'],
    ...existing,
    targets: { ...(existing.targets ?? {}), ...targets },
  };
  fs.writeFileSync(file, JSON.stringify(json, null, 2) + '\n');
  const jestFile = path.join(root, dir, 'jest.config.js');
  if (!fs.existsSync(jestFile)) {
    fs.writeFileSync(jestFile, `module.exports = require('${path.relative(path.join(root, dir), path.join(root, 'jest.preset.js'))}').jestConfig(__dirname);\n`);
  }
}
