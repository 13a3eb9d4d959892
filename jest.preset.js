const nxPreset = require('@nx/jest/preset').default;

module.exports = {
  ...nxPreset,
  // Unit tests are *.spec.ts; tests against real PostgreSQL and Redis are *.integration-spec.ts.
  testMatch: ['**/?(*.)+(spec|test).[jt]s?(x)', '**/*.integration-spec.ts'],
};
