// @ts-check
import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import { importX } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

/** Node built-ins, by bare name and with the node: prefix. */
const nodeBuiltins = [
  'assert',
  'buffer',
  'child_process',
  'cluster',
  'crypto',
  'dgram',
  'dns',
  'events',
  'fs',
  'fs/promises',
  'http',
  'http2',
  'https',
  'net',
  'os',
  'path',
  'perf_hooks',
  'process',
  'readline',
  'stream',
  'timers',
  'tls',
  'url',
  'util',
  'v8',
  'vm',
  'worker_threads',
  'zlib',
];

/** Prisma's packages: only the persistence library (and the tools that run its migrations) import them. */
const prismaPackages = ['@prisma/*', 'prisma'];

/**
 * The layers, as Nx project tags (each project.json): which projects a project may import.
 * Workflows run in Temporal's sandbox and see the contracts only; libraries never import an
 * app or workflow code; apps never import each other; tests may import anything.
 */
const layerConstraints = [
  { sourceTag: 'layer:contracts', onlyDependOnLibsWithTags: ['layer:contracts'] },
  { sourceTag: 'layer:workflows', onlyDependOnLibsWithTags: ['layer:contracts'] },
  { sourceTag: 'layer:lib', onlyDependOnLibsWithTags: ['layer:contracts', 'layer:lib', 'layer:data'] },
  // libs/temporal bundles the workflow code (require.resolve of the workflows package).
  { sourceTag: 'layer:temporal', onlyDependOnLibsWithTags: ['layer:contracts', 'layer:lib', 'layer:workflows'] },
  // The API starts workflows typed by a type-only import of their functions.
  { sourceTag: 'layer:app', onlyDependOnLibsWithTags: ['layer:contracts', 'layer:lib', 'layer:temporal', 'layer:workflows'] },
  { sourceTag: 'layer:test', onlyDependOnLibsWithTags: ['*'] },
  { sourceTag: 'layer:tooling', onlyDependOnLibsWithTags: ['layer:contracts', 'layer:lib'] },
  { sourceTag: 'layer:data', onlyDependOnLibsWithTags: [] },
  // The web console runs in the browser and talks to the API over HTTP only (its types are
  // generated from the OpenAPI document): it imports no project of the workspace.
  { sourceTag: 'layer:web', onlyDependOnLibsWithTags: [] },
  { sourceTag: 'db:none', bannedExternalImports: prismaPackages },
];

/** The module-boundaries rule with the layers above, plus imports allowed for some files. */
const moduleBoundaries = (allow = []) => ['error', { enforceBuildableLibDependency: false, allow, depConstraints: layerConstraints }];

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      '.tools/**',
      '.data/**',
      'tmp/**',
      'coverage/**',
      'libs/persistence/src/generated/**',
      '**/*.js',
      '**/*.mjs',
      '**/*.cjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    plugins: { '@nx': nx, 'import-x': importX },
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    settings: {
      // import-x follows .ts files (only .js by default) and resolves the @plancycle/* paths of
      // tsconfig.base.json, so a cycle through a library's index is seen too.
      'import-x/extensions': ['.ts', '.tsx', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: 'tsconfig.base.json' })],
      // Generated code (the Prisma client) holds no cycle of ours and is slow to walk.
      'import-x/ignore': ['node_modules', '/generated/'],
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      '@nx/enforce-module-boundaries': moduleBoundaries(),
    },
  },
  {
    // Specs read the shared plan documents, the test plan and the medium tier's database
    // through the test support (a test-time edge, not a dependency of the library).
    files: ['**/*.spec.ts'],
    rules: {
      '@nx/enforce-module-boundaries': moduleBoundaries([
        '^(\\.\\./)+test/support/(shared-fixtures|medium-database)$',
        '^(\\.\\./)+test/fixtures/two-unit-plan$',
      ]),
    },
  },
  {
    // Tests reach apps and their own support by relative path (neither has a package name);
    // jest's globalSetup runs without the path mapper, so it reaches libraries that way too.
    files: ['test/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': moduleBoundaries(['^(\\.\\./)+(apps|libs)/', '^(\\.\\./)+support/']) },
  },
  {
    // Workflow code runs in Temporal's deterministic sandbox: contracts and the SDK only.
    files: ['workflows/**/*.ts'],
    ignores: ['workflows/**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          // Bare names here; every `node:` specifier is caught by the pattern below.
          paths: nodeBuiltins.map((name) => ({ name, message: 'workflows are deterministic: no Node built-ins (use an activity)' })),
          patterns: [
            { group: ['node:*'], message: 'workflows are deterministic: no Node built-ins (use an activity)' },
            { group: ['@nestjs/*'], message: 'workflows must not import NestJS' },
            { group: ['@prisma/*', 'prisma', '**/generated/prisma/**'], message: 'workflows must not touch the database' },
            { group: ['json-rules-engine'], message: 'rules run in activities, not in workflows' },
            {
              group: ['@temporalio/client', '@temporalio/worker', '@temporalio/activity'],
              message: 'workflows import @temporalio/workflow only',
            },
            {
              group: ['@plancycle/*', '!@plancycle/contracts'],
              message: 'workflows depend on the contracts library only',
            },
            {
              group: ['../../libs/*', '../libs/*', '../../apps/*', '../apps/*'],
              message: 'workflows depend on the contracts library only',
            },
          ],
        },
      ],
    },
  },
  {
    // The web console (a browser app with its own tsconfig): no Node built-ins, no server packages.
    files: ['apps/web/src/**/*.ts', 'apps/web/src/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*', ...nodeBuiltins], message: 'the console runs in the browser' },
            { group: ['@nestjs/*', '@prisma/*', '@temporalio/*', '@plancycle/*'], message: 'the console talks to the API over HTTP only' },
          ],
        },
      ],
    },
  },
  {
    // Only the persistence library talks to Prisma.
    files: ['apps/**/*.ts', 'libs/**/*.ts'],
    ignores: ['libs/persistence/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@prisma/*', '**/generated/prisma/**'], message: 'use a repository from @plancycle/persistence' }] },
      ],
    },
  },
);
