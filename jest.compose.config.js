/** `npm run test:compose`: docker-compose.yml through Compose itself, where Compose is installed (CI). */
const { projects } = require('./jest.config');

module.exports = {
  displayName: 'compose',
  testMatch: ['<rootDir>/test/compose/**/*.test.ts'],
  testEnvironment: 'node',
  transform: projects[0].transform,
};
