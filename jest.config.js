/**
 * One jest config for the four tiers. Tests are selected by path:
 *   unit      libs/**, apps/**, rules/**, workflows/**  (*.spec.ts, pure)
 *   medium    libs/**, apps/**            (*.medium.spec.ts: repositories and activities
 *                                          on a real embedded PostgreSQL, no Temporal)
 *   workflow  test/workflows/**           (real Worker, real Temporal dev server)
 *   e2e       test/e2e/**                 (HTTP, real PostgreSQL and Temporal)
 * TypeScript is compiled by SWC (type checking is the typecheck target's job).
 */
const swcConfig = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};

const moduleNameMapper = {
  '^@plancycle/workflows$': '<rootDir>/workflows/src/index.ts',
  '^@plancycle/(.*)$': '<rootDir>/libs/$1/src/index.ts',
};

const base = {
  // jose 6 ships ES modules only: Node (20.19+) loads it with require(esm), but jest's
  // module system cannot, so SWC turns it into CommonJS for the tests.
  transform: { '^.+\\.ts$': ['@swc/jest', swcConfig], '/node_modules/jose/.+\\.js$': ['@swc/jest', swcConfig] },
  transformIgnorePatterns: ['/node_modules/(?!jose/)'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper,
  testEnvironment: 'node',
};

module.exports = {
  projects: [
    {
      ...base,
      displayName: 'unit',
      testMatch: ['<rootDir>/{libs,apps,rules,workflows}/**/*.spec.ts'],
      testPathIgnorePatterns: ['/node_modules/', '\\.medium\\.spec\\.ts$'],
      setupFiles: ['<rootDir>/test/support/fast-check.setup.ts'],
    },
    {
      ...base,
      displayName: 'medium',
      testMatch: ['<rootDir>/{libs,apps}/**/*.medium.spec.ts'],
      globalSetup: '<rootDir>/test/support/medium-setup.ts',
      globalTeardown: '<rootDir>/test/support/medium-teardown.ts',
    },
    {
      ...base,
      displayName: 'workflow',
      testMatch: ['<rootDir>/test/workflows/**/*.spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
    {
      ...base,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
  ],
};
