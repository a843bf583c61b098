/**
 * One jest config for the four tiers. Tests are selected by path:
 *   unit      libs/**, apps/**, rules/**, workflows/**  (*.spec.ts, pure)
 *   medium    libs/**, apps/**            (*.medium.spec.ts: repositories and activities
 *                                          on a real embedded PostgreSQL, no Temporal)
 *   workflow  test/workflows/**           (real Worker, real Temporal dev server)
 *   e2e       test/e2e/**                 (HTTP, real PostgreSQL and Temporal)
 *   browser   test/browser/**             (the web console in Debian's Chromium, same stack as e2e)
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

/**
 * ESM-only packages that tests load (jose 6: the API verifies tokens with it): SWC
 * compiles them to CommonJS like our sources; every other package is left as it is.
 * oidc-provider is never loaded by jest: it runs as its own process (apps/identity).
 */
const esmOnlyPackages = ['jose'];
const swcEsmConfig = { ...swcConfig, jsc: { ...swcConfig.jsc, parser: { syntax: 'ecmascript' } }, sourceMaps: false };

const base = {
  transform: {
    '^.+\\.ts$': ['@swc/jest', swcConfig],
    [`/node_modules/(${esmOnlyPackages.join('|')})/.+\\.js$`]: ['@swc/jest', swcEsmConfig],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${esmOnlyPackages.join('|')})/)`],
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
    {
      ...base,
      displayName: 'browser',
      testMatch: ['<rootDir>/test/browser/**/*.spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
  ],
};
