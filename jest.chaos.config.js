/**
 * `npm run test:chaos`: failure-injection scenarios against a Kafka and a DynamoDB Local of the
 * suite's own (test/chaos/global-setup.ts), one scenario at a time on a 2-core machine.
 */
const { projects } = require('./jest.config');

module.exports = {
  displayName: 'chaos',
  testMatch: ['<rootDir>/test/chaos/**/*.test.ts'],
  testEnvironment: 'node',
  transform: projects[0].transform,
  setupFiles: projects[1].setupFiles,
  globalSetup: '<rootDir>/test/chaos/global-setup.ts',
  globalTeardown: '<rootDir>/test/chaos/global-teardown.ts',
  // Each scenario sets its own deadlines; this only stops a run that hangs.
  testTimeout: 900_000,
  maxWorkers: 1,
};
