/**
 * `npm run test:browser`: the console page in Debian's Chromium, driven by playwright-core, on a
 * poller of the suite's own; a broker as for `npm test` (found, or started and stopped again).
 */
const { projects } = require('./jest.config');

module.exports = {
  displayName: 'browser',
  testMatch: ['<rootDir>/test/browser/**/*.test.ts'],
  testEnvironment: 'node',
  transform: projects[0].transform,
  setupFiles: projects[1].setupFiles,
  globalSetup: '<rootDir>/test/browser/global-setup.ts',
  globalTeardown: '<rootDir>/test/integration/global-teardown.ts',
  testTimeout: 120_000,
  maxWorkers: 1,
};
