// Root config: every project's tests in one run (`npx jest`, or BATON_TEST_KIND=int npx jest).
const fs = require('node:fs');
const path = require('node:path');
const dirs = ['contracts', ...['libs', 'services', 'apps'].flatMap((top) =>
  fs.existsSync(path.join(__dirname, top)) ? fs.readdirSync(path.join(__dirname, top)).map((d) => `${top}/${d}`) : [])];
module.exports = {
  // testTimeout is global in multi-project runs; project configs set it for single-project runs.
  testTimeout: process.env.BATON_TEST_KIND === 'int' ? 120_000 : 30_000,
  projects: dirs.filter((d) => fs.existsSync(path.join(__dirname, d, 'jest.config.js'))).map((d) => `<rootDir>/${d}`),
};
