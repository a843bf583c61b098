// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Node built-ins, by bare name and with the node: prefix. */
const nodeBuiltins = [
  'assert', 'buffer', 'child_process', 'cluster', 'crypto', 'dgram', 'dns', 'events', 'fs', 'fs/promises',
  'http', 'http2', 'https', 'net', 'os', 'path', 'perf_hooks', 'process', 'readline', 'stream', 'timers',
  'tls', 'url', 'util', 'v8', 'vm', 'worker_threads', 'zlib',
];

export default tseslint.config(
  {
    ignores: [
      'node_modules/**', 'dist/**', '.tools/**', '.data/**', 'tmp/**', 'coverage/**',
      'libs/persistence/src/generated/**', '**/*.js', '**/*.mjs', '**/*.cjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
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
            { group: ['@temporalio/client', '@temporalio/worker', '@temporalio/activity'], message: 'workflows import @temporalio/workflow only' },
            {
              group: ['@plancycle/*', '!@plancycle/contracts'],
              message: 'workflows depend on the contracts library only',
            },
            { group: ['../../libs/*', '../libs/*', '../../apps/*', '../apps/*'], message: 'workflows depend on the contracts library only' },
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
