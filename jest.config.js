/** Unit tests need nothing running; integration tests share one real broker from local/kafka. */
const transform = { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2024' } }] };

module.exports = {
  // Runs once before every project: serverless commands in tests load the plugin's build.
  globalSetup: '<rootDir>/test/build-plugin.ts',
  projects: [
    {
      displayName: 'unit',
      testMatch: ['<rootDir>/test/unit/**/*.test.ts'],
      testEnvironment: 'node',
      transform,
      // Unit tests talk to fake brokers through kafkajs's connections too (the share-group protocol).
      setupFiles: ['<rootDir>/test/helpers/quiet-kafkajs-timers.ts'],
    },
    {
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
      testEnvironment: 'node',
      transform,
      globalSetup: '<rootDir>/test/integration/global-setup.ts',
      globalTeardown: '<rootDir>/test/integration/global-teardown.ts',
      setupFiles: ['<rootDir>/test/helpers/quiet-kafkajs-timers.ts'],
      setupFilesAfterEnv: ['<rootDir>/test/integration/setup-timeout.ts'],
    },
  ],
};
