import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { repositoryRoot } from './repository-root';

/**
 * The import boundaries of eslint.config.mjs, checked with the real configuration: workflow
 * code imports only @temporalio/workflow and the contracts library; only the persistence
 * library imports Prisma.
 *
 * ESLint runs in a child process because it loads eslint.config.mjs with a dynamic
 * import, which jest's module sandbox refuses. The samples are linted as text at paths
 * that do not exist, which typed linting cannot resolve, so type-aware rules are switched
 * off there (typescript-eslint's disableTypeChecked); no-restricted-imports is syntactic.
 */

interface Sample {
  code: string;
  filePath: string;
}
interface LintMessage {
  ruleId: string | null;
  message: string;
}

const lintScript = `
const { ESLint } = require('eslint');
const tseslint = require('typescript-eslint');
const samples = JSON.parse(require('node:fs').readFileSync(0, 'utf8'));
(async () => {
  const eslint = new ESLint({ cwd: process.cwd(), overrideConfig: tseslint.configs.disableTypeChecked });
  const results = [];
  for (const sample of samples) {
    const [result] = await eslint.lintText(sample.code, { filePath: sample.filePath });
    results.push(result.messages.map((m) => ({ ruleId: m.ruleId, message: m.message })));
  }
  process.stdout.write(JSON.stringify(results));
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
`;

async function lintSamples(samples: Sample[]): Promise<LintMessage[][]> {
  const run = promisify(execFile)(process.execPath, ['-e', lintScript], {
    cwd: repositoryRoot,
    timeout: 60_000,
    maxBuffer: 16 * 1024 * 1024,
  });
  run.child.stdin?.end(JSON.stringify(samples));
  const { stdout } = await run;
  return JSON.parse(stdout) as LintMessage[][];
}

/** A module that imports `specifier` and uses the import, so only the import can be at fault. */
const importing = (specifier: string) => `import * as imported from '${specifier}';\nexport const used = imported;\n`;

const workflowFile = 'workflows/src/boundary-sample.ts';

const forbiddenInWorkflows: [string, RegExp][] = [
  ['node:fs', /no Node built-ins/],
  ['fs', /no Node built-ins/],
  ['node:worker_threads', /no Node built-ins/],
  ['crypto', /no Node built-ins/],
  ['@nestjs/common', /must not import NestJS/],
  ['@prisma/client', /must not touch the database/],
  ['json-rules-engine', /rules run in activities/],
  ['@temporalio/client', /import @temporalio\/workflow only/],
  ['@temporalio/activity', /import @temporalio\/workflow only/],
  ['@plancycle/persistence', /contracts library only/],
  ['@plancycle/rules', /contracts library only/],
  ['@plancycle/domain', /contracts library only/],
  ['../../libs/domain/src/index', /contracts library only/],
];

const allowedInWorkflows = ['@temporalio/workflow', '@plancycle/contracts', './workflow-helpers'];

const elsewhere: { specifier: string; filePath: string; forbidden: RegExp | null }[] = [
  { specifier: '@prisma/client', filePath: 'libs/domain/src/boundary-sample.ts', forbidden: /use a repository from @plancycle\/persistence/ },
  { specifier: '@prisma/client', filePath: 'apps/api/src/boundary-sample.ts', forbidden: /use a repository from @plancycle\/persistence/ },
  { specifier: '@prisma/adapter-pg', filePath: 'libs/persistence/src/boundary-sample.ts', forbidden: null },
  { specifier: 'node:fs', filePath: 'libs/config/src/boundary-sample.ts', forbidden: null },
  { specifier: 'json-rules-engine', filePath: 'libs/rules/src/boundary-sample.ts', forbidden: null },
  { specifier: '@nestjs/common', filePath: 'apps/api/src/boundary-sample.ts', forbidden: null },
];

describe('import boundaries (eslint.config.mjs)', () => {
  let results: LintMessage[][];
  const samples: Sample[] = [
    ...forbiddenInWorkflows.map(([specifier]) => ({ code: importing(specifier), filePath: workflowFile })),
    ...allowedInWorkflows.map((specifier) => ({ code: importing(specifier), filePath: workflowFile })),
    // A type-only import is still an import of the package.
    { code: "import type { Worker } from '@temporalio/worker';\nexport type W = Worker;\n", filePath: workflowFile },
    ...elsewhere.map(({ specifier, filePath }) => ({ code: importing(specifier), filePath })),
  ];

  beforeAll(async () => {
    results = await lintSamples(samples);
  }, 90_000);

  const messagesFor = (index: number) => results[index] ?? [];

  it.each(forbiddenInWorkflows.map(([specifier, reason], index) => [specifier, reason, index] as const))(
    'refuses %s in workflow code',
    (_specifier, reason, index) => {
      const messages = messagesFor(index);
      expect(messages.length).toBeGreaterThan(0);
      expect(messages.every((m) => m.ruleId === 'no-restricted-imports')).toBe(true);
      expect(messages.map((m) => m.message).join('\n')).toMatch(reason);
    },
  );

  it.each(allowedInWorkflows.map((specifier, index) => [specifier, forbiddenInWorkflows.length + index] as const))(
    'allows %s in workflow code',
    (_specifier, index) => {
      expect(messagesFor(index)).toEqual([]);
    },
  );

  it('refuses a type-only import of the worker SDK in workflow code', () => {
    const messages = messagesFor(forbiddenInWorkflows.length + allowedInWorkflows.length);
    expect(messages.map((m) => m.message).join('\n')).toMatch(/import @temporalio\/workflow only/);
  });

  it.each(elsewhere.map((sample, index) => [sample.specifier, sample.filePath, sample.forbidden, index] as const))(
    'judges %s in %s by the rules of that folder',
    (_specifier, _filePath, forbidden, index) => {
      const messages = messagesFor(forbiddenInWorkflows.length + allowedInWorkflows.length + 1 + index);
      if (forbidden === null) expect(messages).toEqual([]);
      else expect(messages.map((m) => `${m.ruleId}: ${m.message}`).join('\n')).toMatch(forbidden);
    },
  );
});
